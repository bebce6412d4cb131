import { ConnectorError } from '../types';
import { describeUrl, HttpClient, HttpResponse, HttpTransport, parseJsonBody, RetryPolicy } from '../http';
import { EntraTokenProvider } from './token';

export { DEFAULT_RETRY_POLICY, describeUrl, RetryPolicy } from '../http';

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

/** A Graph error, shortened, for our own messages (Graph never echoes credentials). */
function describeGraphError(error: GraphErrorBody): string | null {
  const parts = [error.code, error.message?.split(/\r?\n/)[0]?.slice(0, 200)].filter(Boolean);
  return parts.length ? parts.join(': ') : null;
}

/**
 * Microsoft Graph over the shared HTTP client with the app's token: waits out throttling
 * (Retry-After) up to a bound, retries 5xx and network failures a couple of times, refreshes the
 * token once on a 401, and turns everything else into a ConnectorError that says whether a retry
 * can help (delta resets and missing permissions in Graph's own terms).
 */
export class GraphClient {
  private readonly client: HttpClient;

  constructor(
    transport: HttpTransport,
    tokens: EntraTokenProvider,
    graphOrigin: string,
    timeoutMs: number,
    policy?: RetryPolicy,
  ) {
    this.client = new HttpClient({
      transport,
      service: 'Microsoft Graph',
      timeoutMs,
      retry: policy,
      // The bearer token goes to the configured Graph only, whatever a nextLink or a stored cursor says.
      origins: [graphOrigin],
      authorize: async (refresh, signal) => ({
        authorization: `Bearer ${await tokens.token(signal, refresh)}`,
      }),
      describeErrorBody: (response) => describeGraphError(graphError(response.body)),
    });
  }

  /** Requests answered 429/503 and retried here, for tests and logs. */
  get throttledRetries(): number {
    return this.client.throttledRetries;
  }

  /** GET a JSON document. */
  async getJson(url: string, context: GraphRequestContext): Promise<unknown> {
    const response = await this.get(url, { accept: 'application/json', ...context.headers }, context);
    return parseJsonBody(response.body, `Microsoft Graph's answer to ${describeUrl(url)}`);
  }

  /** GET a plain-text value (such as /users/$count). */
  async getText(url: string, context: GraphRequestContext): Promise<string> {
    const response = await this.get(url, { accept: 'text/plain', ...context.headers }, context);
    return response.body.toString('utf8');
  }

  private get(
    url: string,
    headers: Record<string, string>,
    context: GraphRequestContext,
  ): Promise<HttpResponse> {
    return this.client.send({
      url,
      headers,
      what: context.what,
      signal: context.signal,
      mapFailure: (response, said) => failure(response, context, said),
    });
  }
}

/** Graph's own reading of a failed answer: delta resets and the permission a 403 is missing. */
function failure(
  response: HttpResponse,
  context: GraphRequestContext,
  said: string,
): ConnectorError | undefined {
  const { status } = response;
  const error = graphError(response.body);
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
  if (status === 401) return new ConnectorError('AUTH', `${said}: the app's token was refused`);
  if (status === 403) {
    const [least, ...others] = context.permissions;
    const alternatives = others.length ? ` (or ${others.join(' or ')})` : '';
    return new ConnectorError(
      'PERMISSION',
      `${said}: the app needs the Microsoft Graph application permission ${least}${alternatives}, granted with admin consent`,
    );
  }
  if (status === 404) return new ConnectorError('NOT_FOUND', `${said}: check graphBaseUrl`);
  return undefined;
}
