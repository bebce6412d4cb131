import { DirectorySource } from '../sources';
import { ConnectorDefinition } from '../types';
import { OktaConfig, parseOktaConfig } from './okta.config';
import { OktaConnector } from './okta.connector';

export type { OktaConfig, OktaGroupType, OktaManagerReference, OktaOAuthConfig } from './okta.config';
export { OktaConnector } from './okta.connector';

/** Okta: people and groups of an Okta org through the management API (SSWS token or OAuth service app). */
export const oktaConnector: ConnectorDefinition<OktaConfig> = {
  source: DirectorySource.OKTA,
  parseConfig: parseOktaConfig,
  secretFields: ['apiToken', 'oauth'],
  create: (config, context) => new OktaConnector(config, { outbound: context.outbound }),
};
