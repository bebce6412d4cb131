import { setTimeout as delay } from 'node:timers/promises';
import { ConnectorError } from '../types';
import { OktaClock, RateBudget } from './okta-rate-limit';

/** Everything the connector takes from its surroundings; tests substitute parts. */
export interface OktaRuntime extends OktaClock {
  fetch: typeof fetch;
}

export const defaultOktaRuntime: OktaRuntime = {
  fetch: (input, init) => fetch(input, init),
  now: () => Date.now(),
  sleep: (ms, signal) => delay(ms, undefined, { signal }),
};

/** Rate-limit buckets, one per endpoint the connector calls. */
export type OktaBucket = 'users' | 'groups' | 'groupMembers' | 'token';

/** Retries of a 5xx, timeout or dropped connection before TEMPORARY goes to the engine. */
export const MAX_TEMPORARY_RETRIES = 2;
/** Waits for a window reset after 429s before THROTTLED goes to the engine. */
export const MAX_THROTTLE_RETRIES = 3;
const RETRY_BACKOFF_MS = 1_000;

export interface OktaRequest {
  method: 'GET' | 'POST';
  url: string;
  bucket: OktaBucket;
  /** Built afresh for every attempt: credentials such as a DPoP proof or client assertion are single-use. */
  prepare: () => Promise<{ headers: Record<string, string>; body?: string }>;
  signal: AbortSignal;
}

/** A response read whole (within the request's timeout). */
export interface OktaResponse {
  status: number;
  headers: Headers;
  text: string;
}

/** Okta's error body: {errorCode, errorSummary, errorId, errorCauses}. */
export interface OktaErrorBody {
  errorCode: string;
  errorSummary: string;
}

export function readOktaError(text: string): OktaErrorBody | null {
  try {
    const body: unknown = JSON.parse(text);
    if (
      typeof body === 'object' &&
      body !== null &&
      'errorCode' in body &&
      typeof body.errorCode === 'string'
    ) {
      const summary =
        'errorSummary' in body && typeof body.errorSummary === 'string' ? body.errorSummary : '';
      return { errorCode: body.errorCode.slice(0, 20), errorSummary: summary.slice(0, 200) };
    }
  } catch {
    // not JSON: the status says enough
  }
  return null;
}

/** "GET /api/v1/users": where a message says a call went (no query: it can be long and says nothing useful). */
export function describeCall(method: string, url: string): string {
  return `${method} ${new URL(url).pathname}`;
}

/** A string property of an error-like value (read structurally: fetch's errors come from another realm under jest). */
function property(error: unknown, key: 'code' | 'name'): string | undefined {
  if (typeof error !== 'object' || error === null || !(key in error)) return undefined;
  const value: unknown = (error as Record<string, unknown>)[key];
  return typeof value === 'string' ? value : undefined;
}

const TLS_CODES = /^(CERT_|UNABLE_TO_|SELF_SIGNED_|DEPTH_ZERO_|ERR_TLS_)/;

/** A failed fetch (no HTTP answer) as a ConnectorError. */
function networkFailure(error: unknown, where: string, host: string): ConnectorError {
  const cause = typeof error === 'object' && error !== null && 'cause' in error ? error.cause : undefined;
  const code = property(cause, 'code') ?? property(error, 'code');
  if (code === 'ENOTFOUND') {
    return new ConnectorError('NOT_FOUND', `the Okta org host ${host} does not exist (DNS); check orgUrl`);
  }
  if (code && TLS_CODES.test(code)) {
    return new ConnectorError(
      'CONFIGURATION',
      `${where}: the TLS certificate of ${host} is not trusted (${code})`,
    );
  }
  const reason = code ?? property(cause, 'name') ?? property(error, 'name') ?? 'network error';
  return new ConnectorError('TEMPORARY', `${where}: Okta could not be reached (${reason})`);
}

/**
 * Sends requests to one Okta org: keeps inside the rate budget, waits out 429s until the window
 * resets, retries 5xx/timeouts/dropped connections a few times, and hands back every other answer.
 */
export class OktaHttp {
  constructor(
    private readonly timeoutMs: number,
    readonly budget: RateBudget,
    private readonly runtime: OktaRuntime,
  ) {}

  async send(request: OktaRequest): Promise<OktaResponse> {
    const where = describeCall(request.method, request.url);
    const host = new URL(request.url).host;
    let throttled = 0;
    let failures = 0;
    const retryTemporary = async (failure: ConnectorError): Promise<void> => {
      if (failures >= MAX_TEMPORARY_RETRIES) throw failure;
      failures += 1;
      await this.runtime.sleep(RETRY_BACKOFF_MS * 2 ** (failures - 1), request.signal);
    };
    for (;;) {
      await this.budget.acquire(request.bucket, request.signal);
      const { headers, body } = await request.prepare();
      const timeout = AbortSignal.timeout(this.timeoutMs);
      let response: OktaResponse;
      try {
        // One signal for the request and its body, so that timeoutMs bounds the whole exchange.
        const answer = await this.runtime.fetch(request.url, {
          method: request.method,
          headers: { accept: 'application/json', ...headers },
          body,
          redirect: 'manual',
          signal: AbortSignal.any([request.signal, timeout]),
        });
        response = { status: answer.status, headers: answer.headers, text: await answer.text() };
      } catch (error) {
        request.signal.throwIfAborted(); // the caller stopped: not a failure of the source
        const failure = timeout.aborted
          ? new ConnectorError('TEMPORARY', `${where}: Okta did not answer within ${this.timeoutMs} ms`)
          : networkFailure(error, where, host);
        if (failure.code !== 'TEMPORARY') throw failure;
        await retryTemporary(failure);
        continue;
      }
      this.budget.record(request.bucket, response.headers);
      if (response.status === 429) {
        if (throttled >= MAX_THROTTLE_RETRIES) {
          const wait = this.budget.msUntilReset(request.bucket);
          throw new ConnectorError(
            'THROTTLED',
            `${where}: Okta kept answering 429 (rate limit exceeded) after ${throttled} waits for the window to reset; the org's other apps may be using the budget`,
            wait ?? undefined,
          );
        }
        throttled += 1;
        await this.budget.waitAfterThrottle(request.bucket, throttled, request.signal);
        continue;
      }
      if (response.status >= 500 || response.status === 408) {
        const okta = readOktaError(response.text);
        await retryTemporary(
          new ConnectorError(
            'TEMPORARY',
            `${where} answered HTTP ${response.status}${okta ? ` (${okta.errorCode}: ${okta.errorSummary})` : ''}`,
          ),
        );
        continue;
      }
      return response;
    }
  }
}

/**
 * The rel="next" target of Link headers. Okta sends one Link header per relation; fetch joins them
 * with ", ", so the value is split at each "<".
 */
export function nextLink(header: string | null): string | null {
  if (!header) return null;
  for (const part of header.split(/,(?=\s*<)/)) {
    const match = /^\s*<([^>]*)>(.*)$/.exec(part);
    if (!match) continue;
    const rel = /;\s*rel\s*=\s*(?:"([^"]*)"|([^\s;,]+))/i.exec(match[2]);
    const relations = (rel?.[1] ?? rel?.[2] ?? '').toLowerCase().split(/\s+/);
    if (relations.includes('next')) return match[1];
  }
  return null;
}
