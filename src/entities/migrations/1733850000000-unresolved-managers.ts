import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * People whose manager reference found no manager (or whose manager was cut out of a reporting
 * cycle): an incremental sync re-resolves them even when their record is unchanged, and finds them
 * through this index, which holds only them, instead of reading all of a connection's people.
 */
export class UnresolvedManagers1733850000000 implements MigrationInterface {
  name = 'UnresolvedManagers1733850000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE INDEX employees_unresolved_manager_idx ON employees (connection_id)
       WHERE manager_id IS NULL AND manager_ref_kind IN ('externalId', 'email', 'employeeNumber')`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX employees_unresolved_manager_idx`);
  }
}
