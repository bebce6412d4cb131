import { generateKeyPairSync } from 'node:crypto';
import { ZodError } from 'zod';
import { googleWorkspaceConnector, GoogleWorkspaceConnector } from '../../src/connectors/google-workspace';
import { parseGoogleWorkspaceConfig } from '../../src/connectors/google-workspace/google.config';
import { GOOGLE_SCOPES } from '../../src/connectors/google-workspace/google.connector';
import { mapGoogleGroup, mapGoogleUser } from '../../src/connectors/google-workspace/google-mapping';
import { OutboundPolicy } from '../../src/connectors/http';
import { testPki } from '../fakes/graph/pki';
import { FakeGoogleWorkspace } from '../fakes/google-workspace/fake-google';
import {
  GOOGLE_ADMIN_EMAIL,
  googleEmail,
  googleUserId,
  seedGoogleWorkspace,
} from '../fakes/google-workspace/tenant';
import { collectPages, connectorFailure, readRequest } from '../support/connector-reads';

const SERVICE_ACCOUNT = 'directory-sync@example-project.iam.gserviceaccount.com';
const KEYS = generateKeyPairSync('rsa', {
  modulusLength: 2048,
  publicKeyEncoding: { type: 'spki', format: 'pem' },
  privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
});
describe('Google Workspace settings', () => {
  const base = {
    serviceAccountEmail: SERVICE_ACCOUNT,
    privateKey: KEYS.privateKey,
    delegatedAdminEmail: 'Admin@Example.org',
  };

  it('fills in defaults (the whole account, Google endpoints) and parses its own output unchanged', () => {
    const config = parseGoogleWorkspaceConfig(base);
    expect(config).toMatchObject({
      customer: 'my_customer',
      delegatedAdminEmail: 'admin@example.org',
      apiRootUrl: 'https://admin.googleapis.com/',
      tokenUrl: 'https://oauth2.googleapis.com/token',
      pageSize: 500,
      includeSuspended: true,
    });
    expect(parseGoogleWorkspaceConfig(config)).toEqual(config);
    expect(googleWorkspaceConnector.secretFields).toEqual(['privateKey']);
  });

  it.each([
    [{ privateKey: 'not a key' }, 'privateKey'],
    [{ delegatedAdminEmail: 'admin' }, 'delegatedAdminEmail'],
    [{ domain: 'example.org', customer: 'my_customer' }, 'customer'],
    [{ pageSize: 501 }, 'pageSize'],
    [{ apiRootUrl: 'http://127.0.0.1/' }, 'apiRootUrl'],
  ])('rejects %j naming %s, never quoting the key', (override, field) => {
    try {
      parseGoogleWorkspaceConfig({ ...base, ...override });
      throw new Error('accepted');
    } catch (error) {
      expect(error).toBeInstanceOf(ZodError);
      expect((error as ZodError).issues[0].path).toEqual([field]);
      expect(JSON.stringify((error as ZodError).issues)).not.toContain('PRIVATE KEY');
    }
  });
});

describe('Google Workspace mapping', () => {
  it('maps HR attributes, the manager relation, custom schemas and an archived account', () => {
    const user = mapGoogleUser({
      id: '42',
      primaryEmail: 'Zoe@Example.org',
      name: { givenName: 'Zoë', familyName: "O'Brien", fullName: "Zoë O'Brien" },
      archived: true,
      orgUnitPath: '/Engineering/Platform',
      emails: [
        { address: 'zoe@example.org', primary: true },
        { address: 'z@home.example', type: 'home' },
      ],
      relations: [{ value: 'Boss@Example.org', type: 'manager' }],
      organizations: [
        {
          title: 'Engineer',
          department: 'Engineering',
          costCenter: 'CC-1',
          primary: true,
          fullTimeEquivalent: 50000,
        },
      ],
      externalIds: [{ value: 'E42', type: 'organization' }],
      customSchemas: { Employment: { Badge: 'B-1', Languages: [{ value: 'en' }] } },
    });
    expect(user.manager).toEqual({ kind: 'email', value: 'boss@example.org' });
    expect(user.attributes).toMatchObject({
      idpId: '42',
      email: 'zoe@example.org',
      personalEmail: 'z@home.example',
      jobTitle: 'Engineer',
      department: 'Engineering',
      costCenter: 'CC-1',
      employeeNumber: 'E42',
      employmentType: 'part_time',
      status: 'terminated',
      customAttributes: {
        orgUnitPath: '/Engineering/Platform',
        'Employment.Badge': 'B-1',
        'Employment.Languages': ['en'],
      },
    });
  });

  it('keeps users and nested groups as members, and leaves out the whole-account member', () => {
    const group = mapGoogleGroup({ id: 'g', name: 'All' }, [
      { id: 'u1', type: 'USER' },
      { id: 'g2', type: 'GROUP' },
      { id: 'C0', type: 'CUSTOMER' },
    ]);
    expect(group.members).toEqual([
      { type: 'user', externalId: 'u1' },
      { type: 'group', externalId: 'g2' },
    ]);
  });
});

describe('Google Workspace connector against the fake (real google-auth-library and Admin SDK client)', () => {
  let fake: FakeGoogleWorkspace;
  beforeAll(async () => {
    fake = await new FakeGoogleWorkspace().start();
  });
  afterAll(() => fake.stop());
  beforeEach(() => {
    seedGoogleWorkspace(fake, { people: 620 });
    fake.serviceAccounts.clear();
    fake.registerServiceAccount(SERVICE_ACCOUNT, KEYS.publicKey, GOOGLE_SCOPES);
    fake.failures = [];
    fake.calls.clear();
  });

  const connector = (override: Record<string, unknown> = {}, outbound?: OutboundPolicy) =>
    new GoogleWorkspaceConnector(
      parseGoogleWorkspaceConfig({
        serviceAccountEmail: SERVICE_ACCOUNT,
        privateKey: KEYS.privateKey,
        delegatedAdminEmail: GOOGLE_ADMIN_EMAIL,
        apiRootUrl: fake.apiRootUrl,
        tokenUrl: fake.tokenUrl,
        caCertificatePem: testPki().caPem,
        ...override,
      }),
      outbound,
    );

  it('tests the connection: one token for both lists', async () => {
    await expect(connector().test(new AbortController().signal)).resolves.toEqual({ userCount: null });
    expect(fake.calls.get('token')).toBe(1);
    expect(fake.calls.get('users')).toBe(1);
  });

  it('reads users 500 a page with managers, and groups with nested members', async () => {
    const google = connector();
    const users = await collectPages(google.users(readRequest()));
    expect(users.records).toHaveLength(620);
    expect(users.pages).toBe(2);
    const person = users.records.find((user) => user.externalId === googleUserId(7))!;
    expect(person.manager).toEqual({ kind: 'email', value: googleEmail(2) });
    expect(users.records.filter((user) => user.attributes.status === 'suspended').length).toBeGreaterThan(0);
    const groups = await collectPages(google.groups(readRequest()));
    const all = groups.records.find((group) => group.attributes.name === 'All staff')!;
    expect(all.members).toHaveLength(8);
    expect(all.members!.every((member) => member.type === 'group')).toBe(true);
    const engineering = groups.records.find((group) => group.attributes.name === 'Engineering team')!;
    // 620 people over 8 departments: 78 in the first, read over one page of 200.
    expect(engineering.members).toHaveLength(78);
  });

  it('leaves suspended and archived users out when told to', async () => {
    const users = await collectPages(connector({ includeSuspended: false }).users(readRequest()));
    expect(users.records.every((user) => user.attributes.status === 'active')).toBe(true);
  });

  it('says to grant domain-wide delegation when the scopes are not granted', async () => {
    fake.registerServiceAccount(SERVICE_ACCOUNT, KEYS.publicKey, [GOOGLE_SCOPES[0]]);
    const error = await connectorFailure(connector().test(new AbortController().signal));
    expect(error.code).toBe('AUTH');
    expect(error.message).toContain('domain-wide delegation');
  });

  it.each([
    ['a delegated admin who is not an admin', { delegatedAdminEmail: googleEmail(5) }, 'AUTH'],
    ['a domain the account does not have', { domain: 'other.example' }, 'NOT_FOUND'],
  ])('fails with a typed error for %s', async (_what, override, code) => {
    const error = await connectorFailure(connector(override).test(new AbortController().signal));
    expect(error.code).toBe(code);
    expect(error.message).not.toContain('PRIVATE KEY');
  });

  it('fails PERMISSION on a 403 and THROTTLED on a rate limit, with Retry-After', async () => {
    fake.failures = [{ endpoint: 'users', status: 403, reason: 'forbidden', times: 1 }];
    expect((await connectorFailure(collectPages(connector().users(readRequest())))).code).toBe('PERMISSION');
    fake.failures = [
      { endpoint: 'users', status: 403, reason: 'userRateLimitExceeded', retryAfterSeconds: 9, times: 1 },
    ];
    const throttled = await connectorFailure(collectPages(connector().users(readRequest())));
    expect(throttled.code).toBe('THROTTLED');
    expect(throttled.retryAfterMs).toBe(9000);
  });

  it('rides out passing 503s (the client library retries) and fails TEMPORARY when they last', async () => {
    fake.failures = [{ endpoint: 'groups', status: 503, reason: 'backendError', times: 1 }];
    expect((await collectPages(connector().groups(readRequest()))).records).toHaveLength(9);
    fake.failures = [{ endpoint: 'groups', status: 503, reason: 'backendError', times: 20 }];
    expect((await connectorFailure(collectPages(connector().groups(readRequest())))).code).toBe('TEMPORARY');
  });

  it('fails INVALID_DATA on a page that is not JSON', async () => {
    fake.failures = [{ endpoint: 'users', status: 200, reason: 'x', garbage: true, times: 1 }];
    expect((await connectorFailure(collectPages(connector().users(readRequest())))).code).toBe(
      'INVALID_DATA',
    );
  });

  it('refuses loopback unless the operator allows it, before any credential leaves', async () => {
    const error = await connectorFailure(
      connector({}, new OutboundPolicy()).test(new AbortController().signal),
    );
    expect(error.code).toBe('DESTINATION_NOT_ALLOWED');
    expect(fake.calls.size).toBe(0);
  });
});
