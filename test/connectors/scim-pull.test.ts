import { ZodError } from 'zod';
import { ScimPullConnector, scimPullConnector } from '../../src/connectors/scim-pull';
import { parseScimPullConfig } from '../../src/connectors/scim-pull/scim-pull.config';
import { ENTERPRISE_USER, mapScimGroup, mapScimUser } from '../../src/connectors/scim-pull/scim-pull-mapping';
import { testPki } from '../fakes/graph/pki';
import { FakeScimServer, SCIM_TOKEN, seedScimTenant } from '../fakes/scim-server/fake-scim-server';
import { collectPages, connectorFailure, readRequest } from '../support/connector-reads';

describe('SCIM pull settings and mapping', () => {
  it('takes https, or http only to this machine, and keeps the token secret', () => {
    expect(parseScimPullConfig({ baseUrl: 'https://api.alexishr.com/scim/v2/', bearerToken: 't' })).toEqual({
      baseUrl: 'https://api.alexishr.com/scim/v2',
      bearerToken: 't',
      pageSize: 100,
      timeoutMs: 30_000,
      includeGroups: true,
      inactiveStatus: 'terminated',
    });
    expect(parseScimPullConfig({ baseUrl: 'http://127.0.0.1:4001/scim/v2', bearerToken: 't' }).baseUrl).toBe(
      'http://127.0.0.1:4001/scim/v2',
    );
    expect(() => parseScimPullConfig({ baseUrl: 'http://hr.example.com/scim/v2', bearerToken: 't' })).toThrow(
      ZodError,
    );
    expect(scimPullConnector.secretFields).toEqual(['bearerToken']);
  });

  it("maps the seed's AlexisHR user: enterprise attributes, work e-mail apart from home, no home address as location", () => {
    const user = mapScimUser(
      {
        schemas: ['urn:ietf:params:scim:schemas:core:2.0:User', ENTERPRISE_USER],
        id: 'abc',
        userName: 'fname@example.com',
        name: { givenName: 'Fname', familyName: 'Lname' },
        active: true,
        [ENTERPRISE_USER]: {
          employeeNumber: '1',
          organization: 'Example AB',
          division: 'Division 123',
          costCenter: 'CODE-1',
          department: 'Tech',
        },
        meta: { resourceType: 'User', lastModified: '2021-04-29T16:47:11.001Z', location: null },
        displayName: 'Fname Lname',
        profileUrl: 'https://api.alexishr.com/files/upload/x.jpeg',
        title: 'CEO',
        emails: [
          { value: 'Fname@Example.com', type: 'work', primary: true },
          { value: 'fname@home.example', type: 'home' },
        ],
        phoneNumbers: [{ value: '+4623456789', type: 'work', primary: true }],
        photos: [{ value: 'https://api.alexishr.com/files/upload/x.jpeg', type: 'photo' }],
        addresses: [{ streetAddress: 'Street 1', locality: 'Stockholm', type: 'home', primary: true }],
      },
      { inactiveStatus: 'terminated' },
    );
    expect(user).toEqual({
      externalId: 'abc',
      attributes: {
        idpId: null,
        username: 'fname@example.com',
        email: 'fname@example.com',
        personalEmail: 'fname@home.example',
        displayName: 'Fname Lname',
        firstName: 'Fname',
        lastName: 'Lname',
        preferredName: null,
        jobTitle: 'CEO',
        phone: '+4623456789',
        location: null,
        timeZone: null,
        status: 'active',
        employeeNumber: '1',
        costCenter: 'CODE-1',
        company: 'Example AB',
        division: 'Division 123',
        department: 'Tech',
        customAttributes: {
          profileUrl: 'https://api.alexishr.com/files/upload/x.jpeg',
          photoUrl: 'https://api.alexishr.com/files/upload/x.jpeg',
        },
      },
      manager: null,
    });
    expect(mapScimUser({ id: 'x', active: false }, { inactiveStatus: 'suspended' }).attributes.status).toBe(
      'suspended',
    );
  });

  it('tells nested groups from users by type or by $ref', () => {
    expect(
      mapScimGroup({
        id: 'g',
        displayName: 'All',
        members: [
          { value: 'u1' },
          { value: 'g2', $ref: 'https://x/scim/v2/Groups/g2' },
          { value: 'g3', type: 'Group' },
        ],
      }).members,
    ).toEqual([
      { type: 'user', externalId: 'u1' },
      { type: 'group', externalId: 'g2' },
      { type: 'group', externalId: 'g3' },
    ]);
  });
});

describe('SCIM pull connector against a fake HR SCIM server (shared transport, TLS)', () => {
  let fake: FakeScimServer;
  beforeAll(async () => {
    fake = await new FakeScimServer().start();
  });
  afterAll(() => fake.stop());
  beforeEach(() => {
    seedScimTenant(fake, 130);
    fake.serviceProviderConfig = { filter: true, maxResults: 50 };
    fake.failures = [];
    fake.requests.length = 0;
  });

  const connector = (override: Record<string, unknown> = {}) =>
    new ScimPullConnector(
      parseScimPullConfig({
        baseUrl: fake.baseUrl,
        bearerToken: SCIM_TOKEN,
        caCertificatePem: testPki().caPem,
        ...override,
      }),
    );

  it('tests the connection and reports the size the server tells', async () => {
    await expect(connector().test(new AbortController().signal)).resolves.toEqual({ userCount: 130 });
  });

  it("pages by startIndex within the server's advertised maxResults, and reads groups with nested members", async () => {
    const scim = connector({ pageSize: 500 });
    const users = await collectPages(scim.users(readRequest()));
    expect(users.records).toHaveLength(130);
    expect(
      fake.requests
        .filter((request) => request.path === '/Users')
        .map((request) => request.query.get('startIndex')),
    ).toEqual(['1', '51', '101']);
    expect(
      fake.requests.every((request) => request.path !== '/Users' || request.query.get('count') === '50'),
    ).toBe(true);
    expect(users.records.find((user) => user.externalId === 'usr_00007')!.manager).toEqual({
      kind: 'externalId',
      value: 'usr_00002',
    });
    const groups = await collectPages(scim.groups(readRequest()));
    expect(groups.records.find((group) => group.externalId === 'grp_all')!.members).toHaveLength(4);
  });

  it('reads only what changed since the cursor, with the meta.lastModified filter', async () => {
    const scim = connector();
    await collectPages(scim.users(readRequest()));
    const cursor = scim.nextCursor();
    expect(cursor).not.toBeNull();
    fake.users[5].title = 'Promoted';
    fake.users[5].lastModified = new Date(Date.now()).toISOString();
    const again = connector();
    const changed = await collectPages(again.users(readRequest('incremental', cursor)));
    // The newest of the first read is read again (the cursor overlaps by a minute), with the one that changed.
    expect(changed.records.map((user) => user.externalId).sort()).toEqual(['usr_00005', 'usr_00129']);
    expect(fake.requests.at(-1)?.query.get('filter')).toMatch(
      /^meta\.lastModified gt "2025-01-06T08:59:00\.000Z"$/,
    );
  });

  it('asks for a full sync when the server cannot filter, and reads fine without discovery', async () => {
    fake.serviceProviderConfig = null;
    const cursor = JSON.stringify({ v: 1, since: '2026-01-01T00:00:00.000Z' });
    expect(
      (await connectorFailure(collectPages(connector().users(readRequest('incremental', cursor))))).code,
    ).toBe('CURSOR_EXPIRED');
    expect((await collectPages(connector().users(readRequest()))).records).toHaveLength(130);
  });

  it('fails AUTH with a wrong token (never quoting it), rides out a 429 and fails TEMPORARY on lasting 500s', async () => {
    const auth = await connectorFailure(
      connector({ bearerToken: 'wrong-token-value' }).test(new AbortController().signal),
    );
    expect(auth.code).toBe('AUTH');
    expect(auth.message).not.toContain('wrong-token-value');
    fake.failures = [{ path: '/Users', status: 429, retryAfterSeconds: 1, times: 1 }];
    expect((await collectPages(connector().users(readRequest()))).records).toHaveLength(130);
    fake.failures = [{ path: '/Groups', status: 500, times: 50 }];
    expect(
      (await connectorFailure(collectPages(connector({ timeoutMs: 2000 }).groups(readRequest())))).code,
    ).toBe('TEMPORARY');
  });

  it('fails INVALID_DATA on a page that is not JSON', async () => {
    fake.failures = [{ path: '/Users', status: 200, garbage: true, times: 1 }];
    expect((await connectorFailure(collectPages(connector().users(readRequest())))).code).toBe(
      'INVALID_DATA',
    );
  });
});
