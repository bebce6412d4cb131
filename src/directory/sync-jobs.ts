import { DataSource, EntityManager } from 'typeorm';
import { PUSH_SOURCES } from '../connectors/registry';
import {
  DirectoryConnection,
  DirectorySource,
  SyncJob,
  SyncProgress,
  SyncStatus,
  SyncType,
} from '../entities';
import { InvalidInputError, NotFoundError } from './errors';
import { Page, PageRequest, keyParts, toPage } from './pagination';

/** Where queued jobs go to be worked on (BullMQ in production; see src/jobs). */
export interface SyncJobQueue {
  /** Throws QueueUnavailableError when the queue cannot be reached within a couple of seconds. */
  enqueue(jobId: string, run: number): Promise<void>;
  remove(jobId: string, run: number): Promise<void>;
}

/** The job queue (Redis) cannot be reached: nothing was queued; the caller may try again. */
export class QueueUnavailableError extends Error {
  override name = 'QueueUnavailableError';
  readonly code = 'QUEUE_UNAVAILABLE';
}

/** What a sweep for lost queue entries did. */
export interface SweepResult {
  requeued: string[];
  failed: string[];
}

/** Tells subscribers (on any API process) that a job changed. */
export interface SyncJobPublisher {
  publish(job: SyncJob): Promise<void>;
}

export interface TriggerRequest {
  connectionId?: string | null;
  source?: DirectorySource | null;
  syncType: SyncType;
  includeGroups: boolean;
  preview: boolean;
  trigger: 'api' | 'schedule' | 'cli' | 'push';
  /** A pushed document (HRIS import through the graph). */
  document?: unknown;
}

export interface SyncJobFilter {
  source?: DirectorySource | null;
  status?: SyncStatus | null;
  connectionId?: string | null;
}

const ACTIVE: SyncStatus[] = ['queued', 'running'];

/** Sync jobs of an organization: starting, cancelling, confirming and listing them. */
export class SyncJobs {
  constructor(
    private readonly dataSource: DataSource,
    private readonly queue: SyncJobQueue,
    private readonly publisher: SyncJobPublisher,
  ) {}

  private get repository() {
    return this.dataSource.getRepository(SyncJob);
  }

  /**
   * Queues a sync and returns its job at once. One sync per connection at a time: when one is
   * already queued or running, that job is returned instead.
   */
  async trigger(orgId: string, request: TriggerRequest): Promise<SyncJob> {
    const connection = await this.connectionFor(orgId, request);
    if (PUSH_SOURCES.has(connection.source)) {
      throw new InvalidInputError(
        `connection "${connection.name}" receives pushes (${connection.source}); it cannot be pull-synced`,
        'connectionId',
      );
    }
    if (connection.status === 'paused')
      throw new InvalidInputError(`connection "${connection.name}" is paused`, 'connectionId');
    if (request.document === undefined && connection.settings?.push === true) {
      throw new InvalidInputError(
        `connection "${connection.name}" imports pushed documents: use importDirectoryDocument`,
        'connectionId',
      );
    }
    const existing = await this.active(connection.id);
    if (existing) return existing;
    let payloadId: string | null = null;
    if (request.document !== undefined) {
      const [payload] = await this.dataSource.query(
        `INSERT INTO sync_payloads (org_id, document) VALUES ($1, $2) RETURNING id`,
        [orgId, JSON.stringify(request.document)],
      );
      payloadId = payload.id;
    }
    let job: SyncJob;
    try {
      job = await this.repository.save(
        this.repository.create({
          orgId,
          connectionId: connection.id,
          source: connection.source,
          syncType: request.syncType,
          includeGroups: request.includeGroups,
          preview: request.preview,
          trigger: request.trigger,
          status: 'queued',
          queuedAt: new Date(),
          payloadId,
        }),
      );
    } catch (error) {
      // Lost a race with another trigger of the same connection: return the winner.
      if ((error as { code?: string }).code === '23505') {
        const winner = await this.active(connection.id);
        if (winner) return winner;
      }
      throw error;
    }
    await this.enqueueOrFail(job);
    await this.publisher.publish(job);
    return job;
  }

  async cancel(orgId: string, id: string): Promise<SyncJob> {
    const job = await this.get(orgId, id);
    if (!ACTIVE.includes(job.status) && job.status !== 'needs_confirmation') {
      throw new InvalidInputError(`sync ${id} has already finished (${job.status})`, 'id');
    }
    const [rows] = await this.dataSource.query(
      `UPDATE sync_jobs SET status = 'cancelled', completed_at = now(),
         duration_ms = CASE WHEN started_at IS NULL THEN NULL ELSE (extract(epoch FROM now() - started_at) * 1000)::int END
       WHERE id = $1 AND status IN ('queued', 'running', 'needs_confirmation') RETURNING id`,
      [id],
    );
    if (rows.length > 0 && job.status === 'queued') {
      // The database decides: a queue entry left behind finds the job cancelled and does nothing.
      await this.queue.remove(job.id, job.runs).catch((error: unknown) => {
        if (!(error instanceof QueueUnavailableError)) throw error;
      });
    }
    const updated = await this.get(orgId, id);
    await this.publisher.publish(updated);
    return updated;
  }

  /** Lets a sync that stopped at the deletion threshold go ahead: it runs again and applies the removals. */
  async confirm(orgId: string, id: string): Promise<SyncJob> {
    const job = await this.get(orgId, id);
    if (job.status !== 'needs_confirmation') {
      throw new InvalidInputError(
        `sync ${id} is ${job.status}; only a sync waiting for confirmation can be confirmed`,
        'id',
      );
    }
    await this.dataSource.query(
      `UPDATE sync_jobs SET status = 'queued', confirmed = true, runs = runs + 1, queued_at = now(), started_at = NULL,
         completed_at = NULL, duration_ms = NULL, progress = '{}'::jsonb, failure_code = NULL, failure_message = NULL
       WHERE id = $1`,
      [id],
    );
    const updated = await this.get(orgId, id);
    await this.enqueueOrFail(updated);
    await this.publisher.publish(updated);
    return updated;
  }

  async get(orgId: string, id: string): Promise<SyncJob> {
    const job = await this.repository.findOne({ where: { orgId, id } });
    if (!job) throw new NotFoundError(`no sync job with id ${id}`);
    return job;
  }

  async find(orgId: string, id: string): Promise<SyncJob | null> {
    return this.repository.findOne({ where: { orgId, id } });
  }

  async list(orgId: string, filter: SyncJobFilter, page: PageRequest): Promise<Page<SyncJob>> {
    const query = this.repository
      .createQueryBuilder('j')
      .where('j.org_id = :orgId', { orgId })
      .orderBy('j.queued_at', 'DESC')
      .addOrderBy('j.id', 'DESC')
      .limit(page.first + 1);
    if (filter.source) query.andWhere('j.source = :source', { source: filter.source });
    if (filter.status) query.andWhere('j.status = :status', { status: filter.status });
    if (filter.connectionId)
      query.andWhere('j.connection_id = :connectionId', { connectionId: filter.connectionId });
    if (page.after) {
      const [queuedAt, id] = keyParts(page.after, ['string', 'string'] as const);
      query.andWhere('(j.queued_at, j.id) < (:queuedAt::timestamptz, :id::uuid)', { queuedAt, id });
    }
    return toPage(await query.getMany(), page.first);
  }

  /** The newest job of each of these connections, in one statement (connections without jobs are absent). */
  async latestOfConnections(orgId: string, connectionIds: readonly string[]): Promise<Map<string, SyncJob>> {
    const jobs = await this.repository
      .createQueryBuilder('j')
      .where(
        `j.id IN (SELECT latest.id FROM unnest(:connectionIds::uuid[]) AS c(id)
           CROSS JOIN LATERAL (SELECT s.id FROM sync_jobs s WHERE s.org_id = :orgId AND s.connection_id = c.id
                               ORDER BY s.queued_at DESC, s.id DESC LIMIT 1) AS latest)`,
        { orgId, connectionIds: [...new Set(connectionIds)] },
      )
      .getMany();
    return new Map(jobs.map((job) => [job.connectionId!, job]));
  }

  async latest(orgId: string, source: DirectorySource | null): Promise<SyncJob | null> {
    return this.repository.findOne({
      where: source ? { orgId, source } : { orgId },
      order: { queuedAt: 'DESC', id: 'DESC' },
    });
  }

  /**
   * Finds queued or running jobs (queued more than graceMs ago) whose queue entry is gone (Redis
   * lost without saving, an entry dropped after too many stalls) and queues them again as a new
   * run; a job lost maxLosses times fails with QUEUE_LOST. A run still going somewhere stops at its
   * fence. Throws QueueUnavailableError (changing nothing more) when the queue cannot be asked.
   */
  async sweepLost(
    isQueued: (jobId: string, run: number) => Promise<boolean>,
    options: { graceMs: number; maxLosses: number },
  ): Promise<SweepResult> {
    const candidates = (await this.dataSource.query(
      `SELECT id, runs, queue_losses AS "queueLosses" FROM sync_jobs
       WHERE status IN ('queued', 'running') AND queued_at < now() - make_interval(secs => $1::float8 / 1000)
       ORDER BY queued_at LIMIT 500`,
      [options.graceMs],
    )) as { id: string; runs: number; queueLosses: number }[];
    const result: SweepResult = { requeued: [], failed: [] };
    for (const candidate of candidates) {
      if (await isQueued(candidate.id, candidate.runs)) continue;
      if (candidate.queueLosses >= options.maxLosses) {
        await failJob(
          this.dataSource,
          candidate.id,
          'QUEUE_LOST',
          `the job queue lost this sync ${candidate.queueLosses + 1} times; trigger it again`,
        );
        result.failed.push(candidate.id);
      } else {
        const [rows] = (await this.dataSource.query(
          `UPDATE sync_jobs SET status = 'queued', runs = runs + 1, queue_losses = queue_losses + 1,
             progress = '{"phase":"queued again"}'::jsonb
           WHERE id = $1 AND runs = $2 AND status IN ('queued', 'running') RETURNING id`,
          [candidate.id, candidate.runs],
        )) as [{ id: string }[], number];
        if (rows.length === 0) continue; // it moved on meanwhile
        await this.queue.enqueue(candidate.id, candidate.runs + 1);
        result.requeued.push(candidate.id);
      }
      const job = await this.repository.findOne({ where: { id: candidate.id } });
      if (job) await this.publisher.publish(job);
    }
    return result;
  }

  private async active(connectionId: string): Promise<SyncJob | null> {
    return this.repository
      .createQueryBuilder('j')
      .where('j.connection_id = :connectionId AND j.status IN (:...active)', { connectionId, active: ACTIVE })
      .getOne();
  }

  private async enqueueOrFail(job: SyncJob): Promise<void> {
    try {
      await this.queue.enqueue(job.id, job.runs);
    } catch (error) {
      await failJob(this.dataSource, job.id, 'QUEUE_UNAVAILABLE', 'the job queue is unavailable; try again');
      throw error;
    }
  }

  private async connectionFor(orgId: string, request: TriggerRequest): Promise<DirectoryConnection> {
    const repository = this.dataSource.getRepository(DirectoryConnection);
    if (request.connectionId) {
      const connection = await repository.findOne({ where: { orgId, id: request.connectionId } });
      if (!connection) throw new NotFoundError(`no connection with id ${request.connectionId}`);
      return connection;
    }
    if (!request.source) throw new InvalidInputError('give connectionId or source', 'input');
    const connections = await repository.find({ where: { orgId, source: request.source } });
    if (connections.length === 0) throw new NotFoundError(`no connection of source ${request.source}`);
    if (connections.length > 1) {
      throw new InvalidInputError(
        `${connections.length} connections have source ${request.source}: give connectionId`,
        'source',
      );
    }
    return connections[0];
  }
}

/** Marks a job that never got to run as failed (its queue entry could not be made, or was lost). */
async function failJob(dataSource: DataSource, jobId: string, code: string, message: string): Promise<void> {
  await dataSource.query(
    `UPDATE sync_jobs SET status = 'failed', failure_code = $2, failure_message = $3, completed_at = now()
     WHERE id = $1 AND status IN ('queued', 'running')`,
    [jobId, code, message],
  );
}

/** The job was cancelled while it ran: stop without applying anything. */
export class SyncCancelledError extends Error {
  override name = 'SyncCancelledError';
}

/**
 * This run of the job lost its claim: another run started since (the queue gave the job to another
 * worker after this one's lock expired) or the job was finished. The run stops before writing.
 */
export class SyncRunSupersededError extends Error {
  override name = 'SyncRunSupersededError';
  readonly code = 'SYNC_RUN_SUPERSEDED';
}

/** One run of a job: the job as it started, and the run number that fences its writes. */
export interface SyncRun {
  job: SyncJob;
  /** The job's `attempts` after this run started: a later run has a higher number. */
  run: number;
}

/** What a finished run records. */
export type SyncRunOutcome = Partial<
  Pick<
    SyncJob,
    'stats' | 'errors' | 'errorCount' | 'pendingRemovals' | 'changesSample' | 'failureCode' | 'failureMessage'
  >
>;

/** Outcomes of a run: final, or back in the queue for a retry. */
export type SyncRunStatus = 'completed' | 'needs_confirmation' | 'failed' | 'cancelled' | 'queued';

/**
 * The runs of sync jobs, as the worker's pipeline drives them. Every write is fenced by the run
 * number: a run that another run has overtaken (a BullMQ lock takeover, a worker frozen past its
 * lock) can neither apply nor change the job's status, progress or stats.
 */
export class SyncRuns {
  constructor(private readonly dataSource: DataSource) {}

  /** Starts a new run of the job; null when the job is not runnable any more (cancelled or finished). */
  async start(jobId: string): Promise<SyncRun | null> {
    const [rows] = (await this.dataSource.query(
      `UPDATE sync_jobs SET status = 'running', started_at = coalesce(started_at, now()), attempts = attempts + 1,
         progress = '{"phase":"starting"}'::jsonb
       WHERE id = $1 AND status IN ('queued', 'running') RETURNING attempts`,
      [jobId],
    )) as [{ attempts: number }[], number];
    if (rows.length === 0) return null;
    const job = await this.load(jobId);
    if (!job) return null;
    return { job, run: rows[0].attempts };
  }

  async load(jobId: string): Promise<SyncJob | null> {
    return this.dataSource.getRepository(SyncJob).findOne({ where: { id: jobId } });
  }

  /** Throws SyncCancelledError or SyncRunSupersededError when the run must stop. */
  async check(run: SyncRun): Promise<void> {
    await this.checkWith(this.dataSource.manager, run, '');
  }

  /**
   * The fence inside an apply transaction: locks the job row until the transaction ends (a new run
   * cannot start meanwhile) and throws unless this run is still the job's current, running one.
   */
  async fence(manager: EntityManager, run: SyncRun): Promise<void> {
    await this.checkWith(manager, run, 'FOR UPDATE');
  }

  /** Records progress; a superseded or finished run's progress is dropped. */
  async recordProgress(run: SyncRun, progress: SyncProgress): Promise<void> {
    await this.dataSource.query(
      `UPDATE sync_jobs SET progress = $3 WHERE id = $1 AND attempts = $2 AND status = 'running'`,
      [run.job.id, run.run, JSON.stringify(progress)],
    );
  }

  /**
   * Records the run's outcome and clears its staging rows, in one transaction under the fence.
   * Returns false (and changes nothing) when the run was superseded. A job cancelled meanwhile
   * stays cancelled.
   */
  async finish(run: SyncRun, status: SyncRunStatus, outcome: SyncRunOutcome): Promise<boolean> {
    return this.dataSource.transaction((manager) => this.finishWithin(manager, run, status, outcome));
  }

  /**
   * finish() on the caller's transaction: the apply records its outcome in its own transaction, so
   * that a run that applied has finished (no later run can start between the two and apply again).
   */
  async finishWithin(
    manager: EntityManager,
    run: SyncRun,
    status: SyncRunStatus,
    outcome: SyncRunOutcome,
  ): Promise<boolean> {
    const final = status !== 'queued';
    const progress = {
      phase: status === 'queued' ? 'waiting to retry' : 'done',
      processed: run.job.progress.processed ?? 0,
      total: run.job.progress.processed ?? 0,
    };
    {
      const [current] = (await manager.query(
        `SELECT status, attempts FROM sync_jobs WHERE id = $1 FOR UPDATE`,
        [run.job.id],
      )) as { status: SyncStatus; attempts: number }[];
      if (!current || current.attempts !== run.run || !['running', 'cancelled'].includes(current.status))
        return false;
      // Staging goes with the outcome: nothing re-runs a finished job to clean up after it.
      for (const table of ['sync_stage_users', 'sync_stage_groups', 'sync_stage_members'])
        await manager.query(`DELETE FROM ${table} WHERE job_id = $1`, [run.job.id]);
      await manager.query(
        `UPDATE sync_jobs SET status = CASE WHEN status = 'cancelled' THEN status ELSE $2 END,
           completed_at = CASE WHEN $3 THEN now() ELSE NULL END,
           duration_ms = CASE WHEN $3 THEN (extract(epoch FROM now() - started_at) * 1000)::int ELSE NULL END,
           progress = $4, stats = coalesce($5, stats), errors = $6, error_count = $7, pending_removals = $8,
           changes_sample = $9, failure_code = $10, failure_message = $11
         WHERE id = $1`,
        [
          run.job.id,
          status,
          final,
          JSON.stringify(progress),
          outcome.stats ? JSON.stringify(outcome.stats) : null,
          JSON.stringify(outcome.errors ?? []),
          outcome.errorCount ?? 0,
          outcome.pendingRemovals ?? null,
          outcome.changesSample ? JSON.stringify(outcome.changesSample) : null,
          outcome.failureCode ?? null,
          outcome.failureMessage ?? null,
        ],
      );
      return true;
    }
  }

  /**
   * People the connection's completed syncs removed (disabled or deleted) in the last windowHours,
   * since its last confirmed sync: a mass removal split into small syncs adds up against the
   * deletion threshold until an admin confirms one.
   */
  async recentRemovals(connectionId: string, windowHours: number): Promise<number> {
    if (windowHours === 0) return 0;
    const [row] = (await this.dataSource.query(
      `WITH recent AS (
         SELECT completed_at, confirmed,
           coalesce((stats->>'usersDisabled')::int, 0) + coalesce((stats->>'usersDeleted')::int, 0) AS removed
         FROM sync_jobs
         WHERE connection_id = $1 AND status = 'completed' AND NOT preview
           AND completed_at > now() - make_interval(hours => $2))
       SELECT coalesce(sum(removed), 0)::int AS removed FROM recent
       WHERE NOT confirmed
         AND completed_at > coalesce((SELECT max(completed_at) FROM recent WHERE confirmed), '-infinity')`,
      [connectionId, windowHours],
    )) as { removed: number }[];
    return row.removed;
  }

  /** Fails a job that cannot run (its queue entry was lost too often). */
  async fail(jobId: string, code: string, message: string): Promise<void> {
    await failJob(this.dataSource, jobId, code, message);
  }

  private async checkWith(manager: EntityManager, run: SyncRun, lock: '' | 'FOR UPDATE'): Promise<void> {
    const [current] = (await manager.query(`SELECT status, attempts FROM sync_jobs WHERE id = $1 ${lock}`, [
      run.job.id,
    ])) as { status: SyncStatus; attempts: number }[];
    if (current?.status === 'cancelled') throw new SyncCancelledError('the sync was cancelled');
    if (!current || current.status !== 'running' || current.attempts !== run.run) {
      throw new SyncRunSupersededError(
        `run ${run.run} of sync ${run.job.id} was superseded (the job is ${current?.status ?? 'gone'}, run ${current?.attempts ?? '-'})`,
      );
    }
  }
}
