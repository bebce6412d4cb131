import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { Employee, DirectoryGroup } from '../../src/entities';

let sequence = 0;
const next = () => ++sequence;

export async function createOrganization(dataSource: DataSource, name = `Org ${next()}`): Promise<string> {
  const id = randomUUID();
  await dataSource.query(`INSERT INTO organizations (id, name, slug) VALUES ($1, $2, $3)`, [
    id,
    name,
    `org-${id}`,
  ]);
  return id;
}

/** Inserts an employee with sensible defaults; any column can be overridden. */
export async function createEmployee(
  dataSource: DataSource,
  orgId: string,
  overrides: Partial<Employee> = {},
): Promise<Employee> {
  const n = next();
  const firstName = overrides.firstName ?? `First${n}`;
  const lastName = overrides.lastName ?? `Last${n}`;
  const values: Partial<Employee> = {
    id: randomUUID(),
    orgId,
    firstName,
    lastName,
    displayName: `${firstName} ${lastName}`,
    email: `${firstName}.${lastName}.${n}@example.test`.toLowerCase(),
    employeeNumber: `EMP${String(n).padStart(8, '0')}`,
    status: 'active' as Employee['status'],
    ...overrides,
  };
  return dataSource.getRepository(Employee).save(values as Employee);
}

export async function createGroup(
  dataSource: DataSource,
  orgId: string,
  overrides: Partial<DirectoryGroup> = {},
): Promise<DirectoryGroup> {
  const n = next();
  return dataSource
    .getRepository(DirectoryGroup)
    .save({ id: randomUUID(), orgId, name: `Group-${n}`, ...overrides } as DirectoryGroup);
}

export async function addMembers(
  dataSource: DataSource,
  orgId: string,
  groupId: string,
  employeeIds: string[],
) {
  await dataSource.query(
    `INSERT INTO group_members (org_id, group_id, employee_id) SELECT $1, $2, unnest($3::uuid[])`,
    [orgId, groupId, employeeIds],
  );
}

export async function nestGroup(
  dataSource: DataSource,
  orgId: string,
  parentGroupId: string,
  childGroupId: string,
) {
  await dataSource.query(
    `INSERT INTO group_nesting (org_id, parent_group_id, child_group_id) VALUES ($1, $2, $3)`,
    [orgId, parentGroupId, childGroupId],
  );
}

/** Sets managers, bypassing nothing: the same UPDATE a sync would run. */
export async function setManager(dataSource: DataSource, employeeId: string, managerId: string | null) {
  await dataSource.query(`UPDATE employees SET manager_id = $2 WHERE id = $1`, [employeeId, managerId]);
}
