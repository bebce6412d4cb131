import { DirectorySource } from '../sources';
import { HttpTransport } from '../http';
import { ConnectorDefinition } from '../types';
import { parseSfConfig, SfConfig } from './successfactors.config';
import { SuccessFactorsConnector } from './successfactors.connector';

export type { SfConfig } from './successfactors.config';
export { SuccessFactorsConnector } from './successfactors.connector';

/** SAP SuccessFactors: the OData v2 User entity (OAuth 2.0 SAML bearer assertion, or basic auth on test instances). */
export const successFactorsConnector: ConnectorDefinition<SfConfig> = {
  source: DirectorySource.SAP_SUCCESSFACTORS,
  parseConfig: parseSfConfig,
  secretFields: ['oauth', 'basic'],
  create: (config, context) =>
    new SuccessFactorsConnector(config, { transport: new HttpTransport({ outbound: context.outbound }) }),
};
