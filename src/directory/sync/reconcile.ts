import { DataSource, EntityManager } from 'typeorm';
import { logger } from '../../observability/logger';
import { DeletionPolicy, DirectorySource, SyncRecordError, SyncStats } from '../../entities';
import { setChangeOrigin } from '../change-events';
import { cycleCutMember, resolvePeople } from '../identity/authority';
import { attributeSql, DEFAULT_IDENTITY, IdentitySettings, MatchKey } from '../identity/settings';
import { SOURCE_GROUP_COLUMNS, SOURCE_USER_COLUMNS } from './validate';
import { cutGroupCycles } from './group-cycles';
import { personByEmailSql } from '../sql';

/** Who is being reconciled, and how. */
export interface ReconcileScope {
  jobId: string;
  orgId: string;
  connectionId: string;
  source: DirectorySource;
  /** full: whatever the source no longer lists is removed; incremental: only what it reports removed. */
  mode: 'full' | 'incremental';
  includeGroups: boolean;
  deletionPolicy: DeletionPolicy;
  /** How the connection's records match people (the connection's `identity` settings; defaults when absent). */
  identity?: IdentitySettings;
  /**
   * false: the count of people the connection holds is left to the caller (the plan's
   * currentCount and apply's userCount are null; a SCIM write has no deletion threshold and counts
   * after its commit, outside the connection's lock). Default true.
   */
  countHeld?: boolean;
}

export interface Plan {
  /** People who would be disabled or deleted. */
  pendingRemovals: number;
  /** People the connection holds now (the base of the percentage threshold); null when nothing would be removed. */
  currentCount: number | null;
  /** Records the plan rejected (duplicate identities, missing or taken emails…). */
  errors: SyncRecordError[];
  errorCount: number;
}

export interface ChangeSample {
  kind: 'create' | 'update' | 'disable' | 'delete';
  externalId: string | null;
  email: string | null;
  displayName: string | null;
  fields?: string[];
}

export interface ApplyResult {
  stats: SyncStats;
  /** Record-level problems found while applying (unresolved managers, cycles). */
  errors: SyncRecordError[];
  errorCount: number;
  sample: ChangeSample[];
  /** People the connection holds afterwards (null when the scope said not to count them). */
  userCount: number | null;
}

const ERROR_CAP = 100;
/** Bound of one statement of a sync's apply transaction. */
const APPLY_STATEMENT_TIMEOUT_MS = 20 * 60_000;
/** Ids of changed rows brought back to the process at most (beyond, the database keeps them). */
const LISTED_IDS = 10_000;
/** Staged rows above which the staging tables get fresh planner statistics. */
const ANALYZE_STAGED_ROWS = 1000;
const SAMPLE_SIZE = 25;

/**
 * Reconciliation of staged source records with the directory, all set-based: a handful of
 * statements whatever the number of records. Shared by every pull connector and by SCIM pushes.
 */
export class Reconciler {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * Matches staged records to existing rows and rejects what cannot be applied. Writes only
   * staging. With `manager`, on that transaction (a SCIM write plans what its own earlier batches
   * wrote, on the one connection it holds).
   */
  async plan(scope: ReconcileScope, manager: EntityManager = this.dataSource.manager): Promise<Plan> {
    const q = tracedQuery(manager);
    const base = [scope.jobId, scope.connectionId];
    // Fresh staging rows have no planner statistics; with many of them Postgres would pick nested
    // loops. A handful (a SCIM write, a small delta) plans fine and is not worth an ANALYZE.
    // What was staged also says which statements below have nothing to do (a SCIM write stages
    // one record: no duplicates to look for, no groups, usually nothing removed).
    const [{ users, members, groups, removed }]: {
      users: number;
      members: number;
      groups: number;
      removed: number;
    }[] = await q(
      `SELECT (SELECT count(*)::int FROM sync_stage_users WHERE job_id = $1) AS users,
              (SELECT count(*)::int FROM sync_stage_members WHERE job_id = $1) AS members,
              (SELECT count(*)::int FROM sync_stage_groups WHERE job_id = $1) AS groups,
              (SELECT count(*)::int FROM sync_stage_users WHERE job_id = $1 AND removed) AS removed`,
      [scope.jobId],
    );
    if (users + members > ANALYZE_STAGED_ROWS)
      await q(`ANALYZE sync_stage_users, sync_stage_groups, sync_stage_members`);
    // Identity: the connection's own record of the person first (and whether the person has records
    // of other sources: a person only this connection describes takes the direct update). A record
    // the source had stopped listing counts as changed when it comes back (its listing is written).
    await q(
      `UPDATE sync_stage_users s SET target_id = es.employee_id, source_id = es.id,
         prev_hash = CASE WHEN es.unlisted THEN NULL ELSE es.hash END,
         single = NOT EXISTS (SELECT 1 FROM employee_sources o WHERE o.employee_id = es.employee_id AND o.id <> es.id)
       FROM employee_sources es
       WHERE s.job_id = $1 AND es.connection_id = $2 AND es.external_id = s.external_id`,
      base,
    );
    await this.match(q, scope);
    // Staged records matching one person (one record alone cannot). The duplicates are found once
    // (MATERIALIZED) and then looked up by key: with the staging table's statistics from an
    // earlier, bigger job, Postgres would otherwise re-run the window for every staged row (1,000
    // rows of an incremental sync: 450 ms instead of 5).
    if (users > 1)
      await q(
        `WITH d AS MATERIALIZED (
         SELECT external_id, first_id FROM (
           SELECT external_id, first_value(external_id) OVER w AS first_id, row_number() OVER w AS rn
           FROM sync_stage_users WHERE job_id = $1 AND target_id IS NOT NULL AND error IS NULL
           WINDOW w AS (PARTITION BY target_id ORDER BY seq)) ranked
         WHERE rn > 1)
       UPDATE sync_stage_users s SET error = 'DUPLICATE_IDENTITY: matches the same person as ' || d.first_id
       FROM d WHERE s.job_id = $1 AND s.external_id = d.external_id`,
        [scope.jobId],
      );
    // A person needs no e-mail, and people may share one (an admin account and its owner, a shared
    // mailbox): two records of a source are two people unless matching links them (see match).
    if (groups > 0)
      await q(
        `UPDATE sync_stage_groups s SET target_id = g.id FROM directory_groups g
         WHERE s.job_id = $1 AND g.connection_id = $2 AND g.external_id = s.external_id`,
        base,
      );

    // New people already carry the id they will get (staging gives every staged row one).

    // An incremental batch removes only what it reports removed.
    const [removals] =
      scope.mode === 'incremental' && removed === 0
        ? [{ count: 0 }]
        : await q(this.removalCountSql(scope.mode), [scope.jobId, scope.connectionId, scope.deletionPolicy]);
    // The base of the threshold, needed only when something would be removed (most incremental
    // syncs and SCIM writes remove nothing).
    const [current] =
      removals.count > 0 && scope.countHeld !== false
        ? await q(HELD_SQL, [scope.connectionId])
        : [{ count: null }];
    const errors = await q(
      `SELECT external_id AS "externalId", split_part(error, ':', 1) AS code, btrim(substr(error, strpos(error, ':') + 1)) AS message,
         count(*) OVER () AS total
       FROM sync_stage_users WHERE job_id = $1 AND error IS NOT NULL AND NOT held ORDER BY seq LIMIT ${ERROR_CAP}`,
      [scope.jobId],
    );
    return {
      pendingRemovals: removals.count,
      currentCount: current.count,
      errors: errors.map(({ total: _total, ...error }: SyncRecordError & { total: number }) => error),
      errorCount: errors[0]?.total ?? 0,
    };
  }

  private removalCountSql(mode: ReconcileScope['mode']): string {
    return `SELECT count(*)::int AS count FROM employee_sources es JOIN employees e ON e.id = es.employee_id
      WHERE es.connection_id = $2 AND ${goneFromSource(mode, 'sync_stage_users', 'es')}
        AND ($3 = 'delete' OR e.deprovisioned_at IS NULL OR ${shared('es')})`;
  }

  /**
   * Matching of records no person is linked to yet, set-based: each configured key (idp id,
   * e-mail with the secondary addresses a source gives, employee number) proposes people; one
   * person links the record, several hold it as a conflict, none creates a person (or, for a
   * connection that only enriches, skips the record).
   */
  private async match(q: ReturnType<typeof tracedQuery>, scope: ReconcileScope): Promise<void> {
    const identity = scope.identity ?? DEFAULT_IDENTITY;
    const from = (key: MatchKey) => attributeSql(identity.keyFrom[key] ?? key, 's');
    const branches = identity.matchKeys.map((key) => {
      switch (key) {
        case 'idpId':
          return `SELECT s.external_id, e.id FROM unlinked s JOIN employees e ON e.org_id = $2 AND e.idp_id = ${from(key)}`;
        case 'email':
          // People this source already describes are its other accounts that share the address
          // (an admin account, a shared mailbox): not candidates. NULL never equals NULL, so a
          // record without e-mail matches nobody by e-mail.
          return `SELECT s.external_id, e.id FROM unlinked s JOIN employees e ON e.org_id = $2 AND lower(e.email) = lower(${from(key)})
              AND ${notDescribedBy('e')}
            UNION
            SELECT s.external_id, e.id FROM unlinked s
            CROSS JOIN LATERAL jsonb_array_elements_text(${SECONDARY_EMAILS}) a(address)
            JOIN employees e ON e.org_id = $2 AND lower(e.email) = lower(regexp_replace(a.address, '^smtp:', '', 'i'))
              AND ${notDescribedBy('e')}
            WHERE s.data->'custom_attributes' ?| array['emails', 'proxyAddresses']`;
        case 'employeeNumber':
          return `SELECT s.external_id, e.id FROM unlinked s
            JOIN employees e ON e.org_id = $2 AND lower(e.employee_number) = lower(${from(key)})`;
      }
    });
    if (identity.userIdFrom) {
      // The hash carries the setting, so that changing it re-applies every record once.
      await q(
        `UPDATE sync_stage_users s SET data = s.data || jsonb_build_object('user_id', ${attributeSql(identity.userIdFrom, 's')}),
           hash = s.hash || '+user_id:' || $2
         WHERE s.job_id = $1 AND NOT s.removed`,
        [scope.jobId, identity.userIdFrom],
      );
    }
    if (branches.length > 0) {
      await q(
        `WITH unlinked AS MATERIALIZED (
           SELECT s.external_id, s.data FROM sync_stage_users s
           WHERE s.job_id = $1 AND s.target_id IS NULL AND NOT s.removed AND s.error IS NULL
             AND NOT EXISTS (SELECT 1 FROM identity_keep_apart k WHERE k.connection_id = $3 AND k.external_id = s.external_id)),
         candidates AS (${branches.join('\n UNION \n')}),
         grouped AS (
           SELECT c.external_id, array_agg(DISTINCT c.id) AS ids,
             bool_or(EXISTS (SELECT 1 FROM employee_sources o WHERE o.employee_id = c.id AND o.connection_id = $3)) AS taken
           FROM candidates c GROUP BY c.external_id)
         UPDATE sync_stage_users s SET
           target_id = CASE WHEN cardinality(g.ids) = 1 AND NOT g.taken THEN g.ids[1] END,
           matched = cardinality(g.ids) = 1 AND NOT g.taken,
           candidates = CASE WHEN cardinality(g.ids) > 1 AND NOT g.taken THEN g.ids END,
           error = CASE
             WHEN g.taken THEN 'DUPLICATE_IDENTITY: matches a person another record of this source already describes'
             WHEN cardinality(g.ids) > 1 THEN 'IDENTITY_CONFLICT: matches ' || cardinality(g.ids) || ' people; held for an admin to resolve'
           END
         FROM grouped g WHERE s.job_id = $1 AND s.external_id = g.external_id`,
        [scope.jobId, scope.orgId, scope.connectionId],
      );
    }
    if (!identity.createPeople) {
      await q(
        `UPDATE sync_stage_users SET error = 'NOT_MATCHED: no person to enrich; this connection does not create people'
         WHERE job_id = $1 AND target_id IS NULL AND NOT removed AND error IS NULL`,
        [scope.jobId],
      );
    }
  }

  /**
   * Applies the plan in one transaction (so a crash leaves nothing half done). A preview runs the
   * very same statements and rolls back, so its numbers are exactly what a real run would do.
   */
  async apply(
    scope: ReconcileScope,
    options: {
      preview: boolean;
      /**
       * Run inside the caller's transaction instead of one of its own (a SCIM push applies a
       * person's update and deactivation together, and reads the record under the same lock);
       * the caller commits or rolls back.
       */
      manager?: EntityManager;
      /** With `manager`: the caller's transaction already holds the connection's advisory lock. */
      lockHeld?: boolean;
      /** Checked inside the transaction before any write (a sync job's run fence); throws to abort. */
      fence?: (manager: EntityManager) => Promise<void>;
      /** Runs last in the transaction of a real (not preview) apply: the job records its outcome there. */
      beforeCommit?: (manager: EntityManager, result: ApplyResult) => Promise<void>;
    },
  ): Promise<ApplyResult> {
    if (options.manager) {
      if (!options.lockHeld)
        await options.manager.query(`SELECT pg_advisory_xact_lock(hashtext($1))`, [scope.connectionId]);
      await options.fence?.(options.manager);
      const result = await this.applyInTransaction(options.manager, scope, options.preview);
      if (!options.preview) await options.beforeCommit?.(options.manager, result);
      return result;
    }
    const runner = this.dataSource.createQueryRunner();
    await runner.connect();
    await runner.startTransaction();
    try {
      // Serialises with any other writer of this connection (a SCIM push, say).
      await runner.query(`SELECT pg_advisory_xact_lock(hashtext($1))`, [scope.connectionId]);
      await options.fence?.(runner.manager);
      // The change events this transaction writes (database triggers) name the sync.
      await setChangeOrigin(runner.manager, 'SYNC', {
        connectionId: scope.connectionId,
        syncJobId: scope.jobId,
      });
      // One statement writes every new person (or membership) of the sync: at 1M people that is
      // minutes, not the 30 s that bound a request's statements. Hashes of a few 100k rows stay in
      // memory instead of spilling to disk.
      await runner.query(`SET LOCAL statement_timeout = ${APPLY_STATEMENT_TIMEOUT_MS}`);
      await runner.query(`SET LOCAL work_mem = '64MB'`);
      const result = await this.applyInTransaction(runner.manager, scope, options.preview);
      if (options.preview) await runner.rollbackTransaction();
      else {
        await options.beforeCommit?.(runner.manager, result);
        await runner.commitTransaction();
      }
      return result;
    } catch (error) {
      if (runner.isTransactionActive) await runner.rollbackTransaction();
      throw error;
    } finally {
      await runner.release();
    }
  }

  private async applyInTransaction(
    manager: EntityManager,
    scope: ReconcileScope,
    preview: boolean,
  ): Promise<ApplyResult> {
    const q = tracedQuery(manager);
    // Rows a statement (with RETURNING) changed, counted in the database: returning them would
    // bring every id of a 1M-people sync into memory for one number.
    const count = async (text: string, params: unknown[]): Promise<number> => {
      const [{ count: affected }]: { count: number }[] = await q(
        `WITH affected AS (${text}) SELECT count(*)::int AS count FROM affected`,
        params,
      );
      return affected;
    };
    const job = scope.jobId;
    const conn = scope.connectionId;
    const errors: SyncRecordError[] = [];
    let errorCount = 0;
    const report = (code: string, rows: { externalId: string | null; message: string }[]) => {
      errorCount += rows.length;
      for (const row of rows)
        if (errors.length < ERROR_CAP)
          errors.push({ code, externalId: row.externalId, message: row.message });
    };

    const sample: ChangeSample[] = preview ? await this.sampleChanges(manager, scope) : [];

    const live = `s.job_id = $1 AND s.error IS NULL AND NOT s.removed`;
    // The job's staged rows counted in one pass: what is unchanged (the source says exactly what
    // it said last time, or reports removed someone already gone), what the multi-source path has
    // to do (an ordinary sync of one source finds nothing there and skips those statements), and
    // which of the statements below have anything to do at all (a SCIM write or a small
    // incremental sync skips most of them). The direct update below changes none of what this
    // reads: it writes people only this connection describes, while the shared counts are of the
    // others.
    const [staged]: {
      usersSkipped: number;
      sharedUpdated: number;
      usersLinked: number;
      shared: number;
      held: number;
      users: number;
      userErrors: number;
      known: number;
      created: number;
      recorded: number;
      removed: number;
      managersGiven: number;
      withGroups: number;
      groups: number;
      groupErrors: number;
      members: number;
    }[] = await q(
      `SELECT count(*) FILTER (WHERE s.error IS NULL AND (
             (s.removed AND (s.source_id IS NULL OR e.deprovisioned_at IS NOT NULL))
             OR (NOT s.removed AND s.source_id IS NOT NULL AND s.prev_hash = s.hash AND e.deprovisioned_at IS NULL)))::int
           AS "usersSkipped",
         count(*) FILTER (WHERE ${live} AND NOT s.single AND s.source_id IS NOT NULL
           AND (s.prev_hash IS DISTINCT FROM s.hash OR e.deprovisioned_at IS NOT NULL))::int AS "sharedUpdated",
         count(*) FILTER (WHERE ${live} AND s.matched AND s.source_id IS NULL)::int AS "usersLinked",
         count(*) FILTER (WHERE ${live} AND NOT s.single AND s.target_id IS NOT NULL)::int AS shared,
         count(*) FILTER (WHERE s.candidates IS NOT NULL)::int AS held,
         count(*) FILTER (WHERE NOT s.held)::int AS users,
         count(*) FILTER (WHERE s.error IS NOT NULL AND NOT s.held)::int AS "userErrors",
         count(*) FILTER (WHERE ${live} AND s.source_id IS NOT NULL)::int AS known,
         count(*) FILTER (WHERE ${live} AND s.target_id IS NULL)::int AS created,
         count(*) FILTER (WHERE ${live} AND s.source_id IS NULL)::int AS recorded,
         count(*) FILTER (WHERE s.removed)::int AS removed,
         count(*) FILTER (WHERE ${live} AND s.manager_given AND s.manager_kind <> 'none')::int AS "managersGiven",
         count(*) FILTER (WHERE ${live} AND s.group_ids IS NOT NULL)::int AS "withGroups",
         (SELECT count(*)::int FROM sync_stage_groups WHERE job_id = $1 AND NOT held) AS groups,
         (SELECT count(*)::int FROM sync_stage_groups WHERE job_id = $1 AND error IS NOT NULL AND NOT held) AS "groupErrors",
         (SELECT count(*)::int FROM sync_stage_members WHERE job_id = $1) AS members
       FROM sync_stage_users s LEFT JOIN employees e ON e.id = s.target_id
       WHERE s.job_id = $1`,
      [job],
    );
    const usersSkipped = staged.usersSkipped;

    // People only this connection describes: the direct update of what changed (the fast path).
    const changed = `${live} AND s.single AND s.target_id = e.id
      AND (s.prev_hash IS DISTINCT FROM s.hash OR e.deprovisioned_at IS NOT NULL)`;
    const directlyUpdated =
      staged.known === 0
        ? 0
        : await count(
            `UPDATE employees e SET ${userAssignments()},
         manager_ref = CASE WHEN s.manager_given THEN s.manager_value ELSE e.manager_ref END,
         manager_ref_kind = CASE WHEN s.manager_given THEN s.manager_kind ELSE e.manager_ref_kind END,
         -- A new manager reference drops the old manager (the second pass below sets the new one);
         -- as in resolveSql. Kept, a manager the source no longer names could close a cycle.
         manager_id = CASE WHEN s.manager_given AND (s.manager_kind IS DISTINCT FROM e.manager_ref_kind
             OR s.manager_value IS DISTINCT FROM e.manager_ref) THEN NULL ELSE e.manager_id END,
         connection_id = $2, source = $3, external_id = s.external_id, source_hash = s.hash,
         deprovisioned_at = NULL, synced_at = now(), updated_at = now()
       FROM sync_stage_users s CROSS JOIN LATERAL jsonb_populate_record(NULL::employees, s.data) r
       WHERE ${changed} RETURNING e.id`,
            [job, conn, scope.source],
          );
    // The connection's records: what changed merges into what the source said before, and the
    // record was listed now. A full sync writes only the records that changed: that it listed the
    // others is the connection's full_listing_at (see lastSeenSql), not 100k rewritten rows. An
    // incremental sync lists only what it sends, so each record it sends is marked seen.
    const differs = `s.prev_hash IS DISTINCT FROM s.hash`;
    if (staged.known > 0)
      await q(
        `UPDATE employee_sources es SET data = CASE WHEN ${differs} THEN ${mergedData('es.data', 's.data')} ELSE es.data END,
         hash = s.hash,
         manager_ref = CASE WHEN s.manager_given THEN s.manager_value ELSE es.manager_ref END,
         manager_ref_kind = CASE WHEN s.manager_given THEN s.manager_kind ELSE es.manager_ref_kind END,
         last_seen_at = now(), unlisted = false, updated_at = CASE WHEN ${differs} THEN now() ELSE es.updated_at END
       FROM sync_stage_users s
       WHERE ${live} AND s.source_id = es.id${scope.mode === 'full' ? ` AND ${differs}` : ''}`,
        [job],
      );
    const { sharedUpdated, usersLinked, shared: sharedPeople, held } = staged;
    const usersUpdated = directlyUpdated + sharedUpdated;
    const otherColumns = RESOLVED_USER_COLUMNS.filter(
      (column) => !['email', 'display_name', 'status', 'custom_attributes'].includes(column),
    );
    // New people, each with the id staging gave them, and (when the manager is another record of
    // this source, new or not) their manager at once.
    const [inserted]: { created: number; withManager: number; ids: string[] | null }[] =
      staged.created === 0
        ? [{ created: 0, withManager: 0, ids: [] }]
        : await q(
            `WITH created AS (
         INSERT INTO employees (id, org_id, connection_id, source, external_id, source_hash, synced_at, manager_ref, manager_ref_kind,
           manager_id, email, display_name, status, custom_attributes, ${otherColumns.join(', ')})
         SELECT s.new_id, $4, $2, $3, s.external_id, s.hash, now(), s.manager_value, s.manager_kind,
           CASE WHEN s.manager_kind = 'externalId' THEN coalesce(ms.target_id, ms.new_id, me.employee_id) END,
           r.email,
           coalesce(r.display_name, nullif(btrim(concat_ws(' ', coalesce(r.preferred_name, r.first_name), r.last_name)), ''),
             r.email, r.username, s.external_id),
           coalesce(r.status, 'active'), jsonb_strip_nulls(coalesce(r.custom_attributes, '{}'::jsonb)),
           ${otherColumns.map((column) => `r.${column}`).join(', ')}
         FROM sync_stage_users s CROSS JOIN LATERAL jsonb_populate_record(NULL::employees, s.data) r
         LEFT JOIN sync_stage_users ms ON s.manager_kind = 'externalId' AND ms.job_id = $1 AND ms.external_id = s.manager_value
           AND ms.error IS NULL AND NOT ms.removed AND ms.external_id <> s.external_id
         LEFT JOIN employee_sources me ON s.manager_kind = 'externalId' AND me.connection_id = $2 AND me.external_id = s.manager_value
         WHERE s.job_id = $1 AND s.error IS NULL AND NOT s.removed AND s.target_id IS NULL
         RETURNING id, manager_id)
       SELECT count(*)::int AS created, count(manager_id)::int AS "withManager", ${listedIds('manager_id IS NOT NULL')} AS ids
       FROM created`,
            [job, conn, scope.source, scope.orgId],
          );
    const usersCreated = inserted.created;
    // Records of new people and of people just linked.
    if (staged.recorded > 0)
      await q(
        `INSERT INTO employee_sources (org_id, employee_id, connection_id, source, external_id, data, hash, manager_ref, manager_ref_kind)
       SELECT $4, coalesce(s.target_id, s.new_id), $2, $3, s.external_id, s.data, s.hash, s.manager_value, s.manager_kind
       FROM sync_stage_users s WHERE ${live} AND s.source_id IS NULL`,
        [job, conn, scope.source, scope.orgId],
      );
    // Many new rows make the tables' statistics stale for the joins below (ANALYZE sees this
    // transaction's rows). Only the columns they join on: the whole table's (name-word and
    // trigram expressions included) would take three times as long.
    if (usersCreated > 1000) {
      await q(
        `ANALYZE employees (id, org_id, connection_id, external_id, manager_id, manager_ref, manager_ref_kind, email, employee_number, deprovisioned_at)`,
      );
      await q(`ANALYZE employee_sources (id, employee_id, connection_id, external_id)`);
    }
    // People other sources describe too: recomputed from all their records by field authority.
    const resolved =
      sharedPeople === 0
        ? { changed: 0, cycles: [] }
        : await resolvePeople(
            manager,
            `SELECT DISTINCT s.target_id AS id FROM sync_stage_users s JOIN employees e ON e.id = s.target_id
       WHERE ${live} AND NOT s.single
         AND (s.source_id IS NULL OR s.prev_hash IS DISTINCT FROM s.hash OR e.deprovisioned_at IS NOT NULL)`,
            [job],
            { reactivate: true },
          );

    // Conflicts wait for an admin (a later sync refreshes what the source says).
    const [{ count: usersConflicts }] =
      held === 0
        ? [{ count: 0 }]
        : await q(
            `WITH held AS (
         INSERT INTO identity_conflicts (org_id, connection_id, external_id, candidate_ids, data, manager_ref, manager_ref_kind, hash, reason)
         SELECT $3, $2, s.external_id, s.candidates, s.data, s.manager_value, s.manager_kind, s.hash, 'AMBIGUOUS_MATCH'
         FROM sync_stage_users s WHERE s.job_id = $1 AND s.candidates IS NOT NULL
         ON CONFLICT (connection_id, external_id) WHERE status = 'open' DO UPDATE SET candidate_ids = EXCLUDED.candidate_ids,
           data = EXCLUDED.data, manager_ref = EXCLUDED.manager_ref, manager_ref_kind = EXCLUDED.manager_ref_kind,
           hash = EXCLUDED.hash, updated_at = now()
         RETURNING 1)
       SELECT count(*)::int AS count FROM held`,
            [job, conn, scope.orgId],
          );

    // Removals: what a full sync no longer sees, or what an incremental one reports removed. A
    // person other sources (or an admin) describe too only loses this connection's record and
    // memberships; the connection's policy applies to people it alone describes.
    const gone = `es.connection_id = $2 AND ${goneFromSource(scope.mode, 'sync_stage_users', 'es')}`;
    // An incremental batch that reports nobody removed removes nobody.
    const removes = scope.mode === 'full' || staged.removed > 0;
    const [unlinked]: { count: number; ids: string[] | null }[] = !removes
      ? [{ count: 0, ids: null }]
      : await q(
          `WITH dropped AS (
         DELETE FROM employee_sources es WHERE ${gone} AND ${shared('es')} RETURNING es.employee_id),
       memberships AS (
         DELETE FROM group_members gm USING dropped d, directory_groups g
         WHERE gm.employee_id = d.employee_id AND g.id = gm.group_id AND g.connection_id = $2 RETURNING 1)
       SELECT count(*)::int AS count, array_agg(employee_id) AS ids, (SELECT count(*) FROM memberships) AS memberships
       FROM dropped`,
          [job, conn],
        );
    const usersUnlinked = unlinked.count;
    if (unlinked.ids)
      await resolvePeople(manager, `SELECT unnest($1::uuid[]) AS id`, [unlinked.ids], { reactivate: false });
    const removalWhere = `${gone} AND e.id = es.employee_id AND ($3 = 'delete' OR e.deprovisioned_at IS NULL)
      AND NOT ${shared('es')}`;
    const removalParams = [job, conn, scope.deletionPolicy];
    let usersDisabled = 0;
    let usersDeleted = 0;
    if (!removes) {
      // Nothing to disable or delete.
    } else if (scope.deletionPolicy === 'delete') {
      usersDeleted = await count(
        `DELETE FROM employees e USING employee_sources es WHERE ${removalWhere} RETURNING e.id`,
        removalParams,
      );
    } else {
      // The record stays (the person may come back); its last listing is kept apart from the
      // connection's full listings, which no longer include it.
      const [{ count: disabled }]: { count: number }[] = await q(
        `WITH disabled AS (
           UPDATE employees e SET status = 'terminated', termination_date = coalesce(e.termination_date, current_date),
             deprovisioned_at = now(), updated_at = now()
           FROM employee_sources es WHERE ${removalWhere} RETURNING es.id AS source_id),
         unlisted AS (
           UPDATE employee_sources x SET unlisted = true,
             last_seen_at = greatest(x.last_seen_at, (SELECT full_listing_at FROM directory_connections WHERE id = $2))
           FROM disabled d WHERE x.id = d.source_id AND NOT x.unlisted RETURNING 1)
         SELECT count(*)::int AS count FROM disabled`,
        removalParams,
      );
      usersDisabled = disabled;
    }

    // Managers, second pass: every reference of the connection, now that everyone exists.
    // Everyone whose manager was set in this sync is checked for reporting cycles below.
    // Their ids, while there are few enough to list (null: too many, the whole connection is checked).
    let managerChanged: string[] | null = inserted.ids;
    let managerChangedCount = inserted.withManager;
    // A full sync looks at every reference; an incremental one only at the people it staged, at
    // references to someone it staged (a manager who arrived later), and at people whose reference
    // found no manager before (their manager was cut out of a cycle, or was missing from a read):
    // their record may be unchanged, and the cycle or the gap gone. A short id list, joined by index
    // (employees_unresolved_manager_idx holds just those people).
    let touched = 'true';
    const managerParams: unknown[] = [conn, scope.orgId];
    // The kinds of reference those people hold: a kind none of them holds has nothing to resolve.
    let kinds: Set<string | null> | null = null;
    if (scope.mode === 'incremental') {
      const ids: { id: string; kind: string | null }[] = await q(
        `SELECT t.id, e.manager_ref_kind AS kind FROM (
           SELECT coalesce(s.target_id, s.new_id) AS id FROM sync_stage_users s
           WHERE s.job_id = $1 AND coalesce(s.target_id, s.new_id) IS NOT NULL
           UNION
           SELECT e.id FROM sync_stage_users s JOIN employees e ON e.connection_id = $2
             AND e.manager_ref IN (s.external_id, s.data->>'email', s.data->>'employee_number')
           WHERE s.job_id = $1
           UNION
           SELECT e.id FROM employees e WHERE e.connection_id = $2 AND ${UNRESOLVED_MANAGER}) t
         JOIN employees e ON e.id = t.id`,
        [job, conn],
      );
      managerParams.push(ids.map((row) => row.id));
      touched = 'e.id = ANY($3::uuid[])';
      kinds = new Set(ids.map((row) => row.kind));
    }
    // An external id names a record of this connection (whoever's person it joined); an e-mail or
    // an employee number names a person of the organization.
    for (const [kind, managers, match] of [
      [
        'externalId',
        `employee_sources m`,
        `m.connection_id = $1 AND m.org_id = $2 AND m.external_id = e.manager_ref`,
      ],
      // The person the e-mail names (one holder, or the one current holder: e-mails may be shared).
      [
        'email',
        `employees m`,
        `m.org_id = $2 AND lower(m.email) = lower(e.manager_ref) AND m.id = ${personByEmailSql('$2', 'e.manager_ref')}`,
      ],
      ['employeeNumber', `employees m`, `m.org_id = $2 AND lower(m.employee_number) = lower(e.manager_ref)`],
    ] as const) {
      if (kinds && !kinds.has(kind)) continue;
      const id = kind === 'externalId' ? 'm.employee_id' : 'm.id';
      const [changed]: { count: number; ids: string[] | null }[] = await q(
        `WITH changed AS (
           UPDATE employees e SET manager_id = ${id}, updated_at = now()
           FROM ${managers}
           WHERE e.connection_id = $1 AND e.manager_ref_kind = '${kind}' AND ${match} AND ${id} <> e.id
             AND e.manager_id IS DISTINCT FROM ${id} AND ${touched}
           RETURNING e.id)
         SELECT count(*)::int AS count, ${listedIds('true')} AS ids FROM changed`,
        managerParams,
      );
      managerChangedCount += changed.count;
      managerChanged =
        managerChanged && changed.ids && managerChanged.length + changed.ids.length <= LISTED_IDS
          ? managerChanged.concat(changed.ids)
          : null;
    }
    await q(
      `UPDATE employees SET manager_id = NULL, updated_at = now()
       WHERE connection_id = $1 AND manager_ref_kind = 'none' AND manager_id IS NOT NULL`,
      [conn],
    );
    if (managerChangedCount > 0) {
      // A reporting cycle is source data we cannot apply: cut it at one member and report it. A
      // cycle goes through someone whose manager was just set: walk up from each of them; or, when
      // that is most of the connection, from those of its people the organization's roots do not
      // reach (walking down from the roots visits everyone once, not once per level).
      const start = managerChanged
        ? `SELECT e.id, e.manager_id, ARRAY[e.id] FROM employees e WHERE e.id = ANY($1::uuid[]) AND e.manager_id IS NOT NULL`
        : `SELECT e.id, e.manager_id, ARRAY[e.id] FROM employees e
           WHERE e.connection_id = $1 AND e.manager_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM reached r WHERE r.id = e.id)`;
      const reached = `reached(id) AS (
           SELECT id FROM employees WHERE org_id = $2 AND manager_id IS NULL
           UNION ALL
           SELECT e.id FROM reached r JOIN employees e ON e.org_id = $2 AND e.manager_id = r.id
         ),`;
      const cycles: { id: string; externalId: string; managerRef: string; gone: boolean }[] = await q(
        `WITH RECURSIVE ${managerChanged ? '' : reached}
         walk(start, next, path) AS (
           ${start}
           UNION ALL
           SELECT w.start, m.manager_id, w.path || m.id FROM walk w JOIN employees m ON m.id = w.next
           WHERE w.next <> w.start AND m.id <> ALL(w.path) AND m.manager_id IS NOT NULL AND cardinality(w.path) < 64
         ),
         cut AS (SELECT DISTINCT ${cycleCutMember('path')} AS id FROM walk WHERE next = start)
         UPDATE employees e SET manager_id = NULL FROM cut WHERE e.id = cut.id
         RETURNING e.id, e.external_id AS "externalId", e.manager_ref AS "managerRef", e.deprovisioned_at IS NOT NULL AS gone`,
        managerChanged ? [managerChanged] : [conn, scope.orgId],
      ).then(
        (result: [{ id: string; externalId: string; managerRef: string; gone: boolean }[], number]) =>
          result[0],
      );
      // A cycle closed by someone the source no longer lists is not the source's: cut, not reported.
      report(
        'MANAGER_CYCLE',
        cycles
          .filter((row) => !row.gone)
          .map((row) => ({
            externalId: row.externalId,
            message: `manager ${row.managerRef} closes a reporting cycle; manager left empty`,
          })),
      );
    }
    report(
      'MANAGER_CYCLE',
      resolved.cycles.map((row) => ({
        externalId: row.externalId,
        message: `manager ${row.managerRef ?? ''} closes a reporting cycle; manager left empty`,
      })),
    );
    const unresolved: { externalId: string; managerRef: string }[] =
      staged.managersGiven === 0
        ? []
        : await q(
            `SELECT e.external_id AS "externalId", e.manager_ref AS "managerRef"
       FROM sync_stage_users s JOIN employees e ON e.connection_id = $2 AND e.external_id = s.external_id
       WHERE s.job_id = $1 AND s.error IS NULL AND NOT s.removed AND s.manager_given AND s.manager_kind <> 'none'
         AND e.manager_id IS NULL AND s.manager_kind <> 'none'
         AND NOT (e.manager_ref_kind = 'externalId' AND e.manager_ref = e.external_id)
       ORDER BY s.seq`,
            [job, conn],
          );
    report(
      'MANAGER_NOT_FOUND',
      unresolved
        .filter(
          (row) =>
            !errors.some((error) => error.code === 'MANAGER_CYCLE' && error.externalId === row.externalId),
        )
        .map((row) => ({
          externalId: row.externalId,
          message: `manager ${row.managerRef} is not in the source`,
        })),
    );

    // Groups.
    let groupsCreated = 0;
    let groupsUpdated = 0;
    let groupsDeleted = 0;
    let groupsSkipped = 0;
    if (scope.includeGroups) {
      const [{ count: skipped }] = await q(
        `SELECT count(*)::int AS count FROM sync_stage_groups s JOIN directory_groups g ON g.id = s.target_id
         WHERE s.job_id = $1 AND s.error IS NULL AND NOT s.removed AND g.source_hash = s.hash`,
        [job],
      );
      groupsSkipped = skipped;
      groupsUpdated = await count(
        `UPDATE directory_groups g SET ${groupAssignments()}, connection_id = $2, source = $3, external_id = s.external_id,
           source_hash = s.hash, synced_at = now(), updated_at = now()
         FROM sync_stage_groups s CROSS JOIN LATERAL jsonb_populate_record(NULL::directory_groups, s.data) r
         WHERE s.job_id = $1 AND s.error IS NULL AND NOT s.removed AND s.target_id = g.id AND g.source_hash IS DISTINCT FROM s.hash
         RETURNING g.id`,
        [job, conn, scope.source],
      );
      groupsCreated = await count(
        `INSERT INTO directory_groups (org_id, connection_id, source, external_id, source_hash, synced_at,
           name, display_name, description, is_security_group, group_type, custom_attributes)
         SELECT $4, $2, $3, s.external_id, s.hash, now(), coalesce(r.name, s.external_id), r.display_name, r.description,
           coalesce(r.is_security_group, false), coalesce(r.group_type, 'group'), jsonb_strip_nulls(coalesce(r.custom_attributes, '{}'::jsonb))
         FROM sync_stage_groups s CROSS JOIN LATERAL jsonb_populate_record(NULL::directory_groups, s.data) r
         WHERE s.job_id = $1 AND s.error IS NULL AND NOT s.removed AND s.target_id IS NULL
         RETURNING id`,
        [job, conn, scope.source, scope.orgId],
      );
      groupsDeleted = await count(
        `DELETE FROM directory_groups g WHERE g.connection_id = $2
           AND ${goneFromSource(scope.mode, 'sync_stage_groups', 'g')}
         RETURNING g.id`,
        [job, conn],
      );
    }
    if (groupsCreated > 100) await q(`ANALYZE directory_groups`);
    // Memberships come from staged groups, staged members and people's staged groups only.
    const memberships =
      staged.groups + staged.members + staged.withGroups === 0
        ? { added: 0, removed: 0 }
        : await this.applyMemberships(manager, scope);
    if (memberships.added > 0) {
      const cuts = await cutGroupCycles(manager, conn);
      report('GROUP_CYCLE', cuts);
      memberships.added -= cuts.length;
    }

    // Every record of the connection a full sync keeps was in its listing (the rest were removed or
    // marked unlisted above): one row says so for all of them.
    if (scope.mode === 'full')
      await q(`UPDATE directory_connections SET full_listing_at = now() WHERE id = $1`, [conn]);
    const [{ count: userCount }]: { count: number | null }[] =
      scope.countHeld === false ? [{ count: null }] : await q(HELD_SQL, [conn]);
    const { users: stagedUsers, groups: stagedGroups, userErrors, groupErrors } = staged;
    return {
      stats: {
        usersCreated,
        usersUpdated,
        usersDisabled,
        usersDeleted,
        usersSkipped,
        usersLinked,
        usersUnlinked,
        usersConflicts,
        usersErrors: userErrors,
        groupsCreated,
        groupsUpdated,
        groupsDeleted,
        groupsSkipped,
        groupsErrors: groupErrors,
        membershipsAdded: memberships.added,
        membershipsRemoved: memberships.removed,
        totalProcessed: stagedUsers + stagedGroups,
      },
      errors,
      errorCount,
      sample,
      userCount,
    };
  }

  /**
   * Memberships by difference. A group that lists its members, or a person that lists their groups,
   * states a complete set: stored pairs outside it are removed. Incremental changes add and remove
   * single pairs. Group-in-group edges follow the same rules (members of type group, or parents).
   */
  private async applyMemberships(
    manager: EntityManager,
    scope: ReconcileScope,
  ): Promise<{ added: number; removed: number }> {
    const params = [scope.jobId, scope.connectionId, scope.orgId];
    const query = tracedQuery(manager);
    const [[people]] = await query(
      `WITH pairs AS (
         SELECT group_external_id AS gx, member_external_id AS ux, op FROM sync_stage_members
         WHERE job_id = $1 AND member_type = 'user'
         UNION ALL
         SELECT unnest(group_ids), external_id, 'set' FROM sync_stage_users
         WHERE job_id = $1 AND error IS NULL AND NOT removed AND group_ids IS NOT NULL
       ),
       resolved AS (
         SELECT g.id AS group_id, e.employee_id, p.op, ${goneFromSource(scope.mode, 'sync_stage_users', 'e')} AS gone
         FROM pairs p
         JOIN directory_groups g ON g.connection_id = $2 AND g.external_id = p.gx
         JOIN employee_sources e ON e.connection_id = $2 AND e.external_id = p.ux
       ),
       -- A person the source no longer has (unlisted by a full read, or reported removed; a record
       -- rejected when read is held, i.e. listed) is removed above; a group that still names them
       -- does not keep them in.
       desired AS (SELECT DISTINCT group_id, employee_id FROM resolved WHERE op IN ('set', 'add') AND NOT gone),
       scoped_groups AS (
         SELECT g.id FROM sync_stage_groups s JOIN directory_groups g ON g.connection_id = $2 AND g.external_id = s.external_id
         WHERE s.job_id = $1 AND s.members_complete AND s.error IS NULL AND NOT s.removed
       ),
       scoped_people AS (
         SELECT e.employee_id AS id FROM sync_stage_users s JOIN employee_sources e ON e.connection_id = $2 AND e.external_id = s.external_id
         WHERE s.job_id = $1 AND s.group_ids IS NOT NULL AND s.error IS NULL AND NOT s.removed
       ),
       -- Pairs in scope of a complete list (a group's members, a person's groups)…
       in_scope AS (
         SELECT gm.group_id, gm.employee_id FROM group_members gm JOIN scoped_groups s ON s.id = gm.group_id
         UNION
         SELECT gm.group_id, gm.employee_id FROM group_members gm
         JOIN scoped_people p ON p.id = gm.employee_id
         JOIN directory_groups g ON g.id = gm.group_id AND g.connection_id = $2
       ),
       -- …that the list no longer has, plus explicit removals: set operations, linear in the rows.
       to_remove AS (
         (SELECT group_id, employee_id FROM in_scope EXCEPT SELECT group_id, employee_id FROM desired)
         UNION
         SELECT group_id, employee_id FROM resolved WHERE op = 'remove'
       ),
       removed AS (
         DELETE FROM group_members gm USING to_remove r
         WHERE gm.org_id = $3 AND gm.group_id = r.group_id AND gm.employee_id = r.employee_id
         RETURNING 1
       ),
       -- In key order: neighbouring rows share index pages (a third faster than in hash order).
       added AS (
         INSERT INTO group_members (org_id, group_id, employee_id)
         SELECT $3, group_id, employee_id FROM desired ORDER BY group_id, employee_id ON CONFLICT DO NOTHING RETURNING 1
       )
       SELECT (SELECT count(*)::int FROM added) AS added, (SELECT count(*)::int FROM removed) AS removed`,
      params,
    ).then((rows: { added: number; removed: number }[]) => [rows]);
    const [[nesting]] = await query(
      `WITH edges AS (
         SELECT group_external_id AS px, member_external_id AS cx, op FROM sync_stage_members
         WHERE job_id = $1 AND member_type = 'group'
         UNION ALL
         SELECT unnest(parent_ids), external_id, 'set' FROM sync_stage_groups
         WHERE job_id = $1 AND error IS NULL AND NOT removed AND parent_ids IS NOT NULL
       ),
       resolved AS (
         SELECT p.id AS parent_id, c.id AS child_id, e.op FROM edges e
         JOIN directory_groups p ON p.connection_id = $2 AND p.external_id = e.px
         JOIN directory_groups c ON c.connection_id = $2 AND c.external_id = e.cx
         WHERE p.id <> c.id
       ),
       desired AS (SELECT DISTINCT parent_id, child_id FROM resolved WHERE op IN ('set', 'add')),
       scoped_parents AS (
         SELECT g.id FROM sync_stage_groups s JOIN directory_groups g ON g.connection_id = $2 AND g.external_id = s.external_id
         WHERE s.job_id = $1 AND s.members_complete AND s.error IS NULL AND NOT s.removed
       ),
       scoped_children AS (
         SELECT g.id FROM sync_stage_groups s JOIN directory_groups g ON g.connection_id = $2 AND g.external_id = s.external_id
         WHERE s.job_id = $1 AND s.parent_ids IS NOT NULL AND s.error IS NULL AND NOT s.removed
       ),
       in_scope AS (
         SELECT n.parent_group_id AS parent_id, n.child_group_id AS child_id FROM group_nesting n
         JOIN scoped_parents p ON p.id = n.parent_group_id
         UNION
         SELECT n.parent_group_id, n.child_group_id FROM group_nesting n JOIN scoped_children c ON c.id = n.child_group_id
       ),
       to_remove AS (
         (SELECT parent_id, child_id FROM in_scope EXCEPT SELECT parent_id, child_id FROM desired)
         UNION
         SELECT parent_id, child_id FROM resolved WHERE op = 'remove'
       ),
       removed AS (
         DELETE FROM group_nesting n USING to_remove r
         WHERE n.org_id = $3 AND n.parent_group_id = r.parent_id AND n.child_group_id = r.child_id
         RETURNING 1
       ),
       added AS (
         INSERT INTO group_nesting (org_id, parent_group_id, child_group_id)
         SELECT $3, parent_id, child_id FROM desired ON CONFLICT DO NOTHING RETURNING 1
       )
       SELECT (SELECT count(*)::int FROM added) AS added, (SELECT count(*)::int FROM removed) AS removed`,
      params,
    ).then((rows: { added: number; removed: number }[]) => [rows]);
    return { added: people.added + nesting.added, removed: people.removed + nesting.removed };
  }

  /** A few of the changes a preview would make, with the fields that would change. */
  private async sampleChanges(manager: EntityManager, scope: ReconcileScope): Promise<ChangeSample[]> {
    const rows: ChangeSample[] = await manager.query(
      `(SELECT 'create' AS kind, s.external_id AS "externalId", s.data->>'email' AS email, s.data->>'display_name' AS "displayName",
          NULL::text[] AS fields
        FROM sync_stage_users s WHERE s.job_id = $1 AND s.error IS NULL AND NOT s.removed AND s.target_id IS NULL
        ORDER BY s.seq LIMIT ${SAMPLE_SIZE})
       UNION ALL
       (SELECT 'update', s.external_id, e.email, e.display_name,
          ARRAY(SELECT k FROM jsonb_each(s.data) kv(k, v) WHERE to_jsonb(e) -> k IS DISTINCT FROM v ORDER BY k)
        FROM sync_stage_users s JOIN employees e ON e.id = s.target_id
        WHERE s.job_id = $1 AND s.error IS NULL AND NOT s.removed AND s.prev_hash IS DISTINCT FROM s.hash
        ORDER BY s.seq LIMIT ${SAMPLE_SIZE})
       UNION ALL
       (SELECT CASE WHEN $3 = 'delete' THEN 'delete' ELSE 'disable' END, es.external_id, e.email, e.display_name, NULL
        FROM employee_sources es JOIN employees e ON e.id = es.employee_id
        WHERE es.connection_id = $2 AND ($3 = 'delete' OR e.deprovisioned_at IS NULL)
          AND ${goneFromSource(scope.mode, 'sync_stage_users', 'es')}
        ORDER BY e.display_name LIMIT ${SAMPLE_SIZE})`,
      [scope.jobId, scope.connectionId, scope.deletionPolicy],
    );
    return rows.map((row) => (row.fields ? row : { ...row, fields: undefined }));
  }
}

/**
 * A person (`e`) whose manager reference names someone but who has no manager: the reference found
 * nobody, or the manager was cut out of a reporting cycle. The predicate of the partial index
 * employees_unresolved_manager_idx (migration 1733850000000), so that finding them reads only them.
 */
const UNRESOLVED_MANAGER = `e.manager_id IS NULL AND e.manager_ref_kind IN ('externalId', 'email', 'employeeNumber')`;

/**
 * People the connection holds: its records the source still lists. $1 is the connection. A record
 * is unlisted exactly when the connection's removal disabled its person (see the disable statement),
 * so this is the count of its records of people not deprovisioned without reading employees (one
 * table instead of a join of the connection's records with their people: 2 of them per incremental
 * sync and SCIM write).
 */
const HELD_SQL = `SELECT count(*)::int AS count FROM employee_sources WHERE connection_id = $1 AND NOT unlisted`;

/** The person of source record `alias` has records of other sources (or a MANUAL one). */
function shared(alias: string): string {
  return `EXISTS (SELECT 1 FROM employee_sources o WHERE o.employee_id = ${alias}.employee_id AND o.id <> ${alias}.id)`;
}

/** The person `alias` has no record of the connection being reconciled ($3 of the match statement). */
function notDescribedBy(alias: string): string {
  return `NOT EXISTS (SELECT 1 FROM employee_sources d WHERE d.employee_id = ${alias}.id AND d.connection_id = $3)`;
}

/** Secondary e-mails a record gives (custom attributes `emails`, `proxyAddresses`) as a jsonb array. */
const SECONDARY_EMAILS = `(CASE WHEN jsonb_typeof(s.data->'custom_attributes'->'emails') = 'array'
    THEN s.data->'custom_attributes'->'emails' ELSE '[]'::jsonb END
  || CASE WHEN jsonb_typeof(s.data->'custom_attributes'->'proxyAddresses') = 'array'
    THEN s.data->'custom_attributes'->'proxyAddresses' ELSE '[]'::jsonb END)`;

/**
 * Rows of the connection the source no longer has: for a full sync, those it did not list (an
 * anti-join); for an incremental one, those it reported removed. Built per mode rather than with
 * a CASE, which would keep Postgres from planning either as a join. $1 is the job id.
 */
function goneFromSource(
  mode: ReconcileScope['mode'],
  stage: 'sync_stage_users' | 'sync_stage_groups',
  alias: string,
): string {
  return mode === 'full'
    ? `NOT EXISTS (SELECT 1 FROM ${stage} s WHERE s.job_id = $1 AND s.external_id = ${alias}.external_id AND NOT s.removed)`
    : `${alias}.external_id IN (SELECT external_id FROM ${stage} WHERE job_id = $1 AND removed)`;
}

/** The `id`s of the rows matching `filter` as text[], or null when there are more than LISTED_IDS. */
function listedIds(filter: string): string {
  return `CASE WHEN count(*) FILTER (WHERE ${filter}) <= ${LISTED_IDS}
    THEN coalesce(array_agg(id::text) FILTER (WHERE ${filter}), '{}') END`;
}

/** Runs statements on the transaction; with SYNC_TRACE_SQL=1 and LOG_LEVEL=debug each one's time is logged. */
function tracedQuery(manager: EntityManager) {
  const trace = process.env.SYNC_TRACE_SQL === '1';
  return async (text: string, params: unknown[] = []) => {
    if (!trace) return manager.query(text, params);
    const start = process.hrtime.bigint();
    try {
      return await manager.query(text, params);
    } finally {
      const ms = Number(process.hrtime.bigint() - start) / 1e6;
      // The statement's text only (our own SQL, no parameters): it says which step took the time.
      logger.debug(
        { ms: Math.round(ms), statement: text.replace(/\s+/g, ' ').trim().slice(0, 110) },
        'sync sql',
      );
    }
  };
}

/** Columns a record writes: what sources send, and the user id some connections derive. */
const RESOLVED_USER_COLUMNS = [...SOURCE_USER_COLUMNS, 'user_id'];

/** A record's data merged with what the source says now: keys not sent keep their value, custom attributes merge by key. */
function mergedData(before: string, now: string): string {
  return `CASE WHEN ${now} ? 'custom_attributes' AND ${before} ? 'custom_attributes'
    THEN ${before} || ${now} || jsonb_build_object('custom_attributes',
      jsonb_strip_nulls((${before}->'custom_attributes') || (${now}->'custom_attributes')))
    ELSE ${before} || ${now} END`;
}

/** SET list for people: a column the source did not send keeps its value. */
function userAssignments(): string {
  return RESOLVED_USER_COLUMNS.map((column) => {
    if (column === 'custom_attributes') {
      return `custom_attributes = CASE WHEN s.data ? 'custom_attributes'
        THEN jsonb_strip_nulls(e.custom_attributes || coalesce(r.custom_attributes, '{}'::jsonb)) ELSE e.custom_attributes END`;
    }
    if (column === 'status') {
      return `status = CASE WHEN s.data ? 'status' THEN r.status WHEN e.deprovisioned_at IS NOT NULL THEN 'active' ELSE e.status END`;
    }
    if (column === 'display_name') {
      return `${column} = CASE WHEN s.data ? '${column}' AND r.${column} IS NOT NULL THEN r.${column} ELSE e.${column} END`;
    }
    return `${column} = CASE WHEN s.data ? '${column}' THEN r.${column} ELSE e.${column} END`;
  }).join(',\n         ');
}

function groupAssignments(): string {
  return SOURCE_GROUP_COLUMNS.map((column) => {
    if (column === 'custom_attributes') {
      return `custom_attributes = CASE WHEN s.data ? 'custom_attributes'
        THEN jsonb_strip_nulls(g.custom_attributes || coalesce(r.custom_attributes, '{}'::jsonb)) ELSE g.custom_attributes END`;
    }
    if (column === 'name')
      return `name = CASE WHEN s.data ? 'name' AND r.name IS NOT NULL THEN r.name ELSE g.name END`;
    return `${column} = CASE WHEN s.data ? '${column}' THEN r.${column} ELSE g.${column} END`;
  }).join(',\n         ');
}
