import { DataSource } from 'typeorm';
import { connectorDefinition } from '../connectors/registry';
import {
  ConnectorError,
  DirectoryConnector,
  ReadRequest,
  SourceRecordError,
  SyncMode,
} from '../connectors/types';
import { ConnectionStore } from '../directory/connections';
import { Sql } from '../directory/sql';
import { Plan, Reconciler, ReconcileScope } from '../directory/sync/reconcile';
import { Staging } from '../directory/sync/staging';
import { validateGroup, validateUser } from '../directory/sync/validate';
import { SyncJobPublisher } from '../directory/sync-jobs';
import { DirectoryConnection, SyncJob, SyncProgress, SyncRecordError } from '../entities';
import { logger } from '../observability/logger';
import { metrics } from '../observability/metrics';

/** The job was cancelled while it ran: stop without applying anything. */
export class SyncCancelledError extends Error {
  override name = 'SyncCancelledError';
}

/** A failure no retry can fix (bad credentials, missing connection…): the job fails at once. */
export class PermanentSyncError extends Error {
  override name = 'PermanentSyncError';
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export interface RunOptions {
  /** This is the last attempt the queue will make: a retryable failure becomes final. */
  finalAttempt: boolean;
  /** Called on every progress update (the command line draws a bar from it). */
  onProgress?: (job: SyncJob) => void;
}

const ERROR_CAP = 100;

/**
 * One sync, start to end: read the source page by page into staging (the directory is not touched
 * while the source is read, so a failing source changes nothing), plan, check the deletion
 * threshold, apply in one transaction, record the outcome. Re-running a job starts from scratch
 * and reaches the same end state, which is what makes a killed worker safe.
 */
export class SyncPipeline {
  private readonly reconciler: Reconciler;
  private readonly sql: Sql;

  constructor(
    private readonly dataSource: DataSource,
    private readonly connections: ConnectionStore,
    private readonly publisher: SyncJobPublisher,
    /** Which connector serves a source (tests substitute their own). */
    private readonly definitionOf: typeof connectorDefinition = connectorDefinition,
  ) {
    this.reconciler = new Reconciler(dataSource);
    this.sql = new Sql(dataSource);
  }

  async run(jobId: string, options: RunOptions): Promise<SyncJob> {
    const job = await this.start(jobId);
    if (!job) return (await this.load(jobId))!;
    const staging = new Staging(this.sql, job.id);
    const recordErrors: SyncRecordError[] = [];
    let recordErrorCount = 0;
    /** Records turned away before staging (unreadable or invalid); staged rejects are counted by the reconciler. */
    const rejected = { users: 0, groups: 0 };
    const noteErrors = (errors: SyncRecordError[], total = errors.length) => {
      recordErrorCount += total;
      for (const error of errors) if (recordErrors.length < ERROR_CAP) recordErrors.push(error);
    };
    const connection = await this.dataSource
      .getRepository(DirectoryConnection)
      .findOne({ where: { id: job.connectionId ?? '' } });
    logger.info(
      {
        jobId: job.id,
        orgId: job.orgId,
        connectionId: job.connectionId,
        source: job.source,
        syncType: job.syncType,
        preview: job.preview,
        trigger: job.trigger,
      },
      'sync started',
    );
    try {
      if (!connection) throw new PermanentSyncError('CONNECTION_DELETED', 'the connection was deleted');
      if (connection.status === 'paused')
        throw new PermanentSyncError('CONNECTION_PAUSED', `connection "${connection.name}" is paused`);
      const definition = this.definitionOf(connection.source);
      if (!definition)
        throw new PermanentSyncError('NOT_PULLABLE', `connection "${connection.name}" cannot be pull-synced`);
      const pushedDocument = job.payloadId ? await this.payload(job.payloadId) : undefined;
      const connector = definition.create(definition.parseConfig(this.connections.openConfig(connection)), {
        pushedDocument,
      });

      let mode: SyncMode =
        job.syncType === 'incremental' && connector.supportsIncremental && connection.syncCursor
          ? 'incremental'
          : 'full';
      try {
        await this.read(
          job,
          connector,
          staging,
          { mode, cursor: mode === 'incremental' ? connection.syncCursor : null },
          noteErrors,
          rejected,
          options,
        );
      } catch (error) {
        if (!(error instanceof ConnectorError && error.code === 'CURSOR_EXPIRED' && mode === 'incremental'))
          throw error;
        // The source forgot our place: start again with a full read.
        mode = 'full';
        recordErrors.length = 0;
        recordErrorCount = 0;
        rejected.users = 0;
        rejected.groups = 0;
        await this.connections.clearCursor(connection.id);
        await this.read(job, connector, staging, { mode, cursor: null }, noteErrors, rejected, options);
      }

      const scope: ReconcileScope = {
        jobId: job.id,
        orgId: job.orgId,
        connectionId: connection.id,
        source: connection.source,
        mode,
        includeGroups: job.includeGroups,
        deletionPolicy: connection.deletionPolicy,
      };
      await this.progress(job, { phase: 'planning' }, options);
      const plan = await this.reconciler.plan(scope);
      noteErrors(plan.errors, plan.errorCount);
      await this.ensureNotCancelled(job.id);

      if (!job.preview && !job.confirmed && mode === 'full' && exceedsThreshold(plan, connection)) {
        return await this.finish(job, 'needs_confirmation', options, {
          pendingRemovals: plan.pendingRemovals,
          errors: recordErrors,
          errorCount: recordErrorCount,
          failureCode: 'DELETION_THRESHOLD',
          failureMessage: `this sync would ${connection.deletionPolicy} ${plan.pendingRemovals} of ${plan.currentCount} people, over the connection's threshold; confirm the sync to go ahead`,
        });
      }

      await this.progress(job, { phase: job.preview ? 'previewing' : 'applying' }, options);
      const result = await this.reconciler.apply(scope, { preview: job.preview });
      noteErrors(result.errors, result.errorCount);
      result.stats.usersErrors += rejected.users;
      result.stats.groupsErrors += rejected.groups;
      result.stats.totalProcessed += rejected.users + rejected.groups;
      if (!job.preview) {
        await this.connections.markSynced(connection.id, {
          count: result.userCount,
          cursor: connector.supportsIncremental ? connector.nextCursor() : undefined,
        });
      }
      return await this.finish(job, 'completed', options, {
        stats: result.stats,
        errors: recordErrors,
        errorCount: recordErrorCount,
        pendingRemovals: plan.pendingRemovals,
        changesSample: job.preview ? result.sample : null,
      });
    } catch (error) {
      return await this.fail(job, connection, error, options, {
        errors: recordErrors,
        errorCount: recordErrorCount,
      });
    } finally {
      await staging.clear().catch(() => undefined);
    }
  }

  private async read(
    job: SyncJob,
    connector: DirectoryConnector,
    staging: Staging,
    position: { mode: SyncMode; cursor: string | null },
    noteErrors: (errors: SyncRecordError[]) => void,
    rejected: { users: number; groups: number },
    options: RunOptions,
  ): Promise<void> {
    await staging.clear();
    const controller = new AbortController();
    const request: ReadRequest = { ...position, signal: controller.signal };
    let processed = 0;
    for await (const page of readAhead(connector.users(request))) {
      const staged = [];
      const errors = unreadable(page.errors);
      for (const record of page.records) {
        const result = validateUser(record);
        if (result.ok) staged.push(result.value);
        else errors.push({ code: result.code, message: result.message, externalId: result.externalId });
      }
      const duplicates = await staging.addUsers(staged);
      for (const externalId of duplicates) {
        errors.push({
          code: 'DUPLICATE_ID',
          message: 'the source lists this id more than once; the first is used',
          externalId,
        });
      }
      rejected.users += errors.length;
      noteErrors(errors);
      processed += page.records.length + page.errors.length;
      await this.ensureNotCancelled(job.id, controller);
      await this.progress(job, { phase: 'reading users', processed, total: page.total ?? null }, options);
    }
    if (!job.includeGroups) return;
    const users = processed;
    for await (const page of readAhead(connector.groups(request))) {
      const staged = [];
      const errors = unreadable(page.errors);
      for (const record of page.records) {
        const result = validateGroup(record);
        if (result.ok) staged.push({ staged: result.value, source: record });
        else errors.push({ code: result.code, message: result.message, externalId: result.externalId });
      }
      for (const externalId of await staging.addGroups(staged)) {
        errors.push({
          code: 'DUPLICATE_ID',
          message: 'the source lists this group more than once; the first is used',
          externalId,
        });
      }
      rejected.groups += errors.length;
      noteErrors(errors);
      processed += page.records.length + page.errors.length;
      await this.ensureNotCancelled(job.id, controller);
      const total = typeof page.total === 'number' ? users + page.total : null;
      await this.progress(job, { phase: 'reading groups', processed, total }, options);
    }
  }

  /** Marks the job running; null when it is not runnable any more (cancelled or finished meanwhile). */
  private async start(jobId: string): Promise<SyncJob | null> {
    const [rows] = await this.dataSource.query(
      `UPDATE sync_jobs SET status = 'running', started_at = coalesce(started_at, now()), attempts = attempts + 1,
         progress = '{"phase":"starting"}'::jsonb
       WHERE id = $1 AND status IN ('queued', 'running') RETURNING id`,
      [jobId],
    );
    if (rows.length === 0) return null;
    const job = (await this.load(jobId))!;
    await this.publisher.publish(job);
    return job;
  }

  private async load(jobId: string): Promise<SyncJob | null> {
    return this.dataSource.getRepository(SyncJob).findOne({ where: { id: jobId } });
  }

  private async payload(payloadId: string): Promise<unknown> {
    const [row] = await this.dataSource.query(`SELECT document FROM sync_payloads WHERE id = $1`, [
      payloadId,
    ]);
    if (!row) throw new PermanentSyncError('PAYLOAD_MISSING', 'the pushed document is no longer stored');
    return row.document;
  }

  private async ensureNotCancelled(jobId: string, controller?: AbortController): Promise<void> {
    const [row] = await this.dataSource.query(`SELECT status FROM sync_jobs WHERE id = $1`, [jobId]);
    if (row?.status === 'cancelled') {
      controller?.abort();
      throw new SyncCancelledError('the sync was cancelled');
    }
  }

  private async progress(job: SyncJob, progress: SyncProgress, options: RunOptions): Promise<void> {
    if (progress.phase !== job.progress?.phase) {
      logger.info(
        { jobId: job.id, phase: progress.phase, processed: job.progress?.processed ?? 0 },
        'sync phase',
      );
    }
    // A phase without counts (planning, applying) keeps the records read so far.
    job.progress = {
      processed: job.progress?.processed ?? 0,
      total: job.progress?.total ?? null,
      ...progress,
    };
    progress = job.progress;
    await this.dataSource.query(`UPDATE sync_jobs SET progress = $2 WHERE id = $1 AND status = 'running'`, [
      job.id,
      JSON.stringify(job.progress),
    ]);
    await this.publisher.publish(job);
    options.onProgress?.(job);
  }

  private async finish(
    job: SyncJob,
    status: 'completed' | 'needs_confirmation' | 'failed' | 'cancelled' | 'queued',
    options: RunOptions,
    values: Partial<
      Pick<
        SyncJob,
        | 'stats'
        | 'errors'
        | 'errorCount'
        | 'pendingRemovals'
        | 'changesSample'
        | 'failureCode'
        | 'failureMessage'
      >
    >,
  ): Promise<SyncJob> {
    const final = status !== 'queued';
    // Staging goes before the outcome is announced: nothing re-runs a finished job to clean up after it.
    await new Staging(this.sql, job.id).clear();
    await this.dataSource.query(
      `UPDATE sync_jobs SET status = CASE WHEN status = 'cancelled' THEN status ELSE $2 END,
         completed_at = CASE WHEN $3 THEN now() ELSE NULL END,
         duration_ms = CASE WHEN $3 THEN (extract(epoch FROM now() - started_at) * 1000)::int ELSE NULL END,
         progress = $4, stats = coalesce($5, stats), errors = $6, error_count = $7, pending_removals = $8,
         changes_sample = $9, failure_code = $10, failure_message = $11
       WHERE id = $1`,
      [
        job.id,
        status,
        final,
        JSON.stringify({
          phase: status === 'queued' ? 'waiting to retry' : 'done',
          processed: job.progress.processed ?? 0,
          total: job.progress.processed ?? 0,
        }),
        values.stats ? JSON.stringify(values.stats) : null,
        JSON.stringify(values.errors ?? []),
        values.errorCount ?? 0,
        values.pendingRemovals ?? null,
        values.changesSample ? JSON.stringify(values.changesSample) : null,
        values.failureCode ?? null,
        values.failureMessage ?? null,
      ],
    );
    if (status === 'completed' && job.payloadId && !job.preview) {
      await this.dataSource.query(`DELETE FROM sync_payloads WHERE id = $1`, [job.payloadId]);
    }
    const updated = (await this.load(job.id))!;
    const processed = updated.progress?.processed ?? 0;
    logger.info(
      {
        jobId: updated.id,
        orgId: updated.orgId,
        connectionId: updated.connectionId,
        source: updated.source,
        status: updated.status,
        durationMs: updated.durationMs,
        processed,
        stats: updated.stats,
        errorCount: updated.errorCount,
        ...(updated.failureCode ? { failureCode: updated.failureCode } : {}),
      },
      final ? 'sync finished' : 'sync will retry',
    );
    if (final)
      metrics.recordSyncJob({
        status: updated.status,
        source: updated.source,
        durationMs: updated.durationMs,
        processed,
      });
    await this.publisher.publish(updated);
    options.onProgress?.(updated);
    return updated;
  }

  private async fail(
    job: SyncJob,
    connection: DirectoryConnection | null,
    error: unknown,
    options: RunOptions,
    recorded: { errors: SyncRecordError[]; errorCount: number },
  ): Promise<SyncJob> {
    if (error instanceof SyncCancelledError) return this.finish(job, 'cancelled', options, recorded);
    const { code, message, retryable } = describeFailure(error);
    if (!(error instanceof ConnectorError) && !(error instanceof PermanentSyncError))
      logger.error({ jobId: job.id, err: error }, 'sync failed unexpectedly');
    if (retryable && !options.finalAttempt) {
      await this.finish(job, 'queued', options, {
        ...recorded,
        failureCode: code,
        failureMessage: `${message} (retrying)`,
      });
      throw error; // the queue retries with backoff
    }
    if (connection) await this.connections.markFailed(connection.id, message);
    return this.finish(job, 'failed', options, { ...recorded, failureCode: code, failureMessage: message });
  }
}

/**
 * Iterates pages one ahead: the connector fetches the next page while the current one is staged,
 * so the source's latency and the database's overlap. At most two pages are held at a time.
 */
export async function* readAhead<T>(pages: AsyncIterable<T>): AsyncGenerator<T> {
  const iterator = pages[Symbol.asyncIterator]();
  let next = iterator.next();
  let finished = false;
  try {
    for (;;) {
      const result = await next;
      if (result.done) {
        finished = true;
        return;
      }
      next = iterator.next();
      // A failure of the page ahead surfaces when it is awaited; until then it is not unhandled.
      next.catch(() => undefined);
      yield result.value;
    }
  } finally {
    // Left early (a staging failure, a cancellation): the source's own cleanup runs, after the
    // page ahead settles (a cancelled sync has aborted its requests by then).
    if (!finished) await iterator.return?.()?.catch(() => undefined);
  }
}

/** Records the connector could not read, as record errors. */
function unreadable(errors: SourceRecordError[]): SyncRecordError[] {
  return errors.map((error) => ({
    code: 'INVALID_DATA',
    message: error.message,
    externalId: error.externalId ?? null,
  }));
}

/** What to record about a failure: never a secret, never a stack. */
export function describeFailure(error: unknown): { code: string; message: string; retryable: boolean } {
  if (error instanceof ConnectorError)
    return { code: error.code, message: error.message, retryable: error.retryable };
  if (error instanceof PermanentSyncError)
    return { code: error.code, message: error.message, retryable: false };
  // Database or network trouble of our own: worth another attempt.
  return { code: 'INTERNAL', message: 'the sync failed unexpectedly; it will be retried', retryable: true };
}

function exceedsThreshold(plan: Plan, connection: DirectoryConnection): boolean {
  if (plan.pendingRemovals === 0) return false;
  if (connection.deletionThresholdCount !== null && plan.pendingRemovals > connection.deletionThresholdCount)
    return true;
  if (connection.deletionThresholdPercent !== null && plan.currentCount > 0) {
    // Small removals never trip the percentage (5 of 20 people is 25%, and ordinary churn).
    return (
      plan.pendingRemovals > 5 &&
      (plan.pendingRemovals * 100) / plan.currentCount > connection.deletionThresholdPercent
    );
  }
  return false;
}
