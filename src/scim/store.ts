import { EntityManager } from 'typeorm';
import { isId } from '../directory/errors';
import { Filter } from './filter';
import { FilterCompiler, GROUP_MAPPING, sortExpression, USER_ACTIVE_SQL, USER_MAPPING } from './filter-sql';
import { GroupRow, MemberRow, ScimUserAttributes, UserRow } from './resources';

/** Anything that runs SQL: the data source's manager, or a transaction's. */
export type Queryable = Pick<EntityManager, 'query'>;

/** Which connection of which organization a request sees: every read is scoped by both. */
export interface Scope {
  orgId: string;
  connectionId: string;
}

export interface ListQuery {
  filter: Filter | null;
  sortBy: string | null;
  descending: boolean;
  /** 1-based. */
  startIndex: number;
  count: number;
}

const USER_COLUMNS = `e.id, coalesce((SELECT es.external_id FROM employee_sources es WHERE es.employee_id = e.id AND es.connection_id = $2), e.external_id) AS "externalKey", e.idp_id AS "idpId", e.username, e.email,
  e.personal_email AS "personalEmail", e.first_name AS "firstName", e.last_name AS "lastName",
  e.display_name AS "displayName", e.preferred_name AS "preferredName", e.job_title AS "jobTitle", e.phone,
  e.location, e.time_zone AS "timeZone", e.employment_type AS "employmentType",
  e.custom_attributes AS "customAttributes", ${USER_ACTIVE_SQL} AS active,
  (e.deprovisioned_at IS NOT NULL) AS deprovisioned, e.employee_number AS "employeeNumber",
  e.cost_center AS "costCenter", e.company, e.division, e.department,
  CASE WHEN mm.connection_id = e.connection_id THEN mm.id::text
       WHEN e.manager_ref_kind IN ('email', 'employeeNumber') THEN e.manager_ref END AS "managerValue",
  coalesce(mm.connection_id = e.connection_id, false) AS "managerIsResource",
  mm.display_name AS "managerDisplayName", sa.attributes AS "scimAttributes",
  e.created_at AS "createdAt", greatest(e.updated_at, sa.updated_at) AS "updatedAt",
  left(md5(concat_ws('|', e.updated_at, sa.updated_at, mm.id, mm.display_name,
    (SELECT string_agg(gm.group_id::text, ',' ORDER BY gm.group_id) FROM group_members gm
       JOIN directory_groups g ON g.id = gm.group_id AND g.connection_id = e.connection_id
     WHERE gm.employee_id = e.id))), 16) AS version`;

/** The tables USER_COLUMNS reads from (e: the person). */
const USER_FROM = `employees e LEFT JOIN employees mm ON mm.id = e.manager_id
  LEFT JOIN scim_user_attributes sa ON sa.employee_id = e.id AND sa.connection_id = $2`;
/**
 * The people of a SCIM connection: those it owns, and those it has a source record of (a pushed
 * user may have joined a person another source has). $2 is the connection.
 */
const OWN_RECORD = `AND (e.connection_id = $2
  OR EXISTS (SELECT 1 FROM employee_sources es WHERE es.employee_id = e.id AND es.connection_id = $2))`;

const GROUP_MEMBER_IDS = `SELECT gm.employee_id AS id FROM group_members gm
    JOIN employees u ON u.id = gm.employee_id AND u.connection_id = g.connection_id WHERE gm.group_id = g.id
  UNION ALL
  SELECT n.child_group_id FROM group_nesting n
    JOIN directory_groups c ON c.id = n.child_group_id AND c.connection_id = g.connection_id WHERE n.parent_group_id = g.id`;

const GROUP_COLUMNS = `g.id, g.external_id AS "externalKey", g.name, g.display_name AS "displayName",
  g.custom_attributes AS "customAttributes", g.created_at AS "createdAt", g.updated_at AS "updatedAt",
  left(md5(concat_ws('|', g.updated_at, g.name, g.display_name,
    (SELECT string_agg(x.id::text, ',' ORDER BY x.id) FROM (${GROUP_MEMBER_IDS}) x))), 16) AS version`;

/** The SCIM read side: set-based SQL over the directory tables, scoped to one connection. */
export class ScimStore {
  async user(q: Queryable, scope: Scope, id: string): Promise<UserRow | null> {
    if (!isId(id)) return null;
    const [row] = (await q.query(
      `SELECT ${USER_COLUMNS} FROM ${USER_FROM}
       WHERE e.org_id = $1 AND e.id = $3 ${OWN_RECORD}`,
      [scope.orgId, scope.connectionId, id.toLowerCase()],
    )) as UserRow[];
    return row ?? null;
  }

  async users(q: Queryable, scope: Scope, list: ListQuery): Promise<{ total: number; rows: UserRow[] }> {
    const params: unknown[] = [scope.orgId, scope.connectionId];
    const where = list.filter ? `AND ${new FilterCompiler(USER_MAPPING, params).compile(list.filter)}` : '';
    const order = list.sortBy ? `${sortExpression(USER_MAPPING, list.sortBy, list.descending)}, ` : '';
    const [{ total }] = (await q.query(
      `SELECT count(*)::int AS total FROM employees e WHERE e.org_id = $1 ${OWN_RECORD} ${where}`,
      params,
    )) as { total: number }[];
    if (list.count === 0 || list.startIndex > total) return { total, rows: [] };
    const rows = (await q.query(
      `SELECT ${USER_COLUMNS} FROM ${USER_FROM}
       WHERE e.org_id = $1 ${OWN_RECORD} ${where}
       ORDER BY ${order}e.created_at, e.id LIMIT ${list.count} OFFSET ${list.startIndex - 1}`,
      params,
    )) as UserRow[];
    return { total, rows };
  }

  /** The groups of this connection each person is a direct member of. */
  async groupsOf(
    q: Queryable,
    scope: Scope,
    employeeIds: string[],
  ): Promise<Map<string, { id: string; display: string }[]>> {
    const result = new Map(employeeIds.map((id) => [id, [] as { id: string; display: string }[]]));
    if (employeeIds.length === 0) return result;
    const rows = (await q.query(
      `SELECT gm.employee_id AS "employeeId", g.id, coalesce(g.display_name, g.name) AS display
       FROM group_members gm JOIN directory_groups g ON g.id = gm.group_id
       WHERE gm.employee_id = ANY($2::uuid[]) AND g.connection_id = $1
       ORDER BY lower(coalesce(g.display_name, g.name)), g.id`,
      [scope.connectionId, employeeIds],
    )) as { employeeId: string; id: string; display: string }[];
    for (const row of rows) result.get(row.employeeId)?.push({ id: row.id, display: row.display });
    return result;
  }

  async group(q: Queryable, scope: Scope, id: string): Promise<GroupRow | null> {
    if (!isId(id)) return null;
    const [row] = (await q.query(
      `SELECT ${GROUP_COLUMNS} FROM directory_groups g WHERE g.org_id = $1 AND g.connection_id = $2 AND g.id = $3`,
      [scope.orgId, scope.connectionId, id.toLowerCase()],
    )) as GroupRow[];
    return row ?? null;
  }

  async groups(q: Queryable, scope: Scope, list: ListQuery): Promise<{ total: number; rows: GroupRow[] }> {
    const params: unknown[] = [scope.orgId, scope.connectionId];
    const where = list.filter ? `AND ${new FilterCompiler(GROUP_MAPPING, params).compile(list.filter)}` : '';
    const order = list.sortBy ? `${sortExpression(GROUP_MAPPING, list.sortBy, list.descending)}, ` : '';
    const [{ total }] = (await q.query(
      `SELECT count(*)::int AS total FROM directory_groups g WHERE g.org_id = $1 AND g.connection_id = $2 ${where}`,
      params,
    )) as { total: number }[];
    if (list.count === 0 || list.startIndex > total) return { total, rows: [] };
    const rows = (await q.query(
      `SELECT ${GROUP_COLUMNS} FROM directory_groups g WHERE g.org_id = $1 AND g.connection_id = $2 ${where}
       ORDER BY ${order}g.created_at, g.id LIMIT ${list.count} OFFSET ${list.startIndex - 1}`,
      params,
    )) as GroupRow[];
    return { total, rows };
  }

  /** Direct members (people and groups) of this connection, per group. */
  async membersOf(q: Queryable, scope: Scope, groupIds: string[]): Promise<Map<string, MemberRow[]>> {
    const result = new Map(groupIds.map((id) => [id, [] as MemberRow[]]));
    if (groupIds.length === 0) return result;
    const rows = (await q.query(
      `SELECT gm.group_id AS "groupId", u.id::text AS value, 'User' AS type, u.display_name AS display
         FROM group_members gm JOIN employees u ON u.id = gm.employee_id AND u.connection_id = $1
         WHERE gm.group_id = ANY($2::uuid[])
       UNION ALL
       SELECT n.parent_group_id, c.id::text, 'Group', coalesce(c.display_name, c.name)
         FROM group_nesting n JOIN directory_groups c ON c.id = n.child_group_id AND c.connection_id = $1
         WHERE n.parent_group_id = ANY($2::uuid[])
       ORDER BY 4, 2`,
      [scope.connectionId, groupIds],
    )) as (MemberRow & { groupId: string })[];
    for (const { groupId, ...member } of rows) result.get(groupId)?.push(member);
    return result;
  }

  /** People and groups of this connection by id, with the key the reconciler knows them by. */
  async resources(
    q: Queryable,
    scope: Scope,
    ids: string[],
  ): Promise<Map<string, { type: 'user' | 'group'; key: string }>> {
    const valid = [...new Set(ids.filter(isId).map((id) => id.toLowerCase()))];
    const result = new Map<string, { type: 'user' | 'group'; key: string }>();
    if (valid.length === 0) return result;
    const rows = (await q.query(
      `SELECT employee_id::text AS id, 'user' AS type, external_id AS key FROM employee_sources
         WHERE org_id = $1 AND connection_id = $2 AND employee_id = ANY($3::uuid[]) AND external_id IS NOT NULL
       UNION
       SELECT id::text, 'user' AS type, external_id AS key FROM employees
         WHERE org_id = $1 AND connection_id = $2 AND id = ANY($3::uuid[]) AND external_id IS NOT NULL
       UNION ALL
       SELECT id::text, 'group', external_id FROM directory_groups
         WHERE org_id = $1 AND connection_id = $2 AND id = ANY($3::uuid[]) AND external_id IS NOT NULL`,
      [scope.orgId, scope.connectionId, valid],
    )) as { id: string; type: 'user' | 'group'; key: string }[];
    for (const row of rows) result.set(row.id, { type: row.type, key: row.key });
    return result;
  }

  async idByKey(
    q: Queryable,
    scope: Scope,
    table: 'employees' | 'directory_groups',
    key: string,
  ): Promise<string> {
    // A person is the connection's through its source record (they may have joined a person another source has).
    const lookup =
      table === 'employees'
        ? `SELECT employee_id AS id FROM employee_sources WHERE connection_id = $1 AND external_id = $2
           UNION ALL SELECT id FROM employees WHERE connection_id = $1 AND external_id = $2 LIMIT 1`
        : `SELECT id FROM directory_groups WHERE connection_id = $1 AND external_id = $2`;
    const [row] = (await q.query(lookup, [scope.connectionId, key])) as { id: string }[];
    if (!row) throw new Error(`the record just written (${key}) is missing`);
    return row.id;
  }

  /**
   * Another User of the connection with this userName (case-insensitive), if any: any person the
   * connection serves as a User (owned, or joined through its source record), as GET and filters
   * see them. userName is unique per service provider (RFC 7643 §4.1.1), that is per connection:
   * another source's person with the same username is no conflict.
   */
  async userNameTaken(
    q: Queryable,
    scope: Scope,
    userName: string,
    exceptId: string | null,
  ): Promise<boolean> {
    const rows = (await q.query(
      `SELECT 1 FROM employees e WHERE e.org_id = $1 AND lower(coalesce(e.username, e.email)) = lower($3)
         AND e.id IS DISTINCT FROM $4::uuid ${OWN_RECORD} LIMIT 1`,
      [scope.orgId, scope.connectionId, userName, exceptId],
    )) as unknown[];
    return rows.length > 0;
  }

  /** Whether making `childIds` members of `groupId` would put a group inside itself. */
  async wouldNestInItself(q: Queryable, groupId: string, childIds: string[]): Promise<boolean> {
    if (childIds.length === 0) return false;
    if (childIds.includes(groupId)) return true;
    const rows = (await q.query(
      `WITH RECURSIVE below(id) AS (
         SELECT unnest($1::uuid[])
         UNION
         SELECT n.child_group_id FROM group_nesting n JOIN below b ON n.parent_group_id = b.id
       )
       SELECT 1 FROM below WHERE id = $2 LIMIT 1`,
      [childIds, groupId],
    )) as unknown[];
    return rows.length > 0;
  }

  /** Replaces what the client sent that has no directory column (null: nothing to keep). */
  async keepAttributes(
    q: Queryable,
    scope: Scope,
    employeeId: string,
    attributes: ScimUserAttributes | null,
  ): Promise<void> {
    if (attributes === null) {
      await q.query(`DELETE FROM scim_user_attributes WHERE employee_id = $1`, [employeeId]);
      return;
    }
    await q.query(
      `INSERT INTO scim_user_attributes (employee_id, org_id, connection_id, attributes) VALUES ($1, $2, $3, $4)
       ON CONFLICT (employee_id) DO UPDATE SET connection_id = EXCLUDED.connection_id, attributes = EXCLUDED.attributes,
         updated_at = now()
       WHERE scim_user_attributes.attributes IS DISTINCT FROM EXCLUDED.attributes
         OR scim_user_attributes.connection_id IS DISTINCT FROM EXCLUDED.connection_id`,
      [employeeId, scope.orgId, scope.connectionId, JSON.stringify(attributes)],
    );
  }

  /**
   * Ends a person's User resource while the directory keeps the person (RFC 7644 §3.6 under
   * deletion policy DISABLE): the person leaves the connection (no connection, no source key), so
   * no read, filter or write of the connection finds them and their userName is free. A later
   * create that identity matching ties to them (externalId, e-mail, employee number: rules for
   * people no connection owns) adopts them again, with the same id.
   */
  async detach(q: Queryable, scope: Scope, employeeId: string): Promise<void> {
    await q.query(`DELETE FROM scim_user_attributes WHERE employee_id = $1`, [employeeId]);
    // A deleted User is in no group of the connection (RFC 7644 §3.6), in SCIM nor in the graph.
    await q.query(
      `DELETE FROM group_members gm USING directory_groups g
       WHERE gm.employee_id = $1 AND g.id = gm.group_id AND g.org_id = $2 AND g.connection_id = $3`,
      [employeeId, scope.orgId, scope.connectionId],
    );
    // The connection's source record goes with the resource: the person stays (another source's,
    // or kept per the deletion policy) and a later POST of the same user links to them again.
    await q.query(
      `DELETE FROM employee_sources WHERE employee_id = $1 AND org_id = $2 AND connection_id = $3`,
      [employeeId, scope.orgId, scope.connectionId],
    );
    await q.query(
      `UPDATE employees SET connection_id = NULL, external_id = NULL, source_hash = NULL, updated_at = now()
       WHERE id = $1 AND org_id = $2 AND connection_id = $3`,
      [employeeId, scope.orgId, scope.connectionId],
    );
  }

  /** Marks a group changed (its membership is not part of its row). */
  async touchGroup(q: Queryable, groupId: string): Promise<void> {
    await q.query(`UPDATE directory_groups SET updated_at = now() WHERE id = $1`, [groupId]);
  }
}
