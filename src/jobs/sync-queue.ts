import { Queue } from 'bullmq';
import { SyncConfig } from '../config';
import { SyncJobQueue } from '../directory/sync-jobs';

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
  }

  async enqueue(jobId: string, run: number): Promise<void> {
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
    await this.queue.remove(`${jobId}.${run}`);
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
