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

export enum DirectorySource {
  AZURE_AD = 'azure_ad',
  OKTA = 'okta',
  LDAP = 'ldap',
  GOOGLE_WORKSPACE = 'google_workspace',
  AWS_IDENTITY_CENTER = 'aws_identity_center',
  SAP_SUCCESSFACTORS = 'sap_successfactors',
  WORKDAY = 'workday',
  BAMBOOHR = 'bamboohr',
  HRIS_IMPORT = 'hris_import',
  SCIM = 'scim',
  /** A SCIM 2.0 server we pull from (SCIM is the one that pushes to us). */
  SCIM_PULL = 'scim_pull',
  MANUAL = 'manual',
}

export enum GroupType {
  SECURITY = 'security',
  DISTRIBUTION = 'distribution',
  TEAM = 'team',
  DEPARTMENT = 'department',
  COST_CENTER = 'cost_center',
  BUSINESS_UNIT = 'business_unit',
  GROUP = 'group',
}
