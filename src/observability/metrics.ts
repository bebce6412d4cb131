import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** A database pool as the metrics read it (pg's Pool has these counters). */
export interface PoolStats {
  totalCount: number;
  idleCount: number;
  waitingCount: number;
}

/** A job queue as the metrics read it (counts by BullMQ state). */
export interface QueueStats {
  counts(): Promise<Record<string, number>>;
}

/** Client-chosen operation names become label values: keep them few and well-formed. */
const OPERATION_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/;
const MAX_OPERATION_NAMES = 200;

/**
 * The process's Prometheus metrics (served at /metrics). One registry per process: the API, the
 * worker and the demo (both in one) record into it; pools and queues register themselves while
 * they are open. Every metric is documented in the README ("Metrics").
 */
export class DirectoryMetrics {
  readonly registry = new Registry();
  private readonly pools = new Set<PoolStats>();
  private readonly queues = new Set<QueueStats>();
  private readonly operationNames = new Set<string>();

  readonly graphqlRequests = new Counter({
    name: 'directory_graphql_requests_total',
    help: 'GraphQL operations executed, by operation name and type',
    labelNames: ['operation', 'type'] as const,
    registers: [this.registry],
  });
  readonly graphqlDuration = new Histogram({
    name: 'directory_graphql_request_duration_seconds',
    help: 'Time from receiving a GraphQL operation to sending its response, by operation name',
    labelNames: ['operation'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [this.registry],
  });
  readonly graphqlErrors = new Counter({
    name: 'directory_graphql_errors_total',
    help: 'GraphQL errors returned, by extensions.code',
    labelNames: ['code'] as const,
    registers: [this.registry],
  });
  readonly syncJobs = new Counter({
    name: 'directory_sync_jobs_total',
    help: 'Sync jobs this process finished, by final status and source',
    labelNames: ['status', 'source'] as const,
    registers: [this.registry],
  });
  readonly syncDuration = new Histogram({
    name: 'directory_sync_duration_seconds',
    help: 'Duration of finished sync jobs (start to end), by source',
    labelNames: ['source'] as const,
    buckets: [0.5, 1, 5, 15, 30, 60, 120, 300, 600, 1800, 3600],
    registers: [this.registry],
  });
  readonly syncRecordsPerSecond = new Histogram({
    name: 'directory_sync_records_per_second',
    help: 'Records read per second by finished sync jobs, by source',
    labelNames: ['source'] as const,
    buckets: [10, 50, 100, 500, 1000, 2500, 5000, 10000, 25000, 50000],
    registers: [this.registry],
  });
  readonly webhookAttempts = new Counter({
    name: 'directory_webhook_attempts_total',
    help: 'Webhook requests this process sent, by result (delivered, or the error class of a failed try)',
    labelNames: ['result'] as const,
    registers: [this.registry],
  });
  readonly scimRequests = new Counter({
    name: 'directory_scim_requests_total',
    help: 'Inbound SCIM requests, by HTTP method and response status',
    labelNames: ['method', 'status'] as const,
    registers: [this.registry],
  });

  readonly attributeIndexBuilds = new Counter({
    name: 'directory_attribute_filter_index_builds_total',
    help: "Builds of an organization's in-memory custom attribute filter index, by result (built, failed)",
    labelNames: ['result'] as const,
    registers: [this.registry],
  });
  readonly attributeIndexPeople = new Gauge({
    name: 'directory_attribute_filter_index_people',
    help: 'People held in the in-memory custom attribute filter indexes of this process',
    registers: [this.registry],
  });

  constructor() {
    const pools = this.pools;
    const queues = this.queues;
    new Gauge({
      name: 'directory_db_pool_connections',
      help: 'Database connections of the pool, by state (idle, in_use, waiting: callers queued for a connection)',
      labelNames: ['state'] as const,
      registers: [this.registry],
      collect() {
        let total = 0;
        let idle = 0;
        let waiting = 0;
        for (const pool of pools) {
          total += pool.totalCount;
          idle += pool.idleCount;
          waiting += pool.waitingCount;
        }
        this.set({ state: 'idle' }, idle);
        this.set({ state: 'in_use' }, total - idle);
        this.set({ state: 'waiting' }, waiting);
      },
    });
    new Gauge({
      name: 'directory_sync_queue_jobs',
      help: 'Jobs in the sync queue, by state (waiting, active, delayed, prioritized)',
      labelNames: ['state'] as const,
      registers: [this.registry],
      async collect() {
        const totals: Record<string, number> = { waiting: 0, active: 0, delayed: 0, prioritized: 0 };
        for (const queue of queues) {
          // Redis away: the scrape still answers (the queue's states go missing, /readyz says why).
          const counts = await queue.counts().catch(() => ({}));
          for (const [state, count] of Object.entries(counts)) totals[state] = (totals[state] ?? 0) + count;
        }
        for (const [state, count] of Object.entries(totals)) this.set({ state }, count);
      },
    });
    collectDefaultMetrics({ register: this.registry, prefix: 'directory_process_' });
  }

  /** A label value for an operation name: anonymous, the name, or "other" past the first 200 names. */
  operationLabel(name: string | null | undefined): string {
    if (!name) return 'anonymous';
    if (!OPERATION_NAME.test(name)) return 'other';
    if (this.operationNames.has(name)) return name;
    if (this.operationNames.size >= MAX_OPERATION_NAMES) return 'other';
    this.operationNames.add(name);
    return name;
  }

  /** Counts a pool's connections while it is open; call the returned function when it closes. */
  watchPool(pool: PoolStats): () => void {
    this.pools.add(pool);
    return () => this.pools.delete(pool);
  }

  watchQueue(queue: QueueStats): () => void {
    this.queues.add(queue);
    return () => this.queues.delete(queue);
  }

  recordSyncJob(job: { status: string; source: string; durationMs: number | null; processed: number }): void {
    this.syncJobs.inc({ status: job.status, source: job.source });
    if (job.durationMs === null || job.durationMs <= 0) return;
    this.syncDuration.observe({ source: job.source }, job.durationMs / 1000);
    if (job.status === 'completed')
      this.syncRecordsPerSecond.observe({ source: job.source }, job.processed / (job.durationMs / 1000));
  }
}

/** The pg pool under a TypeORM data source (its driver's `master`), once initialized. */
export function watchDataSourcePool(registry: DirectoryMetrics, dataSource: { driver: unknown }): () => void {
  const pool = (dataSource.driver as { master?: PoolStats }).master;
  return pool ? registry.watchPool(pool) : () => undefined;
}

/** The metrics of this process. */
export const metrics = new DirectoryMetrics();
