import { ConnectorError } from '../types';

/** Time as the connector sees it; tests substitute their own. */
export interface OktaClock {
  now(): number;
  /** Resolves after ms, or rejects as soon as signal aborts. */
  sleep(ms: number, signal: AbortSignal): Promise<void>;
}

/** Added to every wait for a window reset: Reset has one-second resolution and clocks differ a little. */
export const RESET_MARGIN_MS = 250;
/** Okta's windows are one minute; a wait longer than this goes back to the engine as THROTTLED instead. */
export const MAX_RATE_WAIT_MS = 90_000;
/** A Date header further than this from our clock is taken as real skew (smaller gaps are its 1 s rounding). */
const SKEW_THRESHOLD_MS = 2_000;
/** Waits after a 429 that says nothing about its window. */
const FALLBACK_WAIT_MS = 1_000;

interface BucketState {
  limit: number;
  remaining: number;
  /** Epoch ms, by the server's clock. */
  resetAtMs: number;
}

function headerInt(headers: Headers, name: string): number | null {
  const value = headers.get(name)?.trim();
  if (!value || !/^\d+$/.test(value)) return null;
  return Number(value);
}

/**
 * A share of Okta's rate limits, bucket by bucket. Okta states on every response how many calls the
 * bucket allows per window (X-Rate-Limit-Limit), how many are left (X-Rate-Limit-Remaining) and when
 * the window resets (X-Rate-Limit-Reset, epoch seconds). The budget is shared with every other app
 * of the org, so a call is made only while it leaves at least (1 − share) × Limit for the others;
 * otherwise the call waits for the window to reset. Buckets are named by the caller (one per
 * endpoint it calls); a bucket not yet seen has no state and its first call goes ahead.
 */
export class RateBudget {
  private readonly buckets = new Map<string, BucketState>();
  /** Server clock minus ours, when the difference is more than rounding. */
  private skewMs = 0;

  constructor(
    private readonly share: number,
    private readonly clock: OktaClock,
  ) {}

  /** Reads the rate-limit headers of a response (any status). */
  record(bucket: string, headers: Headers): void {
    const date = Date.parse(headers.get('date') ?? '');
    if (!Number.isNaN(date)) {
      const skew = date - this.clock.now();
      this.skewMs = Math.abs(skew) > SKEW_THRESHOLD_MS ? skew : 0;
    }
    const limit = headerInt(headers, 'x-rate-limit-limit');
    const remaining = headerInt(headers, 'x-rate-limit-remaining');
    const reset = headerInt(headers, 'x-rate-limit-reset');
    if (limit === null || remaining === null || reset === null || limit === 0) return;
    this.buckets.set(bucket, { limit, remaining, resetAtMs: reset * 1000 });
  }

  /** Milliseconds until the bucket's window resets; null when unknown or already reset. */
  msUntilReset(bucket: string): number | null {
    const state = this.buckets.get(bucket);
    if (!state) return null;
    const wait = state.resetAtMs - (this.clock.now() + this.skewMs);
    return wait > 0 ? wait : null;
  }

  /** Waits, if our share of the bucket is spent, until its window resets; then counts the call. */
  async acquire(bucket: string, signal: AbortSignal): Promise<void> {
    const state = this.buckets.get(bucket);
    if (!state) return;
    const wait = this.msUntilReset(bucket);
    if (wait === null) {
      this.buckets.delete(bucket); // a new window: its numbers come with the next response
      return;
    }
    const reserve = (1 - this.share) * state.limit;
    if (state.remaining - 1 >= reserve) {
      // Counted now, so that a response without headers cannot make us overspend.
      state.remaining -= 1;
      return;
    }
    await this.pause(bucket, wait, signal, `our ${Math.round(this.share * 100)}% share of it is used`);
  }

  /** After a 429: waits until the bucket's window resets (or a short backoff when Okta did not say). */
  async waitAfterThrottle(bucket: string, attempt: number, signal: AbortSignal): Promise<void> {
    const wait = this.msUntilReset(bucket) ?? FALLBACK_WAIT_MS * 2 ** (attempt - 1);
    await this.pause(bucket, wait, signal, 'Okta answered 429');
  }

  private async pause(bucket: string, wait: number, signal: AbortSignal, why: string): Promise<void> {
    if (wait > MAX_RATE_WAIT_MS) {
      throw new ConnectorError(
        'THROTTLED',
        `Okta's rate limit for ${bucket} resets in ${Math.ceil(wait / 1000)} s (${why}); the sync will be retried`,
        wait,
      );
    }
    await this.clock.sleep(wait + RESET_MARGIN_MS, signal);
    this.buckets.delete(bucket);
  }
}
