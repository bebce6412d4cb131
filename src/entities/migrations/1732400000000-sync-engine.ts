import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Connections, sync jobs and the staging tables of the sync pipeline. Employees and groups learn
 * which connection owns them (and a hash of what that source last said, to skip unchanged records).
 */
export class SyncEngine1732400000000 implements MigrationInterface {
  name = 'SyncEngine1732400000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE directory_connections (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        org_id uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
        name text NOT NULL,
        source text NOT NULL,
        status text NOT NULL DEFAULT 'active' CHECK (status IN ('active','error','paused')),
        error_message text,
        -- settings that are not secret, readable back through the graph
        settings jsonb NOT NULL DEFAULT '{}'::jsonb,
        -- the whole configuration, AES-256-GCM, "v1.<key id>.<iv>.<tag>.<ciphertext>"
        config_encrypted text NOT NULL,
        schedule text,
        deletion_policy text NOT NULL DEFAULT 'disable' CHECK (deletion_policy IN ('disable','delete')),
        deletion_threshold_percent numeric(5,2) CHECK (deletion_threshold_percent BETWEEN 0 AND 100),
        deletion_threshold_count integer CHECK (deletion_threshold_count >= 0),
        sync_cursor text,
        last_sync_at timestamptz,
        last_sync_count integer,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (id),
        UNIQUE (org_id, id)
      )`);
    await queryRunner.query(
      `CREATE UNIQUE INDEX connections_org_name_uq ON directory_connections (org_id, lower(name))`,
    );

    for (const table of ['employees', 'directory_groups']) {
      await queryRunner.query(`
        ALTER TABLE ${table}
          ADD COLUMN connection_id uuid,
          ADD COLUMN source_hash text,
          ADD FOREIGN KEY (org_id, connection_id) REFERENCES directory_connections(org_id, id) ON DELETE SET NULL (connection_id)`);
    }
    await queryRunner.query(`
      ALTER TABLE employees
        ADD COLUMN manager_ref_kind text CHECK (manager_ref_kind IN ('externalId','email','employeeNumber','none')),
        ADD COLUMN deprovisioned_at timestamptz`);
    // A source's ids are unique within its connection; rows no connection owns keep (source, external id).
    await queryRunner.query(`DROP INDEX employees_org_source_external_uq`);
    await queryRunner.query(`DROP INDEX groups_org_source_external_uq`);
    await queryRunner.query(
      `CREATE UNIQUE INDEX employees_connection_external_uq ON employees (connection_id, external_id) WHERE connection_id IS NOT NULL`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX employees_unowned_external_uq ON employees (org_id, source, external_id) WHERE connection_id IS NULL AND external_id IS NOT NULL`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX groups_connection_external_uq ON directory_groups (connection_id, external_id) WHERE connection_id IS NOT NULL`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX groups_unowned_external_uq ON directory_groups (org_id, source, external_id) WHERE connection_id IS NULL AND external_id IS NOT NULL`,
    );
    await queryRunner.query(
      `CREATE INDEX employees_manager_ref_idx ON employees (connection_id, manager_ref) WHERE manager_ref IS NOT NULL`,
    );

    await queryRunner.query(`
      CREATE TABLE sync_jobs (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        org_id uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
        connection_id uuid,
        source text NOT NULL,
        sync_type text NOT NULL CHECK (sync_type IN ('full','incremental','manual')),
        preview boolean NOT NULL DEFAULT false,
        include_groups boolean NOT NULL DEFAULT true,
        trigger text NOT NULL DEFAULT 'api',
        status text NOT NULL DEFAULT 'queued'
          CHECK (status IN ('queued','running','completed','failed','cancelled','needs_confirmation')),
        confirmed boolean NOT NULL DEFAULT false,
        queued_at timestamptz NOT NULL DEFAULT now(),
        started_at timestamptz,
        completed_at timestamptz,
        duration_ms integer,
        attempts integer NOT NULL DEFAULT 0,
        runs integer NOT NULL DEFAULT 0,
        progress jsonb NOT NULL DEFAULT '{}'::jsonb,
        stats jsonb NOT NULL DEFAULT '{}'::jsonb,
        errors jsonb NOT NULL DEFAULT '[]'::jsonb,
        error_count integer NOT NULL DEFAULT 0,
        failure_code text,
        failure_message text,
        pending_removals integer,
        changes_sample jsonb,
        payload_id uuid,
        FOREIGN KEY (org_id, connection_id) REFERENCES directory_connections(org_id, id) ON DELETE SET NULL (connection_id)
      )`);
    // Two syncs of one connection never run at once: at most one queued or running job each.
    await queryRunner.query(
      `CREATE UNIQUE INDEX sync_jobs_one_active_uq ON sync_jobs (connection_id) WHERE status IN ('queued','running')`,
    );
    await queryRunner.query(
      `CREATE INDEX sync_jobs_org_queued_idx ON sync_jobs (org_id, queued_at DESC, id)`,
    );
    await queryRunner.query(
      `CREATE INDEX sync_jobs_org_source_idx ON sync_jobs (org_id, source, queued_at DESC)`,
    );

    await queryRunner.query(`
      CREATE TABLE sync_payloads (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        org_id uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
        document jsonb NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);

    // Staging: what a running job read from its source. Unlogged (rebuilt from the source on a re-run).
    await queryRunner.query(`
      CREATE UNLOGGED TABLE sync_stage_users (
        job_id uuid NOT NULL,
        seq bigint NOT NULL,
        external_id text NOT NULL,
        removed boolean NOT NULL DEFAULT false,
        data jsonb NOT NULL DEFAULT '{}'::jsonb,
        hash text,
        manager_given boolean NOT NULL DEFAULT false,
        manager_kind text,
        manager_value text,
        group_ids text[],
        target_id uuid,
        error text,
        PRIMARY KEY (job_id, external_id)
      )`);
    await queryRunner.query(`
      CREATE UNLOGGED TABLE sync_stage_groups (
        job_id uuid NOT NULL,
        seq bigint NOT NULL,
        external_id text NOT NULL,
        removed boolean NOT NULL DEFAULT false,
        data jsonb NOT NULL DEFAULT '{}'::jsonb,
        hash text,
        members_complete boolean NOT NULL DEFAULT false,
        parent_ids text[],
        target_id uuid,
        error text,
        PRIMARY KEY (job_id, external_id)
      )`);
    await queryRunner.query(`
      CREATE UNLOGGED TABLE sync_stage_members (
        job_id uuid NOT NULL,
        group_external_id text NOT NULL,
        member_type text NOT NULL CHECK (member_type IN ('user','group')),
        member_external_id text NOT NULL,
        -- set: part of a complete list; add / remove: a change since the cursor
        op text NOT NULL CHECK (op IN ('set','add','remove'))
      )`);
    await queryRunner.query(
      `CREATE INDEX sync_stage_members_job_idx ON sync_stage_members (job_id, member_type)`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of [
      'sync_stage_members',
      'sync_stage_groups',
      'sync_stage_users',
      'sync_payloads',
      'sync_jobs',
    ]) {
      await queryRunner.query(`DROP TABLE ${table}`);
    }
    await queryRunner.query(`DROP INDEX employees_manager_ref_idx`);
    await queryRunner.query(`DROP INDEX employees_connection_external_uq`);
    await queryRunner.query(`DROP INDEX employees_unowned_external_uq`);
    await queryRunner.query(`DROP INDEX groups_connection_external_uq`);
    await queryRunner.query(`DROP INDEX groups_unowned_external_uq`);
    await queryRunner.query(
      `ALTER TABLE employees DROP COLUMN manager_ref_kind, DROP COLUMN deprovisioned_at`,
    );
    for (const table of ['employees', 'directory_groups']) {
      await queryRunner.query(`ALTER TABLE ${table} DROP COLUMN connection_id, DROP COLUMN source_hash`);
    }
    await queryRunner.query(
      `CREATE UNIQUE INDEX employees_org_source_external_uq ON employees (org_id, source, external_id) WHERE external_id IS NOT NULL`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX groups_org_source_external_uq ON directory_groups (org_id, source, external_id) WHERE external_id IS NOT NULL`,
    );
    await queryRunner.query(`DROP TABLE directory_connections`);
  }
}
