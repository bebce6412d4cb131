import { DirectorySource } from '../sources';
import {
  ConnectionTestResult,
  ConnectorError,
  DirectoryConnector,
  MemberReference,
  ReadRequest,
  SourceGroup,
  SourcePage,
  SourceUser,
} from '../types';
import { OktaConfig } from './okta.config';
import { ApiTokenAuth, OAuthAuth, OktaAuth } from './okta-auth';
import {
  defaultOktaRuntime,
  describeCall,
  nextLink,
  OktaBucket,
  OktaHttp,
  OktaRuntime,
  readOktaError,
} from './okta-http';
import { mapOktaGroup, mapOktaUser, OktaMappingOptions } from './okta-mapping';
import { RateBudget } from './okta-rate-limit';

/**
 * Subtracted from the latest lastUpdated seen to make the next cursor, so that a change committed
 * while we read (and stamped a little earlier than what we saw) is read next time rather than lost.
 */
export const CURSOR_OVERLAP_MS = 60_000;
/** A cursor this far ahead of our clock is not one we wrote: start again with a full sync. */
const MAX_CURSOR_AHEAD_MS = 24 * 3600_000;

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function describeType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}

/** A member list we cannot state completely: the group becomes a record error. */
class IncompleteMembers extends Error {}

/** Belt and braces: whatever a message was built from, no secret leaves in it. */
function redact(error: unknown, secrets: string[]): unknown {
  if (!(error instanceof ConnectorError)) return error;
  let message = error.message;
  for (const secret of secrets)
    if (secret && message.includes(secret)) message = message.split(secret).join('[redacted]');
  return message === error.message ? error : new ConnectorError(error.code, message, error.retryAfterMs);
}

/** Where the cursor of this instance's last users() read stands. */
interface CursorState {
  /** The cursor the read started from (incremental), epoch ms. */
  previous: number | null;
  /** The latest lastUpdated among the users returned. */
  latest: number | null;
  /** A user that changed during the read was returned in its older state: the next read must start before it. */
  ceiling: number | null;
}

/**
 * People and groups of an Okta org through the management API (/api/v1). Full syncs list every user
 * (Okta's plain list leaves out DEPROVISIONED users, so a second pass asks for them with a filter:
 * they become terminated rather than vanishing) and every group of the configured types with its
 * complete member list. Incremental syncs ask for users with lastUpdated after the cursor (which
 * includes status changes such as deprovisioning) and re-read the members of groups whose profile or
 * membership changed since. Okta reports no deletions to such a query: people deleted outright in Okta
 * (after deprovisioning) are removed by the next full sync.
 */
export class OktaConnector implements DirectoryConnector {
  readonly source = DirectorySource.OKTA;
  readonly supportsIncremental = true;
  private readonly runtime: OktaRuntime;
  private readonly http: OktaHttp;
  private readonly auth: OktaAuth;
  private readonly mapping: OktaMappingOptions;
  private cursor: CursorState = { previous: null, latest: null, ceiling: null };

  constructor(
    private readonly config: OktaConfig,
    runtime: Partial<OktaRuntime> = {},
  ) {
    this.runtime = { ...defaultOktaRuntime, ...runtime };
    this.http = new OktaHttp(
      config.timeoutMs,
      new RateBudget(config.rateLimitShare, this.runtime),
      this.runtime,
      config.caCertificatePem,
    );
    if (config.oauth) this.auth = new OAuthAuth(config.oauth, config.orgUrl, this.http, this.runtime);
    else if (config.apiToken) this.auth = new ApiTokenAuth(config.apiToken);
    else throw new ConnectorError('CONFIGURATION', 'the Okta connection has neither apiToken nor oauth');
    this.mapping = { managerAttribute: config.managerAttribute, managerReference: config.managerReference };
  }

  /** Reads one user (and one group): Okta has no cheap count, so userCount stays null. */
  async test(signal: AbortSignal): Promise<ConnectionTestResult> {
    try {
      await this.get(this.url('/api/v1/users', { limit: '1' }), 'users', signal);
      if (this.config.groupTypes.length > 0)
        await this.get(this.url('/api/v1/groups', { limit: '1' }), 'groups', signal);
      return { userCount: null };
    } catch (error) {
      throw redact(error, this.auth.secrets());
    }
  }

  users(request: ReadRequest): AsyncIterable<SourcePage<SourceUser>> {
    return this.guarded(this.readUsers(request));
  }

  groups(request: ReadRequest): AsyncIterable<SourcePage<SourceGroup>> {
    return this.guarded(this.readGroups(request));
  }

  /** The latest lastUpdated seen minus an overlap, as ISO 8601; the previous cursor when nothing changed. */
  nextCursor(): string | null {
    const { previous, latest, ceiling } = this.cursor;
    let next = latest === null ? previous : Math.max(previous ?? -Infinity, latest - CURSOR_OVERLAP_MS);
    if (next !== null && ceiling !== null) next = Math.min(next, ceiling);
    return next === null ? null : new Date(next).toISOString();
  }

  private async *guarded<T>(pages: AsyncGenerator<T>): AsyncGenerator<T> {
    try {
      yield* pages;
    } catch (error) {
      throw redact(error, this.auth.secrets());
    }
  }

  /** The cursor of an incremental read, in epoch ms; null for a full read. */
  private since(request: ReadRequest): number | null {
    if (request.mode !== 'incremental' || request.cursor === null) return null;
    const since = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/.test(request.cursor)
      ? Date.parse(request.cursor)
      : NaN;
    if (Number.isNaN(since) || since > this.runtime.now() + MAX_CURSOR_AHEAD_MS) {
      throw new ConnectorError(
        'CURSOR_EXPIRED',
        'the stored Okta cursor is not a usable timestamp; a full sync is needed',
      );
    }
    return since;
  }

  private async *readUsers(request: ReadRequest): AsyncGenerator<SourcePage<SourceUser>> {
    const since = this.since(request);
    this.cursor = { previous: since, latest: null, ceiling: null };
    const limit = String(this.config.pageSize);
    const passes =
      since === null
        ? [
            this.url('/api/v1/users', { limit }),
            this.url('/api/v1/users', { limit, filter: 'status eq "DEPROVISIONED"' }),
          ]
        : [this.url('/api/v1/users', { limit, filter: `lastUpdated gt "${new Date(since).toISOString()}"` })];
    // Two passes can meet the same person (deprovisioned between them): the first stands.
    const seen = new Set<string>();
    for (const first of passes) {
      for await (const items of this.list(first, 'users', request.signal)) {
        const page: SourcePage<SourceUser> = { records: [], errors: [] };
        for (const raw of items) {
          const mapped = mapOktaUser(raw, this.mapping);
          if (!mapped.ok) {
            page.errors.push(mapped.error);
            continue;
          }
          const { user, lastUpdated } = mapped.value;
          if (seen.has(user.externalId)) {
            if (lastUpdated !== null)
              this.cursor.ceiling = Math.min(this.cursor.ceiling ?? Infinity, lastUpdated - 1);
            continue;
          }
          seen.add(user.externalId);
          if (lastUpdated !== null)
            this.cursor.latest = Math.max(this.cursor.latest ?? -Infinity, lastUpdated);
          page.records.push(user);
        }
        yield page;
      }
    }
  }

  private async *readGroups(request: ReadRequest): AsyncGenerator<SourcePage<SourceGroup>> {
    const since = this.since(request);
    const types: ReadonlySet<string> = new Set(this.config.groupTypes);
    if (types.size === 0) return;
    const first = this.url('/api/v1/groups', { limit: String(this.config.pageSize) });
    for await (const items of this.list(first, 'groups', request.signal)) {
      const page: SourcePage<SourceGroup> = { records: [], errors: [] };
      for (const raw of items) {
        const mapped = mapOktaGroup(raw);
        if (!mapped.ok) {
          page.errors.push(mapped.error);
          continue;
        }
        const { group, type, changedAt } = mapped.value;
        if (type !== null && !types.has(type)) continue;
        // Unchanged since the cursor: its stored members stand.
        if (since !== null && changedAt !== null && changedAt <= since) continue;
        try {
          const members = await this.members(group.externalId, request.signal);
          if (members !== null) page.records.push({ ...group, members });
        } catch (error) {
          if (!(error instanceof IncompleteMembers)) throw error;
          page.errors.push({
            externalId: group.externalId,
            message: `group ${group.externalId}: ${error.message}`,
          });
        }
      }
      yield page;
    }
  }

  /** The complete member list; null when the group was deleted after it was listed. */
  private async members(groupId: string, signal: AbortSignal): Promise<MemberReference[] | null> {
    const first = this.url(`/api/v1/groups/${encodeURIComponent(groupId)}/users`, {
      limit: String(this.config.pageSize),
    });
    const members: MemberReference[] = [];
    try {
      for await (const items of this.list(first, 'groupMembers', signal)) {
        for (const raw of items) {
          if (!isObject(raw) || typeof raw.id !== 'string' || raw.id === '') {
            throw new IncompleteMembers(`a member is listed without an id (${describeType(raw)})`);
          }
          members.push({ type: 'user', externalId: raw.id });
        }
      }
    } catch (error) {
      // The group list came from this org a moment ago, so a 404 here means the group is gone.
      if (error instanceof ConnectorError && error.code === 'NOT_FOUND') return null;
      throw error;
    }
    return members;
  }

  /** An org URL; query values are percent-encoded (%20 for spaces, as Okta documents its filters). */
  private url(path: string, query: Record<string, string>): string {
    const search = Object.entries(query)
      .map(([key, value]) => `${encodeURIComponent(key)}=${encodeURIComponent(value)}`)
      .join('&');
    return `${new URL(path, this.config.orgUrl).toString()}${search ? `?${search}` : ''}`;
  }

  /** Pages of a list endpoint, following Link rel="next" within the org. */
  private async *list(first: string, bucket: OktaBucket, signal: AbortSignal): AsyncGenerator<unknown[]> {
    const visited = new Set<string>();
    let url: string | null = first;
    while (url !== null) {
      if (visited.has(url)) {
        throw new ConnectorError(
          'INVALID_DATA',
          `${describeCall('GET', url)}: Okta's paging returned to a page already read`,
        );
      }
      visited.add(url);
      const { body, next } = await this.get(url, bucket, signal);
      if (!Array.isArray(body)) {
        throw new ConnectorError(
          'INVALID_DATA',
          `${describeCall('GET', url)} answered with ${describeType(body)} where a list was expected`,
        );
      }
      yield body;
      url = next;
    }
  }

  /** One GET: the parsed body and the next page's URL. */
  private async get(
    url: string,
    bucket: OktaBucket,
    signal: AbortSignal,
  ): Promise<{ body: unknown; next: string | null }> {
    const where = describeCall('GET', url);
    let renewed = false;
    for (;;) {
      signal.throwIfAborted();
      const response = await this.http.send({
        method: 'GET',
        url,
        bucket,
        signal,
        prepare: async () => ({ headers: await this.auth.headers('GET', url, signal) }),
      });
      if (response.status === 401 && this.auth.refreshable && !renewed) {
        renewed = true; // an OAuth token may expire or be revoked early: one new token, one more try
        this.auth.invalidate();
        continue;
      }
      if (response.status !== 200) {
        const okta = readOktaError(response.text);
        const said = `${where} answered HTTP ${response.status}${okta ? ` (${okta.errorCode}: ${okta.errorSummary})` : ''}`;
        if (response.status === 401) throw new ConnectorError('AUTH', `${said}: ${this.auth.refusal()}`);
        if (response.status === 403)
          throw new ConnectorError('PERMISSION', `${said}: ${this.auth.permissionHint(bucket)}`);
        if (response.status === 404 || response.status === 410)
          throw new ConnectorError('NOT_FOUND', `${said}: check orgUrl`);
        if (response.status >= 300 && response.status < 400) {
          throw new ConnectorError(
            'CONFIGURATION',
            `${said}: Okta redirected the call; check that orgUrl is the org URL`,
          );
        }
        throw new ConnectorError('CONFIGURATION', said);
      }
      let body: unknown;
      try {
        body = JSON.parse(response.text);
      } catch {
        throw new ConnectorError('INVALID_DATA', `${where} answered with a body that is not JSON`);
      }
      return { body, next: this.next(response.headers.get('link'), url) };
    }
  }

  /** The next page's URL; it must stay in the org, since the credentials go with it. */
  private next(link: string | null, current: string): string | null {
    const target = nextLink(link);
    if (target === null) return null;
    let url: URL;
    try {
      url = new URL(target, current);
    } catch {
      throw new ConnectorError(
        'INVALID_DATA',
        `${describeCall('GET', current)}: Okta's next link is not a URL`,
      );
    }
    if (url.origin !== this.config.orgUrl) {
      throw new ConnectorError(
        'INVALID_DATA',
        `${describeCall('GET', current)}: Okta's next link leads outside the org (${url.host}); not followed`,
      );
    }
    return url.toString();
  }
}
