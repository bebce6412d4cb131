import { DirectorySource } from '../sources';
import { HttpTransport } from '../http';
import { ConnectorDefinition } from '../types';
import { BambooHrConfig, parseBambooHrConfig } from './bamboohr.config';
import { BambooHrConnector } from './bamboohr.connector';

export type { BambooHrConfig } from './bamboohr.config';
export { BambooHrConnector } from './bamboohr.connector';

/** BambooHR: employees of one company through the Datasets API and the changed-since log (API key). */
export const bambooHrConnector: ConnectorDefinition<BambooHrConfig> = {
  source: DirectorySource.BAMBOOHR,
  parseConfig: parseBambooHrConfig,
  secretFields: ['apiKey'],
  create: (config, context) =>
    new BambooHrConnector(config, { transport: new HttpTransport({ outbound: context.outbound }) }),
};
