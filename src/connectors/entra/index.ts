import { DirectorySource } from '../sources';
import { ConnectorDefinition } from '../types';
import { EntraConfig, parseEntraConfig } from './entra.config';
import { EntraConnector } from './entra.connector';

export type { EntraCertificate, EntraConfig } from './entra.config';
export { EntraConnector } from './entra.connector';
export type { EntraConnectorOptions } from './entra.connector';

/** Microsoft Entra ID (Azure AD): people, managers, groups and nesting through Microsoft Graph delta queries. */
export const entraConnector: ConnectorDefinition<EntraConfig> = {
  source: DirectorySource.AZURE_AD,
  parseConfig: parseEntraConfig,
  secretFields: ['clientSecret', 'certificate'],
  create: (config, context) => new EntraConnector(config, { outbound: context.outbound }),
};
