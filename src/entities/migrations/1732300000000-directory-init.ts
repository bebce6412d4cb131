import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The directory: organizations, employees, groups and the two membership relations
 * (employee in group, group in group). Every row carries org_id, and every foreign key
 * includes it, so a row can never point into another organization.
 */
export class DirectoryInit1732300000000 implements MigrationInterface {
  name = 'DirectoryInit1732300000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE EXTENSION IF NOT EXISTS pg_trgm`);
    await queryRunner.query(`
      CREATE TABLE organizations (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        name text NOT NULL,
        slug text NOT NULL UNIQUE,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(`
      CREATE TABLE employees (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        org_id uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
        employee_number text,
        email text NOT NULL,
        display_name text NOT NULL,
        first_name text,
        last_name text,
        preferred_name text,
        job_title text,
        department text,
        division text,
        cost_center text,
        location text,
        phone text,
        company text,
        username text,
        personal_email text,
        time_zone text,
        status text NOT NULL DEFAULT 'active'
          CHECK (status IN ('active','on_leave','suspended','terminated','retired','contractor')),
        employment_type text
          CHECK (employment_type IN ('full_time','part_time','contractor','intern','temporary','freelance')),
        start_date date,
        termination_date date,
        manager_id uuid,
        manager_ref text,
        source text NOT NULL DEFAULT 'manual',
        external_id text,
        idp_id text,
        user_id text,
        custom_attributes jsonb NOT NULL DEFAULT '{}'::jsonb,
        search_text text GENERATED ALWAYS AS (
          lower(display_name || ' ' || email || ' ' || coalesce(employee_number, ''))
        ) STORED,
        synced_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (id),
        UNIQUE (org_id, id),
        FOREIGN KEY (org_id, manager_id) REFERENCES employees(org_id, id) ON DELETE SET NULL (manager_id),
        CHECK (manager_id IS NULL OR manager_id <> id)
      )`);
    await queryRunner.query(`CREATE UNIQUE INDEX employees_org_email_uq ON employees (org_id, lower(email))`);
    await queryRunner.query(
      `CREATE UNIQUE INDEX employees_org_source_external_uq ON employees (org_id, source, external_id) WHERE external_id IS NOT NULL`,
    );
    await queryRunner.query(
      `CREATE INDEX employees_org_manager_idx ON employees (org_id, manager_id, display_name, id)`,
    );
    await queryRunner.query(`CREATE INDEX employees_org_name_idx ON employees (org_id, display_name, id)`);
    await queryRunner.query(
      `CREATE INDEX employees_org_department_idx ON employees (org_id, department, status)`,
    );
    await queryRunner.query(`CREATE INDEX employees_org_status_idx ON employees (org_id, status)`);
    await queryRunner.query(
      `CREATE INDEX employees_org_number_idx ON employees (org_id, lower(employee_number))`,
    );
    await queryRunner.query(
      `CREATE INDEX employees_org_user_idx ON employees (org_id, user_id) WHERE user_id IS NOT NULL`,
    );
    await queryRunner.query(
      `CREATE INDEX employees_org_idp_idx ON employees (org_id, idp_id) WHERE idp_id IS NOT NULL`,
    );
    await queryRunner.query(
      `CREATE INDEX employees_search_trgm_idx ON employees USING gin (search_text gin_trgm_ops)`,
    );

    await queryRunner.query(`
      CREATE TABLE directory_groups (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        org_id uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
        name text NOT NULL,
        display_name text,
        description text,
        source text NOT NULL DEFAULT 'manual',
        external_id text,
        is_security_group boolean NOT NULL DEFAULT false,
        group_type text NOT NULL DEFAULT 'group'
          CHECK (group_type IN ('security','distribution','team','department','cost_center','business_unit','group')),
        custom_attributes jsonb NOT NULL DEFAULT '{}'::jsonb,
        synced_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (id),
        UNIQUE (org_id, id)
      )`);
    await queryRunner.query(
      `CREATE UNIQUE INDEX groups_org_source_external_uq ON directory_groups (org_id, source, external_id) WHERE external_id IS NOT NULL`,
    );
    await queryRunner.query(`CREATE INDEX groups_org_name_idx ON directory_groups (org_id, lower(name), id)`);
    await queryRunner.query(
      `CREATE INDEX groups_name_trgm_idx ON directory_groups USING gin (lower(name) gin_trgm_ops)`,
    );

    await queryRunner.query(`
      CREATE TABLE group_members (
        org_id uuid NOT NULL,
        group_id uuid NOT NULL,
        employee_id uuid NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (group_id, employee_id),
        FOREIGN KEY (org_id, group_id) REFERENCES directory_groups(org_id, id) ON DELETE CASCADE,
        FOREIGN KEY (org_id, employee_id) REFERENCES employees(org_id, id) ON DELETE CASCADE
      )`);
    await queryRunner.query(
      `CREATE INDEX group_members_employee_idx ON group_members (employee_id, group_id)`,
    );

    await queryRunner.query(`
      CREATE TABLE group_nesting (
        org_id uuid NOT NULL,
        parent_group_id uuid NOT NULL,
        child_group_id uuid NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (parent_group_id, child_group_id),
        FOREIGN KEY (org_id, parent_group_id) REFERENCES directory_groups(org_id, id) ON DELETE CASCADE,
        FOREIGN KEY (org_id, child_group_id) REFERENCES directory_groups(org_id, id) ON DELETE CASCADE,
        CHECK (parent_group_id <> child_group_id)
      )`);
    await queryRunner.query(
      `CREATE INDEX group_nesting_child_idx ON group_nesting (child_group_id, parent_group_id)`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE group_nesting`);
    await queryRunner.query(`DROP TABLE group_members`);
    await queryRunner.query(`DROP TABLE directory_groups`);
    await queryRunner.query(`DROP TABLE employees`);
    await queryRunner.query(`DROP TABLE organizations`);
  }
}
