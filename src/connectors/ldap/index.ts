import { DirectorySource } from '../sources';
import { ConnectorDefinition } from '../types';
import { LdapConnector } from './ldap.connector';
import { LdapConfig, parseLdapConfig } from './ldap.config';

export type { AttributeKey, LdapConfig, LdapFlavor } from './ldap.config';
export { FLAVOR_DEFAULTS } from './ldap.config';
export { LdapConnector } from './ldap.connector';

/** Active Directory and LDAP directories (OpenLDAP and the like): people and groups read over LDAP(S). */
export const ldapConnector: ConnectorDefinition<LdapConfig> = {
  source: DirectorySource.LDAP,
  parseConfig: parseLdapConfig,
  secretFields: ['bindPassword'],
  create: (config) => new LdapConnector(config),
};
