import { DirectorySource } from '../sources';
import { ConnectorDefinition } from '../types';
import { parseWorkdayConfig, WorkdayConfig } from './workday.config';
import { WorkdayConnector } from './workday.connector';

export type { WorkdayConfig, WorkdayField, WorkdayMode } from './workday.config';
export { WorkdayConnector } from './workday.connector';

/** Workday: workers (and organizations) through a custom report (RaaS, ISU basic auth) or the REST API (OAuth refresh token). */
export const workdayConnector: ConnectorDefinition<WorkdayConfig> = {
  source: DirectorySource.WORKDAY,
  parseConfig: parseWorkdayConfig,
  secretFields: ['password', 'clientSecret', 'refreshToken'],
  create: (config, context) =>
    new WorkdayConnector(config, context.outbound ? { outbound: context.outbound } : {}),
};
