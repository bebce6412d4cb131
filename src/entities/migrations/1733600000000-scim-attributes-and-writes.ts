import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * SCIM: what a client sends that has no directory column (every e-mail with its type and primary
 * flag, full addresses, name.formatted and the other name parts, profileUrl, photos), kept per
 * person and connection to be returned as sent; and the log of SCIM writes an admin reads.
 */
export class ScimAttributesAndWrites1733600000000 implements MigrationInterface {
  name = 'ScimAttributesAndWrites1733600000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE scim_user_attributes (
        employee_id uuid PRIMARY KEY REFERENCES employees(id) ON DELETE CASCADE,
        org_id uuid NOT NULL,
        connection_id uuid NOT NULL,
        attributes jsonb NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now(),
        FOREIGN KEY (org_id, connection_id) REFERENCES directory_connections(org_id, id) ON DELETE CASCADE
      )`);
    await queryRunner.query(`
      CREATE TABLE scim_write_log (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        org_id uuid NOT NULL,
        connection_id uuid NOT NULL,
        -- the token's id and shown prefix (scim_…), never the token
        token_id uuid,
        token_prefix text,
        method text NOT NULL,
        operation text NOT NULL CHECK (operation IN ('create', 'update', 'delete')),
        resource_type text NOT NULL CHECK (resource_type IN ('User', 'Group')),
        resource_id uuid,
        bulk_id text,
        status smallint NOT NULL,
        scim_type text,
        -- names of the attributes written (never their values)
        attributes text[] NOT NULL DEFAULT '{}',
        at timestamptz NOT NULL DEFAULT now(),
        FOREIGN KEY (org_id, connection_id) REFERENCES directory_connections(org_id, id) ON DELETE CASCADE
      )`);
    await queryRunner.query(
      `CREATE INDEX scim_write_log_connection_idx ON scim_write_log (connection_id, id DESC)`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE scim_write_log`);
    await queryRunner.query(`DROP TABLE scim_user_attributes`);
  }
}
