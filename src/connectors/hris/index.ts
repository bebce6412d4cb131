import { DirectorySource } from '../sources';
import { ConnectorDefinition } from '../types';
import { HrisConnector } from './hris.connector';
import { HrisConfig, parseHrisConfig } from './hris.config';

export type { HrisConfig, HrisFileConfig, HrisPushConfig, HrisUrlConfig } from './hris.config';
export { HrisConnector } from './hris.connector';

/** The HRIS JSON import: people and groups from one document in the HRIS template (file, URL or push). */
export const hrisConnector: ConnectorDefinition<HrisConfig> = {
  source: DirectorySource.HRIS_IMPORT,
  parseConfig: parseHrisConfig,
  secretFields: ['bearerToken'],
  create: (config, context) => new HrisConnector(config, context),
};
