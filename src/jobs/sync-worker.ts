import { Job, UnrecoverableError, Worker } from 'bullmq';
import { logger } from '../observability/logger';
import { DataSource } from 'typeorm';
import { SyncConfig } from '../config';
import { SyncJobs } from '../directory/sync-jobs';
import { SyncPipeline } from './sync-pipeline';
import { SYNC_QUEUE_NAME, SyncQueuePayload, redisConnection } from './sync-queue';

/**
 * Takes sync jobs off the queue and runs them. A worker that dies mid-job loses its lock; after
 * lockMs another worker takes the job over and runs it again from the start.
 */
export class SyncWorker {
  private readonly worker: Worker<SyncQueuePayload>;

  constructor(
    redisUrl: string,
    config: SyncConfig,
    private readonly pipeline: SyncPipeline,
    private readonly jobs: SyncJobs,
    private readonly dataSource: DataSource,
    queueName = SYNC_QUEUE_NAME,
  ) {
    this.worker = new Worker<SyncQueuePayload>(queueName, (job) => this.process(job), {
      connection: redisConnection(redisUrl),
      concurrency: config.concurrency,
      lockDuration: config.lockMs,
      // How soon a dead worker's job is found once its lock expired: a cheap check, so at most every
      // 5 s even with a long lock (a long lock keeps a busy worker from losing its own job).
      stalledInterval: Math.max(500, Math.min(Math.floor(config.lockMs / 2), 5_000)),
      maxStalledCount: 3,
      autorun: true,
    });
    this.worker.on('error', (error) => logger.error({ err: error }, 'sync worker error'));
  }

  private async process(job: Job<SyncQueuePayload>): Promise<void> {
    const payload = job.data;
    if (payload.kind === 'scheduled') {
      // A schedule fires: queue an ordinary job (or find the one already running).
      const [connection] = await this.dataSource.query(
        `SELECT status FROM directory_connections WHERE id = $1`,
        [payload.connectionId],
      );
      if (!connection || connection.status === 'paused') return;
      await this.jobs.trigger(payload.orgId, {
        connectionId: payload.connectionId,
        syncType: 'incremental',
        includeGroups: true,
        preview: false,
        trigger: 'schedule',
      });
      return;
    }
    const attempts = job.opts.attempts ?? 1;
    const result = await this.pipeline.run(payload.syncJobId, {
      finalAttempt: job.attemptsMade + 1 >= attempts,
    });
    if (result.status === 'failed') throw new UnrecoverableError(result.failureMessage ?? 'sync failed');
  }

  async close(): Promise<void> {
    await this.worker.close();
  }
}
