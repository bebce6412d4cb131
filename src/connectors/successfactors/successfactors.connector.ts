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
import { SfConfig } from './successfactors.config';
import { SfAuth, SfBasicAuth, SfSamlBearerAuth } from './successfactors-auth';
import {
  datetimeOffsetLiteral,
  expandedNavigations,
  mapSfUser,
  selectedProperties,
  SfMappingOptions,
} from './successfactors-mapping';

/** Taken off the latest lastModifiedDateTime seen, so that a change stamped while we read is read next time. */
export const CURSOR_OVERLAP_MS = 60_000;
/**
 * The User entity answers active users only unless the filter names the statuses: active and
 * inactive, internal and external (t/f/T/F/e, as SAP documents for querying inactive users).
 */
export const ALL_STATUSES_FILTER = "status in 't','f','T','F','e'";

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export interface SfRuntime {
  transport: HttpTransport;
  now: () => number;
}

/**
 * SAP SuccessFactors through the OData v2 `User` entity: snapshot server-side paging (`__next`
 * with `$skiptoken`, `customPageSize`), `$select` of the mapped properties only, the manager through
 * `$expand=manager`, and `lastModifiedDateTime gt datetimeoffset'…'` for incremental reads.
 */
export class SuccessFactorsConnector implements DirectoryConnector {
  readonly source = DirectorySource.SAP_SUCCESSFACTORS;
  readonly supportsIncremental = true;
  private readonly runtime: SfRuntime;
  private readonly auth: SfAuth;
  private readonly collector: HrGroupCollector;
  private cursor: string | null = null;

  constructor(
    private readonly config: SfConfig,
    runtime?: Partial<SfRuntime>,
  ) {
    this.runtime = {
      transport: runtime?.transport ?? new FetchTransport({ timeoutMs: config.timeoutMs }),
      now: runtime?.now ?? (() => Date.now()),
    };
    this.auth = config.oauth
      ? new SfSamlBearerAuth(config, this.runtime.transport, this.runtime.now)
      : new SfBasicAuth(config);
    this.collector = new HrGroupCollector(config.groups);
  }

  private redact(error: unknown): unknown {
    if (!(error instanceof ConnectorError)) return error;
    let message = error.message;
    for (const secret of this.auth.secrets)
      if (secret && message.includes(secret)) message = message.split(secret).join('[redacted]');
    return message === error.message ? error : new ConnectorError(error.code, message, error.retryAfterMs);
  }

  /** One GET with the current credentials; a 401 renews an OAuth token once. */
  private async get(url: string, signal: AbortSignal): Promise<HttpResponse> {
    if (new URL(url).origin !== this.config.apiServer) {
      throw new ConnectorError('INVALID_DATA', 'SuccessFactors pointed the next page at another server');
    }
    try {
      for (let attempt = 0; ; attempt += 1) {
        const response = await this.runtime.transport.send({
          method: 'GET',
          url,
          headers: { authorization: await this.auth.header(signal) },
          signal,
          vendor: 'SuccessFactors',
        });
        if (response.status === 401 && attempt === 0 && this.auth.invalidate()) continue;
        if (response.status >= 200 && response.status < 300) return response;
        throw this.failure(describeCall('GET', url), response);
      }
    } catch (error) {
      throw this.redact(error);
    }
  }

  /** OData v2 errors: {"error": {"code": "...", "message": {"lang": "en-US", "value": "..."}}}. */
  private failure(where: string, response: HttpResponse): ConnectorError {
    let code = '';
    let reason = '';
    try {
      const body: unknown = JSON.parse(response.text);
      if (isObject(body) && isObject(body.error)) {
        code = typeof body.error.code === 'string' ? body.error.code.slice(0, 60) : '';
        const message = body.error.message;
        reason = isObject(message) && typeof message.value === 'string' ? message.value.slice(0, 200) : '';
      }
    } catch {
      // not an OData error body
    }
    const detail = code || reason ? ` (${[code, reason].filter(Boolean).join(': ')})` : '';
    const message = `${where} answered HTTP ${response.status}${detail}`;
    if (response.status === 401)
      return new ConnectorError('AUTH', `${message}: the credentials were refused`);
    if (response.status === 403)
      return new ConnectorError(
        'PERMISSION',
        `${message}: the API user lacks the permission roles listed in the README`,
      );
    if (response.status === 404)
      return new ConnectorError('NOT_FOUND', `${message}: check apiServer and companyId`);
    if (response.status === 400 && /skiptoken|snapshot/i.test(reason)) {
      // The server-side snapshot behind __next is gone; a new read starts a new one.
      return new ConnectorError(
        'TEMPORARY',
        `${message}: the paging snapshot expired; the sync starts again`,
      );
    }
    if (response.status === 400)
      return new ConnectorError(
        'CONFIGURATION',
        `${message}: check the field map (a property the User entity lacks?)`,
      );
    return new ConnectorError('INVALID_DATA', message);
  }

  private query(filter: string, extra: Record<string, string>): string {
    const select = selectedProperties(this.config);
    const url = new URL(`${this.config.apiServer}/odata/v2/User`);
    url.searchParams.set('$format', 'json');
    url.searchParams.set('$select', select.join(','));
    const expand = expandedNavigations(select);
    if (expand.length > 0) url.searchParams.set('$expand', expand.join(','));
    url.searchParams.set('$filter', filter);
    for (const [key, value] of Object.entries(extra)) url.searchParams.set(key, value);
    return url.toString();
  }

  async test(signal: AbortSignal): Promise<ConnectionTestResult> {
    const url = new URL(`${this.config.apiServer}/odata/v2/User/$count`);
    url.searchParams.set('$filter', ALL_STATUSES_FILTER);
    const response = await this.get(url.toString(), signal);
    const count = Number(response.text.trim());
    return { userCount: Number.isInteger(count) && count >= 0 ? count : null };
  }

  private mappingOptions(): SfMappingOptions {
    return {
      fields: this.config.fields,
      customFields: this.config.customFields,
      today: isoDay(this.runtime.now()),
    };
  }

  async *users(request: ReadRequest): AsyncIterable<SourcePage<SourceUser>> {
    let filter = ALL_STATUSES_FILTER;
    let latest: number | null = null;
    if (request.mode === 'incremental') {
      const since = request.cursor === null ? NaN : Date.parse(request.cursor);
      if (Number.isNaN(since))
        throw new ConnectorError('CURSOR_EXPIRED', 'the stored cursor is not a time: run a full sync');
      filter = `${filter} and lastModifiedDateTime gt ${datetimeOffsetLiteral(since)}`;
      latest = since + CURSOR_OVERLAP_MS;
    }
    const options = this.mappingOptions();
    let next: string | null = this.query(filter, {
      customPageSize: String(this.config.pageSize),
      paging: 'snapshot',
    });
    for (let page = 1; next !== null; page += 1) {
      const response = await this.get(next, request.signal);
      let body: unknown;
      try {
        body = JSON.parse(response.text);
      } catch {
        throw new ConnectorError('INVALID_DATA', `page ${page} of /odata/v2/User is not JSON`);
      }
      const d = isObject(body) && isObject(body.d) ? body.d : null;
      if (!d || !Array.isArray(d.results)) {
        throw new ConnectorError('INVALID_DATA', `page ${page} of /odata/v2/User has no d.results list`);
      }
      const result: SourcePage<SourceUser> = { records: [], errors: [] };
      for (const entity of d.results) {
        const mapped = mapSfUser(entity, options);
        if (!mapped.ok) {
          result.errors.push(mapped.error);
          continue;
        }
        const { user, lastModified } = mapped.value;
        if (lastModified !== null && (latest === null || lastModified > latest)) latest = lastModified;
        if (this.collector.enabled) user.groupExternalIds = this.collector.groupsOf(user.attributes);
        result.records.push(user);
      }
      yield result;
      if (d.__next !== undefined && typeof d.__next !== 'string') {
        throw new ConnectorError(
          'INVALID_DATA',
          `page ${page} of /odata/v2/User has a __next that is not a link`,
        );
      }
      next = typeof d.__next === 'string' && d.__next !== '' ? d.__next : null;
    }
    this.cursor = latest === null ? request.cursor : new Date(latest - CURSOR_OVERLAP_MS).toISOString();
  }

  async *groups(_request: ReadRequest): AsyncIterable<SourcePage<SourceGroup>> {
    const groups = this.collector.groups();
    if (groups.length > 0) yield { records: groups, errors: [] };
  }

  nextCursor(): string | null {
    return this.cursor;
  }
}
