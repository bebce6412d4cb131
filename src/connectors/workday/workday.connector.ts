import { DirectorySource } from '../../entities/enums';
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
import { IntegrationUserAuth, RefreshTokenAuth, WorkdayAuth } from './workday-auth';
import { describeCall, NodeWorkdayHttp, WorkdayHttp, WorkdayHttpResponse } from './workday-http';
import { DerivedGroup, mapWorkdayGroup, mapWorkdayWorker, WorkdayMappingOptions } from './workday-mapping';
import { MalformedReport, reportEntries } from './report-entries';

/** Report entries handed to the engine per page (a report is one response; this cuts it). */
export const REPORT_PAGE_SIZE = 500;
/**
 * Subtracted from the time a read started to make the next cursor: Workday stamps a change with its
 * effective moment, which can trail the moment it becomes visible to a report by a little.
 */
export const CURSOR_OVERLAP_MS = 5 * 60_000;
/** A cursor this far ahead of our clock is not one we wrote. */
const MAX_CURSOR_AHEAD_MS = 24 * 3600_000;

/** What the connector takes from its surroundings; tests and the shared transport substitute parts. */
export interface WorkdayRuntime {
  http: WorkdayHttp;
  now: () => number;
}

function describeType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}

/** Belt and braces: whatever a message was built from, no secret leaves in it. */
function redact(error: unknown, secrets: string[]): unknown {
  if (!(error instanceof ConnectorError)) return error;
  let message = error.message;
  for (const secret of secrets)
    if (secret && message.includes(secret)) message = message.split(secret).join('[redacted]');
  return message === error.message ? error : new ConnectorError(error.code, message, error.retryAfterMs);
}

/** A Workday date-time prompt value: ISO 8601 with an explicit offset, as Workday writes them. */
export function promptDateTime(ms: number): string {
  return new Date(ms).toISOString().replace('Z', '+00:00');
}

/**
 * People (and optionally groups) of a Workday tenant, in one of two modes:
 * - report: a custom report (RaaS) read as JSON with an Integration System User's basic auth,
 *   streamed entry by entry; incremental syncs send the configured "updated since" prompt;
 *   groups come from the workers' departments and cost centers and from an optional groups report;
 * - rest: the workers collection of the REST API with limit/offset paging (at most 100 a page) and
 *   an OAuth 2.0 refresh-token grant; full syncs only (the collection has no changed-since filter).
 * Workday reports no deletions: people who leave a report are removed by the next full sync.
 */
export class WorkdayConnector implements DirectoryConnector {
  readonly source = DirectorySource.WORKDAY;
  readonly supportsIncremental: boolean;
  private readonly runtime: WorkdayRuntime;
  private readonly auth: WorkdayAuth;
  /** Department and cost-center groups met while reading people (a few hundred, not the tenant). */
  private derived = new Map<string, DerivedGroup>();
  private cursor: number | null = null;

  constructor(
    private readonly config: WorkdayConfig,
    runtime: Partial<WorkdayRuntime> = {},
  ) {
    this.runtime = {
      http: runtime.http ?? new NodeWorkdayHttp({ timeoutMs: config.timeoutMs }),
      now: runtime.now ?? (() => Date.now()),
    };
    if (config.mode === 'report') {
      if (!config.username || !config.password || !config.workersReport)
        throw new ConnectorError(
          'CONFIGURATION',
          'the Workday connection lacks username, password or workersReport',
        );
      this.auth = new IntegrationUserAuth(config.username, config.password);
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
        this.runtime.http,
        this.runtime.now,
      );
    }
    this.supportsIncremental = config.mode === 'report' && config.updatedSincePrompt !== undefined;
  }

  /**
   * Report mode: reads the workers report (limited to changes since now when an "updated since" prompt
   * is configured, so that the test stays small) and counts its entries without keeping them. REST
   * mode: one worker, and the collection's total.
   */
  async test(signal: AbortSignal): Promise<ConnectionTestResult> {
    try {
      if (this.config.mode === 'rest') {
        const page = await this.restPage(0, 1, signal);
        return { userCount: page.total };
      }
      const prompts: Record<string, string> = {};
      if (this.config.updatedSincePrompt)
        prompts[this.config.updatedSincePrompt] = promptDateTime(this.runtime.now());
      let count = 0;
      for await (const entries of this.report(this.config.workersReport!, prompts, signal))
        count += entries.length;
      return { userCount: this.config.updatedSincePrompt ? null : count };
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

  /** Report mode with an "updated since" prompt: when the last users() read started, less an overlap. */
  nextCursor(): string | null {
    return this.cursor === null ? null : new Date(this.cursor).toISOString();
  }

  private async *guarded<T>(pages: AsyncGenerator<T>): AsyncGenerator<T> {
    try {
      yield* pages;
    } catch (error) {
      throw redact(error, this.auth.secrets());
    }
  }

  private mappingOptions(): WorkdayMappingOptions {
    return {
      fields: this.config.fields,
      customFields: this.config.customFields,
      today: new Date(this.runtime.now()).toISOString().slice(0, 10),
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
    if (Number.isNaN(since) || since > this.runtime.now() + MAX_CURSOR_AHEAD_MS) {
      throw new ConnectorError(
        'CURSOR_EXPIRED',
        'the stored Workday cursor is not a usable timestamp; a full sync is needed',
      );
    }
    return since;
  }

  private async *readUsers(request: ReadRequest): AsyncGenerator<SourcePage<SourceUser>> {
    const since = this.since(request);
    const startedAt = this.runtime.now();
    const options = this.mappingOptions();
    this.derived = new Map();
    const pages =
      this.config.mode === 'rest'
        ? this.restWorkers(request.signal)
        : this.report(
            this.config.workersReport!,
            since !== null && this.config.updatedSincePrompt
              ? { [this.config.updatedSincePrompt]: promptDateTime(since) }
              : {},
            request.signal,
          );
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
    for await (const entries of this.report(this.config.groupsReport, {}, request.signal)) {
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

  /** Entries of a custom report, streamed in pages. */
  private async *report(
    name: string,
    prompts: Record<string, string>,
    signal: AbortSignal,
  ): AsyncGenerator<unknown[]> {
    const [owner, report] = name.split('/');
    const url = this.tenantUrl(`/ccx/service/customreport2/${this.config.tenant}/${owner}/${report}`, {
      ...this.config.prompts,
      ...prompts,
      format: 'json',
    });
    const response = await this.get(url, signal);
    try {
      yield* reportEntries(response.chunks(), REPORT_PAGE_SIZE);
    } catch (error) {
      if (error instanceof MalformedReport)
        throw new ConnectorError('INVALID_DATA', `${describeCall('GET', url)}: ${error.message}`);
      throw error;
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
    const where = describeCall('GET', url);
    const response = await this.get(url, signal, offset > 0);
    const text = await response.text();
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      throw new ConnectorError('INVALID_DATA', `${where} answered with a body that is not JSON`);
    }
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
        `${where} answered with ${record ? 'an object without data and total' : describeType(body)}, not a page of workers`,
      );
    }
    return { data: record.data, total: record.total };
  }

  /** One GET answered 200, or a typed failure. A 401 renews an OAuth token once. */
  private async get(url: string, signal: AbortSignal, paging = false): Promise<WorkdayHttpResponse> {
    const where = describeCall('GET', url);
    let renewed = false;
    for (;;) {
      const response = await this.runtime.http.send({
        method: 'GET',
        url,
        headers: await this.auth.headers(signal),
        signal,
      });
      if (response.status === 200) return response;
      const text = await response.text().catch(() => '');
      if (response.status === 401 && !renewed && this.auth.invalidate()) {
        renewed = true; // the access token expired or was revoked early: one new token, one more try
        continue;
      }
      const said = `${where} answered HTTP ${response.status}${workdayError(text)}`;
      switch (response.status) {
        case 401:
          throw new ConnectorError('AUTH', `${said}: ${this.auth.refusal}`);
        case 403:
          throw new ConnectorError(
            'PERMISSION',
            this.config.mode === 'report'
              ? `${said}: the Integration System User may not run this report (share it with the ISU's security group, and permit the domains its fields come from)`
              : `${said}: the API client's scope or the integration user's security groups do not allow reading workers`,
          );
        case 404:
          throw new ConnectorError('NOT_FOUND', `${said}: check host, tenant and the report's owner/name`);
        case 400:
          if (paging)
            throw new ConnectorError(
              'TEMPORARY',
              `${said}: Workday no longer accepts this paging state; the sync will read again`,
            );
          throw new ConnectorError('CONFIGURATION', `${said}: check the report's prompts`);
        default:
          throw new ConnectorError('CONFIGURATION', said);
      }
    }
  }
}

/** Workday's error body ({"error": "...", "errors": [{"error": "..."}]}) as a short suffix; never the whole body. */
function workdayError(text: string): string {
  try {
    const body: unknown = JSON.parse(text);
    if (typeof body === 'object' && body !== null && 'error' in body && typeof body.error === 'string')
      return ` (${body.error.slice(0, 120)})`;
  } catch {
    // not JSON: the status says enough
  }
  return '';
}
