import { dataOf, startTestApp, TestApp } from '../support/app';
import { createEmployee, createOrganization } from '../support/factories';
import { items, patch, scimClient, ScimClient, scimConnection, USER } from './support';

/**
 * What real identity providers send about e-mail: users without one (SCIM requires only
 * userName), addresses several users share (Okta admin accounts, shared mailboxes), and
 * addresses an organization derives from a template. Also userName uniqueness per connection.
 */
describe('SCIM: e-mail optional and shared, userName unique per connection', () => {
  let app: TestApp;
  let orgId: string;
  let admin: string;
  let scim: ScimClient;
  let connectionId: string;

  beforeAll(async () => {
    app = await startTestApp({}, { sync: true });
    orgId = await createOrganization(app.db.dataSource);
    admin = await app.token(orgId, ['admin']);
    const created = await scimConnection(app, admin, 'Okta');
    connectionId = created.connectionId;
    scim = scimClient(app, created.token);
  });
  afterAll(async () => app.stop());

  const gql = async <T>(query: string, variables: Record<string, unknown> = {}) =>
    app.request<T, Record<string, unknown>>(query, variables, { token: admin });
  const employee = async (id: string) =>
    dataOf(
      await gql<{ employee: { email: string | null; displayName: string; status: string } | null }>(
        `query ($id: ID!) { employee(id: $id) { email displayName status } }`,
        { id },
      ),
    ).employee;

  describe('a user without e-mail', () => {
    it('is created (201) with no emails, shown with email null, found by name', async () => {
      const created = await scim('POST', '/Users', {
        schemas: [USER],
        userName: 'ehrenfest',
        name: { givenName: 'Paul', familyName: 'Ehrenfest' },
      });
      expect(created.status).toBe(201);
      expect(created.body.userName).toBe('ehrenfest');
      expect(created.body.emails).toBeUndefined();
      const id = String(created.body.id);
      expect(await employee(id)).toEqual({ email: null, displayName: 'Paul Ehrenfest', status: 'ACTIVE' });

      // Filters on e-mails leave them out; on userName they find them.
      const byEmail = await scim('GET', `/Users?filter=${encodeURIComponent('emails pr')}`);
      expect(items(byEmail.body.Resources).map((user) => String(user.id))).not.toContain(id);
      const byName = await scim('GET', `/Users?filter=${encodeURIComponent('userName eq "EHRENFEST"')}`);
      expect(items(byName.body.Resources).map((user) => String(user.id))).toEqual([id]);

      // Typeahead finds them by name.
      const { lookupEmployees } = dataOf(
        await gql<{
          lookupEmployees: { matchedField: string; employee: { id: string; email: string | null } }[];
        }>(`{ lookupEmployees(query: "ehrenfest") { matchedField employee { id email } } }`),
      );
      expect(lookupEmployees).toContainEqual({ matchedField: 'NAME', employee: { id, email: null } });

      // A user with a username only, not even a name, is named by it.
      const bare = await scim('POST', '/Users', { schemas: [USER], userName: 'bare.user' });
      expect(bare.status).toBe(201);
      expect(await employee(String(bare.body.id))).toMatchObject({ email: null, displayName: 'bare.user' });
    });

    it('loses the e-mail when a PUT or PATCH gives none any more, and gets it back', async () => {
      const created = await scim('POST', '/Users', {
        schemas: [USER],
        userName: 'lorentz',
        emails: [{ value: 'lorentz@example.com', primary: true }],
      });
      const id = String(created.body.id);
      const removed = await scim('PATCH', `/Users/${id}`, patch({ op: 'remove', path: 'emails' }));
      expect(removed.status).toBe(200);
      expect(removed.body.emails).toBeUndefined();
      expect((await employee(id))?.email).toBeNull();
      const back = await scim('PUT', `/Users/${id}`, {
        schemas: [USER],
        userName: 'lorentz',
        emails: [{ value: 'Lorentz@Example.com', primary: true }],
      });
      expect(back.status).toBe(200);
      expect((await employee(id))?.email).toBe('lorentz@example.com');
    });

    it("gets an address from the connection's e-mail template", async () => {
      const { createDirectoryConnection } = dataOf(
        await gql<{ createDirectoryConnection: { id: string; settings: Record<string, unknown> } }>(
          `mutation ($input: DirectoryConnectionInput!) { createDirectoryConnection(input: $input) { id settings } }`,
          {
            input: {
              name: 'Templated',
              source: 'SCIM',
              config: { identity: { emailTemplate: '{username}@physics.example' } },
            },
          },
        ),
      );
      expect(createDirectoryConnection.settings).toMatchObject({
        identity: { emailTemplate: '{username}@physics.example' },
      });
      const { createScimToken } = dataOf(
        await gql<{ createScimToken: { token: string } }>(
          `mutation ($id: ID!) { createScimToken(connectionId: $id) { token } }`,
          { id: createDirectoryConnection.id },
        ),
      );
      const templated = scimClient(app, createScimToken.token);
      const created = await templated('POST', '/Users', { schemas: [USER], userName: 'Bohr' });
      expect(created.status).toBe(201);
      expect(created.body.emails).toEqual([{ value: 'bohr@physics.example', type: 'work', primary: true }]);
      // An address the client sends wins over the template.
      const given = await templated('POST', '/Users', {
        schemas: [USER],
        userName: 'heisenberg',
        emails: [{ value: 'werner@elsewhere.example', primary: true }],
      });
      expect(given.body.emails).toEqual([{ value: 'werner@elsewhere.example', primary: true }]);
      // A value that makes no address (a space in it) leaves the person without one.
      const spaced = await templated('POST', '/Users', { schemas: [USER], userName: 'max born' });
      expect(spaced.status).toBe(201);
      expect(spaced.body.emails).toBeUndefined();

      // A template that cannot make an address is refused when the connection is saved.
      for (const emailTemplate of [
        'physics.example',
        '{username}',
        '{username} @x.example',
        '{user-name}@x.example',
      ]) {
        const refused = await gql(
          `mutation ($input: DirectoryConnectionInput!) { createDirectoryConnection(input: $input) { id } }`,
          {
            input: { name: `Bad ${emailTemplate}`, source: 'SCIM', config: { identity: { emailTemplate } } },
          },
        );
        if (emailTemplate === '{username}') {
          // One placeholder alone is allowed: its value must already be an address ({userPrincipalName}).
          expect(refused.errors).toBeUndefined();
          continue;
        }
        expect(refused.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
        expect(refused.errors?.[0]?.message).toContain('identity.emailTemplate');
      }
    });
  });

  describe('users sharing an e-mail', () => {
    it('are two people (201 each), never merged; employeeByEmail names the one current holder or says AMBIGUOUS_EMAIL', async () => {
      const shared = 'ops@example.com';
      const owner = await scim('POST', '/Users', {
        schemas: [USER],
        userName: 'ops.owner',
        emails: [{ value: shared, primary: true }],
      });
      const adminAccount = await scim('POST', '/Users', {
        schemas: [USER],
        userName: 'ops.admin',
        emails: [{ value: 'OPS@example.com', primary: true }],
      });
      expect([owner.status, adminAccount.status]).toEqual([201, 201]);
      expect(adminAccount.body.id).not.toBe(owner.body.id);
      expect((await employee(String(owner.body.id)))?.email).toBe(shared);
      expect((await employee(String(adminAccount.body.id)))?.email).toBe(shared);

      // Changing one user's address to another's is accepted too.
      const third = await scim('POST', '/Users', {
        schemas: [USER],
        userName: 'ops.third',
        emails: [{ value: 'third@example.com', type: 'work', primary: true }],
      });
      const moved = await scim(
        'PATCH',
        `/Users/${third.body.id}`,
        patch({ op: 'replace', path: 'emails[type eq "work"].value', value: shared }),
      );
      expect(moved.status).toBe(200);
      const filtered = await scim(
        'GET',
        `/Users?filter=${encodeURIComponent(`emails.value eq "${shared}"`)}`,
      );
      expect(filtered.body.totalResults).toBe(3);

      const byEmail = () =>
        gql<{ employeeByEmail: { id: string } | null }>(
          `query ($email: String!) { employeeByEmail(email: $email) { id } }`,
          {
            email: shared,
          },
        );
      const ambiguous = await byEmail();
      expect(ambiguous.errors?.[0]?.extensions).toMatchObject({ code: 'AMBIGUOUS_EMAIL', people: 3 });
      expect(ambiguous.data?.employeeByEmail).toBeNull();

      // Two of them deactivated: the one current holder is the person the address names.
      for (const id of [adminAccount.body.id, third.body.id])
        expect(
          (await scim('PATCH', `/Users/${id}`, patch({ op: 'replace', path: 'active', value: false })))
            .status,
        ).toBe(200);
      expect(dataOf(await byEmail()).employeeByEmail).toEqual({ id: owner.body.id });
      // The same through federation's key on email.
      const entities = dataOf(
        await gql<{ _entities: ({ id: string } | null)[] }>(
          `query ($r: [_Any!]!) { _entities(representations: $r) { ... on Employee { id } } }`,
          { r: [{ __typename: 'Employee', email: shared.toUpperCase() }] },
        ),
      );
      expect(entities._entities).toEqual([{ id: owner.body.id }]);
    });

    it('makes a record of another source that matches several of them a conflict, not a merge', async () => {
      const shared = 'desk@example.com';
      for (const userName of ['desk.one', 'desk.two'])
        expect(
          (
            await scim('POST', '/Users', {
              schemas: [USER],
              userName,
              emails: [{ value: shared, primary: true }],
            })
          ).status,
        ).toBe(201);
      const other = await scimConnection(app, admin, 'Entra');
      const entra = scimClient(app, other.token);
      const matching = await entra('POST', '/Users', {
        schemas: [USER],
        userName: 'desk@example.com',
        emails: [{ value: shared, primary: true }],
      });
      // The record matches two people: held, nothing merged.
      expect(matching.status).toBe(409);
      expect(String(matching.body.detail)).toContain('matches 2 people');
      const [{ count }] = await app.db.dataSource.query(
        `SELECT count(*)::int AS count FROM employees WHERE org_id = $1 AND lower(email) = $2`,
        [orgId, shared],
      );
      expect(count).toBe(2);
    });
  });

  describe('userName', () => {
    it("is unique among the connection's users, those it joined included, and free across connections", async () => {
      // A person no source owns; this connection's user joins them by e-mail.
      const person = await createEmployee(app.db.dataSource, orgId, {
        email: 'joined@example.com',
        username: null,
      });
      const joined = await scim('POST', '/Users', {
        schemas: [USER],
        userName: 'joined.user',
        emails: [{ value: 'joined@example.com', primary: true }],
      });
      expect(joined.status).toBe(201);
      expect(joined.body.id).toBe(person.id);
      const again = await scim('POST', '/Users', { schemas: [USER], userName: 'JOINED.user' });
      expect(again.status).toBe(409);
      expect(again.body.scimType).toBe('uniqueness');

      // Another connection (another SCIM service provider) may use the same userName.
      const other = await scimConnection(app, admin, 'Elsewhere');
      const elsewhere = await scimClient(app, other.token)('POST', '/Users', {
        schemas: [USER],
        userName: 'joined.user',
      });
      expect(elsewhere.status).toBe(201);
      expect(connectionId).not.toBe(other.connectionId);
    });
  });
});
