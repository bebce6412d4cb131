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
import { SfConfig } from './successfactors.config';
import { basicAuthorization, describeTokenError, SfSamlBearerAuth } from './successfactors-auth';
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
  /** Retries and waits (tests shorten them); the shared default otherwise. */
  retry?: RetryPolicy;
  now: () => number;
}

/** OData v2 errors: {"error": {"code": "...", "message": {"lang": "en-US", "value": "..."}}} → "code: value". */
function describeODataError(response: HttpResponse): string | null {
  try {
    const body: unknown = JSON.parse(response.body.toString('utf8'));
    if (isObject(body) && isObject(body.error)) {
      const code = typeof body.error.code === 'string' ? body.error.code.slice(0, 60) : '';
      const message = body.error.message;
      const value = isObject(message) && typeof message.value === 'string' ? message.value.slice(0, 200) : '';
      return [code, value].filter(Boolean).join(': ') || null;
    }
  } catch {
    // not an OData error body
  }
  return null;
}

/**
 * SAP SuccessFactors through the OData v2 `User` entity: snapshot server-side paging (`__next`
 * with `$skiptoken`, `customPageSize`), `$select` of the mapped properties only, the manager through
 * `$expand=manager`, and `lastModifiedDateTime gt datetimeoffset'…'` for incremental reads.
 */
export class SuccessFactorsConnector implements DirectoryConnector {
  readonly source = DirectorySource.SAP_SUCCESSFACTORS;
  readonly supportsIncremental = true;
  private readonly client: HttpClient;
  private readonly oauth: SfSamlBearerAuth | null;
  private readonly now: () => number;
  private readonly collector: HrGroupCollector;
  private cursor: string | null = null;

  constructor(
    private readonly config: SfConfig,
    runtime: Pick<SfRuntime, 'transport'> & Partial<SfRuntime>,
  ) {
    this.now = runtime.now ?? (() => Date.now());
    this.collector = new HrGroupCollector(config.groups);
    const secrets = [
      config.oauth?.privateKeyPem,
      config.basic?.password,
      config.basic ? basicAuthorization(config) : undefined,
    ];
    const origins = [config.apiServer];
    this.oauth = config.oauth
      ? new SfSamlBearerAuth(
          config,
          new HttpClient({
            transport: runtime.transport,
            service: 'SuccessFactors',
            timeoutMs: config.timeoutMs,
            retry: runtime.retry,
            origins,
            secrets,
            describeErrorBody: describeTokenError,
            mapFailure: (response, _request, said) =>
              response.status === 400 || response.status === 401
                ? new ConnectorError(
                    'AUTH',
                    `${said}: check clientId, userId, companyId and the certificate registered on the OAuth client`,
                  )
                : undefined,
          }),
          this.now,
        )
      : null;
    const oauth = this.oauth;
    this.client = new HttpClient({
      transport: runtime.transport,
      service: 'SuccessFactors',
      timeoutMs: config.timeoutMs,
      retry: runtime.retry,
      // Credentials go to the configured API server only, whatever a __next link says.
      origins,
      secrets,
      ...(oauth
        ? {
            authorize: async (renew: boolean, signal: AbortSignal) => ({
              authorization: await oauth.header(renew, signal),
            }),
          }
        : {}),
      describeErrorBody: describeODataError,
      mapFailure: (response, _request, said) => {
        if (response.status === 401)
          return new ConnectorError('AUTH', `${said}: the credentials were refused`);
        if (response.status === 403)
          return new ConnectorError(
            'PERMISSION',
            `${said}: the API user lacks the permission roles listed in the README`,
          );
        if (response.status === 404)
          return new ConnectorError('NOT_FOUND', `${said}: check apiServer and companyId`);
        if (response.status === 400 && /skiptoken|snapshot/i.test(said)) {
          // The server-side snapshot behind __next is gone; the retried job starts a new one.
          return new ConnectorError(
            'TEMPORARY',
            `${said}: the paging snapshot expired; the sync starts again`,
          );
        }
        if (response.status === 400)
          return new ConnectorError(
            'CONFIGURATION',
            `${said}: check the field map (a property the User entity lacks?)`,
          );
        return undefined;
      },
    });
  }

  private get(url: string, what: string, signal: AbortSignal): Promise<HttpResponse> {
    return this.client.send({
      url,
      what,
      signal,
      headers: {
        accept: 'application/json',
        ...(this.config.basic ? { authorization: basicAuthorization(this.config) } : {}),
      },
    });
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
    const response = await this.get(url.toString(), 'counting users', signal);
    const count = Number(response.body.toString('utf8').trim());
    return { userCount: Number.isInteger(count) && count >= 0 ? count : null };
  }

  private mappingOptions(): SfMappingOptions {
    return {
      fields: this.config.fields,
      customFields: this.config.customFields,
      today: isoDay(this.now()),
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
      const response = await this.get(next, `reading page ${page} of /odata/v2/User`, request.signal);
      let body: unknown;
      try {
        body = JSON.parse(response.body.toString('utf8'));
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
