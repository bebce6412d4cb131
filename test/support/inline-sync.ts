import { DataSource } from 'typeorm';
import { loadConfig } from '../../src/config';
import { ConnectionStore } from '../../src/directory/connections';
import { SecretBox } from '../../src/directory/secret-box';
import { SyncJobQueue, SyncJobs } from '../../src/directory/sync-jobs';
import { DirectorySource, SyncJob } from '../../src/entities';
import { SyncPipeline } from '../../src/jobs/sync-pipeline';
import { ScriptedSource } from '../fakes/scripted-connector';

/** Jobs run in the test, by calling the pipeline, instead of through Redis. */
export class InlineQueue implements SyncJobQueue {
  async enqueue(): Promise<void> {}
  async remove(): Promise<void> {}
}

export interface InlineSync {
  connections: ConnectionStore;
  jobs: SyncJobs;
  pipeline: SyncPipeline;
  /** A connection whose syncs read `source` (an HRIS import that never opens its file). */
  createConnection(
    orgId: string,
    name?: string,
    options?: { deletionThresholdPercent?: number },
  ): Promise<string>;
  /** Triggers a sync as the API would and runs it to its end in the test; returns the job. */
  run(orgId: string, connectionId: string, syncType: 'full' | 'incremental'): Promise<SyncJob>;
}

/** The sync engine on a test database, reading a scripted source, with jobs run inline. */
export function inlineSync(
  dataSource: DataSource,
  source: ScriptedSource,
  publish: (job: SyncJob) => Promise<void> = async () => undefined,
): InlineSync {
  const connections = new ConnectionStore(dataSource, new SecretBox(loadConfig({}).encryptionKeys));
  const publisher = { publish: (job: SyncJob) => publish(job) };
  const jobs = new SyncJobs(dataSource, new InlineQueue(), publisher);
  const pipeline = new SyncPipeline(dataSource, connections, publisher, () => source.definition());
  return {
    connections,
    jobs,
    pipeline,
    async createConnection(orgId, name = 'Scripted', options = {}) {
      const created = await connections.create(orgId, {
        name,
        source: DirectorySource.HRIS_IMPORT,
        config: { file: '/unused.json' },
        ...options,
      });
      return created.id;
    },
    async run(orgId, connectionId, syncType) {
      const job = await jobs.trigger(orgId, {
        connectionId,
        syncType,
        includeGroups: true,
        preview: false,
        trigger: 'api',
      });
      return pipeline.run(job.id, { finalAttempt: true });
    },
  };
}
