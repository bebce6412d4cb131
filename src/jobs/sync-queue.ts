import { logger } from '../observability/logger';
import { Queue } from 'bullmq';
import { SyncConfig } from '../config';
import { QueueUnavailableError, SyncJobQueue } from '../directory/sync-jobs';

/** How long a call that needs Redis waits before it reports the queue unavailable. */
const QUEUE_DEADLINE_MS = 2_000;
/** BullMQ states of an entry that will still be worked on. */
const LIVE_STATES = new Set(['waiting', 'active', 'delayed', 'prioritized', 'waiting-children']);

/**
 * The connection retries commands while Redis is away (so that workers ride out a restart); a call
 * made for a caller gives up after QUEUE_DEADLINE_MS with QueueUnavailableError instead of hanging.
 */
async function withinDeadline<T>(what: string, work: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const unavailable = () => new QueueUnavailableError(`the job queue is unavailable (${what}); try again`);
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(unavailable()), QUEUE_DEADLINE_MS);
  });
  // Still pending when the deadline passes: it may complete later; its failure is not unhandled.
  work.catch(() => undefined);
  try {
    return await Promise.race([work, timeout]);
  } catch (error) {
    if (error instanceof QueueUnavailableError) throw error;
    throw unavailable();
  } finally {
    clearTimeout(timer);
  }
}

export const SYNC_QUEUE_NAME = 'directory-sync';

/** Payloads of the queue's jobs. */
export type SyncQueuePayload =
  { kind: 'run'; syncJobId: string } | { kind: 'scheduled'; orgId: string; connectionId: string };

export function redisConnection(redisUrl: string) {
  const url = new URL(redisUrl);
  return {
    host: url.hostname,
    port: Number(url.port || 6379),
    username: url.username || undefined,
    password: url.password ? decodeURIComponent(url.password) : undefined,
    db: url.pathname.length > 1 ? Number(url.pathname.slice(1)) : 0,
    tls: url.protocol === 'rediss:' ? {} : undefined,
    maxRetriesPerRequest: null,
  };
}

/** The BullMQ queue of sync jobs, behind the domain's SyncJobQueue interface. */
export class SyncQueue implements SyncJobQueue {
  private readonly queue: Queue<SyncQueuePayload>;

  constructor(
    redisUrl: string,
    private readonly config: SyncConfig,
    queueName = SYNC_QUEUE_NAME,
  ) {
    this.queue = new Queue<SyncQueuePayload>(queueName, { connection: redisConnection(redisUrl) });
    // Redis going away is reported by the callers (QUEUE_UNAVAILABLE) and /readyz; without a
    // listener BullMQ prints each reconnection failure to the console.
    this.queue.on('error', (error) =>
      logger.warn({ reason: error.message }, 'sync queue: Redis unreachable'),
    );
  }

  async enqueue(jobId: string, run: number): Promise<void> {
    await withinDeadline('queueing a sync', this.add(jobId, run));
  }

  private async add(jobId: string, run: number): Promise<void> {
    await this.queue.add(
      'run',
      { kind: 'run', syncJobId: jobId },
      {
        // Deterministic id: the same run of the same job is never queued twice.
        jobId: `${jobId}.${run}`,
        attempts: this.config.attempts,
        backoff: { type: 'exponential', delay: this.config.backoffMs },
        removeOnComplete: { count: 1000 },
        removeOnFail: { count: 5000 },
      },
    );
  }

  /** Jobs by state, for the queue-depth metric. */
  async counts(): Promise<Record<string, number>> {
    return this.queue.getJobCounts('waiting', 'active', 'delayed', 'prioritized');
  }

  async remove(jobId: string, run: number): Promise<void> {
    await withinDeadline('removing a sync', this.queue.remove(`${jobId}.${run}`));
  }

  /** Whether this run of the job has an entry the queue will still work on. */
  async isQueued(jobId: string, run: number): Promise<boolean> {
    return withinDeadline(
      'looking up a sync',
      (async () => {
        const entry = await this.queue.getJob(`${jobId}.${run}`);
        return entry !== undefined && LIVE_STATES.has(await entry.getState());
      })(),
    );
  }

  /** Whether Redis answers within the deadline (readiness). */
  async reachable(): Promise<boolean> {
    try {
      await withinDeadline('ping', this.queue.getJobCountByTypes('wait'));
      return true;
    } catch {
      return false;
    }
  }

  /** Runs a connection's sync on a cron pattern (or stops doing so when pattern is null). */
  async schedule(orgId: string, connectionId: string, pattern: string | null): Promise<void> {
    const schedulerId = `connection.${connectionId}`;
    if (!pattern) {
      await this.queue.removeJobScheduler(schedulerId);
      return;
    }
    await this.queue.upsertJobScheduler(
      schedulerId,
      { pattern },
      { name: 'scheduled', data: { kind: 'scheduled', orgId, connectionId }, opts: { attempts: 1 } },
    );
  }

  async schedulePatternOf(connectionId: string): Promise<string | null> {
    const scheduler = await this.queue.getJobScheduler(`connection.${connectionId}`);
    return scheduler?.pattern ?? null;
  }

  async close(): Promise<void> {
    await this.queue.close();
  }
}
