import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * SCIM provisioning: the bearer tokens of SCIM connections (hashed; a token selects organization
 * and connection), and indexes for the lookups SCIM clients make within a connection (userName,
 * a group's displayName).
 */
export class Scim1732500000000 implements MigrationInterface {
  name = 'Scim1732500000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE scim_tokens (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        org_id uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
        connection_id uuid NOT NULL,
        -- SHA-256 of the token (hex); the token itself is shown once and never stored
        token_hash text NOT NULL UNIQUE,
        prefix text NOT NULL,
        created_by text,
        created_at timestamptz NOT NULL DEFAULT now(),
        last_used_at timestamptz,
        revoked_at timestamptz,
        FOREIGN KEY (org_id, connection_id) REFERENCES directory_connections(org_id, id) ON DELETE CASCADE
      )`);
    await queryRunner.query(
      `CREATE INDEX scim_tokens_connection_idx ON scim_tokens (connection_id, created_at DESC)`,
    );
    await queryRunner.query(
      `CREATE INDEX employees_connection_username_idx ON employees (connection_id, lower(coalesce(username, email)))
       WHERE connection_id IS NOT NULL`,
    );
    await queryRunner.query(
      `CREATE INDEX groups_connection_display_name_idx ON directory_groups (connection_id, lower(coalesce(display_name, name)))
       WHERE connection_id IS NOT NULL`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX groups_connection_display_name_idx`);
    await queryRunner.query(`DROP INDEX employees_connection_username_idx`);
    await queryRunner.query(`DROP TABLE scim_tokens`);
  }
}
