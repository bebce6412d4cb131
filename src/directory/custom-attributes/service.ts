import { DataSource, EntityManager } from 'typeorm';
import { NotFoundError } from '../errors';
import { CustomAttributeMapper, MappingRule } from './mapper';
import { CustomAttributeError } from './errors';
import { ATTRIBUTE_VERSION_SQL, AttributeVersion } from './filter-index';
import { ATTRIBUTE_KEY, calendarDate, CUSTOM_ATTRIBUTE_TYPES, CustomAttributeType } from './values';

/** One attribute an organization defines. */
export interface CustomAttributeDefinitionRecord {
  id: string;
  key: string;
  displayName: string;
  type: CustomAttributeType;
  description: string | null;
  createdAt: Date;
  updatedAt: Date;
}

export interface DefinitionInput {
  key: string;
  displayName?: string | null;
  type: CustomAttributeType;
  description?: string | null;
}

export interface DefinitionChange {
  displayName?: string | null;
  type?: CustomAttributeType | null;
  description?: string | null;
}

/** A definition after a create or a change, with how the values already stored fared against its type. */
export interface DefinitionResult {
  definition: CustomAttributeDefinitionRecord;
  /** People whose stored value converts to the type (and is filterable). */
  valuesConverted: number;
  /** People whose stored value does not: kept in the JSON customAttributes, not typed, not filterable. */
  valuesRejected: number;
}

export interface MappingRecord {
  connectionId: string;
  sourceField: string;
  attributeKey: string;
}

/** One condition of `employees(filter: { customAttributes })`, as the caller gives it. */
export interface AttributeFilterInput {
  key: string;
  equals?: unknown;
  in?: unknown[] | null;
  gt?: unknown;
  gte?: unknown;
  lt?: unknown;
  lte?: unknown;
  exists?: boolean | null;
}

/** A checked condition, ready for SQL: values are of the attribute's column type. */
export interface AttributeCondition {
  definitionId: string;
  column: ValueColumn;
  /** SQL type of the column, for parameter casts. */
  sqlType: 'text' | 'numeric' | 'boolean' | 'date';
  equals?: string | number | boolean;
  in?: (string | number | boolean)[];
  gt?: string | number;
  gte?: string | number;
  lt?: string | number;
  lte?: string | number;
  /** false: people without a value (the only test then). */
  exists: boolean;
  /** A LIST attribute: several rows per person. */
  list: boolean;
}

/** A person's value of one defined attribute, typed. */
export interface TypedAttributeValue {
  key: string;
  displayName: string;
  type: CustomAttributeType;
  stringValue: string | null;
  numberValue: number | null;
  booleanValue: boolean | null;
  dateValue: string | null;
  listValue: string[] | null;
}

type ValueColumn = 'text_value' | 'number_value' | 'boolean_value' | 'date_value';

const COLUMN: Record<CustomAttributeType, { column: ValueColumn; sqlType: AttributeCondition['sqlType'] }> = {
  string: { column: 'text_value', sqlType: 'text' },
  list: { column: 'text_value', sqlType: 'text' },
  number: { column: 'number_value', sqlType: 'numeric' },
  boolean: { column: 'boolean_value', sqlType: 'boolean' },
  date: { column: 'date_value', sqlType: 'date' },
};

const RANGE_TYPES = new Set<CustomAttributeType>(['number', 'date']);
export const MAX_FILTER_CONDITIONS = 5;
const MAX_IN_VALUES = 100;
const MAX_MAPPINGS = 200;
const MAX_NAME = 200;
const MAX_DESCRIPTION = 1_000;
const RETYPE_STATEMENT_TIMEOUT_MS = 5 * 60_000;

const DEFINITION_COLUMNS = `id, key, display_name AS "displayName", type, description,
  created_at AS "createdAt", updated_at AS "updatedAt"`;

/**
 * Typed custom attributes of an organization: definitions, per-connection mappings from source
 * fields, the conditions of employee filters, and people's typed values. The typed values
 * themselves (employee_attribute_values) are kept by a trigger on employees.custom_attributes;
 * this class rebuilds them only when a definition appears or changes type.
 */
export class CustomAttributes {
  constructor(private readonly dataSource: DataSource) {}

  async list(orgId: string): Promise<CustomAttributeDefinitionRecord[]> {
    return this.dataSource.query(
      `SELECT ${DEFINITION_COLUMNS} FROM custom_attribute_definitions WHERE org_id = $1 ORDER BY key`,
      [orgId],
    );
  }

  async byKey(orgId: string, key: string): Promise<CustomAttributeDefinitionRecord | null> {
    const [row] = await this.dataSource.query(
      `SELECT ${DEFINITION_COLUMNS} FROM custom_attribute_definitions WHERE org_id = $1 AND key = $2`,
      [orgId, key],
    );
    return row ?? null;
  }

  /** Defines an attribute and types the values people already have under its key. */
  async create(orgId: string, input: DefinitionInput): Promise<DefinitionResult> {
    const key = checkKey(input.key, 'input.key');
    checkType(input.type);
    const displayName = checkText(input.displayName ?? key, 'input.displayName', MAX_NAME) ?? key;
    const description = checkText(input.description ?? null, 'input.description', MAX_DESCRIPTION);
    const result = await this.dataSource.transaction(async (manager) => {
      await allowRetyping(manager);
      const [row] = (await manager.query(
        `INSERT INTO custom_attribute_definitions (org_id, key, display_name, type, description)
         VALUES ($1, $2, $3, $4, $5) ON CONFLICT (org_id, key) DO NOTHING RETURNING ${DEFINITION_COLUMNS}`,
        [orgId, key, displayName, input.type, description],
      )) as CustomAttributeDefinitionRecord[];
      if (!row)
        throw new CustomAttributeError(
          'CUSTOM_ATTRIBUTE_EXISTS',
          `an attribute with key "${key}" already exists`,
          'input.key',
        );
      return { definition: row, ...(await this.retype(manager, orgId, row)) };
    });
    await this.tidyValues();
    return result;
  }

  /**
   * Changes a definition. A new type re-reads every stored value under the new type (they are
   * kept as the sources gave them): what converts becomes filterable in the new type, what does
   * not is counted in valuesRejected and drops out of filters and typed access until a source
   * sends a value that converts.
   */
  async update(orgId: string, key: string, change: DefinitionChange): Promise<DefinitionResult> {
    if (change.type) checkType(change.type);
    const displayName =
      change.displayName === undefined || change.displayName === null
        ? null
        : checkText(change.displayName, 'input.displayName', MAX_NAME);
    const description =
      change.description === undefined
        ? undefined
        : checkText(change.description, 'input.description', MAX_DESCRIPTION);
    let retyped = false;
    const result = await this.dataSource.transaction(async (manager) => {
      await allowRetyping(manager);
      const [before] = (await manager.query(
        `SELECT type FROM custom_attribute_definitions WHERE org_id = $1 AND key = $2 FOR UPDATE`,
        [orgId, key],
      )) as { type: CustomAttributeType }[];
      if (!before) throw unknownAttribute(key, 'key');
      const [[row]] = (await manager.query(
        `UPDATE custom_attribute_definitions SET display_name = coalesce($3, display_name), type = coalesce($4, type),
           description = CASE WHEN $5 THEN $6 ELSE description END, updated_at = now()
         WHERE org_id = $1 AND key = $2 RETURNING ${DEFINITION_COLUMNS}`,
        [orgId, key, displayName, change.type ?? null, description !== undefined, description ?? null],
      )) as [CustomAttributeDefinitionRecord[], number];
      retyped = row.type !== before.type;
      const counts = retyped ? await this.retype(manager, orgId, row) : await this.count(manager, orgId, row);
      return { definition: row, ...counts };
    });
    if (retyped) await this.tidyValues();
    return result;
  }

  /**
   * After typing an attribute's values (up to one row per person and element, all new): vacuum
   * and analyze the typed values, so that filters count them with index-only scans at once (the
   * visibility map) and the planner knows the new attribute's values (statistics), rather than
   * after autovacuum comes by. Only the pages written since the last vacuum are read. Best
   * effort: the values are right either way, only slower to count until then.
   */
  private async tidyValues(): Promise<void> {
    await this.dataSource.query('VACUUM (ANALYZE) employee_attribute_values').catch(() => undefined);
  }

  /** Removes a definition, its typed values and the mappings to it; the JSON values stay. */
  async delete(orgId: string, key: string): Promise<void> {
    const [, removed] = (await this.dataSource.query(
      `DELETE FROM custom_attribute_definitions WHERE org_id = $1 AND key = $2`,
      [orgId, key],
    )) as [unknown, number];
    if (removed === 0) throw unknownAttribute(key, 'key');
  }

  async mappings(orgId: string, connectionId: string): Promise<MappingRecord[]> {
    await this.requireConnection(this.dataSource.manager, orgId, connectionId);
    return this.dataSource.query(
      `SELECT m.connection_id AS "connectionId", m.source_field AS "sourceField", d.key AS "attributeKey"
       FROM custom_attribute_mappings m JOIN custom_attribute_definitions d ON d.id = m.definition_id
       WHERE m.org_id = $1 AND m.connection_id = $2 ORDER BY m.source_field`,
      [orgId, connectionId],
    );
  }

  /** Replaces a connection's mappings; they apply from its next sync. */
  async setMappings(
    orgId: string,
    connectionId: string,
    mappings: { sourceField: string; attributeKey: string }[],
  ): Promise<MappingRecord[]> {
    if (mappings.length > MAX_MAPPINGS)
      throw new CustomAttributeError(
        'INVALID_ATTRIBUTE_MAPPING',
        `at most ${MAX_MAPPINGS} mappings per connection`,
        'mappings',
      );
    const fields = new Set<string>();
    const keys = new Set<string>();
    for (const mapping of mappings) {
      const field = mapping.sourceField.trim();
      if (!field || field.length > MAX_NAME)
        throw new CustomAttributeError(
          'INVALID_ATTRIBUTE_MAPPING',
          `sourceField must be 1 to ${MAX_NAME} characters`,
          'mappings',
        );
      if (fields.has(field))
        throw new CustomAttributeError(
          'INVALID_ATTRIBUTE_MAPPING',
          `source field "${field}" is mapped twice`,
          'mappings',
        );
      if (keys.has(mapping.attributeKey))
        throw new CustomAttributeError(
          'INVALID_ATTRIBUTE_MAPPING',
          `attribute "${mapping.attributeKey}" is fed by two source fields; a connection feeds it from one`,
          'mappings',
        );
      fields.add(field);
      keys.add(mapping.attributeKey);
    }
    await this.dataSource.transaction(async (manager) => {
      await this.requireConnection(manager, orgId, connectionId);
      const definitions = new Map(
        (
          (await manager.query(
            `SELECT id, key FROM custom_attribute_definitions WHERE org_id = $1 AND key = ANY($2::text[])`,
            [orgId, [...keys]],
          )) as { id: string; key: string }[]
        ).map((row) => [row.key, row.id]),
      );
      for (const key of keys) if (!definitions.has(key)) throw unknownAttribute(key, 'mappings');
      await manager.query(`DELETE FROM custom_attribute_mappings WHERE org_id = $1 AND connection_id = $2`, [
        orgId,
        connectionId,
      ]);
      await manager.query(
        `INSERT INTO custom_attribute_mappings (org_id, connection_id, source_field, definition_id)
         SELECT $1, $2, m.field, m.definition_id FROM unnest($3::text[], $4::uuid[]) AS m(field, definition_id)`,
        [
          orgId,
          connectionId,
          mappings.map((mapping) => mapping.sourceField.trim()),
          mappings.map((mapping) => definitions.get(mapping.attributeKey)),
        ],
      );
    });
    return this.mappings(orgId, connectionId);
  }

  /** What a sync of this connection does with custom attributes (see CustomAttributeMapper). */
  async mapperFor(orgId: string, connectionId: string): Promise<CustomAttributeMapper> {
    const definitions = await this.list(orgId);
    const rules = (await this.dataSource.query(
      `SELECT source_field AS "sourceField", definition_id AS "definitionId"
       FROM custom_attribute_mappings WHERE org_id = $1 AND connection_id = $2`,
      [orgId, connectionId],
    )) as MappingRule[];
    return new CustomAttributeMapper(definitions, rules);
  }

  /**
   * Checks filter conditions against the organization's definitions; typed errors for what does
   * not fit. With them, the version of the organization's typed values the check saw (one
   * statement), which tells whether an in-memory index of them is current.
   */
  async conditions(
    orgId: string,
    inputs: readonly AttributeFilterInput[],
  ): Promise<{ conditions: AttributeCondition[]; version: AttributeVersion }> {
    if (inputs.length > MAX_FILTER_CONDITIONS)
      throw new CustomAttributeError(
        'UNSUPPORTED_ATTRIBUTE_OPERATOR',
        `at most ${MAX_FILTER_CONDITIONS} custom attribute conditions`,
        'filter.customAttributes',
      );
    const [row] = (await this.dataSource.query(
      `SELECT ${ATTRIBUTE_VERSION_SQL.seq} AS seq, ${ATTRIBUTE_VERSION_SQL.definitions} AS definitions,
         coalesce((SELECT json_agg(json_build_object('id', d.id, 'key', d.key, 'type', d.type))
           FROM custom_attribute_definitions d WHERE d.org_id = $1 AND d.key = ANY($2::text[])), '[]') AS matched`,
      [orgId, inputs.map((input) => input.key)],
    )) as (AttributeVersion & { matched: { id: string; key: string; type: CustomAttributeType }[] })[];
    const definitions = new Map(row.matched.map((definition) => [definition.key, definition]));
    const conditions = inputs.map((input) => {
      const definition = definitions.get(input.key);
      if (!definition) throw unknownAttribute(input.key, 'filter.customAttributes');
      return condition(definition, input);
    });
    return { conditions, version: { seq: row.seq, definitions: row.definitions } };
  }

  /** Typed values of each person, in key order (one statement for all the people of a query). */
  async valuesOf(orgId: string, employeeIds: readonly string[]): Promise<Map<string, TypedAttributeValue[]>> {
    const rows = (await this.dataSource.query(
      `SELECT v.employee_id AS "employeeId", d.key, d.display_name AS "displayName", d.type,
         v.text_value AS "text", v.number_value::float8 AS "number", v.boolean_value AS "boolean",
         to_char(v.date_value, 'YYYY-MM-DD') AS "date"
       FROM employee_attribute_values v JOIN custom_attribute_definitions d ON d.id = v.definition_id
       WHERE d.org_id = $1 AND v.employee_id = ANY($2::uuid[])
       ORDER BY v.employee_id, d.key, v.ordinal`,
      [orgId, employeeIds],
    )) as {
      employeeId: string;
      key: string;
      displayName: string;
      type: CustomAttributeType;
      text: string | null;
      number: number | null;
      boolean: boolean | null;
      date: string | null;
    }[];
    const result = new Map<string, TypedAttributeValue[]>();
    for (const row of rows) {
      const values = result.get(row.employeeId) ?? [];
      result.set(row.employeeId, values);
      const last = values.at(-1);
      if (row.type === 'list' && last?.key === row.key) {
        last.listValue!.push(row.text!);
        continue;
      }
      values.push({
        key: row.key,
        displayName: row.displayName,
        type: row.type,
        stringValue: row.type === 'string' ? row.text : null,
        numberValue: row.number,
        booleanValue: row.boolean,
        dateValue: row.date,
        listValue: row.type === 'list' ? [row.text!] : null,
      });
    }
    return result;
  }

  private async requireConnection(
    manager: EntityManager,
    orgId: string,
    connectionId: string,
  ): Promise<void> {
    const [row] = await manager.query(`SELECT 1 FROM directory_connections WHERE org_id = $1 AND id = $2`, [
      orgId,
      connectionId,
    ]);
    if (!row) throw new NotFoundError(`no connection with id ${connectionId}`);
  }

  /** Rebuilds the typed values of one attribute from the people's JSON values. */
  private async retype(
    manager: EntityManager,
    orgId: string,
    definition: CustomAttributeDefinitionRecord,
  ): Promise<Omit<DefinitionResult, 'definition'>> {
    await manager.query(`DELETE FROM employee_attribute_values WHERE definition_id = $1`, [definition.id]);
    await manager.query(
      `INSERT INTO employee_attribute_values (employee_id, definition_id, ordinal, text_value, number_value, boolean_value, date_value)
       SELECT e.id, $2, c.ordinal, c.text_value, c.number_value, c.boolean_value, c.date_value
       FROM employees e CROSS JOIN LATERAL custom_attribute_cells($4, e.custom_attributes -> $3) c
       WHERE e.org_id = $1 AND e.custom_attributes ? $3`,
      [orgId, definition.id, definition.key, definition.type],
    );
    return this.count(manager, orgId, definition);
  }

  private async count(
    manager: EntityManager,
    orgId: string,
    definition: CustomAttributeDefinitionRecord,
  ): Promise<Omit<DefinitionResult, 'definition'>> {
    // A value counts when it says something: JSON null, blank text and an empty list are "no value".
    // Two scans, not a probe per person: the people with a value, and the typed rows (index only).
    const { column } = COLUMN[definition.type];
    const [row] = (await manager.query(
      `WITH given AS (
         SELECT count(*)::int AS people FROM employees e
         WHERE e.org_id = $1 AND e.custom_attributes ? $3
           AND NOT (e.custom_attributes -> $3 IN ('null'::jsonb, '[]'::jsonb))
           AND coalesce(btrim(e.custom_attributes ->> $3), 'x') <> ''),
       typed AS (
         SELECT count(DISTINCT v.employee_id)::int AS people FROM employee_attribute_values v
         WHERE v.definition_id = $2 AND v.${column} IS NOT NULL)
       SELECT typed.people AS "valuesConverted", greatest(given.people - typed.people, 0) AS "valuesRejected"
       FROM given, typed`,
      [orgId, definition.id, definition.key],
    )) as Omit<DefinitionResult, 'definition'>[];
    return row;
  }
}

/**
 * Typing an attribute's stored values is one statement over the organization's people (about
 * 2 s per 100k on an idle machine, several times that on a busy one): more than a request's
 * statement timeout allows, and rare (an admin defines or retypes an attribute).
 */
async function allowRetyping(manager: EntityManager): Promise<void> {
  await manager.query(`SET LOCAL statement_timeout = ${RETYPE_STATEMENT_TIMEOUT_MS}`);
}

function condition(
  definition: { id: string; key: string; type: CustomAttributeType },
  input: AttributeFilterInput,
): AttributeCondition {
  const { column, sqlType } = COLUMN[definition.type];
  const result: AttributeCondition = {
    definitionId: definition.id,
    column,
    sqlType,
    exists: true,
    list: definition.type === 'list',
  };
  const ranges = (['gt', 'gte', 'lt', 'lte'] as const).filter(
    (operator) => input[operator] !== undefined && input[operator] !== null,
  );
  const hasEquals = input.equals !== undefined && input.equals !== null;
  const hasIn = input.in !== undefined && input.in !== null;
  const hasExists = input.exists !== undefined && input.exists !== null;
  if (!hasEquals && !hasIn && ranges.length === 0 && !hasExists)
    throw operatorError(definition.key, 'give one of equals, in, gt, gte, lt, lte or exists');
  if (input.exists === false) {
    if (hasEquals || hasIn || ranges.length > 0)
      throw operatorError(definition.key, 'exists: false cannot be combined with other operators');
    result.exists = false;
    return result;
  }
  if (ranges.length > 0 && !RANGE_TYPES.has(definition.type))
    throw operatorError(
      definition.key,
      `ranges (gt, gte, lt, lte) need a NUMBER or DATE attribute; "${definition.key}" is ${definition.type.toUpperCase()}`,
    );
  if (hasEquals) result.equals = filterValue(definition, input.equals, 'equals');
  if (hasIn) {
    if (input.in!.length === 0 || input.in!.length > MAX_IN_VALUES)
      throw operatorError(definition.key, `in takes 1 to ${MAX_IN_VALUES} values`);
    result.in = input.in!.map((value) => filterValue(definition, value, 'in'));
  }
  for (const operator of ranges)
    result[operator] = filterValue(definition, input[operator], operator) as string | number;
  return result;
}

/** A filter value must already be of the attribute's type (no conversion from text: typos should fail). */
function filterValue(
  definition: { key: string; type: CustomAttributeType },
  value: unknown,
  operator: string,
): string | number | boolean {
  const wrong = (expected: string) =>
    new CustomAttributeError(
      'INVALID_ATTRIBUTE_VALUE',
      `${operator} of "${definition.key}" (${definition.type.toUpperCase()}) takes ${expected}`,
      'filter.customAttributes',
    );
  switch (definition.type) {
    case 'string':
    case 'list':
      if (typeof value !== 'string' || value.length > 1_000) throw wrong('a string');
      return value.trim();
    case 'number':
      if (typeof value !== 'number' || !Number.isFinite(value)) throw wrong('a number');
      return value;
    case 'boolean':
      if (typeof value !== 'boolean') throw wrong('true or false');
      return value;
    case 'date': {
      const date = typeof value === 'string' && value.length === 10 ? calendarDate(value) : null;
      if (!date) throw wrong('a date as "YYYY-MM-DD"');
      return date;
    }
  }
}

/**
 * The SQL of one condition over employees aliased `alias`: a semi-join into the typed values
 * through (definition_id, value) indexes, or through the primary key per person when the planner
 * walks employees in name order instead (extended statistics on (definition_id, value) let it
 * tell a common value from a rare one). `perRow` keeps it a probe per person (OFFSET 0 stops the
 * planner from turning it into a join): for a page that walks the name order on purpose.
 */
export function attributeConditionSql(
  condition: AttributeCondition,
  params: unknown[],
  alias = 'e',
  perRow = false,
): string {
  const where = [`v.employee_id = ${alias}.id`, ...valuePredicates(condition, params)];
  return `${condition.exists ? 'EXISTS' : 'NOT EXISTS'} (SELECT 1 FROM employee_attribute_values v WHERE ${where.join(' AND ')}${perRow ? ' OFFSET 0' : ''})`;
}

/**
 * The people (employee_id) a condition holds for, from the typed values alone (an index-only
 * scan of the attribute's value index); for `exists: false`, the people it does NOT hold for
 * (those with a value). Each person once.
 */
export function attributeSetSql(condition: AttributeCondition, params: unknown[]): string {
  const where = setPredicates(condition, params);
  return `SELECT ${condition.list ? 'DISTINCT ' : ''}v.employee_id FROM employee_attribute_values v WHERE ${where.join(' AND ')}`;
}

/**
 * How many typed rows match a condition, counted up to `limit` (a scalar subquery): reads at most
 * `limit` index entries, so it tells a rare value from a common one in well under a millisecond.
 * For a LIST the rows are elements, so it bounds the people from above. Only for conditions with
 * exists (not `exists: false`).
 */
export function attributeProbeSql(condition: AttributeCondition, params: unknown[], limit: number): string {
  const where = setPredicates(condition, params);
  params.push(limit);
  return `(SELECT count(*)::int FROM (SELECT 1 FROM employee_attribute_values v WHERE ${where.join(' AND ')} LIMIT $${params.length}::int) probe)`;
}

/**
 * The number of people matching attribute conditions, counted on the typed values (index-only
 * scans of the value indexes) instead of a probe into employees per match. Exact because every
 * typed row belongs to a person of the definition's organization (the triggers add rows from the
 * person's own row and remove them with it):
 * - conditions that all need a value: the people in every set (a join on employee_id; one set
 *   is an index-only count);
 * - one `exists: false` among them: the people matching the others (everyone in the
 *   organization when there are none, counted on a narrow index of employees) minus those of
 *   them who have a value.
 * Null when the conditions need the employees table (two or more `exists: false`, or one without
 * `orgId`).
 */
export function attributeCountSql(
  conditions: readonly AttributeCondition[],
  params: unknown[],
  orgId?: string,
): string | null {
  const positives = conditions.filter((condition) => condition.exists);
  const negatives = conditions.filter((condition) => !condition.exists);
  if (conditions.length === 0 || negatives.length > 1) return null;
  if (negatives.length === 0) return `SELECT ${countOf(positives, params)} AS count`;
  if (positives.length === 0) {
    if (orgId === undefined) return null;
    params.push(orgId);
    const everyone = `(SELECT count(*)::int FROM employees e WHERE e.org_id = $${params.length}::uuid)`;
    return `SELECT ${everyone} - ${countOf(negatives, params)} AS count`;
  }
  return `SELECT ${countOf(positives, params)} - ${countOf([...positives, ...negatives], params)} AS count`;
}

/** A scalar subquery: the people in all the sets of the conditions (see attributeSetSql). */
function countOf(conditions: readonly AttributeCondition[], params: unknown[]): string {
  if (conditions.length === 1) {
    // One set: a count over the value index alone (a scalar attribute has one row per person;
    // a LIST's elements are made distinct per person by hashing, cheaper than count(DISTINCT)'s sort).
    const [condition] = conditions;
    return `(SELECT count(*)::int FROM (${attributeSetSql(condition, params)}) s)`;
  }
  // A scalar attribute has one row per person and a LIST one per element (DISTINCT then), so a
  // join on employee_id counts each person once; the planner hashes the smaller sets.
  const sets = conditions.map((condition, index) => {
    const set = `(${attributeSetSql(condition, params)}) s${index}`;
    return index === 0 ? set : `JOIN ${set} USING (employee_id)`;
  });
  return `(SELECT count(*)::int FROM ${sets.join(' ')})`;
}

/** The rows of attributeSetSql: those of a match, or for `exists: false` those of any value (index-only). */
function setPredicates(condition: AttributeCondition, params: unknown[]): string[] {
  const where = valuePredicates(condition, params);
  return condition.exists ? where : [...where, `v.${condition.column} IS NOT NULL`];
}

/** The conditions on the typed rows (aliased v) of one attribute. */
function valuePredicates(condition: AttributeCondition, params: unknown[]): string[] {
  const param = (value: unknown, cast: string) => {
    params.push(value);
    return `$${params.length}::${cast}`;
  };
  const where = [`v.definition_id = ${param(condition.definitionId, 'uuid')}`];
  if (!condition.exists) return where;
  const { column, sqlType } = condition;
  // Stated for the planner: the partial index of the column only holds non-null values.
  where.push(`v.${column} IS NOT NULL`);
  if (condition.equals !== undefined) where.push(`v.${column} = ${param(condition.equals, sqlType)}`);
  if (condition.in !== undefined) where.push(`v.${column} = ANY(${param(condition.in, `${sqlType}[]`)})`);
  const ranges = { gt: '>', gte: '>=', lt: '<', lte: '<=' } as const;
  for (const [operator, symbol] of Object.entries(ranges) as [keyof typeof ranges, string][])
    if (condition[operator] !== undefined)
      where.push(`v.${column} ${symbol} ${param(condition[operator], sqlType)}`);
  return where;
}

function checkKey(key: string, argument: string): string {
  if (!ATTRIBUTE_KEY.test(key))
    throw new CustomAttributeError(
      'INVALID_ATTRIBUTE_KEY',
      `key must be a letter followed by letters, digits, "_", "." or "-" (at most 100), got "${key.slice(0, 64)}"`,
      argument,
    );
  return key;
}

function checkType(type: string): void {
  if (!(CUSTOM_ATTRIBUTE_TYPES as readonly string[]).includes(type))
    throw new CustomAttributeError(
      'INVALID_ATTRIBUTE_VALUE',
      `unknown attribute type "${type}"`,
      'input.type',
    );
}

function checkText(value: string | null, argument: string, max: number): string | null {
  if (value === null) return null;
  const trimmed = value.trim();
  if (trimmed.length > max)
    throw new CustomAttributeError(
      'INVALID_ATTRIBUTE_VALUE',
      `${argument} is longer than ${max} characters`,
      argument,
    );
  return trimmed === '' ? null : trimmed;
}

function unknownAttribute(key: string, argument: string): CustomAttributeError {
  return new CustomAttributeError(
    'UNKNOWN_CUSTOM_ATTRIBUTE',
    `your organization defines no custom attribute "${key.slice(0, 100)}"`,
    argument,
  );
}

function operatorError(key: string, message: string): CustomAttributeError {
  return new CustomAttributeError(
    'UNSUPPORTED_ATTRIBUTE_OPERATOR',
    `custom attribute "${key.slice(0, 100)}": ${message}`,
    'filter.customAttributes',
  );
}
