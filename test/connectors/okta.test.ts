import { createPublicKey, generateKeyPairSync, KeyObject } from 'node:crypto';
import { ZodError } from 'zod';
import { oktaConnector, OktaConfig, OktaConnector } from '../../src/connectors/okta';
import { parseOktaConfig } from '../../src/connectors/okta/okta.config';
import { nextLink } from '../../src/connectors/okta/okta-http';
import { mapOktaGroup, mapOktaUser, OktaMappingOptions } from '../../src/connectors/okta/okta-mapping';
import { OktaClock, RateBudget } from '../../src/connectors/okta/okta-rate-limit';
import { CURSOR_OVERLAP_MS } from '../../src/connectors/okta/okta.connector';
import {
  ConnectorError,
  ReadRequest,
  SourcePage,
  SourceRecordError,
  SourceUser,
} from '../../src/connectors/types';
import { DirectorySource } from '../../src/entities/enums';
import { FakeOkta } from '../fakes/okta/fake-okta';
import { emailOf, employeeNumberOf, seededStatus, seedOktaOrg } from '../fakes/okta/org';

const TOKEN = 'ssws-00Abc-test-token-0123456789';
const MAPPING: OktaMappingOptions = { managerAttribute: 'managerId', managerReference: 'employeeNumber' };

function pemPair(type: 'rsa' | 'ec'): { privateKeyPem: string; publicKey: KeyObject } {
  const { privateKey, publicKey } =
    type === 'rsa'
      ? generateKeyPairSync('rsa', {
          modulusLength: 2048,
          publicKeyEncoding: { type: 'spki', format: 'pem' },
          privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
        })
      : generateKeyPairSync('ec', {
          namedCurve: 'P-256',
          publicKeyEncoding: { type: 'spki', format: 'pem' },
          privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
        });
  return { privateKeyPem: privateKey, publicKey: createPublicKey(publicKey) };
}
const RSA = pemPair('rsa');

const read = (mode: 'full' | 'incremental' = 'full', cursor: string | null = null): ReadRequest => ({
  mode,
  cursor,
  signal: new AbortController().signal,
});

async function collect<T>(
  pages: AsyncIterable<SourcePage<T>>,
): Promise<{ records: T[]; errors: SourceRecordError[]; pages: number }> {
  const records: T[] = [];
  const errors: SourceRecordError[] = [];
  let count = 0;
  for await (const page of pages) {
    records.push(...page.records);
    errors.push(...page.errors);
    count += 1;
  }
  return { records, errors, pages: count };
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

/** Never waits: for tests that exercise retry limits, not time. */
const noSleep = { sleep: async () => undefined };

// ---------------------------------------------------------------------------------------------

describe('okta connector: configuration', () => {
  it('applies defaults, normalises orgUrl and parses its own output unchanged', () => {
    const config = parseOktaConfig({ orgUrl: 'https://acme.okta.com/', apiToken: TOKEN });
    expect(config).toEqual({
      orgUrl: 'https://acme.okta.com',
      apiToken: TOKEN,
      pageSize: 200,
      rateLimitShare: 0.5,
      timeoutMs: 30_000,
      managerAttribute: 'managerId',
      managerReference: 'employeeNumber',
      groupTypes: ['OKTA_GROUP', 'APP_GROUP', 'BUILT_IN'],
    });
    expect(parseOktaConfig(config)).toEqual(config);
    const oauth = parseOktaConfig({
      orgUrl: 'https://acme.okta.com',
      oauth: { clientId: '0oa1abc', privateKeyPem: RSA.privateKeyPem },
    });
    expect(oauth.oauth).toEqual({
      clientId: '0oa1abc',
      privateKeyPem: RSA.privateKeyPem,
      scopes: ['okta.users.read', 'okta.groups.read'],
    });
    expect(parseOktaConfig(oauth)).toEqual(oauth);
  });

  it('is the registered definition for OKTA, with apiToken and oauth as secrets', () => {
    expect(oktaConnector.source).toBe(DirectorySource.OKTA);
    expect(oktaConnector.secretFields).toEqual(['apiToken', 'oauth']);
    const connector = oktaConnector.create(
      oktaConnector.parseConfig({ orgUrl: 'https://acme.okta.com', apiToken: TOKEN }),
      {},
    );
    expect(connector).toBeInstanceOf(OktaConnector);
    expect(connector.supportsIncremental).toBe(true);
  });

  const problems = (input: unknown): string[] => {
    try {
      parseOktaConfig(input);
    } catch (error) {
      if (error instanceof ZodError)
        return error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
      throw error;
    }
    return [];
  };

  const refusals: [Record<string, unknown>, string][] = [
    [{ orgUrl: 'http://acme.okta.com', apiToken: TOKEN }, 'orgUrl: must be an https URL'],
    [
      { orgUrl: 'https://acme.okta.com/admin/dashboard', apiToken: TOKEN },
      'orgUrl: must be the org URL alone',
    ],
    [{ orgUrl: 'https://acme-admin.okta.com', apiToken: TOKEN }, 'orgUrl: is the Admin Console address'],
    [{ orgUrl: 'https://u:p@acme.okta.com', apiToken: TOKEN }, 'orgUrl: must not contain credentials'],
    [{ orgUrl: 'acme.okta.com', apiToken: TOKEN }, 'orgUrl: must be an absolute URL'],
    [{ orgUrl: 'https://acme.okta.com' }, ': give apiToken or oauth'],
    [
      {
        orgUrl: 'https://acme.okta.com',
        apiToken: TOKEN,
        oauth: { clientId: 'x', privateKeyPem: RSA.privateKeyPem },
      },
      'oauth: give either apiToken or oauth, not both',
    ],
    [
      { orgUrl: 'https://acme.okta.com', apiToken: TOKEN, pageSize: 500 },
      'pageSize: Number must be less than or equal to 200',
    ],
    [
      { orgUrl: 'https://acme.okta.com', apiToken: TOKEN, rateLimitShare: 0.05 },
      'rateLimitShare: Number must be greater than or equal to 0.1',
    ],
    [
      { orgUrl: 'https://acme.okta.com', apiToken: TOKEN, managerReference: 'name' },
      'managerReference: Invalid enum value',
    ],
    [
      { orgUrl: 'https://acme.okta.com', apiToken: TOKEN, managerAttribute: 'manager id' },
      'managerAttribute: must be an Okta profile attribute name',
    ],
    [
      { orgUrl: 'https://acme.okta.com', apiToken: TOKEN, groupTypes: ['TEAMS'] },
      'groupTypes.0: Invalid enum value',
    ],
    [
      { orgUrl: 'https://acme.okta.com', apiToken: TOKEN, token: 'x' },
      "Unrecognized key(s) in object: 'token'",
    ],
    [
      { orgUrl: 'https://acme.okta.com', oauth: { clientId: 'x', privateKeyPem: 'not a key' } },
      'oauth.privateKeyPem: must be a PEM private key',
    ],
    [
      {
        orgUrl: 'https://acme.okta.com',
        oauth: { clientId: 'x', privateKeyPem: RSA.privateKeyPem, scopes: ['okta.groups.read'] },
      },
      'oauth.scopes: must include okta.users.read',
    ],
    [
      {
        orgUrl: 'https://acme.okta.com',
        oauth: { clientId: 'x', privateKeyPem: RSA.privateKeyPem, secret: 'y' },
      },
      "oauth: Unrecognized key(s) in object: 'secret'",
    ],
  ];

  it.each(refusals.map(([input, expected]) => [expected, input] as const))(
    'refuses: %s',
    (expected, input) => {
      expect(problems(input).join('\n')).toContain(expected);
    },
  );

  it('accepts http for loopback hosts only, and EC keys', () => {
    expect(parseOktaConfig({ orgUrl: 'http://127.0.0.1:8080', apiToken: TOKEN }).orgUrl).toBe(
      'http://127.0.0.1:8080',
    );
    expect(parseOktaConfig({ orgUrl: 'http://localhost:8080', apiToken: TOKEN }).orgUrl).toBe(
      'http://localhost:8080',
    );
    const ec = pemPair('ec');
    expect(
      parseOktaConfig({
        orgUrl: 'https://acme.okta.com',
        oauth: { clientId: 'x', privateKeyPem: ec.privateKeyPem },
      }).oauth?.clientId,
    ).toBe('x');
  });

  it('never echoes a secret in its messages', () => {
    const secretPem = `-----BEGIN PRIVATE KEY-----\nTOP-SECRET-MATERIAL\n-----END PRIVATE KEY-----`;
    const text = JSON.stringify([
      problems({ orgUrl: 'ftp://x', apiToken: TOKEN, oauth: { clientId: 'c', privateKeyPem: secretPem } }),
      problems({ orgUrl: 'https://acme.okta.com', apiToken: 12345678 }),
    ]);
    expect(text).not.toContain(TOKEN);
    expect(text).not.toContain('TOP-SECRET-MATERIAL');
    expect(text).not.toContain('12345678');
  });
});

// ---------------------------------------------------------------------------------------------

describe('okta connector: mapping', () => {
  const user = (overrides: Record<string, unknown> = {}, profile: Record<string, unknown> = {}) => ({
    id: '00u1abcd',
    status: 'ACTIVE',
    created: '2023-01-01T00:00:00.000Z',
    statusChanged: null,
    lastUpdated: '2024-03-01T12:00:00.000Z',
    profile: { login: 'jane@acme.test', email: 'Jane@Acme.test', ...profile },
    ...overrides,
  });
  const mapped = (raw: unknown, options: OktaMappingOptions = MAPPING): SourceUser => {
    const result = mapOktaUser(raw, options);
    if (!result.ok) throw new Error(result.error.message);
    return result.value.user;
  };

  it('maps the base profile', () => {
    const result = mapOktaUser(
      user(
        {},
        {
          firstName: 'Jane',
          lastName: 'Doe',
          nickName: 'JD',
          displayName: 'Jane Doe',
          title: 'Staff Engineer',
          department: 'Engineering',
          division: 'Product',
          costCenter: 'CC-1',
          organization: 'Acme Corp',
          employeeNumber: 1234,
          userType: 'Full-Time',
          primaryPhone: '+1 555 0100',
          mobilePhone: '+1 555 0199',
          city: 'Berlin',
          countryCode: 'DE',
          timezone: 'Europe/Berlin',
          managerId: 'E7',
        },
      ),
      MAPPING,
    );
    expect(result).toEqual({
      ok: true,
      value: {
        lastUpdated: Date.parse('2024-03-01T12:00:00.000Z'),
        user: {
          externalId: '00u1abcd',
          manager: { kind: 'employeeNumber', value: 'E7' },
          attributes: {
            idpId: '00u1abcd',
            email: 'Jane@Acme.test',
            username: 'jane@acme.test',
            firstName: 'Jane',
            lastName: 'Doe',
            preferredName: 'JD',
            displayName: 'Jane Doe',
            jobTitle: 'Staff Engineer',
            department: 'Engineering',
            division: 'Product',
            costCenter: 'CC-1',
            company: 'Acme Corp',
            employeeNumber: '1234',
            employmentType: 'full_time',
            phone: '+1 555 0100',
            location: 'Berlin, DE',
            timeZone: 'Europe/Berlin',
            status: 'active',
            terminationDate: null,
            customAttributes: { oktaStatus: 'ACTIVE', oktaUserType: 'Full-Time' },
          },
        },
      },
    });
  });

  it.each([
    ['STAGED', 'active'],
    ['PROVISIONED', 'active'],
    ['ACTIVE', 'active'],
    ['RECOVERY', 'active'],
    ['PASSWORD_EXPIRED', 'active'],
    ['LOCKED_OUT', 'active'],
    ['SUSPENDED', 'suspended'],
    ['DEPROVISIONED', 'terminated'],
  ])('maps status %s to %s and keeps the Okta status', (oktaStatus, status) => {
    const { attributes } = mapped(user({ status: oktaStatus, statusChanged: '2024-05-06T07:08:09.000Z' }));
    expect(attributes.status).toBe(status);
    expect(attributes.customAttributes).toEqual({ oktaStatus });
    expect(attributes.terminationDate).toBe(oktaStatus === 'DEPROVISIONED' ? '2024-05-06' : null);
  });

  it('leaves the status alone for an Okta status it does not know', () => {
    const { attributes } = mapped(user({ status: 'HIBERNATING' }));
    expect('status' in attributes).toBe(false);
    expect('terminationDate' in attributes).toBe(false);
    expect(attributes.customAttributes).toEqual({ oktaStatus: 'HIBERNATING' });
  });

  it('sets only what the profile states: absent keeps, null and blank clear', () => {
    const { attributes, manager } = mapped(user({}, { title: null, department: '  ', division: undefined }));
    expect(attributes).toMatchObject({ jobTitle: null, department: null, division: null });
    for (const key of [
      'firstName',
      'lastName',
      'displayName',
      'phone',
      'location',
      'employmentType',
      'company',
      'costCenter',
    ]) {
      expect(key in attributes).toBe(false);
    }
    expect(manager).toBeUndefined();
  });

  it('composes a display name only from both name parts', () => {
    expect(
      mapped(user({}, { firstName: 'Jane', lastName: 'Doe', nickName: 'JD' })).attributes.displayName,
    ).toBe('JD Doe');
    expect('displayName' in mapped(user({}, { firstName: 'Jane' })).attributes).toBe(false);
  });

  it('reads phone and location with their fallbacks', () => {
    expect(mapped(user({}, { mobilePhone: '+1 2' })).attributes.phone).toBe('+1 2');
    expect(mapped(user({}, { primaryPhone: null, mobilePhone: null })).attributes.phone).toBeNull();
    expect(mapped(user({}, { city: 'Paris' })).attributes.location).toBe('Paris');
    expect(mapped(user({}, { city: null, countryCode: null })).attributes.location).toBeNull();
    expect(mapped(user({}, { office: 'HQ 3rd floor', city: 'Paris' })).attributes.location).toBe(
      'HQ 3rd floor',
    );
  });

  it('maps userType to an employment type when it names one, and working contractors to the contractor status', () => {
    expect(mapped(user({}, { userType: 'part time' })).attributes.employmentType).toBe('part_time');
    const contractor = mapped(user({}, { userType: 'Contractor' })).attributes;
    expect(contractor).toMatchObject({ employmentType: 'contractor', status: 'contractor' });
    expect(mapped(user({ status: 'SUSPENDED' }, { userType: 'Contractor' })).attributes.status).toBe(
      'suspended',
    );
    const unknown = mapped(user({}, { userType: 'Employee' })).attributes;
    expect(unknown).toMatchObject({
      employmentType: null,
      customAttributes: { oktaStatus: 'ACTIVE', oktaUserType: 'Employee' },
    });
    expect(mapped(user({}, { userType: null })).attributes.employmentType).toBeNull();
  });

  it('reads the manager as configured, with the manager attribute as an email fallback', () => {
    const profile = { managerId: 'mgr@acme.test' };
    expect(mapped(user({}, { managerId: 'E9' })).manager).toEqual({ kind: 'employeeNumber', value: 'E9' });
    expect(mapped(user({}, { managerId: '00u9' }), { ...MAPPING, managerReference: 'id' }).manager).toEqual({
      kind: 'externalId',
      value: '00u9',
    });
    expect(
      mapped(user({}, { ...profile, managerId: 'Boss@Acme.test' }), { ...MAPPING, managerReference: 'login' })
        .manager,
    ).toEqual({
      kind: 'email',
      value: 'boss@acme.test',
    });
    expect(
      mapped(user({}, { bossNumber: 'E1' }), {
        managerAttribute: 'bossNumber',
        managerReference: 'employeeNumber',
      }).manager,
    ).toEqual({
      kind: 'employeeNumber',
      value: 'E1',
    });
    expect(mapped(user({}, { manager: 'Boss@Acme.test' })).manager).toEqual({
      kind: 'email',
      value: 'boss@acme.test',
    });
    expect(mapped(user({}, { managerId: 'E9', manager: 'Someone Else' })).manager).toEqual({
      kind: 'employeeNumber',
      value: 'E9',
    });
    // Okta's default schema often holds a display name in `manager`: unresolvable, so not provided.
    expect(mapped(user({}, { manager: 'Donald Glover' })).manager).toBeUndefined();
    expect(mapped(user({}, { managerId: null })).manager).toBeNull();
    expect(mapped(user({}, { managerId: '', manager: null })).manager).toBeNull();
  });

  it('reports records it cannot map, with the id when there is one', () => {
    expect(mapOktaUser('nope', MAPPING)).toEqual({
      ok: false,
      error: { message: 'user: expected an object, got a string' },
    });
    expect(mapOktaUser({ status: 'ACTIVE', profile: {} }, MAPPING)).toEqual({
      ok: false,
      error: { message: 'user: the object has no id' },
    });
    expect(mapOktaUser({ id: '00u1', status: 'ACTIVE', profile: null }, MAPPING)).toEqual({
      ok: false,
      error: { externalId: '00u1', message: 'user 00u1: profile must be an object, got null' },
    });
    expect(mapOktaUser(user({}, { title: { text: 'x' } }), MAPPING)).toEqual({
      ok: false,
      error: { externalId: '00u1abcd', message: 'user 00u1abcd: profile.title must be text, got an object' },
    });
  });

  it('maps groups', () => {
    expect(
      mapOktaGroup({
        id: '00g1',
        type: 'APP_GROUP',
        lastUpdated: '2024-01-01T00:00:00.000Z',
        lastMembershipUpdated: '2024-02-01T00:00:00.000Z',
        profile: { name: 'VPN', description: null },
      }),
    ).toEqual({
      ok: true,
      value: {
        type: 'APP_GROUP',
        changedAt: Date.parse('2024-02-01T00:00:00.000Z'),
        group: {
          externalId: '00g1',
          attributes: { name: 'VPN', description: null, customAttributes: { oktaGroupType: 'APP_GROUP' } },
        },
      },
    });
    expect(mapOktaGroup({ id: '00g2', type: 'OKTA_GROUP', profile: {} })).toEqual({
      ok: false,
      error: { externalId: '00g2', message: 'group 00g2: profile.name is missing' },
    });
  });

  it('finds the next page in Link headers', () => {
    expect(nextLink(null)).toBeNull();
    expect(nextLink('<https://a.okta.com/api/v1/users?limit=2>; rel="self"')).toBeNull();
    expect(
      nextLink(
        '<https://a.okta.com/api/v1/users?limit=2>; rel="self", <https://a.okta.com/api/v1/users?after=00u2&limit=2>; rel="next"',
      ),
    ).toBe('https://a.okta.com/api/v1/users?after=00u2&limit=2');
    expect(nextLink('<https://a.okta.com/x?a=1,2>; rel=next')).toBe('https://a.okta.com/x?a=1,2');
  });
});

// ---------------------------------------------------------------------------------------------

describe('okta connector: rate budget', () => {
  /** A clock that only moves when the budget sleeps. */
  const manualClock = (start: number) => {
    const slept: number[] = [];
    const clock: OktaClock & { at: number } = {
      at: start,
      now: () => clock.at,
      sleep: async (ms) => {
        slept.push(ms);
        clock.at += ms;
      },
    };
    return { clock, slept };
  };
  const headers = (limit: number, remaining: number, reset: number) =>
    new Headers({
      'x-rate-limit-limit': String(limit),
      'x-rate-limit-remaining': String(remaining),
      'x-rate-limit-reset': String(reset),
    });
  const signal = new AbortController().signal;

  it('spends only its share of each bucket, then waits for the reset', async () => {
    const { clock, slept } = manualClock(1_000_000_000_000);
    const budget = new RateBudget(0.3, clock);
    const reset = clock.at / 1000 + 40;
    budget.record('users', headers(600, 421, reset));
    await budget.acquire('users', signal); // 421 → 420 leaves 70% for the others
    expect(slept).toEqual([]);
    budget.record('users', headers(600, 420, reset));
    await budget.acquire('users', signal);
    expect(slept).toEqual([40_000 + 250]);
    // A new window: unknown until the next response says.
    await budget.acquire('users', signal);
    expect(slept).toHaveLength(1);
    // Buckets are separate.
    budget.record('groups', headers(100, 10, reset + 60));
    await budget.acquire('users', signal);
    expect(slept).toHaveLength(1);
  });

  it('hands a far-away reset back to the engine as THROTTLED', async () => {
    const { clock } = manualClock(1_000_000_000_000);
    const budget = new RateBudget(0.5, clock);
    budget.record('users', headers(100, 0, clock.at / 1000 + 600));
    const error = await failure(budget.acquire('users', signal));
    expect(error.code).toBe('THROTTLED');
    expect(error.retryAfterMs).toBe(600_000);
  });

  it('corrects for a server clock that differs from ours', async () => {
    const { clock, slept } = manualClock(1_000_000_000_000);
    const budget = new RateBudget(0.5, clock);
    const serverNow = clock.at + 30_000; // Okta is 30 s ahead of us
    const h = headers(10, 1, serverNow / 1000 + 5);
    h.set('date', new Date(serverNow).toUTCString());
    budget.record('users', h);
    await budget.acquire('users', signal);
    expect(slept).toEqual([5_000 + 250]);
  });
});

// ---------------------------------------------------------------------------------------------

describe('okta connector: against a fake org', () => {
  let fake: FakeOkta;
  const config = (overrides: Partial<OktaConfig> = {}): OktaConfig => ({
    ...parseOktaConfig({ orgUrl: fake.url, apiToken: TOKEN, pageSize: 25 }),
    ...overrides,
  });

  beforeEach(async () => {
    fake = await new FakeOkta().start();
    fake.addApiToken(TOKEN);
  });
  afterEach(async () => {
    await fake.stop();
  });

  it('tests the connection with one cheap call per endpoint', async () => {
    seedOktaOrg(fake, 3);
    await expect(new OktaConnector(config()).test(new AbortController().signal)).resolves.toEqual({
      userCount: null,
    });
    expect(fake.requests.map((request) => [request.path, request.query.limit, request.scheme])).toEqual([
      ['/api/v1/users', '1', 'SSWS'],
      ['/api/v1/groups', '1', 'SSWS'],
    ]);
  });

  it('reads every person over pages, deprovisioned ones included, and groups with complete members', async () => {
    const org = seedOktaOrg(fake, 120);
    const connector = new OktaConnector(config());
    const users = await collect(connector.users(read()));
    expect(users.errors).toEqual([]);
    expect(users.records).toHaveLength(120);
    expect(new Set(users.records.map((user) => user.externalId)).size).toBe(120);
    // 118 listed plainly over 5 pages, then the 2 deprovisioned through a filter.
    const userCalls = fake.requestsTo('users');
    expect(userCalls.map((call) => call.query.filter ?? null)).toEqual([
      null,
      null,
      null,
      null,
      null,
      'status eq "DEPROVISIONED"',
    ]);
    expect(userCalls.every((call) => call.query.limit === '25')).toBe(true);
    const byId = new Map(users.records.map((user) => [user.externalId, user]));
    for (const [index, person] of org.people.entries()) {
      const record = byId.get(person.id)!;
      expect(record.attributes.customAttributes).toMatchObject({ oktaStatus: seededStatus(index) });
      if (index > 0) expect(record.manager).toBeDefined();
    }
    expect(byId.get(org.people[21].id)!.attributes).toMatchObject({
      status: 'terminated',
      terminationDate: '2024-01-01',
    });
    expect(byId.get(org.people[13].id)!.attributes.status).toBe('suspended');
    expect(byId.get(org.people[3].id)!.manager).toEqual({ kind: 'email', value: emailOf(0) });
    expect(byId.get(org.people[8].id)!.manager).toEqual({
      kind: 'employeeNumber',
      value: employeeNumberOf(1),
    });
    expect(connector.nextCursor()).toBe(new Date(org.latestUpdate - CURSOR_OVERLAP_MS).toISOString());

    const groups = await collect(connector.groups(read()));
    expect(groups.errors).toEqual([]);
    expect(groups.records.map((group) => group.attributes.name)).toEqual([
      'Engineering',
      'Sales',
      'Marketing',
      'Finance',
      'People',
      'Support',
      'AD: VPN Users',
      'Everyone',
    ]);
    for (const group of groups.records) {
      const expected = [...fake.groups.get(group.externalId)!.members].sort();
      expect(group.members!.map((member) => member.externalId).sort()).toEqual(expected);
      expect(group.members!.every((member) => member.type === 'user')).toBe(true);
    }
    expect(groups.records.find((group) => group.attributes.name === 'Everyone')!.members).toHaveLength(118);
    // Everyone (118 members) takes 5 pages of 25.
    const everyone = groups.records.find((group) => group.attributes.name === 'Everyone')!.externalId;
    expect(fake.requestsTo('groupMembers').filter((call) => call.path.includes(everyone))).toHaveLength(5);
  });

  it('imports only the configured group types', async () => {
    seedOktaOrg(fake, 10);
    const groups = await collect(new OktaConnector(config({ groupTypes: ['APP_GROUP'] })).groups(read()));
    expect(groups.records.map((group) => group.attributes.name)).toEqual(['AD: VPN Users']);
    expect(fake.requestsTo('groupMembers')).toHaveLength(1);
    const none = await collect(new OktaConnector(config({ groupTypes: [] })).groups(read()));
    expect(none.records).toEqual([]);
  });

  it('reads only what changed since the cursor: updates, deprovisioning, newcomers and changed groups', async () => {
    const org = seedOktaOrg(fake, 40);
    const full = new OktaConnector(config());
    await collect(full.users(read()));
    await collect(full.groups(read()));
    const cursor = full.nextCursor()!;
    fake.requests.length = 0;

    fake.updateUser(org.people[5].id, { title: 'Principal Engineer' });
    fake.setStatus(org.people[6].id, 'DEPROVISIONED');
    const newcomer = fake.addUser({
      profile: { login: 'new@acme.test', email: 'new@acme.test', firstName: 'New', lastName: 'Comer' },
    });
    const engineering = org.groups[0];
    fake.addMembers(engineering.id, [newcomer.id]);

    const incremental = new OktaConnector(config());
    const users = await collect(incremental.users(read('incremental', cursor)));
    const ids = users.records.map((user) => user.externalId);
    // The three changes, plus the last seeded person again (inside the overlap).
    expect(ids.sort()).toEqual([org.people[5].id, org.people[6].id, org.people[39].id, newcomer.id].sort());
    expect(fake.requestsTo('users').map((call) => call.query.filter)).toEqual([`lastUpdated gt "${cursor}"`]);
    const byId = new Map(users.records.map((user) => [user.externalId, user]));
    expect(byId.get(org.people[5].id)!.attributes.jobTitle).toBe('Principal Engineer');
    expect(byId.get(org.people[6].id)!.attributes).toMatchObject({
      status: 'terminated',
      customAttributes: { oktaStatus: 'DEPROVISIONED' },
    });
    const next = incremental.nextCursor()!;
    expect(Date.parse(next)).toBe(
      Math.max(...users.records.map((user) => Date.parse(fake.users.get(user.externalId)!.lastUpdated))) -
        CURSOR_OVERLAP_MS,
    );

    const groups = await collect(incremental.groups(read('incremental', cursor)));
    expect(groups.records.map((group) => group.externalId)).toEqual([engineering.id]);
    expect(groups.records[0].members!.map((member) => member.externalId)).toContain(newcomer.id);
    expect(fake.requestsTo('groupMembers')).toHaveLength(1);

    // Nothing new: the cursor stays where it was (never moves backwards).
    const quiet = new OktaConnector(config());
    await collect(quiet.users(read('incremental', next)));
    expect(quiet.nextCursor()).toBe(next);
  });

  it('asks for a full sync when the cursor is unusable', async () => {
    const connector = new OktaConnector(config());
    for (const cursor of ['yesterday', '2999-01-01T00:00:00.000Z']) {
      const error = await failure(collect(connector.users(read('incremental', cursor))));
      expect(error.code).toBe('CURSOR_EXPIRED');
    }
    expect(fake.requests).toEqual([]);
  });

  it('keeps the first state of a person deprovisioned between the two full passes, and rereads them next time', async () => {
    const org = seedOktaOrg(fake, 12);
    const victim = org.people[2];
    const beforeSend = (url: string) => {
      if (url.includes('DEPROVISIONED') && victim.status !== 'DEPROVISIONED') {
        fake.setStatus(victim.id, 'DEPROVISIONED');
        // Someone else changed well after (beyond the overlap): the cursor must still not pass the victim.
        fake.addUser({
          profile: { login: 'late@acme.test', email: 'late@acme.test' },
          status: 'DEPROVISIONED',
          lastUpdated: new Date(Date.now() + 5 * 60_000).toISOString(),
        });
      }
    };
    const connector = new OktaConnector(config(), { beforeSend });
    const users = await collect(connector.users(read()));
    expect(users.records).toHaveLength(13);
    expect(users.records.filter((user) => user.externalId === victim.id)).toHaveLength(1);
    expect(users.records.find((user) => user.externalId === victim.id)!.attributes.status).toBe('active');
    expect(Date.parse(connector.nextCursor()!)).toBeLessThan(Date.parse(victim.lastUpdated));
  });

  it('skips a group deleted between listing and reading its members', async () => {
    const org = seedOktaOrg(fake, 10);
    const gone = org.groups[1];
    fake.fail(new RegExp(`/api/v1/groups/${gone.id}/users`), {
      status: 404,
      body: JSON.stringify({
        errorCode: 'E0000007',
        errorSummary: `Not found: Resource not found: ${gone.id} (UserGroup)`,
      }),
    });
    const groups = await collect(new OktaConnector(config()).groups(read()));
    expect(groups.records.map((group) => group.externalId)).not.toContain(gone.id);
    expect(groups.records).toHaveLength(org.groups.length - 1);
  });

  it('reports unreadable records per record and reads the rest', async () => {
    seedOktaOrg(fake, 3);
    fake.fail(/^\/api\/v1\/users$/, {
      body: JSON.stringify([
        { id: '00ubad1', status: 'ACTIVE', profile: { login: 'x@acme.test', email: ['x@acme.test'] } },
        { status: 'ACTIVE', profile: {} },
        fake.renderUser([...fake.users.values()][0]),
      ]),
    });
    const users = await collect(new OktaConnector(config()).users(read()));
    expect(users.errors).toEqual([
      { externalId: '00ubad1', message: 'user 00ubad1: profile.email must be text, got a list' },
      { message: 'user: the object has no id' },
    ]);
    expect(users.records).toHaveLength(1);
  });

  describe('rate limits', () => {
    it('never takes a bucket below its share, and never meets a 429 on its own', async () => {
      fake.setRateLimit('users', { limit: 20, windowSeconds: 1 });
      seedOktaOrg(fake, 300);
      const users = await collect(
        new OktaConnector(config({ pageSize: 20, rateLimitShare: 0.5 })).users(read()),
      );
      expect(users.records).toHaveLength(300);
      const calls = fake.requestsTo('users');
      expect(calls).toHaveLength(16); // 15 pages + the deprovisioned pass
      expect(fake.rateStats('users')).toEqual({ minRemaining: 10, throttled: 0 });
      // 10 calls per one-second window at most: it had to wait for at least one reset.
      const perWindow = new Map<number, number>();
      for (const call of calls)
        perWindow.set(Math.floor(call.at / 1000), (perWindow.get(Math.floor(call.at / 1000)) ?? 0) + 1);
      expect(Math.max(...perWindow.values())).toBeLessThanOrEqual(10);
      expect(perWindow.size).toBeGreaterThanOrEqual(2);
    });

    it('waits for the window to reset after a 429 caused by another app, then carries on', async () => {
      fake.setRateLimit('users', { limit: 20, windowSeconds: 1 });
      seedOktaOrg(fake, 30);
      await fake.nextWindow('users');
      fake.exhaust('users');
      const users = await collect(new OktaConnector(config({ pageSize: 20 })).users(read()));
      expect(users.records).toHaveLength(30);
      const calls = fake.requestsTo('users');
      expect(calls[0].status).toBe(429);
      expect(calls.slice(1).every((call) => call.status === 200)).toBe(true);
      expect(fake.rateStats('users').throttled).toBe(1);
      // The retry went out only once the window had reset.
      expect(Math.floor(calls[1].at / 1000)).toBeGreaterThan(Math.floor(calls[0].at / 1000));
    });

    it('gives up with THROTTLED and the time to the reset when the budget stays spent', async () => {
      fake.setRateLimit('users', { limit: 20, windowSeconds: 60 });
      fake.throttleAlways('users');
      const error = await failure(new OktaConnector(config(), noSleep).test(new AbortController().signal));
      expect(error.code).toBe('THROTTLED');
      expect(error.retryable).toBe(true);
      expect(error.retryAfterMs).toBeGreaterThan(0);
      expect(error.retryAfterMs).toBeLessThanOrEqual(60_000);
      expect(fake.requestsTo('users')).toHaveLength(4); // one call and three waits for a reset
    });
  });

  describe('failures', () => {
    const oktaBody = (code: string, summary: string) =>
      JSON.stringify({
        errorCode: code,
        errorSummary: summary,
        errorLink: code,
        errorId: 'oae1',
        errorCauses: [],
      });

    it('maps a refused token to AUTH, without the token in the message', async () => {
      const error = await failure(
        new OktaConnector(config({ apiToken: 'wrong-token-value-987' })).test(new AbortController().signal),
      );
      expect(error.code).toBe('AUTH');
      expect(error.message).toMatch(
        /^GET \/api\/v1\/users answered HTTP 401 \(E0000011: Invalid token provided\): the API token is wrong/,
      );
      expect(error.message).not.toContain('wrong-token-value-987');
    });

    it('maps a forbidden endpoint to PERMISSION naming what is needed', async () => {
      fake.addApiToken('users-only-token', ['okta.users.read']);
      const error = await failure(
        new OktaConnector(config({ apiToken: 'users-only-token' })).test(new AbortController().signal),
      );
      expect(error.code).toBe('PERMISSION');
      expect(error.message).toContain('GET /api/v1/groups answered HTTP 403 (E0000006');
      expect(error.message).toContain('Read-Only Administrator');
    });

    it.each([
      [404, 'NOT_FOUND', oktaBody('E0000007', 'Not found: Resource not found')],
      [400, 'CONFIGURATION', oktaBody('E0000031', 'Invalid search criteria.')],
      [302, 'CONFIGURATION', ''],
    ])('maps HTTP %s to %s', async (status, code, body) => {
      fake.fail(/^\/api\/v1\/users$/, { status, body });
      const error = await failure(new OktaConnector(config()).test(new AbortController().signal));
      expect(error.code).toBe(code);
    });

    it('retries a 5xx a few times, then reports TEMPORARY', async () => {
      fake.fail(/^\/api\/v1\/users$/, { status: 503, body: oktaBody('E0000009', 'Internal Server Error') });
      await expect(new OktaConnector(config(), noSleep).test(new AbortController().signal)).resolves.toEqual({
        userCount: null,
      });
      fake.fail(
        /^\/api\/v1\/users$/,
        { status: 500, body: oktaBody('E0000009', 'Internal Server Error') },
        5,
      );
      const error = await failure(new OktaConnector(config(), noSleep).test(new AbortController().signal));
      expect(error.code).toBe('TEMPORARY');
      expect(error.message).toBe('GET /api/v1/users answered HTTP 500 (E0000009: Internal Server Error)');
      expect(fake.requestsTo('users').filter((call) => call.status === 500)).toHaveLength(3); // 1 + 2 retries
    });

    it('times out a slow answer as TEMPORARY', async () => {
      fake.fail(/^\/api\/v1\/users$/, { delayMs: 1_000, body: '[]' }, 3);
      const error = await failure(
        new OktaConnector(config({ timeoutMs: 100 }), noSleep).test(new AbortController().signal),
      );
      expect(error.code).toBe('TEMPORARY');
      expect(error.message).toBe('GET /api/v1/users: Okta did not answer within 100 ms');
    });

    it('maps an unreachable org to TEMPORARY', async () => {
      const url = fake.url;
      await fake.stop();
      const error = await failure(
        new OktaConnector({ ...config(), orgUrl: url }, noSleep).test(new AbortController().signal),
      );
      expect(error.code).toBe('TEMPORARY');
      expect(error.message).toContain('ECONNREFUSED');
    });

    it.each([
      ['not JSON', { body: '<html>' }, 'GET /api/v1/users answered with a body that is not JSON'],
      [
        'not a list',
        { body: '{"users":[]}' },
        'GET /api/v1/users answered with an object where a list was expected',
      ],
      [
        'a next link elsewhere',
        { body: '[]', headers: { link: '<https://evil.example/api/v1/users?after=x>; rel="next"' } },
        "GET /api/v1/users: Okta's next link leads outside the org (evil.example); not followed",
      ],
    ])('refuses an answer that is %s as INVALID_DATA', async (_label, fault, message) => {
      fake.fail(/^\/api\/v1\/users$/, fault);
      const error = await failure(collect(new OktaConnector(config()).users(read())));
      expect(error).toMatchObject({ code: 'INVALID_DATA', message });
    });

    it('stops at once when the caller aborts', async () => {
      fake.fail(/^\/api\/v1\/users$/, { delayMs: 2_000, body: '[]' });
      const controller = new AbortController();
      const pending = collect(
        new OktaConnector(config()).users({ mode: 'full', cursor: null, signal: controller.signal }),
      );
      setTimeout(() => controller.abort(), 50);
      await expect(pending).rejects.toMatchObject({ name: 'AbortError' });
    });
  });

  describe('OAuth service app', () => {
    const CLIENT = '0oa1serviceapp';
    const oauthConfig = (
      privateKeyPem = RSA.privateKeyPem,
      extra: Record<string, unknown> = {},
    ): OktaConfig =>
      parseOktaConfig({
        orgUrl: fake.url,
        pageSize: 25,
        oauth: { clientId: CLIENT, privateKeyPem, ...extra },
      });

    it('gets a token with a signed client assertion, caches it, and reads', async () => {
      seedOktaOrg(fake, 60);
      fake.registerClient({
        clientId: CLIENT,
        publicKey: RSA.publicKey,
        scopes: ['okta.users.read', 'okta.groups.read'],
      });
      const connector = new OktaConnector(oauthConfig());
      const users = await collect(connector.users(read()));
      const groups = await collect(connector.groups(read()));
      expect(users.records).toHaveLength(60);
      expect(groups.records).toHaveLength(8);
      expect(fake.tokensIssued).toBe(1);
      expect(
        new Set(fake.requests.filter((call) => call.bucket !== 'token').map((call) => call.scheme)),
      ).toEqual(new Set(['Bearer']));
    });

    it('speaks DPoP when the app requires it, nonce included, with an EC key', async () => {
      const ec = pemPair('ec');
      seedOktaOrg(fake, 30);
      fake.registerClient({
        clientId: CLIENT,
        publicKey: ec.publicKey,
        scopes: ['okta.users.read', 'okta.groups.read'],
        requireDpop: true,
      });
      const connector = new OktaConnector(oauthConfig(ec.privateKeyPem));
      expect((await collect(connector.users(read()))).records).toHaveLength(30);
      expect((await collect(connector.groups(read()))).records).toHaveLength(8);
      expect(fake.requestsTo('token').map((call) => call.status)).toEqual([400, 400, 200]); // missing proof, nonce, token
      expect(
        new Set(fake.requests.filter((call) => call.bucket !== 'token').map((call) => call.scheme)),
      ).toEqual(new Set(['DPoP']));
    });

    it('renews a token Okta stops accepting, and one that expires', async () => {
      seedOktaOrg(fake, 30);
      fake.registerClient({
        clientId: CLIENT,
        publicKey: RSA.publicKey,
        scopes: ['okta.users.read', 'okta.groups.read'],
        requireDpop: true,
        tokenSeconds: 1,
      });
      const connector = new OktaConnector(oauthConfig());
      await connector.test(new AbortController().signal);
      fake.revokeTokens();
      await connector.test(new AbortController().signal);
      expect(fake.tokensIssued).toBe(2);
      // A one-second token is renewed a quarter of its life early.
      await new Promise((resolve) => setTimeout(resolve, 800));
      await connector.test(new AbortController().signal);
      expect(fake.tokensIssued).toBe(3);
    });

    it('maps a key Okta does not know to AUTH and missing scopes to PERMISSION', async () => {
      const other = pemPair('rsa');
      fake.registerClient({ clientId: CLIENT, publicKey: RSA.publicKey, scopes: ['okta.users.read'] });
      const wrongKey = await failure(
        new OktaConnector(oauthConfig(other.privateKeyPem)).test(new AbortController().signal),
      );
      expect(wrongKey.code).toBe('AUTH');
      expect(wrongKey.message).toMatch(/^POST \/oauth2\/v1\/token answered HTTP 401 \(invalid_client: /);
      const scopes = await failure(new OktaConnector(oauthConfig()).test(new AbortController().signal));
      expect(scopes.code).toBe('PERMISSION');
      expect(scopes.message).toContain('grant the service app the scopes okta.users.read, okta.groups.read');
      // Asking for the users scope alone gets a token, and the groups endpoint then says what is missing.
      const usersOnly = await failure(
        new OktaConnector(oauthConfig(RSA.privateKeyPem, { scopes: ['okta.users.read'] })).test(
          new AbortController().signal,
        ),
      );
      expect(usersOnly.code).toBe('PERMISSION');
      expect(usersOnly.message).toContain('needs the okta.groups.read scope granted');
      expect(JSON.stringify([wrongKey.message, scopes.message, usersOnly.message])).not.toContain(
        'PRIVATE KEY',
      );
    });
  });
});
