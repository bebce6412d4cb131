import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Typeahead over a vocabulary of name words instead of a trigram scan of every person.
 *
 * - `directory_name_words(display_name)`: the words of a name, lower case, accents and apostrophes
 *   dropped ("Zoë O'Brien-Smith" → {zoe, obrien, smith}), words with digits left out (they are
 *   identifiers, found through e-mail and employee number), plus the words after the first run
 *   together as e-mail addresses spell them ("Lars Van der Berg" → … vanderberg); stored as
 *   `employees.name_words`. A GIN index over it finds the people who carry any of a set of words
 *   (org_id is checked on the rows: leading the GIN index with it would read the whole
 *   organization's posting list on every lookup).
 * - `employee_name_words`: each organization's distinct name words (a few hundred to a few tens of
 *   thousands), kept by statement-level triggers (one set-based insert per statement, so a sync of
 *   100k people pays once, not per row). Fuzzy matching (prefix, edit distance, trigram distance)
 *   runs over this small table, then the GIN index maps the chosen words back to people. Words of
 *   departed names stay (they match nobody); that is harmless and keeps deletes free.
 * - Prefix probes on e-mail and employee number need `text_pattern_ops` (the database collation
 *   is not C, so plain btree indexes cannot serve `LIKE 'abc%'`).
 * - The GiST trigram index over search_text served only the old lookup: dropped, as its upkeep
 *   was the dearest of all employee indexes during a sync.
 */
export class LookupVocabulary1732700000000 implements MigrationInterface {
  name = 'LookupVocabulary1732700000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE EXTENSION IF NOT EXISTS unaccent`);
    await queryRunner.query(`CREATE EXTENSION IF NOT EXISTS fuzzystrmatch`);
    // IMMUTABLE so that an index can use it: unaccent() itself is only STABLE because its
    // dictionary could change; naming the dictionary explicitly pins it.
    await queryRunner.query(`
      CREATE FUNCTION directory_name_words(name text) RETURNS text[]
      LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT AS $$
        SELECT CASE WHEN cardinality(w) >= 3 THEN w || array_to_string(w[2:], '') ELSE w END
        FROM (SELECT ARRAY(
          SELECT word FROM regexp_split_to_table(
            regexp_replace(lower(public.unaccent('public.unaccent'::regdictionary, name)), '[''’]', '', 'g'),
            '[^[:alnum:]]+') AS word
          WHERE word <> '' AND word !~ '[0-9]') AS w) words
      $$`);
    // Stored: scoring and the index recheck read it for thousands of rows; folding it each time
    // (unaccent + regular expressions) was most of a lookup's time.
    await queryRunner.query(
      `ALTER TABLE employees ADD COLUMN name_words text[] GENERATED ALWAYS AS (directory_name_words(display_name)) STORED`,
    );
    await queryRunner.query(`CREATE INDEX employees_name_words_idx ON employees USING gin (name_words)`);
    await queryRunner.query(`
      CREATE TABLE employee_name_words (
        org_id uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
        word text NOT NULL,
        PRIMARY KEY (org_id, word)
      )`);
    await queryRunner.query(
      `CREATE INDEX employee_name_words_prefix_idx ON employee_name_words (org_id, word text_pattern_ops)`,
    );
    await queryRunner.query(
      `CREATE INDEX employee_name_words_trgm_idx ON employee_name_words USING gist (org_id, word gist_trgm_ops)`,
    );
    // Sorted, so that two concurrent writers take the word rows in the same order (no deadlock).
    await queryRunner.query(`
      CREATE FUNCTION employee_name_words_collect() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'INSERT' THEN
          INSERT INTO employee_name_words (org_id, word)
          SELECT DISTINCT n.org_id, w FROM new_rows n, unnest(n.name_words) w
          ORDER BY 1, 2
          ON CONFLICT DO NOTHING;
        ELSE
          INSERT INTO employee_name_words (org_id, word)
          SELECT DISTINCT n.org_id, w
          FROM new_rows n JOIN old_rows o ON o.id = n.id AND o.display_name IS DISTINCT FROM n.display_name,
            unnest(n.name_words) w
          ORDER BY 1, 2
          ON CONFLICT DO NOTHING;
        END IF;
        RETURN NULL;
      END $$`);
    await queryRunner.query(`
      CREATE TRIGGER employees_name_words_insert AFTER INSERT ON employees
      REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION employee_name_words_collect()`);
    await queryRunner.query(`
      CREATE TRIGGER employees_name_words_update AFTER UPDATE ON employees
      REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
      FOR EACH STATEMENT EXECUTE FUNCTION employee_name_words_collect()`);
    await queryRunner.query(`
      INSERT INTO employee_name_words (org_id, word)
      SELECT DISTINCT e.org_id, w FROM employees e, unnest(e.name_words) w
      ON CONFLICT DO NOTHING`);
    await queryRunner.query(
      `CREATE INDEX employees_org_email_prefix_idx ON employees (org_id, lower(email) text_pattern_ops)`,
    );
    // Serves equality as well, so it replaces the plain employee-number index.
    await queryRunner.query(`DROP INDEX employees_org_number_idx`);
    await queryRunner.query(
      `CREATE INDEX employees_org_number_idx ON employees (org_id, lower(employee_number) text_pattern_ops)`,
    );
    await queryRunner.query(`DROP INDEX employees_search_trgm_gist`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE INDEX employees_search_trgm_gist ON employees USING gist (org_id, search_text gist_trgm_ops)`,
    );
    await queryRunner.query(`DROP INDEX employees_org_number_idx`);
    await queryRunner.query(
      `CREATE INDEX employees_org_number_idx ON employees (org_id, lower(employee_number))`,
    );
    await queryRunner.query(`DROP INDEX employees_org_email_prefix_idx`);
    await queryRunner.query(`DROP TRIGGER employees_name_words_update ON employees`);
    await queryRunner.query(`DROP TRIGGER employees_name_words_insert ON employees`);
    await queryRunner.query(`DROP FUNCTION employee_name_words_collect()`);
    await queryRunner.query(`DROP TABLE employee_name_words`);
    await queryRunner.query(`ALTER TABLE employees DROP COLUMN name_words`);
    await queryRunner.query(`DROP FUNCTION directory_name_words(text)`);
  }
}
