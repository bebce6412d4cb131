/**
 * A real OpenLDAP server for the LDAP connector's tests: slapd from the Debian packages, configured
 * from a slapd.conf written here (mdb backend; core, cosine and inetorgperson schemas plus
 * ad-like.schema), loaded offline with slapadd (fast: no per-entry protocol round trips), and
 * started on free ports in a temporary directory that stop() removes.
 *
 * - Binds other than the root DN get at most 500 entries per search (sizelimit 500), but paged
 *   searches may go on to the end (size.prtotal=unlimited): reading everything requires paging.
 * - cn=reader,ou=service can read everything; cn=limited,ou=service may see that ou=people exists
 *   but not search it (a search there answers insufficientAccess, 50); cn=smallpages,ou=service
 *   reads like reader but may ask for at most 100 entries a page (more: adminLimitExceeded, 11).
 * - With tls, slapd also listens for LDAPS and offers StartTLS, with a certificate for 127.0.0.1 and
 *   localhost issued by a CA made for the run (caPem).
 */
import { ChildProcess, execFile, spawn } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { access, constants, copyFile, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { connect, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { delimiter, isAbsolute, join } from 'node:path';
import { promisify } from 'node:util';
import { BASE_DN, buildDataset, Dataset, DEPARTMENTS, GROUPS_DN, PEOPLE_DN } from './dataset';
import { LdifEntry, ldifEntry, ldifReplace } from './ldif';
import { SCIENCE_LDIF } from './science';

const run = promisify(execFile);

const SLAPD = process.env.SLAPD_BIN ?? '/usr/sbin/slapd';
const SLAPADD = process.env.SLAPADD_BIN ?? '/usr/sbin/slapadd';
const SCHEMA_DIR = '/etc/ldap/schema';
const MODULE_DIR = '/usr/lib/ldap';

export interface Credentials {
  dn: string;
  password: string;
}

export interface SlapdServer {
  /** ldap://127.0.0.1:port */
  url: string;
  port: number;
  /** ldaps://127.0.0.1:port when started with tls. */
  ldapsUrl: string | null;
  /** The PEM of the CA that issued the server's certificate, when started with tls. */
  caPem: string | null;
  baseDn: string;
  dataset: Dataset;
  admin: Credentials;
  reader: Credentials;
  limited: Credentials;
  /** Like reader, but paged searches may ask for at most 100 entries a page (size.pr=100). */
  smallPages: Credentials;
  /** Replaces attributes of an entry with ldapmodify, as the administrator (slapd stamps modifyTimestamp). */
  modify(dn: string, replace: Record<string, string[]>): Promise<void>;
  stop(): Promise<void>;
}

export interface SlapdOptions {
  /** Generated people (the escaped-DN ones come on top). */
  users: number;
  tls?: boolean;
  /** Also load science.ldif (see science.ts). */
  science?: boolean;
}

/** {SSHA} userPassword value (salted SHA-1, as slappasswd writes it). */
function ssha(password: string): string {
  const salt = randomBytes(8);
  const digest = createHash('sha1').update(password).update(salt).digest();
  return `{SSHA}${Buffer.concat([digest, salt]).toString('base64')}`;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

function canConnect(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

/** A CA and a server certificate for 127.0.0.1 and localhost, made with the openssl command. */
async function makeCertificates(dir: string): Promise<{ ca: string; cert: string; key: string }> {
  const ca = join(dir, 'ca.pem');
  const caKey = join(dir, 'ca.key');
  const cert = join(dir, 'server.pem');
  const key = join(dir, 'server.key');
  const csr = join(dir, 'server.csr');
  const extensions = join(dir, 'server.ext');
  const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];
  await run('openssl', [
    'req',
    '-x509',
    ...ec,
    '-keyout',
    caKey,
    '-out',
    ca,
    '-days',
    '2',
    '-subj',
    '/CN=LDAP connector test CA',
    '-addext',
    'basicConstraints=critical,CA:TRUE',
    '-addext',
    'keyUsage=critical,keyCertSign,cRLSign',
  ]);
  await run('openssl', ['req', ...ec, '-keyout', key, '-out', csr, '-subj', '/CN=localhost']);
  await writeFile(
    extensions,
    'basicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature\nextendedKeyUsage=serverAuth\nsubjectAltName=IP:127.0.0.1,DNS:localhost\n',
  );
  await run('openssl', [
    'x509',
    '-req',
    '-in',
    csr,
    '-CA',
    ca,
    '-CAkey',
    caKey,
    '-CAcreateserial',
    '-out',
    cert,
    '-days',
    '2',
    '-extfile',
    extensions,
  ]);
  return { ca, cert, key };
}

function baseEntries(accounts: Credentials[]): LdifEntry[] {
  const service = `ou=service,${BASE_DN}`;
  return [
    {
      dn: BASE_DN,
      attributes: { objectClass: ['dcObject', 'organization'], dc: 'example', o: 'Example Corp' },
    },
    { dn: PEOPLE_DN, attributes: { objectClass: 'organizationalUnit', ou: 'people' } },
    ...DEPARTMENTS.map((department) => ({
      dn: `ou=${department},${PEOPLE_DN}`,
      attributes: { objectClass: 'organizationalUnit', ou: department },
    })),
    { dn: GROUPS_DN, attributes: { objectClass: 'organizationalUnit', ou: 'groups' } },
    { dn: service, attributes: { objectClass: 'organizationalUnit', ou: 'service' } },
    ...accounts.map((account) => ({
      dn: account.dn,
      attributes: {
        objectClass: 'person',
        cn: account.dn.slice(3, account.dn.indexOf(',')),
        sn: 'service',
        userPassword: ssha(account.password),
      },
    })),
  ];
}

function slapdConf(
  dir: string,
  accounts: { admin: Credentials; limited: Credentials; smallPages: Credentials },
  tls: { ca: string; cert: string; key: string } | null,
): string {
  const { admin, limited, smallPages } = accounts;
  return [
    `include ${SCHEMA_DIR}/core.schema`,
    `include ${SCHEMA_DIR}/cosine.schema`,
    `include ${SCHEMA_DIR}/inetorgperson.schema`,
    `include ${join(dir, 'ad-like.schema')}`,
    `pidfile ${join(dir, 'slapd.pid')}`,
    `argsfile ${join(dir, 'slapd.args')}`,
    `modulepath ${MODULE_DIR}`,
    'moduleload back_mdb',
    ...(tls
      ? [
          `TLSCACertificateFile ${tls.ca}`,
          `TLSCertificateFile ${tls.cert}`,
          `TLSCertificateKeyFile ${tls.key}`,
        ]
      : []),
    '# 500 entries per search for everyone but the root DN; paged searches may go on to the end.',
    'sizelimit size.soft=500 size.hard=500 size.prtotal=unlimited',
    'database mdb',
    'maxsize 1073741824',
    `suffix "${BASE_DN}"`,
    `rootdn "${admin.dn}"`,
    `rootpw ${ssha(admin.password)}`,
    `directory ${join(dir, 'db')}`,
    `limits dn.exact="${smallPages.dn}" size.soft=500 size.hard=500 size.pr=100 size.prtotal=unlimited`,
    'index objectClass eq',
    'index entryUUID eq',
    'access to attrs=userPassword by anonymous auth by * none',
    `access to dn.subtree="${PEOPLE_DN}" by dn.exact="${limited.dn}" disclose by users read by * none`,
    'access to * by users read by * none',
    '',
  ].join('\n');
}

/** Whether a program can be run: an absolute path, or a name found on PATH. */
async function executable(program: string): Promise<boolean> {
  const candidates = isAbsolute(program)
    ? [program]
    : (process.env.PATH ?? '').split(delimiter).map((directory) => join(directory, program));
  for (const candidate of candidates) {
    try {
      await access(candidate, constants.X_OK);
      return true;
    } catch {
      // not here
    }
  }
  return false;
}

/**
 * Fails with one message naming what is missing, before anything is created: the LDAP tests need
 * OpenLDAP's server and tools (Debian: slapd, ldap-utils) and, for TLS, openssl.
 */
export async function requireOpenLdap(options: { tls?: boolean } = {}): Promise<void> {
  const programs = [SLAPD, SLAPADD, 'ldapmodify', ...(options.tls ? ['openssl'] : [])];
  const missing: string[] = [];
  for (const program of programs) if (!(await executable(program))) missing.push(program);
  if (missing.length === 0) return;
  throw new Error(
    `The LDAP tests run a real OpenLDAP server, and ${missing.join(', ')} ${missing.length === 1 ? 'is' : 'are'} not installed. ` +
      'Install the Debian packages: apt-get install -y slapd ldap-utils openssl (.ci/run does), ' +
      'or point SLAPD_BIN and SLAPADD_BIN at slapd and slapadd.',
  );
}

/** Starts slapd with a generated directory; call stop() when done. */
export async function startSlapd(options: SlapdOptions): Promise<SlapdServer> {
  await requireOpenLdap(options);
  const dir = await mkdtemp(join(tmpdir(), 'hrdir-slapd-'));
  let child: ChildProcess | undefined;
  const killOnExit = () => child?.kill('SIGKILL');
  try {
    await mkdir(join(dir, 'db'));
    await copyFile(join(__dirname, 'ad-like.schema'), join(dir, 'ad-like.schema'));
    const secret = () => randomBytes(12).toString('base64url');
    const admin = { dn: `cn=admin,${BASE_DN}`, password: secret() };
    const reader = { dn: `cn=reader,ou=service,${BASE_DN}`, password: secret() };
    const limited = { dn: `cn=limited,ou=service,${BASE_DN}`, password: secret() };
    const smallPages = { dn: `cn=smallpages,ou=service,${BASE_DN}`, password: secret() };
    // ldapmodify reads the password from a file (-y), not from its command line.
    const adminPasswordFile = join(dir, 'admin.password');
    await writeFile(adminPasswordFile, admin.password, { mode: 0o600 });
    const tls = options.tls ? await makeCertificates(dir) : null;
    const conf = join(dir, 'slapd.conf');
    await writeFile(conf, slapdConf(dir, { admin, limited, smallPages }, tls));

    const dataset = buildDataset({ users: options.users });
    const ldif = join(dir, 'data.ldif');
    await writeFile(
      ldif,
      [...baseEntries([reader, limited, smallPages]), ...dataset.entries].map(ldifEntry).join('') +
        (options.science ? await readFile(SCIENCE_LDIF, 'utf8') : ''),
    );
    await run(SLAPADD, ['-q', '-f', conf, '-l', ldif], { maxBuffer: 16 * 1024 * 1024 });

    const port = await freePort();
    const tlsPort = tls ? await freePort() : null;
    const urls = [`ldap://127.0.0.1:${port}/`, ...(tlsPort ? [`ldaps://127.0.0.1:${tlsPort}/`] : [])];
    // -d 0: stay in the foreground (so that the process is ours to stop) without debug output.
    const started = spawn(SLAPD, ['-f', conf, '-h', urls.join(' '), '-d', '0'], {
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    child = started;
    process.once('exit', killOnExit);
    let stderr = '';
    started.stderr?.on('data', (chunk: Buffer) => {
      stderr = (stderr + chunk.toString()).slice(-4000);
    });
    const exited = new Promise<void>((resolve) => started.once('exit', () => resolve()));
    for (let attempt = 0; ; attempt += 1) {
      if (started.exitCode !== null) throw new Error(`slapd exited (${started.exitCode}): ${stderr}`);
      if ((await canConnect(port)) && (tlsPort === null || (await canConnect(tlsPort)))) break;
      if (attempt > 200) throw new Error(`slapd did not start listening: ${stderr}`);
      await new Promise((resolve) => setTimeout(resolve, 25));
    }

    const url = urls[0].replace(/\/$/, '');
    return {
      url,
      port,
      ldapsUrl: tlsPort ? `ldaps://127.0.0.1:${tlsPort}` : null,
      caPem: tls ? await readFile(tls.ca, 'utf8') : null,
      baseDn: BASE_DN,
      dataset,
      admin,
      reader,
      limited,
      smallPages,
      async modify(dn, replace) {
        const change = ldifReplace(dn, replace);
        await new Promise<void>((resolve, reject) => {
          const tool = execFile(
            'ldapmodify',
            ['-x', '-H', url, '-D', admin.dn, '-y', adminPasswordFile],
            (error, _stdout, stderr) =>
              error ? reject(new Error(`ldapmodify failed: ${stderr}`)) : resolve(),
          );
          tool.stdin?.end(change);
        });
      },
      async stop() {
        process.removeListener('exit', killOnExit);
        if (started.exitCode === null && started.signalCode === null) {
          started.kill('SIGTERM');
          const timer = setTimeout(() => started.kill('SIGKILL'), 5000);
          await exited;
          clearTimeout(timer);
        }
        await rm(dir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    process.removeListener('exit', killOnExit);
    child?.kill('SIGKILL');
    await rm(dir, { recursive: true, force: true });
    throw error;
  }
}
