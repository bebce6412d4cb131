import { escapeLike } from '../directory/sql';
import { invalidFilter, invalidValue, quote } from './errors';
import { CompareOp, Filter } from './filter';
import {
  AttributeDef,
  ENTERPRISE_SCHEMA,
  GROUP_TYPE,
  ResolvedAttribute,
  ResourceTypeDef,
  resolveAttribute,
  USER_TYPE,
} from './schema';

export type ColumnType = 'string' | 'boolean' | 'dateTime' | 'uuid';

/** A single value the resource has, as an SQL expression over the resource's row. */
interface ScalarColumn {
  kind: 'scalar';
  expr: string;
  type: ColumnType;
  caseExact: boolean;
}

/** A multi-valued attribute: a row source with one row per value (columns named after sub-attributes). */
interface MultiColumn {
  kind: 'multi';
  /** FROM item aliased `m`, correlated with the resource's row. */
  source: string;
  subs: Record<string, { expr: string; type: ColumnType; caseExact: boolean }>;
}

type Column = ScalarColumn | MultiColumn;

export interface SqlMapping {
  type: ResourceTypeDef;
  /** The resource's table alias in compiled SQL. */
  alias: string;
  columns: Record<string, Column>;
}

const scalar = (expr: string, type: ColumnType = 'string', caseExact = false): ScalarColumn => ({
  kind: 'scalar',
  expr,
  type,
  caseExact,
});
const sub = (expr: string, type: ColumnType = 'string', caseExact = false) => ({ expr, type, caseExact });

/** Whether a user counts as active in SCIM terms (the same rule as the representation). */
export const USER_ACTIVE_SQL = `(e.deprovisioned_at IS NULL AND e.status NOT IN ('terminated', 'retired', 'suspended'))`;
/** The manager as the representation shows it: our id within the connection, else the reference given. */
export const USER_MANAGER_VALUE_SQL = `coalesce(
  (SELECT mm.id::text FROM employees mm WHERE mm.id = e.manager_id AND mm.connection_id = e.connection_id),
  CASE WHEN e.manager_ref_kind IN ('email', 'employeeNumber') THEN e.manager_ref END)`;

const ENT = ENTERPRISE_SCHEMA.toLowerCase();

export const USER_MAPPING: SqlMapping = {
  type: USER_TYPE,
  alias: 'e',
  columns: {
    id: scalar('e.id', 'uuid', true),
    externalid: scalar('e.idp_id', 'string', true),
    'meta.created': scalar('e.created_at', 'dateTime'),
    'meta.lastmodified': scalar('e.updated_at', 'dateTime'),
    'meta.resourcetype': scalar(`'User'::text`, 'string', true),
    username: scalar('coalesce(e.username, e.email)'),
    'name.givenname': scalar('e.first_name'),
    'name.familyname': scalar('e.last_name'),
    'name.formatted': scalar(`nullif(btrim(concat_ws(' ', e.first_name, e.last_name)), '')`),
    displayname: scalar('e.display_name'),
    nickname: scalar('e.preferred_name'),
    title: scalar('e.job_title'),
    usertype: scalar(`coalesce(e.custom_attributes->>'userType', e.employment_type)`),
    preferredlanguage: scalar(`(e.custom_attributes->>'preferredLanguage')`),
    locale: scalar(`(e.custom_attributes->>'locale')`),
    timezone: scalar('e.time_zone'),
    active: scalar(USER_ACTIVE_SQL, 'boolean'),
    emails: {
      kind: 'multi',
      source: `(VALUES ('work', e.email, true), ('home', e.personal_email, false)) AS m(type, value, "primary")`,
      subs: { value: sub('m.value'), type: sub('m.type'), primary: sub('m."primary"', 'boolean') },
    },
    phonenumbers: {
      kind: 'multi',
      source: `(VALUES ('work', e.phone, true)) AS m(type, value, "primary")`,
      subs: { value: sub('m.value'), type: sub('m.type'), primary: sub('m."primary"', 'boolean') },
    },
    addresses: {
      kind: 'multi',
      source: `(VALUES ('work', e.location, true)) AS m(type, value, "primary")`,
      subs: { locality: sub('m.value'), type: sub('m.type'), primary: sub('m."primary"', 'boolean') },
    },
    groups: {
      kind: 'multi',
      source: `(SELECT g.id AS value, coalesce(g.display_name, g.name) AS display, 'direct'::text AS type
        FROM group_members gm JOIN directory_groups g ON g.id = gm.group_id AND g.connection_id = e.connection_id
        WHERE gm.employee_id = e.id) AS m`,
      subs: { value: sub('m.value', 'uuid', true), display: sub('m.display'), type: sub('m.type') },
    },
    [`${ENT}:employeenumber`]: scalar('e.employee_number'),
    [`${ENT}:costcenter`]: scalar('e.cost_center'),
    [`${ENT}:organization`]: scalar('e.company'),
    [`${ENT}:division`]: scalar('e.division'),
    [`${ENT}:department`]: scalar('e.department'),
    [`${ENT}:manager`]: scalar(USER_MANAGER_VALUE_SQL, 'string', true),
    [`${ENT}:manager.value`]: scalar(USER_MANAGER_VALUE_SQL, 'string', true),
    [`${ENT}:manager.displayname`]: scalar(
      `(SELECT mm.display_name FROM employees mm WHERE mm.id = e.manager_id)`,
    ),
  },
};

export const GROUP_MAPPING: SqlMapping = {
  type: GROUP_TYPE,
  alias: 'g',
  columns: {
    id: scalar('g.id', 'uuid', true),
    externalid: scalar(`(g.custom_attributes->>'scimExternalId')`, 'string', true),
    'meta.created': scalar('g.created_at', 'dateTime'),
    'meta.lastmodified': scalar('g.updated_at', 'dateTime'),
    'meta.resourcetype': scalar(`'Group'::text`, 'string', true),
    displayname: scalar('coalesce(g.display_name, g.name)'),
    members: {
      kind: 'multi',
      source: `(SELECT gm.employee_id AS value, 'User'::text AS type, u.display_name AS display
          FROM group_members gm JOIN employees u ON u.id = gm.employee_id AND u.connection_id = g.connection_id
          WHERE gm.group_id = g.id
        UNION ALL
        SELECT n.child_group_id, 'Group'::text, coalesce(c.display_name, c.name)
          FROM group_nesting n JOIN directory_groups c ON c.id = n.child_group_id AND c.connection_id = g.connection_id
          WHERE n.parent_group_id = g.id) AS m`,
      subs: { value: sub('m.value', 'uuid', true), type: sub('m.type'), display: sub('m.display') },
    },
  },
};

/** The key of a resolved attribute in a mapping: "name.givenname", "urn:…:user:manager.value". */
function keyOf(resolved: ResolvedAttribute): string {
  const name = resolved.sub ? `${resolved.attribute.name}.${resolved.sub.name}` : resolved.attribute.name;
  return (resolved.extension ? `${resolved.schema}:${name}` : name).toLowerCase();
}

function columnOf(mapping: SqlMapping, path: string): { column: Column; resolved: ResolvedAttribute } {
  const resolved = resolveAttribute(mapping.type, path);
  if (!resolved) throw invalidFilter(`unknown attribute ${quote(path)}`);
  const key = keyOf(resolved);
  const direct = mapping.columns[key];
  if (direct) return { column: direct, resolved };
  // A sub-attribute of a multi-valued attribute ("emails.value") is a condition on any of its values.
  if (resolved.sub) {
    const parentKey = keyOf({ ...resolved, sub: null });
    const parent = mapping.columns[parentKey];
    if (parent?.kind === 'multi') return { column: parent, resolved };
  }
  throw invalidFilter(`attribute ${quote(path)} cannot be used in a filter`);
}

/** Compiles filters to SQL; every value becomes a parameter. */
export class FilterCompiler {
  constructor(
    private readonly mapping: SqlMapping,
    /** Shared with the rest of the statement; compiled SQL refers to $n of this array. */
    readonly params: unknown[],
  ) {}

  compile(filter: Filter): string {
    switch (filter.op) {
      case 'and':
      case 'or':
        return `(${filter.filters.map((part) => this.compile(part)).join(filter.op === 'and' ? ' AND ' : ' OR ')})`;
      case 'not':
        return `(NOT ${this.compile(filter.filter)})`;
      case '[]': {
        const { column, resolved } = columnOf(this.mapping, filter.attrPath);
        if (column.kind !== 'multi' || resolved.sub)
          throw invalidFilter(`${quote(filter.attrPath)} is not a multi-valued attribute`);
        return this.exists(column, this.compileValueFilter(column, resolved.attribute, filter.valFilter));
      }
      case 'pr':
        return this.attributeCondition(filter.attrPath, 'pr', null);
      default:
        return this.attributeCondition(filter.attrPath, filter.op, filter.compValue);
    }
  }

  private attributeCondition(path: string, op: CompareOp | 'pr', value: unknown): string {
    const { column, resolved } = columnOf(this.mapping, path);
    if (column.kind === 'scalar') return this.compare(column, op, value, path);
    const subName = (resolved.sub?.name ?? Object.keys(column.subs)[0]).toLowerCase();
    const target = column.subs[subName];
    if (!target) throw invalidFilter(`attribute ${quote(path)} cannot be used in a filter`);
    return this.exists(column, this.compare({ kind: 'scalar', ...target }, op, value, path));
  }

  private compileValueFilter(column: MultiColumn, parent: AttributeDef, filter: Filter): string {
    switch (filter.op) {
      case 'and':
      case 'or':
        return `(${filter.filters
          .map((part) => this.compileValueFilter(column, parent, part))
          .join(filter.op === 'and' ? ' AND ' : ' OR ')})`;
      case 'not':
        return `(NOT ${this.compileValueFilter(column, parent, filter.filter)})`;
      case '[]':
        throw invalidFilter('a value filter cannot contain another value filter');
      default: {
        // "type" or, redundantly, "emails.type".
        const prefix = `${parent.name.toLowerCase()}.`;
        let name = filter.attrPath.toLowerCase();
        if (name.startsWith(prefix)) name = name.slice(prefix.length);
        const target = column.subs[name];
        if (!target) {
          const known = parent.subAttributes?.some((candidate) => candidate.name.toLowerCase() === name);
          throw invalidFilter(
            known
              ? `${parent.name}.${filter.attrPath} cannot be used in a filter`
              : `unknown attribute ${quote(`${parent.name}.${filter.attrPath}`)}`,
          );
        }
        return this.compare(
          { kind: 'scalar', ...target },
          filter.op,
          filter.op === 'pr' ? null : filter.compValue,
          filter.attrPath,
        );
      }
    }
  }

  private exists(column: MultiColumn, condition: string): string {
    const first = Object.values(column.subs)[0].expr;
    return `EXISTS (SELECT 1 FROM ${column.source} WHERE ${first} IS NOT NULL AND ${condition})`;
  }

  private param(value: unknown, cast = ''): string {
    this.params.push(value);
    return `$${this.params.length}${cast}`;
  }

  /** A null-safe comparison: it is true or false, never null (so NOT works as people expect). */
  private compare(column: ScalarColumn, op: CompareOp | 'pr', value: unknown, path: string): string {
    const { expr, type } = column;
    if (op === 'pr') return type === 'string' ? `coalesce(${expr} <> '', false)` : `(${expr} IS NOT NULL)`;
    if (value === null) {
      if (op === 'eq') return `(${expr} IS NULL)`;
      if (op === 'ne') return `(${expr} IS NOT NULL)`;
      throw invalidFilter(`${op} cannot compare ${quote(path)} with null`);
    }
    switch (type) {
      case 'boolean': {
        const flag = toBoolean(value);
        if (flag === null) throw invalidFilter(`${quote(path)} is a boolean: compare it with true or false`);
        if (op === 'eq') return `coalesce(${expr} = ${this.param(flag, '::boolean')}, false)`;
        if (op === 'ne') return `(${expr} IS DISTINCT FROM ${this.param(flag, '::boolean')})`;
        throw invalidFilter(`${op} cannot be used with the boolean ${quote(path)}`);
      }
      case 'dateTime': {
        if (typeof value !== 'string' || Number.isNaN(Date.parse(value)))
          throw invalidFilter(`${quote(path)} is a date-time: compare it with an ISO 8601 string`);
        const sqlOp = ORDER_OPERATORS[op];
        if (op === 'ne') return `(${expr} IS DISTINCT FROM ${this.param(value, '::timestamptz')})`;
        if (!sqlOp) throw invalidFilter(`${op} cannot be used with the date-time ${quote(path)}`);
        return `coalesce(${expr} ${sqlOp} ${this.param(value, '::timestamptz')}, false)`;
      }
      case 'uuid': {
        const text = textValue(value, path);
        if (op === 'eq' || op === 'ne') {
          if (!UUID.test(text)) return op === 'eq' ? 'false' : 'true';
          return op === 'eq'
            ? `coalesce(${expr} = ${this.param(text.toLowerCase(), '::uuid')}, false)`
            : `(${expr} IS DISTINCT FROM ${this.param(text.toLowerCase(), '::uuid')})`;
        }
        return this.compareText(`${expr}::text`, op, text.toLowerCase(), false);
      }
      default:
        return this.compareText(expr, op, textValue(value, path), !column.caseExact);
    }
  }

  private compareText(expr: string, op: CompareOp, value: string, caseInsensitive: boolean): string {
    const left = caseInsensitive ? `lower(${expr})` : expr;
    const text = caseInsensitive ? value.toLowerCase() : value;
    switch (op) {
      case 'eq':
        return `coalesce(${left} = ${this.param(text)}, false)`;
      case 'ne':
        return `(${left} IS DISTINCT FROM ${this.param(text)})`;
      case 'co':
        return `coalesce(${left} LIKE ${this.param(`%${escapeLike(text)}%`)}, false)`;
      case 'sw':
        return `coalesce(${left} LIKE ${this.param(`${escapeLike(text)}%`)}, false)`;
      case 'ew':
        return `coalesce(${left} LIKE ${this.param(`%${escapeLike(text)}`)}, false)`;
      default:
        return `coalesce(${left} ${ORDER_OPERATORS[op]} ${this.param(text)} COLLATE "C", false)`;
    }
  }
}

const ORDER_OPERATORS: Partial<Record<CompareOp, string>> = { eq: '=', gt: '>', ge: '>=', lt: '<', le: '<=' };
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function toBoolean(value: unknown): boolean | null {
  if (typeof value === 'boolean') return value;
  if (typeof value === 'string' && /^(true|false)$/i.test(value)) return value.toLowerCase() === 'true';
  return null;
}

function textValue(value: unknown, path: string): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return String(value);
  throw invalidFilter(`${quote(path)} is text: compare it with a string`);
}

/** ORDER BY for sortBy (RFC 7644 §3.4.2.3): a multi-valued attribute sorts by its primary value. */
export function sortExpression(mapping: SqlMapping, sortBy: string, descending: boolean): string {
  let found: { column: Column; resolved: ResolvedAttribute };
  try {
    found = columnOf(mapping, sortBy);
  } catch {
    throw invalidValue(`sortBy names an attribute that cannot be sorted on: ${quote(sortBy)}`);
  }
  const { column, resolved } = found;
  let expr: string;
  let caseExact: boolean;
  if (column.kind === 'scalar') {
    expr = column.expr;
    caseExact = column.caseExact || column.type !== 'string';
  } else {
    const subName = (resolved.sub?.name ?? Object.keys(column.subs)[0]).toLowerCase();
    const target = column.subs[subName];
    if (!target) throw invalidValue(`sortBy cannot sort on ${quote(sortBy)}`);
    expr = `(SELECT ${target.expr} FROM ${column.source} WHERE ${target.expr} IS NOT NULL LIMIT 1)`;
    caseExact = target.caseExact || target.type !== 'string';
  }
  const key = caseExact ? expr : `lower(${expr})`;
  return `${key} ${descending ? 'DESC NULLS LAST' : 'ASC NULLS LAST'}`;
}
