import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Typed custom attributes. An organization defines attributes (key, type); connections map their
 * source fields onto them; employees.custom_attributes (jsonb, as before) keeps the values the
 * sources give, and employee_attribute_values holds each defined attribute's value converted to
 * its type, one row per value (one per element for a LIST), so that filters are btree range scans:
 * (definition, value) leads every value index, which serves equals, in, ranges and exists alike
 * and keeps each organization's attributes apart. A trigger keeps the typed rows in step with the
 * jsonb column, whoever writes it (syncs, SCIM, manual edits, seeds).
 */
export class CustomAttributes1733830000000 implements MigrationInterface {
  name = 'CustomAttributes1733830000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE custom_attribute_definitions (
        id uuid NOT NULL DEFAULT gen_random_uuid() PRIMARY KEY,
        org_id uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
        key text NOT NULL,
        display_name text NOT NULL,
        type text NOT NULL CHECK (type IN ('string', 'number', 'boolean', 'date', 'list')),
        description text,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (org_id, key),
        UNIQUE (org_id, id)
      )`);
    await queryRunner.query(`
      CREATE TABLE custom_attribute_mappings (
        org_id uuid NOT NULL,
        connection_id uuid NOT NULL,
        source_field text NOT NULL,
        definition_id uuid NOT NULL,
        PRIMARY KEY (connection_id, source_field),
        UNIQUE (connection_id, definition_id),
        FOREIGN KEY (org_id, connection_id) REFERENCES directory_connections(org_id, id) ON DELETE CASCADE,
        FOREIGN KEY (org_id, definition_id) REFERENCES custom_attribute_definitions(org_id, id) ON DELETE CASCADE
      )`);
    await queryRunner.query(`
      CREATE TABLE employee_attribute_values (
        -- No foreign key to employees: checking one per inserted row doubled the time of typing
        -- 100k values; the delete trigger below removes a person's rows instead.
        employee_id uuid NOT NULL,
        definition_id uuid NOT NULL REFERENCES custom_attribute_definitions(id) ON DELETE CASCADE,
        ordinal int NOT NULL DEFAULT 0,
        text_value text,
        number_value numeric,
        boolean_value boolean,
        date_value date,
        PRIMARY KEY (employee_id, definition_id, ordinal)
      )`);
    // Partial: each attribute's rows are in the index of its type only. employee_id included so
    // that counts and the semi-join with employees are index-only scans.
    for (const column of ['text_value', 'number_value', 'boolean_value', 'date_value']) {
      await queryRunner.query(
        `CREATE INDEX employee_attribute_values_${column}_idx ON employee_attribute_values (definition_id, ${column})
         INCLUDE (employee_id) WHERE ${column} IS NOT NULL`,
      );
    }

    // The planner must tell a value most people share from a rare one within one attribute:
    // per-column statistics mix all attributes (a 30% value looked like 0.6%, and a name-order
    // walk became a parallel hash join). MCV lists over (definition, value) keep them apart.
    for (const column of ['text_value', 'number_value', 'boolean_value', 'date_value']) {
      await queryRunner.query(
        `CREATE STATISTICS employee_attribute_values_${column}_stats (mcv) ON definition_id, ${column}
         FROM employee_attribute_values`,
      );
    }

    // A calendar date from YYYY-MM-DD (optionally followed by a time), or null; never an error.
    // Nested CASEs: each test runs only when the one before passed (make_date must not see month 13).
    await queryRunner.query(`
      CREATE FUNCTION custom_attribute_date(s text) RETURNS date LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
        SELECT CASE WHEN s ~ '^\\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\\d|3[01])([T ][0-9:.]+(Z|[+-]\\d{2}:?\\d{2})?)?$' THEN
          CASE WHEN substr(s, 1, 4)::int BETWEEN 1900 AND 2200 THEN
            CASE WHEN substr(s, 9, 2)::int <= extract(day FROM
                make_date(substr(s, 1, 4)::int, substr(s, 6, 2)::int, 1) + interval '1 month - 1 day')
              THEN substr(s, 1, 10)::date END END END
      $$`);
    // The typed cells of one jsonb value for an attribute type; no row when it does not convert.
    // The same rules as the sync's conversion (src/directory/custom-attributes/values.ts), which
    // stores values already converted; these also read values stored before a definition existed
    // or changed type.
    await queryRunner.query(`
      CREATE FUNCTION custom_attribute_cells(kind text, value jsonb)
      RETURNS TABLE (ordinal int, text_value text, number_value numeric, boolean_value boolean, date_value date)
      LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
        WITH scalar AS (
          SELECT CASE WHEN jsonb_typeof(value) IN ('string', 'number', 'boolean')
            THEN nullif(btrim(value #>> '{}'), '') END AS s, jsonb_typeof(value) AS json_type
          WHERE kind <> 'list'
        )
        SELECT 0, c.t, c.n, c.b, c.d FROM scalar CROSS JOIN LATERAL (SELECT
            CASE WHEN kind = 'string' AND length(s) <= 1000 THEN s END AS t,
            CASE WHEN kind = 'number' THEN
              CASE WHEN json_type = 'number' OR s ~ '^[-+]?(\\d+(\\.\\d*)?|\\.\\d+)([eE][-+]?\\d{1,2})?$'
                THEN CASE WHEN length(s) <= 40 THEN s::numeric END END END AS n,
            CASE WHEN kind = 'boolean' THEN
              CASE WHEN lower(s) IN ('true', 'yes', '1') THEN true WHEN lower(s) IN ('false', 'no', '0') THEN false END
            END AS b,
            CASE WHEN kind = 'date' AND json_type = 'string' THEN custom_attribute_date(s) END AS d) c
        WHERE coalesce(c.t, c.n::text, c.b::text, c.d::text) IS NOT NULL
        UNION ALL
        SELECT (e.ordinality - 1)::int, e.t, NULL, NULL, NULL FROM (
          SELECT nullif(btrim(x.v #>> '{}'), '') AS t, x.ordinality
          FROM jsonb_array_elements(CASE WHEN jsonb_typeof(value) = 'array' THEN value
            WHEN jsonb_typeof(value) IN ('string', 'number', 'boolean') THEN jsonb_build_array(value)
            ELSE '[]'::jsonb END) WITH ORDINALITY x(v, ordinality)
          WHERE kind = 'list' AND jsonb_typeof(x.v) IN ('string', 'number', 'boolean')) e
        WHERE e.t IS NOT NULL AND length(e.t) <= 1000
      $$`);
    // Row triggers, fired only when a person's jsonb really changed: an organization without
    // definitions pays two index probes per changed row.
    await queryRunner.query(`
      CREATE FUNCTION employee_attribute_values_refresh() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'UPDATE' THEN
          DELETE FROM employee_attribute_values WHERE employee_id = NEW.id;
        END IF;
        INSERT INTO employee_attribute_values (employee_id, definition_id, ordinal, text_value, number_value, boolean_value, date_value)
        SELECT NEW.id, d.id, c.ordinal, c.text_value, c.number_value, c.boolean_value, c.date_value
        FROM custom_attribute_definitions d
        CROSS JOIN LATERAL custom_attribute_cells(d.type, NEW.custom_attributes -> d.key) c
        WHERE d.org_id = NEW.org_id AND NEW.custom_attributes ? d.key;
        RETURN NULL;
      END $$`);
    await queryRunner.query(`
      CREATE TRIGGER employee_attribute_values_insert AFTER INSERT ON employees
      FOR EACH ROW WHEN (NEW.custom_attributes <> '{}'::jsonb)
      EXECUTE FUNCTION employee_attribute_values_refresh()`);
    await queryRunner.query(`
      CREATE TRIGGER employee_attribute_values_update AFTER UPDATE OF custom_attributes, org_id ON employees
      FOR EACH ROW WHEN (OLD.custom_attributes IS DISTINCT FROM NEW.custom_attributes OR OLD.org_id <> NEW.org_id)
      EXECUTE FUNCTION employee_attribute_values_refresh()`);
    // Set-based: a sync removing thousands of people clears their rows in one statement.
    await queryRunner.query(`
      CREATE FUNCTION employee_attribute_values_forget() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        DELETE FROM employee_attribute_values v USING gone WHERE v.employee_id = gone.id;
        RETURN NULL;
      END $$`);
    await queryRunner.query(`
      CREATE TRIGGER employee_attribute_values_delete AFTER DELETE ON employees
      REFERENCING OLD TABLE AS gone FOR EACH STATEMENT
      EXECUTE FUNCTION employee_attribute_values_forget()`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TRIGGER employee_attribute_values_delete ON employees`);
    await queryRunner.query(`DROP FUNCTION employee_attribute_values_forget()`);
    await queryRunner.query(`DROP TRIGGER employee_attribute_values_update ON employees`);
    await queryRunner.query(`DROP TRIGGER employee_attribute_values_insert ON employees`);
    await queryRunner.query(`DROP FUNCTION employee_attribute_values_refresh()`);
    await queryRunner.query(`DROP TABLE employee_attribute_values`);
    await queryRunner.query(`DROP TABLE custom_attribute_mappings`);
    await queryRunner.query(`DROP TABLE custom_attribute_definitions`);
    await queryRunner.query(`DROP FUNCTION custom_attribute_cells(text, jsonb)`);
    await queryRunner.query(`DROP FUNCTION custom_attribute_date(text)`);
  }
}
