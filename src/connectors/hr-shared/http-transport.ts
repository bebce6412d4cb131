/**
 * The HTTP calls of the HR connectors (BambooHR, SuccessFactors), behind an interface small enough
 * for the shared transport of src/connectors/http/ to replace: one `send` that answers a status,
 * headers and a body read whole, or fails with a typed ConnectorError. Until that transport lands,
 * this implementation carries the same duties: a timeout on every exchange, a few retries of 5xx and
 * dropped connections, Retry-After on 429, and messages that name the call but never its secrets.
 */
import { setTimeout as delay } from 'node:timers/promises';
import { ConnectorError } from '../types';

export interface HttpRequest {
  method: 'GET' | 'POST';
  url: string;
  headers: Record<string, string>;
  body?: string;
  signal: AbortSignal;
  /** The vendor's name in messages ("BambooHR"). */
  vendor: string;
}

export interface HttpResponse {
  status: number;
  headers: Headers;
  text: string;
}

/** What a connector needs from the transport. */
export interface HttpTransport {
  /** Sends one request (retrying 5xx, timeouts, dropped connections and 429 a few times); answers every other status. */
  send(request: HttpRequest): Promise<HttpResponse>;
}

export interface FetchTransportOptions {
  timeoutMs: number;
  /** Retries of a 5xx/timeout/reset before TEMPORARY goes to the engine. */
  maxTemporaryRetries?: number;
  /** Waits after a 429 before THROTTLED goes to the engine. */
  maxThrottleRetries?: number;
  /** The longest Retry-After we wait out in process; longer ones go to the engine as THROTTLED. */
  maxRetryAfterMs?: number;
  fetch?: typeof fetch;
  sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
}

const RETRY_BACKOFF_MS = 500;

/** Retry-After in ms: delta-seconds or an HTTP date (RFC 9110 §10.2.3); null when absent or unreadable. */
export function retryAfterMs(header: string | null, now = Date.now()): number | null {
  if (!header) return null;
  const value = header.trim();
  if (/^\d+$/.test(value)) return Number(value) * 1000;
  const at = Date.parse(value);
  return Number.isNaN(at) ? null : Math.max(0, at - now);
}

/** "GET /v1/employees/changed": where a call went (no query: it can carry names and dates). */
export function describeCall(method: string, url: string): string {
  return `${method} ${new URL(url).pathname}`;
}

function property(value: unknown, key: string): string | undefined {
  if (typeof value !== 'object' || value === null || !(key in value)) return undefined;
  const found: unknown = (value as Record<string, unknown>)[key];
  return typeof found === 'string' ? found : undefined;
}

const TLS_CODES = /^(CERT_|UNABLE_TO_|SELF_SIGNED_|DEPTH_ZERO_|ERR_TLS_)/;

function networkFailure(error: unknown, where: string, vendor: string, host: string): ConnectorError {
  const cause = typeof error === 'object' && error !== null && 'cause' in error ? error.cause : undefined;
  const code = property(cause, 'code') ?? property(error, 'code');
  if (code === 'ENOTFOUND')
    return new ConnectorError('NOT_FOUND', `${where}: the host ${host} does not exist (DNS)`);
  if (code && TLS_CODES.test(code)) {
    return new ConnectorError(
      'CONFIGURATION',
      `${where}: the TLS certificate of ${host} is not trusted (${code})`,
    );
  }
  const reason = code ?? property(cause, 'name') ?? property(error, 'name') ?? 'network error';
  return new ConnectorError('TEMPORARY', `${where}: ${vendor} could not be reached (${reason})`);
}

/** The transport over the global fetch. */
export class FetchTransport implements HttpTransport {
  private readonly fetch: typeof fetch;
  private readonly sleep: (ms: number, signal: AbortSignal) => Promise<void>;

  constructor(private readonly options: FetchTransportOptions) {
    this.fetch = options.fetch ?? ((input, init) => fetch(input, init));
    this.sleep = options.sleep ?? ((ms, signal) => delay(ms, undefined, { signal }));
  }

  async send(request: HttpRequest): Promise<HttpResponse> {
    const where = describeCall(request.method, request.url);
    const host = new URL(request.url).host;
    const maxTemporary = this.options.maxTemporaryRetries ?? 2;
    const maxThrottle = this.options.maxThrottleRetries ?? 3;
    const maxWait = this.options.maxRetryAfterMs ?? 60_000;
    let failures = 0;
    let throttled = 0;
    for (;;) {
      const timeout = AbortSignal.timeout(this.options.timeoutMs);
      let response: HttpResponse;
      try {
        const answer = await this.fetch(request.url, {
          method: request.method,
          headers: { accept: 'application/json', ...request.headers },
          body: request.body,
          redirect: 'manual',
          signal: AbortSignal.any([request.signal, timeout]),
        });
        response = { status: answer.status, headers: answer.headers, text: await answer.text() };
      } catch (error) {
        request.signal.throwIfAborted();
        const failure = timeout.aborted
          ? new ConnectorError(
              'TEMPORARY',
              `${where}: ${request.vendor} did not answer within ${this.options.timeoutMs} ms`,
            )
          : networkFailure(error, where, request.vendor, host);
        if (failure.code !== 'TEMPORARY' || failures >= maxTemporary) throw failure;
        failures += 1;
        await this.sleep(RETRY_BACKOFF_MS * 2 ** (failures - 1), request.signal);
        continue;
      }
      if (response.status === 429) {
        const wait = retryAfterMs(response.headers.get('retry-after'));
        if (throttled >= maxThrottle || (wait !== null && wait > maxWait)) {
          throw new ConnectorError(
            'THROTTLED',
            `${where}: ${request.vendor} answered 429 (too many requests)${throttled ? ` after ${throttled} waits` : ''}`,
            wait ?? undefined,
          );
        }
        throttled += 1;
        await this.sleep(wait ?? RETRY_BACKOFF_MS * 2 ** throttled, request.signal);
        continue;
      }
      if (response.status >= 500 || response.status === 408) {
        if (failures >= maxTemporary) {
          throw new ConnectorError(
            'TEMPORARY',
            `${where}: ${request.vendor} answered HTTP ${response.status}`,
          );
        }
        failures += 1;
        await this.sleep(RETRY_BACKOFF_MS * 2 ** (failures - 1), request.signal);
        continue;
      }
      return response;
    }
  }
}
