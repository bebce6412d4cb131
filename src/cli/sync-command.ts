import { AppConfig } from '../config';
import { createDataSource } from '../db/data-source';
import { SyncJob, SyncType } from '../entities';
import { SyncJobQueue, SyncJobs } from '../directory/sync-jobs';
import { createSyncRuntime } from '../jobs/services';
import { CliFailure, print } from './output';
import { SyncProgressView } from './sync-progress';

/** Runs the job right here instead of queueing it (the command line's foreground sync). */
class InlineQueue implements SyncJobQueue {
  readonly queued: string[] = [];
  async enqueue(jobId: string): Promise<void> {
    this.queued.push(jobId);
  }
  async remove(): Promise<void> {}
}

export interface SyncCommandOptions {
  syncType: SyncType;
  preview: boolean;
  includeGroups: boolean;
}

/** `sync <connection-id>`: one sync in the foreground, progress on stderr, the outcome on stdout. */
export async function runSyncCommand(
  config: AppConfig,
  connectionId: string,
  options: SyncCommandOptions,
): Promise<void> {
  const dataSource = createDataSource({ url: config.databaseUrl, poolSize: 3 });
  await dataSource.initialize();
  // The runtime publishes progress on Redis like a worker's run, so API subscribers see this sync too.
  const runtime = createSyncRuntime(config, dataSource);
  try {
    const orgId = await runtime.connections.organizationOf(connectionId);
    const inline = new InlineQueue();
    const jobs = new SyncJobs(dataSource, inline, runtime.bus);
    const job = await jobs.trigger(orgId, {
      connectionId,
      syncType: options.syncType,
      includeGroups: options.includeGroups,
      preview: options.preview,
      trigger: 'cli',
    });
    if (!inline.queued.includes(job.id))
      throw new CliFailure(`connection ${connectionId} already has a sync ${job.status}: ${job.id}`);
    const view = new SyncProgressView();
    view.start();
    let result: SyncJob;
    try {
      result = await runtime.pipeline.run(job.id, {
        finalAttempt: true,
        onProgress: (update: SyncJob) => {
          const snapshot = {
            phase: update.progress.phase ?? update.status,
            processed: update.progress.processed ?? 0,
            total: update.progress.total ?? null,
          };
          if (update.status === 'running') view.update(snapshot);
          else view.finish(snapshot);
        },
      });
    } finally {
      view.stop();
    }
    printOutcome(result);
    if (result.status !== 'completed') process.exitCode = 1;
  } finally {
    await runtime.close();
    await dataSource.destroy();
  }
}

function printOutcome(result: SyncJob): void {
  print(`sync ${result.id}: ${result.status}${result.failureMessage ? ` (${result.failureMessage})` : ''}`);
  if (result.stats && Object.keys(result.stats).length > 0) console.table(result.stats);
  for (const error of result.errors.slice(0, 20))
    print(`  ${error.code} ${error.externalId ?? ''}: ${error.message}`);
  if (result.errorCount > 20) print(`  … and ${result.errorCount - 20} more record errors`);
}
