import { writeFileSync } from 'node:fs';
import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { dataOf, startTestApp, TestApp } from '../support/app';
import { waitForSyncJob } from '../support/sync-jobs';
import { createOrganization } from '../support/factories';
import { hrisDocument, hrisPeople, writeHrisFile } from '../support/hris';

interface Job {
  id: string;
  status: string;
  attempts: number;
  errorCount: number;
  pendingRemovals: number | null;
  stats: Record<string, number>;
  errors: { code: string; message: string; externalId: string | null }[];
  failure: { code: string; message: string } | null;
  changes: { kind: string; externalId: string | null; fields: string[] | null }[] | null;
}

const JOB_FIELDS = `id status attempts errorCount pendingRemovals failure { code message }
  errors { code message externalId } changes { kind externalId fields }
  stats { usersCreated usersUpdated usersDisabled usersDeleted usersSkipped usersErrors groupsCreated groupsUpdated
          groupsDeleted groupsSkipped groupsErrors membershipsAdded membershipsRemoved totalProcessed }`;

describe('sync pipeline', () => {
  let app: TestApp;
  let orgId: string;
  let admin: string;
  let reader: string;
  let failing: Server;
  let failingStatus = 503;

  beforeAll(async () => {
    app = await startTestApp({ SYNC_ATTEMPTS: '2', SYNC_BACKOFF_MS: '100' }, { sync: true });
    app.runtime!.startWorker();
    orgId = await createOrganization(app.db.dataSource);
    admin = await app.token(orgId, ['admin']);
    reader = await app.token(orgId);
    failing = createServer((_request, response) => {
      response.writeHead(failingStatus, { 'content-type': 'application/json' });
      response.end('{"error":"nope"}');
    });
    await new Promise<void>((resolve) => failing.listen(0, '127.0.0.1', resolve));
  });
  afterAll(async () => {
    await new Promise<void>((resolve) => failing.close(() => resolve()));
    await app.stop();
  });

  const gql = async <T>(query: string, variables: Record<string, unknown> = {}, token = admin) =>
    dataOf(await app.request<T, Record<string, unknown>>(query, variables, { token }));

  const createConnection = async (
    name: string,
    config: Record<string, unknown>,
    extra: Record<string, unknown> = {},
  ) =>
    (
      await gql<{ createDirectoryConnection: { id: string } }>(
        `mutation ($input: DirectoryConnectionInput!) { createDirectoryConnection(input: $input) { id } }`,
        { input: { name, source: 'HRIS_IMPORT', config, ...extra } },
      )
    ).createDirectoryConnection.id;

  const waitFor = (id: string) => waitForSyncJob<Job>(app, admin, id, JOB_FIELDS);

  const sync = async (connectionId: string, input: Record<string, unknown> = {}): Promise<Job> => {
    const { triggerSync } = await gql<{ triggerSync: Job }>(
      `mutation ($input: TriggerSyncInput!) { triggerSync(input: $input) { ${JOB_FIELDS} } }`,
      { input: { connectionId, syncType: 'FULL', ...input } },
    );
    expect(triggerSync.status).toBe('QUEUED');
    return waitFor(triggerSync.id);
  };

  const employees = (connectionId: string) =>
    app.db.dataSource.query(
      `SELECT external_id, email, job_title, department, status, manager_id, deprovisioned_at FROM employees
       WHERE connection_id = $1 ORDER BY external_id`,
      [connectionId],
    );

  describe('connections', () => {
    it('keeps secrets write-only and encrypted', async () => {
      const token = 'super-secret-token-value-123';
      const { createDirectoryConnection: created } = await gql<{
        createDirectoryConnection: {
          id: string;
          settings: Record<string, unknown>;
          secretsSet: string[];
          status: string;
        };
      }>(
        `mutation ($input: DirectoryConnectionInput!) { createDirectoryConnection(input: $input) { id settings secretsSet status } }`,
        {
          input: {
            name: 'Remote HRIS',
            source: 'HRIS_IMPORT',
            config: { url: 'http://127.0.0.1:9/export.json', bearerToken: token },
          },
        },
      );
      expect(created.settings).toMatchObject({ url: 'http://127.0.0.1:9/export.json' });
      expect(JSON.stringify(created)).not.toContain(token);
      expect(created.secretsSet).toEqual(['bearerToken']);
      const [row] = await app.db.dataSource.query(`SELECT * FROM directory_connections WHERE id = $1`, [
        created.id,
      ]);
      expect(JSON.stringify(row)).not.toContain(token);

      // An update that leaves the secret out keeps it.
      const { updateDirectoryConnection: updated } = await gql<{
        updateDirectoryConnection: { name: string; secretsSet: string[] };
      }>(
        `mutation ($id: ID!) { updateDirectoryConnection(id: $id, input: { name: "Remote HRIS 2", config: { timeoutMs: 5000 } }) { name secretsSet } }`,
        { id: created.id },
      );
      expect(updated).toEqual({ name: 'Remote HRIS 2', secretsSet: ['bearerToken'] });
      const listed = await gql<{ directoryConnections: unknown[] }>(
        `{ directoryConnections { id name settings secretsSet } }`,
      );
      expect(JSON.stringify(listed)).not.toContain(token);
      await gql(`mutation ($id: ID!) { deleteDirectoryConnection(id: $id) }`, { id: created.id });
    });

    it('names the bad field of an invalid configuration without echoing values', async () => {
      const response = await app.request(
        `mutation { createDirectoryConnection(input: { name: "Bad", source: HRIS_IMPORT, config: { file: "/x.json", url: "https://h/x", bearerToken: "s3cret-value" } }) { id } }`,
        undefined,
        { token: admin },
      );
      expect(response.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
      expect(response.errors?.[0].message).toMatch(/^config is not valid for hris_import: /);
      expect(JSON.stringify(response)).not.toContain('s3cret-value');
    });

    it('keeps a cron schedule in the queue, and drops it when paused or cleared', async () => {
      const id = await createConnection(
        'Scheduled',
        { file: writeHrisFile(orgId, hrisDocument(hrisPeople(3))) },
        { schedule: '0 */6 * * *' },
      );
      expect(await app.runtime!.queue.schedulePatternOf(id)).toBe('0 */6 * * *');
      await gql(
        `mutation ($id: ID!) { updateDirectoryConnection(id: $id, input: { paused: true }) { status } }`,
        { id },
      );
      expect(await app.runtime!.queue.schedulePatternOf(id)).toBeNull();
      const paused = await app.request(
        `mutation ($id: ID!) { triggerSync(input: { connectionId: $id }) { id } }`,
        { id },
        { token: admin },
      );
      expect(paused.errors?.[0].message).toBe('connection "Scheduled" is paused');
      await gql(
        `mutation ($id: ID!) { updateDirectoryConnection(id: $id, input: { paused: false, schedule: "" }) { status } }`,
        { id },
      );
      expect(await app.runtime!.queue.schedulePatternOf(id)).toBeNull();
      const bad = await app.request(
        `mutation ($id: ID!) { updateDirectoryConnection(id: $id, input: { schedule: "every day" }) { id } }`,
        { id },
        { token: admin },
      );
      expect(bad.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'schedule' });
    });

    it('needs the admin role', async () => {
      const response = await app.request(`{ directoryConnections { id } }`, undefined, { token: reader });
      expect(response.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    });

    it('tests a connection: a user count, or a typed error', async () => {
      const good = await createConnection('Testable', {
        file: writeHrisFile(orgId, hrisDocument(hrisPeople(7))),
      });
      const ok = await gql<{ testDirectoryConnection: unknown }>(
        `mutation ($id: ID!) { testDirectoryConnection(id: $id) { ok userCount error { code message } } }`,
        { id: good },
      );
      expect(ok.testDirectoryConnection).toEqual({ ok: true, userCount: 7, error: null });
      const bad = await createConnection('Untestable', { file: '/nonexistent/hris.json' });
      const failed = await gql<{ testDirectoryConnection: { ok: boolean; error: { code: string } } }>(
        `mutation ($id: ID!) { testDirectoryConnection(id: $id) { ok userCount error { code message } } }`,
        { id: bad },
      );
      expect(failed.testDirectoryConnection).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    });
  });

  describe('reconciliation', () => {
    let connectionId: string;
    let file: string;
    const people = hrisPeople(60);

    beforeAll(async () => {
      file = writeHrisFile(orgId, hrisDocument(people));
      connectionId = await createConnection('Main HRIS', { file });
    });

    it('imports people, managers, groups, nesting and memberships', async () => {
      const job = await sync(connectionId);
      expect(job.status).toBe('COMPLETED');
      expect(job.stats).toMatchObject({
        usersCreated: 60,
        usersErrors: 0,
        groupsCreated: 2,
        totalProcessed: 62,
      });
      // 60 in "all", 20 in "triad", plus the triad-in-all nesting edge
      expect(job.stats.membershipsAdded).toBe(81);
      const rows = await employees(connectionId);
      expect(rows.filter((row: { manager_id: string | null }) => row.manager_id !== null)).toHaveLength(59);
      const chain = await gql<{ employeeByEmail: { managementChain: { employee: { email: string } }[] } }>(
        `{ employeeByEmail(email: "person59@acme.test") { managementChain { employee { email } } } }`,
      );
      expect(chain.employeeByEmail.managementChain.map((link) => link.employee.email)).toEqual([
        'person7@acme.test',
        'person0@acme.test',
      ]);
    });

    it('reports everything skipped when the source has not changed', async () => {
      const job = await sync(connectionId);
      expect(job.stats).toMatchObject({
        usersCreated: 0,
        usersUpdated: 0,
        usersSkipped: 60,
        groupsSkipped: 2,
        membershipsAdded: 0,
        membershipsRemoved: 0,
      });
    });

    it('never blanks a stored field that the source did not send', async () => {
      const partial = people.map((person) => ({ ...person }));
      delete partial[5].job_title;
      delete partial[5].department;
      partial[6].job_title = 'Staff Engineer';
      partial[7].department = null; // an explicit null does clear
      writeFileSync(file, JSON.stringify(hrisDocument(partial)));
      const job = await sync(connectionId);
      expect(job.stats).toMatchObject({ usersUpdated: 3, usersSkipped: 57 });
      const rows = await employees(connectionId);
      const byId = Object.fromEntries(rows.map((row: { external_id: string }) => [row.external_id, row]));
      expect(byId.P5).toMatchObject({ job_title: 'Engineer', department: 'Operations' });
      expect(byId.P6).toMatchObject({ job_title: 'Staff Engineer' });
      expect(byId.P7).toMatchObject({ department: null });
    });

    it('skips malformed records with per-record errors and applies the rest', async () => {
      const messy = people.map((person) => ({ ...person }));
      messy.push({ id: 'NEW1', employee_number: 'N1', first_name: 'No', last_name: 'Email', managers: [] });
      messy.push({
        id: 'NEW2',
        employee_number: 'N2',
        email: 'bad.date@acme.test',
        start_date: '2024-02-30',
        managers: [],
      });
      messy.push({
        id: 'NEW3',
        employee_number: 'N3',
        email: 'odd.status@acme.test',
        employment_status: 'VACATIONING',
      });
      messy.push({
        id: 'NEW4',
        employee_number: 'N4',
        email: 'fine@acme.test',
        first_name: 'Fine',
        last_name: 'Person',
      });
      messy.push({ id: 'NEW5', employee_number: 'N5', email: 'orphan@acme.test', managers: ['NOBODY'] });
      // A reporting cycle between two newcomers.
      messy.push({ id: 'C1', employee_number: 'C1', email: 'c1@acme.test', managers: ['C2'] });
      messy.push({ id: 'C2', employee_number: 'C2', email: 'c2@acme.test', managers: ['C1'] });
      writeFileSync(file, JSON.stringify(hrisDocument(messy)));
      const job = await sync(connectionId);
      expect(job.status).toBe('COMPLETED');
      // NEW1 has no e-mail: that is no error (a person needs none).
      expect(job.stats).toMatchObject({ usersCreated: 5, usersErrors: 2 });
      const codes = Object.fromEntries(job.errors.map((error) => [error.externalId, error.code]));
      expect(codes.NEW1).toBeUndefined();
      expect(codes).toMatchObject({
        NEW2: 'INVALID_DATE',
        NEW3: 'INVALID_STATUS',
        NEW5: 'MANAGER_NOT_FOUND',
      });
      expect(job.errors.filter((error) => error.code === 'MANAGER_CYCLE')).toHaveLength(1);
      expect(job.errorCount).toBe(job.errors.length);
      const cycle: { manager_id: string | null }[] = await app.db.dataSource.query(
        `SELECT manager_id FROM employees WHERE connection_id = $1 AND external_id IN ('C1', 'C2')`,
        [connectionId],
      );
      expect(cycle.filter((row) => row.manager_id === null)).toHaveLength(1);
    });

    it('stops a mass removal at the threshold, touching nothing, until confirmed', async () => {
      const before = await employees(connectionId);
      const half = people.slice(0, 30).map((person) => ({ ...person, job_title: 'Changed' }));
      writeFileSync(file, JSON.stringify(hrisDocument(half)));
      const blocked = await sync(connectionId);
      expect(blocked.status).toBe('NEEDS_CONFIRMATION');
      expect(blocked.pendingRemovals).toBe(before.length - 30);
      expect(blocked.failure?.code).toBe('DELETION_THRESHOLD');
      expect(await employees(connectionId)).toEqual(before);

      const { confirmSync } = await gql<{ confirmSync: Job }>(
        `mutation ($id: ID!) { confirmSync(id: $id) { id status } }`,
        {
          id: blocked.id,
        },
      );
      expect(confirmSync.status).toBe('QUEUED');
      const confirmed = await waitFor(blocked.id);
      expect(confirmed.status).toBe('COMPLETED');
      expect(confirmed.stats.usersDisabled).toBe(before.length - 30);
      const after = await employees(connectionId);
      expect(after.filter((row: { status: string }) => row.status === 'terminated')).toHaveLength(
        before.length - 30,
      );
      expect(after.find((row: { external_id: string }) => row.external_id === 'P1')).toMatchObject({
        job_title: 'Changed',
      });
    });

    it('brings a disabled person back when the source lists them again', async () => {
      writeFileSync(file, JSON.stringify(hrisDocument(people)));
      const job = await sync(connectionId);
      expect(job.status).toBe('COMPLETED');
      const rows = await employees(connectionId);
      const p40 = rows.find((row: { external_id: string }) => row.external_id === 'P40');
      expect(p40).toMatchObject({ status: 'active', deprovisioned_at: null });
    });

    it('previews a sync: the same stats and a sample of changes, nothing written', async () => {
      const before = await employees(connectionId);
      const changed = people
        .slice(0, 58)
        .map((person, index) => (index === 3 ? { ...person, job_title: 'Principal' } : person));
      changed.push({
        id: 'P999',
        employee_number: 'E999',
        email: 'newbie@acme.test',
        first_name: 'New',
        last_name: 'Bie',
      });
      writeFileSync(file, JSON.stringify(hrisDocument(changed)));
      const preview = await sync(connectionId, { preview: true });
      expect(preview.status).toBe('COMPLETED');
      expect(preview.stats).toMatchObject({ usersCreated: 1, usersUpdated: 1 });
      expect(preview.stats.usersDisabled).toBeGreaterThanOrEqual(2);
      expect(preview.changes).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ kind: 'create', externalId: 'P999' }),
          expect.objectContaining({ kind: 'update', externalId: 'P3', fields: ['job_title'] }),
          expect.objectContaining({ kind: 'disable', externalId: 'P58' }),
        ]),
      );
      expect(await employees(connectionId)).toEqual(before);
    });
  });

  describe('failures and control', () => {
    it('leaves the directory untouched, marks the connection ERROR and records the failure when the source refuses us', async () => {
      failingStatus = 401;
      const { port } = failing.address() as AddressInfo;
      const connectionId = await createConnection('Locked out', {
        url: `http://127.0.0.1:${port}/export.json`,
        bearerToken: 'tok-123456',
      });
      const job = await sync(connectionId);
      expect(job.status).toBe('FAILED');
      expect(job.attempts).toBe(1); // bad credentials are not retried
      expect(job.failure?.code).toBe('AUTH');
      expect(JSON.stringify(job)).not.toContain('tok-123456');
      const { directoryConnection } = await gql<{
        directoryConnection: { status: string; errorMessage: string };
      }>(`query ($id: ID!) { directoryConnection(id: $id) { status errorMessage } }`, { id: connectionId });
      expect(directoryConnection.status).toBe('ERROR');
      expect(directoryConnection.errorMessage).toBeTruthy();
      expect(await employees(connectionId)).toEqual([]);
    });

    it('retries a temporary failure with backoff, then fails', async () => {
      failingStatus = 503;
      const { port } = failing.address() as AddressInfo;
      const connectionId = await createConnection('Flaky', { url: `http://127.0.0.1:${port}/export.json` });
      const job = await sync(connectionId);
      expect(job.status).toBe('FAILED');
      expect(job.failure?.code).toBe('TEMPORARY');
      expect(job.attempts).toBe(2);
    });

    it('runs one sync per connection at a time', async () => {
      const connectionId = await createConnection('Busy', {
        file: writeHrisFile(orgId, hrisDocument(hrisPeople(300))),
      });
      const trigger = () =>
        gql<{ triggerSync: { id: string } }>(
          `mutation ($id: ID!) { triggerSync(input: { connectionId: $id }) { id } }`,
          {
            id: connectionId,
          },
        );
      const [first, second] = await Promise.all([trigger(), trigger()]);
      expect(second.triggerSync.id).toBe(first.triggerSync.id);
      expect((await waitFor(first.triggerSync.id)).status).toBe('COMPLETED');
    });

    it('refuses to pull-sync a SCIM connection', async () => {
      const { createDirectoryConnection } = await gql<{ createDirectoryConnection: { id: string } }>(
        `mutation { createDirectoryConnection(input: { name: "Entra SCIM", source: SCIM }) { id } }`,
      );
      const response = await app.request(
        `mutation ($id: ID!) { triggerSync(input: { connectionId: $id }) { id } }`,
        { id: createDirectoryConnection.id },
        { token: admin },
      );
      expect(response.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
      expect(response.errors?.[0].message).toMatch(/receives pushes \(scim\); it cannot be pull-synced/);
    });

    it('imports a document pushed through the graph, and deletes what a later one leaves out under the delete policy', async () => {
      // Other connections of this organization have the same employee numbers: not a key here.
      const connectionId = await createConnection(
        'Pushed',
        { push: true, identity: { matchKeys: ['idpId', 'email'] } },
        { deletionPolicy: 'DELETE', deletionThresholdPercent: 100 },
      );
      const push = async (document: unknown) => {
        const { importDirectoryDocument } = await gql<{ importDirectoryDocument: Job }>(
          `mutation ($id: ID!, $document: JSON!) { importDirectoryDocument(connectionId: $id, document: $document) { id status } }`,
          { id: connectionId, document },
        );
        return waitFor(importDirectoryDocument.id);
      };
      const people = hrisPeople(10, { domain: 'pushed.test' });
      expect((await push(hrisDocument(people))).stats.usersCreated).toBe(10);
      const second = await push(hrisDocument(people.slice(0, 8)));
      expect(second.stats).toMatchObject({ usersDeleted: 2, usersDisabled: 0 });
      expect(await employees(connectionId)).toHaveLength(8);
      const [{ count }] = await app.db.dataSource.query(`SELECT count(*)::int AS count FROM sync_payloads`);
      expect(count).toBe(0);
    });

    it('cancels a queued sync', async () => {
      const connectionId = await createConnection('Paused worker', {
        file: writeHrisFile(orgId, hrisDocument(hrisPeople(5))),
      });
      // A job queued behind a long one on the same worker: cancel it while it waits.
      const { triggerSync } = await gql<{ triggerSync: Job }>(
        `mutation ($id: ID!) { triggerSync(input: { connectionId: $id }) { id status } }`,
        { id: connectionId },
      );
      const { cancelSync } = await gql<{ cancelSync: Job }>(
        `mutation ($id: ID!) { cancelSync(id: $id) { id status } }`,
        {
          id: triggerSync.id,
        },
      );
      expect(['CANCELLED', 'COMPLETED']).toContain(cancelSync.status);
      const final = await waitFor(triggerSync.id);
      expect(final.status).toBe(cancelSync.status);
    });
  });
});
