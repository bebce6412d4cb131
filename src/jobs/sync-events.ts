import { Redis } from 'ioredis';
import { SyncJob } from '../entities';
import { SyncJobPublisher } from '../directory/sync-jobs';

/** A job's state as it travels between processes (dates as ISO strings). */
type WireJob = Omit<SyncJob, 'queuedAt' | 'startedAt' | 'completedAt'> & {
  queuedAt: string;
  startedAt: string | null;
  completedAt: string | null;
};

function revive(wire: WireJob): SyncJob {
  return Object.assign(new SyncJob(), {
    ...wire,
    queuedAt: new Date(wire.queuedAt),
    startedAt: wire.startedAt ? new Date(wire.startedAt) : null,
    completedAt: wire.completedAt ? new Date(wire.completedAt) : null,
  });
}

/**
 * Job updates over Redis pub/sub: the worker that runs a job publishes every change, and each API
 * process fans them out to its graphql-ws subscribers. Messages from one publisher arrive in order.
 */
export class SyncEventBus implements SyncJobPublisher {
  private publisher: Redis | null = null;
  private subscriber: Redis | null = null;
  private readonly listeners = new Set<(job: SyncJob) => void>();

  private readonly channel: string;

  /** One channel per queue: deployments (and test runs) sharing a Redis do not hear each other. */
  constructor(
    private readonly redisUrl: string,
    queueName: string,
  ) {
    this.channel = `${queueName}:events`;
  }

  async publish(job: SyncJob): Promise<void> {
    this.publisher ??= new Redis(this.redisUrl, { maxRetriesPerRequest: 3, connectTimeout: 5_000 });
    await this.publisher.publish(this.channel, JSON.stringify(job));
  }

  /** Calls listener for every job update from any process until the returned function is called. */
  async listen(listener: (job: SyncJob) => void): Promise<() => void> {
    if (!this.subscriber) {
      this.subscriber = new Redis(this.redisUrl, { connectTimeout: 5_000 });
      this.subscriber.on('message', (_channel: string, message: string) => {
        const job = revive(JSON.parse(message) as WireJob);
        for (const each of this.listeners) each(job);
      });
      await this.subscriber.subscribe(this.channel);
    }
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** An async iterator of updates that pass the filter (for subscriptions); ends when returned. */
  async *stream(accept: (job: SyncJob) => boolean, signal?: AbortSignal): AsyncGenerator<SyncJob> {
    const buffer: SyncJob[] = [];
    let wake: (() => void) | null = null;
    const stop = await this.listen((job) => {
      if (!accept(job)) return;
      buffer.push(job);
      wake?.();
    });
    const aborted = new Promise<void>((resolve) =>
      signal?.addEventListener('abort', () => resolve(), { once: true }),
    );
    try {
      while (!signal?.aborted) {
        while (buffer.length > 0) yield buffer.shift()!;
        await Promise.race([new Promise<void>((resolve) => (wake = resolve)), aborted]);
        wake = null;
      }
    } finally {
      stop();
    }
  }

  async close(): Promise<void> {
    await Promise.all([this.publisher?.quit(), this.subscriber?.quit()]);
    this.publisher = null;
    this.subscriber = null;
  }
}
