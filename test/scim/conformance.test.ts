import { dataOf, startTestApp, TestApp } from '../support/app';
import { createOrganization } from '../support/factories';
import {
  ENTERPRISE,
  ERROR,
  GROUP,
  items,
  patch,
  scimClient,
  ScimClient,
  scimConnection,
  USER,
} from './support';

const BULK_REQUEST = 'urn:ietf:params:scim:api:messages:2.0:BulkRequest';
const BULK_RESPONSE = 'urn:ietf:params:scim:api:messages:2.0:BulkResponse';

/**
 * What real provisioning hits: delete vs deactivate (RFC 7644 §3.6), data kept as sent, /Schemas
 * telling the truth, SCIM writes an admin can read, and /Bulk (RFC 7644 §3.7).
 */
describe('SCIM: conformance', () => {
  let app: TestApp;
  let orgId: string;
  let admin: string;
  let disable: { connectionId: string; token: string; scim: ScimClient };
  let remove: { connectionId: string; token: string; scim: ScimClient };

  beforeAll(async () => {
    app = await startTestApp({}, { sync: true });
    orgId = await createOrganization(app.db.dataSource);
    admin = await app.token(orgId, ['admin']);
    const a = await scimConnection(app, admin, 'Entra', 'DISABLE');
    disable = { ...a, scim: scimClient(app, a.token) };
    const b = await scimConnection(app, admin, 'Okta', 'DELETE');
    remove = { ...b, scim: scimClient(app, b.token) };
  });
  afterAll(async () => app.stop());

  const gql = async <T>(query: string, variables: Record<string, unknown> = {}, token = admin) =>
    app.request<T, Record<string, unknown>>(query, variables, { token });
  const user = (userName: string, extra: Record<string, unknown> = {}) => ({
    schemas: [USER],
    userName,
    name: { givenName: userName.split('@')[0], familyName: 'Test' },
    emails: [{ value: userName, type: 'work', primary: true }],
    ...extra,
  });
  const employee = async (id: string) =>
    dataOf(
      await gql<{ employee: { status: string; email: string; location: string | null } | null }>(
        `query ($id: ID!) { employee(id: $id) { status email location } }`,
        { id },
      ),
    ).employee;

  describe('DELETE under deletion policy DISABLE (RFC 7644 §3.6)', () => {
    it('makes the user gone for SCIM while the directory keeps the person', async () => {
      const { scim } = disable;
      const created = await scim('POST', '/Users', user('del.one@example.com', { externalId: 'x-del-1' }));
      expect(created.status).toBe(201);
      const id = String(created.body.id);
      const group = await scim('POST', '/Groups', {
        schemas: [GROUP],
        displayName: 'Deleted-user group',
        members: [{ value: id }],
      });
      expect(group.status).toBe(201);

      expect((await scim('DELETE', `/Users/${id}`)).status).toBe(204);
      expect((await scim('GET', `/Users/${id}`)).status).toBe(404);
      expect(
        (await scim('PATCH', `/Users/${id}`, patch({ op: 'replace', path: 'title', value: 'x' }))).status,
      ).toBe(404);
      expect((await scim('PUT', `/Users/${id}`, user('del.one@example.com'))).status).toBe(404);
      expect((await scim('DELETE', `/Users/${id}`)).status).toBe(404);
      const listed = await scim('GET', '/Users?count=1000');
      expect(items(listed.body.Resources).map((resource) => resource.id)).not.toContain(id);
      const filtered = await scim(
        'GET',
        `/Users?filter=${encodeURIComponent('userName eq "del.one@example.com" or active eq false')}`,
      );
      expect(filtered.body.totalResults).toBe(0);
      const members = await scim('GET', `/Groups/${String(group.body.id)}`);
      expect(members.body.members).toEqual([]);
      const [{ count }] = await app.db.dataSource.query(
        `SELECT count(*)::int AS count FROM group_members WHERE employee_id = $1`,
        [id],
      );
      expect(count).toBe(0);

      // The directory keeps the person, terminated (deletion policy DISABLE).
      expect(await employee(id)).toMatchObject({ status: 'TERMINATED', email: 'del.one@example.com' });
    });

    it('lets the same userName be created again: it re-links to the kept person, active again', async () => {
      const { scim } = disable;
      const first = await scim('POST', '/Users', user('del.two@example.com'));
      const id = String(first.body.id);
      expect((await scim('DELETE', `/Users/${id}`)).status).toBe(204);
      const again = await scim('POST', '/Users', user('del.two@example.com', { title: 'Returned' }));
      expect(again.status).toBe(201);
      expect(again.body).toMatchObject({
        id,
        userName: 'del.two@example.com',
        active: true,
        title: 'Returned',
      });
      expect((await scim('GET', `/Users/${id}`)).status).toBe(200);
      expect(await employee(id)).toMatchObject({ status: 'ACTIVE' });
    });

    it('still answers a deactivated (not deleted) user, with active false', async () => {
      const { scim } = disable;
      const created = await scim('POST', '/Users', user('deact.one@example.com'));
      const id = String(created.body.id);
      const off = await scim('PATCH', `/Users/${id}`, patch({ op: 'replace', path: 'active', value: false }));
      expect(off.status).toBe(200);
      expect((await scim('GET', `/Users/${id}`)).body.active).toBe(false);
      const filtered = await scim(
        'GET',
        `/Users?filter=${encodeURIComponent('userName eq "deact.one@example.com"')}`,
      );
      expect(filtered.body.totalResults).toBe(1);
    });
  });

  describe('deactivate is not delete (deletion policy DELETE)', () => {
    it('keeps a user PATCHed to active false, and reactivates them', async () => {
      const { scim } = remove;
      const created = await scim('POST', '/Users', user('okta.one@example.com'));
      const id = String(created.body.id);
      const off = await scim('PATCH', `/Users/${id}`, patch({ op: 'replace', value: { active: false } }));
      expect(off.status).toBe(200);
      expect(off.body).toMatchObject({ id, active: false });
      expect((await scim('GET', `/Users/${id}`)).body.active).toBe(false);
      expect(await employee(id)).toMatchObject({ status: 'TERMINATED' });

      const on = await scim('PATCH', `/Users/${id}`, patch({ op: 'replace', value: { active: true } }));
      expect(on.status).toBe(200);
      expect(on.body.active).toBe(true);
      expect(await employee(id)).toMatchObject({ status: 'ACTIVE' });
    });

    it('answers PUT with active false with 200 and the resource', async () => {
      const { scim } = remove;
      const created = await scim('POST', '/Users', user('okta.two@example.com'));
      const id = String(created.body.id);
      const put = await scim('PUT', `/Users/${id}`, user('okta.two@example.com', { active: false }));
      expect(put.status).toBe(200);
      expect(put.body).toMatchObject({ id, active: false });
    });

    it('deletes on DELETE: the person is gone from the directory', async () => {
      const { scim } = remove;
      const created = await scim('POST', '/Users', user('okta.three@example.com'));
      const id = String(created.body.id);
      expect((await scim('DELETE', `/Users/${id}`)).status).toBe(204);
      expect((await scim('GET', `/Users/${id}`)).status).toBe(404);
      expect(await employee(id)).toBeNull();
    });
  });

  describe('data kept as sent', () => {
    const addresses = [
      {
        type: 'work',
        primary: true,
        streetAddress: '100 Universal City Plaza',
        locality: 'Hollywood',
        region: 'CA',
        postalCode: '91608',
        country: 'US',
        formatted: '100 Universal City Plaza\nHollywood, CA 91608 USA',
      },
      {
        type: 'home',
        streetAddress: '456 Hollywood Blvd',
        locality: 'Los Angeles',
        postalCode: '90028',
        country: 'US',
      },
    ];
    const emails = [
      { value: 'babs@example.com', type: 'work', primary: true },
      { value: 'babs@jensen.org', type: 'home' },
      { value: 'barbara@example.net', type: 'other', primary: false },
    ];

    it('round-trips every e-mail, full addresses, name.formatted, profileUrl and photos', async () => {
      const { scim } = disable;
      const created = await scim('POST', '/Users', {
        schemas: [USER],
        userName: 'babs@example.com',
        name: { formatted: 'Ms. Barbara J Jensen, III', givenName: 'Barbara', familyName: 'Jensen' },
        emails,
        addresses,
        profileUrl: 'https://login.example.com/bjensen',
        photos: [{ value: 'https://photos.example.com/profilephoto/72930000000Ccne/F', type: 'photo' }],
      });
      expect(created.status).toBe(201);
      const id = String(created.body.id);
      const expected = {
        name: { formatted: 'Ms. Barbara J Jensen, III', givenName: 'Barbara', familyName: 'Jensen' },
        emails,
        addresses,
        profileUrl: 'https://login.example.com/bjensen',
        photos: [{ value: 'https://photos.example.com/profilephoto/72930000000Ccne/F', type: 'photo' }],
      };
      expect(created.body).toMatchObject(expected);
      expect((await scim('GET', `/Users/${id}`)).body).toMatchObject(expected);
      // A PATCH of something else keeps them; a PATCH of one e-mail changes only that one.
      await scim(
        'PATCH',
        `/Users/${id}`,
        patch({ op: 'replace', path: 'emails[type eq "other"].value', value: 'bj@example.net' }),
      );
      const patched = (await scim('GET', `/Users/${id}`)).body;
      expect(patched.emails).toEqual([emails[0], emails[1], { ...emails[2], value: 'bj@example.net' }]);
      expect(patched.addresses).toEqual(addresses);
      expect(await employee(id)).toMatchObject({ email: 'babs@example.com', location: 'Hollywood' });
    });

    it('never takes a home address as the work location', async () => {
      const { scim } = disable;
      const created = await scim(
        'POST',
        '/Users',
        user('homebody@example.com', {
          addresses: [{ type: 'home', primary: true, locality: 'Springfield', country: 'US' }],
        }),
      );
      expect(created.status).toBe(201);
      expect(created.body.addresses).toEqual([
        { type: 'home', primary: true, locality: 'Springfield', country: 'US' },
      ]);
      expect(await employee(String(created.body.id))).toMatchObject({ location: null });
    });

    it('advertises what it keeps as read-write in /Schemas', async () => {
      const schema = (await disable.scim('GET', `/Schemas/${USER}`)).body;
      const attribute = (name: string) =>
        items(schema.attributes).find((candidate) => String(candidate.name) === name)!;
      expect(attribute('profileUrl')).toMatchObject({ mutability: 'readWrite', type: 'reference' });
      expect(attribute('photos')).toMatchObject({ mutability: 'readWrite', multiValued: true });
      const street = items(attribute('addresses').subAttributes).map((sub) => sub.name);
      expect(street).toEqual(
        expect.arrayContaining(['streetAddress', 'region', 'postalCode', 'country', 'formatted']),
      );
      const name = items(attribute('name').subAttributes).find((sub) => String(sub.name) === 'formatted');
      expect(name).toMatchObject({ mutability: 'readWrite' });
    });
  });

  describe('/Schemas says what the server enforces', () => {
    it('userName is unique (server), e-mails are not (none): a second user with the same e-mail is created', async () => {
      const { scim } = disable;
      const schema = (await scim('GET', `/Schemas/${USER}`)).body;
      const attribute = (name: string) =>
        items(schema.attributes).find((candidate) => String(candidate.name) === name)!;
      expect(attribute('userName').uniqueness).toBe('server');
      const emailValue = items(attribute('emails').subAttributes).find(
        (sub) => String(sub.name) === 'value',
      )!;
      expect(emailValue.uniqueness).toBe('none');

      const first = await scim('POST', '/Users', user('unique.one@example.com'));
      expect(first.status).toBe(201);
      const again = await scim(
        'POST',
        '/Users',
        user('unique.two', { emails: [{ value: 'unique.one@example.com' }] }),
      );
      expect(again.status).toBe(201);
      expect(again.body.id).not.toBe(first.body.id);
      const sameName = await scim('POST', '/Users', user('UNIQUE.ONE@example.com'));
      expect(sameName.status).toBe(409);
      expect(sameName.body).toMatchObject({ schemas: [ERROR], scimType: 'uniqueness' });
    });
  });

  describe('SCIM writes an admin can read', () => {
    it('records who wrote what and when, with the token id and prefix but never the token', async () => {
      const { scim, connectionId, token } = remove;
      const created = await scim('POST', '/Users', user('audited@example.com'));
      const id = String(created.body.id);
      await scim('PATCH', `/Users/${id}`, patch({ op: 'replace', path: 'title', value: 'Auditor' }));
      await scim('PATCH', `/Users/${id}`, patch({ op: 'replace', path: 'nosuch', value: 'x' }));
      await scim('DELETE', `/Users/${id}`);

      const query = `query ($id: ID!) { scimWrites(connectionId: $id, first: 4) {
        at method operation resourceType resourceId status scimType attributes tokenId tokenPrefix } }`;
      const { scimWrites } = dataOf(
        await gql<{ scimWrites: Record<string, unknown>[] }>(query, { id: connectionId }),
      );
      const { scimTokens } = dataOf(
        await gql<{ scimTokens: { id: string }[] }>(
          `query ($id: ID!) { scimTokens(connectionId: $id) { id } }`,
          {
            id: connectionId,
          },
        ),
      );
      expect(scimWrites.map((write) => [write.method, write.operation, write.status])).toEqual([
        ['DELETE', 'delete', 204],
        ['PATCH', 'update', 400],
        ['PATCH', 'update', 200],
        ['POST', 'create', 201],
      ]);
      expect(scimWrites[3]).toMatchObject({
        resourceType: 'User',
        resourceId: id,
        tokenId: scimTokens[0].id,
        tokenPrefix: token.slice(0, 11),
        attributes: expect.arrayContaining(['userName', 'emails', 'name']),
      });
      expect(scimWrites[1]).toMatchObject({ scimType: 'invalidPath', resourceId: id });
      expect(scimWrites[2].attributes).toEqual(['title']);
      expect(JSON.stringify(scimWrites)).not.toContain(token.slice(12));
      expect(JSON.stringify(scimWrites)).not.toContain('audited@example.com');

      const reader = await app.token(orgId, ['reader']);
      const refused = await gql(query, { id: connectionId }, reader);
      expect(refused.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    });
  });

  describe('/Bulk (RFC 7644 §3.7)', () => {
    it('advertises its limits in /ServiceProviderConfig', async () => {
      const config = (await disable.scim('GET', '/ServiceProviderConfig')).body;
      expect(config.bulk).toEqual({ supported: true, maxOperations: 1000, maxPayloadSize: 1048576 });
    });

    it('creates users and a group that references them by bulkId', async () => {
      const { scim } = disable;
      const response = await scim('POST', '/Bulk', {
        schemas: [BULK_REQUEST],
        Operations: [
          {
            method: 'POST',
            path: '/Groups',
            bulkId: 'g1',
            data: {
              schemas: [GROUP],
              displayName: 'Bulk group',
              members: [{ value: 'bulkId:u1' }, { value: 'bulkId:u2' }],
            },
          },
          { method: 'POST', path: '/Users', bulkId: 'u1', data: user('bulk.one@example.com') },
          { method: 'POST', path: '/Users', bulkId: 'u2', data: user('bulk.two@example.com') },
          {
            method: 'PATCH',
            path: '/Users/bulkId:u2',
            data: patch({ op: 'replace', path: 'title', value: 'Second' }),
          },
        ],
      });
      expect(response.status).toBe(200);
      expect(response.body.schemas).toEqual([BULK_RESPONSE]);
      const operations = items(response.body.Operations);
      expect(operations.map((operation) => [operation.method, operation.bulkId, operation.status])).toEqual([
        ['POST', 'g1', '201'],
        ['POST', 'u1', '201'],
        ['POST', 'u2', '201'],
        ['PATCH', undefined, '200'],
      ]);
      const [group, one, two] = operations;
      expect(String(one.location)).toMatch(/\/scim\/v2\/Users\/[0-9a-f-]{36}$/);
      expect(String(one.version)).toMatch(/^W\//);
      const oneId = String(one.location).split('/').pop();
      const twoId = String(two.location).split('/').pop();
      const read = await scim('GET', `/Groups/${String(group.location).split('/').pop()}`);
      expect(
        items(read.body.members)
          .map((member) => member.value)
          .sort(),
      ).toEqual([oneId, twoId].sort());
      expect((await scim('GET', `/Users/${twoId}`)).body.title).toBe('Second');
    });

    it('reports errors per operation and stops after failOnErrors', async () => {
      const { scim } = disable;
      const response = await scim('POST', '/Bulk', {
        schemas: [BULK_REQUEST],
        failOnErrors: 1,
        Operations: [
          { method: 'POST', path: '/Users', bulkId: 'a', data: { schemas: [USER] } },
          { method: 'POST', path: '/Users', bulkId: 'b', data: user('bulk.never@example.com') },
        ],
      });
      expect(response.status).toBe(200);
      expect(items(response.body.Operations)).toEqual([
        {
          method: 'POST',
          bulkId: 'a',
          status: '400',
          response: { schemas: [ERROR], status: '400', scimType: 'invalidValue', detail: expect.any(String) },
        },
      ]);
      const none = await scim(
        'GET',
        `/Users?filter=${encodeURIComponent('userName eq "bulk.never@example.com"')}`,
      );
      expect(none.body.totalResults).toBe(0);
    });

    it('answers an unresolvable bulkId and a bad path per operation', async () => {
      const response = await disable.scim('POST', '/Bulk', {
        schemas: [BULK_REQUEST],
        Operations: [
          {
            method: 'PATCH',
            path: '/Users/bulkId:nobody',
            data: patch({ op: 'replace', path: 'title', value: 'x' }),
          },
          { method: 'GET', path: '/Users', data: {} },
          { method: 'DELETE', path: '/Schemas/x' },
        ],
      });
      expect(response.status).toBe(200);
      expect(
        items(response.body.Operations).map((operation) => [operation.status, operation.response?.scimType]),
      ).toEqual([
        ['409', 'invalidValue'],
        ['400', 'invalidSyntax'],
        ['404', undefined],
      ]);
    });

    it("takes an operation's version as its If-Match", async () => {
      const { scim } = disable;
      const created = await scim('POST', '/Users', user('bulk.version@example.com'));
      const path = `/Users/${String(created.body.id)}`;
      const response = await scim('POST', '/Bulk', {
        schemas: [BULK_REQUEST],
        Operations: [
          {
            method: 'PATCH',
            path,
            version: 'W/"stale"',
            data: patch({ op: 'replace', path: 'title', value: 'x' }),
          },
          {
            method: 'PATCH',
            path,
            version: String(created.body.meta.version),
            data: patch({ op: 'replace', path: 'title', value: 'y' }),
          },
        ],
      });
      expect(items(response.body.Operations).map((operation) => operation.status)).toEqual(['412', '200']);
      expect((await scim('GET', path)).body.title).toBe('y');
    });

    it('refuses too many operations and too large a payload with 413', async () => {
      const { scim } = disable;
      const many = await scim('POST', '/Bulk', {
        schemas: [BULK_REQUEST],
        Operations: Array.from({ length: 1001 }, (_, index) => ({
          method: 'DELETE',
          path: `/Users/${index}`,
        })),
      });
      expect(many.status).toBe(413);
      expect(many.body).toMatchObject({ schemas: [ERROR], status: '413', scimType: 'tooMany' });
      const large = await scim('POST', '/Bulk', {
        schemas: [BULK_REQUEST],
        Operations: [
          { method: 'POST', path: '/Users', data: user('large@example.com', { title: 'x'.repeat(1048576) }) },
        ],
      });
      expect(large.status).toBe(413);
      expect(large.body).toMatchObject({ schemas: [ERROR], status: '413' });
    });

    it('needs the BulkRequest schema', async () => {
      const response = await disable.scim('POST', '/Bulk', { Operations: [] });
      expect(response.status).toBe(400);
      expect(response.body.scimType).toBe('invalidSyntax');
    });
  });

  it('keeps the enterprise extension through a deactivation', async () => {
    const { scim } = remove;
    const created = await scim(
      'POST',
      '/Users',
      user('ext@example.com', { schemas: [USER, ENTERPRISE], [ENTERPRISE]: { employeeNumber: 'E-77' } }),
    );
    const off = await scim(
      'PATCH',
      `/Users/${String(created.body.id)}`,
      patch({ op: 'replace', path: 'active', value: false }),
    );
    expect(off.body[ENTERPRISE]).toMatchObject({ employeeNumber: 'E-77' });
  });
});
