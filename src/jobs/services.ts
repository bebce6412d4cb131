import { DataSource } from 'typeorm';
import { AppConfig } from '../config';
import { metrics } from '../observability/metrics';
import { ConnectionStore } from '../directory/connections';
import { SecretBox } from '../directory/secret-box';
import { SyncJobs } from '../directory/sync-jobs';
import { SyncServices } from '../resolvers/context';
import { ScimTokenStore } from '../scim/tokens';
import { ConnectionTester } from './connection-tester';
import { SyncEventBus } from './sync-events';
import { SyncPipeline } from './sync-pipeline';
import { SyncQueue } from './sync-queue';
import { SyncJobSweeper } from './sync-sweeper';
import { SyncWorker } from './sync-worker';
import { ChangeEventBus } from '../events/bus';
import { ChangeEvents } from '../events/change-events';
import { ChangeEventStore } from '../directory/change-events';
import { Sql } from '../directory/sql';

export interface SyncRuntime extends SyncServices {
  queue: SyncQueue;
  bus: SyncEventBus;
  /** Committed change events, heard from the database: subscriptions here, webhooks can attach (onEventsCommitted). */
  changeEventBus: ChangeEventBus;
  pipeline: SyncPipeline;
  /** Starts taking jobs off the queue in this process. */
  startWorker(): SyncWorker;
  /**
   * Starts looking for jobs whose queue entry was lost, every SYNC_SWEEP_INTERVAL_MS, and pruning
   * change events older than CHANGE_EVENT_RETENTION_DAYS (worker role).
   */
  startSweeper(): SyncJobSweeper;
  close(): Promise<void>;
}

/** Builds the sync side of a process (API, worker, or both) on one Postgres and one Redis. */
export function createSyncRuntime(config: AppConfig, dataSource: DataSource): SyncRuntime {
  const queueName = config.sync.queueName;
  const connections = new ConnectionStore(dataSource, new SecretBox(config.encryptionKeys));
  const bus = new SyncEventBus(config.redisUrl, queueName);
  const queue = new SyncQueue(config.redisUrl, config.sync, queueName);
  const jobs = new SyncJobs(dataSource, queue, bus);
  const pipeline = new SyncPipeline(
    dataSource,
    connections,
    bus,
    { deletionWindowHours: config.sync.deletionWindowHours },
    config.connectors,
  );
  const workers: SyncWorker[] = [];
  const changeEventBus = new ChangeEventBus(config.databaseUrl);
  const changeEventStore = new ChangeEventStore(new Sql(dataSource));
  const sweeper = new SyncJobSweeper(jobs, queue, {
    intervalMs: config.sync.sweepIntervalMs,
    maxLosses: 3,
    pruneChangeEvents: () => changeEventStore.prune(config.sync.changeEventRetentionDays),
  });
  const unwatchQueue = metrics.watchQueue(queue);
  return {
    connections,
    jobs,
    events: bus,
    changeEvents: new ChangeEvents(changeEventStore, changeEventBus),
    changeEventBus,
    tester: new ConnectionTester(connections, config.connectors),
    schedules: queue,
    queue,
    bus,
    pipeline,
    scimTokens: new ScimTokenStore(dataSource),
    queueReachable: () => queue.reachable(),
    startWorker() {
      const worker = new SyncWorker(config.redisUrl, config.sync, pipeline, jobs, dataSource, queueName);
      workers.push(worker);
      return worker;
    },
    startSweeper() {
      sweeper.start();
      return sweeper;
    },
    async close() {
      await sweeper.stop();
      unwatchQueue();
      await Promise.all(workers.map((worker) => worker.close()));
      await queue.close();
      await bus.close();
      await changeEventBus.close();
    },
  };
}
