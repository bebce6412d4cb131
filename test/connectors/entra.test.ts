import { ZodError } from 'zod';
import { EntraConnector, entraConnector, EntraConfig } from '../../src/connectors/entra';
import { GroupAssembler, mapGroup, mapUser } from '../../src/connectors/entra/entra-mapping';
import { RetryPolicy } from '../../src/connectors/entra/graph-client';
import { graphScope } from '../../src/connectors/entra/token';
import { parseRetryAfter } from '../../src/connectors/http';
import {
  ConnectorError,
  ReadRequest,
  SourceGroup,
  SourcePage,
  SourceRecordError,
  SourceUser,
} from '../../src/connectors/types';
import { DirectorySource } from '../../src/entities/enums';
import {
  FakeGraph,
  FakeRequest,
  guestId,
  personId,
  SeededOrganization,
  seedOrganization,
  testPki,
} from '../fakes/graph';

// ---------------------------------------------------------------------------------------------
// Helpers

/** Waits that keep the suite fast; the real policy waits seconds. */
const FAST: RetryPolicy = { maxThrottleRetries: 5, maxTemporaryRetries: 2, backoffMs: 10, maxWaitMs: 5_000 };

function connectorFor(
  fake: FakeGraph,
  overrides: Record<string, unknown> = {},
  retry: RetryPolicy = FAST,
): EntraConnector {
  return new EntraConnector(entraConnector.parseConfig(fake.config(overrides)), { retry });
}

function request(
  mode: 'full' | 'incremental',
  cursor: string | null = null,
  signal = new AbortController().signal,
): ReadRequest {
  return { mode, cursor, signal };
}

interface Read {
  users: SourceUser[];
  groups: SourceGroup[];
  errors: SourceRecordError[];
  userPages: number;
  cursor: string | null;
}

/** Reads as the engine does: users() to the end, then groups(), then nextCursor(). */
async function readAll(connector: EntraConnector, read: ReadRequest): Promise<Read> {
  const result: Read = { users: [], groups: [], errors: [], userPages: 0, cursor: null };
  for await (const page of connector.users(read) as AsyncIterable<SourcePage<SourceUser>>) {
    result.userPages += 1;
    result.users.push(...page.records);
    result.errors.push(...page.errors);
  }
  for await (const page of connector.groups(read)) {
    result.groups.push(...page.records);
    result.errors.push(...page.errors);
  }
  result.cursor = connector.nextCursor();
  return result;
}

async function failure(promise: Promise<unknown>): Promise<ConnectorError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof ConnectorError) return error;
    throw error;
  }
  throw new Error('expected a ConnectorError');
}

const byId = <T extends { externalId: string }>(records: T[]) =>
  Object.fromEntries(records.map((record) => [record.externalId, record])) as Record<string, T>;

const GUID = '2b1f3c44-1d2e-4f5a-9b6c-7d8e9f0a1b2c';

// ---------------------------------------------------------------------------------------------

describe('entra connector: configuration', () => {
  const base = {
    tenantId: GUID,
    clientId: '9f8e7d6c-5b4a-4c3d-8e2f-1a0b9c8d7e6f',
    clientSecret: 'Zx8Q~secret-value-123',
  };

  it('fills in the defaults, and a stored configuration parses again unchanged', () => {
    const parsed = entraConnector.parseConfig(base);
    expect(parsed).toEqual({
      ...base,
      authorityHost: 'https://login.microsoftonline.com',
      graphBaseUrl: 'https://graph.microsoft.com/v1.0',
      pageSize: 999,
      timeoutMs: 30000,
      includeGuests: true,
    });
    expect(entraConnector.parseConfig(parsed)).toEqual(parsed);
    expect(entraConnector.source).toBe(DirectorySource.AZURE_AD);
    expect(entraConnector.secretFields).toEqual(['clientSecret', 'certificate']);
  });

  it('takes a certificate instead of a secret, and normalises the thumbprint', () => {
    const pki = testPki();
    const colons = pki.clientThumbprintSha1.toLowerCase().match(/../g)!.join(':');
    const parsed = entraConnector.parseConfig({
      tenantId: 'contoso.onmicrosoft.com',
      clientId: base.clientId,
      certificate: { privateKeyPem: pki.clientKeyPem, thumbprint: colons },
    });
    expect(parsed.certificate?.thumbprint).toBe(pki.clientThumbprintSha1);
    expect(parsed.clientSecret).toBeUndefined();
  });

  it.each([
    [{ ...base, clientSecret: undefined }, /give one credential: clientSecret or certificate/],
    [
      { ...base, certificate: { privateKeyPem: testPki().clientKeyPem, thumbprint: 'A'.repeat(40) } },
      /not both/,
    ],
    [{ ...base, tenantId: 'common' }, /tenantId: must name one tenant/],
    [{ ...base, tenantId: 'not a tenant' }, /tenantId: must be the directory \(tenant\) id/],
    [{ ...base, clientId: 'my-app' }, /clientId: must be the application \(client\) id, a GUID/],
    [{ ...base, authorityHost: 'http://login.microsoftonline.com' }, /authorityHost: must be an https URL/],
    [
      { ...base, authorityHost: 'https://login.microsoftonline.com/tenant' },
      /authorityHost: must be the host only/,
    ],
    [{ ...base, graphBaseUrl: 'https://graph.microsoft.com/v1.0?x=1' }, /graphBaseUrl: must not contain/],
    [{ ...base, pageSize: 1000 }, /pageSize: must be a whole number from 1 to 999/],
    [{ ...base, timeoutMs: 10 }, /timeoutMs: must be at least 1000 ms/],
    [{ ...base, caCertificatePem: 'nope' }, /caCertificatePem: must be a PEM CA certificate/],
    [
      { ...base, certificate: { privateKeyPem: 'x', thumbprint: 'ABC' }, clientSecret: undefined },
      /certificate.privateKeyPem: is not a readable/,
    ],
    [
      {
        ...base,
        certificate: { privateKeyPem: testPki().clientKeyPem, thumbprint: 'xyz' },
        clientSecret: undefined,
      },
      /certificate.thumbprint: must be the certificate thumbprint/,
    ],
    [{ ...base, proxy: 'http://proxy' }, /Unrecognized key/],
  ])('refuses an invalid configuration, naming the field (%#)', (input, message) => {
    let error: unknown;
    try {
      entraConnector.parseConfig(JSON.parse(JSON.stringify(input)));
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ZodError);
    const issues = (error as ZodError).issues
      .map((issue) => `${issue.path.join('.')}: ${issue.message}`)
      .join('; ');
    expect(issues).toMatch(message);
  });

  it('never quotes a secret or a key in what it says about a bad configuration', () => {
    const key = testPki().clientKeyPem;
    for (const input of [
      { ...base, clientSecret: 42 },
      {
        ...base,
        certificate: { privateKeyPem: key.slice(0, 200), thumbprint: 'A'.repeat(40) },
        clientSecret: undefined,
      },
      { ...base, tenantId: base.clientSecret },
    ]) {
      try {
        entraConnector.parseConfig(JSON.parse(JSON.stringify(input)));
        throw new Error('expected a ZodError');
      } catch (error) {
        const said = JSON.stringify((error as ZodError).issues);
        expect(said).not.toContain(base.clientSecret);
        expect(said).not.toContain(key.slice(40, 120));
      }
    }
  });

  it('derives the token scope from the Graph origin (sovereign clouds included)', () => {
    expect(graphScope('https://graph.microsoft.com/v1.0')).toBe('https://graph.microsoft.com/.default');
    expect(graphScope('https://graph.microsoft.us/v1.0')).toBe('https://graph.microsoft.us/.default');
    expect(graphScope('https://microsoftgraph.chinacloudapi.cn/v1.0')).toBe(
      'https://microsoftgraph.chinacloudapi.cn/.default',
    );
  });

  it('reads Retry-After as seconds or as a date', () => {
    expect(parseRetryAfter('3')).toBe(3000);
    expect(
      parseRetryAfter(
        new Date(Date.parse('2030-01-01T00:00:10Z')).toUTCString(),
        Date.parse('2030-01-01T00:00:00Z'),
      ),
    ).toBe(10_000);
    expect(parseRetryAfter(null)).toBeUndefined();
    expect(parseRetryAfter('soon')).toBeUndefined();
  });
});

describe('entra connector: mapping Graph objects', () => {
  const full = { mode: 'full' as const, includeGuests: true };
  const incremental = { mode: 'incremental' as const, includeGuests: true };
  const ok = (mapped: ReturnType<typeof mapUser>): SourceUser | null => {
    if (!mapped.ok) throw new Error(mapped.error.message);
    return mapped.user;
  };

  it('maps a complete user', () => {
    const user = ok(
      mapUser(
        {
          id: 'u1',
          displayName: 'Adele Vance',
          givenName: 'Adele',
          surname: 'Vance',
          mail: 'AdeleV@Contoso.com',
          userPrincipalName: 'adelev@contoso.onmicrosoft.com',
          jobTitle: 'Retail Manager',
          department: 'Retail',
          companyName: 'Contoso',
          employeeId: '1234',
          employeeType: 'Contractor',
          officeLocation: '18/2111',
          businessPhones: ['+1 425 555 0109'],
          mobilePhone: null,
          accountEnabled: false,
          userType: 'Member',
          onPremisesSamAccountName: 'adelev',
          onPremisesImmutableId: 'aW1tdXRhYmxl',
          onPremisesExtensionAttributes: { extensionAttribute1: 'CC-7', extensionAttribute2: null },
          usageLocation: 'US',
          employeeHireDate: '2019-04-01T00:00:00Z',
          employeeLeaveDateTime: '2025-06-30T17:00:00Z',
          createdDateTime: '2019-03-20T10:00:00Z',
          'manager@delta': [{ '@odata.type': '#microsoft.graph.user', id: 'm1' }],
        },
        full,
      ),
    );
    expect(user).toEqual({
      externalId: 'u1',
      attributes: {
        idpId: 'u1',
        displayName: 'Adele Vance',
        firstName: 'Adele',
        lastName: 'Vance',
        email: 'adelev@contoso.com',
        username: 'adelev@contoso.onmicrosoft.com',
        jobTitle: 'Retail Manager',
        department: 'Retail',
        company: 'Contoso',
        employeeNumber: '1234',
        employmentType: 'contractor',
        location: '18/2111',
        phone: '+1 425 555 0109',
        status: 'suspended',
        startDate: '2019-04-01',
        terminationDate: '2025-06-30',
        customAttributes: {
          userType: 'Member',
          employeeType: 'Contractor',
          mobilePhone: null,
          usageLocation: 'US',
          onPremisesSamAccountName: 'adelev',
          onPremisesImmutableId: 'aW1tdXRhYmxl',
          createdDateTime: '2019-03-20T10:00:00Z',
          onPremisesExtensionAttributes: { extensionAttribute1: 'CC-7' },
        },
      },
      manager: { kind: 'externalId', value: 'm1' },
    });
  });

  it('sets only the attributes whose properties are present (partial delta objects)', () => {
    const user = ok(mapUser({ id: 'u1', jobTitle: 'Lead', department: null }, incremental));
    expect(user).toEqual({
      externalId: 'u1',
      attributes: { idpId: 'u1', jobTitle: 'Lead', department: null },
    });
    expect(user).not.toHaveProperty('manager'); // not stated: left alone
  });

  it('uses the UPN when there is no mailbox, and never clears the email', () => {
    expect(
      ok(mapUser({ id: 'u', mail: null, userPrincipalName: 'Ann@Contoso.com' }, full))?.attributes.email,
    ).toBe('ann@contoso.com');
    expect(ok(mapUser({ id: 'u', mail: null }, incremental))?.attributes).not.toHaveProperty('email');
  });

  it('does not let a null leave date (unreadable without User-LifeCycleInfo.Read.All) clear a termination date', () => {
    expect(ok(mapUser({ id: 'u', employeeLeaveDateTime: null }, full))?.attributes).not.toHaveProperty(
      'terminationDate',
    );
  });

  it('maps known employee types and keeps unknown ones only as custom attributes', () => {
    expect(ok(mapUser({ id: 'u', employeeType: 'Employee' }, full))?.attributes.employmentType).toBe(
      'full_time',
    );
    const vendor = ok(mapUser({ id: 'u', employeeType: 'Board member' }, full))?.attributes;
    expect(vendor?.employmentType).toBeNull();
    expect(vendor?.customAttributes).toEqual({ employeeType: 'Board member' });
  });

  it('reads the manager from manager@delta: set, removed, or (in a full round) absent', () => {
    expect(ok(mapUser({ id: 'u' }, full))?.manager).toBeNull();
    expect(ok(mapUser({ id: 'u' }, incremental))?.manager).toBeUndefined();
    const removed = {
      id: 'u',
      'manager@delta': [
        { '@odata.type': '#microsoft.graph.user', id: 'm1', '@removed': { reason: 'deleted' } },
      ],
    };
    expect(ok(mapUser(removed, incremental))?.manager).toBeNull();
    expect(ok(mapUser({ id: 'u', 'manager@delta': [] }, incremental))?.manager).toBeNull();
  });

  it('reports deletions in incremental reads and ignores them in full ones', () => {
    const deleted = { id: 'u9', '@removed': { reason: 'changed' } };
    expect(ok(mapUser(deleted, incremental))).toEqual({ externalId: 'u9', attributes: {}, removed: true });
    expect(ok(mapUser(deleted, full))).toBeNull();
  });

  it('keeps guests and marks them, or leaves them out (removing them in incremental reads)', () => {
    const guest = { id: 'g1', userType: 'Guest', mail: 'g@partner.test' };
    expect(ok(mapUser(guest, full))?.attributes.customAttributes).toEqual({ userType: 'Guest' });
    expect(ok(mapUser(guest, { mode: 'full', includeGuests: false }))).toBeNull();
    expect(ok(mapUser(guest, { mode: 'incremental', includeGuests: false }))).toMatchObject({
      removed: true,
    });
  });

  it('turns unreadable objects into record errors', () => {
    expect(mapUser({ displayName: 'no id' }, full)).toEqual({
      ok: false,
      error: { message: 'a user without an id' },
    });
    expect(mapUser({ id: 'u', displayName: 7 }, full)).toEqual({
      ok: false,
      error: { externalId: 'u', message: 'user u: displayName must be a string' },
    });
    expect(mapGroup({ id: 'g', 'members@delta': {} })).toMatchObject({ ok: false });
  });

  it.each([
    [{ securityEnabled: true, mailEnabled: false, groupTypes: [] }, 'security'],
    [{ securityEnabled: false, mailEnabled: true, groupTypes: [] }, 'distribution'],
    [{ securityEnabled: false, mailEnabled: true, groupTypes: ['Unified'] }, 'team'],
    [{ securityEnabled: true, mailEnabled: true, groupTypes: [] }, 'group'],
    [{ securityEnabled: true, mailEnabled: false, groupTypes: ['DynamicMembership'] }, 'security'],
  ])('derives the group type from %j', (flags, type) => {
    const mapped = mapGroup({ id: 'g', displayName: 'G', ...flags });
    expect(mapped.ok && mapped.chunk.attributes.groupType).toBe(type);
    expect(mapped.ok && mapped.chunk.attributes.isSecurityGroup).toBe(flags.securityEnabled);
  });

  it('keeps users and nested groups as members, and leaves devices and contacts out', () => {
    const mapped = mapGroup({
      id: 'g',
      'members@delta': [
        { '@odata.type': '#microsoft.graph.user', id: 'u1' },
        { '@odata.type': '#microsoft.graph.group', id: 'g2' },
        { '@odata.type': '#microsoft.graph.device', id: 'd1' },
        { '@odata.type': '#microsoft.graph.orgContact', id: 'c1' },
        { '@odata.type': '#microsoft.graph.user', id: 'u2', '@removed': { reason: 'deleted' } },
      ],
    });
    expect(mapped.ok && mapped.chunk.members).toEqual([
      { member: { type: 'user', externalId: 'u1' }, removed: false },
      { member: { type: 'group', externalId: 'g2' }, removed: false },
      { member: { type: 'user', externalId: 'u2' }, removed: true },
    ]);
  });

  it('puts a group split over pages back together, and hands it on once a page no longer mentions it', () => {
    const member = (id: string, removed = false) => ({
      '@odata.type': '#microsoft.graph.user',
      id,
      ...(removed ? { '@removed': { reason: 'deleted' } } : {}),
    });
    const full = new GroupAssembler('full');
    const first = full.add([
      mapGroup({ id: 'a', displayName: 'A' }),
      mapGroup({ id: 'big', displayName: 'Big', 'members@delta': [member('u1'), member('u2')] }),
    ]);
    expect(first.records).toEqual([]); // held until the next page
    const second = full.add([mapGroup({ id: 'big', displayName: 'Big', 'members@delta': [member('u3')] })]);
    expect(second.records).toEqual([
      { externalId: 'a', attributes: { displayName: 'A', name: 'A' }, members: [] },
    ]);
    const third = full.add([mapGroup({ id: 'c', displayName: 'C' })]);
    expect(third.records.map((group) => [group.externalId, group.members?.map((m) => m.externalId)])).toEqual(
      [['big', ['u1', 'u2', 'u3']]],
    );
    const late = full.add([mapGroup({ id: 'big', 'members@delta': [member('u4')] })]);
    expect(late.errors[0]).toMatchObject({
      externalId: 'big',
      message: expect.stringMatching(/came back later/),
    });
    expect(late.records.map((group) => group.externalId)).toEqual(['c']);
    expect(full.flush()).toEqual([]);

    const delta = new GroupAssembler('incremental');
    delta.add([mapGroup({ id: 'big', 'members@delta': [member('u1'), member('u2', true)] })]);
    delta.add([
      mapGroup({ id: 'big', 'members@delta': [member('u5')] }),
      mapGroup({ id: 'gone', '@removed': { reason: 'changed' } }),
    ]);
    expect(delta.flush()).toEqual([
      {
        externalId: 'big',
        attributes: {},
        memberChanges: {
          added: [
            { type: 'user', externalId: 'u1' },
            { type: 'user', externalId: 'u5' },
          ],
          removed: [{ type: 'user', externalId: 'u2' }],
        },
      },
      { externalId: 'gone', attributes: {}, removed: true },
    ]);
  });
});

describe('entra connector against a fake tenant', () => {
  let fake: FakeGraph;
  let org: SeededOrganization;

  beforeAll(async () => {
    fake = await new FakeGraph().start();
    org = seedOrganization(fake.tenant, { people: 120, guests: 3 });
    fake.membersPerObject = 40;
  });
  afterAll(() => fake.stop());
  beforeEach(() => {
    fake.requests.length = 0;
  });

  const since = (from: number) => fake.requests.slice(from);

  it('tests the connection: a token, then the user count', async () => {
    const connector = connectorFor(fake);
    await expect(connector.test(new AbortController().signal)).resolves.toEqual({ userCount: 123 });
    const count = fake.requests.find((r) => r.kind === 'users-count')!;
    expect(count.headers.consistencylevel).toBe('eventual');
    expect(count.headers.authorization).toMatch(/^Bearer /);
  });

  describe('a full read then incremental ones', () => {
    const connector = () => shared;
    let shared: EntraConnector;
    let cursor: string;

    it('reads every user and group over several pages, with one token for the whole read', async () => {
      shared = connectorFor(fake, { pageSize: 25 });
      fake.pageLimit.groups = 2; // All Staff's four member chunks land on two pages
      const read = await readAll(connector(), request('full')).finally(() => {
        fake.pageLimit.groups = Number.POSITIVE_INFINITY;
      });
      expect(read.errors).toEqual([]);
      expect(read.userPages).toBe(5); // 123 users, 25 a page
      expect(read.users).toHaveLength(123);
      expect(fake.count('token')).toBe(1);
      expect(fake.count('openid')).toBe(1);
      const deltaRequests = fake.requests.filter((r) => r.kind === 'users-delta');
      expect(deltaRequests[0].query.get('$select')).toContain('manager');
      expect(deltaRequests[0].query.has('$top')).toBe(false);
      expect(deltaRequests.every((r) => r.headers.prefer === 'odata.maxpagesize=25')).toBe(true);

      const users = byId(read.users);
      expect(users[personId(0)].manager).toBeNull();
      expect(users[personId(12)].manager).toEqual({ kind: 'externalId', value: personId(2) });
      expect(users[personId(7)].attributes.email).toBe('person7@contoso.test'); // no mailbox: the UPN
      expect(users[personId(3)].attributes).toMatchObject({
        email: 'person3@contoso.test',
        employeeNumber: 'E1003',
        employmentType: 'full_time',
        location: 'Lisbon',
        phone: '+1 555 0103',
        status: 'active',
        startDate: '2020-01-15',
        customAttributes: expect.objectContaining({
          userType: 'Member',
          onPremisesSamAccountName: 'person3',
        }),
      });
      expect(users[org.disabled].attributes.status).toBe('suspended');
      expect(users[guestId(0)].attributes.customAttributes).toMatchObject({ userType: 'Guest' });

      const groups = byId(read.groups);
      expect(read.groups).toHaveLength(5);
      expect(fake.requests.filter((r) => r.kind === 'groups-delta')).toHaveLength(4);
      // All Staff has 123 members, spread over four objects of 40: put back together.
      expect(groups[org.groups.allStaff].members).toHaveLength(123);
      expect(groups[org.groups.allStaff].attributes).toMatchObject({
        name: 'All Staff',
        groupType: 'team',
        isSecurityGroup: false,
      });
      expect(groups[org.groups.announcements].attributes.groupType).toBe('distribution');
      expect(groups[org.groups.admins].attributes.groupType).toBe('group');
      expect(groups[org.groups.engineering].attributes).toMatchObject({
        groupType: 'security',
        isSecurityGroup: true,
      });
      expect(groups[org.groups.engineering].members).toContainEqual({
        type: 'group',
        externalId: org.groups.platform,
      });
      expect(groups[org.groups.platform].members).toContainEqual({
        type: 'group',
        externalId: org.groups.engineering,
      });

      expect(read.cursor).not.toBeNull();
      const stored = JSON.parse(read.cursor!);
      expect(stored).toMatchObject({ v: 1, includeGuests: true });
      expect(stored.users).toMatch(/^https:\/\/127\.0\.0\.1:\d+\/v1\.0\/users\/delta\?\$deltatoken=/);
      expect(stored.groups).toMatch(/\/v1\.0\/groups\/delta\?\$deltatoken=/);
      cursor = read.cursor!;
    });

    it('then reads only the changes: new, updated (partially), deleted, and membership changes', async () => {
      const newcomer = fake.tenant.addUser({
        displayName: 'New Person',
        mail: 'new@contoso.test',
        userPrincipalName: 'new@contoso.test',
        accountEnabled: true,
        userType: 'Member',
      });
      fake.tenant.setManager(newcomer, personId(1));
      fake.tenant.updateUser(personId(20), { jobTitle: 'Staff Engineer' });
      fake.tenant.updateUser(personId(21), { mobilePhone: '+351 900 000 021' });
      fake.tenant.setManager(personId(22), personId(0));
      fake.tenant.deleteUser(personId(119), 'deleted');
      fake.tenant.removeMember(org.groups.platform, personId(3));
      fake.tenant.addMember(org.groups.announcements, 'user', newcomer);
      fake.minimalUserUpdates = true; // updated users carry only what changed
      const before = fake.requests.length;
      const read = await readAll(connector(), request('incremental', cursor));
      fake.minimalUserUpdates = false;
      expect(read.errors).toEqual([]);
      expect(
        since(before)
          .filter((r) => r.kind === 'users-delta')[0]
          .query.has('$deltatoken'),
      ).toBe(true);
      expect(fake.count('token')).toBe(0); // the first token still serves

      const users = byId(read.users);
      expect(Object.keys(users).sort()).toEqual(
        [newcomer, personId(20), personId(21), personId(22), personId(119)].sort(),
      );
      expect(users[newcomer]).toMatchObject({
        attributes: { email: 'new@contoso.test' },
        manager: { kind: 'externalId', value: personId(1) },
      });
      expect(users[personId(20)]).toEqual({
        externalId: personId(20),
        attributes: { idpId: personId(20), jobTitle: 'Staff Engineer' },
      });
      expect(users[personId(21)].attributes).toEqual({
        idpId: personId(21),
        customAttributes: { mobilePhone: '+351 900 000 021' },
      });
      expect(users[personId(22)]).toEqual({
        externalId: personId(22),
        attributes: { idpId: personId(22) },
        manager: { kind: 'externalId', value: personId(0) },
      });
      expect(users[personId(119)]).toEqual({ externalId: personId(119), attributes: {}, removed: true });

      const groups = byId(read.groups);
      expect(groups[org.groups.platform].memberChanges).toEqual({
        added: [],
        removed: [{ type: 'user', externalId: personId(3) }],
      });
      expect(groups[org.groups.announcements].memberChanges).toEqual({
        added: [{ type: 'user', externalId: newcomer }],
        removed: [],
      });
      // person119 left every group with their deletion
      expect(groups[org.groups.allStaff].memberChanges?.removed).toEqual([
        { type: 'user', externalId: personId(119) },
      ]);
      expect(groups[org.groups.allStaff]).not.toHaveProperty('members');
      cursor = read.cursor!;
    });

    it('reads nothing when nothing changed', async () => {
      const read = await readAll(connector(), request('incremental', cursor));
      expect(read).toMatchObject({ users: [], groups: [], errors: [] });
      expect(read.cursor).not.toBe(cursor); // a fresh delta link each round
      cursor = read.cursor!;
    });

    it('keeps the group cursor when a sync leaves groups out', async () => {
      const reader = connectorFor(fake);
      for await (const page of reader.users(request('incremental', cursor))) void page;
      const next = JSON.parse(reader.nextCursor()!);
      expect(next.groups).toBe(JSON.parse(cursor).groups);
      expect(next.users).not.toBe(JSON.parse(cursor).users);
    });

    it('says CURSOR_EXPIRED when Graph no longer knows the delta token', async () => {
      fake.expireDeltaTokens();
      const error = await failure(readAll(connectorFor(fake), request('incremental', cursor)));
      expect(error.code).toBe('CURSOR_EXPIRED');
      expect(error.message).toMatch(/HTTP 410.*syncStateNotFound/);
    });

    it.each([
      ['garbage', 'not json'],
      [
        'another includeGuests setting',
        () => JSON.stringify({ ...JSON.parse(cursor), includeGuests: false }),
      ],
      [
        'another Graph',
        () =>
          JSON.stringify({
            ...JSON.parse(cursor),
            users: 'https://graph.example.test/v1.0/users/delta?$deltatoken=x',
          }),
      ],
      ['another connector version', () => JSON.stringify({ ...JSON.parse(cursor), v: 0 })],
    ])('says CURSOR_EXPIRED for a stored cursor that does not fit (%s)', async (_why, make) => {
      const stored = typeof make === 'string' ? make : make();
      const before = fake.requests.length;
      const error = await failure(readAll(connectorFor(fake), request('incremental', stored)));
      expect(error.code).toBe('CURSOR_EXPIRED');
      expect(since(before).filter((r) => r.kind === 'users-delta')).toEqual([]);
    });
  });

  it('leaves guests out when told to', async () => {
    const read = await readAll(connectorFor(fake, { includeGuests: false }), request('full'));
    expect(read.users.map((user) => user.externalId)).not.toContain(guestId(0));
    expect(read.users).toHaveLength(fake.tenant.userCount() - 3);
    expect(JSON.parse(read.cursor!).includeGuests).toBe(false);
  });

  describe('throttling and failures', () => {
    const usersPage = (page: number) => (r: FakeRequest) => r.kind === 'users-delta' && r.page === page;

    it('waits out a throttled page (429, Retry-After) and goes on', async () => {
      const connector = connectorFor(fake, { pageSize: 50 }, DEFAULT_LIKE);
      fake.throttle(usersPage(1), { retryAfterSeconds: 1 });
      const throttledBefore = fake.throttled;
      const started = Date.now();
      const read = await readAll(connector, request('full'));
      expect(Date.now() - started).toBeGreaterThanOrEqual(950);
      expect(read.users).toHaveLength(fake.tenant.userCount());
      expect(fake.throttled - throttledBefore).toBe(1);
      expect(connector.graph.throttledRetries).toBe(1);
      expect(fake.requests.filter(usersPage(1))).toHaveLength(2); // the same request again
    });

    it('treats 503 with Retry-After as throttling', async () => {
      const connector = connectorFor(fake);
      fake.throttle((r) => r.kind === 'groups-delta', { retryAfterSeconds: 0, status: 503 });
      const read = await readAll(connector, request('full'));
      expect(read.groups).toHaveLength(5);
      expect(connector.graph.throttledRetries).toBe(1);
    });

    it('gives up with THROTTLED (and retryAfterMs) after a bounded number of waits', async () => {
      fake.throttle(usersPage(0), { retryAfterSeconds: 0, times: 3 });
      const error = await failure(
        readAll(connectorFor(fake, {}, { ...FAST, maxThrottleRetries: 2 }), request('full')),
      );
      expect(error).toMatchObject({ code: 'THROTTLED', retryAfterMs: 0, retryable: true });
      expect(error.message).toMatch(/after 2 waits/);
    });

    it('hands a long Retry-After to the engine instead of blocking', async () => {
      fake.throttle(usersPage(0), { retryAfterSeconds: 600 });
      const started = Date.now();
      const error = await failure(readAll(connectorFor(fake), request('full')));
      expect(error).toMatchObject({ code: 'THROTTLED', retryAfterMs: 600_000 });
      expect(Date.now() - started).toBeLessThan(2_000);
    });

    it('retries 5xx a couple of times, then says TEMPORARY', async () => {
      fake.fail(
        usersPage(0),
        { status: 502, body: { error: { code: 'BadGateway', message: 'upstream' } } },
        2,
      );
      const read = await readAll(connectorFor(fake), request('full'));
      expect(read.users.length).toBeGreaterThan(0);
      fake.fail(
        usersPage(0),
        { status: 500, body: { error: { code: 'generalException', message: 'boom' } } },
        3,
      );
      const error = await failure(readAll(connectorFor(fake), request('full')));
      expect(error).toMatchObject({ code: 'TEMPORARY', retryable: true });
      expect(error.message).toMatch(/HTTP 500.*generalException/);
    });

    it('gets a fresh token once after a 401, and says AUTH if that does not help', async () => {
      const connector = connectorFor(fake);
      await connector.test(new AbortController().signal);
      fake.revokeAccessTokens();
      const tokensBefore = fake.count('token');
      await expect(connector.test(new AbortController().signal)).resolves.toEqual({
        userCount: fake.tenant.userCount(),
      });
      expect(fake.count('token') - tokensBefore).toBe(1);

      fake.fail(
        (r) => r.kind === 'users-count',
        {
          status: 401,
          body: {
            error: { code: 'InvalidAuthenticationToken', message: 'Access token validation failure.' },
          },
        },
        2,
      );
      const error = await failure(connector.test(new AbortController().signal));
      expect(error.code).toBe('AUTH');
    });

    it('names the missing permission on a 403', async () => {
      fake.app.roles.delete('GroupMember.Read.All');
      try {
        const connector = connectorFor(fake);
        const groups = await failure(readAll(connector, request('full')));
        expect(groups.code).toBe('PERMISSION');
        expect(groups.message).toMatch(/Authorization_RequestDenied/);
        expect(groups.message).toMatch(
          /application permission GroupMember\.Read\.All \(or Group\.Read\.All or Directory\.Read\.All\)/,
        );
      } finally {
        fake.app.roles.add('GroupMember.Read.All');
      }
      fake.app.roles.delete('User.Read.All');
      try {
        const users = await failure(connectorFor(fake).test(new AbortController().signal));
        expect(users.code).toBe('PERMISSION');
        expect(users.message).toMatch(/User\.Read\.All/);
      } finally {
        fake.app.roles.add('User.Read.All');
      }
    });

    it('refuses to send its token to a host other than the configured Graph', async () => {
      fake.fail(usersPage(0), {
        status: 200,
        body: {
          '@odata.context': 'x',
          '@odata.nextLink': 'https://graph.example.test/v1.0/users/delta?$skiptoken=x',
          value: [],
        },
      });
      const error = await failure(readAll(connectorFor(fake), request('full')));
      expect(error).toMatchObject({
        code: 'INVALID_DATA',
        message: expect.stringMatching(/https:\/\/graph\.example\.test/),
      });
    });

    it('says INVALID_DATA for a page that is not a delta page', async () => {
      fake.fail(usersPage(0), { status: 200, body: { value: [] } });
      const error = await failure(readAll(connectorFor(fake), request('full')));
      expect(error).toMatchObject({
        code: 'INVALID_DATA',
        message: expect.stringMatching(/neither @odata.nextLink nor @odata.deltaLink/),
      });
    });

    it('times out a request that takes too long', async () => {
      fake.fail(usersPage(0), { status: 200, body: {}, delayMs: 5_000 });
      const started = Date.now();
      const error = await failure(
        readAll(
          connectorFor(fake, { timeoutMs: 1000 }, { ...FAST, maxTemporaryRetries: 0 }),
          request('full'),
        ),
      );
      expect(error).toMatchObject({
        code: 'TEMPORARY',
        message: expect.stringMatching(/did not answer within 1000 ms/),
      });
      expect(Date.now() - started).toBeLessThan(3_000);
    });

    it('stops at once when the sync is cancelled, even while waiting out throttling', async () => {
      fake.throttle(usersPage(0), { retryAfterSeconds: 30 });
      const controller = new AbortController();
      const connector = connectorFor(fake, {}, { ...FAST, maxWaitMs: 60_000 });
      const reading = readAll(connector, request('full', null, controller.signal));
      setTimeout(() => controller.abort(new Error('the sync was cancelled')), 300);
      const started = Date.now();
      await expect(reading).rejects.toThrow('the sync was cancelled');
      expect(Date.now() - started).toBeLessThan(2_000);
    });
  });

  describe('credentials', () => {
    it('maps a bad client secret to AUTH (AADSTS7000215) without quoting it', async () => {
      const error = await failure(
        connectorFor(fake, { clientSecret: 'wrong-secret-value' }).test(new AbortController().signal),
      );
      expect(error.code).toBe('AUTH');
      expect(error.message).toMatch(/AADSTS7000215/);
      expect(error.message).toMatch(/client secret is not valid/);
      expect(error.message).not.toContain('wrong-secret-value');
      expect(error.message).not.toContain(fake.app.clientSecret!);
    });

    it('maps an unknown tenant to NOT_FOUND', async () => {
      const error = await failure(
        connectorFor(fake, { tenantId: '11111111-2222-4333-8444-555555555555' }).test(
          new AbortController().signal,
        ),
      );
      expect(error.code).toBe('NOT_FOUND');
      expect(error.message).toMatch(/11111111-2222-4333-8444-555555555555/);
    });

    it('maps an unknown application to AUTH (AADSTS700016)', async () => {
      const error = await failure(
        connectorFor(fake, { clientId: '11111111-2222-4333-8444-555555555555' }).test(
          new AbortController().signal,
        ),
      );
      expect(error).toMatchObject({
        code: 'AUTH',
        message: expect.stringMatching(/AADSTS700016.*no application with this client id/),
      });
    });

    it('signs in with a certificate (SHA-1 thumbprint, MSAL client assertion)', async () => {
      const pki = testPki();
      const connector = connectorFor(fake, {
        clientSecret: undefined,
        certificate: { privateKeyPem: pki.clientKeyPem, thumbprint: pki.clientThumbprintSha1 },
      });
      await expect(connector.test(new AbortController().signal)).resolves.toEqual({
        userCount: fake.tenant.userCount(),
      });
      const token = fake.requests.filter((r) => r.kind === 'token').at(-1)!;
      expect(token.method).toBe('POST');
    });

    it('signs in with a certificate named by its SHA-256 thumbprint (PS256 assertion)', async () => {
      const pki = testPki();
      const connector = connectorFor(fake, {
        clientSecret: undefined,
        certificate: { privateKeyPem: pki.clientKeyPem, thumbprint: pki.clientThumbprintSha256 },
      });
      await expect(connector.test(new AbortController().signal)).resolves.toEqual({
        userCount: fake.tenant.userCount(),
      });
    });

    it('maps a certificate Entra does not know to AUTH (AADSTS700027)', async () => {
      const pki = testPki();
      const connector = connectorFor(fake, {
        clientSecret: undefined,
        certificate: { privateKeyPem: pki.clientKeyPem, thumbprint: 'AB'.repeat(20) },
      });
      const error = await failure(connector.test(new AbortController().signal));
      expect(error).toMatchObject({ code: 'AUTH', message: expect.stringMatching(/AADSTS700027/) });
      expect(error.message).not.toContain(pki.clientKeyPem.slice(40, 100));
    });

    it('says CONFIGURATION when the server certificate is not trusted (no caCertificatePem)', async () => {
      const config = { ...fake.config() };
      delete config.caCertificatePem;
      const connector = new EntraConnector(entraConnector.parseConfig(config) as EntraConfig, {
        retry: FAST,
      });
      const error = await failure(connector.test(new AbortController().signal));
      expect(error).toMatchObject({
        code: 'CONFIGURATION',
        message: expect.stringMatching(/not trusted.*caCertificatePem/),
      });
    });

    it('says TEMPORARY when the authority cannot be reached', async () => {
      const connector = connectorFor(fake, { authorityHost: 'https://127.0.0.1:9' });
      const error = await failure(connector.test(new AbortController().signal));
      expect(error).toMatchObject({ code: 'TEMPORARY', message: expect.stringMatching(/ECONNREFUSED/) });
    });
  });
});

/** Real waits for throttling (Retry-After is honoured as given), short backoff otherwise. */
const DEFAULT_LIKE: RetryPolicy = { ...FAST, maxWaitMs: 120_000 };
