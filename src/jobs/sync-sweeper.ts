import { SweepResult, SyncJobs } from '../directory/sync-jobs';
import { SyncQueue } from './sync-queue';
import { logger } from '../observability/logger';
import { describeErrorForLog } from '../db/error-log';

export interface SweeperOptions {
  /** Time between sweeps; a job is looked at once it was queued longer than this. */
  intervalMs: number;
  /** Losses after which a job fails instead of being queued again. */
  maxLosses: number;
  /** Deletes change events past their retention; returns how many (absent: none are pruned). */
  pruneChangeEvents?: () => Promise<number>;
}

/**
 * Finds queued or running sync jobs whose queue entry is gone (Redis restarted without its data)
 * and queues them again, so that no job waits for ever. Runs in worker processes, started
 * explicitly with start().
 */
export class SyncJobSweeper {
  private timer: NodeJS.Timeout | null = null;
  private sweeping: Promise<unknown> | null = null;

  constructor(
    private readonly jobs: SyncJobs,
    private readonly queue: SyncQueue,
    private readonly options: SweeperOptions,
  ) {}

  start(): void {
    if (this.timer || this.options.intervalMs === 0) return;
    this.timer = setInterval(() => {
      if (this.sweeping) return;
      this.sweeping = this.sweep()
        .then((result) => {
          if (result.requeued.length + result.failed.length > 0)
            logger.warn(
              { requeued: result.requeued.length, failed: result.failed.length },
              'sync sweeper: jobs whose queue entries were lost',
            );
        })
        // Redis unreachable: nothing can be told lost from unreachable; the next sweep looks again.
        .catch((error: Error) => logger.warn({ reason: error.message }, 'sync sweeper could not sweep'))
        .then(() => this.pruneChangeEvents())
        .finally(() => (this.sweeping = null));
    }, this.options.intervalMs);
  }

  /** One pass; exposed for the command line and tests. */
  sweep(): Promise<SweepResult> {
    return this.jobs.sweepLost((jobId, run) => this.queue.isQueued(jobId, run), {
      graceMs: this.options.intervalMs,
      maxLosses: this.options.maxLosses,
    });
  }

  /** Change events past their retention go; a failure waits for the next sweep. */
  async pruneChangeEvents(): Promise<number> {
    if (!this.options.pruneChangeEvents) return 0;
    try {
      const pruned = await this.options.pruneChangeEvents();
      if (pruned > 0) logger.info({ pruned }, 'sync sweeper: pruned change events past their retention');
      return pruned;
    } catch (error) {
      logger.warn({ cause: describeErrorForLog(error) }, 'sync sweeper could not prune change events');
      return 0;
    }
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.sweeping;
  }
}
