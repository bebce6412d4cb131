import { dataOf, startTestApp, TestApp } from '../support/app';
import { createOrganization } from '../support/factories';
import { hrisDocument, hrisPeople, writeHrisFile } from '../support/hris';
import { OwnRedis } from '../support/redis-server';
import { waitForSyncJob } from '../support/sync-jobs';

/**
 * Redis lost without saving (finding 2): the jobs it held come back through the sweeper, and while
 * it is away the mutations that need it fail at once with QUEUE_UNAVAILABLE and /readyz says so.
 * The Redis here is the test's own, killed and started again empty on the same port.
 */
describe('lost job queue', () => {
  let redis: OwnRedis;
  let app: TestApp;
  let orgId: string;
  let admin: string;

  beforeAll(async () => {
    redis = await OwnRedis.start();
    app = await startTestApp({ REDIS_URL: redis.url, SYNC_SWEEP_INTERVAL_MS: '500' }, { sync: true });
    orgId = await createOrganization(app.db.dataSource);
    admin = await app.token(orgId, ['admin']);
  });
  afterAll(async () => {
    await app?.stop();
    await redis?.stop();
  });

  const connection = async (name: string, people: number) =>
    dataOf(
      await app.request<{ createDirectoryConnection: { id: string } }, Record<string, unknown>>(
        `mutation ($input: DirectoryConnectionInput!) { createDirectoryConnection(input: $input) { id } }`,
        {
          input: {
            name,
            source: 'HRIS_IMPORT',
            config: {
              file: writeHrisFile(orgId, hrisDocument(hrisPeople(people, { domain: `${name}.test` }))),
            },
          },
        },
        { token: admin },
      ),
    ).createDirectoryConnection.id;
  const trigger = (connectionId: string) =>
    app.request<{ triggerSync: { id: string; status: string } }, { connectionId: string }>(
      `mutation ($connectionId: ID!) { triggerSync(input: { connectionId: $connectionId, syncType: FULL }) { id status } }`,
      { connectionId },
      { token: admin },
    );
  const readiness = async () => (await fetch(new URL('/readyz', app.url))).status;

  it('queues lost jobs again, fails fast while Redis is away, and reports not ready', async () => {
    const first = await connection('first', 12);
    const second = await connection('second', 7);
    // Queued while no worker runs; then Redis dies without saving: the entry is gone.
    const queued = dataOf(await trigger(first)).triggerSync;
    expect(queued.status).toBe('QUEUED');
    expect(await readiness()).toBe(200);
    await redis.kill();

    const refused = await trigger(second);
    expect(refused.errors?.[0]?.extensions?.code).toBe('QUEUE_UNAVAILABLE');
    expect(await readiness()).toBe(503);

    // Redis is back, empty. The worker's sweeper finds the job without an entry and queues it again.
    await redis.restart();
    app.runtime!.startWorker();
    app.runtime!.startSweeper();
    const done = await waitForSyncJob<{ status: string; stats: { usersCreated: number } }>(
      app,
      admin,
      queued.id,
      'status stats { usersCreated }',
    );
    expect(done).toEqual({ status: 'COMPLETED', stats: { usersCreated: 12 } });
    const [row] = await app.db.dataSource.query(`SELECT queue_losses FROM sync_jobs WHERE id = $1`, [
      queued.id,
    ]);
    expect(row.queue_losses).toBe(1);
    expect(await readiness()).toBe(200);

    // The refused trigger left no job behind that would block the connection.
    const retried = dataOf(await trigger(second)).triggerSync;
    expect(await waitForSyncJob<{ status: string }>(app, admin, retried.id, 'status')).toEqual({
      status: 'COMPLETED',
    });
  });
});
