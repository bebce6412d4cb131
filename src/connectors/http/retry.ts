import { IncomingHttpHeaders } from 'node:http';

/** How hard a client tries before giving up; tests shorten the waits. */
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

/** What an HTTP status means for a retry. */
export type StatusClass =
  | 'ok'
  | 'throttled' // 429, or 503 with Retry-After: wait and try again
  | 'temporary' // 408, 5xx: try again after a backoff
  | 'auth' // 401
  | 'permission' // 403
  | 'not_found' // 404, 410
  | 'redirect' // 3xx not followed
  | 'rejected'; // any other 4xx: the request itself is wrong, a retry cannot help

/** Classifies a status; `retryAfter` tells a throttling 503 from a failing one. */
export function classifyStatus(status: number, hasRetryAfter = false): StatusClass {
  if (status >= 200 && status < 300) return 'ok';
  if (status === 429) return 'throttled';
  if (status === 503 && hasRetryAfter) return 'throttled';
  if (status === 408 || status >= 500) return 'temporary';
  if (status === 401) return 'auth';
  if (status === 403) return 'permission';
  if (status === 404 || status === 410) return 'not_found';
  if (status >= 300 && status < 400) return 'redirect';
  return 'rejected';
}

/**
 * Retry-After as milliseconds: either delay-seconds or an HTTP date. Undefined when absent or
 * unreadable, so that the caller falls back to its own backoff.
 */
export function parseRetryAfter(
  value: string | null | undefined,
  now: number = Date.now(),
): number | undefined {
  if (value === null || value === undefined) return undefined;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  if (!/[a-z]/i.test(trimmed)) return undefined; // "-1", "1.5": neither form
  const date = Date.parse(trimmed);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/** A header value as one string (node gives repeated headers as arrays). */
export function headerValue(headers: IncomingHttpHeaders, name: string): string | null {
  const value = headers[name.toLowerCase()];
  if (value === undefined) return null;
  return Array.isArray(value) ? (value[0] ?? null) : value;
}

/** The rate-limit window a response states (X-RateLimit-* / X-Rate-Limit-* / RateLimit-*), when it does. */
export interface RateLimitState {
  limit: number | null;
  remaining: number | null;
  /** Milliseconds until the window resets, by the server's clock when it sent a Date. */
  resetInMs: number | null;
}

function headerInt(headers: IncomingHttpHeaders, names: string[]): number | null {
  for (const name of names) {
    const value = headerValue(headers, name)?.trim();
    if (value && /^\d+$/.test(value)) return Number(value);
  }
  return null;
}

/**
 * Reads the common rate-limit headers. A reset is either seconds from now (RateLimit-Reset, the IETF
 * draft) or epoch seconds (X-Rate-Limit-Reset as Okta and GitHub send it): values above ten years of
 * seconds are taken as epoch.
 */
export function parseRateLimit(
  headers: IncomingHttpHeaders,
  now: number = Date.now(),
): RateLimitState | null {
  const limit = headerInt(headers, ['x-rate-limit-limit', 'x-ratelimit-limit', 'ratelimit-limit']);
  const remaining = headerInt(headers, [
    'x-rate-limit-remaining',
    'x-ratelimit-remaining',
    'ratelimit-remaining',
  ]);
  const reset = headerInt(headers, ['x-rate-limit-reset', 'x-ratelimit-reset', 'ratelimit-reset']);
  if (limit === null && remaining === null && reset === null) return null;
  let resetInMs: number | null = null;
  if (reset !== null) {
    if (reset > 315_360_000) {
      const serverNow = Date.parse(headerValue(headers, 'date') ?? '');
      resetInMs = Math.max(0, reset * 1000 - (Number.isNaN(serverNow) ? now : serverNow));
    } else {
      resetInMs = reset * 1000;
    }
  }
  return { limit, remaining, resetInMs };
}

/** The wait before retry number `attempt` (0-based): backoff doubling, with up to 20 % jitter so that clients spread out. */
export function backoffDelay(
  policy: RetryPolicy,
  attempt: number,
  random: () => number = Math.random,
): number {
  const base = policy.backoffMs * 2 ** attempt;
  return Math.min(policy.maxWaitMs, Math.round(base * (1 + 0.2 * random())));
}

/** Waits, or rejects as soon as the signal aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason instanceof Error ? signal.reason : new Error('aborted'));
      return;
    }
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason instanceof Error ? signal.reason : new Error('aborted'));
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
