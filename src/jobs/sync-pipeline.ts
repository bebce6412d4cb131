import { DataSource } from 'typeorm';
import { ConnectorsConfig, readConnectorsConfig } from '../config';
import { connectorDefinition } from '../connectors/registry';
import {
  ConnectorError,
  DirectoryConnector,
  ReadRequest,
  SourceRecordError,
  SyncMode,
} from '../connectors/types';
import { ConnectionStore } from '../directory/connections';
import { CustomAttributeMapper, CustomAttributes } from '../directory/custom-attributes';
import { Sql } from '../directory/sql';
import { identitySettingsOf } from '../directory/identity/settings';
import { ApplyResult, Plan, Reconciler, ReconcileScope } from '../directory/sync/reconcile';
import { Staging } from '../directory/sync/staging';
import { validateGroup, validateUser } from '../directory/sync/validate';
import {
  SyncCancelledError,
  SyncJobPublisher,
  SyncRun,
  SyncRunOutcome,
  SyncRunStatus,
  SyncRuns,
  SyncRunSupersededError,
} from '../directory/sync-jobs';
import { DirectoryConnection, SyncJob, SyncProgress, SyncRecordError } from '../entities';
import { logger } from '../observability/logger';
import { metrics } from '../observability/metrics';
import { describeErrorForLog } from '../db/error-log';

export { SyncCancelledError, SyncRunSupersededError };

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

export interface PipelineOptions {
  /** Which connector serves a source (tests substitute their own). */
  definitionOf?: typeof connectorDefinition;
  /** Hours over which removals add up against the deletion threshold (0: each sync alone). */
  deletionWindowHours?: number;
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
  private readonly runs: SyncRuns;
  private readonly customAttributes: CustomAttributes;
  private readonly definitionOf: typeof connectorDefinition;
  private readonly deletionWindowHours: number;

  constructor(
    private readonly dataSource: DataSource,
    private readonly connections: ConnectionStore,
    private readonly publisher: SyncJobPublisher,
    options: PipelineOptions | typeof connectorDefinition = {},
    /** The operator's outbound policy and import directory (default: this process's environment). */
    private readonly connectorsConfig: ConnectorsConfig = readConnectorsConfig(process.env),
  ) {
    const { definitionOf = connectorDefinition, deletionWindowHours = 24 } =
      typeof options === 'function' ? { definitionOf: options } : options;
    this.definitionOf = definitionOf;
    this.deletionWindowHours = deletionWindowHours;
    this.reconciler = new Reconciler(dataSource);
    this.sql = new Sql(dataSource);
    this.runs = new SyncRuns(dataSource);
    this.customAttributes = new CustomAttributes(dataSource);
  }

  /**
   * Runs the job once. A run that another run overtook (see SyncRuns) stops before writing and
   * returns the job as the other run left it, having recorded nothing.
   */
  async run(jobId: string, options: RunOptions): Promise<SyncJob> {
    const run = await this.start(jobId);
    if (!run) return (await this.runs.load(jobId))!;
    const { job } = run;
    const staging = new Staging(this.sql, job.id);
    const recordErrors: SyncRecordError[] = [];
    let recordErrorCount = 0;
    /** Records turned away before staging (unreadable or invalid); staged rejects are counted by the reconciler. */
    const rejected = { users: 0, groups: 0 };
    const noteErrors = (errors: SyncRecordError[], total = errors.length) => {
      recordErrorCount += total;
      for (const error of errors) if (recordErrors.length < ERROR_CAP) recordErrors.push(error);
    };
    let superseded = false;
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
      const connector = definition.create(
        definition.parseConfig(this.connections.openSourceConfig(connection)),
        {
          pushedDocument,
          outbound: this.connectorsConfig.outbound,
          importDirectory: this.connectorsConfig.importDirectory,
          organizationId: connection.orgId,
        },
      );

      const { emailTemplate } = identitySettingsOf(connection.settings);
      // Read once per run: a definition or mapping changed mid-sync applies from the next one.
      const attributes = await this.customAttributes.mapperFor(connection.orgId, connection.id);
      let mode: SyncMode =
        job.syncType === 'incremental' && connector.supportsIncremental && connection.syncCursor
          ? 'incremental'
          : 'full';
      try {
        await this.read(
          run,
          connector,
          staging,
          { mode, cursor: mode === 'incremental' ? connection.syncCursor : null },
          attributes,
          noteErrors,
          rejected,
          options,
          emailTemplate,
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
        await this.runs.check(run);
        await this.connections.clearCursor(connection.id);
        await this.read(
          run,
          connector,
          staging,
          { mode, cursor: null },
          attributes,
          noteErrors,
          rejected,
          options,
          emailTemplate,
        );
      }

      const scope: ReconcileScope = {
        jobId: job.id,
        orgId: job.orgId,
        connectionId: connection.id,
        source: connection.source,
        mode,
        includeGroups: job.includeGroups,
        deletionPolicy: connection.deletionPolicy,
        identity: identitySettingsOf(connection.settings),
      };
      await this.progress(run, { phase: 'planning' }, options);
      await this.runs.check(run);
      const plan = await this.reconciler.plan(scope);
      noteErrors(plan.errors, plan.errorCount);
      await this.runs.check(run);

      if (!job.preview && !job.confirmed && plan.pendingRemovals > 0) {
        const recent = await this.runs.recentRemovals(connection.id, this.deletionWindowHours);
        if (exceedsThreshold(plan, recent, connection)) {
          const earlier =
            recent > 0 ? ` (and ${recent} more were removed by syncs since the last confirmed one)` : '';
          return await this.finish(run, 'needs_confirmation', options, {
            pendingRemovals: plan.pendingRemovals,
            errors: recordErrors,
            errorCount: recordErrorCount,
            failureCode: 'DELETION_THRESHOLD',
            failureMessage: `this sync would ${connection.deletionPolicy} ${plan.pendingRemovals} of ${plan.currentCount} people${earlier}, over the connection's threshold; confirm the sync to go ahead`,
          });
        }
      }

      await this.progress(run, { phase: job.preview ? 'previewing' : 'applying' }, options);
      const outcomeOf = (result: ApplyResult): SyncRunOutcome => ({
        stats: {
          ...result.stats,
          usersErrors: result.stats.usersErrors + rejected.users,
          groupsErrors: result.stats.groupsErrors + rejected.groups,
          totalProcessed: result.stats.totalProcessed + rejected.users + rejected.groups,
        },
        errors: [...recordErrors, ...result.errors].slice(0, ERROR_CAP),
        errorCount: recordErrorCount + result.errorCount,
        pendingRemovals: plan.pendingRemovals,
        changesSample: job.preview ? result.sample : null,
      });
      // The fence runs inside the apply transaction, before its first write: only the job's current
      // run applies. The outcome (and the connection's cursor) is recorded in that same transaction:
      // between an apply and a separate record of it, a new run could start (the queue thinking
      // this one lost), apply again (a no-op) and record its empty stats as the job's.
      const result = await this.reconciler.apply(scope, {
        preview: job.preview,
        fence: (manager) => this.runs.fence(manager, run),
        beforeCommit: async (manager, applied) => {
          await this.connections.markSynced(
            connection.id,
            {
              count: applied.userCount,
              cursor: connector.supportsIncremental ? connector.nextCursor() : undefined,
            },
            manager,
          );
          if (job.payloadId) await manager.query(`DELETE FROM sync_payloads WHERE id = $1`, [job.payloadId]);
          if (!(await this.runs.finishWithin(manager, run, 'completed', outcomeOf(applied))))
            throw new SyncRunSupersededError(
              `run ${run.run} of sync ${job.id} was superseded while it applied`,
            );
        },
      });
      if (!job.preview) return await this.announce(run, 'completed', options);
      return await this.finish(run, 'completed', options, outcomeOf(result));
    } catch (error) {
      let stopped = error;
      if (!(stopped instanceof SyncRunSupersededError)) {
        try {
          return await this.fail(run, connection, error, options, {
            errors: recordErrors,
            errorCount: recordErrorCount,
          });
        } catch (failure) {
          if (!(failure instanceof SyncRunSupersededError)) throw failure;
          stopped = failure;
        }
      }
      superseded = true;
      logger.warn(
        { jobId: job.id, reason: (stopped as Error).message },
        'run superseded; it stops without writing',
      );
      return (await this.runs.load(job.id)) ?? job;
    } finally {
      // The staging rows are the job's: a superseded run leaves them to the run that took over.
      if (!superseded) await staging.clear().catch(() => undefined);
    }
  }

  private async read(
    run: SyncRun,
    connector: DirectoryConnector,
    staging: Staging,
    position: { mode: SyncMode; cursor: string | null },
    attributes: CustomAttributeMapper,
    noteErrors: (errors: SyncRecordError[]) => void,
    rejected: { users: number; groups: number },
    options: RunOptions,
    /** The connection's template for people the source gives no e-mail (identity.emailTemplate). */
    emailTemplate: string | null,
  ): Promise<void> {
    const { job } = run;
    await this.runs.check(run);
    await staging.clear();
    const controller = new AbortController();
    const request: ReadRequest = { ...position, signal: controller.signal };
    let processed = 0;
    for await (const page of readAhead(connector.users(request))) {
      const staged = [];
      const errors = unreadable(page.errors);
      /** Applied with a problem (a custom attribute left out): reported, not counted as rejected. */
      const warnings: SyncRecordError[] = [];
      await this.ensureCurrent(run, controller);
      for (const record of page.records) {
        const problems = attributes.apply(record);
        const result = validateUser(record, { emailTemplate });
        if (result.ok) {
          staged.push(result.value);
          warnings.push(...problems);
        } else errors.push({ code: result.code, message: result.message, externalId: result.externalId });
      }
      const duplicates = await staging.addUsers(staged);
      // Rejected records the source still lists: their people are kept as they are, not taken
      // for gone by a full sync.
      await staging.holdUsers(heldIds(errors));
      for (const externalId of duplicates) {
        errors.push({
          code: 'DUPLICATE_ID',
          message: 'the source lists this id more than once; the first is used',
          externalId,
        });
      }
      rejected.users += errors.length;
      noteErrors([...errors, ...warnings]);
      processed += page.records.length + page.errors.length;
      await this.progress(run, { phase: 'reading users', processed, total: page.total ?? null }, options);
    }
    if (!job.includeGroups) return;
    const users = processed;
    for await (const page of readAhead(connector.groups(request))) {
      const staged = [];
      const errors = unreadable(page.errors);
      await this.ensureCurrent(run, controller);
      for (const record of page.records) {
        const result = validateGroup(record);
        if (result.ok) staged.push({ staged: result.value, source: record });
        else errors.push({ code: result.code, message: result.message, externalId: result.externalId });
      }
      const duplicateGroups = await staging.addGroups(staged);
      await staging.holdGroups(heldIds(errors));
      for (const externalId of duplicateGroups) {
        errors.push({
          code: 'DUPLICATE_ID',
          message: 'the source lists this group more than once; the first is used',
          externalId,
        });
      }
      rejected.groups += errors.length;
      noteErrors(errors);
      processed += page.records.length + page.errors.length;
      const total = typeof page.total === 'number' ? users + page.total : null;
      await this.progress(run, { phase: 'reading groups', processed, total }, options);
    }
  }

  /** Starts a run and announces it; null when the job is not runnable any more (cancelled or finished meanwhile). */
  private async start(jobId: string): Promise<SyncRun | null> {
    const run = await this.runs.start(jobId);
    if (run) await this.publisher.publish(run.job);
    return run;
  }

  private async payload(payloadId: string): Promise<unknown> {
    const [row] = await this.dataSource.query(`SELECT document FROM sync_payloads WHERE id = $1`, [
      payloadId,
    ]);
    if (!row) throw new PermanentSyncError('PAYLOAD_MISSING', 'the pushed document is no longer stored');
    return row.document;
  }

  /** Before a page is staged: stops (and aborts the source's requests) when the run must not go on. */
  private async ensureCurrent(run: SyncRun, controller: AbortController): Promise<void> {
    try {
      await this.runs.check(run);
    } catch (error) {
      controller.abort();
      throw error;
    }
  }

  private async progress(run: SyncRun, progress: SyncProgress, options: RunOptions): Promise<void> {
    const { job } = run;
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
    await this.runs.recordProgress(run, job.progress);
    await this.publisher.publish(job);
    options.onProgress?.(job);
  }

  /** Records the outcome; a run superseded meanwhile records nothing (SyncRunSupersededError). */
  private async finish(
    run: SyncRun,
    status: SyncRunStatus,
    options: RunOptions,
    values: SyncRunOutcome,
  ): Promise<SyncJob> {
    const { job } = run;
    if (!(await this.runs.finish(run, status, values)))
      throw new SyncRunSupersededError(`run ${run.run} of sync ${job.id} was superseded before it finished`);
    return this.announce(run, status, options);
  }

  /** Logs, counts and publishes the outcome the run recorded. */
  private async announce(run: SyncRun, status: SyncRunStatus, options: RunOptions): Promise<SyncJob> {
    const { job } = run;
    const updated = (await this.runs.load(job.id))!;
    const final = status !== 'queued';
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
    run: SyncRun,
    connection: DirectoryConnection | null,
    error: unknown,
    options: RunOptions,
    recorded: { errors: SyncRecordError[]; errorCount: number },
  ): Promise<SyncJob> {
    const { job } = run;
    if (error instanceof SyncCancelledError) return this.finish(run, 'cancelled', options, recorded);
    const { code, message, retryable } = describeFailure(error);
    if (!(error instanceof ConnectorError) && !(error instanceof PermanentSyncError))
      logger.error({ jobId: job.id, cause: describeErrorForLog(error) }, 'sync failed unexpectedly');
    if (retryable && !options.finalAttempt) {
      await this.finish(run, 'queued', options, {
        ...recorded,
        failureCode: code,
        failureMessage: `${message} (retrying)`,
      });
      throw error; // the queue retries with backoff
    }
    if (connection) await this.connections.markFailed(connection.id, message);
    return this.finish(run, 'failed', options, { ...recorded, failureCode: code, failureMessage: message });
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
/** The ids of rejected records that name one. */
function heldIds(errors: SyncRecordError[]): string[] {
  return errors.flatMap((error) => (error.externalId ? [error.externalId] : []));
}

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

/**
 * Whether the removals of this sync, added to those applied since the last confirmed sync within
 * the window (recent), pass the connection's threshold. The percentage is of the people the
 * connection held before those recent removals.
 */
export function exceedsThreshold(
  plan: Pick<Plan, 'pendingRemovals' | 'currentCount'>,
  recent: number,
  connection: Pick<DirectoryConnection, 'deletionThresholdCount' | 'deletionThresholdPercent'>,
): boolean {
  if (plan.pendingRemovals === 0) return false;
  const removals = plan.pendingRemovals + recent;
  if (connection.deletionThresholdCount !== null && removals > connection.deletionThresholdCount) return true;
  const base = (plan.currentCount ?? 0) + recent;
  if (connection.deletionThresholdPercent !== null && base > 0) {
    // Small removals never trip the percentage (5 of 20 people is 25%, and ordinary churn).
    return removals > 5 && (removals * 100) / base > connection.deletionThresholdPercent;
  }
  return false;
}
