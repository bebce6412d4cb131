import { Readable } from 'node:stream';
import { DirectorySource } from '../sources';
import {
  ClientRequest,
  defaultOutboundPolicy,
  DEFAULT_RETRY_POLICY,
  HttpClient,
  HttpResponse,
  HttpTransport,
  OutboundPolicy,
  parseJsonBody,
  redactText,
  RetryPolicy,
} from '../http';
import {
  ConnectionTestResult,
  ConnectorError,
  DirectoryConnector,
  ReadRequest,
  SourceGroup,
  SourcePage,
  SourceUser,
} from '../types';
import { WorkdayConfig } from './workday.config';
import { IntegrationUserAuth, RefreshTokenAuth, TOKEN_REQUEST, WorkdayAuth } from './workday-auth';
import { DerivedGroup, mapWorkdayGroup, mapWorkdayWorker, WorkdayMappingOptions } from './workday-mapping';
import { MalformedReport, reportEntries } from './report-entries';

/** Report entries handed to the engine per page (a report is one response; this cuts it). */
export const REPORT_PAGE_SIZE = 500;
/**
 * The whole of one report request, first byte to last: Workday takes a while to run a large report,
 * and a 100k-worker report is tens of megabytes. A stall is caught sooner: timeoutMs between chunks.
 */
export const REPORT_TIMEOUT_MS = 30 * 60_000;
/**
 * Subtracted from the time a read started to make the next cursor: Workday stamps a change with its
 * effective moment, which can trail the moment it becomes visible to a report by a little.
 */
export const CURSOR_OVERLAP_MS = 5 * 60_000;
/** The `what` of a REST request for a page after the first. */
const LATER_PAGE = /^reading workers at offset [1-9]/;
/** A cursor this far ahead of our clock is not one we wrote. */
const MAX_CURSOR_AHEAD_MS = 24 * 3600_000;

/** What the connector takes from its surroundings; tests substitute parts. */
export interface WorkdayRuntime {
  /** Which addresses may be reached (the operator's OUTBOUND_ALLOW_* settings). */
  outbound: OutboundPolicy;
  /** The shared HTTP transport; built from `outbound` when not given. */
  transport: HttpTransport;
  retry: RetryPolicy;
  now: () => number;
}

/** The stream ran dry for longer than the idle timeout. */
class IdleStream extends Error {}

function describeType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}

/** A Workday date-time prompt value: ISO 8601 with an explicit offset, as Workday writes them. */
export function promptDateTime(ms: number): string {
  return new Date(ms).toISOString().replace('Z', '+00:00');
}

/** Workday's error body ({"error": "...", "errors": [...]}) as a short summary; never the whole body. */
function workdayError(response: HttpResponse): string | null {
  try {
    const body: unknown = JSON.parse(response.body.toString('utf8'));
    if (typeof body === 'object' && body !== null && 'error' in body && typeof body.error === 'string')
      return body.error.slice(0, 120);
  } catch {
    // not JSON: the status says enough
  }
  return null;
}

/**
 * People (and optionally groups) of a Workday tenant, in one of two modes:
 * - report: a custom report (RaaS) read as JSON with an Integration System User's basic auth,
 *   streamed entry by entry; incremental syncs send the configured "updated since" prompt;
 *   groups come from the workers' departments and cost centers and from an optional groups report;
 * - rest: the workers collection of the REST API with limit/offset paging (at most 100 a page) and
 *   an OAuth 2.0 refresh-token grant; full syncs only (the collection has no changed-since filter).
 * Workday reports no deletions: people who leave a report are removed by the next full sync.
 * Every request goes through the shared transport (src/connectors/http): timeouts, Retry-After,
 * retries, the outbound address policy and redaction are applied there.
 */
export class WorkdayConnector implements DirectoryConnector {
  readonly source = DirectorySource.WORKDAY;
  readonly supportsIncremental: boolean;
  private readonly now: () => number;
  private readonly auth: WorkdayAuth;
  /** Reports (long, streamed) or REST pages (with the OAuth token attached). */
  private readonly client: HttpClient;
  /** The token endpoint (REST mode): its own credentials, no token. */
  private readonly tokenClient: HttpClient;
  private readonly secrets: string[];
  /** Department and cost-center groups met while reading people (a few hundred, not the tenant). */
  private derived = new Map<string, DerivedGroup>();
  private cursor: number | null = null;

  constructor(
    private readonly config: WorkdayConfig,
    runtime: Partial<WorkdayRuntime> = {},
  ) {
    this.now = runtime.now ?? (() => Date.now());
    const transport =
      runtime.transport ?? new HttpTransport({ outbound: runtime.outbound ?? defaultOutboundPolicy() });
    const common = {
      transport,
      service: 'Workday',
      retry: runtime.retry ?? DEFAULT_RETRY_POLICY,
      origins: [config.host],
      describeErrorBody: workdayError,
      mapFailure: (response: HttpResponse, request: ClientRequest, said: string) =>
        this.mapFailure(response, request, said),
    };
    if (config.mode === 'report') {
      if (!config.username || !config.password || !config.workersReport)
        throw new ConnectorError(
          'CONFIGURATION',
          'the Workday connection lacks username, password or workersReport',
        );
      this.auth = new IntegrationUserAuth(config.username, config.password);
      this.secrets = [config.password];
    } else {
      if (!config.clientId || !config.clientSecret || !config.refreshToken)
        throw new ConnectorError(
          'CONFIGURATION',
          'the Workday connection lacks clientId, clientSecret or refreshToken',
        );
      this.auth = new RefreshTokenAuth(
        this.tenantUrl(`/ccx/oauth2/${config.tenant}/token`),
        config.clientId,
        config.clientSecret,
        config.refreshToken,
        () => this.tokenClient,
        this.now,
      );
      this.secrets = [config.clientSecret, config.refreshToken];
    }
    this.tokenClient = new HttpClient({ ...common, timeoutMs: config.timeoutMs, secrets: this.secrets });
    this.client = new HttpClient({
      ...common,
      timeoutMs: config.mode === 'report' ? REPORT_TIMEOUT_MS : config.timeoutMs,
      secrets: this.secrets,
      ...(this.auth.renewable
        ? { authorize: (refresh: boolean, signal: AbortSignal) => this.auth.headers(refresh, signal) }
        : {}),
    });
    this.supportsIncremental = config.mode === 'report' && config.updatedSincePrompt !== undefined;
  }

  /**
   * Report mode: reads the workers report (limited to changes since now when an "updated since" prompt
   * is configured, so that the test stays small) and counts its entries without keeping them. REST
   * mode: one worker, and the collection's total.
   */
  async test(signal: AbortSignal): Promise<ConnectionTestResult> {
    return this.guard(async () => {
      if (this.config.mode === 'rest') {
        const page = await this.restPage(0, 1, signal);
        return { userCount: page.total };
      }
      const prompts: Record<string, string> = {};
      if (this.config.updatedSincePrompt)
        prompts[this.config.updatedSincePrompt] = promptDateTime(this.now());
      let count = 0;
      for await (const entries of this.report(
        this.config.workersReport!,
        prompts,
        'the workers report',
        signal,
      ))
        count += entries.length;
      return { userCount: this.config.updatedSincePrompt ? null : count };
    });
  }

  users(request: ReadRequest): AsyncIterable<SourcePage<SourceUser>> {
    return this.guarded(this.readUsers(request));
  }

  groups(request: ReadRequest): AsyncIterable<SourcePage<SourceGroup>> {
    return this.guarded(this.readGroups(request));
  }

  /** Report mode with an "updated since" prompt: when the last users() read started, less an overlap. */
  nextCursor(): string | null {
    return this.cursor === null ? null : new Date(this.cursor).toISOString();
  }

  /** Belt and braces: whatever a message was built from, no secret leaves in it. */
  private redacted(error: unknown): unknown {
    if (!(error instanceof ConnectorError)) return error;
    const message = redactText(error.message, this.auth.secrets());
    return message === error.message ? error : new ConnectorError(error.code, message, error.retryAfterMs);
  }

  private async guard<T>(work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (error) {
      throw this.redacted(error);
    }
  }

  private async *guarded<T>(pages: AsyncGenerator<T>): AsyncGenerator<T> {
    try {
      yield* pages;
    } catch (error) {
      throw this.redacted(error);
    }
  }

  private mappingOptions(): WorkdayMappingOptions {
    return {
      fields: this.config.fields,
      customFields: this.config.customFields,
      today: new Date(this.now()).toISOString().slice(0, 10),
      departmentGroups: this.config.departmentGroups,
      costCenterGroups: this.config.costCenterGroups,
    };
  }

  /** The cursor of an incremental read, in epoch ms; null for a full read. */
  private since(request: ReadRequest): number | null {
    if (!this.supportsIncremental || request.mode !== 'incremental' || request.cursor === null) return null;
    const since = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/.test(request.cursor)
      ? Date.parse(request.cursor)
      : NaN;
    if (Number.isNaN(since) || since > this.now() + MAX_CURSOR_AHEAD_MS) {
      throw new ConnectorError(
        'CURSOR_EXPIRED',
        'the stored Workday cursor is not a usable timestamp; a full sync is needed',
      );
    }
    return since;
  }

  private async *readUsers(request: ReadRequest): AsyncGenerator<SourcePage<SourceUser>> {
    const since = this.since(request);
    const startedAt = this.now();
    const options = this.mappingOptions();
    this.derived = new Map();
    const prompts: Record<string, string> =
      since !== null && this.config.updatedSincePrompt
        ? { [this.config.updatedSincePrompt]: promptDateTime(since) }
        : {};
    const pages =
      this.config.mode === 'rest'
        ? this.restWorkers(request.signal)
        : this.report(this.config.workersReport!, prompts, 'the workers report', request.signal);
    for await (const entries of pages) {
      const page: SourcePage<SourceUser> = { records: [], errors: [] };
      for (const entry of entries) {
        const mapped = mapWorkdayWorker(entry, options);
        if (!mapped.ok) {
          page.errors.push(mapped.error);
          continue;
        }
        for (const group of mapped.value.groups) this.derived.set(group.externalId, group);
        page.records.push(mapped.value.user);
      }
      yield page;
    }
    if (this.supportsIncremental) this.cursor = startedAt - CURSOR_OVERLAP_MS;
  }

  /**
   * The department and cost-center groups met in the users() read just made (people carry their
   * membership), then the groups report's groups with their complete member lists.
   */
  private async *readGroups(request: ReadRequest): AsyncGenerator<SourcePage<SourceGroup>> {
    if (this.derived.size > 0) {
      const records: SourceGroup[] = [...this.derived.values()].map((group) => ({
        externalId: group.externalId,
        attributes: { name: group.name, groupType: group.groupType },
      }));
      for (let start = 0; start < records.length; start += REPORT_PAGE_SIZE)
        yield { records: records.slice(start, start + REPORT_PAGE_SIZE), errors: [] };
    }
    if (this.config.mode !== 'report' || !this.config.groupsReport) return;
    for await (const entries of this.report(
      this.config.groupsReport,
      {},
      'the groups report',
      request.signal,
    )) {
      const page: SourcePage<SourceGroup> = { records: [], errors: [] };
      for (const entry of entries) {
        const mapped = mapWorkdayGroup(entry, this.config.groupColumns);
        if (mapped.ok) page.records.push(mapped.value);
        else page.errors.push(mapped.error);
      }
      yield page;
    }
  }

  private tenantUrl(path: string, query: Record<string, string> = {}): string {
    const url = new URL(path, this.config.host);
    for (const [key, value] of Object.entries(query)) url.searchParams.set(key, value);
    return url.toString();
  }

  /** Entries of a custom report, streamed in pages (the body is never held whole). */
  private async *report(
    name: string,
    prompts: Record<string, string>,
    what: string,
    signal: AbortSignal,
  ): AsyncGenerator<unknown[]> {
    const [owner, report] = name.split('/');
    const url = this.tenantUrl(`/ccx/service/customreport2/${this.config.tenant}/${owner}/${report}`, {
      ...this.config.prompts,
      ...prompts,
      format: 'json',
    });
    const response = await this.client.send({
      url,
      headers: { accept: 'application/json', ...(await this.auth.headers(false, signal)) },
      what: `reading ${what}`,
      signal,
      streamBody: true,
    });
    // An idle limit rather than one deadline: a long report takes a while, a stalled one must not.
    response.stream?.setTimeout(this.config.timeoutMs, () => response.stream?.destroy(new IdleStream()));
    const stream: Readable = response.stream ?? Readable.from([response.body]);
    try {
      yield* reportEntries(stream, REPORT_PAGE_SIZE);
    } catch (error) {
      signal.throwIfAborted();
      if (error instanceof MalformedReport)
        throw new ConnectorError('INVALID_DATA', `Workday, reading ${what}: ${error.message}`);
      if (error instanceof IdleStream)
        throw new ConnectorError(
          'TEMPORARY',
          `Workday, reading ${what}: nothing arrived for ${this.config.timeoutMs} ms`,
        );
      if (error instanceof ConnectorError) throw error;
      throw new ConnectorError('TEMPORARY', `Workday, reading ${what}: the answer was cut off`);
    } finally {
      stream.destroy();
    }
  }

  /** Workers of the REST collection, page after page by offset. */
  private async *restWorkers(signal: AbortSignal): AsyncGenerator<unknown[]> {
    let offset = 0;
    let total: number | null = null;
    for (;;) {
      const page = await this.restPage(offset, this.config.pageSize, signal);
      if (total !== null && page.total !== total) {
        // Offsets shift when workers are added or removed mid-read: people would be skipped or doubled.
        throw new ConnectorError(
          'TEMPORARY',
          `the Workday worker list changed while it was paged (total ${total} → ${page.total}); the sync will read it again`,
        );
      }
      total = page.total;
      if (page.data.length > 0) yield page.data;
      offset += page.data.length;
      if (offset >= total) return;
      if (page.data.length === 0) {
        throw new ConnectorError(
          'TEMPORARY',
          `the Workday worker list ended at ${offset} of ${total}; the sync will read it again`,
        );
      }
    }
  }

  private async restPage(
    offset: number,
    limit: number,
    signal: AbortSignal,
  ): Promise<{ data: unknown[]; total: number }> {
    const { restService, restVersion, tenant } = this.config;
    const url = this.tenantUrl(`/ccx/api/${restService}/${restVersion}/${tenant}/workers`, {
      limit: String(limit),
      offset: String(offset),
    });
    const what = `reading workers at offset ${offset}`;
    const response = await this.client.send({ url, headers: { accept: 'application/json' }, what, signal });
    const body = parseJsonBody(response.body, `Workday's answer to ${what}`);
    const record =
      typeof body === 'object' && body !== null && !Array.isArray(body)
        ? (body as Record<string, unknown>)
        : null;
    if (
      !record ||
      !Array.isArray(record.data) ||
      typeof record.total !== 'number' ||
      !Number.isSafeInteger(record.total)
    ) {
      throw new ConnectorError(
        'INVALID_DATA',
        `Workday's answer to ${what} is ${record ? 'an object without data and total' : describeType(body)}, not a page of workers`,
      );
    }
    return { data: record.data, total: record.total };
  }

  /** Workday's own reading of a refused request; undefined leaves the transport's standard mapping. */
  private mapFailure(
    response: HttpResponse,
    request: ClientRequest,
    said: string,
  ): ConnectorError | undefined {
    const report = this.config.mode === 'report';
    if (request.what === TOKEN_REQUEST) {
      if (response.status === 400 || response.status === 401)
        return new ConnectorError(
          'AUTH',
          `${said}: check clientId and clientSecret, and that the refresh token was not revoked or expired`,
        );
      if (response.status === 403)
        return new ConnectorError('PERMISSION', `${said}: the API client is not enabled for this tenant`);
    }
    switch (response.status) {
      case 401:
        return new ConnectorError('AUTH', `${said}: ${this.auth.refusal}`);
      case 403:
        return new ConnectorError(
          'PERMISSION',
          report
            ? `${said}: the Integration System User may not run this report (share it with the ISU's security group, and permit the domains its fields come from)`
            : `${said}: the API client's scope or the integration user's security groups do not allow reading workers`,
        );
      case 404:
        return new ConnectorError(
          'NOT_FOUND',
          `${said}: check host, tenant${report ? " and the report's owner/name" : ''}`,
        );
      case 400:
        // A later page refused: the offset we reached is no longer valid (the list shrank), not a setting.
        if (!report && LATER_PAGE.test(request.what))
          return new ConnectorError(
            'TEMPORARY',
            `${said}: Workday no longer accepts this paging state; the sync will read the workers again`,
          );
        return new ConnectorError(
          'CONFIGURATION',
          `${said}: check the ${report ? "report's prompts" : 'REST settings'}`,
        );
      default:
        return undefined;
    }
  }
}
