import { DirectorySource } from '../../entities/enums';
import { HrGroupCollector, isoDay } from '../hr-shared/hr-fields';
import { describeCall, FetchTransport, HttpResponse, HttpTransport } from '../hr-shared/http-transport';
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
  now: () => number;
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
  private readonly runtime: BambooHrRuntime;

  constructor(
    private readonly config: BambooHrConfig,
    runtime?: Partial<BambooHrRuntime>,
  ) {
    this.runtime = {
      transport: runtime?.transport ?? new FetchTransport({ timeoutMs: config.timeoutMs }),
      now: runtime?.now ?? (() => Date.now()),
    };
    this.collector = new HrGroupCollector(config.groups);
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
    signal: AbortSignal,
    body?: unknown,
  ): Promise<unknown> {
    let response: HttpResponse;
    try {
      response = await this.runtime.transport.send({
        method,
        url,
        vendor: 'BambooHR',
        signal,
        headers: {
          authorization: this.authorization,
          ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    } catch (error) {
      throw this.redact(error);
    }
    const where = describeCall(method, url).replace(
      encodeURIComponent(this.config.companyDomain),
      '{companyDomain}',
    );
    if (response.status >= 200 && response.status < 300) {
      try {
        return JSON.parse(response.text) as unknown;
      } catch {
        throw new ConnectorError('INVALID_DATA', `${where}: BambooHR answered something that is not JSON`);
      }
    }
    throw this.redact(this.failure(where, response));
  }

  /** BambooHR says why in the X-BambooHR-Error-Message header, or in an RFC 7807 body (Datasets API). */
  private failure(where: string, response: HttpResponse): ConnectorError {
    let reason = response.headers.get('x-bamboohr-error-message') ?? '';
    if (!reason) {
      try {
        const body: unknown = JSON.parse(response.text);
        if (isObject(body) && typeof body.detail === 'string') reason = body.detail;
        else if (isObject(body) && typeof body.title === 'string') reason = body.title;
      } catch {
        // a plain-text body: the status says enough
      }
    }
    const suffix = reason ? ` (${reason.slice(0, 200)})` : '';
    const message = `${where} answered HTTP ${response.status}${suffix}`;
    switch (response.status) {
      case 401:
        return new ConnectorError('AUTH', `${message}: the API key was refused`);
      case 403:
        return new ConnectorError(
          'PERMISSION',
          `${message}: the API key's user may not read this; see the README for what it must see`,
        );
      case 404:
        return new ConnectorError('NOT_FOUND', `${message}: check companyDomain and dataset`);
      case 400:
      case 413:
      case 422:
        return new ConnectorError('CONFIGURATION', `${message}: check the field names of the connection`);
      default:
        return new ConnectorError('INVALID_DATA', message);
    }
  }

  private redact(error: unknown): unknown {
    if (!(error instanceof ConnectorError) || !error.message.includes(this.config.apiKey)) return error;
    return new ConnectorError(
      error.code,
      error.message.split(this.config.apiKey).join('[redacted]'),
      error.retryAfterMs,
    );
  }

  private mappingOptions(): BambooHrMappingOptions {
    return {
      idField: this.config.idField,
      statusField: this.config.statusField,
      supervisorIdField: this.config.supervisorIdField,
      fields: this.config.fields,
      customFields: this.config.customFields,
      today: isoDay(this.runtime.now()),
    };
  }

  private datasetUrl(): string {
    return this.url(`v2/datasets/${encodeURIComponent(this.config.dataset)}/data`);
  }

  async test(signal: AbortSignal): Promise<ConnectionTestResult> {
    const body = await this.call('POST', this.datasetUrl(), signal, {
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
      const body = await this.call('POST', this.datasetUrl(), signal, {
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
    if (Number.isNaN(at) || this.runtime.now() - at > MAX_CURSOR_AGE_MS) {
      throw new ConnectorError(
        'CURSOR_EXPIRED',
        'the stored change cursor is missing or too old: run a full sync',
      );
    }
    return new Date(at).toISOString().replace(/\.\d{3}Z$/, '+00:00');
  }

  async *users(request: ReadRequest): AsyncIterable<SourcePage<SourceUser>> {
    const startedAt = this.runtime.now();
    if (request.mode === 'full') {
      yield* this.datasetPages(request.signal, null);
      this.cursor = new Date(startedAt - CURSOR_OVERLAP_MS).toISOString();
      return;
    }
    const since = this.since(request.cursor);
    const changed = await this.call('GET', this.url('v1/employees/changed', { since }), request.signal);
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
