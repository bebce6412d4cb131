import { DirectorySource } from '../sources';
import { ConnectorDefinition } from '../types';
import { GoogleWorkspaceConfig, parseGoogleWorkspaceConfig } from './google.config';
import { GoogleWorkspaceConnector } from './google.connector';

export type { GoogleWorkspaceConfig } from './google.config';
export { GoogleWorkspaceConnector } from './google.connector';

/** Google Workspace: users (with custom schemas and managers), groups and nested members through the Admin SDK. */
export const googleWorkspaceConnector: ConnectorDefinition<GoogleWorkspaceConfig> = {
  source: DirectorySource.GOOGLE_WORKSPACE,
  parseConfig: parseGoogleWorkspaceConfig,
  secretFields: ['privateKey'],
  create: (config, context) => new GoogleWorkspaceConnector(config, context.outbound),
};
