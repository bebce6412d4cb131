import { DirectorySource } from '../sources';
import { defaultOutboundPolicy, HttpClient, HttpTransport, OutboundPolicy } from '../http';
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
import { ScimPullConfig } from './scim-pull.config';
import { mapScimGroup, mapScimUser } from './scim-pull-mapping';

type Json = Record<string, unknown>;

/** Subtracted from the latest meta.lastModified seen, so that a change stamped while we read is read again next time. */
export const SCIM_CURSOR_OVERLAP_MS = 60_000;
const SCIM_ACCEPT = 'application/scim+json, application/json';

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** What the server says it can do (RFC 7643 §5), with safe defaults when it says nothing. */
export interface ScimCapabilities {
  filter: boolean;
  maxResults: number | null;
}

/**
 * People and groups of any SCIM 2.0 server (RFC 7644): /Users and /Groups read page by page with
 * startIndex/count (§3.4.2.4), the enterprise extension for HR attributes and the manager, the
 * server's limits read from /ServiceProviderConfig. Incremental syncs ask for
 * `meta.lastModified gt "<cursor>"` when the server supports filtering (§3.4.2.2); removals are seen
 * only by a full sync (a filter cannot list what is gone). Groups are always read whole, with
 * their complete member lists.
 */
export class ScimPullConnector implements DirectoryConnector {
  readonly source = DirectorySource.SCIM_PULL;
  readonly supportsIncremental = true;
  private readonly client: HttpClient;
  private capabilities: ScimCapabilities | null = null;
  private latestModified: number | null = null;
  private startedFrom: number | null = null;
  private usedFilter = false;

  constructor(
    private readonly config: ScimPullConfig,
    outbound: OutboundPolicy = defaultOutboundPolicy(),
  ) {
    const transport = new HttpTransport({
      outbound,
      requireHttps: config.baseUrl.startsWith('https:'),
      ...(config.caCertificatePem ? { caCertificatePem: config.caCertificatePem } : {}),
    });
    this.client = new HttpClient({
      transport,
      service: 'the SCIM server',
      timeoutMs: config.timeoutMs,
      origins: [new URL(config.baseUrl).origin],
      authorize: async () => ({ authorization: `Bearer ${config.bearerToken}` }),
      secrets: [config.bearerToken],
      describeErrorBody: (response) => {
        // RFC 7644 §3.12: { schemas: [...Error], status, scimType, detail }.
        try {
          const body: unknown = JSON.parse(response.body.toString('utf8'));
          if (isObject(body) && typeof body.detail === 'string')
            return `${typeof body.scimType === 'string' ? `${body.scimType}: ` : ''}${body.detail.slice(0, 200)}`;
        } catch {
          // not a SCIM error document
        }
        return null;
      },
    });
  }

  async test(signal: AbortSignal): Promise<ConnectionTestResult> {
    await this.discover(signal);
    const page = await this.page('/Users', 1, 1, null, signal);
    return { userCount: page.totalResults };
  }

  async *users(request: ReadRequest): AsyncGenerator<SourcePage<SourceUser>> {
    const capabilities = await this.discover(request.signal);
    const since = request.mode === 'incremental' ? this.readCursor(request.cursor) : null;
    this.startedFrom = since;
    this.latestModified = null;
    this.usedFilter = since !== null && capabilities.filter;
    if (since !== null && !capabilities.filter)
      throw new ConnectorError(
        'CURSOR_EXPIRED',
        'the SCIM server does not support filtering, so it cannot say what changed: a full sync is needed',
      );
    const filter = this.usedFilter ? `meta.lastModified gt "${new Date(since!).toISOString()}"` : null;
    for await (const resources of this.pages('/Users', filter, request.signal)) {
      const records: SourceUser[] = [];
      const errors: SourceRecordError[] = [];
      for (const resource of resources) {
        if (!isObject(resource) || (typeof resource.id !== 'string' && typeof resource.id !== 'number')) {
          errors.push({ message: 'a User resource without an id' });
          continue;
        }
        records.push(mapScimUser(resource, this.config));
        const modified = isObject(resource.meta) ? Date.parse(String(resource.meta.lastModified)) : NaN;
        if (Number.isFinite(modified))
          this.latestModified = Math.max(this.latestModified ?? modified, modified);
      }
      yield { records, errors };
    }
  }

  async *groups(request: ReadRequest): AsyncGenerator<SourcePage<SourceGroup>> {
    if (!this.config.includeGroups) return;
    for await (const resources of this.pages('/Groups', null, request.signal)) {
      const records: SourceGroup[] = [];
      const errors: SourceRecordError[] = [];
      for (const resource of resources) {
        if (!isObject(resource) || (typeof resource.id !== 'string' && typeof resource.id !== 'number'))
          errors.push({ message: 'a Group resource without an id' });
        else records.push(mapScimGroup(resource));
      }
      yield { records, errors };
    }
  }

  /** The next cursor: the latest meta.lastModified seen less an overlap (or where this read started). */
  nextCursor(): string | null {
    const latest = this.latestModified ?? this.startedFrom;
    if (latest === null) return null;
    return JSON.stringify({ v: 1, since: new Date(latest - SCIM_CURSOR_OVERLAP_MS).toISOString() });
  }

  private readCursor(cursor: string | null): number | null {
    if (!cursor) return null;
    try {
      const parsed: unknown = JSON.parse(cursor);
      const since = isObject(parsed) && parsed.v === 1 ? Date.parse(String(parsed.since)) : NaN;
      if (Number.isFinite(since)) return since;
    } catch {
      // fall through
    }
    throw new ConnectorError(
      'CURSOR_EXPIRED',
      'the stored SCIM cursor is not one this version wrote: a full sync is needed',
    );
  }

  /** /ServiceProviderConfig once per connector; a server without it is taken to filter nothing. */
  private async discover(signal: AbortSignal): Promise<ScimCapabilities> {
    if (this.capabilities) return this.capabilities;
    let body: unknown;
    try {
      body = await this.client.json({
        url: `${this.config.baseUrl}/ServiceProviderConfig`,
        what: 'reading /ServiceProviderConfig',
        headers: { accept: SCIM_ACCEPT },
        signal,
      });
    } catch (error) {
      if (error instanceof ConnectorError && error.code === 'NOT_FOUND') {
        this.capabilities = { filter: false, maxResults: null };
        return this.capabilities;
      }
      throw error;
    }
    const filter = isObject(body) && isObject(body.filter) ? body.filter : {};
    const maxResults = Number(filter.maxResults);
    this.capabilities = {
      filter: filter.supported === true,
      maxResults: Number.isInteger(maxResults) && maxResults > 0 ? maxResults : null,
    };
    return this.capabilities;
  }

  /** Every page of a list, by startIndex, until the server's totalResults is reached or a page comes back empty. */
  private async *pages(path: string, filter: string | null, signal: AbortSignal): AsyncGenerator<unknown[]> {
    const capabilities = await this.discover(signal);
    const count = Math.min(this.config.pageSize, capabilities.maxResults ?? this.config.pageSize);
    let startIndex = 1;
    for (;;) {
      const page = await this.page(path, startIndex, count, filter, signal);
      if (page.resources.length > 0) yield page.resources;
      startIndex += page.resources.length;
      if (page.resources.length === 0 || (page.totalResults !== null && startIndex > page.totalResults))
        return;
    }
  }

  private async page(
    path: string,
    startIndex: number,
    count: number,
    filter: string | null,
    signal: AbortSignal,
  ): Promise<{ resources: unknown[]; totalResults: number | null }> {
    const query = new URLSearchParams({ startIndex: String(startIndex), count: String(count) });
    if (filter) query.set('filter', filter);
    const what = `listing ${path.slice(1)} from ${startIndex}`;
    const body = await this.client.json({
      url: `${this.config.baseUrl}${path}?${query}`,
      what,
      headers: { accept: SCIM_ACCEPT },
      signal,
    });
    if (!isObject(body))
      throw new ConnectorError(
        'INVALID_DATA',
        `the SCIM server answered ${what} with something that is not a ListResponse`,
      );
    const resources = body.Resources ?? [];
    if (!Array.isArray(resources))
      throw new ConnectorError(
        'INVALID_DATA',
        `the SCIM server answered ${what} with Resources that is not a list`,
      );
    const total = Number(body.totalResults);
    return { resources, totalResults: Number.isInteger(total) && total >= 0 ? total : null };
  }
}
