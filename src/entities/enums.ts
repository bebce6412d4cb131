/** Stored values (lower snake case, as in the REST API) of the directory's enumerations. */
export enum EmploymentStatus {
  ACTIVE = 'active',
  ON_LEAVE = 'on_leave',
  SUSPENDED = 'suspended',
  TERMINATED = 'terminated',
  RETIRED = 'retired',
  CONTRACTOR = 'contractor',
}

export enum EmploymentType {
  FULL_TIME = 'full_time',
  PART_TIME = 'part_time',
  CONTRACTOR = 'contractor',
  INTERN = 'intern',
  TEMPORARY = 'temporary',
  FREELANCE = 'freelance',
}

export { DirectorySource } from '../connectors/sources';

export enum GroupType {
  SECURITY = 'security',
  DISTRIBUTION = 'distribution',
  TEAM = 'team',
  DEPARTMENT = 'department',
  COST_CENTER = 'cost_center',
  BUSINESS_UNIT = 'business_unit',
  GROUP = 'group',
}
