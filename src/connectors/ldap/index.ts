import { z } from 'zod';
import { DirectorySource } from '../../entities/enums';
import { ConnectorDefinition, ConnectorError } from '../types';

/** Placeholder until the ldap connector lands: every configuration is refused. */
export const ldapConnector: ConnectorDefinition<never> = {
  source: DirectorySource.LDAP,
  secretFields: [],
  parseConfig: (input) => z.never().parse(input),
  create: () => {
    throw new ConnectorError('CONFIGURATION', 'the ldap connector is not available yet');
  },
};
