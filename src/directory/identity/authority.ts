import { EntityManager } from 'typeorm';
import { personByEmailSql } from '../sql';

/** The field groups an organization orders its connections for. */
export const FIELD_GROUPS = ['IDENTITY', 'ORG_STRUCTURE', 'EMPLOYMENT', 'CUSTOM'] as const;
export type FieldGroup = (typeof FIELD_GROUPS)[number];

/** Employee columns of each group (custom attributes merge key by key). */
export const GROUP_COLUMNS: Record<Exclude<FieldGroup, 'CUSTOM'>, readonly string[]> = {
  IDENTITY: [
    'email',
    'username',
    'phone',
    'display_name',
    'first_name',
    'last_name',
    'preferred_name',
    'idp_id',
    'personal_email',
    'time_zone',
    'user_id',
  ],
  ORG_STRUCTURE: [
    'department',
    'division',
    'cost_center',
    'location',
    'job_title',
    'company',
    'employee_number',
  ],
  EMPLOYMENT: ['status', 'employment_type', 'start_date', 'termination_date'],
};

/** Source kinds that lead a group when the organization has not ordered it. */
export const IDP_SOURCES = ['azure_ad', 'okta', 'ldap', 'google_workspace', 'aws_identity_center', 'scim'];
/** SCIM pull counts as an HR system: the servers it reads are mostly HR systems' /scim/v2 (seed 004). */
export const HR_SOURCES = ['workday', 'sap_successfactors', 'bamboohr', 'hris_import', 'scim_pull'];

const DEFAULT_LEADERS: Record<FieldGroup, string[]> = {
  IDENTITY: IDP_SOURCES,
  ORG_STRUCTURE: HR_SOURCES,
  EMPLOYMENT: HR_SOURCES,
  CUSTOM: [],
};

const GROUP_ALIAS: Record<FieldGroup, string> = {
  IDENTITY: 'fa_i',
  ORG_STRUCTURE: 'fa_o',
  EMPLOYMENT: 'fa_e',
  CUSTOM: 'fa_c',
};

/**
 * The rank of source record `es` (connection `c`) for a group; lower leads. MANUAL first; then the
 * organization's order; then connections it did not order, the source kinds that lead the group
 * by default first. Ties go to the older connection (callers order by `made` after the rank).
 */
export function rankSql(group: FieldGroup, es = 'es', c = 'c'): string {
  const fa = GROUP_ALIAS[group];
  const leaders = DEFAULT_LEADERS[group];
  const tier = leaders.length
    ? `CASE WHEN ${c}.source IN (${leaders.map((source) => `'${source}'`).join(', ')}) THEN 1000 ELSE 2000 END`
    : '1000';
  return `CASE WHEN ${es}.connection_id IS NULL THEN 0
    ELSE coalesce(array_position(${fa}.connection_ids, ${es}.connection_id), ${tier}) END`;
}

/** Joins of the organization's orders, for rankSql; `es` is the source record. */
export function authorityJoins(es = 'es'): string {
  return FIELD_GROUPS.map(
    (group) =>
      `LEFT JOIN field_authority ${GROUP_ALIAS[group]} ON ${GROUP_ALIAS[group]}.org_id = ${es}.org_id AND ${GROUP_ALIAS[group]}.field_group = '${group}'`,
  ).join('\n');
}

/** Source records of the people `peopleSql` selects (a query of one `id` column), ranked per group. */
export function rankedRecords(peopleSql: string): string {
  return `SELECT es.id, es.employee_id, es.data, es.connection_id, es.source, es.external_id, es.hash,
      es.manager_ref, es.manager_ref_kind,
      ${rankSql('IDENTITY')} AS r_identity, ${rankSql('ORG_STRUCTURE')} AS r_org,
      ${rankSql('EMPLOYMENT')} AS r_employment, ${rankSql('CUSTOM')} AS r_custom,
      coalesce(c.created_at, es.created_at) AS made
    FROM (${peopleSql}) people JOIN employee_sources es ON es.employee_id = people.id
    LEFT JOIN directory_connections c ON c.id = es.connection_id
    ${authorityJoins()}`;
}

const RANK_OF: Record<Exclude<FieldGroup, 'CUSTOM'>, string> = {
  IDENTITY: 'r_identity',
  ORG_STRUCTURE: 'r_org',
  EMPLOYMENT: 'r_employment',
};

/** Per person, the first non-missing value of each column in its group's order, as one jsonb. */
function firstValues(): string {
  const pairs: string[] = [];
  for (const [group, columns] of Object.entries(GROUP_COLUMNS) as [
    keyof typeof GROUP_COLUMNS,
    readonly string[],
  ][])
    for (const column of columns)
      pairs.push(
        `'${column}', (array_agg(data->'${column}' ORDER BY ${RANK_OF[group]}, made)
          FILTER (WHERE data->'${column}' IS NOT NULL AND data->'${column}' <> 'null'::jsonb))[1]`,
      );
  return `jsonb_build_object(${pairs.join(',\n')})`;
}

/** Resolved columns other than custom attributes and status (written apart). */
const PLAIN_COLUMNS = [
  ...GROUP_COLUMNS.IDENTITY,
  ...GROUP_COLUMNS.ORG_STRUCTURE,
  ...GROUP_COLUMNS.EMPLOYMENT,
].filter((column) => column !== 'status');

/**
 * The statement that recomputes the employee rows of the people `peopleSql` selects from all
 * their source records: each column the first non-missing value in its group's order (nothing
 * blanks a column no source gives any more), custom attributes merged key by key, and the
 * person's primary record (source, external id, manager reference) the first record in
 * ORG_STRUCTURE order that names a manager, else the ORG_STRUCTURE leader (a manager set by hand
 * makes the MANUAL record primary, so the syncs' manager passes, which look only at people a
 * connection's record is primary for, leave that manager alone). A changed manager
 * reference clears the manager until resolveManagers runs. Returns the ids it changed.
 * `reactivate`: people the sources list again lose their deprovisioned mark.
 */
export function resolveSql(peopleSql: string, reactivate: boolean): string {
  const assignments = PLAIN_COLUMNS.map((column) => `${column} = coalesce(r.${column}, e.${column})`);
  return `WITH rec AS MATERIALIZED (${rankedRecords(peopleSql)}),
    fields AS (SELECT employee_id, ${firstValues()} AS v FROM rec GROUP BY employee_id),
    custom AS (
      SELECT employee_id, jsonb_object_agg(k, v) AS v FROM (
        SELECT DISTINCT ON (rec.employee_id, kv.k) rec.employee_id, kv.k, kv.v
        FROM rec CROSS JOIN LATERAL jsonb_each(
          CASE WHEN jsonb_typeof(rec.data->'custom_attributes') = 'object' THEN rec.data->'custom_attributes' ELSE '{}'::jsonb END) kv(k, v)
        WHERE kv.v <> 'null'::jsonb
        ORDER BY rec.employee_id, kv.k, rec.r_custom, rec.made) given
      GROUP BY employee_id),
    lead AS (
      SELECT DISTINCT ON (employee_id) employee_id, connection_id, source, external_id, hash, manager_ref, manager_ref_kind
      FROM rec ORDER BY employee_id, (manager_ref_kind IS NULL), r_org, made)
    UPDATE employees e SET ${assignments.join(', ')},
      status = coalesce(r.status, CASE WHEN ${reactivate} AND e.deprovisioned_at IS NOT NULL THEN 'active' ELSE e.status END),
      custom_attributes = coalesce(cu.v, e.custom_attributes),
      connection_id = l.connection_id, source = l.source, external_id = l.external_id, source_hash = l.hash,
      manager_ref = CASE WHEN l.manager_ref_kind IS NULL THEN e.manager_ref ELSE l.manager_ref END,
      manager_ref_kind = coalesce(l.manager_ref_kind, e.manager_ref_kind),
      manager_id = CASE WHEN l.manager_ref_kind IS NULL
          OR (l.manager_ref_kind IS NOT DISTINCT FROM e.manager_ref_kind AND l.manager_ref IS NOT DISTINCT FROM e.manager_ref
              AND l.connection_id IS NOT DISTINCT FROM e.connection_id)
        THEN e.manager_id END,
      deprovisioned_at = CASE WHEN ${reactivate} THEN NULL ELSE e.deprovisioned_at END,
      synced_at = now(), updated_at = now()
    FROM fields f JOIN lead l USING (employee_id) LEFT JOIN custom cu USING (employee_id)
      CROSS JOIN LATERAL jsonb_populate_record(NULL::employees, f.v) r
    WHERE e.id = f.employee_id
    RETURNING e.id`;
}

/**
 * Managers of the people `peopleSql` selects, from their (resolved) manager reference: an external
 * id within the primary record's connection, an e-mail (the person it names, see personByEmailSql)
 * or employee number org-wide, or (a MANUAL record's) a person's id. A reference
 * that finds nobody leaves the manager as it is; 'none' clears it.
 */
export function resolveManagersSql(peopleSql: string): string {
  return `WITH target AS (
      SELECT e.id, CASE e.manager_ref_kind
        WHEN 'externalId' THEN (SELECT ms.employee_id FROM employee_sources ms
          WHERE ms.connection_id = e.connection_id AND ms.external_id = e.manager_ref)
        WHEN 'email' THEN ${personByEmailSql('e.org_id', 'e.manager_ref')}
        WHEN 'employeeNumber' THEN (SELECT m.id FROM employees m
          WHERE m.org_id = e.org_id AND lower(m.employee_number) = lower(e.manager_ref)
          ORDER BY m.deprovisioned_at IS NOT NULL, m.id LIMIT 1)
        WHEN 'employeeId' THEN (SELECT m.id FROM employees m WHERE m.org_id = e.org_id AND m.id = e.manager_ref::uuid)
        END AS manager_id, e.manager_ref_kind = 'none' AS cleared
      FROM employees e WHERE e.id IN (${peopleSql}))
    UPDATE employees e SET manager_id = CASE WHEN t.cleared THEN NULL ELSE t.manager_id END, updated_at = now()
    FROM target t
    WHERE e.id = t.id AND (t.cleared OR (t.manager_id IS NOT NULL AND t.manager_id <> e.id))
      AND e.manager_id IS DISTINCT FROM CASE WHEN t.cleared THEN NULL ELSE t.manager_id END
    RETURNING e.id`;
}

/**
 * The member of a reporting cycle (`path`, a uuid[] of its members) whose manager is cut: a person
 * the sources no longer list (deprovisioned) first, as such a person only closes the cycle through
 * the manager they had (the people still listed keep theirs); else the smallest id, so that the
 * same cycle is always cut at the same person.
 */
export function cycleCutMember(path: string): string {
  return `(SELECT p.id FROM employees p WHERE p.id = ANY(${path}) ORDER BY p.deprovisioned_at IS NULL, p.id::text LIMIT 1)`;
}

/**
 * Cuts reporting cycles through the given people (at one member of each cycle, see cycleCutMember)
 * and returns who lost their manager (people the sources still list).
 */
export async function cutCycles(
  manager: EntityManager,
  ids: string[],
): Promise<{ id: string; externalId: string | null; managerRef: string | null }[]> {
  if (ids.length === 0) return [];
  const [rows] = (await manager.query(
    `WITH RECURSIVE walk(start, next, path) AS (
       SELECT e.id, e.manager_id, ARRAY[e.id] FROM employees e WHERE e.id = ANY($1::uuid[]) AND e.manager_id IS NOT NULL
       UNION ALL
       SELECT w.start, m.manager_id, w.path || m.id FROM walk w JOIN employees m ON m.id = w.next
       WHERE w.next <> w.start AND m.id <> ALL(w.path) AND m.manager_id IS NOT NULL AND cardinality(w.path) < 64
     ),
     cut AS (SELECT DISTINCT ${cycleCutMember('path')} AS id FROM walk WHERE next = start)
     UPDATE employees e SET manager_id = NULL FROM cut WHERE e.id = cut.id
     RETURNING e.id, e.external_id AS "externalId", e.manager_ref AS "managerRef", e.deprovisioned_at IS NOT NULL AS gone`,
    [ids],
  )) as [{ id: string; externalId: string | null; managerRef: string | null; gone: boolean }[], number];
  // A cut at someone the sources no longer list is not a problem of the sources: not reported.
  return rows.filter((row) => !row.gone).map(({ gone: _gone, ...row }) => row);
}

/**
 * Recomputes people from their source records (see resolveSql), then their managers, then cuts
 * any cycle that made. `peopleSql` selects one `id` column; `params` are its parameters.
 */
export async function resolvePeople(
  manager: EntityManager,
  peopleSql: string,
  params: unknown[],
  options: { reactivate: boolean },
): Promise<{
  changed: number;
  cycles: { id: string; externalId: string | null; managerRef: string | null }[];
}> {
  const [changedRows] = (await manager.query(
    `WITH changed AS (${resolveSql(peopleSql, options.reactivate)}) SELECT array_agg(id) AS ids, count(*)::int AS count FROM changed`,
    params,
  )) as [{ ids: string[] | null; count: number }];
  if (changedRows.count === 0) return { changed: 0, cycles: [] };
  const [managed] = (await manager.query(
    `WITH changed AS (${resolveManagersSql(`SELECT unnest($1::uuid[])`)}) SELECT array_agg(id) AS ids FROM changed`,
    [changedRows.ids],
  )) as [{ ids: string[] | null }];
  const cycles = await cutCycles(manager, managed.ids ?? []);
  return { changed: changedRows.count, cycles };
}
