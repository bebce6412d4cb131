import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * People without an e-mail, and e-mails several people share.
 *
 * - `employees.email` may be NULL: SCIM requires only userName, and directories (an LDAP tree
 *   whose people have no `mail`) send people without one.
 * - The e-mail index is no longer unique: an identity provider may give one address to several
 *   accounts (an admin account and its owner, a shared mailbox). Two records that share one are two
 *   people unless identity matching links them; lookups by e-mail define which one they return.
 * - `search_text` keeps the name and employee number of people without e-mail (a NULL e-mail used
 *   to make the whole concatenation NULL).
 * - SCIM's userName check runs over the organization's people by userName: an index for it.
 */
export class OptionalSharedEmails1733840000000 implements MigrationInterface {
  name = 'OptionalSharedEmails1733840000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE employees ALTER COLUMN email DROP NOT NULL`);
    await queryRunner.query(`DROP INDEX employees_org_email_uq`);
    await queryRunner.query(`CREATE INDEX employees_org_email_idx ON employees (org_id, lower(email))`);
    await queryRunner.query(`DROP INDEX IF EXISTS employees_search_trgm_idx`);
    await queryRunner.query(`ALTER TABLE employees DROP COLUMN search_text`);
    await queryRunner.query(`
      ALTER TABLE employees ADD COLUMN search_text text GENERATED ALWAYS AS (
        lower(display_name || ' ' || coalesce(email, '') || ' ' || coalesce(employee_number, ''))
      ) STORED`);
    await queryRunner.query(
      `CREATE INDEX employees_search_trgm_idx ON employees USING gin (search_text gin_trgm_ops)`,
    );
    await queryRunner.query(
      `CREATE INDEX employees_org_username_idx ON employees (org_id, lower(coalesce(username, email)))`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX employees_org_username_idx`);
    await queryRunner.query(`DROP INDEX employees_search_trgm_idx`);
    await queryRunner.query(`ALTER TABLE employees DROP COLUMN search_text`);
    await queryRunner.query(`
      ALTER TABLE employees ADD COLUMN search_text text GENERATED ALWAYS AS (
        lower(display_name || ' ' || email || ' ' || coalesce(employee_number, ''))
      ) STORED`);
    await queryRunner.query(
      `CREATE INDEX employees_search_trgm_idx ON employees USING gin (search_text gin_trgm_ops)`,
    );
    await queryRunner.query(`DROP INDEX employees_org_email_idx`);
    // Fails while people without e-mail or sharing one exist: they must be fixed first.
    await queryRunner.query(`CREATE UNIQUE INDEX employees_org_email_uq ON employees (org_id, lower(email))`);
    await queryRunner.query(`ALTER TABLE employees ALTER COLUMN email SET NOT NULL`);
  }
}
