import { awsIdentityCenterConnector } from './aws-identity-center';
import { bambooHrConnector } from './bamboohr';
import { entraConnector } from './entra';
import { googleWorkspaceConnector } from './google-workspace';
import { hrisConnector } from './hris';
import { ldapConnector } from './ldap';
import { oktaConnector } from './okta';
import { scimPullConnector } from './scim-pull';
import { DirectorySource } from './sources';
import { successFactorsConnector } from './successfactors';
import { ConnectorDefinition } from './types';
import { workdayConnector } from './workday';

/** Every kind of connection the product can pull from, by source. */
const DEFINITIONS = new Map<DirectorySource, ConnectorDefinition<unknown>>([
  [DirectorySource.HRIS_IMPORT, hrisConnector as ConnectorDefinition<unknown>],
  [DirectorySource.AZURE_AD, entraConnector as ConnectorDefinition<unknown>],
  [DirectorySource.OKTA, oktaConnector as ConnectorDefinition<unknown>],
  [DirectorySource.LDAP, ldapConnector as ConnectorDefinition<unknown>],
  [DirectorySource.GOOGLE_WORKSPACE, googleWorkspaceConnector as ConnectorDefinition<unknown>],
  [DirectorySource.SCIM_PULL, scimPullConnector as ConnectorDefinition<unknown>],
  [DirectorySource.AWS_IDENTITY_CENTER, awsIdentityCenterConnector as ConnectorDefinition<unknown>],
  [DirectorySource.BAMBOOHR, bambooHrConnector as ConnectorDefinition<unknown>],
  [DirectorySource.SAP_SUCCESSFACTORS, successFactorsConnector as ConnectorDefinition<unknown>],
  [DirectorySource.WORKDAY, workdayConnector as ConnectorDefinition<unknown>],
]);

/** Sources whose data is pushed to us (SCIM): they have connections but cannot be pull-synced. */
export const PUSH_SOURCES: ReadonlySet<DirectorySource> = new Set([DirectorySource.SCIM]);

export function connectorDefinition(source: DirectorySource): ConnectorDefinition<unknown> | undefined {
  return DEFINITIONS.get(source);
}

export function supportedPullSources(): DirectorySource[] {
  return [...DEFINITIONS.keys()];
}
