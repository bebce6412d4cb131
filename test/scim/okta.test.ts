import { dataOf, startTestApp, TestApp } from '../support/app';
import { createOrganization } from '../support/factories';
import { ENTERPRISE, GROUP, items, patch, scimClient, ScimClient, scimConnection, USER } from './support';

/** Okta's SCIM 2.0 provisioning sequence, on a connection whose deletion policy is DELETE. */
describe('SCIM: Okta provisioning and group push', () => {
  let app: TestApp;
  let admin: string;
  let scim: ScimClient;
  let connectionId: string;
  let userId: string;
  let otherId: string;
  let groupId: string;

  beforeAll(async () => {
    app = await startTestApp({}, { sync: true });
    const orgId = await createOrganization(app.db.dataSource);
    admin = await app.token(orgId, ['admin']);
    const connection = await scimConnection(app, admin, 'Okta', 'DELETE');
    connectionId = connection.connectionId;
    scim = scimClient(app, connection.token);
  });
  afterAll(async () => app.stop());

  const gql = async <T>(query: string, variables: Record<string, unknown> = {}) =>
    dataOf(await app.request<T, Record<string, unknown>>(query, variables, { token: admin }));
  const lookup = (userName: string) =>
    scim('GET', `/Users?filter=${encodeURIComponent(`userName eq "${userName}"`)}&startIndex=1&count=100`);
  const oktaUser = (login: string, given: string, family: string, extra: Record<string, unknown> = {}) => ({
    schemas: [USER],
    userName: login,
    name: { givenName: given, familyName: family },
    emails: [{ primary: true, value: login, type: 'work' }],
    displayName: `${given} ${family}`,
    locale: 'en-US',
    externalId: `00u${given.toLowerCase()}`,
    groups: [],
    password: 'tmp-Passw0rd!',
    active: true,
    ...extra,
  });

  it('creates a user after a lookup by userName finds none', async () => {
    const before = await lookup('isaac.newton@example.com');
    expect(before.body).toMatchObject({ totalResults: 0, startIndex: 1, itemsPerPage: 0, Resources: [] });
    const created = await scim(
      'POST',
      '/Users',
      oktaUser('isaac.newton@example.com', 'Isaac', 'Newton', {
        title: 'Physicist',
        phoneNumbers: [{ value: '+44 1234', type: 'work' }],
        // Okta sends the manager as its own managerId: here an employee number nobody has yet.
        schemas: [USER, ENTERPRISE],
        [ENTERPRISE]: { employeeNumber: 'N-2', manager: { value: 'N-1', displayName: 'Robert Hooke' } },
      }),
    );
    expect(created.status).toBe(201);
    userId = String(created.body.id);
    expect(created.body.password).toBeUndefined();
    expect(created.body).toMatchObject({
      locale: 'en-US',
      externalId: '00uisaac',
      phoneNumbers: [{ value: '+44 1234' }],
    });
    // The reference is kept until the manager arrives.
    expect(created.body[ENTERPRISE].manager).toEqual({ value: 'N-1' });
    const found = await lookup('Isaac.Newton@example.com');
    expect(found.body.totalResults).toBe(1);
    expect(found.body.Resources[0].id).toBe(userId);
  });

  it('resolves the manager reference when the manager is provisioned', async () => {
    const manager = await scim(
      'POST',
      '/Users',
      oktaUser('robert.hooke@example.com', 'Robert', 'Hooke', {
        schemas: [USER, ENTERPRISE],
        [ENTERPRISE]: { employeeNumber: 'N-1' },
      }),
    );
    expect(manager.status).toBe(201);
    const user = await scim('GET', `/Users/${userId}`);
    expect(user.body[ENTERPRISE].manager).toMatchObject({
      value: manager.body.id,
      displayName: 'Robert Hooke',
    });
    const { employeeByEmail } = await gql<{
      employeeByEmail: { managementChain: { employee: { email: string } }[] };
    }>(`{ employeeByEmail(email: "isaac.newton@example.com") { managementChain { employee { email } } } }`);
    expect(employeeByEmail.managementChain).toEqual([{ employee: { email: 'robert.hooke@example.com' } }]);
  });

  it('replaces the whole user on PUT: what is left out is cleared, the password is not kept', async () => {
    const current = await scim('GET', `/Users/${userId}`);
    const body = oktaUser('isaac.newton@example.com', 'Isaac', 'Newton', {
      id: userId,
      title: 'Warden of the Mint',
      schemas: [USER, ENTERPRISE],
      [ENTERPRISE]: current.body[ENTERPRISE],
    });
    const replaced = await scim('PUT', `/Users/${userId}`, body);
    expect(replaced.status).toBe(200);
    expect(replaced.body.title).toBe('Warden of the Mint');
    expect(replaced.body.phoneNumbers).toBeUndefined();
    expect(replaced.body.etag).toBeUndefined();
    expect(replaced.headers.get('etag')).not.toBe(current.headers.get('etag'));
    const [row] = await app.db.dataSource.query(
      `SELECT job_title, phone, custom_attributes FROM employees WHERE id = $1`,
      [userId],
    );
    expect(row).toEqual({
      job_title: 'Warden of the Mint',
      phone: null,
      custom_attributes: { locale: 'en-US' },
    });
    expect(JSON.stringify(row)).not.toContain('Passw0rd');
  });

  it('pushes a group, renames it, adds and removes members with members[value eq …]', async () => {
    const other = await scim('POST', '/Users', oktaUser('emmy.noether@example.com', 'Emmy', 'Noether'));
    otherId = String(other.body.id);
    const created = await scim('POST', '/Groups', {
      schemas: [GROUP],
      displayName: 'Royal Society',
      members: [],
    });
    expect(created.status).toBe(201);
    groupId = String(created.body.id);
    const renamed = await scim(
      'PATCH',
      `/Groups/${groupId}`,
      patch({ op: 'replace', value: { id: groupId, displayName: 'The Royal Society' } }),
    );
    expect(renamed.status).toBe(204);
    const added = await scim(
      'PATCH',
      `/Groups/${groupId}`,
      patch({
        op: 'add',
        path: 'members',
        value: [
          { value: userId, display: 'isaac.newton@example.com' },
          { value: otherId, display: 'emmy.noether@example.com' },
        ],
      }),
    );
    expect(added.status).toBe(204);
    const group = await scim('GET', `/Groups/${groupId}`);
    expect(group.body.displayName).toBe('The Royal Society');
    expect(
      items(group.body.members)
        .map((member) => member.display)
        .sort(),
    ).toEqual(['Emmy Noether', 'Isaac Newton']);

    const removed = await scim(
      'PATCH',
      `/Groups/${groupId}`,
      patch({ op: 'remove', path: `members[value eq "${userId}"]` }),
    );
    expect(removed.status).toBe(204);
    expect(
      items((await scim('GET', `/Groups/${groupId}`)).body.members).map((member) => member.value),
    ).toEqual([otherId]);
  });

  it('never empties a group for a filtered remove that matches nobody', async () => {
    for (const path of [
      `members[value eq "${userId}"]`, // no longer a member
      'members[value eq "00000000-0000-0000-0000-000000000000"]',
      'members[display co "Nobody"]',
      'members[type eq "Group"]',
    ]) {
      const response = await scim('PATCH', `/Groups/${groupId}`, patch({ op: 'remove', path }));
      expect([path, response.status]).toEqual([path, 204]);
      expect(
        items((await scim('GET', `/Groups/${groupId}`)).body.members).map((member) => member.value),
      ).toEqual([otherId]);
    }
    // A filter other than equality is evaluated on the members as they are.
    await scim(
      'PATCH',
      `/Groups/${groupId}`,
      patch({ op: 'add', path: 'members', value: [{ value: userId }] }),
    );
    await scim('PATCH', `/Groups/${groupId}`, patch({ op: 'remove', path: 'members[display sw "emmy"]' }));
    expect(
      items((await scim('GET', `/Groups/${groupId}`)).body.members).map((member) => member.value),
    ).toEqual([userId]);
  });

  it('removes every member for remove "members" without a filter or value (RFC 7644 §3.5.2.2)', async () => {
    await scim(
      'PATCH',
      `/Groups/${groupId}`,
      patch({ op: 'add', path: 'members', value: [{ value: otherId }] }),
    );
    const response = await scim('PATCH', `/Groups/${groupId}`, patch({ op: 'remove', path: 'members' }));
    expect(response.status).toBe(204);
    expect((await scim('GET', `/Groups/${groupId}`)).body.members).toEqual([]);
    const [{ count }] = await app.db.dataSource.query(
      `SELECT count(*)::int AS count FROM group_members WHERE group_id = $1`,
      [groupId],
    );
    expect(count).toBe(0);
  });

  it('deactivates with active false (the person is kept, even under deletion policy DELETE) and reactivates', async () => {
    const response = await scim(
      'PATCH',
      `/Users/${otherId}`,
      patch({ op: 'replace', value: { active: false } }),
    );
    expect(response.status).toBe(200);
    expect(response.body.active).toBe(false);
    expect((await scim('GET', `/Users/${otherId}`)).body.active).toBe(false);
    const [row] = await app.db.dataSource.query(`SELECT status FROM employees WHERE id = $1`, [otherId]);
    expect(row).toEqual({ status: 'terminated' });
    const reactivated = await scim(
      'PATCH',
      `/Users/${otherId}`,
      patch({ op: 'replace', value: { active: true } }),
    );
    expect(reactivated.body.active).toBe(true);
    // DELETE is what removes the person under this policy.
    expect((await scim('DELETE', `/Users/${otherId}`)).status).toBe(204);
    expect((await scim('GET', `/Users/${otherId}`)).status).toBe(404);
    const [gone] = await app.db.dataSource.query(`SELECT id FROM employees WHERE id = $1`, [otherId]);
    expect(gone).toBeUndefined();
  });

  it('deletes the group and the user', async () => {
    expect((await scim('DELETE', `/Groups/${groupId}`)).status).toBe(204);
    expect((await scim('GET', `/Groups/${groupId}`)).status).toBe(404);
    expect((await scim('DELETE', `/Users/${userId}`)).status).toBe(204);
    expect((await scim('GET', `/Users/${userId}`)).status).toBe(404);
    expect((await scim('DELETE', `/Users/${userId}`)).status).toBe(404);
    const { directoryConnection } = await gql<{
      directoryConnection: { lastSyncCount: number; status: string };
    }>(`query ($id: ID!) { directoryConnection(id: $id) { lastSyncCount status } }`, { id: connectionId });
    expect(directoryConnection).toEqual({ lastSyncCount: 1, status: 'ACTIVE' });
  });
});
