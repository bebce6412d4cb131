/**
 * Loads a {@link SampleOrganization} into the database with a few set-based statements:
 * each chunk of rows is one `INSERT … SELECT … FROM unnest($2::uuid[], $3::text[], …)`,
 * one array parameter per column.
 */
import { createHash } from 'node:crypto';
import { DataSource, EntityManager, QueryFailedError } from 'typeorm';
import { HAND_ENTERED_RECORDS_SQL } from '../directory/identity/manual-records';
import {
  SampleEmployee,
  SampleGroup,
  SampleMembership,
  SampleNesting,
  SampleOrganization,
} from './sample-org';

/** Rows per statement: amortizes round trips while keeping each statement's parameters modest. */
export const SEED_CHUNK_SIZE = 5000;

export interface SeedOrganization {
  /** Default: derived from the slug, so re-seeding keeps the organization's id. */
  id?: string;
  name: string;
  slug: string;
}

export interface SeedResult {
  orgId: string;
  employees: number;
  groups: number;
}

/** One column of a set-based insert: its name, its element type and how to read it from a row. */
interface ColumnSpec<T> {
  name: string;
  type: 'uuid' | 'text' | 'date' | 'boolean' | 'jsonb';
  value(row: T): string | boolean | null;
}

const EMPLOYEE_COLUMNS: ReadonlyArray<ColumnSpec<SampleEmployee>> = [
  { name: 'id', type: 'uuid', value: (e) => e.id },
  { name: 'employee_number', type: 'text', value: (e) => e.employeeNumber },
  { name: 'email', type: 'text', value: (e) => e.email },
  { name: 'display_name', type: 'text', value: (e) => e.displayName },
  { name: 'first_name', type: 'text', value: (e) => e.firstName },
  { name: 'last_name', type: 'text', value: (e) => e.lastName },
  { name: 'preferred_name', type: 'text', value: (e) => e.preferredName },
  { name: 'job_title', type: 'text', value: (e) => e.jobTitle },
  { name: 'department', type: 'text', value: (e) => e.department },
  { name: 'division', type: 'text', value: (e) => e.division },
  { name: 'cost_center', type: 'text', value: (e) => e.costCenter },
  { name: 'location', type: 'text', value: (e) => e.location },
  { name: 'phone', type: 'text', value: (e) => e.phone },
  { name: 'company', type: 'text', value: (e) => e.company },
  { name: 'username', type: 'text', value: (e) => e.username },
  { name: 'personal_email', type: 'text', value: (e) => e.personalEmail },
  { name: 'time_zone', type: 'text', value: (e) => e.timeZone },
  { name: 'status', type: 'text', value: (e) => e.status },
  { name: 'employment_type', type: 'text', value: (e) => e.employmentType },
  { name: 'start_date', type: 'date', value: (e) => e.startDate },
  { name: 'termination_date', type: 'date', value: (e) => e.terminationDate },
  { name: 'manager_id', type: 'uuid', value: (e) => e.managerId },
  { name: 'manager_ref', type: 'text', value: (e) => e.managerRef },
  { name: 'source', type: 'text', value: (e) => e.source },
  { name: 'external_id', type: 'text', value: (e) => e.externalId },
  { name: 'idp_id', type: 'text', value: (e) => e.idpId },
  { name: 'user_id', type: 'text', value: (e) => e.userId },
  { name: 'custom_attributes', type: 'jsonb', value: (e) => JSON.stringify(e.customAttributes) },
];

const GROUP_COLUMNS: ReadonlyArray<ColumnSpec<SampleGroup>> = [
  { name: 'id', type: 'uuid', value: (g) => g.id },
  { name: 'name', type: 'text', value: (g) => g.name },
  { name: 'display_name', type: 'text', value: (g) => g.displayName },
  { name: 'description', type: 'text', value: (g) => g.description },
  { name: 'source', type: 'text', value: (g) => g.source },
  { name: 'external_id', type: 'text', value: (g) => g.externalId },
  { name: 'is_security_group', type: 'boolean', value: (g) => g.isSecurityGroup },
  { name: 'group_type', type: 'text', value: (g) => g.groupType },
  { name: 'custom_attributes', type: 'jsonb', value: (g) => JSON.stringify(g.customAttributes) },
];

const MEMBERSHIP_COLUMNS: ReadonlyArray<ColumnSpec<SampleMembership>> = [
  { name: 'group_id', type: 'uuid', value: (m) => m.groupId },
  { name: 'employee_id', type: 'uuid', value: (m) => m.employeeId },
];

const NESTING_COLUMNS: ReadonlyArray<ColumnSpec<SampleNesting>> = [
  { name: 'parent_group_id', type: 'uuid', value: (n) => n.parentGroupId },
  { name: 'child_group_id', type: 'uuid', value: (n) => n.childGroupId },
];

/** Fixed namespace for {@link organizationIdForSlug} (a random v4 UUID, chosen once). */
const ORGANIZATION_NAMESPACE = '5b8f3c1e-2d4a-4f6b-9c7e-1a2b3c4d5e6f';

/** A name-based (version 5, SHA-1) UUID for a slug: the same slug always gets the same id. */
export function organizationIdForSlug(slug: string): string {
  const namespace = Buffer.from(ORGANIZATION_NAMESPACE.replace(/-/g, ''), 'hex');
  const hash = createHash('sha1').update(namespace).update(slug, 'utf8').digest();
  hash[6] = (hash[6] & 0x0f) | 0x50; // version 5
  hash[8] = (hash[8] & 0x3f) | 0x80; // RFC 4122 variant
  const hex = hash.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/**
 * Inserts `rows` into `table` for one organization, {@link SEED_CHUNK_SIZE} rows per statement.
 * `synced_at` is set to now() when `synced` is true.
 */
async function insertRows<T>(
  manager: EntityManager,
  table: string,
  orgId: string,
  columns: ReadonlyArray<ColumnSpec<T>>,
  rows: readonly T[],
  synced: boolean,
): Promise<void> {
  const names = columns.map((column) => column.name).join(', ');
  const arrays = columns.map((column, i) => `$${i + 2}::${column.type}[]`).join(', ');
  const sql =
    `INSERT INTO ${table} (org_id, ${names}${synced ? ', synced_at' : ''}) ` +
    `SELECT $1::uuid, ${names}${synced ? ', now()' : ''} FROM unnest(${arrays}) AS v(${names})`;
  for (let start = 0; start < rows.length; start += SEED_CHUNK_SIZE) {
    const chunk = rows.slice(start, start + SEED_CHUNK_SIZE);
    await manager.query(sql, [orgId, ...columns.map((column) => chunk.map((row) => column.value(row)))]);
  }
}

/**
 * Orders employees so that every manager precedes their reports (breadth-first from the roots).
 * Then manager_id can be inserted directly: PostgreSQL checks a statement's foreign keys at its
 * end, and earlier chunks already hold the managers. That spares rewriting every row with an
 * UPDATE afterwards. Employees no root reaches (a reporting cycle, or a manager missing from the
 * sample) come back in `deferred`: they are inserted without a manager and linked afterwards.
 */
function managersFirst(employees: readonly SampleEmployee[]): {
  ordered: SampleEmployee[];
  deferred: SampleEmployee[];
} {
  const reportsOf = new Map<string, SampleEmployee[]>();
  const ordered: SampleEmployee[] = [];
  for (const employee of employees) {
    if (employee.managerId === null) {
      ordered.push(employee);
      continue;
    }
    const reports = reportsOf.get(employee.managerId);
    if (reports) reports.push(employee);
    else reportsOf.set(employee.managerId, [employee]);
  }
  for (let i = 0; i < ordered.length; i++) {
    for (const report of reportsOf.get(ordered[i].id) ?? []) ordered.push(report);
  }
  if (ordered.length === employees.length) return { ordered, deferred: [] };
  const placed = new Set(ordered.map((employee) => employee.id));
  return { ordered, deferred: employees.filter((employee) => !placed.has(employee.id)) };
}

/** A clearer message for the likely cause of a primary-key clash: ids are global, not per organization. */
function explainIdClash(error: unknown): unknown {
  if (!(error instanceof QueryFailedError)) return error;
  const { code, constraint } = error.driverError as { code?: string; constraint?: string };
  if (code !== '23505' || (constraint !== 'employees_pkey' && constraint !== 'directory_groups_pkey'))
    return error;
  return new Error(
    'sample ids are already used by another organization (ids are unique across organizations): ' +
      'generate this sample with another seed',
    { cause: error },
  );
}

/**
 * Replaces the organization with slug `org.slug` by the sample, in one transaction: deletes the
 * existing organization (its rows go with it, ON DELETE CASCADE), inserts the organization, its
 * employees (synced_at = now()), groups, memberships and nesting. Idempotent: seeding the same
 * sample again gives the same rows with the same ids.
 *
 * Employee and group ids are the sample's own and must not already belong to another organization;
 * to seed several organizations, generate each sample with its own seed.
 */
export async function seedOrganization(
  dataSource: DataSource,
  org: SeedOrganization,
  sample: SampleOrganization,
): Promise<SeedResult> {
  const orgId = org.id ?? organizationIdForSlug(org.slug);
  const { ordered, deferred } = managersFirst(sample.employees);
  try {
    await dataSource.transaction(async (manager) => {
      await manager.query('DELETE FROM organizations WHERE slug = $1', [org.slug]);
      await manager.query('INSERT INTO organizations (id, name, slug) VALUES ($1, $2, $3)', [
        orgId,
        org.name,
        org.slug,
      ]);

      await insertRows(manager, 'employees', orgId, EMPLOYEE_COLUMNS, ordered, true);
      if (deferred.length > 0) {
        const unlinked = deferred.map((employee) => ({ ...employee, managerId: null }));
        await insertRows(manager, 'employees', orgId, EMPLOYEE_COLUMNS, unlinked, true);
        for (let start = 0; start < deferred.length; start += SEED_CHUNK_SIZE) {
          const chunk = deferred.slice(start, start + SEED_CHUNK_SIZE);
          await manager.query(
            `UPDATE employees e SET manager_id = v.manager_id
               FROM unnest($2::uuid[], $3::uuid[]) AS v(id, manager_id)
              WHERE e.org_id = $1 AND e.id = v.id`,
            [orgId, chunk.map((employee) => employee.id), chunk.map((employee) => employee.managerId)],
          );
        }
      }

      // Nobody's source describes these people: they are people entered by hand.
      await manager.query(HAND_ENTERED_RECORDS_SQL, [orgId]);

      await insertRows(manager, 'directory_groups', orgId, GROUP_COLUMNS, sample.groups, true);
      await insertRows(manager, 'group_members', orgId, MEMBERSHIP_COLUMNS, sample.memberships, false);
      await insertRows(manager, 'group_nesting', orgId, NESTING_COLUMNS, sample.nesting, false);
    });
  } catch (error) {
    throw explainIdClash(error);
  }
  return { orgId, employees: sample.employees.length, groups: sample.groups.length };
}
