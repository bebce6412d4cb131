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
/** Matches scoring below this are not returned. */
const MIN_SCORE = 0.3;
export const LOOKUP_MAX_LIMIT = 20;

/**
 * Ranked typeahead over name, email and employee number, one statement. Candidates: exact email
 * and employee-number probes plus the 60 nearest people by trigram word distance (a KNN scan of
 * the GiST index, so a common word never floods the candidates); each field is then scored: exact
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
         -- Exact probes (email, employee number), then the nearest names/emails by trigram word
         -- distance, read in distance order from the GiST index: the best come first.
         SELECT DISTINCT ON (e.id) e.*, lower(e.display_name) AS lname, lower(e.email) AS lemail,
           split_part(lower(e.email), '@', 1) AS llocal, lower(coalesce(e.employee_number, '')) AS lnumber
         FROM (
           SELECT id FROM employees WHERE org_id = $1 AND lower(email) = $2
           UNION ALL
           SELECT id FROM employees WHERE org_id = $1 AND lower(employee_number) = $2
           UNION ALL
           (SELECT id FROM employees WHERE org_id = $1 AND ($3::text IS NULL OR status = $3)
            ORDER BY $2 <<-> search_text LIMIT 60)
         ) c
         JOIN employees e ON e.id = c.id
         WHERE $3::text IS NULL OR e.status = $3
       ),
       scored AS (
         SELECT c.*,
           CASE WHEN lname = $2 THEN 1.0
                WHEN lname LIKE $4 THEN 0.92
                WHEN lname LIKE $5 THEN 0.85
                ELSE greatest(similarity($2, lname), word_similarity($2, lname)) * 0.8 END AS "nameScore",
           CASE WHEN lemail = $2 THEN 1.0
                WHEN llocal = $2 THEN 0.98
                WHEN lemail LIKE $4 THEN 0.9
                ELSE greatest(similarity($2, llocal), word_similarity($2, lemail)) * 0.8 END AS "emailScore",
           CASE WHEN lnumber = $2 THEN 1.0
                WHEN lnumber <> '' AND lnumber LIKE $4 THEN 0.9
                ELSE similarity($2, lnumber) * 0.7 END AS "numberScore"
         FROM candidates c
       )
       SELECT ${employeeColumns('s')}, s."nameScore", s."emailScore", s."numberScore"
       FROM scored s
       -- Nearest is not necessarily near: below this the match is noise.
       WHERE greatest(s."nameScore", s."emailScore", s."numberScore") >= ${MIN_SCORE}
       ORDER BY greatest(s."nameScore", s."emailScore", s."numberScore") DESC, s.display_name, s.id
       LIMIT $6`,
      [orgId, query, request.status, `${escapeLike(query)}%`, `% ${escapeLike(query)}%`, request.limit],
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
