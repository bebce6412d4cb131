import { DataSource } from 'typeorm';

/** The database as the domain sees it: parameterised statements that return typed rows. */
export class Sql {
  constructor(private readonly dataSource: DataSource) {}

  async rows<T>(text: string, params: readonly unknown[] = []): Promise<T[]> {
    return (await this.dataSource.query(text, params as unknown[])) as T[];
  }
}

/**
 * Employee columns, aliased to the record's property names. `alias` is the table alias. With
 * `properties`, only those (plus the keys every employee row carries); whole-tree answers of
 * thousands of rows spend most of their time decoding columns nobody asked for.
 */
export function employeeColumns(alias = 'e', properties?: ReadonlySet<string> | null): string {
  const fields = properties
    ? EMPLOYEE_FIELDS.filter(([, property]) => ALWAYS.has(property) || properties.has(property))
    : EMPLOYEE_FIELDS;
  return fields.map(([column, property]) => `${alias}.${column} AS "${property}"`).join(', ');
}

/** Every employee row carries these: identity, tenancy, sort key, and what field resolvers follow. */
const ALWAYS = new Set(['id', 'orgId', 'displayName', 'managerId', 'department', 'userId', 'email']);

/** Whether a property is an employee column (for callers that choose columns). */
export function isEmployeeProperty(property: string): boolean {
  return EMPLOYEE_FIELDS.some(([, known]) => known === property);
}

export function groupColumns(alias = 'g'): string {
  return GROUP_FIELDS.map(([column, property]) => `${alias}.${column} AS "${property}"`).join(', ');
}

const EMPLOYEE_FIELDS: readonly [string, string][] = [
  ['id', 'id'],
  ['org_id', 'orgId'],
  ['employee_number', 'employeeNumber'],
  ['email', 'email'],
  ['display_name', 'displayName'],
  ['first_name', 'firstName'],
  ['last_name', 'lastName'],
  ['preferred_name', 'preferredName'],
  ['job_title', 'jobTitle'],
  ['department', 'department'],
  ['division', 'division'],
  ['cost_center', 'costCenter'],
  ['location', 'location'],
  ['phone', 'phone'],
  ['company', 'company'],
  ['username', 'username'],
  ['personal_email', 'personalEmail'],
  ['time_zone', 'timeZone'],
  ['status', 'status'],
  ['employment_type', 'employmentType'],
  ['start_date', 'startDate'],
  ['termination_date', 'terminationDate'],
  ['manager_id', 'managerId'],
  ['manager_ref', 'managerRef'],
  ['source', 'source'],
  ['external_id', 'externalId'],
  ['idp_id', 'idpId'],
  ['user_id', 'userId'],
  ['custom_attributes', 'customAttributes'],
  ['synced_at', 'syncedAt'],
  ['created_at', 'createdAt'],
  ['updated_at', 'updatedAt'],
];

const GROUP_FIELDS: readonly [string, string][] = [
  ['id', 'id'],
  ['org_id', 'orgId'],
  ['name', 'name'],
  ['display_name', 'displayName'],
  ['description', 'description'],
  ['source', 'source'],
  ['external_id', 'externalId'],
  ['is_security_group', 'isSecurityGroup'],
  ['group_type', 'groupType'],
  ['custom_attributes', 'customAttributes'],
  ['synced_at', 'syncedAt'],
  ['created_at', 'createdAt'],
  ['updated_at', 'updatedAt'],
];

/** Escapes LIKE wildcards so user text matches literally. */
export function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (match) => `\\${match}`);
}

/** Statuses that no longer belong to the current organization. */
export const FORMER_STATUSES = ['terminated', 'retired'];
