import { DirectorySource, Employee, EmploymentStatus, EmploymentType } from '../entities';
import { AmbiguousEmailError } from './errors';
import {
  AttributeCondition,
  attributeConditionSql,
  attributeCountSql,
  attributeProbeSql,
  attributeSetSql,
} from './custom-attributes/service';
import {
  AttributeFilterIndexes,
  AttributeVersion,
  OrganizationAttributeIndex,
} from './custom-attributes/filter-index';
import { OrganizationSizes } from './organization-sizes';
import { CursorKey, Page, PageRequest, keyParts, toPage } from './pagination';
import { FORMER_STATUSES, Sql, employeeColumns, escapeLike } from './sql';

export type EmployeeRecord = Employee;

export interface EmployeeFilter {
  department?: string | null;
  division?: string | null;
  costCenter?: string | null;
  location?: string | null;
  status?: EmploymentStatus | null;
  employmentType?: EmploymentType | null;
  source?: DirectorySource | null;
  managerId?: string | null;
  /** People a connection has a source record of. */
  connectionId?: string | null;
  /** Free text over name, email and employee number. */
  search?: string | null;
  /** Typed custom attribute conditions (all must hold), checked by CustomAttributes.conditions. */
  customAttributes?: readonly AttributeCondition[] | null;
  /** The version of the typed values the conditions were checked at (CustomAttributes.conditions). */
  attributeVersion?: AttributeVersion | null;
}

/** Which reports a manager-scoped list includes. */
export interface ReportScope {
  status?: EmploymentStatus | null;
  /** Include terminated and retired people (left out by default). */
  includeFormer?: boolean;
}

/** Sort key of every employee list: display name, then id (stable and index-backed). */
export function employeeSortKey(row: EmployeeRecord): CursorKey {
  return [row.displayName, row.id];
}

/** Reads of single employees and flat employee lists, always inside one organization. */
export class EmployeeReads {
  constructor(
    private readonly sql: Sql,
    /** Organization sizes (cached), for the page plan of custom attribute filters. */
    private readonly sizes: OrganizationSizes = new OrganizationSizes(sql),
    /** Large organizations' typed values in memory, for filters on custom attributes alone. */
    private readonly attributeIndexes: AttributeFilterIndexes | null = null,
  ) {}

  /** With `properties`, only those columns (and the id and name every row carries). */
  async byIds(
    orgId: string,
    ids: readonly string[],
    properties: ReadonlySet<string> | null = null,
  ): Promise<EmployeeRecord[]> {
    return this.sql.rows<EmployeeRecord>(
      `SELECT ${employeeColumns('e', properties)} FROM employees e WHERE e.org_id = $1 AND e.id = ANY($2::uuid[])`,
      [orgId, ids],
    );
  }

  /** Case-insensitive; returns rows whose lower(email) is among the given (lower-cased) emails. */
  async byEmails(orgId: string, emails: readonly string[]): Promise<EmployeeRecord[]> {
    return this.sql.rows<EmployeeRecord>(
      `SELECT ${employeeColumns()} FROM employees e WHERE e.org_id = $1 AND lower(e.email) = ANY($2::text[])`,
      [orgId, emails.map((email) => email.toLowerCase())],
    );
  }

  /**
   * The person an e-mail names (lower-cased keys). E-mails may be shared: the one person holding
   * it; of several, the one who is current (not terminated or retired); several current people
   * sharing it make it ambiguous (AmbiguousEmailError), never a guess. Absent: nobody has it.
   */
  async personByEmails(
    orgId: string,
    emails: readonly string[],
  ): Promise<Map<string, EmployeeRecord | AmbiguousEmailError>> {
    const holders = new Map<string, EmployeeRecord[]>();
    for (const row of await this.byEmails(orgId, emails)) {
      const key = row.email!.toLowerCase();
      holders.set(key, [...(holders.get(key) ?? []), row]);
    }
    const result = new Map<string, EmployeeRecord | AmbiguousEmailError>();
    for (const [email, rows] of holders) {
      const current = rows.filter((row) => !FORMER_STATUSES.includes(row.status));
      if (rows.length === 1) result.set(email, rows[0]);
      else if (current.length === 1) result.set(email, current[0]);
      else result.set(email, new AmbiguousEmailError(current.length || rows.length));
    }
    return result;
  }

  async byUserIds(orgId: string, userIds: readonly string[]): Promise<EmployeeRecord[]> {
    return this.sql.rows<EmployeeRecord>(
      `SELECT ${employeeColumns()} FROM employees e WHERE e.org_id = $1 AND e.user_id = ANY($2::text[])`,
      [orgId, userIds],
    );
  }

  async list(orgId: string, filter: EmployeeFilter, page: PageRequest): Promise<Page<EmployeeRecord>> {
    if (onlyAttributeConditions(filter)) {
      const index = await this.attributeIndex(orgId, filter);
      const fromIndex = index && (await this.listFromIndex(orgId, index, filter.customAttributes!, page));
      if (fromIndex) return fromIndex;
    }
    // Only `exists: false` conditions: the planner estimates those well (the share of people
    // with a value) and can choose an anti-join when few people lack one.
    if (onlyAttributeConditions(filter) && filter.customAttributes!.some((condition) => condition.exists))
      return this.listByAttributes(orgId, filter.customAttributes!, page);
    const { where, params } = filterClause(orgId, filter);
    if (page.after) where.push(afterClause(page, params));
    params.push(page.first + 1);
    const rows = await this.sql.rows<EmployeeRecord>(
      `SELECT ${employeeColumns()} FROM employees e WHERE ${where.join(' AND ')}
       ORDER BY e.display_name, e.id LIMIT $${params.length}`,
      params,
    );
    return toPage(rows, page.first);
  }

  /** The organization's in-memory attribute index, when it is current and can answer the conditions. */
  private async attributeIndex(
    orgId: string,
    filter: EmployeeFilter,
  ): Promise<OrganizationAttributeIndex | null> {
    if (!this.attributeIndexes || !filter.attributeVersion) return null;
    const index = this.attributeIndexes.fresh(
      orgId,
      filter.attributeVersion,
      await this.sizes.roughly(orgId),
    );
    return index?.answers(filter.customAttributes!) ? index : null;
  }

  /**
   * A page from the in-memory index: the ranks of the matches after the cursor, then those people's
   * rows by primary key, read with the conditions (each row matches in the database too). Null when
   * the index cannot say (the cursor's person renamed or gone) or the rows moved on since the
   * version the request saw (a write in between): the caller pages in SQL.
   */
  private async listFromIndex(
    orgId: string,
    index: OrganizationAttributeIndex,
    conditions: readonly AttributeCondition[],
    page: PageRequest,
  ): Promise<Page<EmployeeRecord> | null> {
    const after = page.after ? keyParts(page.after, ['string', 'string'] as const) : null;
    const ranks = index.page(
      conditions,
      after && { name: after[0] as string, id: after[1] as string },
      page.first + 1,
    );
    if (!ranks) return null;
    if (ranks.length === 0) return { rows: [], hasNextPage: false };
    const ids = ranks.map((rank) => index.ids[rank]);
    const params: unknown[] = [orgId, ids];
    const where = [
      'e.org_id = $1',
      'e.id = ANY($2::uuid[])',
      ...conditions.map((condition) => attributeConditionSql(condition, params, 'e', true)),
    ];
    const rows = await this.sql.rows<EmployeeRecord>(
      `SELECT ${employeeColumns()} FROM employees e WHERE ${where.join(' AND ')}`,
      params,
    );
    if (rows.length !== ids.length) return null;
    const byId = new Map(rows.map((row) => [row.id, row]));
    const ordered = ids.map((id) => byId.get(id)!);
    if (ordered.some((row, i) => row.displayName !== index.names[ranks[i]])) return null;
    return toPage(ordered, page.first);
  }

  /**
   * A page of the people matching custom attribute conditions (and nothing else, at least one
   * needing a value), in name order.
   * Two plans, chosen on counted numbers rather than on the planner's estimates (which for a
   * range of dates or numbers within one attribute can be 30 times off):
   * - few matches (at most `threshold`): from the value index of the rarest condition, the
   *   matches' rows by primary key, sorted; cost grows with the matches.
   * - many: walk employees in name order (employees_org_name_idx) and probe each person's
   *   values until the page is full; cost grows with people per match.
   * The threshold balances the two: a walk reads about (first + 1) × people / matches rows, so
   * the walk is cheaper once matches exceed √(2 × (first + 1) × people) (a walked row costs about
   * twice a fetched one: the row and a probe). Counting up to the threshold reads at most that
   * many index entries per condition.
   */
  private async listByAttributes(
    orgId: string,
    conditions: readonly AttributeCondition[],
    page: PageRequest,
  ): Promise<Page<EmployeeRecord>> {
    const people = await this.sizes.roughly(orgId);
    const threshold = Math.max(100, Math.ceil(Math.sqrt(2 * (page.first + 1) * people)));
    const positives = conditions.filter((condition) => condition.exists);
    const probeParams: unknown[] = [];
    const probes = positives.map((condition) => attributeProbeSql(condition, probeParams, threshold + 1));
    const [{ counts }] = await this.sql.rows<{ counts: number[] }>(
      `SELECT ARRAY[${probes.join(', ')}] AS counts`,
      probeParams,
    );
    const fewest = counts.indexOf(Math.min(...counts));
    const driving = counts[fewest] <= threshold ? positives[fewest] : null;
    const params: unknown[] = [orgId];
    const where = ['e.org_id = $1::uuid'];
    for (const condition of conditions)
      if (condition !== driving) where.push(attributeConditionSql(condition, params, 'e', true));
    if (page.after) where.push(afterClause(page, params));
    let sql: string;
    if (driving) {
      // OFFSET 0 keeps the lateral a primary-key probe per match (no hash join over employees).
      const matches = attributeSetSql(driving, params);
      params.push(page.first + 1);
      sql = `SELECT x.* FROM (${matches}) m CROSS JOIN LATERAL (
          SELECT ${employeeColumns()} FROM employees e WHERE e.id = m.employee_id AND ${where.join(' AND ')} OFFSET 0
        ) x ORDER BY x."displayName", x.id LIMIT $${params.length}`;
    } else {
      params.push(page.first + 1);
      sql = `SELECT ${employeeColumns()} FROM employees e WHERE ${where.join(' AND ')}
        ORDER BY e.display_name, e.id LIMIT $${params.length}`;
    }
    return toPage(await this.sql.rows<EmployeeRecord>(sql, params), page.first);
  }

  async count(orgId: string, filter: EmployeeFilter): Promise<number> {
    if (onlyAttributeConditions(filter)) {
      const index = await this.attributeIndex(orgId, filter);
      if (index) return index.count(filter.customAttributes!);
      const params: unknown[] = [];
      const sql = attributeCountSql(filter.customAttributes!, params, orgId);
      if (sql) return (await this.sql.rows<{ count: number }>(sql, params))[0].count;
    }
    const { where, params } = filterClause(orgId, filter);
    const [row] = await this.sql.rows<{ count: number }>(
      `SELECT count(*) AS count FROM employees e WHERE ${where.join(' AND ')}`,
      params,
    );
    return row.count;
  }

  /**
   * One page of direct reports for each manager, in one statement whatever the number of managers
   * (a LATERAL index scan per manager).
   */
  async directReportPages(
    orgId: string,
    managerIds: readonly string[],
    scope: ReportScope,
    page: PageRequest,
  ): Promise<Map<string, Page<EmployeeRecord>>> {
    return this.pagesPerKey(orgId, { column: 'manager_id', type: 'uuid' }, managerIds, page, (params) =>
      scopeClause('r', scope, params),
    );
  }

  async directReportCounts(
    orgId: string,
    managerIds: readonly string[],
    scope: ReportScope,
  ): Promise<Map<string, number>> {
    const params: unknown[] = [orgId, managerIds];
    const where = ['r.org_id = $1', 'r.manager_id = ANY($2::uuid[])', ...scopeClause('r', scope, params)];
    const rows = await this.sql.rows<{ managerId: string; count: number }>(
      `SELECT r.manager_id AS "managerId", count(*) AS count FROM employees r WHERE ${where.join(' AND ')}
       GROUP BY r.manager_id`,
      params,
    );
    return new Map(rows.map((row) => [row.managerId, row.count]));
  }

  /** One page of each department's current employees, in one statement. */
  async departmentPages(
    orgId: string,
    departments: readonly string[],
    page: PageRequest,
  ): Promise<Map<string, Page<EmployeeRecord>>> {
    return this.pagesPerKey(orgId, { column: 'department', type: 'text' }, departments, page, (params) =>
      scopeClause('r', {}, params),
    );
  }

  /** A page of employees for each value of one column (manager, department), by name, in one statement. */
  private async pagesPerKey(
    orgId: string,
    key: { column: 'manager_id' | 'department'; type: 'uuid' | 'text' },
    values: readonly string[],
    page: PageRequest,
    conditions: (params: unknown[]) => string[],
  ): Promise<Map<string, Page<EmployeeRecord>>> {
    const params: unknown[] = [orgId, values];
    const where = ['r.org_id = $1', `r.${key.column} = k.value`, ...conditions(params)];
    if (page.after) {
      const [name, id] = keyParts(page.after, ['string', 'string'] as const);
      params.push(name, id);
      where.push(`(r.display_name, r.id) > ($${params.length - 1}, $${params.length}::uuid)`);
    }
    params.push(page.first + 1);
    const rows = await this.sql.rows<EmployeeRecord & { parentId: string }>(
      `SELECT k.value AS "parentId", x.* FROM unnest($2::${key.type}[]) AS k(value)
       CROSS JOIN LATERAL (
         SELECT ${employeeColumns('r')} FROM employees r WHERE ${where.join(' AND ')}
         ORDER BY r.display_name, r.id LIMIT $${params.length}
       ) x`,
      params,
    );
    return groupPages(values, rows, page.first);
  }
}

function filterClause(orgId: string, filter: EmployeeFilter): { where: string[]; params: unknown[] } {
  const params: unknown[] = [orgId];
  const where = ['e.org_id = $1'];
  const equals: [keyof EmployeeFilter, string][] = [
    ['department', 'department'],
    ['division', 'division'],
    ['costCenter', 'cost_center'],
    ['location', 'location'],
    ['status', 'status'],
    ['employmentType', 'employment_type'],
    ['source', 'source'],
  ];
  for (const [property, column] of equals) {
    const value = filter[property];
    if (value !== undefined && value !== null) {
      params.push(value);
      where.push(`e.${column} = $${params.length}`);
    }
  }
  if (filter.managerId) {
    params.push(filter.managerId);
    where.push(`e.manager_id = $${params.length}::uuid`);
  }
  if (filter.connectionId) {
    params.push(filter.connectionId);
    where.push(
      `EXISTS (SELECT 1 FROM employee_sources es WHERE es.employee_id = e.id AND es.connection_id = $${params.length}::uuid)`,
    );
  }
  const search = filter.search?.trim().toLowerCase();
  if (search) {
    // Every word must appear (trigram index on search_text serves the LIKEs).
    for (const word of search.split(/\s+/).slice(0, 8)) {
      params.push(`%${escapeLike(word)}%`);
      where.push(`e.search_text LIKE $${params.length}`);
    }
  }
  for (const condition of filter.customAttributes ?? []) where.push(attributeConditionSql(condition, params));
  return { where, params };
}

/** The keyset condition of a page after a cursor (display name, id). */
function afterClause(page: PageRequest, params: unknown[]): string {
  const [name, id] = keyParts(page.after!, ['string', 'string'] as const);
  params.push(name, id);
  return `(e.display_name, e.id) > ($${params.length - 1}, $${params.length}::uuid)`;
}

/** The filter has custom attribute conditions and nothing else. */
function onlyAttributeConditions(filter: EmployeeFilter): boolean {
  if (!filter.customAttributes?.length) return false;
  return Object.entries(filter).every(
    ([property, value]) =>
      property === 'customAttributes' ||
      property === 'attributeVersion' ||
      value === null ||
      value === undefined ||
      (property === 'search' && typeof value === 'string' && value.trim() === ''),
  );
}

function scopeClause(alias: string, scope: ReportScope, params: unknown[]): string[] {
  if (scope.status) {
    params.push(scope.status);
    return [`${alias}.status = $${params.length}`];
  }
  if (scope.includeFormer) return [];
  params.push(FORMER_STATUSES);
  return [`${alias}.status <> ALL($${params.length}::text[])`];
}

/** Splits rows tagged with parentId into one page per parent key (every key gets a page). */
export function groupPages<T extends { parentId: string }>(
  keys: readonly string[],
  rows: T[],
  first: number,
): Map<string, Page<T>> {
  const byParent = new Map<string, T[]>(keys.map((key) => [key, []]));
  for (const row of rows) byParent.get(row.parentId)?.push(row);
  return new Map([...byParent].map(([key, list]) => [key, toPage(list, first)]));
}
