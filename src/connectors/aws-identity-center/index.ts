import { DirectorySource } from '../sources';
import { ConnectorDefinition } from '../types';
import { AwsIdentityCenterConfig, parseAwsIdentityCenterConfig } from './aws.config';
import { AwsIdentityCenterConnector } from './aws.connector';

export type { AwsIdentityCenterConfig } from './aws.config';
export { AwsIdentityCenterConnector } from './aws.connector';

/** AWS IAM Identity Center: people (with the enterprise extension), groups and memberships of an identity store. */
export const awsIdentityCenterConnector: ConnectorDefinition<AwsIdentityCenterConfig> = {
  source: DirectorySource.AWS_IDENTITY_CENTER,
  parseConfig: parseAwsIdentityCenterConfig,
  secretFields: ['secretAccessKey', 'sessionToken'],
  create: (config, context) => new AwsIdentityCenterConnector(config, context.outbound),
};
