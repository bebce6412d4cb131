import { dataOf, startTestApp, TestApp } from '../support/app';
import { waitForSyncJob } from '../support/sync-jobs';
import { createOrganization } from '../support/factories';
import { FakeBucket, FakeOkta } from '../fakes/okta/fake-okta';
import { emailOf, employeeNumberOf, SeededOrg, seedOktaOrg } from '../fakes/okta/org';

interface Job {
  id: string;
  status: string;
  attempts: number;
  errorCount: number;
  stats: Record<string, number> | null;
  errors: { code: string; message: string; externalId: string | null }[];
  failure: { code: string; message: string } | null;
}

const JOB_FIELDS = `id status attempts errorCount failure { code message } errors { code message externalId }
  stats { usersCreated usersUpdated usersDisabled usersDeleted usersSkipped usersErrors groupsCreated groupsUpdated
          groupsDeleted groupsSkipped groupsErrors membershipsAdded membershipsRemoved totalProcessed }`;

const TOKEN = 'ssws-e2e-token-00aBcDeFgHiJkLmNoP';
const PEOPLE = 500;
const BUCKETS: FakeBucket[] = ['users', 'groups', 'groupMembers'];

describe('okta connector end to end', () => {
  let app: TestApp;
  let admin: string;
  let fake: FakeOkta;
  let org: SeededOrg;
  let connectionId: string;

  beforeAll(async () => {
    // Okta-like budgets, shrunk to one-second windows: 20 calls each, of which we may use half.
    fake = await new FakeOkta({
      rateLimits: {
        users: { limit: 20, windowSeconds: 1 },
        groups: { limit: 20, windowSeconds: 1 },
        groupMembers: { limit: 20, windowSeconds: 1 },
      },
    }).start();
    fake.addApiToken(TOKEN);
    org = seedOktaOrg(fake, PEOPLE);
    app = await startTestApp({}, { sync: true });
    app.runtime!.startWorker();
    admin = await app.token(await createOrganization(app.db.dataSource), ['admin']);
  });
  afterAll(async () => {
    await app.stop();
    await fake.stop();
  });

  const gql = async <T>(query: string, variables: Record<string, unknown> = {}) =>
    dataOf(await app.request<T, Record<string, unknown>>(query, variables, { token: admin }));

  const createConnection = async (name: string, config: Record<string, unknown>) =>
    (
      await gql<{
        createDirectoryConnection: { id: string; settings: Record<string, unknown>; secretsSet: string[] };
      }>(
        `mutation ($input: DirectoryConnectionInput!) { createDirectoryConnection(input: $input) { id settings secretsSet } }`,
        { input: { name, source: 'OKTA', config } },
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

  const rows = (id: string) =>
    app.db.dataSource.query(
      `SELECT external_id, email, job_title, status, manager_id, termination_date, deprovisioned_at, custom_attributes
       FROM employees WHERE connection_id = $1`,
      [id],
    ) as Promise<
      {
        external_id: string;
        email: string;
        job_title: string | null;
        status: string;
        manager_id: string | null;
        termination_date: string | Date | null;
        deprovisioned_at: Date | null;
        custom_attributes: Record<string, unknown>;
      }[]
    >;

  const countBy = <T>(items: T[], key: (item: T) => string) =>
    items.reduce<Record<string, number>>(
      (counts, item) => ({ ...counts, [key(item)]: (counts[key(item)] ?? 0) + 1 }),
      {},
    );

  const expectInsideBudget = () => {
    for (const bucket of BUCKETS) {
      // Never below the half left to the org's other apps, and never a 429.
      expect({ bucket, ...fake.rateStats(bucket) }).toEqual({
        bucket,
        minRemaining: expect.any(Number),
        throttled: 0,
      });
      expect(fake.rateStats(bucket).minRemaining).toBeGreaterThanOrEqual(10);
    }
  };

  it('creates the connection with its token kept secret, and tests it', async () => {
    const created = await createConnection('Okta', { orgUrl: fake.url, apiToken: TOKEN, pageSize: 50 });
    connectionId = created.id;
    expect(created.settings).toMatchObject({ orgUrl: fake.url, pageSize: 50, rateLimitShare: 0.5 });
    expect(created.secretsSet).toEqual(['apiToken']);
    expect(JSON.stringify(created)).not.toContain(TOKEN);
    const { testDirectoryConnection } = await gql<{ testDirectoryConnection: unknown }>(
      `mutation ($id: ID!) { testDirectoryConnection(id: $id) { ok userCount error { code message } } }`,
      { id: connectionId },
    );
    expect(testDirectoryConnection).toEqual({ ok: true, userCount: null, error: null });
  });

  it('imports every person in every status, their managers, and the groups with their members', async () => {
    fake.requests.length = 0;
    const job = await sync(connectionId, 'FULL');
    expect(job.failure).toBeNull();
    expect(job.status).toBe('COMPLETED');
    const expectedMemberships = org.groups.reduce((sum, group) => sum + group.members.size, 0);
    expect(job.stats).toMatchObject({
      usersCreated: PEOPLE,
      usersErrors: 0,
      groupsCreated: 8,
      groupsErrors: 0,
      membershipsAdded: expectedMemberships,
    });
    expect(job.errors).toEqual([]);
    // Several pages of users (50 each), then the deprovisioned ones through a filter.
    const userCalls = fake.requestsTo('users');
    expect(userCalls.length).toBeGreaterThanOrEqual(11);
    expect(userCalls.at(-1)?.query.filter).toBe('status eq "DEPROVISIONED"');
    expectInsideBudget();

    const stored = await rows(connectionId);
    expect(stored).toHaveLength(PEOPLE);
    // 10 deprovisioned, 10 suspended, 20 working contractors, the rest active (STAGED, LOCKED_OUT… included).
    expect(countBy(stored, (row) => row.status)).toEqual({
      active: 460,
      terminated: 10,
      suspended: 10,
      contractor: 20,
    });
    expect(countBy(stored, (row) => String(row.custom_attributes.oktaStatus))).toEqual({
      ACTIVE: 430,
      STAGED: 10,
      PROVISIONED: 10,
      RECOVERY: 10,
      PASSWORD_EXPIRED: 10,
      LOCKED_OUT: 10,
      SUSPENDED: 10,
      DEPROVISIONED: 10,
    });
    expect(stored.every((row) => row.deprovisioned_at === null)).toBe(true);
    expect(stored.filter((row) => row.manager_id !== null)).toHaveLength(PEOPLE - 1);

    const { employeeByEmail } = await gql<{
      employeeByEmail: {
        status: string;
        employeeId: string;
        idpId: string;
        location: string;
        managementChain: { employee: { email: string } }[];
        groups: { group: { name: string } }[];
      };
    }>(
      `query ($email: String!) { employeeByEmail(email: $email) { status employeeId idpId location
         managementChain { employee { email } } groups(resolveNested: false) { group { name } } } }`,
      { email: emailOf(13) },
    );
    // Person 13 is SUSPENDED, reports (by email in `manager`) to person 2, who reports to person 0.
    expect(employeeByEmail).toMatchObject({
      status: 'SUSPENDED',
      employeeId: employeeNumberOf(13),
      idpId: org.people[13].id,
      location: 'New York, US',
    });
    expect(employeeByEmail.managementChain.map((link) => link.employee.email)).toEqual([
      emailOf(2),
      emailOf(0),
    ]);
    expect(employeeByEmail.groups.map((membership) => membership.group.name).sort()).toEqual([
      'Everyone',
      'Sales',
    ]);
  });

  it('applies an incremental sync: an update, a deprovisioning and a newcomer', async () => {
    const [{ sync_cursor: cursor }] = await app.db.dataSource.query(
      `SELECT sync_cursor FROM directory_connections WHERE id = $1`,
      [connectionId],
    );
    expect(cursor).toBe(new Date(org.latestUpdate - 60_000).toISOString());
    fake.requests.length = 0;
    fake.resetRateStats();

    const promoted = org.people[5];
    const leaver = org.people[6];
    fake.updateUser(promoted.id, { title: 'Principal Engineer' });
    fake.setStatus(leaver.id, 'DEPROVISIONED');
    const newcomer = fake.addUser({
      profile: {
        login: 'newcomer@acme.test',
        email: 'newcomer@acme.test',
        firstName: 'New',
        lastName: 'Comer',
        employeeNumber: 'E99999',
        managerId: employeeNumberOf(0),
        department: 'Engineering',
      },
    });
    fake.addMembers(org.groups[0].id, [newcomer.id]);

    const job = await sync(connectionId, 'INCREMENTAL');
    expect(job.failure).toBeNull();
    expect(job.status).toBe('COMPLETED');
    expect(job.stats).toMatchObject({
      usersCreated: 1,
      usersUpdated: 2,
      usersDisabled: 0,
      usersErrors: 0,
      membershipsAdded: 1,
      membershipsRemoved: 0,
    });
    expect(fake.requestsTo('users').map((call) => call.query.filter)).toEqual([`lastUpdated gt "${cursor}"`]);
    // Only the changed group's members were read again.
    expect(new Set(fake.requestsTo('groupMembers').map((call) => call.path))).toEqual(
      new Set([`/api/v1/groups/${org.groups[0].id}/users`]),
    );
    expectInsideBudget();

    const byId = new Map((await rows(connectionId)).map((row) => [row.external_id, row]));
    expect(byId.size).toBe(PEOPLE + 1);
    expect(byId.get(promoted.id)!.job_title).toBe('Principal Engineer');
    expect(byId.get(leaver.id)).toMatchObject({ status: 'terminated', deprovisioned_at: null });
    expect(byId.get(leaver.id)!.termination_date).not.toBeNull();
    expect(byId.get(newcomer.id)).toMatchObject({ email: 'newcomer@acme.test', status: 'active' });
    expect(byId.get(newcomer.id)!.manager_id).not.toBeNull();

    const { employeeByEmail } = await gql<{ employeeByEmail: { status: string } }>(
      `query ($email: String!) { employeeByEmail(email: $email) { status } }`,
      { email: emailOf(6) },
    );
    expect(employeeByEmail.status).toBe('TERMINATED');
    const [{ sync_cursor: next }] = await app.db.dataSource.query(
      `SELECT sync_cursor FROM directory_connections WHERE id = $1`,
      [connectionId],
    );
    expect(Date.parse(next)).toBe(Date.parse(fake.users.get(newcomer.id)!.lastUpdated) - 60_000);
  });

  it('fails a sync with a refused token as AUTH, once, and marks the connection ERROR', async () => {
    const bad = await createConnection('Okta (bad token)', {
      orgUrl: fake.url,
      apiToken: 'ssws-revoked-token-42',
    });
    const test = await gql<{
      testDirectoryConnection: { ok: boolean; error: { code: string; message: string } };
    }>(`mutation ($id: ID!) { testDirectoryConnection(id: $id) { ok userCount error { code message } } }`, {
      id: bad.id,
    });
    expect(test.testDirectoryConnection).toMatchObject({ ok: false, error: { code: 'AUTH' } });
    const job = await sync(bad.id, 'FULL');
    expect(job.status).toBe('FAILED');
    expect(job.attempts).toBe(1);
    expect(job.failure?.code).toBe('AUTH');
    expect(job.failure?.message).toContain('E0000011');
    expect(JSON.stringify([job, test])).not.toContain('ssws-revoked-token-42');
    const { directoryConnection } = await gql<{
      directoryConnection: { status: string; errorMessage: string };
    }>(`query ($id: ID!) { directoryConnection(id: $id) { status errorMessage } }`, { id: bad.id });
    expect(directoryConnection.status).toBe('ERROR');
    expect(directoryConnection.errorMessage).toContain('401');
    expect(await rows(bad.id)).toEqual([]);
  });
});
