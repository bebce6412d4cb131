import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The change-event outbox. Every change to a person, a group or a direct membership is written
 * here in the transaction that makes it, so an event exists exactly when its change committed.
 * `seq` is gapless and ordered per organization: a writer takes the organization's counter row
 * (org_event_counters) for the rest of its transaction, so sequence order is commit order and a
 * consumer reading "after seq N" can never miss an event that commits later with a smaller number.
 */
export class ChangeEvents1733800000000 implements MigrationInterface {
  name = 'ChangeEvents1733800000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE org_event_counters (
        org_id uuid PRIMARY KEY REFERENCES organizations(id) ON DELETE CASCADE,
        last_seq bigint NOT NULL DEFAULT 0
      )`);
    await queryRunner.query(`
      CREATE TABLE change_events (
        org_id uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
        seq bigint NOT NULL,
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        type text NOT NULL,
        occurred_at timestamptz NOT NULL DEFAULT now(),
        -- where the change came from: SYNC (with connection and job), SCIM (with connection),
        -- MANUAL (an admin's edit through the graph) or SYSTEM (sweeps, identity resolution)
        origin text NOT NULL CHECK (origin IN ('SYNC', 'SCIM', 'MANUAL', 'SYSTEM')),
        connection_id uuid,
        sync_job_id uuid,
        entity_type text NOT NULL CHECK (entity_type IN ('EMPLOYEE', 'GROUP', 'MEMBERSHIP')),
        -- the person or group changed; for a membership, the group
        entity_id uuid NOT NULL,
        -- for a membership, the person added or removed
        subject_id uuid,
        idempotency_key text NOT NULL UNIQUE,
        data jsonb NOT NULL DEFAULT '{}',
        PRIMARY KEY (org_id, seq)
      )`);
    await queryRunner.query(`CREATE INDEX change_events_occurred_idx ON change_events (occurred_at)`);
    await queryRunner.query(
      `CREATE INDEX change_events_entity_idx ON change_events (org_id, entity_id, seq)`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE change_events`);
    await queryRunner.query(`DROP TABLE org_event_counters`);
  }
}
