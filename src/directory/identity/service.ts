import { DataSource, EntityManager } from 'typeorm';
import { setChangeOrigin } from '../change-events';
import { InvalidInputError, NotFoundError } from '../errors';
import {
  FIELD_GROUPS,
  FieldGroup,
  GROUP_COLUMNS,
  HR_SOURCES,
  IDP_SOURCES,
  rankedRecords,
  resolvePeople,
} from './authority';

export interface SourceRecordView {
  id: string;
  employeeId: string;
  connectionId: string | null;
  connectionName: string | null;
  source: string;
  externalId: string | null;
  /** When the source last listed the record (see lastSeenSql). */
  lastSeenAt: Date;
  /** When what the record says last changed. */
  lastChangedAt: Date;
  /** Employee columns whose shown value this record supplies now. */
  supplies: string[];
}

export interface ConflictView {
  id: string;
  connectionId: string;
  externalId: string;
  candidateIds: string[];
  email: string | null;
  displayName: string | null;
  reason: string;
  status: 'open' | 'resolved';
  resolution: 'link' | 'keep_apart' | null;
  employeeId: string | null;
  createdAt: Date;
}

export interface AuthorityView {
  group: FieldGroup;
  /** The order the organization set (empty: defaults by source kind). */
  connectionIds: string[];
  /** The order in force: the set order, then the other connections by default rank and age. */
  effectiveConnectionIds: string[];
}

export interface AuthorityChange {
  group: FieldGroup;
  preview: boolean;
  /** People several sources describe, recomputed. */
  peopleRecomputed: number;
  /** Of them, people whose shown values changed. */
  peopleChanged: number;
  sample: { employeeId: string; email: string; fields: string[] }[];
}

/** Employee columns an admin may set by hand (a MANUAL record), by their GraphQL names. */
export const MANUAL_FIELDS: Record<string, string> = {
  email: 'email',
  displayName: 'display_name',
  firstName: 'first_name',
  lastName: 'last_name',
  preferredName: 'preferred_name',
  username: 'username',
  phone: 'phone',
  personalEmail: 'personal_email',
  timeZone: 'time_zone',
  idpId: 'idp_id',
  userId: 'user_id',
  employeeNumber: 'employee_number',
  jobTitle: 'job_title',
  department: 'department',
  division: 'division',
  costCenter: 'cost_center',
  location: 'location',
  company: 'company',
  status: 'status',
  employmentType: 'employment_type',
  startDate: 'start_date',
  terminationDate: 'termination_date',
};

/** The field that sets a person's manager by hand (by the manager's employee id). */
export const MANUAL_MANAGER_FIELD = 'managerId';

/**
 * When the source last listed record `es` of connection `c`: a full sync lists every record it
 * keeps, so the connection's last full listing counts for all of them (no row is written for an
 * unchanged record); `last_seen_at` is the last listing of the record by itself (a change, an
 * incremental sync, a SCIM write). A record kept although the source stopped listing it
 * (`unlisted`) has its last listing in `last_seen_at`.
 */
export function lastSeenSql(es: string, c: string): string {
  return `CASE WHEN ${es}.unlisted THEN ${es}.last_seen_at ELSE greatest(${es}.last_seen_at, ${c}.full_listing_at) END`;
}

const SAMPLE_SIZE = 10;
const MAX_PAGE = 100;

/** Source records, identity conflicts, field authority and manual edits of one organization's people. */
export class IdentityService {
  constructor(private readonly dataSource: DataSource) {}

  /** Source records of people, with the fields each supplies now (one statement for all of them). */
  async sourcesOf(orgId: string, employeeIds: string[]): Promise<Map<string, SourceRecordView[]>> {
    const rows: {
      id: string;
      employee_id: string;
      data: Record<string, unknown>;
      connection_id: string | null;
      source: string;
      external_id: string | null;
      r_identity: number;
      r_org: number;
      r_employment: number;
      r_custom: number;
      manager_ref_kind: string | null;
      made: Date;
      connection_name: string | null;
      last_seen_at: Date;
      updated_at: Date;
    }[] = await this.dataSource.query(
      `SELECT rec.*, c.name AS connection_name, ${lastSeenSql('es', 'c')} AS last_seen_at, es.updated_at
       FROM (${rankedRecords(`SELECT id FROM employees WHERE org_id = $1 AND id = ANY($2::uuid[])`)}) rec
       JOIN employee_sources es ON es.id = rec.id LEFT JOIN directory_connections c ON c.id = rec.connection_id
       ORDER BY rec.employee_id, rec.made, rec.id`,
      [orgId, employeeIds],
    );
    const byPerson = new Map<string, typeof rows>();
    for (const row of rows) byPerson.set(row.employee_id, [...(byPerson.get(row.employee_id) ?? []), row]);
    const result = new Map<string, SourceRecordView[]>();
    for (const [employeeId, records] of byPerson) {
      const supplies = new Map<string, string[]>(records.map((record) => [record.id, []]));
      const groups: [FieldGroup, keyof (typeof records)[number]][] = [
        ['IDENTITY', 'r_identity'],
        ['ORG_STRUCTURE', 'r_org'],
        ['EMPLOYMENT', 'r_employment'],
      ];
      for (const [group, rank] of groups) {
        const ordered = [...records].sort(
          (a, b) => Number(a[rank]) - Number(b[rank]) || a.made.getTime() - b.made.getTime(),
        );
        for (const column of GROUP_COLUMNS[group as Exclude<FieldGroup, 'CUSTOM'>]) {
          const winner = ordered.find(
            (record) => record.data[column] !== undefined && record.data[column] !== null,
          );
          if (winner) supplies.get(winner.id)!.push(column);
        }
      }
      // The manager comes from the first record in ORG_STRUCTURE order that names one (see resolveSql).
      const managing = [...records]
        .filter((record) => record.manager_ref_kind !== null)
        .sort((a, b) => a.r_org - b.r_org || a.made.getTime() - b.made.getTime())[0];
      if (managing) supplies.get(managing.id)!.push('manager_id');
      const custom = [...records].sort(
        (a, b) => a.r_custom - b.r_custom || a.made.getTime() - b.made.getTime(),
      );
      const seen = new Set<string>();
      for (const record of custom) {
        const attributes = record.data.custom_attributes;
        if (!attributes || typeof attributes !== 'object') continue;
        for (const [key, value] of Object.entries(attributes)) {
          if (value === null || seen.has(key)) continue;
          seen.add(key);
          supplies.get(record.id)!.push(`custom_attributes.${key}`);
        }
      }
      result.set(
        employeeId,
        records.map((record) => ({
          id: record.id,
          employeeId,
          connectionId: record.connection_id,
          connectionName: record.connection_name,
          source: record.source,
          externalId: record.external_id,
          lastSeenAt: record.last_seen_at,
          lastChangedAt: record.updated_at,
          supplies: supplies.get(record.id)!,
        })),
      );
    }
    return result;
  }

  async conflicts(
    orgId: string,
    status: 'open' | 'resolved' | null,
    first: number,
    after: string | null,
  ): Promise<{ items: ConflictView[]; hasNextPage: boolean }> {
    const limit = Math.min(Math.max(first, 1), MAX_PAGE);
    const rows: ConflictView[] = await this.dataSource.query(
      `SELECT id, connection_id AS "connectionId", external_id AS "externalId", candidate_ids::text[] AS "candidateIds",
         data->>'email' AS email, data->>'display_name' AS "displayName", reason, status, resolution,
         employee_id AS "employeeId", created_at AS "createdAt"
       FROM identity_conflicts c
       WHERE org_id = $1 AND ($2::text IS NULL OR status = $2)
         AND ($3::uuid IS NULL OR (created_at, id) > (SELECT created_at, id FROM identity_conflicts WHERE id = $3 AND org_id = $1))
       ORDER BY created_at, id LIMIT $4`,
      [orgId, status, after, limit + 1],
    );
    return { items: rows.slice(0, limit), hasNextPage: rows.length > limit };
  }

  /**
   * LINK joins the held record to a person (the next sync of its connection keeps it up to date);
   * KEEP_APART marks it as a person of its own: the next sync creates them without matching.
   */
  async resolveConflict(
    orgId: string,
    id: string,
    action: 'link' | 'keep_apart',
    employeeId: string | null,
  ): Promise<ConflictView> {
    return this.transaction(async (manager) => {
      const [conflict] = (await manager.query(
        `SELECT c.*, d.source AS connection_source FROM identity_conflicts c
         JOIN directory_connections d ON d.id = c.connection_id WHERE c.org_id = $1 AND c.id = $2`,
        [orgId, id],
      )) as {
        connection_id: string;
        external_id: string;
        status: string;
        data: Record<string, unknown>;
        hash: string | null;
        manager_ref: string | null;
        manager_ref_kind: string | null;
        connection_source: string;
        updated_at: Date;
      }[];
      if (!conflict) throw new NotFoundError(`no identity conflict with id ${id}`);
      if (conflict.status !== 'open') throw new InvalidInputError('this conflict is already resolved', 'id');
      // The connection's writers (syncs, SCIM pushes) take the same lock.
      await manager.query(`SELECT pg_advisory_xact_lock(hashtext($1))`, [conflict.connection_id]);
      if (action === 'link') {
        if (!employeeId) throw new InvalidInputError('LINK needs the employee to link to', 'employeeId');
        const [person] = await manager.query(`SELECT id FROM employees WHERE org_id = $1 AND id = $2`, [
          orgId,
          employeeId,
        ]);
        if (!person) throw new NotFoundError(`no employee with id ${employeeId}`);
        const [taken] = await manager.query(
          `SELECT external_id FROM employee_sources WHERE connection_id = $1 AND (employee_id = $2 OR external_id = $3)`,
          [conflict.connection_id, employeeId, conflict.external_id],
        );
        if (taken)
          throw new InvalidInputError(
            'that person already has a record of this connection (or this record is linked already)',
            'employeeId',
          );
        await manager.query(
          `INSERT INTO employee_sources (org_id, employee_id, connection_id, source, external_id, data, hash, manager_ref, manager_ref_kind,
             last_seen_at)
           VALUES ($1, $2, $3, $4, $5, $6, NULL, $7, $8, $9)`,
          [
            orgId,
            employeeId,
            conflict.connection_id,
            conflict.connection_source,
            conflict.external_id,
            conflict.data,
            conflict.manager_ref,
            conflict.manager_ref_kind,
            // The source listed the record when a sync last refreshed the conflict.
            conflict.updated_at,
          ],
        );
        await resolvePeople(manager, `SELECT $1::uuid AS id`, [employeeId], { reactivate: true });
      } else {
        await manager.query(
          `INSERT INTO identity_keep_apart (connection_id, external_id) VALUES ($1, $2) ON CONFLICT DO NOTHING`,
          [conflict.connection_id, conflict.external_id],
        );
      }
      await manager.query(
        `UPDATE identity_conflicts SET status = 'resolved', resolution = $3, employee_id = $4, resolved_at = now(), updated_at = now()
         WHERE org_id = $1 AND id = $2`,
        [orgId, id, action, action === 'link' ? employeeId : null],
      );
      const [view] = await manager.query(
        `SELECT id, connection_id AS "connectionId", external_id AS "externalId", candidate_ids::text[] AS "candidateIds",
           data->>'email' AS email, data->>'display_name' AS "displayName", reason, status, resolution,
           employee_id AS "employeeId", created_at AS "createdAt"
         FROM identity_conflicts WHERE id = $1`,
        [id],
      );
      return view as ConflictView;
    });
  }

  async authority(orgId: string): Promise<AuthorityView[]> {
    const connections: { id: string; source: string }[] = await this.dataSource.query(
      `SELECT id, source FROM directory_connections WHERE org_id = $1 ORDER BY created_at, id`,
      [orgId],
    );
    const stored: { field_group: FieldGroup; connection_ids: string[] }[] = await this.dataSource.query(
      `SELECT field_group, connection_ids::text[] AS connection_ids FROM field_authority WHERE org_id = $1`,
      [orgId],
    );
    return FIELD_GROUPS.map((group) => {
      const set = (stored.find((row) => row.field_group === group)?.connection_ids ?? []).filter((id) =>
        connections.some((connection) => connection.id === id),
      );
      const leaders = group === 'IDENTITY' ? IDP_SOURCES : group === 'CUSTOM' ? [] : HR_SOURCES;
      const rest = connections
        .filter((connection) => !set.includes(connection.id))
        .map((connection, index) => ({
          id: connection.id,
          tier: leaders.includes(connection.source) ? 0 : 1,
          index,
        }))
        .sort((a, b) => a.tier - b.tier || a.index - b.index)
        .map((connection) => connection.id);
      return { group, connectionIds: set, effectiveConnectionIds: [...set, ...rest] };
    });
  }

  /**
   * Sets a group's order and recomputes everyone several sources describe, set-based. A preview
   * runs the same statements and rolls back: its counts and sample are what applying would do.
   */
  async setAuthority(
    orgId: string,
    group: FieldGroup,
    connectionIds: string[],
    preview: boolean,
  ): Promise<AuthorityChange> {
    if (new Set(connectionIds).size !== connectionIds.length)
      throw new InvalidInputError('a connection appears twice in the order', 'connectionIds');
    const known: { id: string }[] = await this.dataSource.query(
      `SELECT id FROM directory_connections WHERE org_id = $1 AND id = ANY($2::uuid[])`,
      [orgId, connectionIds],
    );
    if (known.length !== connectionIds.length)
      throw new InvalidInputError('every id must be a connection of your organization', 'connectionIds');
    return this.transaction(async (manager) => {
      await manager.query(`SELECT pg_advisory_xact_lock(hashtext($1))`, [`authority:${orgId}`]);
      await manager.query(
        `INSERT INTO field_authority (org_id, field_group, connection_ids) VALUES ($1, $2, $3::uuid[])
         ON CONFLICT (org_id, field_group) DO UPDATE SET connection_ids = EXCLUDED.connection_ids, updated_at = now()`,
        [orgId, group, connectionIds],
      );
      const people = `SELECT employee_id AS id FROM employee_sources WHERE org_id = $1 GROUP BY employee_id HAVING count(*) > 1`;
      await manager.query(
        `CREATE TEMP TABLE authority_before ON COMMIT DROP AS
         SELECT e.id, to_jsonb(e) - 'updated_at' - 'synced_at' AS row FROM employees e WHERE e.id IN (${people})`,
        [orgId],
      );
      const { changed: recomputed } = await resolvePeople(manager, people, [orgId], { reactivate: false });
      const changes: { employeeId: string; email: string; fields: string[]; total: number }[] =
        await manager.query(
          `SELECT e.id AS "employeeId", e.email,
           ARRAY(SELECT k FROM jsonb_each(b.row) kv(k, v) WHERE (to_jsonb(e) - 'updated_at' - 'synced_at') -> k IS DISTINCT FROM v ORDER BY k) AS fields,
           count(*) OVER ()::int AS total
         FROM authority_before b JOIN employees e ON e.id = b.id
         WHERE (to_jsonb(e) - 'updated_at' - 'synced_at') IS DISTINCT FROM b.row
         ORDER BY e.email LIMIT ${SAMPLE_SIZE}`,
        );
      const result: AuthorityChange = {
        group,
        preview,
        peopleRecomputed: recomputed,
        peopleChanged: changes[0]?.total ?? 0,
        sample: changes.map(({ total: _total, ...change }) => change),
      };
      if (preview) throw new Rollback(result);
      return result;
    }).catch((error: unknown) => {
      if (error instanceof Rollback) return error.result as AuthorityChange;
      throw error;
    });
  }

  /**
   * Sets fields of a person by hand: their MANUAL record, which leads every group by default. A
   * manager (`managerId`) names a person of the organization by id; one that would close a
   * reporting cycle is refused.
   */
  async setFields(orgId: string, employeeId: string, fields: Record<string, unknown>): Promise<void> {
    const { [MANUAL_MANAGER_FIELD]: managerId, ...rest } = fields;
    const managerRef = managerId === undefined ? null : checkedManagerId(managerId, employeeId);
    const data = manualData(rest, managerRef !== null);
    await this.transaction(async (manager) => {
      const [person] = await manager.query(
        `SELECT id FROM employees WHERE org_id = $1 AND id = $2 FOR UPDATE`,
        [orgId, employeeId],
      );
      if (!person) throw new NotFoundError(`no employee with id ${employeeId}`);
      if (managerRef) await this.requirePerson(manager, orgId, managerRef);
      await manager.query(
        `INSERT INTO employee_sources (org_id, employee_id, connection_id, source, data, manager_ref, manager_ref_kind)
         VALUES ($1, $2, NULL, 'manual', $3, $4, CASE WHEN $4::text IS NOT NULL THEN 'employeeId' END)
         ON CONFLICT (employee_id) WHERE connection_id IS NULL
         DO UPDATE SET data = employee_sources.data || EXCLUDED.data,
           manager_ref = coalesce(EXCLUDED.manager_ref, employee_sources.manager_ref),
           manager_ref_kind = coalesce(EXCLUDED.manager_ref_kind, employee_sources.manager_ref_kind),
           last_seen_at = now(), updated_at = now()`,
        [orgId, employeeId, data, managerRef],
      );
      await this.resolveOne(manager, employeeId);
    });
  }

  /** Takes fields out of a person's MANUAL record: the sources' values show again. */
  async clearFields(orgId: string, employeeId: string, fields: string[]): Promise<void> {
    const clearsManager = fields.includes(MANUAL_MANAGER_FIELD);
    const columns = fields
      .filter((field) => field !== MANUAL_MANAGER_FIELD)
      .map((field) => {
        const column = MANUAL_FIELDS[field];
        if (!column) throw new InvalidInputError(`${field} cannot be set by hand`, 'fields');
        return column;
      });
    await this.transaction(async (manager) => {
      const [person] = await manager.query(
        `SELECT id FROM employees WHERE org_id = $1 AND id = $2 FOR UPDATE`,
        [orgId, employeeId],
      );
      if (!person) throw new NotFoundError(`no employee with id ${employeeId}`);
      await manager.query(
        `UPDATE employee_sources SET data = data - $2::text[],
           manager_ref = CASE WHEN $3 THEN NULL ELSE manager_ref END,
           manager_ref_kind = CASE WHEN $3 THEN NULL ELSE manager_ref_kind END, updated_at = now()
         WHERE employee_id = $1 AND connection_id IS NULL`,
        [employeeId, columns, clearsManager],
      );
      if (clearsManager) {
        // The manager set by hand goes; the next record naming one (if any) gives it again below.
        await manager.query(
          `UPDATE employees SET manager_id = NULL, manager_ref = NULL, manager_ref_kind = NULL, updated_at = now()
           WHERE id = $1 AND manager_ref_kind = 'employeeId'`,
          [employeeId],
        );
      }
      // A MANUAL record with nothing left goes, unless it is all the person has.
      await manager.query(
        `DELETE FROM employee_sources es WHERE es.employee_id = $1 AND es.connection_id IS NULL AND es.data = '{}'::jsonb
           AND es.manager_ref_kind IS NULL
           AND EXISTS (SELECT 1 FROM employee_sources o WHERE o.employee_id = es.employee_id AND o.id <> es.id)`,
        [employeeId],
      );
      await this.resolveOne(manager, employeeId);
    });
  }

  /** A person entered by hand: a MANUAL record only. */
  async createPerson(orgId: string, fields: Record<string, unknown>): Promise<string> {
    const { [MANUAL_MANAGER_FIELD]: managerId, ...rest } = fields;
    const managerRef = managerId === undefined ? null : checkedManagerId(managerId, null);
    const data = manualData(rest, false);
    const email = typeof data.email === 'string' ? data.email : null;
    const displayName =
      (data.display_name as string | undefined) ??
      ([data.preferred_name ?? data.first_name, data.last_name].filter(Boolean).join(' ') ||
        email ||
        (data.username as string | undefined));
    // A person may have no e-mail (SCIM and directories send such people too), but needs a name.
    if (!displayName)
      throw new InvalidInputError('a new person needs an email, a name or a username', 'displayName');
    return this.transaction(async (manager) => {
      // Sources may give several people one address; a person entered by hand with an address
      // someone has is most likely that person entered twice.
      const [taken] = email
        ? await manager.query(`SELECT 1 FROM employees WHERE org_id = $1 AND lower(email) = $2`, [
            orgId,
            email,
          ])
        : [];
      if (taken) throw new InvalidInputError('another person has this email', 'email');
      if (managerRef) await this.requirePerson(manager, orgId, managerRef);
      const [{ id }] = (await manager.query(
        `INSERT INTO employees (org_id, email, display_name, source) VALUES ($1, $2, $3, 'manual') RETURNING id`,
        [orgId, email, displayName],
      )) as { id: string }[];
      await manager.query(
        `INSERT INTO employee_sources (org_id, employee_id, connection_id, source, data, manager_ref, manager_ref_kind)
         VALUES ($1, $2, NULL, 'manual', $3, $4, CASE WHEN $4::text IS NOT NULL THEN 'employeeId' END)`,
        [orgId, id, { display_name: displayName, ...data }, managerRef],
      );
      await this.resolveOne(manager, id);
      return id;
    });
  }

  /** A manager set by hand must be a person of the organization. */
  private async requirePerson(manager: EntityManager, orgId: string, id: string): Promise<void> {
    const [found] = await manager.query(`SELECT 1 FROM employees WHERE org_id = $1 AND id = $2`, [orgId, id]);
    if (!found)
      throw new InvalidInputError(`managerId names no person of your organization`, MANUAL_MANAGER_FIELD);
  }

  private async resolveOne(manager: EntityManager, employeeId: string): Promise<void> {
    const { cycles } = await resolvePeople(manager, `SELECT $1::uuid AS id`, [employeeId], {
      reactivate: false,
    });
    if (cycles.length > 0)
      throw new InvalidInputError('the manager would close a reporting cycle', 'managerId');
  }

  /** An admin's change: its change events are MANUAL. */
  private async transaction<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(async (manager) => {
      await setChangeOrigin(manager, 'MANUAL');
      return work(manager);
    });
  }
}

class Rollback extends Error {
  constructor(readonly result: unknown) {
    super('preview');
  }
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A manager id given by hand, checked as far as it can be without the database. */
function checkedManagerId(value: unknown, employeeId: string | null): string {
  if (value === null)
    throw new InvalidInputError(
      `${MANUAL_MANAGER_FIELD}: clear a field with clearEmployeeFields`,
      MANUAL_MANAGER_FIELD,
    );
  if (typeof value !== 'string' || !UUID.test(value))
    throw new InvalidInputError(`${MANUAL_MANAGER_FIELD} must be an employee id`, MANUAL_MANAGER_FIELD);
  const id = value.toLowerCase();
  if (id === employeeId?.toLowerCase())
    throw new InvalidInputError('a person cannot be their own manager', MANUAL_MANAGER_FIELD);
  return id;
}

/**
 * Fields by GraphQL name → a MANUAL record's data by column, checked. `more`: something else is
 * set besides (a manager), so no field at all is fine.
 */
function manualData(fields: Record<string, unknown>, more: boolean): Record<string, unknown> {
  const data: Record<string, unknown> = {};
  for (const [field, value] of Object.entries(fields)) {
    if (value === undefined) continue;
    const column = MANUAL_FIELDS[field];
    if (!column) throw new InvalidInputError(`${field} cannot be set by hand`, field);
    if (value === null)
      throw new InvalidInputError(`${field}: clear a field with clearEmployeeFields`, field);
    if (typeof value !== 'string' || value.trim() === '' || value.length > 1000)
      throw new InvalidInputError(`${field} must be non-empty text`, field);
    let text = value.trim();
    if (column === 'email' || column === 'personal_email') {
      text = text.toLowerCase();
      if (!EMAIL.test(text)) throw new InvalidInputError(`${field} is not an email address`, field);
    }
    if ((column === 'start_date' || column === 'termination_date') && !DATE.test(text))
      throw new InvalidInputError(`${field} must be a date (YYYY-MM-DD)`, field);
    data[column] = text;
  }
  if (Object.keys(data).length === 0 && !more) throw new InvalidInputError('no field to set', 'input');
  return data;
}
