/**
 * The LDAP connector against a real OpenLDAP server (test/fakes/ldap): 10,000 people plus the
 * escaped-DN ones, read with the OpenLDAP flavor and — through the AD-like schema — with the Active
 * Directory flavor.
 */
import { createServer, Server, Socket } from 'node:net';
import { Client, SizeLimitExceededError } from 'ldapts';
import { ldapConnector, LdapConfig } from '../../src/connectors/ldap';
import { formatDn, normalizeDn, parseDn } from '../../src/connectors/ldap/dn';
import { andFilter, equalityFilter } from '../../src/connectors/ldap/filter';
import {
  ConnectorError,
  DirectoryConnector,
  MemberReference,
  ReadRequest,
  SourceGroup,
  SourceRecordError,
  SourceUser,
} from '../../src/connectors/types';
import { GROUPS_DN, PEOPLE_DN, TestPerson } from '../fakes/ldap/dataset';
import { SlapdServer, startSlapd } from '../fakes/ldap/slapd';

const USERS = 10_000;
const SPECIAL_COUNT = 7;
const TOTAL = USERS + SPECIAL_COUNT;

let server: SlapdServer;

beforeAll(async () => {
  server = await startSlapd({ users: USERS, tls: true });
}, 60_000);

afterAll(async () => {
  await server?.stop();
});

function config(overrides: Record<string, unknown> = {}): LdapConfig {
  return ldapConnector.parseConfig({
    url: server.url,
    bindDn: server.reader.dn,
    bindPassword: server.reader.password,
    baseDn: server.baseDn,
    userBaseDn: PEOPLE_DN,
    groupBaseDn: GROUPS_DN,
    pageSize: 250,
    ...overrides,
  });
}

function connector(overrides: Record<string, unknown> = {}): DirectoryConnector {
  return ldapConnector.create(config(overrides), {});
}

interface Read {
  users: SourceUser[];
  groups: SourceGroup[];
  userPageSizes: number[];
  errors: SourceRecordError[];
  cursor: string | null;
}

/** Reads users then groups, as the sync pipeline does. */
async function readAll(source: DirectoryConnector, request: Partial<ReadRequest> = {}): Promise<Read> {
  const full: ReadRequest = { mode: 'full', cursor: null, signal: new AbortController().signal, ...request };
  const read: Read = { users: [], groups: [], userPageSizes: [], errors: [], cursor: null };
  for await (const page of source.users(full)) {
    read.userPageSizes.push(page.records.length + page.errors.length);
    read.users.push(...page.records);
    read.errors.push(...page.errors);
  }
  for await (const page of source.groups(full)) {
    read.groups.push(...page.records);
    read.errors.push(...page.errors);
  }
  read.cursor = source.nextCursor();
  return read;
}

async function failure(work: Promise<unknown>): Promise<ConnectorError> {
  try {
    await work;
  } catch (error) {
    if (error instanceof ConnectorError) return error;
    throw error;
  }
  throw new Error('expected a ConnectorError');
}

const signal = () => new AbortController().signal;
const byId = <T extends { externalId: string }>(records: T[]) =>
  new Map(records.map((r) => [r.externalId, r]));
const memberIds = (group: SourceGroup | undefined, type: MemberReference['type']) =>
  (group?.members ?? []).filter((member) => member.type === type).map((member) => member.externalId);

describe('LDAP connector against slapd', () => {
  /** One full read per flavor, shared by the tests that look at its results. */
  let openldap: Read;
  let ad: Read;

  beforeAll(async () => {
    openldap = await readAll(connector());
    ad = await readAll(connector({ flavor: 'active_directory', pageSize: 500 }));
  }, 60_000);

  describe('paging', () => {
    it('the server stops an unpaged search at 500 entries; the connector pages past it', async () => {
      const client = new Client({ url: server.url, timeout: 10_000 });
      try {
        await client.bind(server.reader.dn, server.reader.password);
        await expect(
          client.search(PEOPLE_DN, {
            scope: 'sub',
            filter: '(objectClass=inetOrgPerson)',
            attributes: ['1.1'],
          }),
        ).rejects.toBeInstanceOf(SizeLimitExceededError);
      } finally {
        await client.unbind();
      }
      await expect(connector().test(signal())).resolves.toEqual({ userCount: TOTAL });
    });

    it('streams every user page by page, a page at most pageSize', () => {
      expect(openldap.errors).toEqual([]);
      expect(openldap.users).toHaveLength(TOTAL);
      expect(new Set(openldap.users.map((user) => user.externalId)).size).toBe(TOTAL);
      expect(Math.max(...openldap.userPageSizes)).toBeLessThanOrEqual(250);
      expect(openldap.userPageSizes.length).toBeGreaterThanOrEqual(Math.ceil(TOTAL / 250));
    });

    it("refuses a page size above the server's paged-search limit, with what to do", async () => {
      const tooBig = await failure(
        connector({
          bindDn: server.smallPages.dn,
          bindPassword: server.smallPages.password,
          pageSize: 500,
        }).test(signal()),
      );
      expect(tooBig.code).toBe('CONFIGURATION');
      expect(tooBig.message).toMatch(/lower pageSize/);
      const fits = connector({
        bindDn: server.smallPages.dn,
        bindPassword: server.smallPages.password,
        pageSize: 100,
      });
      await expect(fits.test(signal())).resolves.toEqual({ userCount: TOTAL });
    });
  });

  describe('OpenLDAP flavor', () => {
    it('identifies people by entryUUID and maps their attributes', () => {
      const users = byId(openldap.users);
      const person = server.dataset.person('u242');
      expect(users.get(person.entryUUID)).toEqual({
        externalId: person.entryUUID,
        attributes: {
          username: 'user00242',
          email: 'user00242@example.com',
          firstName: 'First242',
          lastName: 'Last242',
          displayName: 'First242 Last242',
          jobTitle: 'Engineer',
          department: 'operations',
          employeeNumber: 'E00242',
          phone: '+1 555 0000242',
          location: 'Berlin',
          customAttributes: { ldapDn: person.dn },
        },
        manager: { kind: 'externalId', value: server.dataset.person('u24').entryUUID },
      });
      // No status: OpenLDAP has no standard "disabled" attribute.
      expect(openldap.users.some((user) => 'status' in user.attributes)).toBe(false);
    });

    it('resolves every manager DN to the manager’s id, whatever spelling the DN uses', () => {
      const users = byId(openldap.users);
      for (const person of server.dataset.people) {
        const user = users.get(person.entryUUID);
        const expected = person.manager
          ? { kind: 'externalId', value: server.dataset.person(person.manager).entryUUID }
          : null;
        expect({ key: person.key, manager: user?.manager }).toEqual({ key: person.key, manager: expected });
      }
    });

    it('lists each group’s complete direct members, groups included, skipping what is not ours', () => {
      const { dataset } = server;
      const groups = new Map(openldap.groups.map((group) => [group.externalId, group]));
      expect(groups.size).toBe(dataset.groups.length);
      for (const expected of dataset.groups) {
        const group = groups.get(expected.entryUUID);
        expect({
          key: expected.key,
          name: group?.attributes.name,
          type: group?.attributes.groupType,
        }).toEqual({
          key: expected.key,
          name: expected.cn,
          type: 'group',
        });
        expect(memberIds(group, 'user').sort()).toEqual(
          expected.users.map((key) => dataset.person(key).entryUUID).sort(),
        );
        expect(memberIds(group, 'group').sort()).toEqual(
          expected.groups.map((key) => dataset.group(key).entryUUID).sort(),
        );
      }
      expect(memberIds(groups.get(dataset.group('dept-engineering').entryUUID), 'user')).toHaveLength(2500);
      // Shared Services has three parents; the cycle A → B → C → A is reported as it is.
      const parentsOfShared = openldap.groups.filter((group) =>
        memberIds(group, 'group').includes(dataset.group('shared').entryUUID),
      );
      expect(parentsOfShared.map((group) => group.attributes.name).sort()).toEqual([
        'Everyone',
        'dept-engineering',
        'dept-sales',
      ]);
      const cycle = ['cycle-a', 'cycle-b', 'cycle-c'].map((key) => dataset.group(key).entryUUID);
      cycle.forEach((id, k) => expect(memberIds(groups.get(id), 'group')).toEqual([cycle[(k + 1) % 3]]));
      // uniqueMember values carry an optional "#'0101'B" suffix.
      expect(memberIds(groups.get(dataset.group('unique-team').entryUUID), 'user')).toHaveLength(2);
    });

    it('round-trips DNs with escaped characters', () => {
      const users = byId(openldap.users);
      for (const person of server.dataset.people.filter((p) => p.key.startsWith('s'))) {
        const user = users.get(person.entryUUID);
        const returned = String(user?.attributes.customAttributes?.ldapDn);
        // slapd returns its own spelling (hex escapes, "cn=Multi Valued+uid=mv1" order…): same name.
        expect({ key: person.key, dn: normalizeDn(returned) }).toEqual({
          key: person.key,
          dn: normalizeDn(person.dn),
        });
        // Parsing and writing back keeps every value exactly.
        expect(parseDn(formatDn(parseDn(returned)))).toEqual(parseDn(returned));
        expect(normalizeDn(formatDn(parseDn(person.dn)))).toBe(normalizeDn(person.dn));
      }
      const leading = users.get(server.dataset.person('s4').entryUUID);
      expect(parseDn(String(leading?.attributes.customAttributes?.ldapDn))[0][0].value).toBe(
        ' Leading and trailing ',
      );
      const multi = users.get(server.dataset.person('s5').entryUUID);
      expect(parseDn(String(multi?.attributes.customAttributes?.ldapDn))[0]).toHaveLength(2);
      const rnd = openldap.groups.find(
        (group) => group.externalId === server.dataset.group('rnd-europe').entryUUID,
      );
      expect(rnd?.attributes.name).toBe('R&D, Europe');
      const everyone = openldap.groups.find((group) => group.attributes.name === 'Everyone');
      expect(memberIds(everyone, 'group')).toContain(rnd?.externalId);
    });
  });

  describe('Active Directory flavor (AD-like schema)', () => {
    it('identifies people by objectGUID in Windows byte order', () => {
      const ids = new Set(ad.users.map((user) => user.externalId));
      expect(ad.errors).toEqual([]);
      expect(ids.size).toBe(TOTAL);
      // Known values: Microsoft's and Atlassian's documented examples, and bytes that are valid UTF-8.
      expect(ids).toContain('35918bc9-196d-40ea-9779-889d79b753f0');
      expect(ids).toContain('e5e19767-b5ec-4f15-960f-865c28c015fa');
      expect(ids).toContain('44434241-4645-4847-494a-4b4c4d4e4f50');
      for (const person of server.dataset.people) expect(ids).toContain(person.guid);
    });

    it('maps userAccountControl bit 2 to suspended, whatever other bits are set', () => {
      const users = byId(ad.users);
      const statusOf = (person: TestPerson) => users.get(person.guid)?.attributes.status;
      const disabled = server.dataset.people.filter((person) => person.disabled);
      expect(disabled.length).toBeGreaterThan(100);
      for (const person of server.dataset.people) {
        expect({ key: person.key, status: statusOf(person) }).toEqual({
          key: person.key,
          status: person.disabled ? 'suspended' : 'active',
        });
      }
      expect(server.dataset.person('s4').userAccountControl).toBe(0x10202);
      expect(server.dataset.person('u0').userAccountControl).toBe(0x10200);
    });

    it('maps AD attributes and resolves managers to GUIDs', () => {
      const users = byId(ad.users);
      const person = server.dataset.person('s2');
      expect(users.get(person.guid)).toEqual({
        externalId: 'e5e19767-b5ec-4f15-960f-865c28c015fa',
        attributes: {
          username: 'quoted',
          email: 'quoted@example.com',
          firstName: null,
          lastName: 'Name',
          displayName: null,
          jobTitle: 'Engineer',
          department: 'Engineering',
          company: 'Example Corp',
          employeeNumber: 'E90002',
          phone: '+1 555 0000000',
          location: 'Paris',
          status: 'active',
          customAttributes: { ldapDn: expect.any(String), userPrincipalName: 'quoted@corp.example.com' },
        },
        // s1, named as CN=SMITH\2C JOHN,OU=PEOPLE,DC=EXAMPLE,DC=COM.
        manager: { kind: 'externalId', value: '35918bc9-196d-40ea-9779-889d79b753f0' },
      });
    });

    it('types groups from groupType: security flag and scope', () => {
      const groups = new Map(ad.groups.map((group) => [group.externalId, group]));
      for (const expected of server.dataset.groups) {
        const group = groups.get(expected.guid);
        const security = expected.groupType < 0;
        expect({ key: expected.key, ...group?.attributes, customAttributes: undefined }).toMatchObject({
          key: expected.key,
          isSecurityGroup: security,
          groupType: security ? 'security' : 'distribution',
        });
        expect(memberIds(group, 'group').sort()).toEqual(
          expected.groups.map((key) => server.dataset.group(key).guid).sort(),
        );
      }
      const everyone = ad.groups.find((group) => group.attributes.name === 'Everyone');
      expect(everyone?.attributes.customAttributes).toMatchObject({ groupScope: 'universal' });
    });
  });

  describe('filters', () => {
    const count = (userFilter: string) => connector({ userFilter }).test(signal());

    it('a value cannot widen the search', async () => {
      const malicious = '*)(uid=*';
      await expect(
        count(andFilter('(objectClass=inetOrgPerson)', equalityFilter('uid', malicious))),
      ).resolves.toEqual({ userCount: 0 });
      // What the escaping prevents: pasted in as it is, the value matches everyone.
      await expect(count(`(&(objectClass=inetOrgPerson)(uid=${malicious}))`)).resolves.toEqual({
        userCount: TOTAL,
      });
      await expect(count(equalityFilter('uid', 'user00042'))).resolves.toEqual({ userCount: 1 });
    });

    it('a configured filter must be exactly one filter', () => {
      expect(() => config({ userFilter: '(uid=*)(uid=*' })).toThrow(/is not an LDAP filter/);
      expect(() => config({ userFilter: '(objectClass=*))(|(uid=*' })).toThrow(/userFilter/);
    });

    it('matches non-ASCII values, written as text or as escaped UTF-8', async () => {
      await expect(count(equalityFilter('cn', 'Ünïcødé Ñame'))).resolves.toEqual({ userCount: 1 });
      await expect(count('(cn=\\c3\\9cn\\c3\\afc\\c3\\b8d\\c3\\a9 \\c3\\91ame)')).resolves.toEqual({
        userCount: 1,
      });
    });
  });

  describe('failures', () => {
    it('a wrong password is AUTH, and the message does not carry it', async () => {
      const error = await failure(connector({ bindPassword: 'wrong-password-123' }).test(signal()));
      expect(error.code).toBe('AUTH');
      expect(error.retryable).toBe(false);
      expect(error.message).toMatch(/refused the bind as cn=reader/);
      expect(error.message).not.toContain('wrong-password-123');
    });

    it('a base DN that does not exist is NOT_FOUND', async () => {
      const error = await failure(connector({ userBaseDn: `ou=nowhere,${server.baseDn}` }).test(signal()));
      expect(error.code).toBe('NOT_FOUND');
      expect(error.message).toMatch(/ou=nowhere,dc=example,dc=com does not exist/);
      const users = connector({
        baseDn: 'dc=elsewhere,dc=org',
        userBaseDn: undefined,
        groupBaseDn: undefined,
      });
      await expect(readAll(users)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    });

    it('an account that may not search the base is PERMISSION', async () => {
      const error = await failure(
        connector({ bindDn: server.limited.dn, bindPassword: server.limited.password }).test(signal()),
      );
      expect(error.code).toBe('PERMISSION');
    });

    it('a closed port is TEMPORARY', async () => {
      const closed = await new Promise<number>((resolve) => {
        const probe = createServer().listen(0, '127.0.0.1', () => {
          const address = probe.address();
          probe.close(() => resolve(typeof address === 'object' && address ? address.port : 1));
        });
      });
      const error = await failure(connector({ url: `ldap://127.0.0.1:${closed}` }).test(signal()));
      expect(error).toMatchObject({ code: 'TEMPORARY', retryable: true });
      expect(error.message).toMatch(/could not be reached \(ECONNREFUSED\)/);
    });

    it('a server that never answers is TEMPORARY after timeoutMs', async () => {
      const sockets = new Set<Socket>();
      const silent: Server = createServer((socket) => sockets.add(socket));
      await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
      const address = silent.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      try {
        const started = Date.now();
        const error = await failure(
          connector({ url: `ldap://127.0.0.1:${port}`, timeoutMs: 1000 }).test(signal()),
        );
        expect(error.code).toBe('TEMPORARY');
        expect(error.message).toMatch(/within 1000 ms/);
        expect(Date.now() - started).toBeLessThan(5000);
      } finally {
        for (const socket of sockets) socket.destroy();
        await new Promise<void>((resolve) => silent.close(() => resolve()));
      }
    });

    it('stops when the sync is aborted, without calling it a failure of the source', async () => {
      const controller = new AbortController();
      const pages = connector().users({ mode: 'full', cursor: null, signal: controller.signal });
      const iterator = pages[Symbol.asyncIterator]();
      await iterator.next();
      controller.abort();
      await expect(iterator.next()).rejects.toMatchObject({ name: 'AbortError' });
    });
  });

  describe('TLS', () => {
    it('reads over LDAPS with the CA given', async () => {
      const tls = connector({ url: server.ldapsUrl, caCertificatePem: server.caPem });
      await expect(tls.test(signal())).resolves.toEqual({ userCount: TOTAL });
    });

    it('upgrades with StartTLS', async () => {
      const tls = connector({ startTls: true, caCertificatePem: server.caPem });
      await expect(tls.test(signal())).resolves.toEqual({ userCount: TOTAL });
    });

    it('refuses an untrusted certificate as CONFIGURATION, saying what to set', async () => {
      for (const overrides of [{ url: server.ldapsUrl }, { startTls: true }]) {
        const error = await failure(connector(overrides).test(signal()));
        expect(error.code).toBe('CONFIGURATION');
        expect(error.message).toMatch(/certificate is not trusted .*caCertificatePem/);
      }
    });

    it('LDAPS to a port that speaks plain LDAP is CONFIGURATION', async () => {
      const error = await failure(
        connector({ url: server.url.replace('ldap://', 'ldaps://'), timeoutMs: 3000 }).test(signal()),
      );
      expect(error.message).toMatch(/during the TLS handshake; check that the port speaks LDAPS/);
      expect(error.code).toBe('CONFIGURATION');
    });
  });

  describe('incremental', () => {
    it('OpenLDAP: reads what changed since the cursor (modifyTimestamp), groups with complete members', async () => {
      expect(JSON.parse(openldap.cursor ?? 'null')).toMatchObject({ kind: 'time', next: '20240101000001Z' });
      const { dataset } = server;
      const changed = [dataset.person('u42'), dataset.person('u43'), dataset.person('s1')];
      for (const person of changed) await server.modify(person.dn, { title: ['Head of Incremental'] });
      await server.modify(dataset.group('cycle-a').dn, { description: ['Changed'] });

      const before = Date.now();
      const delta = await readAll(connector(), { mode: 'incremental', cursor: openldap.cursor });
      expect(delta.users.map((user) => user.externalId).sort()).toEqual(
        changed.map((person) => person.entryUUID).sort(),
      );
      expect(delta.users.every((user) => user.attributes.jobTitle === 'Head of Incremental')).toBe(true);
      // Changed people still get their manager resolved.
      expect(delta.users.find((user) => user.externalId === dataset.person('s1').entryUUID)?.manager).toEqual(
        {
          kind: 'externalId',
          value: dataset.person('u0').entryUUID,
        },
      );
      expect(delta.groups).toHaveLength(1);
      expect(delta.groups[0]).toMatchObject({
        externalId: dataset.group('cycle-a').entryUUID,
        attributes: { description: 'Changed' },
        members: [
          { type: 'user', externalId: dataset.person('u7').entryUUID },
          { type: 'group', externalId: dataset.group('cycle-b').entryUUID },
        ],
      });
      // The changes are recent: the next cursor re-reads the overlap window rather than skipping ahead.
      const next = JSON.parse(delta.cursor ?? 'null') as { next: string };
      expect(next.next > '20240101000001Z').toBe(true);
      expect(next.next <= new Date(before).toISOString().replace(/[-T:]/g, '').slice(0, 14) + 'Z').toBe(true);
    });

    it('AD: reads what changed since the cursor (uSNChanged)', async () => {
      // No highestCommittedUSN in slapd's root DSE: the cursor follows the highest uSNChanged seen.
      expect(JSON.parse(ad.cursor ?? 'null')).toMatchObject({
        kind: 'usn',
        next: String(1000 + TOTAL),
        dc: null,
      });
      const person = server.dataset.person('u100');
      await server.modify(person.dn, { title: ['Changed in AD'], uSNChanged: ['20000'] });
      const source = connector({ flavor: 'active_directory', pageSize: 500 });
      const delta = await readAll(source, { mode: 'incremental', cursor: ad.cursor });
      expect(delta.users.map((user) => [user.externalId, user.attributes.jobTitle])).toEqual([
        [person.guid, 'Changed in AD'],
      ]);
      expect(delta.groups).toEqual([]);
      expect(JSON.parse(delta.cursor ?? 'null')).toMatchObject({ kind: 'usn', next: '20001' });
    });

    it('a cursor made for other settings expires, so that the engine runs a full sync', async () => {
      const source = connector({ flavor: 'active_directory', pageSize: 500 });
      const error = await failure(readAll(source, { mode: 'incremental', cursor: openldap.cursor }));
      expect(error.code).toBe('CURSOR_EXPIRED');
      const narrowed = connector({ userFilter: '(objectClass=person)' });
      await expect(readAll(narrowed, { mode: 'incremental', cursor: openldap.cursor })).rejects.toMatchObject(
        {
          code: 'CURSOR_EXPIRED',
        },
      );
    });
  });
});
