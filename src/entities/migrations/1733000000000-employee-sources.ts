import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * One person, many sources. Each connection's record of a person becomes a row of
 * employee_sources (what that source last said, merged partially); the employee row keeps the
 * resolved values. Matching conflicts wait in identity_conflicts for an admin; field_authority
 * holds an organization's order of connections per field group.
 *
 * Existing data moves without loss: every employee a connection owns gets that connection's
 * record (its columns as the source's data, its hash and manager reference); every employee no
 * connection owns (entered by hand, seeded) gets a MANUAL record holding its fields.
 */
export class EmployeeSources1733000000000 implements MigrationInterface {
  name = 'EmployeeSources1733000000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE employee_sources (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        org_id uuid NOT NULL,
        employee_id uuid NOT NULL,
        connection_id uuid,
        source text NOT NULL,
        external_id text,
        data jsonb NOT NULL DEFAULT '{}'::jsonb,
        raw jsonb,
        hash text,
        manager_ref text,
        manager_ref_kind text CHECK (manager_ref_kind IN ('externalId','email','employeeNumber','none')),
        last_seen_at timestamptz NOT NULL DEFAULT now(),
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (id),
        FOREIGN KEY (org_id, employee_id) REFERENCES employees(org_id, id) ON DELETE CASCADE,
        FOREIGN KEY (org_id, connection_id) REFERENCES directory_connections(org_id, id) ON DELETE CASCADE,
        CHECK ((connection_id IS NULL) = (source = 'manual'))
      )`);
    await queryRunner.query(
      `CREATE UNIQUE INDEX employee_sources_connection_external_uq ON employee_sources (connection_id, external_id) INCLUDE (employee_id)`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX employee_sources_manual_uq ON employee_sources (employee_id) WHERE connection_id IS NULL`,
    );
    await queryRunner.query(
      `CREATE INDEX employee_sources_employee_idx ON employee_sources (employee_id) INCLUDE (connection_id)`,
    );

    await queryRunner.query(`
      CREATE TABLE identity_conflicts (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        org_id uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
        connection_id uuid NOT NULL,
        external_id text NOT NULL,
        candidate_ids uuid[] NOT NULL,
        data jsonb NOT NULL,
        manager_ref text,
        manager_ref_kind text,
        hash text,
        reason text NOT NULL,
        status text NOT NULL DEFAULT 'open' CHECK (status IN ('open','resolved')),
        resolution text CHECK (resolution IN ('link','keep_apart')),
        employee_id uuid,
        resolved_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (id),
        FOREIGN KEY (org_id, connection_id) REFERENCES directory_connections(org_id, id) ON DELETE CASCADE
      )`);
    await queryRunner.query(
      `CREATE UNIQUE INDEX identity_conflicts_open_uq ON identity_conflicts (connection_id, external_id) WHERE status = 'open'`,
    );
    await queryRunner.query(
      `CREATE INDEX identity_conflicts_org_idx ON identity_conflicts (org_id, status, created_at, id)`,
    );
    // A record an admin kept apart creates its own person next time instead of matching again.
    await queryRunner.query(`
      CREATE TABLE identity_keep_apart (
        connection_id uuid NOT NULL REFERENCES directory_connections(id) ON DELETE CASCADE,
        external_id text NOT NULL,
        PRIMARY KEY (connection_id, external_id)
      )`);

    await queryRunner.query(`
      CREATE TABLE field_authority (
        org_id uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
        field_group text NOT NULL CHECK (field_group IN ('IDENTITY','ORG_STRUCTURE','EMPLOYMENT','CUSTOM')),
        connection_ids uuid[] NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (org_id, field_group)
      )`);

    for (const column of [
      'source_id uuid',
      'prev_hash text',
      'single boolean NOT NULL DEFAULT false',
      'matched boolean NOT NULL DEFAULT false',
      'candidates uuid[]',
    ]) {
      await queryRunner.query(`ALTER TABLE sync_stage_users ADD COLUMN ${column}`);
    }

    // Every owned employee: its connection's record, its columns as what the source said.
    await queryRunner.query(`
      INSERT INTO employee_sources (org_id, employee_id, connection_id, source, external_id, data, hash,
        manager_ref, manager_ref_kind, last_seen_at, created_at, updated_at)
      SELECT e.org_id, e.id, e.connection_id, e.source, e.external_id, ${SNAPSHOT}, e.source_hash,
        e.manager_ref, e.manager_ref_kind, coalesce(e.synced_at, e.updated_at), e.created_at, e.updated_at
      FROM employees e WHERE e.connection_id IS NOT NULL`);
    // Every other employee: a MANUAL record holding its fields (and its old source reference).
    await queryRunner.query(`
      INSERT INTO employee_sources (org_id, employee_id, connection_id, source, external_id, data, hash,
        manager_ref, manager_ref_kind, last_seen_at, created_at, updated_at)
      SELECT e.org_id, e.id, NULL, 'manual', e.external_id, ${SNAPSHOT} || jsonb_build_object('user_id', e.user_id),
        NULL, e.manager_ref, e.manager_ref_kind, e.updated_at, e.created_at, e.updated_at
      FROM employees e WHERE e.connection_id IS NULL`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    for (const column of ['source_id', 'prev_hash', 'single', 'matched', 'candidates']) {
      await queryRunner.query(`ALTER TABLE sync_stage_users DROP COLUMN ${column}`);
    }
    await queryRunner.query(`DROP TABLE field_authority`);
    await queryRunner.query(`DROP TABLE identity_keep_apart`);
    await queryRunner.query(`DROP TABLE identity_conflicts`);
    await queryRunner.query(`DROP TABLE employee_sources`);
  }
}

/** An employee's source-writable columns as a source record's data (nulls left out). */
const SNAPSHOT = `jsonb_strip_nulls(jsonb_build_object(
  'employee_number', e.employee_number, 'email', lower(e.email), 'display_name', e.display_name,
  'first_name', e.first_name, 'last_name', e.last_name, 'preferred_name', e.preferred_name,
  'job_title', e.job_title, 'department', e.department, 'division', e.division, 'cost_center', e.cost_center,
  'location', e.location, 'phone', e.phone, 'company', e.company, 'username', e.username,
  'personal_email', e.personal_email, 'time_zone', e.time_zone, 'status', e.status,
  'employment_type', e.employment_type, 'start_date', e.start_date, 'termination_date', e.termination_date,
  'idp_id', e.idp_id, 'custom_attributes', e.custom_attributes))`;
