import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { PoolClient } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { DataSource, EntityManager } from 'typeorm';

/** The database as the domain sees it: parameterised statements that return typed rows. */
export class Sql {
  constructor(
    private readonly dataSource: DataSource,
    /**
     * A transaction's manager: every statement, COPY included, then runs on that transaction's
     * connection (it sees the transaction's rows, and a write holds one pool connection, not two).
     */
    private readonly manager?: EntityManager,
  ) {}

  /** The same database on a transaction's connection. */
  within(manager: EntityManager): Sql {
    return new Sql(this.dataSource, manager);
  }

  /**
   * Runs `work` in one read-only REPEATABLE READ transaction: every statement sees the same
   * committed state (a consistent picture across several reads).
   */
  async snapshot<T>(work: (sql: Sql) => Promise<T>): Promise<T> {
    return this.dataSource.transaction('REPEATABLE READ', async (manager) => {
      await manager.query('SET TRANSACTION READ ONLY');
      return work(this.within(manager));
    });
  }

  async rows<T>(text: string, params: readonly unknown[] = []): Promise<T[]> {
    return (await (this.manager ?? this.dataSource).query(text, params as unknown[])) as T[];
  }

  /**
   * `COPY … FROM STDIN` of rows already in COPY's text format (see copyLine): bulk rows without a
   * parameter per value for the server to parse. All or nothing, like any statement.
   */
  async copyIn(statement: string, text: string): Promise<void> {
    const own = this.manager?.queryRunner;
    if (own) {
      // The transaction's runner is connected already: connect() hands back its client.
      const client = (await own.connect()) as PoolClient;
      await pipeline(Readable.from([text]), client.query(copyFrom(statement)));
      return;
    }
    // A query runner's connection is the pool's pg client (TypeORM's public way to reach it).
    const runner = this.dataSource.createQueryRunner('master');
    try {
      const client = (await runner.connect()) as PoolClient;
      await pipeline(Readable.from([text]), client.query(copyFrom(statement)));
    } finally {
      await runner.release();
    }
  }
}

/** One row in COPY's text format: tab-separated, \N for null, backslash escapes. */
export function copyLine(values: readonly (string | null)[]): string {
  let line = '';
  for (let i = 0; i < values.length; i++) {
    const value = values[i];
    if (i > 0) line += '\t';
    line += value === null ? '\\N' : value.replace(COPY_SPECIAL, (c) => COPY_ESCAPES[c]);
  }
  return line + '\n';
}

const COPY_SPECIAL = /[\\\t\n\r]/g;
const COPY_ESCAPES: Record<string, string> = { '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' };

/** A text[] literal ({"a","b"}), for COPY. */
export function textArrayLiteral(values: readonly string[]): string {
  return `{${values.map((value) => `"${value.replace(/[\\"]/g, (c) => `\\${c}`)}"`).join(',')}}`;
}

/**
 * Employee columns, aliased to the record's property names. `alias` is the table alias. With
 * `properties`, only those (plus the keys every employee row carries); whole-tree answers of
 * thousands of rows spend most of their time decoding columns nobody asked for.
 */
export function employeeColumns(alias = 'e', properties?: ReadonlySet<string> | null): string {
  const fields = properties
    ? EMPLOYEE_FIELDS.filter(([, property]) => ALWAYS.has(property) || properties.has(property))
    : EMPLOYEE_FIELDS;
  return fields.map(([column, property]) => `${alias}.${column} AS "${property}"`).join(', ');
}

/** Every employee row carries its identity and its sort key (cursors are made from both). */
const ALWAYS = new Set(['id', 'displayName']);

/** Whether a property is an employee column (for callers that choose columns). */
export function isEmployeeProperty(property: string): boolean {
  return EMPLOYEE_FIELDS.some(([, known]) => known === property);
}

export function groupColumns(alias = 'g'): string {
  return GROUP_FIELDS.map(([column, property]) => `${alias}.${column} AS "${property}"`).join(', ');
}

const EMPLOYEE_FIELDS: readonly [string, string][] = [
  ['id', 'id'],
  ['org_id', 'orgId'],
  ['employee_number', 'employeeNumber'],
  ['email', 'email'],
  ['display_name', 'displayName'],
  ['first_name', 'firstName'],
  ['last_name', 'lastName'],
  ['preferred_name', 'preferredName'],
  ['job_title', 'jobTitle'],
  ['department', 'department'],
  ['division', 'division'],
  ['cost_center', 'costCenter'],
  ['location', 'location'],
  ['phone', 'phone'],
  ['company', 'company'],
  ['username', 'username'],
  ['personal_email', 'personalEmail'],
  ['time_zone', 'timeZone'],
  ['status', 'status'],
  ['employment_type', 'employmentType'],
  ['start_date', 'startDate'],
  ['termination_date', 'terminationDate'],
  ['manager_id', 'managerId'],
  ['manager_ref', 'managerRef'],
  ['source', 'source'],
  ['external_id', 'externalId'],
  ['idp_id', 'idpId'],
  ['user_id', 'userId'],
  ['custom_attributes', 'customAttributes'],
  ['synced_at', 'syncedAt'],
  ['created_at', 'createdAt'],
  ['updated_at', 'updatedAt'],
];

const GROUP_FIELDS: readonly [string, string][] = [
  ['id', 'id'],
  ['org_id', 'orgId'],
  ['name', 'name'],
  ['display_name', 'displayName'],
  ['description', 'description'],
  ['source', 'source'],
  ['external_id', 'externalId'],
  ['is_security_group', 'isSecurityGroup'],
  ['group_type', 'groupType'],
  ['custom_attributes', 'customAttributes'],
  ['synced_at', 'syncedAt'],
  ['created_at', 'createdAt'],
  ['updated_at', 'updatedAt'],
];

/** Escapes LIKE wildcards so user text matches literally. */
export function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (match) => `\\${match}`);
}

/** Statuses that no longer belong to the current organization. */
export const FORMER_STATUSES = ['terminated', 'retired'];

/**
 * SQL for the id of the person an e-mail names in an organization, as employeeByEmail decides it
 * (e-mails may be shared): the one holder; of several, the one current holder; else NULL (none, or
 * ambiguous). Served by the (org_id, lower(email)) index.
 */
export function personByEmailSql(orgId: string, email: string): string {
  const current = `m.status NOT IN (${FORMER_STATUSES.map((status) => `'${status}'`).join(', ')})`;
  return `(SELECT CASE WHEN count(*) = 1 THEN min(m.id::text)::uuid
      WHEN count(*) FILTER (WHERE ${current}) = 1 THEN (min(m.id::text) FILTER (WHERE ${current}))::uuid END
    FROM employees m WHERE m.org_id = ${orgId} AND lower(m.email) = lower(${email}))`;
}
