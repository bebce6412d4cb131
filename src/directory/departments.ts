import { FORMER_STATUSES, Sql } from './sql';

export interface DepartmentRecord {
  name: string;
  division: string | null;
  costCenter: string | null;
  /** Current people: everyone but terminated and retired. */
  headcount: number;
  active: number;
  onLeave: number;
  contractors: number;
  headId: string | null;
}

/**
 * Departments are derived from employees (the sources own the department names). The head is the
 * current member whose manager is outside the department, leading the most people inside it.
 */
export class DepartmentReads {
  constructor(private readonly sql: Sql) {}

  async list(
    orgId: string,
    options: { division?: string | null; names?: readonly string[] },
  ): Promise<DepartmentRecord[]> {
    return this.sql.rows<DepartmentRecord>(
      `WITH members AS (
         SELECT e.* FROM employees e
         WHERE e.org_id = $1 AND e.department IS NOT NULL
           AND ($2::text[] IS NULL OR e.department = ANY($2::text[]))
       ),
       stats AS (
         SELECT department AS name,
           mode() WITHIN GROUP (ORDER BY division) AS division,
           mode() WITHIN GROUP (ORDER BY cost_center) AS "costCenter",
           count(*) FILTER (WHERE status <> ALL($3::text[])) AS headcount,
           count(*) FILTER (WHERE status = 'active') AS active,
           count(*) FILTER (WHERE status = 'on_leave') AS "onLeave",
           count(*) FILTER (WHERE status = 'contractor') AS contractors
         FROM members GROUP BY department
       ),
       heads AS (
         SELECT DISTINCT ON (e.department) e.department, e.id
         FROM members e LEFT JOIN employees m ON m.id = e.manager_id
         WHERE e.status <> ALL($3::text[]) AND (m.id IS NULL OR m.department IS DISTINCT FROM e.department)
         ORDER BY e.department,
           (SELECT count(*) FROM employees r
             WHERE r.org_id = $1 AND r.manager_id = e.id AND r.department = e.department) DESC,
           e.display_name, e.id
       )
       SELECT s.*, h.id AS "headId" FROM stats s LEFT JOIN heads h ON h.department = s.name
       WHERE $4::text IS NULL OR s.division = $4
       ORDER BY s.name`,
      [orgId, options.names ?? null, FORMER_STATUSES, options.division ?? null],
    );
  }
}
