import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A manager set by hand, and when a source last listed a record.
 *
 * - `employeeId` joins the manager reference kinds: a MANUAL record names the manager by the
 *   person's id (an admin picks a person, not a source's key).
 * - `directory_connections.full_listing_at`: when the connection's last applied full sync listed
 *   its records. Every record a full sync keeps was in that listing, so a record's "last seen" is
 *   the later of this and its own `last_seen_at` (the last time it was listed one by one: changed
 *   in a full sync, or in an incremental sync or SCIM write), and a full sync writes no row it
 *   did not change.
 * - `employee_sources.unlisted`: the one exception, a record kept although the source stopped
 *   listing it (its person disabled, not deleted); its `last_seen_at` then holds the last listing.
 *   Records of people already deprovisioned are such records.
 */
export class ManualManagerAndListing1733860000000 implements MigrationInterface {
  name = 'ManualManagerAndListing1733860000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    for (const table of ['employees', 'employee_sources']) {
      await queryRunner.query(
        `ALTER TABLE ${table} DROP CONSTRAINT IF EXISTS ${table}_manager_ref_kind_check`,
      );
      await queryRunner.query(
        `ALTER TABLE ${table} ADD CONSTRAINT ${table}_manager_ref_kind_check
           CHECK (manager_ref_kind IN ('externalId','email','employeeNumber','employeeId','none'))`,
      );
    }
    await queryRunner.query(`ALTER TABLE directory_connections ADD COLUMN full_listing_at timestamptz`);
    await queryRunner.query(
      `ALTER TABLE employee_sources ADD COLUMN unlisted boolean NOT NULL DEFAULT false`,
    );
    await queryRunner.query(
      `UPDATE employee_sources es SET unlisted = true FROM employees e
       WHERE e.id = es.employee_id AND e.deprovisioned_at IS NOT NULL AND es.connection_id IS NOT NULL`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE employee_sources DROP COLUMN unlisted`);
    await queryRunner.query(`ALTER TABLE directory_connections DROP COLUMN full_listing_at`);
    for (const table of ['employees', 'employee_sources']) {
      await queryRunner.query(
        `UPDATE ${table} SET manager_ref = NULL, manager_ref_kind = NULL WHERE manager_ref_kind = 'employeeId'`,
      );
      await queryRunner.query(`ALTER TABLE ${table} DROP CONSTRAINT ${table}_manager_ref_kind_check`);
      await queryRunner.query(
        `ALTER TABLE ${table} ADD CONSTRAINT ${table}_manager_ref_kind_check
           CHECK (manager_ref_kind IN ('externalId','email','employeeNumber','none'))`,
      );
    }
  }
}
