import { EmployeeRecord } from './employees';
import { Page, PageRequest, keyParts } from './pagination';
import { FORMER_STATUSES, Sql, employeeColumns } from './sql';

/**
 * sub(root, id, level, path): everyone below each root down to a depth, each path cut where it would
 * revisit someone (a reporting cycle). Parameters: $1 org, $2 root ids, $3 max depth.
 */
const SUBTREE_CTE = `WITH RECURSIVE sub(root, id, level, path) AS (
  SELECT r.id, e.id, 1, ARRAY[r.id, e.id]
  FROM unnest($2::uuid[]) AS r(id) JOIN employees e ON e.org_id = $1 AND e.manager_id = r.id
  WHERE $3 >= 1
  UNION ALL
  SELECT s.root, e.id, s.level + 1, s.path || e.id
  FROM sub s JOIN employees e ON e.org_id = $1 AND e.manager_id = s.id
  WHERE s.level < $3 AND e.id <> ALL(s.path)
)`;

/** Deepest walk any hierarchy question may ask for. */
export const MAX_HIERARCHY_DEPTH = 64;

export interface ChainLink {
  /** 1 = direct manager. */
  level: number;
  employee: EmployeeRecord;
  /** This manager's own manager is already in the chain: source data has a cycle, the walk stops here. */
  closesCycle: boolean;
}

export interface ReportEntry {
  level: number;
  employee: EmployeeRecord;
}

export interface ReportsPage extends Page<ReportEntry> {
  totalCount: number;
}

export interface OrgChartNode {
  employee: EmployeeRecord;
  parentId: string | null;
  level: number;
  directReportCount: number;
}

export interface OrgChart {
  rootIds: string[];
  nodes: OrgChartNode[];
  /** Some node at the last level has reports that were left out. */
  maxDepthReached: boolean;
  /** The walk met someone already above them in the tree (a reporting cycle in the source). */
  cycleDetected: boolean;
}

export interface OrgChartRequest {
  rootId?: string | null;
  maxDepth: number;
  department?: string | null;
  includeFormer?: boolean;
  /** Employee properties to read (null: all). */
  properties?: ReadonlySet<string> | null;
}

/** Whole-tree questions, each one recursive statement bounded by depth and safe against cycles. */
export class HierarchyReads {
  constructor(private readonly sql: Sql) {}

  /** Management chains (up) of many employees in one statement. */
  async managementChains(
    orgId: string,
    ids: readonly string[],
    maxDepth: number,
    properties: ReadonlySet<string> | null = null,
  ): Promise<Map<string, ChainLink[]>> {
    const rows = await this.sql.rows<
      EmployeeRecord & { origin: string; level: number; closesCycle: boolean }
    >(
      `WITH RECURSIVE chain(origin, id, manager_id, level, path) AS (
         SELECT s.id, m.id, m.manager_id, 1, ARRAY[s.id, m.id]
         FROM unnest($2::uuid[]) AS s(id)
         JOIN employees e ON e.id = s.id AND e.org_id = $1
         JOIN employees m ON m.id = e.manager_id AND m.org_id = $1
         WHERE $3 >= 1
         UNION ALL
         SELECT c.origin, m.id, m.manager_id, c.level + 1, c.path || m.id
         FROM chain c JOIN employees m ON m.id = c.manager_id AND m.org_id = $1
         WHERE c.level < $3 AND m.id <> ALL(c.path)
       )
       SELECT c.origin, c.level, coalesce(c.manager_id = ANY(c.path), false) AS "closesCycle", ${employeeColumns('e', properties)}
       FROM chain c JOIN employees e ON e.id = c.id
       ORDER BY c.origin, c.level`,
      [orgId, ids, maxDepth],
    );
    const chains = new Map<string, ChainLink[]>(ids.map((id) => [id, []]));
    for (const { origin, level, closesCycle, ...employee } of rows) {
      chains.get(origin)?.push({ level, closesCycle, employee: employee as EmployeeRecord });
    }
    return chains;
  }

  /**
   * The whole subtree below each root (down to maxDepth), ordered by level then name, one page per
   * root, with the subtree's size; one statement.
   */
  async reportPages(
    orgId: string,
    rootIds: readonly string[],
    options: { maxDepth: number; includeFormer: boolean },
    page: PageRequest,
  ): Promise<Map<string, ReportsPage>> {
    const params: unknown[] = [
      orgId,
      rootIds,
      options.maxDepth,
      options.includeFormer ? [] : FORMER_STATUSES,
    ];
    let after = 'true';
    if (page.after) {
      const [level, name, id] = keyParts(page.after, ['number', 'string', 'string'] as const);
      params.push(level, name, id);
      after = `(level, "displayName", id) > ($5::int, $6::text, $7::uuid)`;
    }
    params.push(page.first + 1);
    const rows = await this.sql.rows<EmployeeRecord & { root: string; level: number; total: number }>(
      `${SUBTREE_CTE},
       counted AS (
         SELECT s.root, s.level, ${employeeColumns()}, count(*) OVER (PARTITION BY s.root) AS total
         FROM sub s JOIN employees e ON e.id = s.id
         WHERE e.status <> ALL($4::text[])
       ),
       ranked AS (
         SELECT *, row_number() OVER (PARTITION BY root ORDER BY level, "displayName", id) AS rn
         FROM counted WHERE ${after}
       )
       SELECT * FROM ranked WHERE rn <= $${params.length} ORDER BY root, rn`,
      params,
    );
    const pages = new Map<string, ReportsPage>();
    const totals = await this.subtreeTotals(rows, rootIds, page.after !== null, orgId, options);
    for (const rootId of rootIds)
      pages.set(rootId, { rows: [], hasNextPage: false, totalCount: totals.get(rootId) ?? 0 });
    for (const { root, level, total: _total, rn: _rn, ...employee } of rows as (EmployeeRecord & {
      root: string;
      level: number;
      total: number;
      rn: number;
    })[]) {
      const entry = pages.get(root);
      if (!entry) continue;
      if (entry.rows.length < page.first) entry.rows.push({ level, employee: employee as EmployeeRecord });
      else entry.hasNextPage = true;
    }
    return pages;
  }

  /** Subtree sizes: read from the page rows when the page starts at the top, otherwise counted again. */
  private async subtreeTotals(
    rows: { root: string; total: number }[],
    rootIds: readonly string[],
    afterCursor: boolean,
    orgId: string,
    options: { maxDepth: number; includeFormer: boolean },
  ): Promise<Map<string, number>> {
    const totals = new Map<string, number>();
    for (const row of rows) totals.set(row.root, row.total);
    // The count window runs before the cursor filter, so every root that returned rows has its total.
    const missing = afterCursor ? rootIds.filter((id) => !totals.has(id)) : [];
    if (missing.length === 0) return totals;
    const counted = await this.sql.rows<{ root: string; total: number }>(
      `${SUBTREE_CTE}
       SELECT s.root, count(*) AS total FROM sub s JOIN employees e ON e.id = s.id
       WHERE e.status <> ALL($4::text[]) GROUP BY s.root`,
      [orgId, missing, options.maxDepth, options.includeFormer ? [] : FORMER_STATUSES],
    );
    for (const row of counted) totals.set(row.root, row.total);
    return totals;
  }

  /**
   * The org chart as flat nodes (parentId + level) in one statement. Without a root it starts at the
   * top of the organization: current people with no manager who lead someone (or, with a department,
   * the department's members whose manager is outside it).
   */
  async orgChart(orgId: string, request: OrgChartRequest): Promise<OrgChart> {
    const former = request.includeFormer ? [] : FORMER_STATUSES;
    const params: unknown[] = [
      orgId,
      request.maxDepth,
      former,
      request.department ?? null,
      request.rootId ?? null,
    ];
    const rows = await this.sql.rows<
      EmployeeRecord & {
        parentId: string | null;
        level: number;
        directReportCount: number;
        isRoot: boolean;
        cycle: boolean;
      }
    >(
      `WITH RECURSIVE roots AS (
         SELECT e.id FROM employees e WHERE e.org_id = $1 AND e.id = $5::uuid
         UNION ALL
         SELECT e.id FROM employees e
         LEFT JOIN employees m ON m.id = e.manager_id
         WHERE $5::uuid IS NULL AND e.org_id = $1 AND e.status <> ALL($3::text[])
           AND (
             ($4::text IS NULL AND e.manager_id IS NULL
               AND EXISTS (SELECT 1 FROM employees r WHERE r.org_id = $1 AND r.manager_id = e.id))
             OR ($4::text IS NOT NULL AND e.department = $4 AND (m.id IS NULL OR m.department IS DISTINCT FROM $4))
           )
       ),
       tree(id, parent_id, level, path, cycle) AS (
         SELECT r.id, NULL::uuid, 0, ARRAY[r.id], false FROM roots r
         UNION ALL
         SELECT e.id, t.id, t.level + 1, t.path || e.id, e.id = ANY(t.path)
         FROM tree t JOIN employees e ON e.org_id = $1 AND e.manager_id = t.id
         WHERE t.level < $2 AND NOT t.cycle
           AND e.status <> ALL($3::text[])
           AND ($4::text IS NULL OR e.department = $4)
       )
       SELECT t.parent_id AS "parentId", t.level, t.cycle, t.level = 0 AS "isRoot",
         (SELECT count(*) FROM employees d
           WHERE d.org_id = $1 AND d.manager_id = e.id AND d.status <> ALL($3::text[])) AS "directReportCount",
         ${employeeColumns('e', request.properties)}
       FROM tree t JOIN employees e ON e.id = t.id
       ORDER BY t.level, e.display_name, e.id`,
      params,
    );
    const nodes: OrgChartNode[] = [];
    const rootIds: string[] = [];
    let cycleDetected = false;
    let maxDepthReached = false;
    for (const { parentId, level, directReportCount, isRoot, cycle, ...employee } of rows) {
      if (cycle) {
        cycleDetected = true;
        continue;
      }
      if (isRoot) rootIds.push(employee.id);
      if (level === request.maxDepth && directReportCount > 0) maxDepthReached = true;
      nodes.push({ employee: employee as EmployeeRecord, parentId, level, directReportCount });
    }
    return { rootIds, nodes, maxDepthReached, cycleDetected };
  }
}
