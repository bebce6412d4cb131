import { DirectoryGroup, DirectorySource, GroupType } from '../entities';
import { EmployeeRecord } from './employees';
import { Page, PageRequest, keyParts, toPage } from './pagination';
import { Sql, employeeColumns, escapeLike, groupColumns } from './sql';

export type GroupRecord = DirectoryGroup;

/** Nesting deeper than this is treated as a loop in the source, not followed further. */
export const MAX_NESTING_DEPTH = 32;

export interface GroupFilter {
  source?: DirectorySource | null;
  search?: string | null;
  isSecurityGroup?: boolean | null;
  groupType?: GroupType | null;
}

export type MembershipType = 'direct' | 'nested';

/** A group an employee belongs to, directly or through the group they are a direct member of. */
export interface EmployeeGroupMembership {
  group: GroupRecord;
  membershipType: MembershipType;
  /** For nested membership: the group the employee is a direct member of. */
  viaGroupId: string | null;
}

export interface GroupMemberEntry {
  employee: EmployeeRecord;
  membershipType: MembershipType;
  viaGroupId: string | null;
}

/** Group reads and nested-membership resolution (recursive SQL over the nesting DAG). */
export class GroupReads {
  constructor(private readonly sql: Sql) {}

  async byIds(orgId: string, ids: readonly string[]): Promise<GroupRecord[]> {
    return this.sql.rows<GroupRecord>(
      `SELECT ${groupColumns()} FROM directory_groups g WHERE g.org_id = $1 AND g.id = ANY($2::uuid[])`,
      [orgId, ids],
    );
  }

  async list(orgId: string, filter: GroupFilter, page: PageRequest): Promise<Page<GroupRecord>> {
    const { where, params } = groupFilterClause(orgId, filter);
    if (page.after) {
      const [name, id] = keyParts(page.after, ['string', 'string'] as const);
      params.push(name, id);
      where.push(`(lower(g.name), g.id) > ($${params.length - 1}, $${params.length}::uuid)`);
    }
    params.push(page.first + 1);
    const rows = await this.sql.rows<GroupRecord>(
      `SELECT ${groupColumns()} FROM directory_groups g WHERE ${where.join(' AND ')}
       ORDER BY lower(g.name), g.id LIMIT $${params.length}`,
      params,
    );
    return toPage(rows, page.first);
  }

  async count(orgId: string, filter: GroupFilter): Promise<number> {
    const { where, params } = groupFilterClause(orgId, filter);
    const [row] = await this.sql.rows<{ count: number }>(
      `SELECT count(*) AS count FROM directory_groups g WHERE ${where.join(' AND ')}`,
      params,
    );
    return row.count;
  }

  /** The groups of many employees, direct and (optionally) inherited through nesting; one statement. */
  async groupsOfEmployees(
    orgId: string,
    employeeIds: readonly string[],
    resolveNested: boolean,
  ): Promise<Map<string, EmployeeGroupMembership[]>> {
    const rows = await this.sql.rows<GroupRecord & { employeeId: string; depth: number; via: string }>(
      `WITH RECURSIVE up(employee_id, group_id, via, depth) AS (
         SELECT m.employee_id, m.group_id, m.group_id, 0
         FROM group_members m WHERE m.org_id = $1 AND m.employee_id = ANY($2::uuid[])
         UNION
         SELECT u.employee_id, n.parent_group_id, u.via, u.depth + 1
         FROM up u JOIN group_nesting n ON n.child_group_id = u.group_id AND n.org_id = $1
         WHERE $3 AND u.depth < ${MAX_NESTING_DEPTH}
       ),
       best AS (
         SELECT DISTINCT ON (employee_id, group_id) employee_id, group_id, via, depth
         FROM up ORDER BY employee_id, group_id, depth, via
       )
       SELECT b.employee_id AS "employeeId", b.depth, b.via, ${groupColumns()}
       FROM best b JOIN directory_groups g ON g.id = b.group_id
       ORDER BY b.employee_id, b.depth > 0, lower(g.name), g.id`,
      [orgId, employeeIds, resolveNested],
    );
    const result = new Map<string, EmployeeGroupMembership[]>(employeeIds.map((id) => [id, []]));
    for (const { employeeId, depth, via, ...group } of rows) {
      result.get(employeeId)?.push({
        group: group as GroupRecord,
        membershipType: depth === 0 ? 'direct' : 'nested',
        viaGroupId: depth === 0 ? null : via,
      });
    }
    return result;
  }

  /**
   * One page of members of each group, ordered by name: with resolveNested, everyone in the group or
   * in any group nested below it (each person once, through the nearest group); one statement.
   */
  async memberPages(
    orgId: string,
    groupIds: readonly string[],
    resolveNested: boolean,
    page: PageRequest,
    properties: ReadonlySet<string> | null = null,
  ): Promise<Map<string, Page<GroupMemberEntry>>> {
    const params: unknown[] = [orgId, groupIds, resolveNested];
    let after = 'true';
    if (page.after) {
      const [name, id] = keyParts(page.after, ['string', 'string'] as const);
      params.push(name, id);
      after = `(e.display_name, e.id) > ($4::text, $5::uuid)`;
    }
    params.push(page.first + 1);
    const columns = `x.root, x.depth, x.via, ${employeeColumns('e', properties)}`;
    // One group (the usual question): a top-N sort, not a numbering of every member.
    const rows = await this.sql.rows<EmployeeRecord & { root: string; depth: number; via: string }>(
      groupIds.length === 1
        ? `${effectiveMembersCte}
           SELECT ${columns} FROM effective x JOIN employees e ON e.id = x.employee_id
           WHERE ${after} ORDER BY e.display_name, e.id LIMIT $${params.length}`
        : `${effectiveMembersCte},
           ranked AS (
             SELECT ${columns}, row_number() OVER (PARTITION BY x.root ORDER BY e.display_name, e.id) AS rn
             FROM effective x JOIN employees e ON e.id = x.employee_id
             WHERE ${after}
           )
           SELECT * FROM ranked WHERE rn <= $${params.length} ORDER BY root, rn`,
      params,
    );
    const pages = new Map<string, GroupMemberEntry[]>(groupIds.map((id) => [id, []]));
    for (const { root, depth, via, rn: _rn, ...employee } of rows as (EmployeeRecord & {
      root: string;
      depth: number;
      via: string;
      rn?: number;
    })[]) {
      pages.get(root)?.push({
        employee: employee as EmployeeRecord,
        membershipType: depth === 0 ? 'direct' : 'nested',
        viaGroupId: depth === 0 ? null : via,
      });
    }
    return new Map([...pages].map(([id, list]) => [id, toPage(list, page.first)]));
  }

  async memberCounts(
    orgId: string,
    groupIds: readonly string[],
    resolveNested: boolean,
  ): Promise<Map<string, number>> {
    // Counting needs no nearest group per person: a distinct count, without the sort that picks it.
    const rows = await this.sql.rows<{ root: string; count: number }>(
      `${reachCte}
       SELECT r.root, count(DISTINCT m.employee_id) AS count
       FROM reach r JOIN group_members m ON m.group_id = r.group_id GROUP BY r.root`,
      [orgId, groupIds, resolveNested],
    );
    return new Map(groupIds.map((id) => [id, rows.find((row) => row.root === id)?.count ?? 0]));
  }

  async parentGroups(orgId: string, groupIds: readonly string[]): Promise<Map<string, GroupRecord[]>> {
    return this.relatedGroups(orgId, groupIds, 'child_group_id', 'parent_group_id');
  }

  async childGroups(orgId: string, groupIds: readonly string[]): Promise<Map<string, GroupRecord[]>> {
    return this.relatedGroups(orgId, groupIds, 'parent_group_id', 'child_group_id');
  }

  private async relatedGroups(
    orgId: string,
    groupIds: readonly string[],
    fromColumn: string,
    toColumn: string,
  ): Promise<Map<string, GroupRecord[]>> {
    const rows = await this.sql.rows<GroupRecord & { fromId: string }>(
      `SELECT n.${fromColumn} AS "fromId", ${groupColumns()}
       FROM group_nesting n JOIN directory_groups g ON g.id = n.${toColumn}
       WHERE n.org_id = $1 AND n.${fromColumn} = ANY($2::uuid[])
       ORDER BY lower(g.name), g.id`,
      [orgId, groupIds],
    );
    const result = new Map<string, GroupRecord[]>(groupIds.map((id) => [id, []]));
    for (const { fromId, ...group } of rows) result.get(fromId)?.push(group as GroupRecord);
    return result;
  }
}

/**
 * reach(root, group_id, depth): each root group and every group nested below it, at its nearest
 * depth. Parameters: $1 org, $2 root group ids, $3 resolveNested. UNION (not UNION ALL) plus the
 * depth bound keep cycles and diamonds finite and small.
 */
const reachCte = `
  WITH RECURSIVE down(root, group_id, depth) AS (
    SELECT g.id, g.id, 0 FROM directory_groups g WHERE g.org_id = $1 AND g.id = ANY($2::uuid[])
    UNION
    SELECT d.root, n.child_group_id, d.depth + 1
    FROM down d JOIN group_nesting n ON n.parent_group_id = d.group_id AND n.org_id = $1
    WHERE $3 AND d.depth < ${MAX_NESTING_DEPTH}
  ),
  reach AS (SELECT root, group_id, min(depth) AS depth FROM down GROUP BY root, group_id)`;

/**
 * effective(root, employee_id, via, depth): each person in each root group, through the nearest
 * group they are a direct member of.
 */
const effectiveMembersCte = `${reachCte},
  effective AS (
    SELECT DISTINCT ON (r.root, m.employee_id) r.root, m.employee_id, r.group_id AS via, r.depth
    FROM reach r JOIN group_members m ON m.group_id = r.group_id
    ORDER BY r.root, m.employee_id, r.depth, r.group_id
  )`;

function groupFilterClause(orgId: string, filter: GroupFilter): { where: string[]; params: unknown[] } {
  const params: unknown[] = [orgId];
  const where = ['g.org_id = $1'];
  if (filter.source) {
    params.push(filter.source);
    where.push(`g.source = $${params.length}`);
  }
  if (filter.groupType) {
    params.push(filter.groupType);
    where.push(`g.group_type = $${params.length}`);
  }
  if (filter.isSecurityGroup !== undefined && filter.isSecurityGroup !== null) {
    params.push(filter.isSecurityGroup);
    where.push(`g.is_security_group = $${params.length}`);
  }
  const search = filter.search?.trim().toLowerCase();
  if (search) {
    params.push(`%${escapeLike(search)}%`);
    where.push(`lower(g.name) LIKE $${params.length}`);
  }
  return { where, params };
}
