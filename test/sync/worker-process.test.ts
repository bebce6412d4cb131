import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { dataOf, startTestApp, TestApp } from '../support/app';
import { createOrganization } from '../support/factories';
import {
  DocumentFolder,
  hrisDocument,
  SubscriptionLog,
  waitFor,
  WorkerProcess,
  WorkerProcesses,
  withWorkerLogs,
} from '../support/worker-process';

const execFileAsync = promisify(execFile);

/**
 * The sync runtime across processes: the API (this process) only queues jobs and serves the graph
 * and graphql-ws subscriptions; the jobs run in `node dist/src/main.js worker` processes that share
 * its database and queue. No worker runs in this process (app.runtime.startWorker is never called).
 */

type SyncStatus = 'QUEUED' | 'RUNNING' | 'COMPLETED' | 'FAILED' | 'CANCELLED' | 'NEEDS_CONFIRMATION';

interface SyncStats {
  usersCreated: number;
  usersUpdated: number;
  usersSkipped: number;
  usersErrors: number;
  membershipsAdded: number;
  totalProcessed: number;
}

interface SyncJobUpdate {
  id: string;
  status: SyncStatus;
  progress: { phase: string | null; processed: number; total: number | null };
  stats: SyncStats;
}

const STATS = 'stats { usersCreated usersUpdated usersSkipped usersErrors membershipsAdded totalProcessed }';

const SYNC_JOB_UPDATED = `subscription SyncJobUpdated($source: DirectorySource) {
  syncJobUpdated(source: $source) { id status progress { phase processed total } ${STATS} }
}`;

const CREATE_CONNECTION = `mutation CreateConnection($input: DirectoryConnectionInput!) {
  createDirectoryConnection(input: $input) { id status }
}`;

const TRIGGER_SYNC = `mutation TriggerSync($connectionId: ID!) {
  triggerSync(input: { connectionId: $connectionId, syncType: FULL }) { id status attempts }
}`;

const SYNC_JOB = `query SyncJob($id: ID!) {
  syncJob(id: $id) { id status attempts progress { phase processed total } failure { code message } ${STATS} }
}`;

const MANAGER_OF = `query ManagerOf($email: String!) {
  employeeByEmail(email: $email) { email manager { email } }
}`;

interface SyncJobView {
  id: string;
  status: SyncStatus;
  attempts: number;
  progress: SyncJobUpdate['progress'];
  failure: { code: string; message: string } | null;
  stats: SyncStats;
}

const TERMINAL: readonly SyncStatus[] = ['COMPLETED', 'FAILED', 'CANCELLED', 'NEEDS_CONFIRMATION'];
/** Where a status stands in a job's life: a job never moves to a lower rank. */
const RANK: Record<SyncStatus, number> = {
  QUEUED: 0,
  RUNNING: 1,
  COMPLETED: 2,
  FAILED: 2,
  CANCELLED: 2,
  NEEDS_CONFIRMATION: 2,
};

describe('sync worker in a separate process', () => {
  let app: TestApp;
  let folder: DocumentFolder;
  const workers = new WorkerProcesses();
  const subscriptions: SubscriptionLog<{ syncJobUpdated: SyncJobUpdate }>[] = [];

  let stopListening: (() => void) | undefined;

  beforeAll(async () => {
    app = await startTestApp({}, { sync: true });
    folder = await DocumentFolder.create();
    // The API's Redis subscription opens with its first listener; open it now, so that a graphql-ws
    // subscription made just before a trigger cannot miss a worker's first events.
    stopListening = await app.runtime?.bus.listen(() => undefined);
  });

  afterEach(async () => {
    await Promise.all(subscriptions.splice(0).map((subscription) => subscription.close()));
    await workers.killAll();
    workers.clearLogs();
  });

  afterAll(async () => {
    await Promise.all(subscriptions.splice(0).map((subscription) => subscription.close()));
    await workers.killAll();
    stopListening?.();
    await app?.stop();
    await folder?.remove();
  });

  /**
   * What a worker process needs to share this API's database, queue and encryption keys. The API's
   * configuration was read from app.env alone, so the values it took by default are passed explicitly
   * rather than letting the child inherit different ones from this process's environment.
   */
  function workerEnv(lockMs = 30_000): NodeJS.ProcessEnv {
    return {
      ...app.env,
      REDIS_URL: app.config.redisUrl,
      CONNECTION_ENCRYPTION_KEYS: app.config.encryptionKeys
        .map(({ id, key }) => `${id}:${key.toString('base64')}`)
        .join(','),
      SYNC_LOCK_MS: String(lockMs),
    };
  }

  function subscribeToSyncJobs(token: string): SubscriptionLog<{ syncJobUpdated: SyncJobUpdate }> {
    const subscription = new SubscriptionLog<{ syncJobUpdated: SyncJobUpdate }>(
      app.url,
      token,
      SYNC_JOB_UPDATED,
      { source: 'HRIS_IMPORT' },
    );
    subscriptions.push(subscription);
    return subscription;
  }

  async function createConnection(token: string, name: string, file: string): Promise<string> {
    const data = dataOf(
      await app.request<
        { createDirectoryConnection: { id: string; status: string } },
        Record<string, unknown>
      >(CREATE_CONNECTION, { input: { name, source: 'HRIS_IMPORT', config: { file } } }, { token }),
    );
    expect(data.createDirectoryConnection.status).toBe('ACTIVE');
    return data.createDirectoryConnection.id;
  }

  async function triggerSync(token: string, connectionId: string): Promise<SyncJobView> {
    const data = dataOf(
      await app.request<{ triggerSync: SyncJobView }, { connectionId: string }>(
        TRIGGER_SYNC,
        { connectionId },
        { token },
      ),
    );
    return data.triggerSync;
  }

  async function syncJob(token: string, id: string): Promise<SyncJobView> {
    const data = dataOf(
      await app.request<{ syncJob: SyncJobView | null }, { id: string }>(SYNC_JOB, { id }, { token }),
    );
    if (!data.syncJob) throw new Error(`sync job ${id} not found`);
    return data.syncJob;
  }

  async function managerEmailOf(token: string, email: string): Promise<string | null> {
    const data = dataOf(
      await app.request<
        { employeeByEmail: { email: string; manager: { email: string } | null } | null },
        { email: string }
      >(MANAGER_OF, { email }, { token }),
    );
    return data.employeeByEmail?.manager?.email ?? null;
  }

  async function count(sql: string, params: unknown[]): Promise<number> {
    const [row] = (await app.db.dataSource.query(sql, params)) as { count: number }[];
    return row.count;
  }

  /** Ends a BullMQ job's lock now, as its timeout would: the next stalled-job check hands the job over. */
  async function expireQueueLock(queueJobId: string): Promise<void> {
    const key = `bull:${app.config.sync.queueName}:${queueJobId}:lock`;
    const { stdout } = await execFileAsync('redis-cli', ['-u', app.config.redisUrl, 'PEXPIRE', key, '1']);
    expect(stdout.trim()).toBe('1');
  }

  /** Waits until a worker process takes jobs (or fails when it exits first). */
  async function waitForReady(worker: WorkerProcess): Promise<void> {
    let ready = false;
    await Promise.race([
      worker.ready.then(() => void (ready = true)),
      worker.exited.then(({ code, signal }) => {
        if (!ready)
          throw new Error(`${worker.name} exited (code ${code}, signal ${signal}) before it was ready`);
      }),
    ]);
  }

  /** The events of one job as the subscription delivered them. */
  function updatesOf(subscription: SubscriptionLog<{ syncJobUpdated: SyncJobUpdate }>, id: string) {
    return subscription.events.map((event) => event.syncJobUpdated).filter((job) => job.id === id);
  }

  function waitForCompletion(
    subscription: SubscriptionLog<{ syncJobUpdated: SyncJobUpdate }>,
    id: string,
    timeoutMs: number,
  ): Promise<SyncJobUpdate> {
    return subscription
      .waitFor(
        `sync ${id} to finish`,
        ({ syncJobUpdated: job }) => job.id === id && TERMINAL.includes(job.status),
        timeoutMs,
      )
      .then(({ syncJobUpdated: job }) => job);
  }

  it(
    'runs a job in a worker process while a graphql-ws client receives ordered progress and the final stats',
    () =>
      withWorkerLogs(workers, async () => {
        const people = 3000;
        const groups = 5;
        const orgId = await createOrganization(app.db.dataSource);
        const token = await app.token(orgId, ['admin']);
        const file = await folder.write(orgId, 'acme-3000.json', hrisDocument({ employees: people, groups }));
        const connectionId = await createConnection(token, 'Acme HRIS', file);

        const subscription = subscribeToSyncJobs(token);
        await subscription.connected();

        const queued = await triggerSync(token, connectionId);
        expect(queued.status).toBe('QUEUED');
        // Nobody in this process takes jobs off the queue.
        expect((await syncJob(token, queued.id)).status).toBe('QUEUED');

        workers.spawn('worker', workerEnv());
        const final = await waitForCompletion(subscription, queued.id, 30_000);
        expect(final.status).toBe('COMPLETED');

        const updates = updatesOf(subscription, queued.id);
        const statuses = updates.map((update) => update.status);
        // QUEUED/RUNNING… → COMPLETED, never back; the completion is the last word.
        statuses.forEach((status, index) => {
          if (index > 0) expect(RANK[status]).toBeGreaterThanOrEqual(RANK[statuses[index - 1]]);
        });
        expect(statuses[statuses.length - 1]).toBe('COMPLETED');
        expect(statuses.filter((status) => TERMINAL.includes(status))).toEqual(['COMPLETED']);

        const running = updates.filter((update) => update.status === 'RUNNING');
        expect(running.length).toBeGreaterThan(1);
        const phases = [...new Set(running.map((update) => update.progress.phase))];
        expect(phases).toEqual(expect.arrayContaining(['reading users', 'reading groups', 'applying']));
        expect(phases.length).toBeGreaterThanOrEqual(2);
        // Several pages were read (1,000 people per page), each reported.
        expect(
          running.filter((update) => update.progress.phase === 'reading users').length,
        ).toBeGreaterThanOrEqual(3);
        const processed = running.map((update) => update.progress.processed);
        expect(processed).toEqual([...processed].sort((a, b) => a - b));
        expect(Math.max(...processed)).toBe(people + groups);
        // The final report does not forget how far the job got.
        expect(final.progress.processed).toBeGreaterThanOrEqual(Math.max(...processed));

        expect(final.stats).toMatchObject({
          usersCreated: people,
          usersUpdated: 0,
          usersSkipped: 0,
          usersErrors: 0,
          membershipsAdded: people,
          totalProcessed: people + groups,
        });
        expect(
          await count(`SELECT count(*)::int AS count FROM employees WHERE connection_id = $1`, [
            connectionId,
          ]),
        ).toBe(people);
        expect(
          await count(
            `SELECT count(*)::int AS count FROM employees WHERE connection_id = $1 AND manager_id IS NOT NULL`,
            [connectionId],
          ),
        ).toBe(people - 1);
        expect(await managerEmailOf(token, 'person1@acme.test')).toBe('person0@acme.test');
        expect(await managerEmailOf(token, 'person2999@acme.test')).toBe('person374@acme.test');
        expect(await managerEmailOf(token, 'person0@acme.test')).toBeNull();

        // The same source again: everything is skipped.
        const again = await triggerSync(token, connectionId);
        expect(again.status).toBe('QUEUED');
        expect(again.id).not.toBe(queued.id);
        const second = await waitForCompletion(subscription, again.id, 30_000);
        expect(second.status).toBe('COMPLETED');
        expect(second.stats).toMatchObject({ usersSkipped: people, usersCreated: 0, usersUpdated: 0 });
        expect(
          await count(`SELECT count(*)::int AS count FROM employees WHERE connection_id = $1`, [
            connectionId,
          ]),
        ).toBe(people);
        expect(subscription.errors).toEqual([]);
      }),
    45_000,
  );

  it(
    'recovers the job of a worker killed with SIGKILL mid-sync; the directory ends equal to the source',
    () =>
      withWorkerLogs(workers, async () => {
        const people = 5_000;
        const orgId = await createOrganization(app.db.dataSource);
        const token = await app.token(orgId, ['admin']);
        const file = await folder.write(
          orgId,
          'acme-5000.json',
          hrisDocument({ employees: people, groups: 20 }),
        );
        const connectionId = await createConnection(token, 'Acme HRIS (large)', file);

        const subscription = subscribeToSyncJobs(token);
        await subscription.connected();

        // Both workers hold their jobs with the default lock (30 s): with a short one (2 s, even 5 s)
        // a worker starved of CPU on a busy machine failed to renew it, took its own job over, and
        // the job went from run to run without end. The test expires worker A's lock itself once A
        // is dead, which is what the lock's timeout would do after 30 s.
        const workerA = workers.spawn('worker-a', workerEnv());
        await waitForReady(workerA);
        const job = await triggerSync(token, connectionId);
        expect(job.status).toBe('QUEUED');
        await subscription.waitFor(
          'worker A to take the job',
          ({ syncJobUpdated: update }) => update.id === job.id && update.status === 'RUNNING',
        );
        // Worker B starts while A works (a process start takes seconds on a busy machine); it takes
        // the job only once A's lock has expired.
        const workerB = workers.spawn('worker-b', workerEnv());
        // Killed while applying: the one transaction that writes the directory is under way.
        await subscription.waitFor(
          'worker A to start applying',
          ({ syncJobUpdated: update }) =>
            update.id === job.id && update.status === 'RUNNING' && update.progress.phase === 'applying',
          30_000,
        );
        await workers.kill(workerA, 'SIGKILL');
        expect((await workerA.exited).signal).toBe('SIGKILL');
        await expireQueueLock(`${job.id}.0`);
        const eventsBeforeKill = updatesOf(subscription, job.id).length;
        // The transaction died with its connection: nothing or everything, never a part.
        const atKill = await count(`SELECT count(*)::int AS count FROM employees WHERE connection_id = $1`, [
          connectionId,
        ]);
        expect([0, people]).toContain(atKill);
        expect((await syncJob(token, job.id)).status).toBe('RUNNING');

        await waitForReady(workerB);
        await waitForCompletion(subscription, job.id, 60_000);
        const final = await syncJob(token, job.id);
        expect(final).toMatchObject({ status: 'COMPLETED', failure: null });
        // Worker B ran the job again from the start: a second attempt, visible to subscribers too.
        expect(final.attempts).toBeGreaterThanOrEqual(2);
        const afterKill = updatesOf(subscription, job.id).slice(eventsBeforeKill);
        expect(afterKill.map((update) => update.progress.phase)).toContain('starting');
        expect(final.stats.usersCreated + final.stats.usersSkipped).toBe(people);
        expect(final.stats.usersErrors).toBe(0);

        const [directory] = (await app.db.dataSource.query(
          `SELECT count(*)::int AS people,
           count(DISTINCT lower(email))::int AS emails,
           count(DISTINCT external_id)::int AS "externalIds",
           count(*) FILTER (WHERE manager_ref IS NOT NULL AND manager_id IS NULL)::int AS unresolved,
           count(*) FILTER (WHERE manager_id IS NOT NULL)::int AS managed
         FROM employees WHERE connection_id = $1`,
          [connectionId],
        )) as { people: number; emails: number; externalIds: number; unresolved: number; managed: number }[];
        expect(directory).toEqual({
          people,
          emails: people,
          externalIds: people,
          unresolved: 0,
          managed: people - 1,
        });
        expect(await count(`SELECT count(*)::int AS count FROM employees WHERE org_id = $1`, [orgId])).toBe(
          people,
        );
        expect(await managerEmailOf(token, 'person4999@acme.test')).toBe('person624@acme.test');

        // Staging is cleared once the job is over (the worker does it right after reporting completion).
        const staged = () =>
          count(
            `SELECT ((SELECT count(*) FROM sync_stage_users WHERE job_id = $1)
             + (SELECT count(*) FROM sync_stage_groups WHERE job_id = $1)
             + (SELECT count(*) FROM sync_stage_members WHERE job_id = $1))::int AS count`,
            [job.id],
          );
        await waitFor('the staging rows of the job to be cleared', async () =>
          (await staged()) === 0 ? true : undefined,
        );
        expect(await staged()).toBe(0);
        expect(subscription.errors).toEqual([]);
      }),
    100_000,
  );

  it(
    'a worker frozen (SIGSTOP) past its lock loses the job to another; woken (SIGCONT), it stops at the fence and writes nothing',
    () =>
      withWorkerLogs(workers, async () => {
        const people = 1_000;
        const orgId = await createOrganization(app.db.dataSource);
        const token = await app.token(orgId, ['admin']);
        const file = await folder.write(
          orgId,
          'acme-1000.json',
          hrisDocument({ employees: people, groups: 5 }),
        );
        const connectionId = await createConnection(token, 'Acme HRIS (frozen worker)', file);
        const subscription = subscribeToSyncJobs(token);
        await subscription.connected();
        /** Backends of this database waiting for (granted: holding) an advisory lock. */
        const advisory = (granted: boolean) =>
          count(
            `SELECT count(*)::int AS count FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
             WHERE l.locktype = 'advisory' AND l.granted = $1 AND a.datname = current_database() AND a.pid <> pg_backend_pid()`,
            [granted],
          );

        // The test holds the connection's lock, which every apply takes first, before its fence: so
        // worker A is frozen at the very door of its apply transaction, past every earlier check.
        const holder = app.db.dataSource.createQueryRunner();
        await holder.connect();
        try {
          await holder.query(`SELECT pg_advisory_lock(hashtext($1))`, [connectionId]);
          const workerA = workers.spawn('worker-a', workerEnv());
          await waitForReady(workerA);
          const job = await triggerSync(token, connectionId);
          await subscription.waitFor(
            'worker A to start applying',
            ({ syncJobUpdated: update }) => update.id === job.id && update.progress.phase === 'applying',
            30_000,
          );
          await waitFor('worker A to wait for the connection lock', async () =>
            (await advisory(false)) === 1 ? true : undefined,
          );
          workerA.child.kill('SIGSTOP');
          // A's apply transaction gets the lock while A is frozen: it holds it, its fence not yet run.
          await holder.query(`SELECT pg_advisory_unlock(hashtext($1))`, [connectionId]);
          await waitFor('the frozen worker to hold the connection lock', async () =>
            (await advisory(false)) === 0 && (await advisory(true)) === 1 ? true : undefined,
          );
          // A stays frozen past its lock: ended here at once, which is what its 30 s timeout does.
          await expireQueueLock(`${job.id}.0`);
          const workerB = workers.spawn('worker-b', workerEnv());
          await waitForReady(workerB);
          // B takes the job over as run 2, reads the source and waits for the lock A holds.
          await waitFor(
            'worker B to run the job as run 2 and wait for the connection lock',
            async () => {
              const current = await syncJob(token, job.id);
              return current.attempts === 2 &&
                current.progress.phase === 'applying' &&
                (await advisory(false)) === 1
                ? true
                : undefined;
            },
            { timeoutMs: 60_000 },
          );
          expect(await count(`SELECT count(*)::int AS count FROM employees WHERE org_id = $1`, [orgId])).toBe(
            0,
          );

          workerA.child.kill('SIGCONT');
          await waitForCompletion(subscription, job.id, 60_000);
          const final = await syncJob(token, job.id);
          // One apply, run 2's: A's transaction found at its fence that the job had moved on, and
          // rolled back before writing; B applied everything, and the job is over.
          expect(final).toMatchObject({ status: 'COMPLETED', attempts: 2, failure: null });
          expect(final.stats).toMatchObject({ usersCreated: people, usersUpdated: 0, usersSkipped: 0 });
          expect(await count(`SELECT count(*)::int AS count FROM employees WHERE org_id = $1`, [orgId])).toBe(
            people,
          );
          expect(
            await count(`SELECT count(*)::int AS count FROM sync_jobs WHERE connection_id = $1`, [
              connectionId,
            ]),
          ).toBe(1);
          await waitFor('worker A to report that its run was superseded', () =>
            /worker-a.*run superseded/.test(workers.logs()) ? true : undefined,
          );
          expect(workers.logs()).toMatch(/worker-a.*run 1 of sync .* was superseded/);
          expect(isRunning(workerA)).toBe(true);
        } finally {
          await holder.release();
        }
      }),
    120_000,
  );
});

function isRunning(worker: WorkerProcess): boolean {
  return worker.child.exitCode === null && worker.child.signalCode === null;
}
