import { admin_directory_v1 } from '@googleapis/admin';
import { JWT } from 'google-auth-library';
import { mapLimited } from '../concurrency';
import { DirectorySource } from '../sources';
import {
  defaultOutboundPolicy,
  HttpTransport,
  OutboundPolicy,
  TransportError,
  transportFailure,
} from '../http';
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
import { DEFAULT_GOOGLE_TOKEN_URL, GoogleWorkspaceConfig } from './google.config';
import { mapGoogleGroup, mapGoogleUser } from './google-mapping';
import { transportFetch } from './transport-fetch';

/** OAuth scopes the service account's client id must be granted in domain-wide delegation. */
export const GOOGLE_SCOPES = [
  'https://www.googleapis.com/auth/admin.directory.user.readonly',
  'https://www.googleapis.com/auth/admin.directory.group.readonly',
];
/** Groups and members pages: the API's maximum is 200. */
const GROUP_PAGE_SIZE = 200;
/** Groups whose members are read at once. */
const MEMBER_READ_CONCURRENCY = 4;

interface GoogleErrorShape {
  status?: number;
  code?: string | number;
  name?: string;
  message?: string;
  config?: { url?: string | URL };
  response?: {
    status?: number;
    headers?: Headers | Record<string, string>;
    data?: unknown;
  };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function header(headers: Headers | Record<string, string> | undefined, name: string): string | null {
  if (!headers) return null;
  if (headers instanceof Headers) return headers.get(name);
  return (headers as Record<string, string>)[name] ?? null;
}

const THROTTLE_REASONS = new Set(['rateLimitExceeded', 'userRateLimitExceeded', 'quotaExceeded']);

/** A client-library failure as a ConnectorError whose code decides retries; never quotes the key or tokens. */
export function toGoogleError(error: unknown, what: string): ConnectorError {
  if (error instanceof ConnectorError) return error;
  // gaxios wraps what our fetch threw (a refused destination, a timeout, an untrusted certificate).
  for (let cause: unknown = error, depth = 0; isObject(cause) && depth < 5; cause = cause.cause, depth += 1) {
    if (cause instanceof TransportError)
      return transportFailure(cause, { service: 'Google Workspace', where: `Google Workspace, ${what}` });
  }
  const shape = (isObject(error) ? error : {}) as GoogleErrorShape;
  const status = shape.response?.status ?? shape.status;
  const data = shape.response?.data;
  // The token endpoint answers { error, error_description } (RFC 6749 §5.2).
  if (isObject(data) && typeof data.error === 'string') {
    const reason = data.error;
    return new ConnectorError(
      'AUTH',
      reason === 'unauthorized_client'
        ? `Google refused the service account ${what}: grant its client id domain-wide delegation with the scopes ${GOOGLE_SCOPES.join(', ')}`
        : `Google refused the service account's credentials ${what} (${reason}): check the key and the delegated admin`,
    );
  }
  const reasons =
    isObject(data) && isObject(data.error) && Array.isArray(data.error.errors)
      ? data.error.errors.filter(isObject).map((entry) => String(entry.reason ?? ''))
      : [];
  if (status === 429 || (status === 403 && reasons.some((reason) => THROTTLE_REASONS.has(reason)))) {
    const seconds = Number(header(shape.response?.headers, 'retry-after'));
    return new ConnectorError(
      'THROTTLED',
      `Google Admin SDK rate limit reached ${what}`,
      Number.isFinite(seconds) && seconds > 0 ? Math.min(seconds, 3600) * 1000 : 30_000,
    );
  }
  if (status === 401) return new ConnectorError('AUTH', `Google rejected the access token ${what}`);
  if (status === 403)
    return new ConnectorError(
      'PERMISSION',
      `Google denied ${what}: the delegated admin needs a role that reads users and groups (e.g. User Management Admin and Groups Reader)`,
    );
  if (status === 404)
    return new ConnectorError('NOT_FOUND', `Google has no such customer or domain (${what})`);
  if (status === 400)
    return new ConnectorError(
      'CONFIGURATION',
      `Google refused the request ${what}: check domain or customer`,
    );
  if (status !== undefined && status >= 500)
    return new ConnectorError('TEMPORARY', `Google Admin SDK failed ${what} (HTTP ${status}); will retry`);
  if (shape.name === 'SyntaxError')
    return new ConnectorError('INVALID_DATA', `Google answered ${what} with invalid JSON`);
  // Network failures (refused, reset, DNS, TLS, timeouts) are uniform: the message never tells a port from a host.
  return new ConnectorError('TEMPORARY', `Google Admin SDK could not be reached ${what}`);
}

/** The list in a page, which Google leaves out when it is empty; anything but an object is a broken page. */
function listOf<T>(data: unknown, key: string, what: string): { items: T[]; next: string | null } {
  if (!isObject(data))
    throw new ConnectorError(
      'INVALID_DATA',
      `Google answered ${what} with something that is not a JSON object`,
    );
  const items = data[key] ?? [];
  if (!Array.isArray(items))
    throw new ConnectorError('INVALID_DATA', `Google answered ${what} with "${key}" that is not a list`);
  const next =
    typeof data.nextPageToken === 'string' && data.nextPageToken !== '' ? data.nextPageToken : null;
  return { items: items as T[], next };
}

/**
 * People and groups of a Google Workspace account through the Admin SDK Directory API, with Google's
 * own client libraries: a service account with domain-wide delegation acting as an admin (JWT
 * assertion exchanged for a token by google-auth-library). Users come 500 a page with their custom
 * schemas (projection full), groups 200 a page with every member (nested groups as members of type
 * GROUP). The Directory API has no change feed a pull can use (users.watch needs a public push
 * endpoint), so every sync reads the whole account: supportsIncremental is false.
 */
export class GoogleWorkspaceConnector implements DirectoryConnector {
  readonly source = DirectorySource.GOOGLE_WORKSPACE;
  readonly supportsIncremental = false;
  private readonly directory: admin_directory_v1.Admin;
  private readonly scope: { customer: string } | { domain: string };

  constructor(
    private readonly config: GoogleWorkspaceConfig,
    outbound: OutboundPolicy = defaultOutboundPolicy(),
  ) {
    const transport = new HttpTransport({
      outbound,
      requireHttps: true,
      ...(config.caCertificatePem ? { caCertificatePem: config.caCertificatePem } : {}),
    });
    const tokenUrl = new URL(config.tokenUrl);
    const fetchImplementation = transportFetch(transport, config.timeoutMs, (url) =>
      url.href === DEFAULT_GOOGLE_TOKEN_URL ? tokenUrl : url,
    );
    const auth = new JWT({
      email: config.serviceAccountEmail,
      key: config.privateKey,
      subject: config.delegatedAdminEmail,
      scopes: GOOGLE_SCOPES,
      transporterOptions: { fetchImplementation, timeout: config.timeoutMs },
    });
    this.directory = new admin_directory_v1.Admin({
      auth,
      rootUrl: config.apiRootUrl,
      fetchImplementation,
      timeout: config.timeoutMs,
    });
    this.scope = config.domain ? { domain: config.domain } : { customer: config.customer ?? 'my_customer' };
  }

  async test(signal: AbortSignal): Promise<ConnectionTestResult> {
    await this.call('listing users', () =>
      this.directory.users.list(
        { ...this.scope, maxResults: 1, fields: 'users(id),nextPageToken' },
        { signal },
      ),
    );
    await this.call('listing groups', () =>
      this.directory.groups.list(
        { ...this.scope, maxResults: 1, fields: 'groups(id),nextPageToken' },
        { signal },
      ),
    );
    // The Directory API has no count: a sync tells the size.
    return { userCount: null };
  }

  async *users(request: ReadRequest): AsyncGenerator<SourcePage<SourceUser>> {
    let pageToken: string | null = null;
    do {
      const response = await this.call('listing users', () =>
        this.directory.users.list(
          {
            ...this.scope,
            maxResults: this.config.pageSize,
            projection: 'full',
            viewType: 'admin_view',
            ...(this.config.includeSuspended ? {} : { query: 'isSuspended=false' }),
            ...(pageToken ? { pageToken } : {}),
          },
          { signal: request.signal },
        ),
      );
      const page = listOf<admin_directory_v1.Schema$User>(response.data, 'users', 'listing users');
      const records: SourceUser[] = [];
      const errors: SourceRecordError[] = [];
      for (const user of page.items) {
        if (!isObject(user) || !user.id) errors.push({ message: 'a user without an id' });
        else if (!this.config.includeSuspended && user.archived) continue;
        else records.push(mapGoogleUser(user));
      }
      yield { records, errors };
      pageToken = page.next;
    } while (pageToken);
  }

  async *groups(request: ReadRequest): AsyncGenerator<SourcePage<SourceGroup>> {
    let pageToken: string | null = null;
    do {
      const response = await this.call('listing groups', () =>
        this.directory.groups.list(
          { ...this.scope, maxResults: GROUP_PAGE_SIZE, ...(pageToken ? { pageToken } : {}) },
          { signal: request.signal },
        ),
      );
      const page = listOf<admin_directory_v1.Schema$Group>(response.data, 'groups', 'listing groups');
      const groups = page.items.filter((group) => isObject(group) && !!group.id);
      const members = await mapLimited(groups, MEMBER_READ_CONCURRENCY, (group) =>
        this.members(group.id!, request.signal),
      );
      yield {
        records: groups.map((group, index) => mapGoogleGroup(group, members[index])),
        errors: groups.length === page.items.length ? [] : [{ message: 'a group without an id' }],
      };
      pageToken = page.next;
    } while (pageToken);
  }

  nextCursor(): string | null {
    return null;
  }

  private async members(groupKey: string, signal: AbortSignal): Promise<admin_directory_v1.Schema$Member[]> {
    const all: admin_directory_v1.Schema$Member[] = [];
    let pageToken: string | null = null;
    do {
      const response = await this.call('listing group members', () =>
        this.directory.members.list(
          { groupKey, maxResults: GROUP_PAGE_SIZE, ...(pageToken ? { pageToken } : {}) },
          { signal },
        ),
      );
      const page = listOf<admin_directory_v1.Schema$Member>(
        response.data,
        'members',
        'listing group members',
      );
      all.push(...page.items);
      pageToken = page.next;
    } while (pageToken);
    return all;
  }

  private async call<T>(what: string, send: () => Promise<T>): Promise<T> {
    try {
      return await send();
    } catch (error) {
      throw toGoogleError(error, what);
    }
  }
}
