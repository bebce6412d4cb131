import { DataSource } from 'typeorm';

export interface StoredEvent {
  seq: string;
  type: string;
  origin: string;
  connection_id: string | null;
  sync_job_id: string | null;
  entity_type: string;
  entity_id: string;
  subject_id: string | null;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  data: any;
}

/** An organization's events as stored, in sequence order. */
export function eventsOf(dataSource: DataSource, orgId: string, afterSeq = 0): Promise<StoredEvent[]> {
  return dataSource.query(
    `SELECT seq::text, type, origin, connection_id, sync_job_id, entity_type, entity_id, subject_id, data
     FROM change_events c WHERE org_id = $1 AND c.seq > $2 ORDER BY c.seq`,
    [orgId, afterSeq],
  );
}

/** The organization's last sequence number (0 before any event). */
export async function lastSeq(dataSource: DataSource, orgId: string): Promise<number> {
  const [row] = await dataSource.query(`SELECT last_seq FROM org_event_counters WHERE org_id = $1`, [orgId]);
  return row ? Number(row.last_seq) : 0;
}

/** Counts of events by type and entity: "exactly one per entity and kind" fails on a value above 1. */
export function countsByEntity(events: StoredEvent[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const event of events) {
    const key = `${event.type}:${event.entity_id}:${event.subject_id ?? ''}`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return counts;
}
