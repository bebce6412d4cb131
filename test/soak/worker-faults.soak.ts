import { execFile } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { promisify } from 'node:util';
import fc from 'fast-check';
import { dataOf, startTestApp, TestApp } from '../support/app';
import { createOrganization } from '../support/factories';
import { OwnRedis } from '../support/redis-server';
import {
  DocumentFolder,
  hrisDocument,
  waitFor,
  WorkerProcess,
  WorkerProcesses,
} from '../support/worker-process';

const execFileAsync = promisify(execFile);

/**
 * `npm run soak`, part two: the faults of real processes. Two `worker` processes share the soak's
 * own redis-server (another port; the shared one is never signalled) and a database; each case
 * syncs a directory, changes the source and syncs again while a fault hits mid-sync:
 * - `kill`: every worker is SIGKILLed (while reading, or while applying), their queue locks end as
 *   their timeout would, and new workers take the job over;
 * - `redisStall`: the redis-server is SIGSTOPped for longer than the workers' lock, then SIGCONTed
 *   (the queue hands the job to another run while the first one goes on).
 * Invariants: the job ends in a terminal state (completed: the removals stay under the threshold);
 * it applied exactly once (its stats are the first apply's: the removals disabled, the changes
 * updated; a second apply would find nothing to do); nobody was terminated twice or by mistake;
 * the directory equals the source; nothing of the organization is left queued or running.
 * SOAK_WORKER_RUNS cases (12 by default), SOAK_SEED / SOAK_PATH as for the model soak.
 */

type Fault = 'killReading' | 'killApplying' | 'redisStall';
interface WorkerCase {
  people: number;
  removed: number;
  retitled: number;
  fault: Fault;
}

const LOCK_MS = 5_000;

const TRIGGER_SYNC = `mutation TriggerSync($connectionId: ID!) {
  triggerSync(input: { connectionId: $connectionId, syncType: FULL }) { id }
}`;
const CREATE_CONNECTION = `mutation CreateConnection($input: DirectoryConnectionInput!) {
  createDirectoryConnection(input: $input) { id }
}`;

export async function runWorkerFaultSoak(numRuns: number, selection: { seed?: number; path?: string }) {
  const redis = await OwnRedis.start();
  const app: TestApp = await startTestApp(
    { REDIS_URL: redis.url, SYNC_LOCK_MS: String(LOCK_MS) },
    { sync: true },
  );
  const folder = await DocumentFolder.create();
  const workers = new WorkerProcesses();
  const figures = {
    cases: 0,
    faults: { killReading: 0, killApplying: 0, redisStall: 0 },
    runsPerJob: [] as number[],
  };
  const env: NodeJS.ProcessEnv = {
    ...app.env,
    REDIS_URL: redis.url,
    CONNECTION_ENCRYPTION_KEYS: app.config.encryptionKeys
      .map(({ id, key }) => `${id}:${key.toString('base64')}`)
      .join(','),
    SYNC_LOCK_MS: String(LOCK_MS),
  };
  let live: WorkerProcess[] = [];
  let spawned = 0;
  const startWorkers = async () => {
    live = [workers.spawn(`w${++spawned}`, env), workers.spawn(`w${++spawned}`, env)];
    await Promise.all(live.map((worker) => worker.ready));
  };
  const started = Date.now();
  try {
    await startWorkers();
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 20, max: 400 }).chain((people) =>
          fc.record({
            people: fc.constant(people),
            removed: fc.integer({ min: 0, max: 5 }),
            retitled: fc.integer({ min: 0, max: people - 6 }),
            fault: fc.constantFrom<Fault>('killReading', 'killApplying', 'redisStall'),
          }),
        ),
        async (input: WorkerCase) => {
          figures.cases++;
          figures.faults[input.fault]++;
          await runCase(input);
        },
      ),
      { numRuns, seed: selection.seed, path: selection.path, endOnFailure: true },
    );
    return { ...figures, durationMs: Date.now() - started };
  } catch (error) {
    console.error(`worker output (last lines):\n${workers.logs().split('\n').slice(-80).join('\n')}`);
    throw error;
  } finally {
    await workers.killAll();
    await app.stop();
    await folder.remove();
    await redis.stop();
  }

  async function runCase({ people, removed, retitled, fault }: WorkerCase): Promise<void> {
    const orgId = await createOrganization(app.db.dataSource);
    const token = await app.token(orgId, ['admin']);
    const gql = async <T>(query: string, variables: Record<string, unknown>) =>
      dataOf(await app.request<T, Record<string, unknown>>(query, variables, { token }));
    const before = hrisDocument({ employees: people, groups: 3 });
    const file = await folder.write(orgId, 'source.json', before);
    const connectionId = (
      await gql<{ createDirectoryConnection: { id: string } }>(CREATE_CONNECTION, {
        input: { name: `soak ${orgId}`, source: 'HRIS_IMPORT', config: { file } },
      })
    ).createDirectoryConnection.id;
    const sync = async () =>
      (await gql<{ triggerSync: { id: string } }>(TRIGGER_SYNC, { connectionId })).triggerSync.id;
    const finished = (jobId: string) =>
      waitFor(
        `sync ${jobId} to end`,
        async () => {
          const [row] = await app.db.dataSource.query(
            `SELECT status, attempts, stats FROM sync_jobs WHERE id = $1`,
            [jobId],
          );
          return ['queued', 'running'].includes(row.status) ? undefined : row;
        },
        { timeoutMs: 180_000, intervalMs: 100 },
      ) as Promise<{ status: string; attempts: number; stats: Record<string, number> }>;
    const first = await finished(await sync());
    if (first.status !== 'completed') throw new Error(`the first sync ended ${first.status}`);

    // The source changes: the last `removed` people leave (nobody reports to them: people report
    // to lower numbers), `retitled` others get a new title.
    const employees = (before.employees as Record<string, unknown>[]).slice(0, people - removed);
    for (let i = 1; i <= retitled; i++) employees[i] = { ...employees[i], job_title: 'Principal' };
    await writeFile(file, JSON.stringify({ ...before, employees }));
    const jobId = await sync();
    const phase = fault === 'killApplying' ? 'applying' : 'reading users';
    // The fault lands once the job is in that phase, or (small sources are quick) whenever it ran.
    await waitFor(
      `sync ${jobId} to reach ${phase}`,
      async () => {
        const [row] = await app.db.dataSource.query(`SELECT status, progress FROM sync_jobs WHERE id = $1`, [
          jobId,
        ]);
        return row.status !== 'queued' &&
          (row.status !== 'running' || row.progress?.phase === phase || fault === 'redisStall')
          ? true
          : undefined;
      },
      { timeoutMs: 60_000, intervalMs: 20 },
    );
    if (fault === 'redisStall') {
      redis.pause();
      await new Promise((resolve) => setTimeout(resolve, LOCK_MS * 1.5)); // the stall itself
      redis.resume();
    } else {
      await Promise.all(live.map((worker) => workers.kill(worker, 'SIGKILL')));
      // Their locks end as their timeout would (LOCK_MS): the next stalled-job check hands the job over.
      const { stdout } = await execFileAsync('redis-cli', [
        '-u',
        redis.url,
        '--scan',
        '--pattern',
        `bull:${app.config.sync.queueName}:*:lock`,
      ]);
      for (const key of stdout.split('\n').filter(Boolean))
        await execFileAsync('redis-cli', ['-u', redis.url, 'DEL', key]);
      await startWorkers();
    }
    const job = await finished(jobId);
    figures.runsPerJob.push(job.attempts);

    if (job.status !== 'completed') throw new Error(`job ended ${job.status} (${JSON.stringify(job)})`);
    // Exactly one apply: its stats are the first apply's (a second one would have disabled nobody).
    if (job.stats.usersDisabled !== removed || job.stats.usersUpdated !== retitled)
      throw new Error(`stats ${JSON.stringify(job.stats)} for ${removed} removed, ${retitled} retitled`);
    const [directory] = await app.db.dataSource.query(
      `SELECT count(*) FILTER (WHERE status = 'active' AND deprovisioned_at IS NULL)::int AS active,
         count(*) FILTER (WHERE status = 'terminated')::int AS terminated,
         count(*) FILTER (WHERE job_title = 'Principal')::int AS retitled,
         count(*) FILTER (WHERE status = 'terminated' AND external_id::text <> ALL($2::text[]))::int AS wrong
       FROM employees WHERE org_id = $1`,
      [orgId, Array.from({ length: removed }, (_, i) => `emp-${people - 1 - i}`)],
    );
    const want = { active: people - removed, terminated: removed, retitled, wrong: 0 };
    if (JSON.stringify(directory) !== JSON.stringify(want))
      throw new Error(`directory ${JSON.stringify(directory)} instead of ${JSON.stringify(want)}`);
    const [{ stuck }] = await app.db.dataSource.query(
      `SELECT count(*)::int AS stuck FROM sync_jobs WHERE org_id = $1 AND status IN ('queued', 'running')`,
      [orgId],
    );
    if (stuck !== 0) throw new Error(`${stuck} job(s) left queued or running`);
  }
}

describe('sync soak with process faults', () => {
  it('ends every faulted sync once, complete and correct', async () => {
    const path = process.env.SOAK_PATH || undefined;
    const runs = path ? 1 : Number(process.env.SOAK_WORKER_RUNS || 12);
    const seed = process.env.SOAK_SEED ? Number(process.env.SOAK_SEED) : undefined;
    const figures = await runWorkerFaultSoak(runs, { seed, path });
    console.log(`worker fault soak: ${JSON.stringify({ seed: seed ?? 'random', path, ...figures })}`);
    expect(figures.cases).toBe(runs);
  }, 3_600_000);
});
