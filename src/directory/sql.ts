import { DataSource } from 'typeorm';

/** The database as the domain sees it: parameterised statements that return typed rows. */
export class Sql {
  constructor(private readonly dataSource: DataSource) {}

  async rows<T>(text: string, params: readonly unknown[] = []): Promise<T[]> {
    return (await this.dataSource.query(text, params as unknown[])) as T[];
  }
}

/** Employee columns, aliased to the record's property names. `alias` is the table alias. */
export function employeeColumns(alias = 'e'): string {
  return EMPLOYEE_FIELDS.map(([column, property]) => `${alias}.${column} AS "${property}"`).join(', ');
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
