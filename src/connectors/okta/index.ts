import { z } from 'zod';
import { DirectorySource } from '../../entities/enums';
import { ConnectorDefinition, ConnectorError } from '../types';

/** Placeholder until the okta connector lands: every configuration is refused. */
export const oktaConnector: ConnectorDefinition<never> = {
  source: DirectorySource.OKTA,
  secretFields: [],
  parseConfig: (input) => z.never().parse(input),
  create: () => {
    throw new ConnectorError('CONFIGURATION', 'the okta connector is not available yet');
  },
};
