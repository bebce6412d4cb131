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
/** Query words matched against names; a longer query is still scored on all its words. */
const MAX_QUERY_WORDS = 4;
/** People whose name carries a near word of every query word, before scoring. */
const NAME_CANDIDATES = 200;
/** Per probe on e-mail and employee-number prefixes, and on names with every query word. */
const PREFIX_CANDIDATES = 20;

interface Candidate {
  id: string;
  displayName: string;
  /** Null for people without one (they are found by name and employee number). */
  email: string | null;
  employeeNumber: string | null;
}

/**
 * Ranked typeahead over name, email and employee number, in three short statements:
 *
 * 1. for each query word, the organization's name words near it (the word as a prefix; or, when no
 *    name begins with it, within two edits with the same first letter or among the five nearest
 *    by trigram distance), read from the small `employee_name_words` vocabulary;
 * 2. candidates: the exact e-mail local part and employee number, a few whose e-mail or number
 *    starts with the query, a few who carry every query word, and up to 200 whose name carries a
 *    near word of every query word (GIN over the name words);
 * 3. the full rows of the best `limit`.
 *
 * Scoring happens here, not in SQL: exact beats prefix beats fuzzy, a transposed pair of letters
 * counts as one edit, and the best field names the match.
 */
export class EmployeeLookup {
  constructor(private readonly sql: Sql) {}

  async lookup(orgId: string, request: LookupRequest): Promise<EmployeeMatch[]> {
    const query = request.query.trim().toLowerCase().replace(/\s+/g, ' ');
    if (query.length === 0) throw new InvalidInputError('query must not be empty', 'query');
    if (query.length > 200) throw new InvalidInputError('query must be at most 200 characters', 'query');
    assertIntInRange(request.limit, 'limit', 1, LOOKUP_MAX_LIMIT);

    const folded = foldName(query);
    const queryWords = nameWords(folded);
    // Names hide in e-mail local parts and user names ("mary.jones38@…" → mary, jones); a word
    // with more digits than a de-duplicating suffix is an identifier (EMP10582124), not a name.
    const nameQueryWords = [
      ...new Set(
        nameWords(folded.split('@')[0])
          .map((word) => word.replace(/\d{1,3}$/, ''))
          .filter((word) => word.length >= 2 && !/\d/.test(word)),
      ),
    ].slice(0, MAX_QUERY_WORDS);
    const near = await this.nearWords(orgId, nameQueryWords);
    const candidates = await this.candidates(orgId, query, nameQueryWords, near, request.status);

    const ranked = candidates
      .map((candidate) => ({ candidate, ...scoreCandidate(query, folded, queryWords, candidate) }))
      .filter((match) => match.score >= MIN_SCORE)
      .sort(
        (a, b) =>
          b.score - a.score ||
          compareText(a.candidate.displayName, b.candidate.displayName) ||
          compareText(a.candidate.id, b.candidate.id),
      )
      .slice(0, request.limit);
    if (ranked.length === 0) return [];

    const rows = await this.sql.rows<EmployeeRecord>(
      `SELECT ${employeeColumns()} FROM employees e WHERE e.org_id = $1 AND e.id = ANY($2::uuid[])`,
      [orgId, ranked.map((match) => match.candidate.id)],
    );
    const byId = new Map(rows.map((row) => [row.id, row]));
    return ranked.flatMap(({ candidate, score, matchedField }) => {
      const employee = byId.get(candidate.id);
      return employee ? [{ employee, score: Math.round(score * 1000) / 1000, matchedField }] : [];
    });
  }

  /** For each query word, the vocabulary words near it; words with none are left out. */
  private async nearWords(orgId: string, words: string[]): Promise<string[][]> {
    if (words.length === 0) return [];
    const rows = await this.sql.rows<{ ord: string; words: string[] }>(
      `SELECT q.ord, array_agg(DISTINCT n.word) AS words
       FROM unnest($2::text[]) WITH ORDINALITY AS q(w, ord)
       -- A word that begins some name is being typed, not mistyped: no fuzzy neighbours for it
       -- ("jame" is James, not Jane or Jake).
       CROSS JOIN LATERAL (SELECT EXISTS (
         SELECT 1 FROM employee_name_words p WHERE p.org_id = $1 AND p.word LIKE q.w || '%') AS prefix) typing
       CROSS JOIN LATERAL (
         (SELECT v.word FROM employee_name_words v
          WHERE v.org_id = $1 AND v.word LIKE q.w || '%' ORDER BY v.word LIMIT 40)
         UNION
         -- Typos rarely touch the first letter; this keeps the edit-distance scan small.
         (SELECT v.word FROM employee_name_words v
          WHERE v.org_id = $1 AND length(q.w) >= 3 AND NOT typing.prefix AND v.word LIKE left(q.w, 1) || '%'
            AND length(v.word) BETWEEN length(q.w) - 2 AND length(q.w) + 2
            AND levenshtein_less_equal(q.w, v.word, 2) <= 2)
         UNION
         (SELECT k.word FROM (
            SELECT v.word, v.word <-> q.w AS distance FROM employee_name_words v
            WHERE v.org_id = $1 AND length(q.w) >= 3 AND NOT typing.prefix ORDER BY v.word <-> q.w LIMIT 5) k
          WHERE k.distance <= 0.7)
       ) n
       GROUP BY q.ord ORDER BY q.ord`,
      [orgId, words],
    );
    return rows.map((row) => row.words);
  }

  /** People near the query: every query word matched by a name word, or an id prefix. */
  private async candidates(
    orgId: string,
    query: string,
    nameQueryWords: string[],
    near: string[][],
    status: EmploymentStatus | null,
  ): Promise<Candidate[]> {
    const params: unknown[] = [orgId, status, `${escapeLike(query)}%`, query, `${escapeLike(query)}@%`];
    const statusClause = `($2::text IS NULL OR status = $2)`;
    // Exact e-mail, local part and number first (each an index range of a row or two), then any
    // few that start with the query: unordered, as ordering a prefix of thousands (emp1…) would
    // read them all.
    const branches = [
      `(SELECT id FROM employees WHERE org_id = $1 AND ${statusClause} AND lower(email) LIKE $5 LIMIT ${PREFIX_CANDIDATES})`,
      `(SELECT id FROM employees WHERE org_id = $1 AND ${statusClause} AND lower(employee_number) = $4 LIMIT ${PREFIX_CANDIDATES})`,
      `(SELECT id FROM employees WHERE org_id = $1 AND ${statusClause} AND lower(email) LIKE $3 LIMIT ${PREFIX_CANDIDATES})`,
      `(SELECT id FROM employees WHERE org_id = $1 AND ${statusClause} AND lower(employee_number) LIKE $3 LIMIT ${PREFIX_CANDIDATES})`,
    ];
    if (near.length > 0) {
      const wordClauses = near.map((words) => {
        params.push(words);
        return `name_words && $${params.length}::text[]`;
      });
      // Unordered: a common first name matches thousands, all scoring alike, and sorting them
      // would fetch every one; any NAME_CANDIDATES of them serve a typeahead as well. Those who
      // carry every query word as typed are read on their own, so that they are never left out.
      params.push(nameQueryWords);
      branches.push(
        `(SELECT id FROM employees WHERE org_id = $1 AND ${statusClause} AND name_words @> $${params.length}::text[]
          LIMIT ${PREFIX_CANDIDATES})`,
        `(SELECT id FROM employees WHERE org_id = $1 AND ${statusClause} AND ${wordClauses.join(' AND ')}
          LIMIT ${NAME_CANDIDATES})`,
      );
    }
    return this.sql.rows<Candidate>(
      `SELECT e.id, e.display_name AS "displayName", e.email, e.employee_number AS "employeeNumber"
       FROM employees e WHERE e.id IN (${branches.join(' UNION ALL ')})`,
      params,
    );
  }
}

/** Lower case without accents or apostrophes, as `directory_name_words` folds names in SQL. */
export function foldName(text: string): string {
  return text.toLowerCase().normalize('NFD').replace(/\p{M}/gu, '').replace(/['’]/g, '');
}

/** The words of a folded name or query. */
export function nameWords(folded: string): string[] {
  return folded.split(/[^\p{L}\p{N}]+/u).filter((word) => word.length > 0);
}

/**
 * A folded name's words without digits plus, for three or more, all but the first run together:
 * what `directory_name_words` stores.
 */
function storedNameWords(folded: string): string[] {
  const words = nameWords(folded).filter((word) => !/\d/.test(word));
  return words.length >= 3 ? [...words, words.slice(1).join('')] : words;
}

function scoreCandidate(
  query: string,
  folded: string,
  queryWords: string[],
  candidate: Candidate,
): { score: number; matchedField: MatchedField } {
  const name = foldName(candidate.displayName);
  const nameScore =
    name === folded
      ? 1
      : name.startsWith(folded)
        ? 0.92
        : name.includes(` ${folded}`)
          ? 0.85
          : fuzzyNameScore(queryWords, storedNameWords(name)) * 0.8;
  const email = candidate.email?.toLowerCase() ?? '';
  const emailScore =
    email === ''
      ? 0
      : email === query
        ? 1
        : email.split('@')[0] === query
          ? 0.98
          : email.startsWith(query)
            ? 0.9
            : 0;
  const number = candidate.employeeNumber?.toLowerCase() ?? '';
  const numberScore = number === '' ? 0 : number === query ? 1 : number.startsWith(query) ? 0.9 : 0;
  const score = Math.max(nameScore, emailScore, numberScore);
  const matchedField: MatchedField =
    score === emailScore ? 'email' : score === nameScore ? 'name' : 'employee_number';
  return { score, matchedField };
}

/** Mean over the query words of the best match among the name's words. */
function fuzzyNameScore(queryWords: string[], words: string[]): number {
  if (queryWords.length === 0 || words.length === 0) return 0;
  let total = 0;
  for (const queryWord of queryWords) {
    let best = 0;
    for (const word of words) best = Math.max(best, wordSimilarity(queryWord, word));
    total += best;
  }
  return total / queryWords.length;
}

/** 1 for the same word, 0.9 for a prefix (still typing), else 1 − edits / length. */
export function wordSimilarity(queryWord: string, word: string): number {
  if (queryWord === word) return 1;
  if (word.startsWith(queryWord)) return 0.9;
  return Math.max(0, 1 - editDistance(queryWord, word) / Math.max(queryWord.length, word.length));
}

/**
 * Optimal string alignment distance: insertions, deletions, substitutions and transpositions of
 * neighbours each cost one ("ramierz" is one edit from "ramirez", not two).
 */
export function editDistance(a: string, b: string): number {
  const rows = a.length + 1;
  const columns = b.length + 1;
  const d: number[] = new Array(rows * columns);
  for (let i = 0; i < rows; i++) d[i * columns] = i;
  for (let j = 0; j < columns; j++) d[j] = j;
  for (let i = 1; i < rows; i++) {
    for (let j = 1; j < columns; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let value = Math.min(
        d[(i - 1) * columns + j] + 1,
        d[i * columns + j - 1] + 1,
        d[(i - 1) * columns + j - 1] + cost,
      );
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        value = Math.min(value, d[(i - 2) * columns + j - 2] + 1);
      d[i * columns + j] = value;
    }
  }
  return d[rows * columns - 1];
}

/** Code-point order, as the database's C.UTF-8 collation sorts. */
function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
