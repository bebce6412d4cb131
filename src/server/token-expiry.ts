/** The longest delay setTimeout keeps (about 24.8 days); a later expiry is re-armed from there. */
const MAX_TIMER_MS = 2 ** 31 - 1;

/** graphql-ws close code for an expired token (4401 mirrors HTTP 401, as graphql-ws's own 4401 Unauthorized). */
export const TOKEN_EXPIRED_CLOSE_CODE = 4401;
export const TOKEN_EXPIRED_CLOSE_REASON = 'Token expired';

/**
 * Calls `expire` when the token expires (at once when it already has), for connections that
 * outlive one request; returns a function that cancels it.
 */
export function onTokenExpiry(expiresAt: number | undefined, expire: () => void, now = Date.now): () => void {
  if (expiresAt === undefined) return () => undefined;
  let timer: NodeJS.Timeout | undefined;
  const arm = () => {
    const remaining = expiresAt - now();
    if (remaining <= 0) {
      timer = undefined;
      expire();
      return;
    }
    timer = setTimeout(arm, Math.min(remaining, MAX_TIMER_MS));
    timer.unref();
  };
  arm();
  return () => clearTimeout(timer);
}
