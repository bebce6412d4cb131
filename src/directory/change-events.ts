import { EntityManager } from 'typeorm';
import { Sql } from './sql';

/**
 * Where a transaction's changes come from. The database writes the events itself (triggers on
 * employees, directory_groups and group_members; see migration 1733810000000); a write path only
 * says who it is, for the rest of its transaction. Without it, events are SYSTEM.
 */
export type ChangeOrigin = 'SYNC' | 'SCIM' | 'MANUAL' | 'SYSTEM';

export const CHANGE_EVENT_TYPES = [
  'EMPLOYEE_CREATED',
  'EMPLOYEE_UPDATED',
  'EMPLOYEE_MANAGER_CHANGED',
  'EMPLOYEE_DEPARTMENT_CHANGED',
  'EMPLOYEE_STATUS_CHANGED',
  'EMPLOYEE_DELETED',
  'GROUP_CREATED',
  'GROUP_UPDATED',
  'GROUP_DELETED',
  'MEMBER_ADDED',
  'MEMBER_REMOVED',
] as const;
export type ChangeEventKind = (typeof CHANGE_EVENT_TYPES)[number];

/** Tags the events of the caller's open transaction (transaction-local settings). */
export async function setChangeOrigin(
  manager: EntityManager,
  origin: ChangeOrigin,
  source: { connectionId?: string | null; syncJobId?: string | null } = {},
): Promise<void> {
  await manager.query(
    `SELECT set_config('hrdir.origin', $1, true), set_config('hrdir.connection_id', $2, true),
       set_config('hrdir.sync_job_id', $3, true)`,
    [origin, source.connectionId ?? '', source.syncJobId ?? ''],
  );
}

/** One stored event. `seq` is a decimal string (a bigint). */
export interface ChangeEventRecord {
  orgId: string;
  seq: string;
  id: string;
  type: ChangeEventKind;
  occurredAt: Date;
  origin: ChangeOrigin;
  connectionId: string | null;
  syncJobId: string | null;
  entityType: 'EMPLOYEE' | 'GROUP' | 'MEMBERSHIP';
  entityId: string;
  subjectId: string | null;
  idempotencyKey: string;
  data: Record<string, unknown>;
}

/** The cursor points before the oldest event still kept: the consumer must re-read the directory. */
export class CursorExpiredError extends Error {
  override name = 'CursorExpiredError';
  constructor(readonly oldestSeq: string | null) {
    super(
      'this cursor is older than the change events kept (CHANGE_EVENT_RETENTION_DAYS): re-read the directory, then follow the events from a fresh cursor',
    );
  }
}

// seq is returned as text: ORDER BY must name change_events.seq, or it sorts the text ("10" < "2").
// The idempotency key is `<org id>:<seq>`: unique because the primary key is, so not stored.
const COLUMNS = `org_id AS "orgId", seq::text AS seq, id, type, occurred_at AS "occurredAt", origin,
  connection_id AS "connectionId", sync_job_id AS "syncJobId", entity_type AS "entityType",
  entity_id AS "entityId", subject_id AS "subjectId", org_id || ':' || seq AS "idempotencyKey", data`;

/** Reads of the outbox: replay after a sequence number, the head, and pruning past retention. */
export class ChangeEventStore {
  constructor(private readonly sql: Sql) {}

  /**
   * Events after `afterSeq`, in sequence order, at most `limit` (+1 to tell whether more follow),
   * optionally of some types. Throws CursorExpiredError when events after `afterSeq` were pruned.
   */
  async after(
    orgId: string,
    /** null: from the oldest event kept. */
    afterSeq: string | null,
    limit: number,
    types: readonly ChangeEventKind[] | null,
  ): Promise<ChangeEventRecord[]> {
    if (afterSeq === null) afterSeq = '0';
    else await this.assertKept(orgId, afterSeq);
    return this.sql.rows<ChangeEventRecord>(
      `SELECT ${COLUMNS} FROM change_events
       WHERE org_id = $1 AND seq > $2::bigint AND ($3::text[] IS NULL OR type = ANY($3::text[]))
       ORDER BY change_events.seq LIMIT $4`,
      [orgId, afterSeq, types && types.length > 0 ? types : null, limit],
    );
  }

  /** Throws CursorExpiredError when some event after `afterSeq` was pruned. */
  async assertKept(orgId: string, afterSeq: string): Promise<void> {
    const [head] = await this.sql.rows<{ oldest: string | null; last: string }>(
      `SELECT (SELECT min(seq)::text FROM change_events WHERE org_id = $1) AS oldest,
         coalesce((SELECT last_seq FROM org_event_counters WHERE org_id = $1), 0)::text AS last`,
      [orgId],
    );
    // Gapless numbering: the events after the cursor are all there iff the next one is, or none was written.
    const next = BigInt(afterSeq) + 1n;
    const expired = head.oldest === null ? BigInt(head.last) >= next : BigInt(head.oldest) > next;
    if (expired) throw new CursorExpiredError(head.oldest);
  }

  /**
   * Events with seq in (afterSeq, min(afterSeq + window, headSeq)], of the given types; `until` is
   * that upper bound: sequence numbers are gapless, so the next window starts there whatever the
   * type filter skipped.
   */
  async between(
    orgId: string,
    afterSeq: string,
    headSeq: string,
    window: number,
    types: readonly ChangeEventKind[] | null,
  ): Promise<{ events: ChangeEventRecord[]; until: string }> {
    const end = BigInt(afterSeq) + BigInt(window);
    const until = (end < BigInt(headSeq) ? end : BigInt(headSeq)).toString();
    const events = await this.sql.rows<ChangeEventRecord>(
      `SELECT ${COLUMNS} FROM change_events
       WHERE org_id = $1 AND seq > $2::bigint AND seq <= $3::bigint AND ($4::text[] IS NULL OR type = ANY($4::text[]))
       ORDER BY change_events.seq`,
      [orgId, afterSeq, until, types && types.length > 0 ? types : null],
    );
    return { events, until };
  }

  /** The organization's last sequence number ("0" before any event): where a live stream starts. */
  async lastSeq(orgId: string): Promise<string> {
    const [row] = await this.sql.rows<{ last: string }>(
      `SELECT coalesce((SELECT last_seq FROM org_event_counters WHERE org_id = $1), 0)::text AS last`,
      [orgId],
    );
    return row.last;
  }

  /**
   * Deletes events older than `retentionDays`, at most `batch` per organization per statement (no
   * long lock on a table writers append to). occurred_at is taken under the organization's counter
   * lock, so it grows with seq: each organization's oldest events are read by the primary key, and
   * what goes is the run of them older than the retention, always a prefix of its sequence (a
   * cursor is never left with a hole after it).
   */
  async prune(retentionDays: number, batch = 5_000): Promise<number> {
    let total = 0;
    for (;;) {
      const [{ count }] = await this.sql.rows<{ count: number }>(
        `WITH cut AS (
           SELECT o.org_id, (
             SELECT coalesce(min(h.seq) FILTER (WHERE h.occurred_at >= now() - make_interval(days => $1)), max(h.seq) + 1)
             FROM (SELECT seq, occurred_at FROM change_events c WHERE c.org_id = o.org_id ORDER BY seq LIMIT $2) h
           ) AS below
           FROM org_event_counters o
           WHERE (SELECT occurred_at FROM change_events c WHERE c.org_id = o.org_id ORDER BY seq LIMIT 1)
             < now() - make_interval(days => $1)),
         gone AS (
           DELETE FROM change_events c USING cut WHERE c.org_id = cut.org_id AND c.seq < cut.below
           RETURNING 1)
         SELECT count(*)::int AS count FROM gone`,
        [retentionDays, batch],
      );
      total += count;
      if (count === 0) return total;
    }
  }
}
