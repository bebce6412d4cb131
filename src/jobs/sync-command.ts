import { SingleBar } from 'cli-progress';
import { AppConfig } from '../config';
import { createDataSource } from '../db/data-source';
import { SyncJob, SyncType } from '../entities';
import { SyncJobQueue, SyncJobs } from '../directory/sync-jobs';
import { logger } from '../observability/logger';
import { createSyncRuntime } from './services';

/** A line for the person at the terminal. */
const print = (line: string) => process.stdout.write(`${line}\n`);

/** Runs the job right here instead of queueing it (the command line's foreground sync). */
class InlineQueue implements SyncJobQueue {
  readonly queued: string[] = [];
  async enqueue(jobId: string): Promise<void> {
    this.queued.push(jobId);
  }
  async remove(): Promise<void> {}
}

/** `sync <connection-id> [--full|--incremental] [--preview] [--no-groups]`: one sync in the foreground. */
export async function runSyncCommand(config: AppConfig, args: string[]): Promise<void> {
  const connectionId = args.find((arg) => !arg.startsWith('--'));
  if (!connectionId) {
    console.error('usage: sync <connection-id> [--full | --incremental] [--preview] [--no-groups]');
    process.exit(2);
  }
  // The bar and the summary are the output here; log lines only for warnings unless asked for.
  if (!process.env.LOG_LEVEL) logger.level = 'warn';
  const syncType: SyncType = args.includes('--full') ? 'full' : 'incremental';
  const dataSource = createDataSource({ url: config.databaseUrl, poolSize: 3 });
  await dataSource.initialize();
  const runtime = createSyncRuntime(config, dataSource);
  const [connection] = await dataSource.query(
    `SELECT org_id AS "orgId" FROM directory_connections WHERE id = $1`,
    [connectionId],
  );
  if (!connection) {
    console.error(`no connection with id ${connectionId}`);
    process.exit(1);
  }
  const inline = new InlineQueue();
  const jobs = new SyncJobs(dataSource, inline, runtime.bus);
  const job = await jobs.trigger(connection.orgId, {
    connectionId,
    syncType,
    includeGroups: !args.includes('--no-groups'),
    preview: args.includes('--preview'),
    trigger: 'cli',
  });
  if (!inline.queued.includes(job.id)) {
    console.error(`connection ${connectionId} already has a sync ${job.status}: ${job.id}`);
    process.exit(1);
  }
  const bar = new SingleBar({
    format: '{phase} [{bar}] {value} records{totalText}',
    hideCursor: true,
    clearOnComplete: false,
    barsize: 30,
    // Off a terminal (CI logs, pipes) print a line every second instead of redrawing.
    noTTYOutput: true,
    notTTYSchedule: 1000,
  });
  bar.start(1, 0, { phase: 'starting'.padEnd(14), totalText: '' });
  const result = await runtime.pipeline.run(job.id, {
    finalAttempt: true,
    onProgress: (update: SyncJob) => {
      const processed = update.progress.processed ?? 0;
      bar.setTotal(Math.max(update.progress.total ?? processed + 1, processed, 1));
      bar.update(processed, { phase: (update.progress.phase ?? update.status).padEnd(14), totalText: '' });
    },
  });
  // Draw the final state too (off a terminal the bar otherwise only prints on its schedule).
  bar.render();
  bar.stop();
  print(`\nsync ${result.id}: ${result.status}${result.failureMessage ? ` (${result.failureMessage})` : ''}`);
  if (result.stats && Object.keys(result.stats).length > 0) console.table(result.stats);
  for (const error of result.errors.slice(0, 20))
    print(`  ${error.code} ${error.externalId ?? ''}: ${error.message}`);
  if (result.errorCount > 20) print(`  … and ${result.errorCount - 20} more record errors`);
  await runtime.close();
  await dataSource.destroy();
  process.exit(result.status === 'completed' ? 0 : 1);
}
