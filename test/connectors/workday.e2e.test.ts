import { OUTBOUND_ALLOW_HOSTS } from '../../src/connectors/http';
import { dataOf, startTestApp, TestApp } from '../support/app';
import { createOrganization } from '../support/factories';
import { runSync } from '../support/sync-jobs';
import { FakeWorkday } from '../fakes/workday/fake-workday';

interface Job {
  id: string;
  status: string;
  attempts: number;
  stats: Record<string, number> | null;
  errors: { code: string; message: string; externalId: string | null }[];
  failure: { code: string; message: string } | null;
}

const JOB_FIELDS = `id status attempts failure { code message } errors { code message externalId }
  stats { usersCreated usersUpdated usersDisabled usersErrors groupsCreated groupsErrors membershipsAdded membershipsRemoved }`;
const PEOPLE = 5000;

describe('workday connector end to end (GraphQL API and sync worker)', () => {
  let app: TestApp;
  let admin: string;
  let fake: FakeWorkday;
  let connectionId: string;
  let previousAllowHosts: string | undefined;

  beforeAll(async () => {
    // Dates around the real today: the sync worker reads the real clock.
    fake = await new FakeWorkday({ workers: PEOPLE, today: new Date().toISOString().slice(0, 10) }).start();
    // The fake listens on loopback, which the outbound policy refuses unless the operator allows it.
    previousAllowHosts = process.env[OUTBOUND_ALLOW_HOSTS];
    process.env[OUTBOUND_ALLOW_HOSTS] = new URL(fake.url).host;
    app = await startTestApp({}, { sync: true });
    app.runtime!.startWorker();
    admin = await app.token(await createOrganization(app.db.dataSource), ['admin']);
  });
  afterAll(async () => {
    await app.stop();
    await fake.stop();
    if (previousAllowHosts === undefined) delete process.env[OUTBOUND_ALLOW_HOSTS];
    else process.env[OUTBOUND_ALLOW_HOSTS] = previousAllowHosts;
  });

  const gql = async <T>(query: string, variables: Record<string, unknown> = {}) =>
    dataOf(await app.request<T, Record<string, unknown>>(query, variables, { token: admin }));

  const createConnection = async (name: string, config: Record<string, unknown>) =>
    (
      await gql<{
        createDirectoryConnection: { id: string; settings: Record<string, unknown>; secretsSet: string[] };
      }>(
        `mutation ($input: DirectoryConnectionInput!) { createDirectoryConnection(input: $input) { id settings secretsSet } }`,
        { input: { name, source: 'WORKDAY', config } },
      )
    ).createDirectoryConnection;

  const testConnection = async (id: string) =>
    (
      await gql<{
        testDirectoryConnection: {
          ok: boolean;
          userCount: number | null;
          error: { code: string; message: string } | null;
        };
      }>(`mutation ($id: ID!) { testDirectoryConnection(id: $id) { ok userCount error { code message } } }`, {
        id,
      })
    ).testDirectoryConnection;

  const sync = (id: string, syncType: 'FULL' | 'INCREMENTAL'): Promise<Job> =>
    runSync<Job>(app, admin, id, JOB_FIELDS, syncType, 120_000);

  it('creates a report-mode connection with its password kept secret, and tests it', async () => {
    const created = await createConnection('Workday', fake.reportConfig());
    connectionId = created.id;
    expect(created.settings).toMatchObject({
      mode: 'report',
      tenant: fake.tenant,
      workersReport: fake.workersReport,
    });
    expect(created.secretsSet).toEqual(['password']);
    expect(JSON.stringify(created)).not.toContain(fake.isu.password);
    expect(await testConnection(connectionId)).toEqual({ ok: true, userCount: null, error: null });
  });

  it('imports every worker with managers, statuses, departments and cost centers as groups', async () => {
    const job = await sync(connectionId, 'FULL');
    expect(job.failure).toBeNull();
    expect(job.errors).toEqual([]);
    const teamMembers = fake.teams.reduce((sum, team) => sum + team.members.length, 0);
    expect(job.stats).toMatchObject({
      usersCreated: PEOPLE,
      usersErrors: 0,
      groupsCreated: 8 + 40 + fake.teams.length,
      groupsErrors: 0,
      membershipsAdded: 2 * PEOPLE + teamMembers,
    });

    const rows: { status: string; n: number }[] = await app.db.dataSource.query(
      `SELECT status, count(*)::int AS n FROM employees WHERE connection_id = $1 GROUP BY status`,
      [connectionId],
    );
    const counts = Object.fromEntries(rows.map((row) => [row.status, row.n]));
    expect(counts.terminated).toBe(fake.workers.filter((worker) => worker.status === 'Terminated').length);
    expect(counts.on_leave).toBe(fake.workers.filter((worker) => worker.status === 'On Leave').length);

    // A worker at the bottom of the tree: 7 managers above, up to the top.
    const leaf = fake.workers.at(-1)!;
    const { employeeByEmail } = await gql<{
      employeeByEmail: {
        displayName: string;
        employeeId: string;
        department: { name: string };
        costCenter: string;
        managementChain: { employee: { employeeId: string } }[];
      };
    }>(
      `query ($email: String!) { employeeByEmail(email: $email) { displayName employeeId department { name } costCenter
         managementChain { employee { employeeId } } } }`,
      { email: leaf.email },
    );
    expect(employeeByEmail).toMatchObject({
      employeeId: leaf.employeeId,
      department: { name: leaf.department },
      costCenter: leaf.costCenter,
    });
    expect(employeeByEmail.managementChain).toHaveLength(7);
    expect(employeeByEmail.managementChain.at(-1)!.employee.employeeId).toBe(fake.workers[0].employeeId);

    const future = fake.workers.find((worker) => worker.status === 'Pre-Hire')!;
    const [stored] = await app.db.dataSource.query(
      `SELECT status, start_date::text AS start_date, custom_attributes FROM employees WHERE connection_id = $1 AND external_id = $2`,
      [connectionId, future.employeeId],
    );
    expect(stored).toMatchObject({
      status: 'active',
      start_date: future.hireDate,
      custom_attributes: expect.objectContaining({ workdayFutureHire: true }),
    });
  });

  it('applies an incremental sync with the "updated since" prompt: only the changed workers', async () => {
    const changed = fake.change(100);
    fake.log.length = 0;
    const job = await sync(connectionId, 'INCREMENTAL');
    expect(job.failure).toBeNull();
    expect(job.stats).toMatchObject({
      usersCreated: 0,
      usersUpdated: changed,
      usersErrors: 0,
      membershipsRemoved: 0,
    });
    const reportCall = fake.log.find((entry) => entry.endpoint === 'workersReport')!;
    expect(reportCall.query.Updated_Since).toMatch(/^\d{4}-\d{2}-\d{2}T.*\+00:00$/);
    const [{ job_title: title }] = await app.db.dataSource.query(
      `SELECT job_title FROM employees WHERE connection_id = $1 AND external_id = $2`,
      [connectionId, fake.workers[100].employeeId],
    );
    expect(title).toBe('Changed Title 100');
  });

  it('syncs the REST mode too (OAuth refresh token, pages of 100)', async () => {
    // Another organization: the same people through a second connection would be matched to the first.
    const report = admin;
    admin = await app.token(await createOrganization(app.db.dataSource), ['admin']);
    const created = await createConnection(
      'Workday REST',
      fake.restConfig({ departmentGroups: false, costCenterGroups: false }),
    );
    expect(created.secretsSet.sort()).toEqual(['clientSecret', 'refreshToken']);
    expect(await testConnection(created.id)).toEqual({ ok: true, userCount: PEOPLE, error: null });
    const job = await sync(created.id, 'FULL');
    expect(job.failure).toBeNull();
    expect(job.stats).toMatchObject({ usersCreated: PEOPLE, usersErrors: 0 });
    admin = report;
  });

  it('fails a sync with a refused ISU password as AUTH, once, without the password anywhere', async () => {
    const bad = await createConnection(
      'Workday (bad password)',
      fake.reportConfig({ password: 'expired-isu-password' }),
    );
    const test = await testConnection(bad.id);
    expect(test).toMatchObject({ ok: false, error: { code: 'AUTH' } });
    const job = await sync(bad.id, 'FULL');
    expect(job).toMatchObject({ status: 'FAILED', attempts: 1, failure: { code: 'AUTH' } });
    expect(JSON.stringify([job, test])).not.toContain('expired-isu-password');
  });
});
