/** The systems a directory's people and groups can come from: stored on every record, named by every connector. */
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
  MANUAL = 'manual',
}
