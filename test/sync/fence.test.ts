import { loadConfig } from '../../src/config';
import { ConnectionStore } from '../../src/directory/connections';
import { SecretBox } from '../../src/directory/secret-box';
import { SyncJobs } from '../../src/directory/sync-jobs';
import { InlineQueue } from '../support/inline-sync';
import { DirectorySource, SyncJob } from '../../src/entities';
import { SyncPipeline } from '../../src/jobs/sync-pipeline';
import { person, ScriptedSource } from '../fakes/scripted-connector';
import { createTestDatabase, TestDatabase } from '../support/databases';
import { createOrganization } from '../support/factories';

/**
 * One run of a job applies, whatever the queue does: a run that another run has taken over (a
 * BullMQ lock that expired while its worker was frozen) writes nothing and records nothing.
 */
describe('sync run fence', () => {
  let db: TestDatabase;
  let source: ScriptedSource;
  let jobs: SyncJobs;
  let pipeline: SyncPipeline;
  let connections: ConnectionStore;
  let orgId: string;
  let onPublish: (job: SyncJob) => Promise<void> = async () => undefined;

  beforeAll(async () => {
    db = await createTestDatabase();
    source = new ScriptedSource();
    connections = new ConnectionStore(db.dataSource, new SecretBox(loadConfig({}).encryptionKeys));
    const publisher = { publish: async (job: SyncJob) => onPublish(job) };
    jobs = new SyncJobs(db.dataSource, new InlineQueue(), publisher);
    pipeline = new SyncPipeline(db.dataSource, connections, publisher, () => source.definition());
    orgId = await createOrganization(db.dataSource);
  });
  afterEach(() => {
    onPublish = async () => undefined;
  });
  afterAll(() => db.drop());

  const createConnection = async (name: string, thresholdPercent: number) =>
    (
      await connections.create(orgId, {
        name,
        source: DirectorySource.HRIS_IMPORT,
        config: { file: '/unused.json' },
        deletionThresholdPercent: thresholdPercent,
      })
    ).id;
  const trigger = (connectionId: string) =>
    jobs.trigger(orgId, {
      connectionId,
      syncType: 'full',
      includeGroups: true,
      preview: false,
      trigger: 'api',
    });
  const people = (connectionId: string) =>
    db.dataSource.query(
      `SELECT external_id, job_title, status FROM employees WHERE connection_id = $1 ORDER BY external_id`,
      [connectionId],
    ) as Promise<{ external_id: string; job_title: string | null; status: string }[]>;
  const row = async (jobId: string) =>
    (
      (await db.dataSource.query(
        `SELECT status, attempts, stats, completed_at FROM sync_jobs WHERE id = $1`,
        [jobId],
      )) as { status: string; attempts: number; stats: Record<string, number>; completed_at: Date | null }[]
    )[0];

  it('a run taken over by another run never applies and never records an outcome', async () => {
    const connectionId = await createConnection('Fenced', 100);
    const everyone = Array.from({ length: 20 }, (_, i) =>
      person(i, { attributes: { ...person(i).attributes, jobTitle: 'Engineer' } }),
    );
    source.full = { users: everyone, nextCursor: 'c1' };
    expect((await pipeline.run((await trigger(connectionId)).id, { finalAttempt: true })).status).toBe(
      'completed',
    );

    // Run A reads a source that has lost most people (a truncated read) and freezes mid-read.
    source.full = { users: everyone.slice(0, 3), nextCursor: 'c2' };
    const job = await trigger(connectionId);
    const hold = source.holdNextRead();
    const runA = pipeline.run(job.id, { finalAttempt: true });
    await hold.reached;

    // Its lock expires; the queue gives the job to run B, which reads the whole source and completes.
    source.full = {
      users: everyone.map((user) => ({ ...user, attributes: { ...user.attributes, jobTitle: 'Lead' } })),
      nextCursor: 'c3',
    };
    const runB = await pipeline.run(job.id, { finalAttempt: true });
    expect(runB.status).toBe('completed');
    const afterB = await row(job.id);
    expect(afterB.stats).toMatchObject({ usersUpdated: 20, usersDisabled: 0 });

    // A wakes up: it reaches the apply with its three people, and must neither apply nor record.
    hold.release();
    await runA;
    const directory = await people(connectionId);
    expect(directory).toHaveLength(20);
    expect(directory.every((employee) => employee.status === 'active' && employee.job_title === 'Lead')).toBe(
      true,
    );
    expect(await row(job.id)).toEqual(afterB);
  });

  it('a run whose job moved on to a newer run while it read does not apply', async () => {
    const connectionId = await createConnection('Superseded', 100);
    source.full = { users: Array.from({ length: 10 }, (_, i) => person(100 + i)), nextCursor: 'c1' };
    const job = await trigger(connectionId);
    const hold = source.holdNextRead();
    const runA = pipeline.run(job.id, { finalAttempt: true });
    await hold.reached;
    // Run B starts (a stalled-job takeover) and is itself still reading.
    await db.dataSource.query(`UPDATE sync_jobs SET attempts = attempts + 1 WHERE id = $1`, [job.id]);
    hold.release();
    await runA;
    expect(await people(connectionId)).toEqual([]);
    expect(await row(job.id)).toMatchObject({ status: 'running', attempts: 2, completed_at: null });
  });

  it('the fence inside the apply transaction stops a run superseded after its last check', async () => {
    const connectionId = await createConnection('Fenced in the transaction', 100);
    source.full = { users: Array.from({ length: 10 }, (_, i) => person(200 + i)), nextCursor: 'c1' };
    const job = await trigger(connectionId);
    // Run B starts at the very moment run A announces that it applies (after every check outside).
    onPublish = async (update) => {
      if (update.id === job.id && update.progress.phase === 'applying') {
        onPublish = async () => undefined;
        await db.dataSource.query(`UPDATE sync_jobs SET attempts = attempts + 1 WHERE id = $1`, [job.id]);
      }
    };
    await pipeline.run(job.id, { finalAttempt: true });
    expect(await people(connectionId)).toEqual([]);
    expect(await row(job.id)).toMatchObject({ status: 'running', attempts: 2, completed_at: null });
  });

  it('adds up removals since the last confirmed sync against the threshold (removal by instalments)', async () => {
    const connectionId = await createConnection('Instalments', 10);
    const everyone = Array.from({ length: 100 }, (_, i) => person(1000 + i, { manager: null }));
    const syncOf = async (count: number) => {
      source.full = { users: everyone.slice(0, count), nextCursor: `n${count}` };
      return pipeline.run((await trigger(connectionId)).id, { finalAttempt: true });
    };
    expect((await syncOf(100)).status).toBe('completed');
    // 9 of 100 people: under 10 %.
    const first = await syncOf(91);
    expect(first).toMatchObject({
      status: 'completed',
      stats: expect.objectContaining({ usersDisabled: 9 }),
    });
    // 9 more: 18 of the 100 the connection had, since the last confirmation.
    const second = await syncOf(82);
    expect(second).toMatchObject({ status: 'needs_confirmation', failureCode: 'DELETION_THRESHOLD' });
    expect(second.failureMessage).toContain('9 more were removed');
    const active = async () =>
      (await people(connectionId)).filter((employee) => employee.status === 'active').length;
    expect(await active()).toBe(91);

    // An admin confirms: the removals go through, and the count starts again from there.
    await jobs.confirm(orgId, second.id);
    expect((await pipeline.run(second.id, { finalAttempt: true })).status).toBe('completed');
    expect(await active()).toBe(82);
    expect((await syncOf(74)).status).toBe('completed');
    expect(await active()).toBe(74);
  });

  // The worker fault soak found it (a Redis stall): a run applied, the queue meanwhile gave the job
  // to a new run, which started before the first one recorded its outcome, applied again (nothing
  // left to do) and recorded that as the job's: the removals vanished from the job's stats (and
  // from the deletion window, which adds up the stats).
  it('a run that applied has finished: a run the queue starts right after the apply does not run again', async () => {
    const connectionId = await createConnection('Applied, then overtaken', 100);
    const everyone = Array.from({ length: 12 }, (_, i) => person(300 + i, { manager: null }));
    source.full = { users: everyone, nextCursor: 'a1' };
    expect((await pipeline.run((await trigger(connectionId)).id, { finalAttempt: true })).status).toBe(
      'completed',
    );
    source.full = { users: everyone.slice(0, 10), nextCursor: 'a2' };
    const job = await trigger(connectionId);
    // Run B starts at the moment run A, its changes applied, records the connection's new cursor.
    let runB: Promise<SyncJob> | null = null;
    const hooked = new (class extends ConnectionStore {
      override async markSynced(...args: Parameters<ConnectionStore['markSynced']>) {
        if (!runB) {
          runB = pipeline.run(job.id, { finalAttempt: true });
          // Written apart from the apply (before): B runs to its end first. Within it: B waits.
          if (!args[2]) await runB;
        }
        return super.markSynced(...args);
      }
    })(db.dataSource, new SecretBox(loadConfig({}).encryptionKeys));
    const publisher = { publish: async (update: SyncJob) => onPublish(update) };
    const runA = new SyncPipeline(db.dataSource, hooked, publisher, () => source.definition());
    await runA.run(job.id, { finalAttempt: true });
    await runB;
    expect(await row(job.id)).toMatchObject({
      status: 'completed',
      attempts: 1,
      stats: expect.objectContaining({ usersDisabled: 2, usersSkipped: 10 }),
    });
    expect((await people(connectionId)).filter((employee) => employee.status === 'terminated')).toHaveLength(
      2,
    );
  });
});
