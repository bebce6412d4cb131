import { randomUUID } from 'node:crypto';
import { dataOf, startTestApp, TestApp } from '../support/app';
import { createOrganization } from '../support/factories';
import { ENTERPRISE, GROUP, items, patch, scimClient, ScimClient, scimConnection, USER } from './support';

/**
 * The requests Microsoft Entra ID's provisioning service sends (as its SCIM documentation and its
 * compatibility notes show them, flag-free "Replace"/"False" forms included), replayed in order.
 */
describe('SCIM: an Entra ID provisioning cycle', () => {
  let app: TestApp;
  let orgId: string;
  let admin: string;
  let connectionId: string;
  let scim: ScimClient;
  let managerId: string;
  let userId: string;
  let groupId: string;

  beforeAll(async () => {
    app = await startTestApp({}, { sync: true });
    orgId = await createOrganization(app.db.dataSource);
    admin = await app.token(orgId, ['admin']);
    const connection = await scimConnection(app, admin, 'Entra ID', 'DISABLE');
    connectionId = connection.connectionId;
    scim = scimClient(app, connection.token);
  });
  afterAll(async () => app.stop());

  const gql = async <T>(query: string, variables: Record<string, unknown> = {}) =>
    dataOf(await app.request<T, Record<string, unknown>>(query, variables, { token: admin }));
  const row = async (id: string) =>
    (
      await app.db.dataSource.query(
        `SELECT email, username, first_name, last_name, display_name, preferred_name, job_title, department,
           employee_number, status, deprovisioned_at, manager_id, idp_id, connection_id, source
         FROM employees WHERE id = $1`,
        [id],
      )
    )[0];
  const filter = (text: string) => encodeURIComponent(text);

  it('answers Test Connection: a query for a random user is an empty ListResponse', async () => {
    const response = await scim('GET', `/Users?filter=${filter(`userName eq "${randomUUID()}"`)}`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/scim+json');
    expect(response.body).toEqual({
      schemas: ['urn:ietf:params:scim:api:messages:2.0:ListResponse'],
      totalResults: 0,
      startIndex: 1,
      itemsPerPage: 0,
      Resources: [],
    });
  });

  it('creates the manager, then a user with the enterprise extension and that manager', async () => {
    expect(
      (await scim('GET', `/Users?filter=${filter('userName eq "ada.manager@contoso.com"')}`)).body
        .totalResults,
    ).toBe(0);
    const manager = await scim('POST', '/Users', {
      schemas: [USER, ENTERPRISE],
      externalId: 'adam',
      userName: 'ada.manager@contoso.com',
      active: true,
      displayName: 'Ada Manager',
      emails: [{ primary: true, type: 'work', value: 'ada.manager@contoso.com' }],
      meta: { resourceType: 'User' },
      name: { formatted: 'Ada Manager', familyName: 'Manager', givenName: 'Ada' },
      roles: [],
      [ENTERPRISE]: { employeeNumber: 'E-1', department: 'Engineering' },
    });
    expect(manager.status).toBe(201);
    managerId = String(manager.body.id);

    const created = await scim('POST', '/Users', {
      schemas: [USER, 'urn:ietf:params:scim:schemas:extension:enterprise:2.0User'],
      externalId: 'jyoung',
      userName: 'jyoung@contoso.com',
      active: true,
      addresses: null,
      displayName: 'Joy Young',
      emails: [{ type: 'work', value: 'JYoung@Contoso.com', primary: true }],
      meta: { resourceType: 'User' },
      name: { familyName: 'Young', givenName: 'Joy' },
      phoneNumbers: null,
      preferredLanguage: 'en-US',
      title: 'Engineer',
      [ENTERPRISE]: { employeeNumber: 'E-2', department: 'Engineering', manager: { value: managerId } },
    });
    expect(created.status).toBe(201);
    userId = String(created.body.id);
    expect(created.headers.get('location')).toMatch(new RegExp(`/scim/v2/Users/${userId}$`));
    expect(created.headers.get('etag')).toBe(created.body.meta.version);
    expect(created.body).toMatchObject({
      schemas: [USER, ENTERPRISE],
      externalId: 'jyoung',
      userName: 'jyoung@contoso.com',
      active: true,
      title: 'Engineer',
      preferredLanguage: 'en-US',
      // Returned as sent; the directory's email is lower case (below).
      emails: [{ value: 'JYoung@Contoso.com', type: 'work', primary: true }],
      [ENTERPRISE]: {
        employeeNumber: 'E-2',
        department: 'Engineering',
        manager: { value: managerId, displayName: 'Ada Manager' },
      },
      meta: { resourceType: 'User' },
    });
    expect(created.body.meta.location).toBe(created.headers.get('location'));
    expect(await row(userId)).toMatchObject({
      email: 'jyoung@contoso.com',
      username: 'jyoung@contoso.com',
      first_name: 'Joy',
      last_name: 'Young',
      job_title: 'Engineer',
      idp_id: 'jyoung',
      manager_id: managerId,
      connection_id: connectionId,
      source: 'scim',
      status: 'active',
    });
  });

  it('reads the user back by id, and finds it by the queries Entra ID makes', async () => {
    const fetched = await scim('GET', `/Users/${userId}`);
    expect(fetched.status).toBe(200);
    expect(fetched.body.id).toBe(userId);
    expect(fetched.body[ENTERPRISE].manager.$ref).toMatch(new RegExp(`/scim/v2/Users/${managerId}$`));
    for (const query of [
      'userName eq "JYOUNG@contoso.com"',
      'externalId eq "jyoung"',
      'emails[type eq "work"].value eq "jyoung@contoso.com"',
      `id eq "${userId}" and manager eq "${managerId}"`,
    ]) {
      const found = await scim('GET', `/Users?filter=${filter(query)}`);
      expect([query, found.body.totalResults]).toEqual([query, 1]);
      expect(found.body.Resources[0].id).toBe(userId);
    }
    expect((await scim('GET', `/Users?filter=${filter('externalId eq "JYOUNG"')}`)).body.totalResults).toBe(
      0,
    );
  });

  it('shows the user in the graph at once, with the management chain', async () => {
    const { employeeByEmail } = await gql<{
      employeeByEmail: {
        id: string;
        source: string;
        manager: { id: string };
        managementChain: { employee: { email: string } }[];
      };
    }>(
      `{ employeeByEmail(email: "jyoung@contoso.com") { id source manager { id } managementChain { employee { email } } } }`,
    );
    expect(employeeByEmail).toEqual({
      id: userId,
      source: 'SCIM',
      manager: { id: managerId },
      managementChain: [{ employee: { email: 'ada.manager@contoso.com' } }],
    });
    const { directoryConnection } = await gql<{
      directoryConnection: { lastSyncAt: string | null; lastSyncCount: number };
    }>(`query ($id: ID!) { directoryConnection(id: $id) { lastSyncAt lastSyncCount } }`, {
      id: connectionId,
    });
    expect(directoryConnection.lastSyncAt).not.toBeNull();
    expect(directoryConnection.lastSyncCount).toBe(2);
  });

  it('applies the PATCH forms Entra ID sends: Replace, a value filter, a pathless replace with dotted and URN keys', async () => {
    const response = await scim(
      'PATCH',
      `/Users/${userId}`,
      patch(
        { op: 'Replace', path: 'emails[type eq "work"].value', value: 'joy.young@contoso.com' },
        {
          op: 'replace',
          value: {
            displayName: 'Joy Y.',
            'name.givenName': 'Joyce',
            [`${ENTERPRISE}:employeeNumber`]: 'E-20',
            [ENTERPRISE]: { department: 'Research' },
          },
        },
        { op: 'Add', path: 'nickName', value: 'Jo' },
        {
          op: 'Replace',
          path: 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:costCenter',
          value: 'CC-7',
        },
      ),
    );
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({
      displayName: 'Joy Y.',
      nickName: 'Jo',
      name: { givenName: 'Joyce', familyName: 'Young' },
      emails: [{ value: 'joy.young@contoso.com', type: 'work', primary: true }],
      [ENTERPRISE]: {
        employeeNumber: 'E-20',
        department: 'Research',
        costCenter: 'CC-7',
        manager: { value: managerId },
      },
    });
    expect(await row(userId)).toMatchObject({
      email: 'joy.young@contoso.com',
      first_name: 'Joyce',
      last_name: 'Young',
      preferred_name: 'Jo',
      department: 'Research',
      employee_number: 'E-20',
      manager_id: managerId,
    });
  });

  it('takes the manager as Entra ID adds it (an array with $ref) and removes it', async () => {
    const removed = await scim(
      'PATCH',
      `/Users/${userId}`,
      patch({ op: 'Remove', path: `${ENTERPRISE}:manager` }),
    );
    expect(removed.status).toBe(200);
    expect(removed.body[ENTERPRISE].manager).toBeUndefined();
    expect((await row(userId)).manager_id).toBeNull();
    const added = await scim(
      'PATCH',
      `/Users/${userId}`,
      patch({
        op: 'Add',
        path: 'manager',
        value: [{ $ref: `https://x/scim/Users/${managerId}`, value: managerId }],
      }),
    );
    expect(added.status).toBe(200);
    expect((await row(userId)).manager_id).toBe(managerId);
  });

  it('disables on active "False" and keeps the person (deletion policy DISABLE); "True" restores', async () => {
    const disabled = await scim(
      'PATCH',
      `/Users/${userId}`,
      patch({ op: 'Replace', path: 'active', value: 'False' }),
    );
    expect(disabled.status).toBe(200);
    expect(disabled.body.active).toBe(false);
    expect(await row(userId)).toMatchObject({ status: 'terminated', deprovisioned_at: expect.any(Date) });
    expect((await scim('GET', `/Users/${userId}`)).body.active).toBe(false);
    expect((await scim('GET', `/Users?filter=${filter('active eq false')}`)).body.totalResults).toBe(1);

    // A change to a disabled person is applied, and the person stays disabled.
    const renamed = await scim(
      'PATCH',
      `/Users/${userId}`,
      patch({ op: 'Replace', path: 'title', value: 'Staff Engineer' }),
    );
    expect(renamed.body).toMatchObject({ active: false, title: 'Staff Engineer' });
    expect(await row(userId)).toMatchObject({ status: 'terminated', job_title: 'Staff Engineer' });

    const restored = await scim(
      'PATCH',
      `/Users/${userId}`,
      patch({ op: 'Replace', path: 'active', value: 'True' }),
    );
    expect(restored.body.active).toBe(true);
    expect(await row(userId)).toMatchObject({ status: 'active', deprovisioned_at: null });
  });

  it('creates a group (with an extra schema Entra ID adds), queries it without members, and adds members', async () => {
    expect(
      (
        await scim(
          'GET',
          `/Groups?excludedAttributes=members&filter=${filter('displayName eq "Engineering"')}`,
        )
      ).body.totalResults,
    ).toBe(0);
    const created = await scim('POST', '/Groups', {
      schemas: [GROUP, 'http://schemas.microsoft.com/2006/11/ResourceManagement/ADSCIM/2.0/Group'],
      externalId: '8aa1a0c0-c4c3-4bc0-b4a5-2ef676900159',
      displayName: 'Engineering',
      meta: { resourceType: 'Group' },
    });
    expect(created.status).toBe(201);
    groupId = String(created.body.id);
    expect(created.body).toMatchObject({
      displayName: 'Engineering',
      members: [],
      externalId: '8aa1a0c0-c4c3-4bc0-b4a5-2ef676900159',
    });

    const add = await scim(
      'PATCH',
      `/Groups/${groupId}`,
      patch({
        op: 'Add',
        path: 'members',
        value: [
          { $ref: null, value: userId },
          { $ref: null, value: managerId },
        ],
      }),
    );
    expect(add.status).toBe(204);
    expect(add.headers.get('etag')).toMatch(/^W\/"/);

    const withoutMembers = await scim('GET', `/Groups/${groupId}?excludedAttributes=members`);
    expect(withoutMembers.body.members).toBeUndefined();
    expect(withoutMembers.body.displayName).toBe('Engineering');
    const members = await scim('GET', `/Groups/${groupId}`);
    expect(
      items(members.body.members)
        .map((member) => member.value)
        .sort(),
    ).toEqual([managerId, userId].sort());
    const byMember = await scim(
      'GET',
      `/Groups?filter=${filter(`id eq "${groupId}" and members eq "${userId}"`)}&attributes=displayName`,
    );
    expect(byMember.body.totalResults).toBe(1);
    expect(byMember.body.Resources[0]).toEqual({ schemas: [GROUP], id: groupId, displayName: 'Engineering' });

    const { group } = await gql<{ group: { members: { totalCount: number } } }>(
      `query ($id: ID!) { group(id: $id) { members(resolveNested: false) { totalCount } } }`,
      { id: groupId },
    );
    expect(group.members.totalCount).toBe(2);
    const user = await scim('GET', `/Users/${userId}`);
    expect(user.body.groups).toEqual([
      {
        value: groupId,
        $ref: expect.stringMatching(new RegExp(`/Groups/${groupId}$`)),
        display: 'Engineering',
        type: 'direct',
      },
    ]);
  });

  it('removes one member with the value array Entra ID sends, leaving the others', async () => {
    const response = await scim(
      'PATCH',
      `/Groups/${groupId}`,
      patch({ op: 'Remove', path: 'members', value: [{ $ref: null, value: userId }] }),
    );
    expect(response.status).toBe(204);
    const members = await scim('GET', `/Groups/${groupId}`);
    expect(items(members.body.members).map((member) => member.value)).toEqual([managerId]);
    const rename = await scim(
      'PATCH',
      `/Groups/${groupId}`,
      patch({ op: 'Replace', path: 'displayName', value: 'Eng' }),
    );
    expect(rename.status).toBe(204);
    expect((await scim('GET', `/Groups/${groupId}`)).body).toMatchObject({
      displayName: 'Eng',
      members: [{ value: managerId }],
    });
  });

  it('deletes: the user is gone for SCIM (404) and kept, disabled, in the directory (DISABLE); the group is gone', async () => {
    const deleted = await scim('DELETE', `/Users/${userId}`);
    expect(deleted.status).toBe(204);
    expect(await row(userId)).toMatchObject({ status: 'terminated', connection_id: null });
    const after = await scim('GET', `/Users/${userId}`);
    expect(after.status).toBe(404);
    const { employee } = await gql<{ employee: { status: string } }>(
      `query ($id: ID!) { employee(id: $id) { status } }`,
      {
        id: userId,
      },
    );
    expect(employee.status).toBe('TERMINATED');

    expect((await scim('DELETE', `/Groups/${groupId}`)).status).toBe(204);
    const gone = await scim('GET', `/Groups/${groupId}`);
    expect(gone.status).toBe(404);
    expect(gone.body).toEqual({
      schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'],
      status: '404',
      detail: expect.any(String),
    });
  });
});
