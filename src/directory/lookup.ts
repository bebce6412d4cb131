import { EmploymentStatus } from '../entities';
import { EmployeeRecord } from './employees';
import { assertIntInRange, InvalidInputError } from './errors';
import { Sql, employeeColumns, escapeLike } from './sql';

export type MatchedField = 'name' | 'email' | 'employee_number';

export interface EmployeeMatch {
  employee: EmployeeRecord;
  /** 0..1, 1 = exact. */
  score: number;
  matchedField: MatchedField;
}

export interface LookupRequest {
  query: string;
  limit: number;
  /** null = any status. */
  status: EmploymentStatus | null;
}

export const LOOKUP_DEFAULT_LIMIT = 5;
export const LOOKUP_MAX_LIMIT = 20;

/**
 * Ranked typeahead over name, email and employee number, one statement. Candidates come from the
 * trigram index on search_text (substring or fuzzy word match); each field is then scored: exact
 * beats prefix beats fuzzy, and the best field names the match.
 */
export class EmployeeLookup {
  constructor(private readonly sql: Sql) {}

  async lookup(orgId: string, request: LookupRequest): Promise<EmployeeMatch[]> {
    const query = request.query.trim().toLowerCase().replace(/\s+/g, ' ');
    if (query.length === 0) throw new InvalidInputError('query must not be empty', 'query');
    if (query.length > 200) throw new InvalidInputError('query must be at most 200 characters', 'query');
    assertIntInRange(request.limit, 'limit', 1, LOOKUP_MAX_LIMIT);
    const rows = await this.sql.rows<
      EmployeeRecord & { nameScore: number; emailScore: number; numberScore: number }
    >(
      `WITH candidates AS (
         SELECT e.*, lower(e.display_name) AS lname, lower(e.email) AS lemail,
           split_part(lower(e.email), '@', 1) AS llocal, lower(coalesce(e.employee_number, '')) AS lnumber
         FROM employees e
         WHERE e.org_id = $1 AND ($3::text IS NULL OR e.status = $3)
           AND (e.search_text LIKE $4 OR $2 <% e.search_text)
         LIMIT 2000
       ),
       scored AS (
         SELECT c.*,
           CASE WHEN lname = $2 THEN 1.0
                WHEN lname LIKE $5 THEN 0.92
                WHEN lname LIKE $6 THEN 0.85
                ELSE greatest(similarity($2, lname), word_similarity($2, lname)) * 0.8 END AS "nameScore",
           CASE WHEN lemail = $2 THEN 1.0
                WHEN llocal = $2 THEN 0.98
                WHEN lemail LIKE $5 THEN 0.9
                ELSE greatest(similarity($2, llocal), word_similarity($2, lemail)) * 0.8 END AS "emailScore",
           CASE WHEN lnumber = $2 THEN 1.0
                WHEN lnumber <> '' AND lnumber LIKE $5 THEN 0.9
                ELSE similarity($2, lnumber) * 0.7 END AS "numberScore"
         FROM candidates c
       )
       SELECT ${employeeColumns('s')}, s."nameScore", s."emailScore", s."numberScore"
       FROM scored s
       ORDER BY greatest(s."nameScore", s."emailScore", s."numberScore") DESC, s.display_name, s.id
       LIMIT $7`,
      [
        orgId,
        query,
        request.status,
        `%${escapeLike(query)}%`,
        `${escapeLike(query)}%`,
        `% ${escapeLike(query)}%`,
        request.limit,
      ],
    );
    return rows.map(({ nameScore, emailScore, numberScore, ...employee }) => {
      const best = Math.max(nameScore, emailScore, numberScore);
      const matchedField: MatchedField =
        best === emailScore ? 'email' : best === nameScore ? 'name' : 'employee_number';
      return {
        employee: employee as EmployeeRecord,
        score: Math.round(Math.min(1, best) * 1000) / 1000,
        matchedField,
      };
    });
  }
}
