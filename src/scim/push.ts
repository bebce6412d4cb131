import { createHash, randomUUID } from 'node:crypto';
import { PoolClient, QueryConfig, QueryResult } from 'pg';
import { DataSource, EntityManager } from 'typeorm';
import { SourceGroup, SourceUser } from '../connectors/types';
import { identitySettingsOf } from '../directory/identity/settings';
import { Sql } from '../directory/sql';
import { ApplyResult, Reconciler, ReconcileScope } from '../directory/sync/reconcile';
import { Staging } from '../directory/sync/staging';
import { StagedGroup, StagedUser, validateGroup, validateUser } from '../directory/sync/validate';
import { DeletionPolicy, DirectoryConnection, DirectorySource } from '../entities';
import { invalidValue, ScimError, uniqueness } from './errors';

/** How long a write waits for another write of the same connection before answering 503. */
const LOCK_WAIT_MS = 15_000;

export interface PushBatch {
  users?: SourceUser[];
  groups?: SourceGroup[];
}

/**
 * Single-record writes through the reconciliation every pull sync ends in: each batch is staged
 * under a throwaway job id, planned and applied with the same statements (identity matching,
 * partial updates, managers resolved in a second pass, memberships by difference, removal per the
 * connection's deletion policy). Unlike a pull sync there is no deletion threshold (one write
 * removes at most one record) and no sync job row.
 *
 * A write runs in one transaction holding the connection's advisory lock (the lock the reconciler
 * takes), so it reads the record, decides, and applies without another writer in between, and
 * several batches (a person's update, then their deactivation) commit together. The lock is taken
 * with pg_try_advisory_xact_lock and a short sleep between tries, after the writes of this process
 * that came first (see transaction): a waiting request holds no pool connection, so writers queued
 * on one connection cannot starve the pool the holder needs.
 */
export class PushReconciler {
  private readonly reconciler: Reconciler;
  private readonly sql: Sql;

  constructor(
    private readonly dataSource: DataSource,
    /**
     * Called after a commit that applied something: the connection's last sync time and count of
     * people (counted then, outside the lock: the count reads every record of the connection).
     */
    private readonly onApplied: (connectionId: string) => Promise<void>,
    /** How long a write waits for its turn and the lock before answering 503 (default 15 s). */
    private readonly lockWaitMs = LOCK_WAIT_MS,
  ) {
    this.reconciler = new Reconciler(dataSource);
    this.sql = new Sql(dataSource);
  }

  /** Per connection, the last write of this process to queue for it (see transaction). */
  private readonly queues = new Map<string, Promise<void>>();

  /**
   * Within this process, writes to one connection take their turn in arrival order before they
   * try the advisory lock (which still serialises them with other processes, pull syncs and admin
   * operations): tries at random intervals would serve the lucky first and leave others waiting
   * many turns (p99 5 times the median at 20 concurrent clients). A turn waited for holds no pool
   * connection either, and counts against the same 15 s.
   */
  async transaction<T>(
    orgId: string,
    connection: DirectoryConnection,
    work: (tx: PushTransaction) => Promise<T>,
  ): Promise<T> {
    const deadline = Date.now() + this.lockWaitMs;
    const previous = this.queues.get(connection.id) ?? Promise.resolve();
    let release!: () => void;
    const mine = new Promise<void>((resolve) => (release = resolve));
    // Whoever comes next waits for everyone before this write, and for this write.
    const tail = previous.then(() => mine);
    this.queues.set(connection.id, tail);
    let timer: NodeJS.Timeout | undefined;
    let outcome: { result: T; applied: boolean };
    try {
      await Promise.race([
        previous,
        new Promise<never>((_, reject) => {
          timer = setTimeout(() => reject(busy()), deadline - Date.now());
        }),
      ]);
      clearTimeout(timer);
      outcome = await this.locked(orgId, connection, deadline, work);
    } finally {
      clearTimeout(timer);
      release();
      if (this.queues.get(connection.id) === tail) this.queues.delete(connection.id);
    }
    // After the commit and the turn: a write never holds two pool connections, nor the next one up.
    if (outcome.applied) await this.onApplied(connection.id);
    return outcome.result;
  }

  private async locked<T>(
    orgId: string,
    connection: DirectoryConnection,
    deadline: number,
    work: (tx: PushTransaction) => Promise<T>,
  ): Promise<{ result: T; applied: boolean }> {
    for (;;) {
      const runner = this.dataSource.createQueryRunner();
      const restore = preparedStatements((await runner.connect()) as PoolClient);
      let released = false;
      // Staging, planning and applying all run on this one connection (never a second from the pool).
      const tx = new PushTransaction(
        runner.manager,
        orgId,
        connection,
        this.reconciler,
        this.sql.within(runner.manager),
      );
      try {
        await runner.startTransaction();
        // The change events of this write (database triggers) name the SCIM connection: the
        // settings of setChangeOrigin, in the statement that takes the lock (one round trip less
        // while holding it; a rollback undoes them).
        const [{ locked }] = (await runner.query(
          `SELECT pg_try_advisory_xact_lock(hashtext($1)) AS locked, set_config('hrdir.origin', 'SCIM', true),
             set_config('hrdir.connection_id', $1, true), set_config('hrdir.sync_job_id', '', true)`,
          [connection.id],
        )) as { locked: boolean }[];
        if (!locked) {
          await runner.rollbackTransaction();
          if (Date.now() > deadline) throw busy();
          await new Promise((resolve) => setTimeout(resolve, 10 + Math.random() * 40));
          continue;
        }
        const result = await work(tx);
        // Staging rows are this transaction's: cleared before it commits (a rollback drops them).
        await tx.clearStaging();
        await runner.commitTransaction();
        restore();
        await runner.release();
        released = true;
        return { result, applied: tx.applied };
      } catch (error) {
        if (runner.isTransactionActive) await runner.rollbackTransaction();
        throw translateDatabaseError(error);
      } finally {
        if (!released) {
          restore();
          await runner.release();
        }
      }
    }
  }
}

export class PushTransaction {
  private readonly jobs: string[] = [];
  /** Whether a batch was applied. */
  applied = false;

  constructor(
    readonly manager: EntityManager,
    readonly orgId: string,
    readonly connection: DirectoryConnection,
    private readonly reconciler: Reconciler,
    private readonly sql: Sql,
  ) {}

  /**
   * Stages, plans and applies one batch in this transaction; a rejected record fails the request.
   * `deletionPolicy` overrides the connection's for this batch's removals (a deactivation only
   * ever disables).
   */
  async apply(batch: PushBatch, options: { deletionPolicy?: DeletionPolicy } = {}): Promise<ApplyResult> {
    const jobId = randomUUID();
    this.jobs.push(jobId);
    const staging = new Staging(this.sql, jobId);
    const users: StagedUser[] = [];
    const identity = identitySettingsOf(this.connection.settings);
    for (const user of batch.users ?? []) {
      const result = validateUser(user, { emailTemplate: identity.emailTemplate });
      if (!result.ok) throw recordError(result.code, result.message);
      users.push(result.value);
    }
    const groups: { staged: StagedGroup; source: SourceGroup }[] = [];
    for (const group of batch.groups ?? []) {
      const result = validateGroup(group);
      if (!result.ok) throw recordError(result.code, result.message);
      groups.push({ staged: result.value, source: group });
    }
    await staging.addUsers(users);
    await staging.addGroups(groups);
    const scope: ReconcileScope = {
      jobId,
      orgId: this.orgId,
      connectionId: this.connection.id,
      source: DirectorySource.SCIM,
      mode: 'incremental',
      includeGroups: groups.length > 0,
      deletionPolicy: options.deletionPolicy ?? this.connection.deletionPolicy,
      identity,
      countHeld: false,
    };
    const plan = await this.reconciler.plan(scope, this.manager);
    if (plan.errors.length > 0) throw recordError(plan.errors[0].code, plan.errors[0].message);
    const result = await this.reconciler.apply(scope, {
      preview: false,
      manager: this.manager,
      lockHeld: true,
    });
    const cycle = result.errors.find((error) => error.code === 'MANAGER_CYCLE');
    if (cycle) throw invalidValue(`the manager would close a reporting cycle: ${cycle.message}`);
    this.applied = true;
    return result;
  }

  async clearStaging(): Promise<void> {
    for (const jobId of this.jobs.splice(0)) await new Staging(this.sql, jobId).clear();
  }
}

/** Statements prepared per pool connection, by name (bounded: texts are the write path's own). */
const PREPARED = new WeakMap<PoolClient, Set<string>>();
const PREPARED_PER_CONNECTION = 500;

/**
 * Until the returned function is called, the parameterised statements run on `client` are named,
 * so Postgres parses and plans each once per pool connection instead of once per write: about half
 * of the database's CPU for a one-record write (10 -> 5 ms per write, measured at 100k). Only a
 * SCIM write's transaction runs this way: its batches are one or two records, for which a plan
 * kept by Postgres (after five custom ones, a generic plan when it costs no more) fits every
 * time, whereas a pull sync's batches range from one record to a million. A statement without
 * parameters (BEGIN, COMMIT) or a COPY is passed as it is.
 */
function preparedStatements(client: PoolClient): () => void {
  const names = PREPARED.get(client) ?? new Set<string>();
  PREPARED.set(client, names);
  const original = client.query;
  const own = Object.prototype.hasOwnProperty.call(client, 'query');
  const named = function (this: PoolClient, ...args: unknown[]) {
    const [text, values] = args;
    if (typeof text === 'string' && Array.isArray(values) && values.length > 0 && args.length === 2) {
      const name = `scim_${createHash('sha1').update(text).digest('hex').slice(0, 24)}`;
      if (names.has(name) || names.size < PREPARED_PER_CONNECTION) {
        names.add(name);
        return (original as (config: QueryConfig) => Promise<QueryResult>).call(this, { name, text, values });
      }
    }
    return (original as (...rest: unknown[]) => unknown).apply(this, args);
  };
  (client as unknown as { query: unknown }).query = named;
  return () => {
    if (own) (client as unknown as { query: unknown }).query = original;
    else delete (client as unknown as { query?: unknown }).query;
  };
}

function busy(): ScimError {
  return new ScimError(503, null, 'another write to this connection is taking long; retry later');
}

function recordError(code: string, message: string): ScimError {
  // A record that is someone this source already has, or that matches several people (an e-mail
  // they share): the values identify people already in use.
  if (code === 'DUPLICATE_IDENTITY' || code === 'IDENTITY_CONFLICT') return uniqueness(message);
  return invalidValue(message);
}

/** A constraint the database enforced (a race the checks before could not see). */
function translateDatabaseError(error: unknown): unknown {
  const code = (error as { code?: unknown })?.code;
  if (code === '23505') return uniqueness('a value that must be unique is already in use');
  if (code === '23514' || code === '22P02' || code === '22007' || code === '22008')
    return invalidValue('a value is not valid for its attribute');
  return error;
}
