import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Signed webhooks. An endpoint reads the organization's change_events after its cursor (the last
 * seq it has taken); each event it takes becomes a delivery, sent in seq order, one at a time per
 * endpoint, retried with backoff; every try is an attempt in the log. A disabled endpoint keeps its
 * cursor, so enabling it again resumes where it stopped.
 */
export class Webhooks1733820000000 implements MigrationInterface {
  name = 'Webhooks1733820000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE webhook_endpoints (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        org_id uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
        url text NOT NULL,
        description text,
        -- the signing secret, sealed like connection settings (AES-256-GCM, bound to the endpoint id)
        secret_encrypted text NOT NULL,
        -- its first characters (whsec_…), to tell secrets apart without showing them
        secret_hint text NOT NULL,
        -- event types sent (a trailing * matches a prefix); empty: every event
        event_types text[] NOT NULL DEFAULT '{}',
        enabled boolean NOT NULL DEFAULT true,
        disabled_reason text,
        disabled_at timestamptz,
        -- the last change_events.seq of the organization this endpoint has taken
        cursor_seq bigint NOT NULL DEFAULT 0,
        -- failed attempts since the last successful one, and when that run began
        consecutive_failures integer NOT NULL DEFAULT 0,
        failing_since timestamptz,
        last_success_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(
      `CREATE INDEX webhook_endpoints_org_idx ON webhook_endpoints (org_id, created_at, id)`,
    );
    await queryRunner.query(`
      CREATE TABLE webhook_deliveries (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        -- the order of the delivery log (newest first)
        number bigint GENERATED ALWAYS AS IDENTITY,
        org_id uuid NOT NULL,
        endpoint_id uuid NOT NULL REFERENCES webhook_endpoints(id) ON DELETE CASCADE,
        -- EVENT: taken by the cursor, sent in seq order; REDELIVERY: an admin's resend, out of order;
        -- PING: a test event with no change behind it
        kind text NOT NULL CHECK (kind IN ('EVENT', 'REDELIVERY', 'PING')),
        event_seq bigint,
        event_id uuid NOT NULL,
        event_type text NOT NULL,
        status text NOT NULL DEFAULT 'PENDING' CHECK (status IN ('PENDING', 'DELIVERED', 'FAILED')),
        -- bumped when an admin sends a delivery again: names a fresh queue entry
        round integer NOT NULL DEFAULT 0,
        attempts integer NOT NULL DEFAULT 0,
        last_status_code integer,
        last_error text,
        created_at timestamptz NOT NULL DEFAULT now(),
        last_attempt_at timestamptz,
        delivered_at timestamptz,
        CHECK ((kind = 'PING') = (event_seq IS NULL)),
        -- an event past its retention takes its deliveries with it
        FOREIGN KEY (org_id, event_seq) REFERENCES change_events (org_id, seq) ON DELETE CASCADE
      )`);
    // The head of an endpoint: its oldest event not yet delivered.
    await queryRunner.query(
      `CREATE INDEX webhook_deliveries_open_idx ON webhook_deliveries (endpoint_id, event_seq)
         WHERE kind = 'EVENT' AND status <> 'DELIVERED'`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX webhook_deliveries_event_idx ON webhook_deliveries (endpoint_id, event_seq)
         WHERE kind = 'EVENT'`,
    );
    await queryRunner.query(
      `CREATE INDEX webhook_deliveries_log_idx ON webhook_deliveries (endpoint_id, number DESC)`,
    );
    await queryRunner.query(
      `CREATE INDEX webhook_deliveries_seq_idx ON webhook_deliveries (org_id, event_seq)`,
    );
    await queryRunner.query(`
      CREATE TABLE webhook_attempts (
        delivery_id uuid NOT NULL REFERENCES webhook_deliveries(id) ON DELETE CASCADE,
        attempt integer NOT NULL,
        at timestamptz NOT NULL DEFAULT now(),
        -- the receiver's HTTP status; null when no answer came
        status_code integer,
        duration_ms integer NOT NULL,
        -- null on success; HTTP_STATUS, TIMEOUT, NETWORK, TLS_UNTRUSTED, TOO_LARGE, REDIRECT,
        -- NOT_HTTPS, DESTINATION_NOT_ALLOWED
        error_class text,
        -- a short machine reason (ECONNREFUSED, CONNECT_TIMEOUT…), never a body or an address
        error_reason text,
        PRIMARY KEY (delivery_id, attempt)
      )`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE webhook_attempts`);
    await queryRunner.query(`DROP TABLE webhook_deliveries`);
    await queryRunner.query(`DROP TABLE webhook_endpoints`);
  }
}
