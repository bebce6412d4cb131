import { Agent } from 'node:https';
import { rootCertificates } from 'node:tls';
import {
  Group,
  GroupMembership,
  IdentitystoreClient,
  ListGroupMembershipsCommand,
  ListGroupsCommand,
  ListUsersCommand,
} from '@aws-sdk/client-identitystore';
import { mapLimited } from '../concurrency';
import { DirectorySource } from '../sources';
import { DESTINATION_NOT_ALLOWED_MESSAGE, defaultOutboundPolicy, OutboundPolicy } from '../http';
import {
  ConnectionTestResult,
  ConnectorError,
  DirectoryConnector,
  ReadRequest,
  SourceGroup,
  SourcePage,
  SourceRecordError,
  SourceUser,
} from '../types';
import { AwsIdentityCenterConfig } from './aws.config';
import { ENTERPRISE_EXTENSION, mapAwsGroup, mapAwsUser } from './aws-mapping';

/** Groups whose members are read at once: the store lists members one group at a time. */
const MEMBER_READ_CONCURRENCY = 4;
/** Attempts of the SDK's standard retry strategy (throttling, 5xx, timeouts) before a sync fails. */
const SDK_MAX_ATTEMPTS = 4;

/** IAM actions each read needs; named in permission errors and in the README's policy. */
export const AWS_READ_ACTIONS = [
  'identitystore:ListUsers',
  'identitystore:ListGroups',
  'identitystore:ListGroupMemberships',
];

interface AwsErrorShape {
  name?: string;
  message?: string;
  code?: string;
  RetryAfterSeconds?: number;
  $metadata?: { httpStatusCode?: number };
  $response?: { headers?: Record<string, string | undefined> };
}

/** Seconds to wait: the exception's RetryAfterSeconds, else the response's Retry-After header (seconds). */
function retryAfterMs(shape: AwsErrorShape): number | undefined {
  const seconds = Number(shape.RetryAfterSeconds ?? shape.$response?.headers?.['retry-after']);
  return Number.isFinite(seconds) && seconds > 0 ? Math.min(seconds, 3600) * 1000 : undefined;
}

const AUTH_ERRORS = new Set([
  'UnrecognizedClientException',
  'InvalidSignatureException',
  'ExpiredTokenException',
  'InvalidClientTokenId',
  'IncompleteSignature',
  'MissingAuthenticationToken',
  'CredentialsProviderError',
]);

/** An SDK failure as a ConnectorError whose code decides retries; never quotes credentials. */
export function toConnectorError(error: unknown, what: string): ConnectorError {
  if (error instanceof ConnectorError) return error;
  for (
    let cause: unknown = error, depth = 0;
    typeof cause === 'object' && cause !== null && depth < 5;
    depth += 1
  ) {
    if ((cause as { code?: unknown }).code === 'EDESTINATIONREFUSED')
      return new ConnectorError(
        'DESTINATION_NOT_ALLOWED',
        `AWS IAM Identity Center: ${DESTINATION_NOT_ALLOWED_MESSAGE}`,
      );
    cause = (cause as { cause?: unknown }).cause;
  }
  const shape = (typeof error === 'object' && error !== null ? error : {}) as AwsErrorShape;
  const name = shape.name ?? '';
  const status = shape.$metadata?.httpStatusCode;
  if (name === 'ThrottlingException' || status === 429) {
    return new ConnectorError('THROTTLED', `AWS IAM Identity Center throttled ${what}`, retryAfterMs(shape));
  }
  if (AUTH_ERRORS.has(name) || status === 401)
    return new ConnectorError(
      'AUTH',
      `AWS rejected the connection's credentials while ${what} (${name || status})`,
    );
  if (name === 'AccessDeniedException' || status === 403)
    return new ConnectorError(
      'PERMISSION',
      `AWS denied ${what}: the credentials need ${AWS_READ_ACTIONS.join(', ')} on the identity store`,
    );
  if (name === 'ResourceNotFoundException')
    return new ConnectorError('NOT_FOUND', `AWS has no such identity store (${what})`);
  if (name === 'ValidationException')
    return new ConnectorError(
      'CONFIGURATION',
      `AWS refused the request ${what}: check region and identityStoreId`,
    );
  if (name === 'AbortError') return new ConnectorError('TEMPORARY', `${what} was cancelled`);
  if (
    name === 'InternalServerException' ||
    (status !== undefined && status >= 500) ||
    name === 'TimeoutError'
  )
    return new ConnectorError(
      'TEMPORARY',
      `AWS IAM Identity Center failed ${what} (${name || status}); will retry`,
    );
  if (name === 'SyntaxError' || name === 'SerializationException' || /deserializ/i.test(shape.message ?? ''))
    return new ConnectorError(
      'INVALID_DATA',
      `AWS answered ${what} with something that is not a valid response`,
    );
  // Network failures (refused, reset, DNS, TLS) are uniform: the message never tells a port from a host.
  return new ConnectorError('TEMPORARY', `AWS IAM Identity Center could not be reached ${what}`);
}

/**
 * People and groups of an AWS IAM Identity Center identity store through the identitystore API
 * (ListUsers with the enterprise extension, ListGroups, ListGroupMemberships; NextToken paging,
 * at most 100 a page). The API has no change feed and no filter on update time, so every sync
 * reads the whole store (supportsIncremental: false): an incremental request is served as a full read.
 */
export class AwsIdentityCenterConnector implements DirectoryConnector {
  readonly source = DirectorySource.AWS_IDENTITY_CENTER;
  readonly supportsIncremental = false;
  private readonly client: IdentitystoreClient;
  /** The endpoint's host is an address the outbound policy refuses (an IP literal is never looked up). */
  private readonly refusedEndpoint: boolean;

  constructor(
    private readonly config: AwsIdentityCenterConfig,
    outbound: OutboundPolicy = defaultOutboundPolicy(),
  ) {
    // The SDK opens sockets to one host: the configured endpoint, or the region's public one.
    const endpoint = new URL(config.endpoint ?? `https://identitystore.${config.region}.amazonaws.com`);
    const port = Number(endpoint.port || 443);
    this.refusedEndpoint = !outbound.allowsUrlHost(endpoint.hostname, port);
    const agent = new Agent({
      keepAlive: true,
      lookup: outbound.lookupFor(endpoint.hostname, port),
      ...(config.caCertificatePem ? { ca: [...rootCertificates, config.caCertificatePem] } : {}),
    });
    this.client = new IdentitystoreClient({
      region: config.region,
      ...(config.endpoint ? { endpoint: config.endpoint } : {}),
      ...(config.accessKeyId && config.secretAccessKey
        ? {
            credentials: {
              accessKeyId: config.accessKeyId,
              secretAccessKey: config.secretAccessKey,
              ...(config.sessionToken ? { sessionToken: config.sessionToken } : {}),
            },
          }
        : {}),
      maxAttempts: SDK_MAX_ATTEMPTS,
      retryMode: 'standard',
      requestHandler: {
        httpsAgent: agent,
        connectionTimeout: config.timeoutMs,
        requestTimeout: config.timeoutMs,
      },
    });
  }

  async test(signal: AbortSignal): Promise<ConnectionTestResult> {
    await this.call('listing users', signal, () =>
      this.client.send(
        new ListUsersCommand({ IdentityStoreId: this.config.identityStoreId, MaxResults: 1 }),
        {
          abortSignal: signal,
        },
      ),
    );
    await this.call('listing groups', signal, () =>
      this.client.send(
        new ListGroupsCommand({ IdentityStoreId: this.config.identityStoreId, MaxResults: 1 }),
        {
          abortSignal: signal,
        },
      ),
    );
    // The API has no count: a sync tells the size.
    return { userCount: null };
  }

  async *users(request: ReadRequest): AsyncGenerator<SourcePage<SourceUser>> {
    let nextToken: string | undefined;
    do {
      const page = await this.call('listing users', request.signal, () =>
        this.client.send(
          new ListUsersCommand({
            IdentityStoreId: this.config.identityStoreId,
            MaxResults: this.config.pageSize,
            Extensions: [ENTERPRISE_EXTENSION],
            ...(nextToken ? { NextToken: nextToken } : {}),
          }),
          { abortSignal: request.signal },
        ),
      );
      if (!Array.isArray(page.Users))
        throw new ConnectorError('INVALID_DATA', 'AWS answered ListUsers without a Users list');
      const records: SourceUser[] = [];
      const errors: SourceRecordError[] = [];
      for (const user of page.Users) {
        if (!user.UserId) errors.push({ message: 'a user without a UserId' });
        else records.push(mapAwsUser(user));
      }
      yield { records, errors };
      nextToken = page.NextToken || undefined;
    } while (nextToken);
  }

  async *groups(request: ReadRequest): AsyncGenerator<SourcePage<SourceGroup>> {
    let nextToken: string | undefined;
    do {
      const page = await this.call('listing groups', request.signal, () =>
        this.client.send(
          new ListGroupsCommand({
            IdentityStoreId: this.config.identityStoreId,
            MaxResults: this.config.pageSize,
            ...(nextToken ? { NextToken: nextToken } : {}),
          }),
          { abortSignal: request.signal },
        ),
      );
      if (!Array.isArray(page.Groups))
        throw new ConnectorError('INVALID_DATA', 'AWS answered ListGroups without a Groups list');
      const groups = page.Groups.filter((group): group is Group & { GroupId: string } => !!group.GroupId);
      const members = await mapLimited(groups, MEMBER_READ_CONCURRENCY, (group) =>
        this.memberships(group.GroupId, request.signal),
      );
      yield {
        records: groups.map((group, index) => mapAwsGroup(group, members[index])),
        errors: page.Groups.length === groups.length ? [] : [{ message: 'a group without a GroupId' }],
      };
      nextToken = page.NextToken || undefined;
    } while (nextToken);
  }

  nextCursor(): string | null {
    return null;
  }

  /** Every membership of one group, page by page. */
  private async memberships(groupId: string, signal: AbortSignal): Promise<GroupMembership[]> {
    const all: GroupMembership[] = [];
    let nextToken: string | undefined;
    do {
      const page = await this.call('listing group members', signal, () =>
        this.client.send(
          new ListGroupMembershipsCommand({
            IdentityStoreId: this.config.identityStoreId,
            GroupId: groupId,
            MaxResults: this.config.pageSize,
            ...(nextToken ? { NextToken: nextToken } : {}),
          }),
          { abortSignal: signal },
        ),
      );
      if (!Array.isArray(page.GroupMemberships))
        throw new ConnectorError(
          'INVALID_DATA',
          'AWS answered ListGroupMemberships without a GroupMemberships list',
        );
      all.push(...page.GroupMemberships);
      nextToken = page.NextToken || undefined;
    } while (nextToken);
    return all;
  }

  private async call<T>(what: string, signal: AbortSignal, send: () => Promise<T>): Promise<T> {
    if (signal.aborted) throw new ConnectorError('TEMPORARY', `${what} was cancelled`);
    if (this.refusedEndpoint)
      throw new ConnectorError(
        'DESTINATION_NOT_ALLOWED',
        `AWS IAM Identity Center: ${DESTINATION_NOT_ALLOWED_MESSAGE}`,
      );
    try {
      return await send();
    } catch (error) {
      throw toConnectorError(error, what);
    }
  }
}
