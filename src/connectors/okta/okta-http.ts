import { IncomingHttpHeaders } from 'node:http';
import { setTimeout as delay } from 'node:timers/promises';
import { ConnectorError } from '../types';
import {
  backoffDelay,
  defaultOutboundPolicy,
  HttpTransport,
  linkTarget,
  OutboundPolicy,
  RetryPolicy,
  TransportError,
  transportFailure,
} from '../http';
import { OktaClock, RateBudget } from './okta-rate-limit';

/** Everything the connector takes from its surroundings; tests substitute parts. */
export interface OktaRuntime extends OktaClock {
  /** Which addresses may be reached (the operator's policy); default: this process's environment. */
  outbound?: OutboundPolicy;
  /** Observes each request just before it is sent (tests change the org in the middle of a read). */
  beforeSend?: (url: string) => Promise<void> | void;
}

export const defaultOktaRuntime: OktaRuntime = {
  now: () => Date.now(),
  sleep: (ms, signal) => delay(ms, undefined, { signal }),
};

/** Rate-limit buckets, one per endpoint the connector calls. */
export type OktaBucket = 'users' | 'groups' | 'groupMembers' | 'token';

/** Retries of a 5xx, timeout or dropped connection before TEMPORARY goes to the engine. */
export const MAX_TEMPORARY_RETRIES = 2;
/** Waits for a window reset after 429s before THROTTLED goes to the engine. */
export const MAX_THROTTLE_RETRIES = 3;
/** Backoff of temporary failures (the throttling waits follow Okta's rate-limit windows instead). */
const TEMPORARY_BACKOFF: RetryPolicy = {
  maxThrottleRetries: MAX_THROTTLE_RETRIES,
  maxTemporaryRetries: MAX_TEMPORARY_RETRIES,
  backoffMs: 1_000,
  maxWaitMs: 60_000,
};

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

/** Fetch-style headers for the rate budget (repeated headers joined with ", "). */
function toHeaders(incoming: IncomingHttpHeaders): Headers {
  const headers = new Headers();
  for (const [name, value] of Object.entries(incoming)) {
    if (value === undefined) continue;
    headers.set(name, Array.isArray(value) ? value.join(', ') : value);
  }
  return headers;
}

/**
 * Sends requests to one Okta org: keeps inside the rate budget, waits out 429s until the window
 * resets, retries 5xx/timeouts/dropped connections a few times, and hands back every other answer.
 */
export class OktaHttp {
  private readonly transport: HttpTransport;

  constructor(
    private readonly timeoutMs: number,
    readonly budget: RateBudget,
    private readonly runtime: OktaRuntime,
    caCertificatePem?: string,
  ) {
    this.transport = new HttpTransport({
      outbound: runtime.outbound ?? defaultOutboundPolicy(),
      caCertificatePem,
    });
  }

  async send(request: OktaRequest): Promise<OktaResponse> {
    const where = describeCall(request.method, request.url);
    let throttled = 0;
    let failures = 0;
    const retryTemporary = async (failure: ConnectorError): Promise<void> => {
      if (failures >= MAX_TEMPORARY_RETRIES) throw failure;
      await this.runtime.sleep(backoffDelay(TEMPORARY_BACKOFF, failures), request.signal);
      failures += 1;
    };
    for (;;) {
      await this.budget.acquire(request.bucket, request.signal);
      const { headers, body } = await request.prepare();
      let response: OktaResponse;
      try {
        await this.runtime.beforeSend?.(request.url);
        const answer = await this.transport.send({
          method: request.method,
          url: request.url,
          headers: { accept: 'application/json', ...headers },
          body,
          signal: request.signal,
          timeoutMs: this.timeoutMs,
        });
        response = {
          status: answer.status,
          headers: toHeaders(answer.headers),
          text: answer.body.toString('utf8'),
        };
      } catch (error) {
        request.signal.throwIfAborted(); // the caller stopped: not a failure of the source
        if (!(error instanceof TransportError)) throw error;
        const failure = transportFailure(error, { service: 'Okta', where });
        if (!error.retryable) throw failure;
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

/** The rel="next" target of Okta's Link headers (one per relation; joined with ", " by proxies). */
export function nextLink(header: string | null): string | null {
  return linkTarget(header, 'next');
}
