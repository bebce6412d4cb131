import { createPublicKey, generateKeyPairSync } from 'node:crypto';
import { dataOf, startTestApp, TestApp } from '../support/app';
import { runSync } from '../support/sync-jobs';
import { createOrganization } from '../support/factories';
import { FakeBambooHr } from '../fakes/bamboohr/fake-bamboohr';
import { FakeSuccessFactors, sfUserId } from '../fakes/successfactors/fake-successfactors';
import { countKinds, HR_DEPARTMENTS, HR_TODAY, hrWorker, workerKind } from '../fakes/hr-tenant';

interface Job {
  id: string;
  status: string;
  attempts: number;
  stats: Record<string, number> | null;
  errors: { code: string; message: string; externalId: string | null }[];
  failure: { code: string; message: string } | null;
}

const JOB_FIELDS = `id status attempts failure { code message } errors { code message externalId }
  stats { usersCreated usersUpdated usersDisabled usersErrors groupsCreated membershipsAdded totalProcessed }`;
const PEOPLE = 1200;
const KEY = 'bamboo-e2e-api-key-0123456789';
const CLIENT_ID = 'e2e-oauth-client';
const { privateKey, publicKey } = generateKeyPairSync('rsa', {
  modulusLength: 2048,
  publicKeyEncoding: { type: 'spki', format: 'pem' },
  privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
});
const TODAY = new Date(HR_TODAY).toISOString().slice(0, 10);

/** The first worker of a kind, from index 1. */
function firstOfKind(kind: ReturnType<typeof workerKind>): number {
  for (let index = 1; ; index += 1) if (workerKind(index) === kind) return index;
}

describe('HR connectors end to end (GraphQL, worker, real connector and transport, fakes)', () => {
  let app: TestApp;
  /** One organization per vendor: both fakes hold the same people (same e-mail addresses). */
  let admin: string;
  let bambooAdmin: string;
  let sfAdmin: string;
  let bamboo: FakeBambooHr;
  let sf: FakeSuccessFactors;

  beforeAll(async () => {
    bamboo = await new FakeBambooHr(PEOPLE).addApiKey(KEY).start();
    sf = await new FakeSuccessFactors(PEOPLE).registerClient(CLIENT_ID, createPublicKey(publicKey)).start();
    app = await startTestApp({}, { sync: true });
    app.runtime!.startWorker();
    bambooAdmin = await app.token(await createOrganization(app.db.dataSource), ['admin']);
    sfAdmin = await app.token(await createOrganization(app.db.dataSource), ['admin']);
  });
  afterAll(async () => {
    await app.stop();
    await bamboo.stop();
    await sf.stop();
  });

  const gql = async <T>(query: string, variables: Record<string, unknown> = {}) =>
    dataOf(await app.request<T, Record<string, unknown>>(query, variables, { token: admin }));

  const createConnection = async (source: string, config: Record<string, unknown>, name = source) =>
    (
      await gql<{
        createDirectoryConnection: { id: string; settings: Record<string, unknown>; secretsSet: string[] };
      }>(
        `mutation ($input: DirectoryConnectionInput!) { createDirectoryConnection(input: $input) { id settings secretsSet } }`,
        { input: { name, source, config } },
      )
    ).createDirectoryConnection;

  const testConnection = async (id: string) =>
    (
      await gql<{
        testDirectoryConnection: { ok: boolean; userCount: number | null; error: { code: string } | null };
      }>(`mutation ($id: ID!) { testDirectoryConnection(id: $id) { ok userCount error { code message } } }`, {
        id,
      })
    ).testDirectoryConnection;

  const sync = (connectionId: string, syncType: 'FULL' | 'INCREMENTAL'): Promise<Job> =>
    runSync<Job>(app, admin, connectionId, JOB_FIELDS, syncType);

  const statusCounts = async (connectionId: string) =>
    Object.fromEntries(
      (
        (await app.db.dataSource.query(
          `SELECT status, count(*)::int AS n FROM employees WHERE connection_id = $1 GROUP BY status`,
          [connectionId],
        )) as { status: string; n: number }[]
      ).map((row) => [row.status, row.n]),
    );

  const employee = async (email: string) =>
    (
      await gql<{
        employeeByEmail: {
          status: string;
          startDate: string | null;
          lastName: string;
          costCenter: string | null;
          managementChain: { employee: { email: string } }[];
          groups: { group: { name: string; groupType: string } }[];
        };
      }>(
        `query ($email: String!) { employeeByEmail(email: $email) { status startDate lastName costCenter
           managementChain { employee { email } } groups(resolveNested: false) { group { name groupType } } } }`,
        { email },
      )
    ).employeeByEmail;

  const expectTenant = async (connectionId: string) => {
    const kinds = countKinds(PEOPLE);
    const counts = await statusCounts(connectionId);
    expect(Object.values(counts).reduce((sum, n) => sum + n, 0)).toBe(PEOPLE);
    expect(counts.terminated).toBe(kinds.terminated);
    const future = firstOfKind('future_hire');
    const hire = await employee(hrWorker(future).email);
    expect(hire.status).not.toBe('TERMINATED');
    expect(hire.startDate! > TODAY).toBe(true);
    const deep = PEOPLE - 1;
    const chain = (await employee(hrWorker(deep).email)).managementChain;
    expect(chain.length).toBeGreaterThanOrEqual(6);
    expect(chain.at(-1)!.employee.email).toBe(hrWorker(0).email);
    const someone = await employee(hrWorker(3).email);
    expect(someone.lastName).toBe(hrWorker(3).lastName);
    expect(someone.costCenter).toBe(hrWorker(3).costCenter);
    expect(
      someone.groups.map((membership) => membership.group).sort((a, b) => a.name.localeCompare(b.name)),
    ).toEqual(
      [
        { name: hrWorker(3).costCenter, groupType: 'COST_CENTER' },
        { name: hrWorker(3).department, groupType: 'DEPARTMENT' },
      ].sort((a, b) => a.name.localeCompare(b.name)),
    );
  };

  it('BambooHR: creates, tests, syncs in full, then incrementally', async () => {
    admin = bambooAdmin;
    const connection = await createConnection('BAMBOOHR', {
      companyDomain: bamboo.companyDomain,
      apiKey: KEY,
      baseUrl: bamboo.url,
      pageSize: 200,
      fields: { costCenter: 'customCostCenter' },
      customFields: { shirtSize: 'customShirtSize' },
      groups: { departments: true, costCenters: true },
    });
    expect(connection.secretsSet).toEqual(['apiKey']);
    expect(JSON.stringify(connection)).not.toContain(KEY);
    expect(await testConnection(connection.id)).toEqual({ ok: true, userCount: PEOPLE, error: null });

    const full = await sync(connection.id, 'FULL');
    expect(full.failure).toBeNull();
    expect(full).toMatchObject({ status: 'COMPLETED', errors: [] });
    expect(full.stats).toMatchObject({
      usersCreated: PEOPLE,
      usersErrors: 0,
      groupsCreated: HR_DEPARTMENTS.length * 2,
    });
    await expectTenant(connection.id);

    bamboo.update(10, { jobTitle: 'Principal Engineer' });
    bamboo.add({
      firstName: 'Siobhán',
      lastName: 'Ó Súilleabháin',
      managerIndex: 0,
      email: 'newcomer@acme.test',
    });
    const incremental = await sync(connection.id, 'INCREMENTAL');
    expect(incremental.failure).toBeNull();
    expect(incremental.stats).toMatchObject({ usersCreated: 1, usersUpdated: 1, usersErrors: 0 });
    expect((await employee('newcomer@acme.test')).managementChain.map((link) => link.employee.email)).toEqual(
      [hrWorker(0).email],
    );
  });

  it('SuccessFactors: creates with OAuth (SAML bearer), tests, syncs in full, then incrementally', async () => {
    admin = sfAdmin;
    const connection = await createConnection('SAP_SUCCESSFACTORS', {
      apiServer: sf.url,
      companyId: sf.companyId,
      oauth: { clientId: CLIENT_ID, userId: 'sfapi', privateKeyPem: privateKey },
      pageSize: 250,
      fields: { costCenter: 'custom01' },
      groups: { departments: true, costCenters: true },
    });
    expect(connection.secretsSet).toEqual(['oauth']);
    expect(JSON.stringify(connection)).not.toContain('PRIVATE KEY');
    expect(await testConnection(connection.id)).toEqual({ ok: true, userCount: PEOPLE, error: null });

    const full = await sync(connection.id, 'FULL');
    expect(full.failure).toBeNull();
    expect(full.errors.slice(0, 2)).toEqual([]);
    expect(full.stats).toMatchObject({
      usersCreated: PEOPLE,
      usersErrors: 0,
      groupsCreated: HR_DEPARTMENTS.length * 2,
    });
    await expectTenant(connection.id);

    sf.update(10, { jobTitle: 'Principal Engineer' });
    const incremental = await sync(connection.id, 'INCREMENTAL');
    expect(incremental.failure).toBeNull();
    // The last seeded user is read again inside the cursor's overlap, unchanged.
    expect(incremental.stats).toMatchObject({ usersCreated: 0, usersUpdated: 1, usersErrors: 0 });
    const rows = (await app.db.dataSource.query(
      `SELECT job_title FROM employees WHERE connection_id = $1 AND external_id = $2`,
      [connection.id, sfUserId(10)],
    )) as { job_title: string }[];
    expect(rows[0].job_title).toBe('Principal Engineer');
  });

  it('SuccessFactors: a refused client fails the test and the sync as AUTH, once', async () => {
    admin = sfAdmin;
    const connection = await createConnection(
      'SAP_SUCCESSFACTORS',
      {
        apiServer: sf.url,
        companyId: sf.companyId,
        oauth: { clientId: 'not-registered', userId: 'sfapi', privateKeyPem: privateKey },
      },
      'SuccessFactors (unknown client)',
    );
    expect(await testConnection(connection.id)).toMatchObject({ ok: false, error: { code: 'AUTH' } });
    const job = await sync(connection.id, 'FULL');
    expect(job).toMatchObject({ status: 'FAILED', attempts: 1, failure: { code: 'AUTH' } });
  });
});
