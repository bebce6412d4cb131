import { ZodError } from 'zod';
import {
  awsIdentityCenterConnector,
  AwsIdentityCenterConnector,
} from '../../src/connectors/aws-identity-center';
import { parseAwsIdentityCenterConfig } from '../../src/connectors/aws-identity-center/aws.config';
import { mapAwsGroup, mapAwsUser } from '../../src/connectors/aws-identity-center/aws-mapping';
import { OutboundPolicy } from '../../src/connectors/http';
import { testPki } from '../fakes/graph/pki';
import {
  FAKE_AWS_ACCESS_KEY_ID,
  FAKE_AWS_SECRET_ACCESS_KEY,
  FAKE_IDENTITY_STORE_ID,
  FakeIdentityStore,
} from '../fakes/aws-identitystore/fake-identitystore';
import { awsUserId, seedAwsStore } from '../fakes/aws-identitystore/tenant';
import { collectPages, connectorFailure, readRequest } from '../support/connector-reads';

describe('AWS IAM Identity Center settings', () => {
  const base = {
    region: 'eu-west-1',
    identityStoreId: 'd-9067abcdef',
    accessKeyId: 'AKIAEXAMPLEKEY12',
    secretAccessKey: 'secret',
  };

  it('fills in defaults and parses its own output again unchanged', () => {
    const config = parseAwsIdentityCenterConfig(base);
    expect(config).toEqual({ ...base, pageSize: 100, timeoutMs: 30_000 });
    expect(parseAwsIdentityCenterConfig(config)).toEqual(config);
    expect(awsIdentityCenterConnector.secretFields).toEqual(['secretAccessKey', 'sessionToken']);
  });

  it.each([
    [{ region: 'Ireland' }, 'region'],
    [{ identityStoreId: 'store-1' }, 'identityStoreId'],
    [{ pageSize: 101 }, 'pageSize'],
    [{ endpoint: 'http://127.0.0.1:9/' }, 'endpoint'],
    [{ secretAccessKey: undefined }, 'secretAccessKey'],
  ])('rejects %j naming %s', (override, field) => {
    try {
      parseAwsIdentityCenterConfig({ ...base, ...override });
      throw new Error('accepted');
    } catch (error) {
      expect(error).toBeInstanceOf(ZodError);
      expect((error as ZodError).issues[0].path).toEqual([field]);
    }
  });

  it("does not lend the server's own AWS credentials unless the operator allows it", () => {
    const withoutKeys = { region: 'eu-west-1', identityStoreId: 'd-9067abcdef' };
    expect(() => parseAwsIdentityCenterConfig(withoutKeys)).toThrow(/does not lend its own AWS credentials/);
    process.env.AWS_CONNECTIONS_DEFAULT_CREDENTIALS = 'true';
    try {
      expect(parseAwsIdentityCenterConfig(withoutKeys).accessKeyId).toBeUndefined();
    } finally {
      delete process.env.AWS_CONNECTIONS_DEFAULT_CREDENTIALS;
    }
  });
});

describe('AWS IAM Identity Center mapping', () => {
  it('maps a user with the enterprise extension, the primary e-mail and a disabled status', () => {
    const user = mapAwsUser({
      IdentityStoreId: 'd-9067abcdef',
      UserId: 'u-1',
      UserName: 'zoe@example.org',
      DisplayName: "Zoë O'Brien",
      Name: { GivenName: 'Zoë', FamilyName: "O'Brien" },
      NickName: 'Zo',
      Title: 'Engineer',
      UserType: 'Contractor',
      UserStatus: 'DISABLED',
      Timezone: 'Europe/Dublin',
      Emails: [
        { Value: 'z@home.example', Type: 'home' },
        { Value: 'Zoe@Example.org', Type: 'work', Primary: true },
      ],
      PhoneNumbers: [{ Value: '+353 1 555 0001', Type: 'work' }],
      Addresses: [{ Locality: 'Dublin', Type: 'work' }],
      Extensions: {
        'aws:identitystore:enterprise': {
          employeeNumber: 'E1',
          costCenter: 'CC-1',
          organization: 'Example',
          division: 'EMEA',
          department: 'Engineering',
          manager: { value: 'u-0' },
        },
      },
    });
    expect(user).toEqual({
      externalId: 'u-1',
      attributes: {
        idpId: 'u-1',
        username: 'zoe@example.org',
        email: 'zoe@example.org',
        displayName: "Zoë O'Brien",
        firstName: 'Zoë',
        lastName: "O'Brien",
        preferredName: 'Zo',
        jobTitle: 'Engineer',
        phone: '+353 1 555 0001',
        location: 'Dublin',
        timeZone: 'Europe/Dublin',
        employmentType: 'contractor',
        status: 'suspended',
        employeeNumber: 'E1',
        costCenter: 'CC-1',
        company: 'Example',
        division: 'EMEA',
        department: 'Engineering',
      },
      manager: { kind: 'externalId', value: 'u-0' },
    });
  });

  it('leaves HR attributes and the manager alone when the extension is absent', () => {
    const user = mapAwsUser({ IdentityStoreId: 'd', UserId: 'u-2', UserName: 'x' });
    expect(user.manager).toBeUndefined();
    expect(user.attributes).not.toHaveProperty('department');
    expect(user.attributes).not.toHaveProperty('status');
  });

  it('maps a group with its user members', () => {
    const group = mapAwsGroup({ IdentityStoreId: 'd', GroupId: 'g-1', DisplayName: 'Admins' }, [
      { IdentityStoreId: 'd', GroupId: 'g-1', MemberId: { UserId: 'u-1' } },
      { IdentityStoreId: 'd', GroupId: 'g-1', MemberId: { UserId: 'u-2' } },
    ]);
    expect(group.attributes.name).toBe('Admins');
    expect(group.members).toEqual([
      { type: 'user', externalId: 'u-1' },
      { type: 'user', externalId: 'u-2' },
    ]);
  });
});

describe('AWS IAM Identity Center connector against the fake identity store (real SDK, SigV4, TLS)', () => {
  let store: FakeIdentityStore;
  beforeAll(async () => {
    store = await new FakeIdentityStore().start();
  });
  afterAll(() => store.stop());
  beforeEach(() => {
    seedAwsStore(store, { people: 450 });
    store.failures = [];
    store.deniedKeys.clear();
    store.calls.clear();
  });

  const connector = (override: Record<string, unknown> = {}, outbound?: OutboundPolicy) =>
    new AwsIdentityCenterConnector(
      parseAwsIdentityCenterConfig({
        region: store.region,
        identityStoreId: FAKE_IDENTITY_STORE_ID,
        accessKeyId: FAKE_AWS_ACCESS_KEY_ID,
        secretAccessKey: FAKE_AWS_SECRET_ACCESS_KEY,
        endpoint: store.endpoint,
        caCertificatePem: testPki().caPem,
        pageSize: 100,
        ...override,
      }),
      outbound,
    );

  it('tests the connection with one signed request per list', async () => {
    await expect(connector().test(new AbortController().signal)).resolves.toEqual({ userCount: null });
    expect(store.calls.get('ListUsers')).toBe(1);
    expect(store.calls.get('ListGroups')).toBe(1);
  });

  it('reads every user page by page with managers and every group with all of its members', async () => {
    const aws = connector({ pageSize: 40 });
    const users = await collectPages(aws.users(readRequest()));
    expect(users.records).toHaveLength(450);
    expect(users.pages).toBe(12);
    const person = users.records.find((user) => user.externalId === awsUserId(7))!;
    expect(person.manager).toEqual({ kind: 'externalId', value: awsUserId(2) });
    expect(person.attributes.email).toBe('person7@example.org');
    const groups = await collectPages(aws.groups(readRequest()));
    const all = groups.records.find((group) => group.externalId === 'g-9999-all')!;
    // 450 members over 12 pages of 40.
    expect(all.members).toHaveLength(450);
    expect(aws.supportsIncremental).toBe(false);
    expect(aws.nextCursor()).toBeNull();
  });

  it('rides out one throttle (the SDK retries) and fails THROTTLED with Retry-After when it lasts', async () => {
    store.failures = [{ operation: 'ListUsers', status: 400, type: 'ThrottlingException', times: 1 }];
    const users = await collectPages(connector().users(readRequest()));
    expect(users.records).toHaveLength(450);

    store.failures = [
      { operation: 'ListUsers', status: 400, type: 'ThrottlingException', retryAfterSeconds: 1, times: 10 },
    ];
    const throttled = await connectorFailure(collectPages(connector().users(readRequest())));
    expect(throttled.code).toBe('THROTTLED');
    expect(throttled.retryable).toBe(true);
    expect(throttled.retryAfterMs).toBe(1000);
  });

  it.each([
    ['a wrong secret', { secretAccessKey: 'not-the-secret' }, 'AUTH'],
    ['an unknown key', { accessKeyId: 'AKIANOTAKNOWNKEY1' }, 'AUTH'],
    ['another identity store', { identityStoreId: 'd-0000000000' }, 'NOT_FOUND'],
  ])('fails with a typed error for %s, never quoting the secret', async (_what, override, code) => {
    const error = await connectorFailure(connector(override).test(new AbortController().signal));
    expect(error.code).toBe(code);
    expect(error.retryable).toBe(false);
    expect(error.message).not.toContain(FAKE_AWS_SECRET_ACCESS_KEY);
  });

  it('says which IAM actions are missing when access is denied', async () => {
    store.deniedKeys.add(FAKE_AWS_ACCESS_KEY_ID);
    const error = await connectorFailure(collectPages(connector().users(readRequest())));
    expect(error.code).toBe('PERMISSION');
    expect(error.message).toContain('identitystore:ListUsers');
  });

  it('fails TEMPORARY on lasting server errors and on a page that is not JSON', async () => {
    store.failures = [{ operation: 'ListGroups', status: 500, type: 'InternalServerException', times: 10 }];
    expect((await connectorFailure(collectPages(connector().groups(readRequest())))).code).toBe('TEMPORARY');
    store.failures = [{ operation: 'ListUsers', status: 502, type: 'x', garbage: true, times: 10 }];
    const garbled = await connectorFailure(collectPages(connector().users(readRequest())));
    expect(['TEMPORARY', 'INVALID_DATA']).toContain(garbled.code);
  });

  it.each([
    ['an IP literal', () => store.endpoint],
    ['a name that resolves to loopback', () => store.endpoint.replace('127.0.0.1', 'localhost')],
  ])('refuses %s unless the operator allows it, with the one refusal message', async (_what, endpoint) => {
    const error = await connectorFailure(
      connector({ endpoint: endpoint() }, new OutboundPolicy()).test(new AbortController().signal),
    );
    expect(error.code).toBe('DESTINATION_NOT_ALLOWED');
    expect(error.message).not.toContain('127.0.0.1');
    expect(store.calls.size).toBe(0);
  });
});
