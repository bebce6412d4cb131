import { DirectorySource } from '../sources';
import { ConnectorDefinition } from '../types';
import { parseScimPullConfig, ScimPullConfig } from './scim-pull.config';
import { ScimPullConnector } from './scim-pull.connector';

export type { ScimPullConfig } from './scim-pull.config';
export { ScimPullConnector } from './scim-pull.connector';

/** Any SCIM 2.0 server as a source: /Users (enterprise extension) and /Groups, paged, incremental by meta.lastModified. */
export const scimPullConnector: ConnectorDefinition<ScimPullConfig> = {
  source: DirectorySource.SCIM_PULL,
  parseConfig: parseScimPullConfig,
  secretFields: ['bearerToken'],
  create: (config, context) => new ScimPullConnector(config, context.outbound),
};
