import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';

export interface ChangeEventInput {
  type: string;
  entityType?: 'EMPLOYEE' | 'GROUP' | 'MEMBERSHIP';
  entityId?: string;
  subjectId?: string | null;
  origin?: 'SYNC' | 'SCIM' | 'MANUAL' | 'SYSTEM';
  connectionId?: string | null;
  syncJobId?: string | null;
  data?: Record<string, unknown>;
}

export interface WrittenChangeEvent {
  id: string;
  seq: number;
  type: string;
  entityId: string;
}

/**
 * Writes change events the way a writer does (see the change-events migration): in one
 * transaction that takes the organization's counter row and gives each event the next seq.
 */
export async function writeChangeEvents(
  dataSource: DataSource,
  orgId: string,
  events: readonly ChangeEventInput[],
): Promise<WrittenChangeEvent[]> {
  return dataSource.transaction(async (manager) => {
    const written: WrittenChangeEvent[] = [];
    for (const event of events) {
      const [{ seq }] = (await manager.query(
        `INSERT INTO org_event_counters (org_id, last_seq) VALUES ($1, 1)
         ON CONFLICT (org_id) DO UPDATE SET last_seq = org_event_counters.last_seq + 1
         RETURNING last_seq::int AS seq`,
        [orgId],
      )) as { seq: number }[];
      const entityId = event.entityId ?? randomUUID();
      const [{ id }] = (await manager.query(
        `INSERT INTO change_events (org_id, seq, type, origin, connection_id, sync_job_id, entity_type,
           entity_id, subject_id, data)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id`,
        [
          orgId,
          seq,
          event.type,
          event.origin ?? 'MANUAL',
          event.connectionId ?? null,
          event.syncJobId ?? null,
          event.entityType ?? 'EMPLOYEE',
          entityId,
          event.subjectId ?? null,
          JSON.stringify(event.data ?? {}),
        ],
      )) as { id: string }[];
      written.push({ id, seq, type: event.type, entityId });
    }
    return written;
  });
}
