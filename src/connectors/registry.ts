import { DirectorySource } from './sources';
import { entraConnector } from './entra';
import { hrisConnector } from './hris';
import { ldapConnector } from './ldap';
import { oktaConnector } from './okta';
import { ConnectorDefinition } from './types';
import { workdayConnector } from './workday';

/** Every kind of connection the product can pull from, by source. */
const DEFINITIONS = new Map<DirectorySource, ConnectorDefinition<unknown>>([
  [DirectorySource.HRIS_IMPORT, hrisConnector as ConnectorDefinition<unknown>],
  [DirectorySource.AZURE_AD, entraConnector as ConnectorDefinition<unknown>],
  [DirectorySource.OKTA, oktaConnector as ConnectorDefinition<unknown>],
  [DirectorySource.LDAP, ldapConnector as ConnectorDefinition<unknown>],
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
