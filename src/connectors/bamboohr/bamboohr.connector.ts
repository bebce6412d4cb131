import { DirectorySource } from '../sources';
import { HrGroupCollector, isoDay } from '../hr-shared/hr-fields';
import { HttpClient, HttpResponse, HttpTransport, RetryPolicy } from '../http';
import {
  ConnectionTestResult,
  ConnectorError,
  DirectoryConnector,
  ReadRequest,
  SourceGroup,
  SourcePage,
  SourceUser,
} from '../types';
import { BambooHrConfig } from './bamboohr.config';
import { BambooHrMappingOptions, mapBambooHrRow, requestedFields } from './bamboohr-mapping';

/** Taken off the start of a full sync (our clock) and off `latest`, so that a change stamped while we read is read again next time rather than lost. */
export const CURSOR_OVERLAP_MS = 60_000;
/** A stored cursor older than this is refused: BambooHR's change log is not meant to be replayed over years. */
const MAX_CURSOR_AGE_MS = 365 * 24 * 3600_000;

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export interface BambooHrRuntime {
  transport: HttpTransport;
  /** Retries and waits (tests shorten them); the shared default otherwise. */
  retry?: RetryPolicy;
  now: () => number;
}

/** BambooHR says why in the X-BambooHR-Error-Message header, or in an RFC 7807 body (Datasets API). */
function describeBambooHrError(response: HttpResponse): string | null {
  const header = response.headers['x-bamboohr-error-message'];
  if (typeof header === 'string' && header !== '') return header.slice(0, 200);
  try {
    const body: unknown = JSON.parse(response.body.toString('utf8'));
    if (isObject(body) && typeof body.detail === 'string') return body.detail.slice(0, 200);
    if (isObject(body) && typeof body.title === 'string') return body.title.slice(0, 200);
  } catch {
    // a plain-text body: the status says enough
  }
  return null;
}

/**
 * BambooHR through its Datasets API (`POST /v2/datasets/{dataset}/data`, page/pageSize paging, any
 * field including custom ones) for full reads, and `GET /v1/employees/changed?since=` for
 * incremental reads: the changed ids, then those rows through the dataset with an `in` filter.
 */
export class BambooHrConnector implements DirectoryConnector {
  readonly source = DirectorySource.BAMBOOHR;
  readonly supportsIncremental = true;
  private cursor: string | null = null;
  private readonly collector: HrGroupCollector;
  private readonly client: HttpClient;
  private readonly now: () => number;

  constructor(
    private readonly config: BambooHrConfig,
    runtime: Pick<BambooHrRuntime, 'transport'> & Partial<BambooHrRuntime>,
  ) {
    this.now = runtime.now ?? (() => Date.now());
    this.collector = new HrGroupCollector(config.groups);
    this.client = new HttpClient({
      transport: runtime.transport,
      service: 'BambooHR',
      timeoutMs: config.timeoutMs,
      retry: runtime.retry,
      // Credentials go to the configured gateway only.
      origins: [new URL(config.baseUrl).origin],
      secrets: [config.apiKey, this.authorization],
      describeErrorBody: describeBambooHrError,
      mapFailure: (response, _request, said) => {
        if (response.status === 401) return new ConnectorError('AUTH', `${said}: the API key was refused`);
        if (response.status === 403)
          return new ConnectorError(
            'PERMISSION',
            `${said}: the API key's user may not read this (see the README)`,
          );
        if (response.status === 404)
          return new ConnectorError('NOT_FOUND', `${said}: check companyDomain and dataset`);
        if ([400, 413, 422].includes(response.status))
          return new ConnectorError('CONFIGURATION', `${said}: check the field names of the connection`);
        return undefined;
      },
    });
  }

  /** https://api.bamboohr.com/api/gateway.php/{companyDomain}/{path} */
  private url(path: string, query?: Record<string, string>): string {
    const url = new URL(`${this.config.baseUrl}/${encodeURIComponent(this.config.companyDomain)}/${path}`);
    for (const [key, value] of Object.entries(query ?? {})) url.searchParams.set(key, value);
    return url.toString();
  }

  private get authorization(): string {
    return `Basic ${Buffer.from(`${this.config.apiKey}:x`).toString('base64')}`;
  }

  private async call(
    method: 'GET' | 'POST',
    url: string,
    what: string,
    signal: AbortSignal,
    body?: unknown,
  ): Promise<unknown> {
    return this.client.json({
      method,
      url,
      what,
      signal,
      headers: {
        authorization: this.authorization,
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  }

  private mappingOptions(): BambooHrMappingOptions {
    return {
      idField: this.config.idField,
      statusField: this.config.statusField,
      supervisorIdField: this.config.supervisorIdField,
      fields: this.config.fields,
      customFields: this.config.customFields,
      today: isoDay(this.now()),
    };
  }

  private datasetUrl(): string {
    return this.url(`v2/datasets/${encodeURIComponent(this.config.dataset)}/data`);
  }

  async test(signal: AbortSignal): Promise<ConnectionTestResult> {
    const body = await this.call('POST', this.datasetUrl(), 'testing the connection', signal, {
      fields: [this.config.idField],
      page: 1,
      pageSize: 1,
    });
    const total = isObject(body) && isObject(body.meta) ? body.meta.totalItems : undefined;
    return { userCount: typeof total === 'number' ? total : null };
  }

  /** Pages of the dataset, page 1.., until a page says it is the last. */
  private async *datasetPages(
    signal: AbortSignal,
    filter: string | null,
  ): AsyncGenerator<SourcePage<SourceUser>> {
    const fields = requestedFields(this.config);
    const options = this.mappingOptions();
    for (let page = 1; ; page += 1) {
      const body = await this.call('POST', this.datasetUrl(), `reading page ${page} of the dataset`, signal, {
        fields,
        ...(filter ? { filter } : {}),
        orderBy: `${this.config.idField} asc`,
        page,
        pageSize: this.config.pageSize,
      });
      if (!isObject(body) || !Array.isArray(body.data) || !isObject(body.meta)) {
        throw new ConnectorError(
          'INVALID_DATA',
          `page ${page} of the dataset has no data list or meta object`,
        );
      }
      const result: SourcePage<SourceUser> = { records: [], errors: [] };
      for (const row of body.data) {
        const mapped = mapBambooHrRow(row, options);
        if (!mapped.ok) {
          result.errors.push(mapped.error);
          continue;
        }
        if (this.collector.enabled)
          mapped.value.groupExternalIds = this.collector.groupsOf(mapped.value.attributes);
        result.records.push(mapped.value);
      }
      yield result;
      const totalPages = body.meta.totalPages;
      const links = isObject(body.links) ? body.links : {};
      if (typeof totalPages === 'number' ? page >= totalPages : !links.next) return;
      if (body.data.length === 0) return;
    }
  }

  /** The stored cursor as an ISO timestamp BambooHR accepts, or CURSOR_EXPIRED. */
  private since(cursor: string | null): string {
    const at = cursor === null ? NaN : Date.parse(cursor);
    if (Number.isNaN(at) || this.now() - at > MAX_CURSOR_AGE_MS) {
      throw new ConnectorError(
        'CURSOR_EXPIRED',
        'the stored change cursor is missing or too old: run a full sync',
      );
    }
    return new Date(at).toISOString().replace(/\.\d{3}Z$/, '+00:00');
  }

  async *users(request: ReadRequest): AsyncIterable<SourcePage<SourceUser>> {
    const startedAt = this.now();
    if (request.mode === 'full') {
      yield* this.datasetPages(request.signal, null);
      this.cursor = new Date(startedAt - CURSOR_OVERLAP_MS).toISOString();
      return;
    }
    const since = this.since(request.cursor);
    const changed = await this.call(
      'GET',
      this.url('v1/employees/changed', { since }),
      'reading the changed employees',
      request.signal,
    );
    if (!isObject(changed) || !isObject(changed.employees)) {
      throw new ConnectorError('INVALID_DATA', 'GET /v1/employees/changed: the answer has no employees map');
    }
    const removed: SourceUser[] = [];
    const ids: string[] = [];
    for (const [key, entry] of Object.entries(changed.employees)) {
      const id = isObject(entry) && typeof entry.id === 'string' ? entry.id : key;
      if (!/^\d{1,18}$/.test(id)) continue;
      if (isObject(entry) && entry.action === 'Deleted')
        removed.push({ externalId: id, attributes: {}, removed: true });
      else ids.push(id);
    }
    if (removed.length > 0) yield { records: removed, errors: [] };
    for (let start = 0; start < ids.length; start += this.config.pageSize) {
      const batch = ids.slice(start, start + this.config.pageSize);
      yield* this.datasetPages(request.signal, `${this.config.idField} in (${batch.join(',')})`);
    }
    const latest = typeof changed.latest === 'string' ? Date.parse(changed.latest) : NaN;
    const previous = Date.parse(since);
    this.cursor = new Date(
      Number.isNaN(latest) ? previous : Math.max(previous, latest - CURSOR_OVERLAP_MS),
    ).toISOString();
  }

  async *groups(_request: ReadRequest): AsyncIterable<SourcePage<SourceGroup>> {
    const groups = this.collector.groups();
    if (groups.length > 0) yield { records: groups, errors: [] };
  }

  nextCursor(): string | null {
    return this.cursor;
  }
}
