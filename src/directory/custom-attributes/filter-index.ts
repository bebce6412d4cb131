import { metrics } from '../../observability/metrics';
import { Sql } from '../sql';
import type { AttributeCondition } from './service';

/** How large organizations' attribute filters are answered from memory (see AttributeFilterIndexes). */
export interface AttributeFilterIndexOptions {
  /** Organizations with fewer people are filtered in SQL only (fast enough there, and no memory spent). */
  minPeople: number;
  /** People held in memory across all organizations; the least recently filtered goes first. 0: no index. */
  maxPeople: number;
  /** Least time between two builds of one organization's index (a build reads all its typed values). */
  rebuildIntervalMs: number;
}

export const DEFAULT_ATTRIBUTE_FILTER_INDEX: AttributeFilterIndexOptions = {
  minPeople: 10_000,
  maxPeople: 1_000_000,
  rebuildIntervalMs: 10_000,
};

/**
 * What a filter request saw of its organization, read with its conditions (one statement): the
 * last change-event sequence number and its attribute definitions. Every change to a person's
 * custom attributes, name, existence or organization produces a change event in the same
 * transaction, numbered under a per-organization row lock (so sequence order is commit order);
 * a definition's creation, change of type and removal change `definitions`. The same version
 * therefore means the same typed values and the same people in the same name order.
 */
export interface AttributeVersion {
  seq: string;
  definitions: string;
}

/** The SQL of a version (for the statement that checks conditions); `$1` is the organization. */
export const ATTRIBUTE_VERSION_SQL = {
  seq: `coalesce((SELECT last_seq::text FROM org_event_counters WHERE org_id = $1), '0')`,
  definitions: `coalesce((SELECT string_agg(id::text || ':' || type || ':' || updated_at::text, ',' ORDER BY id)
    FROM custom_attribute_definitions WHERE org_id = $1), '')`,
};

type Value = string | number | boolean;

const BUILD_STATEMENT_TIMEOUT_MS = 120_000;
/** Changes since the index's version it catches up with (re-reading the people they name); more: a full build. */
const MAX_CATCH_UP_EVENTS = 5_000;

/** A typed value as text (its key in a column's dictionary), as the index reads it; `v` and `d` are the aliases. */
const VALUE_SQL = `CASE d.type WHEN 'number' THEN v.number_value::float8::text WHEN 'boolean' THEN v.boolean_value::text
  WHEN 'date' THEN to_char(v.date_value, 'YYYY-MM-DD') ELSE v.text_value END`;
/** Whether that value compares in JavaScript exactly as in PostgreSQL (see Column.exact). */
const EXACT_SQL = `CASE d.type
  WHEN 'number' THEN v.number_value = v.number_value::float8::numeric
    AND v.number_value NOT IN ('NaN'::numeric, 'Infinity'::numeric, '-Infinity'::numeric)
  WHEN 'date' THEN v.date_value BETWEEN date '0001-01-01' AND date '9999-12-31'
  ELSE true END`;

/** One attribute's typed values: a dictionary of its distinct values, and each person's code(s) in it. */
interface Column {
  type: string;
  values: Value[];
  codeOf: Map<string, number>;
  /** A scalar attribute: each person's value code by rank, -1 for none. */
  codes: Int32Array;
  /** A LIST attribute: each person's element codes by rank. */
  elements: (number[] | undefined)[] | null;
  /**
   * False when a stored value would not compare in JavaScript exactly as in PostgreSQL (a number
   * with more than 15 significant digits, a date outside years 1–9999): conditions on it go to SQL.
   */
  exact: boolean;
}

/** A typed value row as the index reads it. */
interface ValueRow {
  type: string;
  value: string;
  exact: boolean;
}

/**
 * An organization's typed attribute values in memory, as of one version: its people in the
 * order of every employee list (display name, id) and, per attribute, each person's value. A
 * condition is tested once per distinct value, then becomes a mask over the people in one pass,
 * so counting and paging cost the same whatever the number of matches.
 */
export class OrganizationAttributeIndex {
  private readonly rankOf = new Map<string, number>();
  private readonly columns = new Map<string, Column>();
  private last: { key: string; matches: Uint8Array } | null = null;

  constructor(
    /** The version the values are of (advanced by catchUp). */
    public version: AttributeVersion,
    /** Employee ids in name order. */
    readonly ids: readonly string[],
    /** Their display names, for checking a cursor and the rows a page reads. */
    readonly names: readonly string[],
  ) {
    ids.forEach((id, rank) => this.rankOf.set(id, rank));
  }

  get people(): number {
    return this.ids.length;
  }

  rank(id: string): number | undefined {
    return this.rankOf.get(id);
  }

  /** Sets a person's value(s) of an attribute (a LIST: one more element). */
  add(definitionId: string, rank: number, row: ValueRow): void {
    let column = this.columns.get(definitionId);
    if (!column) {
      column = {
        type: row.type,
        values: [],
        codeOf: new Map(),
        codes: new Int32Array(this.ids.length).fill(-1),
        elements: row.type === 'list' ? new Array(this.ids.length) : null,
        exact: true,
      };
      this.columns.set(definitionId, column);
    }
    let code = column.codeOf.get(row.value);
    if (code === undefined) {
      code = column.values.length;
      column.values.push(parseValue(row.type, row.value));
      column.codeOf.set(row.value, code);
    }
    column.exact &&= row.exact;
    if (column.elements) (column.elements[rank] ??= []).push(code);
    else column.codes[rank] = code;
  }

  /**
   * Replaces some people's values with those read at `version` (the people must be here, under
   * the same names: the caller checked). Synchronous: no request sees half of it.
   */
  catchUp(
    version: AttributeVersion,
    ranks: readonly number[],
    rows: readonly (ValueRow & { rank: number; definitionId: string })[],
  ): void {
    for (const column of this.columns.values())
      for (const rank of ranks) {
        if (column.elements) column.elements[rank] = undefined;
        else column.codes[rank] = -1;
      }
    for (const row of rows) this.add(row.definitionId, row.rank, row);
    this.version = version;
    this.last = null;
  }

  /** Whether every condition can be answered here (its attribute compares exactly). */
  answers(conditions: readonly AttributeCondition[]): boolean {
    // An attribute without any typed value has no column: nobody matches, everybody lacks it.
    return conditions.every((condition) => this.columns.get(condition.definitionId)?.exact ?? true);
  }

  /** People matching all conditions. */
  count(conditions: readonly AttributeCondition[]): number {
    const matches = this.matches(conditions);
    let count = 0;
    for (let rank = 0; rank < matches.length; rank++) count += matches[rank];
    return count;
  }

  /**
   * Ranks of the first `limit` people matching all conditions after the person `after` names
   * (display name and id), or null when that person is not where the cursor says (renamed or
   * gone since the cursor was made: the caller pages in SQL, which needs no such person).
   */
  page(
    conditions: readonly AttributeCondition[],
    after: { name: string; id: string } | null,
    limit: number,
  ): number[] | null {
    let start = 0;
    if (after) {
      const rank = this.rankOf.get(after.id);
      if (rank === undefined || this.names[rank] !== after.name) return null;
      start = rank + 1;
    }
    const matches = this.matches(conditions);
    const ranks: number[] = [];
    for (let rank = start; rank < matches.length && ranks.length < limit; rank++)
      if (matches[rank] === 1) ranks.push(rank);
    return ranks;
  }

  /**
   * 1 for each person (by rank) all conditions hold for. The last answer is kept: a request's
   * count and page ask for the same conditions.
   */
  private matches(conditions: readonly AttributeCondition[]): Uint8Array {
    const key = JSON.stringify(conditions);
    if (this.last?.key === key) return this.last.matches;
    const [first, ...rest] = conditions;
    const matches = this.mask(first);
    for (const condition of rest) {
      const mask = this.mask(condition);
      for (let rank = 0; rank < matches.length; rank++) matches[rank] &= mask[rank];
    }
    this.last = { key, matches };
    return matches;
  }

  /** 1 for each person (by rank) the condition holds for. */
  private mask(condition: AttributeCondition): Uint8Array {
    const mask = new Uint8Array(this.ids.length);
    const column = this.columns.get(condition.definitionId);
    if (column) {
      const test = valueTest(condition);
      const hit = Uint8Array.from(column.values, (value) => (test(value) ? 1 : 0));
      if (column.elements) {
        const elements = column.elements;
        for (let rank = 0; rank < mask.length; rank++) {
          const codes = elements[rank];
          if (codes) for (const code of codes) mask[rank] |= hit[code];
        }
      } else {
        const codes = column.codes;
        for (let rank = 0; rank < mask.length; rank++) if (codes[rank] >= 0) mask[rank] = hit[codes[rank]];
      }
    }
    if (!condition.exists) for (let rank = 0; rank < mask.length; rank++) mask[rank] ^= 1;
    return mask;
  }
}

/**
 * Whether a stored value satisfies a condition, as attributeConditionSql's predicates would say:
 * numbers compare as numbers (exact for the values a column admits, see Column.exact), dates as
 * their "YYYY-MM-DD" text (the same order for years 1–9999), text and booleans by equality.
 * For `exists: false` the test is "has a value" (the mask is then inverted).
 */
function valueTest(condition: AttributeCondition): (value: Value) => boolean {
  if (!condition.exists) return () => true;
  const tests: ((value: Value) => boolean)[] = [];
  if (condition.equals !== undefined) {
    const wanted = condition.equals;
    tests.push((value) => value === wanted);
  }
  if (condition.in !== undefined) {
    const wanted = new Set<Value>(condition.in);
    tests.push((value) => wanted.has(value));
  }
  const { gt, gte, lt, lte } = condition;
  if (gt !== undefined) tests.push((value) => (value as string | number) > gt);
  if (gte !== undefined) tests.push((value) => (value as string | number) >= gte);
  if (lt !== undefined) tests.push((value) => (value as string | number) < lt);
  if (lte !== undefined) tests.push((value) => (value as string | number) <= lte);
  return (value) => tests.every((test) => test(value));
}

interface Entry {
  index: OrganizationAttributeIndex | null;
  /** A build or a catch-up under way. */
  building: Promise<void> | null;
  builtAt: number;
  lastUsed: number;
}

/**
 * Custom attribute filters of large organizations, answered from memory: the count of matches
 * and the ranks of a page, exact, at a cost that does not grow with the matches (in SQL, an
 * exact count reads every matching index entry, and an intersection of two conditions hashes
 * both sets). An organization's index answers only a request that saw the version it holds;
 * any other request is answered in SQL, as for small organizations, and brings the index up to
 * date in the background, one update at a time per organization:
 * - a catch-up when few people changed (at most MAX_CATCH_UP_EVENTS change events since) and
 *   none was created, removed or renamed: their values are read again (one snapshot: version,
 *   events, values);
 * - otherwise a full build, at most once per `rebuildIntervalMs`: the version, the people in name
 *   order and every typed value grouped by value, in one snapshot.
 */
export class AttributeFilterIndexes {
  private readonly entries = new Map<string, Entry>();

  constructor(
    private readonly sql: Sql,
    private readonly options: AttributeFilterIndexOptions,
    private readonly now: () => number = Date.now,
  ) {}

  /**
   * The organization's index if it holds `version`; null otherwise, and then an update is
   * started when the organization is large enough (see the class).
   */
  fresh(orgId: string, version: AttributeVersion, people: number): OrganizationAttributeIndex | null {
    if (this.options.maxPeople <= 0 || people < this.options.minPeople || people > this.options.maxPeople) {
      return null;
    }
    let entry = this.entries.get(orgId);
    if (!entry) {
      entry = { index: null, building: null, builtAt: -Infinity, lastUsed: 0 };
      this.entries.set(orgId, entry);
    }
    entry.lastUsed = this.now();
    const index = entry.index;
    if (index && index.version.seq === version.seq && index.version.definitions === version.definitions) {
      return index;
    }
    if (!entry.building) entry.building = this.update(orgId, entry, version);
    return null;
  }

  /** Resolves when no build or catch-up is running (for tests and the benchmark). */
  async settled(): Promise<void> {
    await Promise.all([...this.entries.values()].map((entry) => entry.building));
  }

  /** The version the organization's index holds, if any (for tests). */
  versionOf(orgId: string): AttributeVersion | null {
    return this.entries.get(orgId)?.index?.version ?? null;
  }

  /** Catches the index up, or builds it anew when it cannot (and a build is due). */
  private async update(orgId: string, entry: Entry, seen: AttributeVersion): Promise<void> {
    try {
      const index = entry.index;
      if (
        index &&
        index.version.definitions === seen.definitions &&
        BigInt(seen.seq) - BigInt(index.version.seq) <= MAX_CATCH_UP_EVENTS &&
        (await this.catchUp(orgId, index))
      ) {
        metrics.attributeIndexBuilds.inc({ result: 'caught_up' });
        return;
      }
      if (this.now() - entry.builtAt < this.options.rebuildIntervalMs) return;
      entry.builtAt = this.now();
      entry.index = await this.build(orgId);
      this.evict();
      metrics.attributeIndexBuilds.inc({ result: 'built' });
    } catch {
      // A failed build (statement timeout, connection lost) leaves SQL answering; retried later.
      entry.index = null;
      metrics.attributeIndexBuilds.inc({ result: 'failed' });
    } finally {
      entry.building = null;
      metrics.attributeIndexPeople.set(this.heldPeople());
    }
  }

  private heldPeople(): number {
    let people = 0;
    for (const entry of this.entries.values()) people += entry.index?.people ?? 0;
    return people;
  }

  /** Drops the least recently filtered organizations' indexes while more people are held than allowed. */
  private evict(): void {
    const held = [...this.entries.entries()].filter(([, entry]) => entry.index);
    held.sort(([, a], [, b]) => a.lastUsed - b.lastUsed);
    let people = this.heldPeople();
    for (const [orgId, entry] of held) {
      if (people <= this.options.maxPeople) break;
      people -= entry.index!.people;
      this.entries.delete(orgId);
    }
  }

  /**
   * Reads, in one snapshot, the version, the employees the change events since the index's
   * version name, and their typed values; applies them when every one of them is in the index
   * under the same name (else false: the order of people changed, a build is needed). Events
   * are numbered without gaps, so fewer than the difference of the versions means some were
   * pruned: false too.
   */
  private async catchUp(orgId: string, index: OrganizationAttributeIndex): Promise<boolean> {
    return this.sql.snapshot(async (sql) => {
      const [state] = await sql.rows<AttributeVersion & { events: number; ids: string[] }>(
        `SELECT ${ATTRIBUTE_VERSION_SQL.seq} AS seq, ${ATTRIBUTE_VERSION_SQL.definitions} AS definitions,
           (SELECT count(*)::int FROM change_events c WHERE c.org_id = $1 AND c.seq > $2::bigint
              AND c.seq <= (SELECT last_seq FROM org_event_counters WHERE org_id = $1)) AS events,
           (SELECT coalesce(array_agg(DISTINCT c.entity_id), '{}') FROM change_events c
            WHERE c.org_id = $1 AND c.seq > $2::bigint AND c.entity_type = 'EMPLOYEE') AS ids`,
        [orgId, index.version.seq],
      );
      const expected = BigInt(state.seq) - BigInt(index.version.seq);
      if (state.definitions !== index.version.definitions || expected > MAX_CATCH_UP_EVENTS) return false;
      if (BigInt(state.events) !== expected) return false;
      const people = await sql.rows<{ id: string; name: string }>(
        `SELECT e.id, e.display_name AS name FROM employees e WHERE e.org_id = $1 AND e.id = ANY($2::uuid[])`,
        [orgId, state.ids],
      );
      if (people.length !== state.ids.length) return false;
      const ranks: number[] = [];
      for (const person of people) {
        const rank = index.rank(person.id);
        if (rank === undefined || index.names[rank] !== person.name) return false;
        ranks.push(rank);
      }
      const rows = await sql.rows<ValueRow & { employeeId: string; definitionId: string }>(
        `SELECT v.employee_id AS "employeeId", v.definition_id AS "definitionId", d.type,
           ${VALUE_SQL} AS value, ${EXACT_SQL} AS exact
         FROM employee_attribute_values v JOIN custom_attribute_definitions d ON d.id = v.definition_id
         WHERE d.org_id = $1 AND v.employee_id = ANY($2::uuid[]) AND ${VALUE_SQL} IS NOT NULL
         ORDER BY v.employee_id, v.definition_id, v.ordinal`,
        [orgId, state.ids],
      );
      index.catchUp(
        { seq: state.seq, definitions: state.definitions },
        ranks,
        rows.map((row) => ({ ...row, rank: index.rank(row.employeeId)! })),
      );
      return true;
    });
  }

  private async build(orgId: string): Promise<OrganizationAttributeIndex> {
    return this.sql.snapshot(async (sql) => {
      // A build is not a request: it may take longer than a request's statements may.
      await sql.rows(`SET LOCAL statement_timeout = ${BUILD_STATEMENT_TIMEOUT_MS}`);
      const [version] = await sql.rows<AttributeVersion>(
        `SELECT ${ATTRIBUTE_VERSION_SQL.seq} AS seq, ${ATTRIBUTE_VERSION_SQL.definitions} AS definitions`,
        [orgId],
      );
      const people = await sql.rows<{ id: string; name: string }>(
        `SELECT e.id, e.display_name AS name FROM employees e WHERE e.org_id = $1 ORDER BY e.display_name, e.id`,
        [orgId],
      );
      const index = new OrganizationAttributeIndex(
        version,
        people.map((person) => person.id),
        people.map((person) => person.name),
      );
      // Each definition's typed values grouped by value, with the ranks (name order) of their
      // holders: a few thousand rows rather than one per value. Numbers travel as float8 text
      // (shortest exact form); `exact` says whether they compare as numeric would.
      const groups = await sql.rows<ValueRow & { definitionId: string; ranks: string }>(
        `WITH ranked AS (
           SELECT e.id, (row_number() OVER (ORDER BY e.display_name, e.id) - 1)::int AS rank
           FROM employees e WHERE e.org_id = $1),
         typed AS (
           SELECT v.definition_id, d.type, v.employee_id, ${VALUE_SQL} AS value, ${EXACT_SQL} AS exact
           FROM employee_attribute_values v JOIN custom_attribute_definitions d ON d.id = v.definition_id
           WHERE d.org_id = $1)
         SELECT t.definition_id AS "definitionId", t.type, t.value, bool_and(t.exact) AS exact,
           string_agg(r.rank::text, ',') AS ranks
         FROM typed t JOIN ranked r ON r.id = t.employee_id
         WHERE t.value IS NOT NULL
         GROUP BY t.definition_id, t.type, t.value`,
        [orgId],
      );
      for (const group of groups)
        for (const rank of group.ranks.split(',')) index.add(group.definitionId, Number(rank), group);
      return index;
    });
  }
}

function parseValue(type: string, text: string): Value {
  switch (type) {
    case 'number':
      return Number(text);
    case 'boolean':
      return text === 'true';
    default:
      return text;
  }
}
