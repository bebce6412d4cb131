import { ConnectorError } from '../types';
import { headerValue, HttpResponse, HttpsTransport, parseRetryAfter, sleep, TransportError } from './http';
import { EntraTokenProvider } from './token';

/** How hard the client tries before giving up; tests shorten the waits. */
export interface RetryPolicy {
  /** Throttled answers (429, 503 with Retry-After) waited out before THROTTLED. */
  maxThrottleRetries: number;
  /** 5xx answers, timeouts and broken connections retried before TEMPORARY. */
  maxTemporaryRetries: number;
  /** First backoff for temporary failures and for throttling without Retry-After; doubles each time. */
  backoffMs: number;
  /** A Retry-After longer than this is not waited out here: THROTTLED goes to the engine at once. */
  maxWaitMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  maxThrottleRetries: 5,
  maxTemporaryRetries: 2,
  backoffMs: 1_000,
  maxWaitMs: 120_000,
};

/** What a request is for: names the permission a 403 is missing, and how a delta reset is reported. */
export interface GraphRequestContext {
  /** "reading users", "reading groups"… for messages. */
  what: string;
  /** Application permissions that allow the request, least privileged first. */
  permissions: string[];
  /**
   * A delta request: a reset of the round (410, syncStateNotFound…) is CURSOR_EXPIRED when it
   * resumes a stored cursor (incremental), TEMPORARY during a full round (a retry starts afresh).
   */
  delta?: 'incremental' | 'full';
  headers?: Record<string, string>;
  signal: AbortSignal;
}

/** Graph error codes that mean the delta state is gone and a full read is needed. */
const RESYNC_CODES = new Set([
  'syncstatenotfound',
  'syncstateinvalid',
  'resyncrequired',
  'directory_expiredpagetoken',
]);

interface GraphErrorBody {
  code: string | null;
  message: string | null;
}

function graphError(body: Buffer): GraphErrorBody {
  try {
    const parsed: unknown = JSON.parse(body.toString('utf8'));
    if (typeof parsed === 'object' && parsed !== null && 'error' in parsed) {
      const error: unknown = parsed.error;
      if (typeof error === 'object' && error !== null) {
        const code = 'code' in error && typeof error.code === 'string' ? error.code : null;
        const message = 'message' in error && typeof error.message === 'string' ? error.message : null;
        return { code, message };
      }
    }
  } catch {
    // not JSON: the status says enough
  }
  return { code: null, message: null };
}

/** A Graph error message, shortened, for our own messages (Graph never echoes credentials). */
function quote(error: GraphErrorBody): string {
  const parts = [error.code, error.message?.split(/\r?\n/)[0]?.slice(0, 200)].filter(Boolean);
  return parts.length ? ` (${parts.join(': ')})` : '';
}

/** Where a URL points, without its query: delta and skip tokens are long and say nothing to a reader. */
export function describeUrl(url: string): string {
  const parsed = new URL(url);
  return `${parsed.origin}${parsed.pathname}`;
}

/**
 * Microsoft Graph over HTTPS with the app's token: waits out throttling (Retry-After) up to a bound,
 * retries 5xx and network failures a couple of times, refreshes the token once on a 401, and turns
 * everything else into a ConnectorError that says whether a retry can help.
 */
export class GraphClient {
  /** Requests answered 429/503 and retried here, for tests and logs. */
  throttledRetries = 0;

  constructor(
    private readonly transport: HttpsTransport,
    private readonly tokens: EntraTokenProvider,
    private readonly graphOrigin: string,
    private readonly timeoutMs: number,
    private readonly policy: RetryPolicy = DEFAULT_RETRY_POLICY,
  ) {}

  /** GET a JSON document. */
  async getJson(url: string, context: GraphRequestContext): Promise<unknown> {
    const response = await this.get(url, { accept: 'application/json', ...context.headers }, context);
    try {
      return JSON.parse(response.body.toString('utf8'));
    } catch {
      throw new ConnectorError(
        'INVALID_DATA',
        `Microsoft Graph answered ${describeUrl(url)} with something other than JSON`,
      );
    }
  }

  /** GET a plain-text value (such as /users/$count). */
  async getText(url: string, context: GraphRequestContext): Promise<string> {
    const response = await this.get(url, { accept: 'text/plain', ...context.headers }, context);
    return response.body.toString('utf8');
  }

  private async get(
    url: string,
    headers: Record<string, string>,
    context: GraphRequestContext,
  ): Promise<HttpResponse> {
    // The bearer token goes to the configured Graph only, whatever a nextLink or a stored cursor says.
    if (new URL(url).origin !== this.graphOrigin) {
      throw new ConnectorError(
        'INVALID_DATA',
        `refusing to follow a link to ${new URL(url).origin}, which is not the configured Graph`,
      );
    }
    const { signal } = context;
    let refreshed = false;
    let forceRefresh = false;
    let throttled = 0;
    let temporary = 0;
    for (;;) {
      const token = await this.tokens.token(signal, forceRefresh);
      forceRefresh = false;
      let response: HttpResponse;
      try {
        response = await this.transport.send({
          method: 'GET',
          url,
          headers: { ...headers, authorization: `Bearer ${token}` },
          signal,
          timeoutMs: this.timeoutMs,
        });
      } catch (error) {
        signal.throwIfAborted(); // the sync was cancelled: not a failure of the source
        if (!(error instanceof TransportError)) throw error;
        if (error.untrusted)
          throw new ConnectorError('CONFIGURATION', `Microsoft Graph, ${context.what}: ${error.message}`);
        if (temporary < this.policy.maxTemporaryRetries) {
          await sleep(this.policy.backoffMs * 2 ** temporary, signal);
          temporary += 1;
          continue;
        }
        throw new ConnectorError('TEMPORARY', `Microsoft Graph, ${context.what}: ${error.message}`);
      }
      const { status } = response;
      if (status >= 200 && status < 300) return response;

      const retryAfterMs = parseRetryAfter(headerValue(response.headers, 'retry-after'));
      if (status === 429 || (status === 503 && retryAfterMs !== undefined)) {
        const waitMs = retryAfterMs ?? this.policy.backoffMs * 2 ** throttled;
        if (throttled < this.policy.maxThrottleRetries && waitMs <= this.policy.maxWaitMs) {
          throttled += 1;
          this.throttledRetries += 1;
          await sleep(waitMs, signal);
          continue;
        }
        throw new ConnectorError(
          'THROTTLED',
          `Microsoft Graph is throttling this app (HTTP ${status}) while ${context.what}${throttled ? `, still after ${throttled} waits` : ''}`,
          waitMs,
        );
      }
      const error = graphError(response.body);
      if (status === 401 && !refreshed) {
        // The token may have been revoked or expired early: one fresh token, then it is the credentials.
        refreshed = true;
        forceRefresh = true;
        continue;
      }
      if (status >= 500 || status === 408) {
        if (temporary < this.policy.maxTemporaryRetries) {
          const backoff = this.policy.backoffMs * 2 ** temporary;
          await sleep(Math.min(retryAfterMs ?? backoff, this.policy.maxWaitMs), signal);
          temporary += 1;
          continue;
        }
        throw new ConnectorError(
          'TEMPORARY',
          `Microsoft Graph answered HTTP ${status} while ${context.what}${quote(error)}`,
          retryAfterMs,
        );
      }
      throw this.failure(status, error, context);
    }
  }

  private failure(status: number, error: GraphErrorBody, context: GraphRequestContext): ConnectorError {
    const said = `Microsoft Graph answered HTTP ${status} while ${context.what}${quote(error)}`;
    const code = error.code?.toLowerCase() ?? '';
    if (context.delta && (status === 410 || RESYNC_CODES.has(code))) {
      return context.delta === 'incremental'
        ? new ConnectorError(
            'CURSOR_EXPIRED',
            `${said}: the delta token is no longer valid; a full sync is needed`,
          )
        : new ConnectorError(
            'TEMPORARY',
            `${said}: Graph restarted the delta round; the sync will start again`,
          );
    }
    if (status === 401) {
      return new ConnectorError('AUTH', `${said}: the app's token was refused`);
    }
    if (status === 403) {
      const [least, ...others] = context.permissions;
      const alternatives = others.length ? ` (or ${others.join(' or ')})` : '';
      return new ConnectorError(
        'PERMISSION',
        `${said}: the app needs the Microsoft Graph application permission ${least}${alternatives}, granted with admin consent`,
      );
    }
    if (status === 404) return new ConnectorError('NOT_FOUND', `${said}: check graphBaseUrl`);
    return new ConnectorError('CONFIGURATION', said);
  }
}
