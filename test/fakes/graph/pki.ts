import { execFileSync } from 'node:child_process';
import { createHash, X509Certificate } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A private test CA, a server certificate it signed for 127.0.0.1, and a client (app) certificate. */
export interface TestPki {
  /** The CA certificate, PEM: what a connection trusts through caCertificatePem. */
  caPem: string;
  /** The fake's TLS certificate (SAN IP:127.0.0.1, DNS:localhost) and key. */
  serverCertPem: string;
  serverKeyPem: string;
  /** A self-signed RSA certificate an app registration could hold, with its key and thumbprints. */
  clientCertPem: string;
  clientKeyPem: string;
  /** SHA-1 of the DER, upper-case hex: what the Entra portal shows and msal's clientCertificate.thumbprint takes. */
  clientThumbprintSha1: string;
  clientThumbprintSha256: string;
}

let cached: TestPki | undefined;

function openssl(dir: string, args: string[]): void {
  execFileSync('openssl', args, { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'] });
}

/**
 * Generates the test PKI once per test process, with the openssl command line (node:crypto can
 * make keys but not X.509 certificates). Everything lives in a temporary directory that is removed
 * right away; nothing is reused between runs.
 */
export function testPki(): TestPki {
  if (cached) return cached;
  const dir = mkdtempSync(join(tmpdir(), 'fake-graph-pki-'));
  try {
    openssl(dir, [
      'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes',
      '-keyout', 'ca.key', '-out', 'ca.pem', '-days', '2', '-subj', '/CN=HR Directory Test CA',
      '-addext', 'basicConstraints=critical,CA:TRUE',
      '-addext', 'keyUsage=critical,keyCertSign,cRLSign',
    ]); // prettier-ignore
    openssl(dir, [
      'req', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes',
      '-keyout', 'server.key', '-out', 'server.csr', '-subj', '/CN=127.0.0.1',
    ]); // prettier-ignore
    writeFileSync(
      join(dir, 'server.ext'),
      [
        'basicConstraints=critical,CA:FALSE',
        'keyUsage=critical,digitalSignature',
        'extendedKeyUsage=serverAuth',
        'subjectAltName=IP:127.0.0.1,DNS:localhost',
      ].join('\n'),
    );
    openssl(dir, [
      'x509', '-req', '-in', 'server.csr', '-CA', 'ca.pem', '-CAkey', 'ca.key', '-CAcreateserial',
      '-out', 'server.pem', '-days', '2', '-extfile', 'server.ext',
    ]); // prettier-ignore
    openssl(dir, [
      'req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'client.key', '-out', 'client.pem',
      '-days', '2', '-subj', '/CN=hr-directory-entra-connector',
    ]); // prettier-ignore
    const read = (name: string) => readFileSync(join(dir, name), 'utf8');
    const clientCertPem = read('client.pem');
    const der = new X509Certificate(clientCertPem).raw;
    cached = {
      caPem: read('ca.pem'),
      serverCertPem: read('server.pem'),
      serverKeyPem: read('server.key'),
      clientCertPem,
      clientKeyPem: read('client.key'),
      clientThumbprintSha1: createHash('sha1').update(der).digest('hex').toUpperCase(),
      clientThumbprintSha256: createHash('sha256').update(der).digest('hex').toUpperCase(),
    };
    return cached;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
