import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Typeahead candidates by nearest trigram word distance (`q <<-> search_text`), an index-ordered
 * (KNN) scan within the organization: the best matches come first, however many rows match a
 * little. btree_gist lets the GiST index lead with org_id.
 */
export class LookupKnn1732600000000 implements MigrationInterface {
  name = 'LookupKnn1732600000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE EXTENSION IF NOT EXISTS btree_gist`);
    await queryRunner.query(
      `CREATE INDEX employees_search_trgm_gist ON employees USING gist (org_id, search_text gist_trgm_ops)`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX employees_search_trgm_gist`);
  }
}
