import { dataOf, startTestApp, TestApp } from '../support/app';
import { waitForSyncJob } from '../support/sync-jobs';
import { createOrganization } from '../support/factories';
import {
  FakeGraph,
  FakeRequest,
  guestId,
  personId,
  SeededOrganization,
  seedOrganization,
} from '../fakes/graph';

interface Job {
  id: string;
  status: string;
  attempts: number;
  errorCount: number;
  stats: Record<string, number>;
  errors: { code: string; message: string; externalId: string | null }[];
  failure: { code: string; message: string } | null;
}

const JOB_FIELDS = `id status attempts errorCount failure { code message } errors { code message externalId }
  stats { usersCreated usersUpdated usersDisabled usersDeleted usersSkipped usersErrors groupsCreated groupsUpdated
          groupsDeleted groupsSkipped groupsErrors membershipsAdded membershipsRemoved totalProcessed }`;

interface EmployeeRow {
  external_id: string;
  email: string;
  job_title: string | null;
  department: string | null;
  status: string;
  manager_external_id: string | null;
  deprovisioned_at: Date | null;
  employee_number: string | null;
  employment_type: string | null;
  idp_id: string | null;
  custom_attributes: Record<string, unknown>;
}

/**
 * The Entra connector end to end: a connection created through the graph, syncs run by the worker
 * against a fake Entra tenant (real MSAL, HTTPS with a test CA), then rows and the graph checked.
 */
describe('Entra ID connection, end to end', () => {
  let app: TestApp;
  let fake: FakeGraph;
  let org: SeededOrganization;
  let orgId: string;
  let admin: string;
  let connectionId: string;

  beforeAll(async () => {
    fake = await new FakeGraph().start();
    org = seedOrganization(fake.tenant, { people: 300, guests: 5 });
    fake.membersPerObject = 100; // All Staff (305 members) comes in four parts…
    fake.pageLimit.groups = 3; // …spread over two pages
    app = await startTestApp({ SYNC_ATTEMPTS: '2', SYNC_BACKOFF_MS: '100' }, { sync: true });
    app.runtime!.startWorker();
    orgId = await createOrganization(app.db.dataSource);
    admin = await app.token(orgId, ['admin']);
  });
  afterAll(async () => {
    await app?.stop();
    await fake?.stop();
  });

  const gql = async <T>(query: string, variables: Record<string, unknown> = {}) =>
    dataOf(await app.request<T, Record<string, unknown>>(query, variables, { token: admin }));

  const createConnection = async (name: string, config: Record<string, unknown>) =>
    (
      await gql<{ createDirectoryConnection: { id: string; secretsSet: string[]; settings: unknown } }>(
        `mutation ($input: DirectoryConnectionInput!) { createDirectoryConnection(input: $input) { id secretsSet settings } }`,
        { input: { name, source: 'AZURE_AD', config } },
      )
    ).createDirectoryConnection;

  const waitFor = (id: string) => waitForSyncJob<Job>(app, admin, id, JOB_FIELDS);

  const sync = async (id: string, syncType: 'FULL' | 'INCREMENTAL'): Promise<Job> => {
    const { triggerSync } = await gql<{ triggerSync: Job }>(
      `mutation ($input: TriggerSyncInput!) { triggerSync(input: $input) { ${JOB_FIELDS} } }`,
      { input: { connectionId: id, syncType } },
    );
    return waitFor(triggerSync.id);
  };

  const employees = async (): Promise<Record<string, EmployeeRow>> => {
    const rows: EmployeeRow[] = await app.db.dataSource.query(
      `SELECT e.external_id, e.email, e.job_title, e.department, e.status, m.external_id AS manager_external_id,
         e.deprovisioned_at, e.employee_number, e.employment_type, e.idp_id, e.custom_attributes
       FROM employees e LEFT JOIN employees m ON m.id = e.manager_id
       WHERE e.connection_id = $1`,
      [connectionId],
    );
    return Object.fromEntries(rows.map((row) => [row.external_id, row]));
  };

  const cursor = async (): Promise<string | null> => {
    const [row] = await app.db.dataSource.query(
      `SELECT sync_cursor FROM directory_connections WHERE id = $1`,
      [connectionId],
    );
    return row.sync_cursor;
  };

  const requestsSince = (from: number, kind?: FakeRequest['kind']) =>
    fake.requests.slice(from).filter((request) => !kind || request.kind === kind);

  it('runs a full sync: people, managers, guests, a disabled account, groups and nesting, one token', async () => {
    const created = await createConnection('Contoso Entra', fake.config({ pageSize: 100 }));
    connectionId = created.id;
    expect(created.secretsSet).toEqual(['clientSecret']);
    expect(JSON.stringify(created)).not.toContain(fake.app.clientSecret);

    const from = fake.requests.length;
    const job = await sync(connectionId, 'FULL');
    // Engineering ⊃ Platform ⊃ Engineering: a nesting cycle, reported, and stored one way.
    expect(job).toMatchObject({ status: 'COMPLETED', attempts: 1, errorCount: 1 });
    expect(job.errors).toEqual([
      {
        code: 'GROUP_CYCLE',
        externalId: org.groups.platform,
        message:
          'group "Engineering" as a member of "Platform" closes a nesting cycle; that membership is left out',
      },
    ]);
    expect(job.stats).toMatchObject({
      usersCreated: 305,
      usersErrors: 0,
      groupsCreated: 5,
      groupsErrors: 0,
      // memberships: 305 All Staff + 75 Engineering + 10 Platform + 6 Announcements + 2 Admins, and 1 nesting
      // edge (Platform ⊃ Engineering closes the cycle and is left out)
      membershipsAdded: 399,
      totalProcessed: 310,
    });
    // 305 users at 100 a page; 4 + 1 + 1 + 1 + 1 group objects at 3 a page
    expect(requestsSince(from, 'users-delta')).toHaveLength(4);
    expect(requestsSince(from, 'groups-delta')).toHaveLength(3);
    expect(requestsSince(from, 'token')).toHaveLength(1);

    const rows = await employees();
    expect(Object.values(rows).filter((row) => row.manager_external_id !== null)).toHaveLength(299);
    expect(rows[personId(12)]).toMatchObject({
      email: 'person12@contoso.test',
      manager_external_id: personId(2),
      employee_number: 'E1012',
      employment_type: 'full_time',
      idp_id: personId(12),
      status: 'active',
    });
    expect(rows[personId(9)].employment_type).toBe('contractor');
    expect(rows[personId(57)].email).toBe('person57@contoso.test'); // no mailbox: the UPN
    expect(rows[org.disabled].status).toBe('suspended');
    expect(rows[guestId(0)]).toMatchObject({ email: 'guest0@partner.test', manager_external_id: null });
    expect(rows[guestId(0)].custom_attributes).toMatchObject({ userType: 'Guest' });
    expect(rows[personId(3)].custom_attributes).toMatchObject({
      userType: 'Member',
      onPremisesSamAccountName: 'person3',
      onPremisesExtensionAttributes: { extensionAttribute1: 'CC-3' },
    });

    const { employeeByEmail } = await gql<{
      employeeByEmail: { managementChain: { employee: { email: string } }[]; source: string };
    }>(
      `{ employeeByEmail(email: "person62@contoso.test") { source managementChain { employee { email } } } }`,
    );
    expect(employeeByEmail.source).toBe('AZURE_AD');
    expect(employeeByEmail.managementChain.map((link) => link.employee.email)).toEqual([
      'person12@contoso.test',
      'person2@contoso.test',
      'person0@contoso.test',
    ]);

    const { groups } = await gql<{
      groups: {
        edges: {
          node: {
            name: string;
            groupType: string;
            isSecurityGroup: boolean;
            direct: number;
            nested: number;
            childGroups: { name: string }[];
          };
        }[];
      };
    }>(
      `{ groups(first: 10, filter: { source: AZURE_AD }) { edges { node { name groupType isSecurityGroup
         direct: memberCount(resolveNested: false) nested: memberCount(resolveNested: true) childGroups { name } } } } }`,
    );
    const byName = Object.fromEntries(groups.edges.map(({ node }) => [node.name, node]));
    expect(Object.keys(byName).sort()).toEqual([
      'Admins',
      'All Staff',
      'Announcements',
      'Engineering',
      'Platform',
    ]);
    expect(byName['All Staff']).toMatchObject({ groupType: 'TEAM', direct: 305 });
    expect(byName.Announcements).toMatchObject({ groupType: 'DISTRIBUTION', isSecurityGroup: false });
    expect(byName.Admins).toMatchObject({ groupType: 'GROUP', isSecurityGroup: true });
    // Engineering ⊃ Platform, each person counted once; Platform ⊃ Engineering is left out.
    const platformOnly = fake.tenant
      .members(org.groups.platform)
      .filter((id) => id.startsWith('00000000') && Number(id.slice(-12)) % 4 !== 0);
    expect(byName.Engineering).toMatchObject({
      groupType: 'SECURITY',
      direct: 75,
      childGroups: [{ name: 'Platform' }],
    });
    expect(byName.Engineering.nested).toBe(75 + platformOnly.length);
    expect(byName.Platform.childGroups).toEqual([]);

    const stored = JSON.parse((await cursor())!);
    expect(stored.users).toContain('$deltatoken=');
    expect(stored.groups).toContain('$deltatoken=');
  });

  it('runs an incremental sync: additions, partial updates, a deletion, membership and manager changes', async () => {
    const newcomer = fake.tenant.addUser({
      displayName: 'Nia Newcomer',
      mail: 'nia@contoso.test',
      userPrincipalName: 'nia@contoso.test',
      accountEnabled: true,
      userType: 'Member',
      managerId: personId(1),
    });
    fake.tenant.addUser({
      displayName: 'Omar Other',
      mail: 'omar@contoso.test',
      userPrincipalName: 'omar@contoso.test',
      jobTitle: 'Analyst',
      accountEnabled: true,
      userType: 'Member',
    });
    fake.tenant.updateUser(personId(20), { jobTitle: 'Staff Engineer' });
    fake.tenant.updateUser(personId(21), { department: null });
    fake.tenant.setManager(personId(22), personId(0));
    fake.tenant.deleteUser(personId(250), 'changed');
    fake.tenant.removeMember(org.groups.platform, personId(3));
    fake.tenant.addMember(org.groups.announcements, 'user', newcomer);
    fake.minimalUserUpdates = true; // updated people come with only what changed
    const from = fake.requests.length;
    const before = await cursor();
    const job = await sync(connectionId, 'INCREMENTAL').finally(() => {
      fake.minimalUserUpdates = false;
    });
    expect(job).toMatchObject({ status: 'COMPLETED', errorCount: 0 });
    expect(job.stats).toMatchObject({
      usersCreated: 2,
      usersUpdated: 3,
      usersDisabled: 1,
      usersErrors: 0,
      groupsCreated: 0,
      groupsDeleted: 0,
      // newcomer into Announcements; person3 out of Platform, person250 out of All Staff
      membershipsAdded: 1,
      membershipsRemoved: 2,
    });
    // Only the changes were read, from the stored delta links.
    const deltaRequests = requestsSince(from).filter(
      (r) => r.kind === 'users-delta' || r.kind === 'groups-delta',
    );
    expect(deltaRequests.every((r) => r.incremental)).toBe(true);
    expect(await cursor()).not.toBe(before);

    const rows = await employees();
    expect(rows[personId(20)]).toMatchObject({ job_title: 'Staff Engineer', department: 'Engineering' }); // department kept
    expect(rows[personId(21)]).toMatchObject({ job_title: 'Engineer', department: null }); // cleared explicitly
    expect(rows[personId(22)].manager_external_id).toBe(personId(0));
    expect(rows[newcomer]).toMatchObject({ email: 'nia@contoso.test', manager_external_id: personId(1) });
    expect(rows[personId(250)]).toMatchObject({ status: 'terminated' });
    expect(rows[personId(250)].deprovisioned_at).not.toBeNull();

    const platform = await app.db.dataSource.query(
      `SELECT e.external_id FROM group_members gm JOIN employees e ON e.id = gm.employee_id
       JOIN directory_groups g ON g.id = gm.group_id WHERE g.external_id = $1`,
      [org.groups.platform],
    );
    expect(platform.map((row: { external_id: string }) => row.external_id)).not.toContain(personId(3));
  });

  it('waits out a throttled page and completes on the first attempt', async () => {
    fake.throttle((r) => r.kind === 'users-delta' && !r.incremental && r.page === 2, {
      retryAfterSeconds: 1,
    });
    const throttled = fake.throttled;
    const job = await sync(connectionId, 'FULL');
    // The nesting cycle, read again (see the first full sync).
    expect(job).toMatchObject({ status: 'COMPLETED', attempts: 1, errorCount: 1 });
    expect(fake.throttled - throttled).toBe(1);
    expect(job.stats).toMatchObject({ usersCreated: 0, usersDisabled: 0, usersErrors: 0 });
    // The four people last stated partially (by the incremental sync above) are now stated whole:
    // a new source hash, so the engine counts them updated although no value changes.
    expect(job.stats.usersSkipped + job.stats.usersUpdated).toBe(306);
    expect(job.stats.usersUpdated).toBeLessThanOrEqual(4);
  });

  it('falls back to a full sync when Graph has forgotten the delta token', async () => {
    fake.tenant.updateUser(personId(30), { jobTitle: 'Principal Engineer' });
    fake.expireDeltaTokens();
    const from = fake.requests.length;
    const job = await sync(connectionId, 'INCREMENTAL');
    expect(job).toMatchObject({ status: 'COMPLETED', errorCount: 1 }); // the nesting cycle, read again
    expect(job.stats).toMatchObject({
      usersUpdated: 1,
      usersSkipped: 305,
      usersDisabled: 0,
      usersCreated: 0,
    });
    const users = requestsSince(from, 'users-delta');
    expect(users[0].incremental).toBe(true); // the stored deltaLink: 410 Gone
    expect(users.some((r) => !r.incremental && r.page === 0)).toBe(true); // then a fresh round
    expect((await employees())[personId(30)].job_title).toBe('Principal Engineer');

    // The cursor is usable again.
    fake.tenant.updateUser(personId(31), { officeLocation: 'Porto' });
    const next = await sync(connectionId, 'INCREMENTAL');
    expect(next.stats).toMatchObject({ usersUpdated: 1, usersSkipped: 0 });
  });

  it('tests the connection: the user count from Graph', async () => {
    const { testDirectoryConnection } = await gql<{ testDirectoryConnection: unknown }>(
      `mutation ($id: ID!) { testDirectoryConnection(id: $id) { ok userCount error { code message } } }`,
      { id: connectionId },
    );
    expect(testDirectoryConnection).toEqual({ ok: true, userCount: fake.tenant.userCount(), error: null });
  });

  it('fails a sync with a bad client secret: AUTH, no retry, connection in ERROR, secret never shown', async () => {
    const secret = 'Qq8~this-is-not-the-secret';
    const { id } = await createConnection('Wrong secret', fake.config({ clientSecret: secret }));
    const job = await sync(id, 'FULL');
    expect(job).toMatchObject({ status: 'FAILED', attempts: 1, failure: { code: 'AUTH' } });
    expect(job.failure?.message).toMatch(/AADSTS7000215/);
    const { directoryConnection } = await gql<{
      directoryConnection: { status: string; errorMessage: string };
    }>(`query ($id: ID!) { directoryConnection(id: $id) { status errorMessage } }`, { id });
    expect(directoryConnection.status).toBe('ERROR');
    expect(directoryConnection.errorMessage).toMatch(/AADSTS7000215/);
    expect(JSON.stringify([job, directoryConnection])).not.toContain(secret);
    const [{ count }] = await app.db.dataSource.query(
      `SELECT count(*)::int AS count FROM employees WHERE connection_id = $1`,
      [id],
    );
    expect(count).toBe(0);
  });
});
