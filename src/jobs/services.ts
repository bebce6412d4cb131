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
import { WebhookStore } from '../directory/webhooks';
import { WebhookQueue, WebhookService } from './webhooks';
import { WebhookSender } from './webhook-sender';
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
  webhooks: WebhookService;
  /**
   * Announces new change events of an organization to its webhook endpoints (call after the
   * transaction that wrote them committed; from any process; never throws, never waits for delivery).
   */
  kickWebhooks(orgId: string): Promise<void>;
  /** Starts sending webhooks in this process, and the periodic sweep for unannounced events (worker role). */
  startWebhookWorker(): void;
  close(): Promise<void>;
}

/** Connections, their tester and the webhook endpoints' store: what needs only Postgres (the command line's admin commands use it alone). */
export function createConnectionServices(
  config: AppConfig,
  dataSource: DataSource,
): { connections: ConnectionStore; tester: ConnectionTester; webhookSecrets: WebhookStore } {
  const secretBox = new SecretBox(config.encryptionKeys);
  const connections = new ConnectionStore(dataSource, secretBox);
  return {
    connections,
    tester: new ConnectionTester(connections, config.connectors),
    webhookSecrets: new WebhookStore(dataSource, secretBox, config.connectors.outbound),
  };
}

/** Builds the sync side of a process (API, worker, or both) on one Postgres and one Redis. */
export function createSyncRuntime(config: AppConfig, dataSource: DataSource): SyncRuntime {
  const queueName = config.sync.queueName;
  const { connections, tester, webhookSecrets } = createConnectionServices(config, dataSource);
  const webhooks = new WebhookService(
    webhookSecrets,
    new WebhookQueue(config.redisUrl, config.webhooks),
    new WebhookSender(config.webhooks, config.connectors.outbound),
    config.webhooks,
    config.redisUrl,
  );
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
  let stopKicks: (() => void) | undefined;
  return {
    connections,
    jobs,
    events: bus,
    tester,
    changeEvents: new ChangeEvents(changeEventStore, changeEventBus),
    changeEventBus,
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
    webhooks,
    kickWebhooks: (orgId) => webhooks.kick(orgId),
    startWebhookWorker() {
      webhooks.startWorker();
      webhooks.startSweeper();
      // Every commit that wrote change events, from any process, announces them to the
      // organization's endpoints at once; the sweep is the safety net for what this misses.
      stopKicks ??= changeEventBus.onEventsCommitted((orgId) => void webhooks.kick(orgId));
    },
    async close() {
      stopKicks?.();
      await sweeper.stop();
      await webhooks.close();
      unwatchQueue();
      await Promise.all(workers.map((worker) => worker.close()));
      await queue.close();
      await bus.close();
      await changeEventBus.close();
    },
  };
}
