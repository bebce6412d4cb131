import { ConnectorError } from '../types';
import { parseJsonBody, JsonLimits } from './json';
import { describeUrl, redactText } from './redact';
import {
  backoffDelay,
  classifyStatus,
  DEFAULT_RETRY_POLICY,
  headerValue,
  parseRetryAfter,
  RetryPolicy,
  sleep,
} from './retry';
import { HttpMethod, HttpRequest, HttpResponse, HttpTransport, TransportError } from './transport';

/** How a failure is worded: "<where>: <service> …". */
export interface FailureWording {
  /** The product, e.g. "Okta", "Microsoft Graph", "the HRIS server". */
  service: string;
  /** What was being done or called, e.g. "GET /api/v1/users" or "reading users". */
  where: string;
  /** Values that must never appear in a message (tokens, passwords). */
  secrets?: readonly (string | undefined)[];
}

/**
 * A TransportError as a ConnectorError: refused destinations share one code and one message (it
 * reveals nothing of the host or port), untrusted certificates are CONFIGURATION, timeouts and
 * broken connections TEMPORARY, oversized answers INVALID_DATA.
 */
export function transportFailure(error: TransportError, wording: FailureWording): ConnectorError {
  const redact = (text: string) => redactText(text, wording.secrets);
  switch (error.kind) {
    case 'DESTINATION_NOT_ALLOWED':
      return new ConnectorError('DESTINATION_NOT_ALLOWED', `${wording.service}: ${error.message}`);
    case 'TLS_UNTRUSTED':
      return new ConnectorError('CONFIGURATION', redact(`${wording.where}: ${error.message}`));
    case 'TOO_LARGE':
      return new ConnectorError('INVALID_DATA', redact(`${wording.where}: ${error.message}`));
    case 'NOT_HTTPS':
    case 'REDIRECT':
      return new ConnectorError('CONFIGURATION', redact(`${wording.where}: ${error.message}`));
    case 'TIMEOUT':
      return new ConnectorError(
        'TEMPORARY',
        redact(`${wording.where}: ${wording.service} did not answer within ${error.timeoutMs ?? '?'} ms`),
      );
    case 'NETWORK':
      return new ConnectorError(
        'TEMPORARY',
        redact(`${wording.where}: ${wording.service} could not be reached (${error.reason})`),
      );
  }
}

/** One request of a client. */
export interface ClientRequest {
  method?: HttpMethod;
  url: string;
  headers?: Record<string, string>;
  body?: string | Buffer;
  /** For messages: "reading workers", "GET /users"… */
  what: string;
  signal: AbortSignal;
  maxRedirects?: number;
  /** This request's own reading of a failed answer, before the client's mapFailure and the standard mapping. */
  mapFailure?: (response: HttpResponse, said: string) => ConnectorError | undefined;
  /** See HttpRequest.streamBody: a 2xx answer's body arrives as response.stream. */
  streamBody?: boolean;
}

export interface HttpClientOptions {
  transport: HttpTransport;
  /** The product, for messages ("Workday"). */
  service: string;
  /** Time allowed per request (connection to last byte). */
  timeoutMs: number;
  retry?: RetryPolicy;
  /**
   * Origins requests may go to; a URL elsewhere (a next link, a stored cursor) is refused as
   * INVALID_DATA before credentials are attached. Default: any origin.
   */
  origins?: readonly string[];
  /**
   * Headers that authenticate a request, made for each attempt. After a 401 it is called once more
   * with refresh = true (a token may have been revoked early); a second 401 is AUTH.
   */
  authorize?: (refresh: boolean, signal: AbortSignal) => Promise<Record<string, string>>;
  /** Values redacted from every message (API keys, passwords). */
  secrets?: readonly (string | undefined)[];
  /** A short, credential-free summary of a vendor error body, appended to messages. */
  describeErrorBody?: (response: HttpResponse) => string | null;
  /**
   * A vendor-specific reading of a failed answer (an expired cursor, a permission to name); return
   * undefined to use the standard mapping.
   */
  mapFailure?: (response: HttpResponse, request: ClientRequest, said: string) => ConnectorError | undefined;
}

/**
 * Requests with bounded retries over an HttpTransport: waits out throttling (429, 503 with
 * Retry-After) up to maxWaitMs, retries 5xx, 408, timeouts and broken connections with a doubling
 * backoff, refreshes credentials once on a 401, and turns every other failure into a ConnectorError
 * whose code says whether a retry can help (401 AUTH, 403 PERMISSION, 404/410 NOT_FOUND, other 4xx
 * CONFIGURATION). Messages never hold the query string or a secret.
 */
export class HttpClient {
  /** Requests answered 429/503 and retried here, for tests and logs. */
  throttledRetries = 0;
  private readonly policy: RetryPolicy;

  constructor(private readonly options: HttpClientOptions) {
    this.policy = options.retry ?? DEFAULT_RETRY_POLICY;
  }

  /** Sends a request; resolves with a 2xx answer, or throws a ConnectorError. */
  async send(request: ClientRequest): Promise<HttpResponse> {
    const { signal } = request;
    this.checkOrigin(request.url);
    let refreshed = false;
    let throttled = 0;
    let temporary = 0;
    const wording = {
      service: this.options.service,
      where: `${this.options.service}, ${request.what}`,
      secrets: this.options.secrets,
    };
    for (;;) {
      const auth = this.options.authorize ? await this.options.authorize(refreshed, signal) : {};
      let response: HttpResponse;
      try {
        const outgoing: HttpRequest = {
          method: request.method ?? 'GET',
          url: request.url,
          headers: { ...request.headers, ...auth },
          body: request.body,
          signal,
          timeoutMs: this.options.timeoutMs,
          maxRedirects: request.maxRedirects,
          streamBody: request.streamBody,
        };
        response = await this.options.transport.send(outgoing);
      } catch (error) {
        signal.throwIfAborted(); // the caller stopped: not a failure of the source
        if (!(error instanceof TransportError)) throw error;
        const failure = transportFailure(error, wording);
        if (!error.retryable || temporary >= this.policy.maxTemporaryRetries) throw failure;
        await sleep(backoffDelay(this.policy, temporary), signal);
        temporary += 1;
        continue;
      }
      const retryAfterMs = parseRetryAfter(headerValue(response.headers, 'retry-after'));
      const kind = classifyStatus(response.status, retryAfterMs !== undefined);
      if (kind === 'ok') return response;
      if (kind === 'throttled') {
        const waitMs = retryAfterMs ?? backoffDelay(this.policy, throttled);
        if (throttled < this.policy.maxThrottleRetries && waitMs <= this.policy.maxWaitMs) {
          throttled += 1;
          this.throttledRetries += 1;
          await sleep(waitMs, signal);
          continue;
        }
      }
      if (kind === 'auth' && this.options.authorize && !refreshed) {
        refreshed = true;
        continue;
      }
      if (kind === 'temporary' && temporary < this.policy.maxTemporaryRetries) {
        await sleep(
          Math.min(retryAfterMs ?? backoffDelay(this.policy, temporary), this.policy.maxWaitMs),
          signal,
        );
        temporary += 1;
        continue;
      }
      throw this.failure(response, request, throttled);
    }
  }

  /** GET (or another method) of a JSON document, parsed within the size and depth limits. */
  async json(request: ClientRequest, limits: JsonLimits = {}): Promise<unknown> {
    const response = await this.send({
      ...request,
      headers: { accept: 'application/json', ...request.headers },
    });
    return parseJsonBody(
      response.body,
      `${this.options.service}'s answer to ${request.what} (${describeUrl(request.url)})`,
      limits,
    );
  }

  /** The ConnectorError for a non-2xx answer (the standard mapping, after the vendor's own). */
  failure(response: HttpResponse, request: ClientRequest, throttled = 0): ConnectorError {
    const detail = this.options.describeErrorBody?.(response);
    const said = redactText(
      `${this.options.service} answered HTTP ${response.status} while ${request.what}${detail ? ` (${detail})` : ''}`,
      this.options.secrets,
    );
    const own = request.mapFailure?.(response, said) ?? this.options.mapFailure?.(response, request, said);
    if (own) return own;
    const retryAfterMs = parseRetryAfter(headerValue(response.headers, 'retry-after'));
    switch (classifyStatus(response.status, retryAfterMs !== undefined)) {
      case 'throttled':
        return new ConnectorError(
          'THROTTLED',
          `${said}: rate limited${throttled ? `, still after ${throttled} waits` : ''}`,
          retryAfterMs ?? backoffDelay(this.policy, throttled),
        );
      case 'temporary':
        return new ConnectorError('TEMPORARY', said, retryAfterMs);
      case 'auth':
        return new ConnectorError('AUTH', `${said}: the credentials were refused`);
      case 'permission':
        return new ConnectorError('PERMISSION', `${said}: access is forbidden`);
      case 'not_found':
        return new ConnectorError('NOT_FOUND', `${said}: nothing there`);
      default:
        return new ConnectorError('CONFIGURATION', said);
    }
  }

  private checkOrigin(url: string): void {
    const { origins } = this.options;
    let origin: string;
    try {
      origin = new URL(url).origin;
    } catch {
      throw new ConnectorError('INVALID_DATA', `${this.options.service}: an unreadable URL was given`);
    }
    if (origins && !origins.includes(origin)) {
      // Credentials go to the configured origins only, whatever a next link or a stored cursor says.
      throw new ConnectorError(
        'INVALID_DATA',
        `refusing to follow a link to ${origin}, which is not the configured ${this.options.service}`,
      );
    }
  }
}
