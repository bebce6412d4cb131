import { z } from 'zod';
import { DirectorySource } from '../../entities/enums';
import { ConnectorDefinition, ConnectorError } from '../types';

/** Placeholder until the entra connector lands: every configuration is refused. */
export const entraConnector: ConnectorDefinition<never> = {
  source: DirectorySource.AZURE_AD,
  secretFields: [],
  parseConfig: (input) => z.never().parse(input),
  create: () => {
    throw new ConnectorError('CONFIGURATION', 'the entra connector is not available yet');
  },
};
