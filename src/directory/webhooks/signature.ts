import { createHmac, randomBytes } from 'node:crypto';

/** The header that carries the signature: `t=<unix seconds>,v1=<hex HMAC-SHA256>`. */
export const SIGNATURE_HEADER = 'x-hrdir-signature';

/** Secrets start with this, so that a leaked one is recognisable (and secret scanners can find it). */
export const WEBHOOK_SECRET_PREFIX = 'whsec_';
/** How much of a secret admins see afterwards, to tell secrets apart: the prefix and 4 characters. */
const HINT_LENGTH = WEBHOOK_SECRET_PREFIX.length + 4;

/** A new signing secret: 32 random bytes (256 bits), base64url, after the whsec_ prefix. */
export function generateWebhookSecret(): string {
  return `${WEBHOOK_SECRET_PREFIX}${randomBytes(32).toString('base64url')}`;
}

/** What admins may see of a secret after it was shown once. */
export function secretHint(secret: string): string {
  return `${secret.slice(0, HINT_LENGTH)}…`;
}

/**
 * The signature header of one request, Stripe-like: the HMAC-SHA256, keyed with the whole secret
 * (UTF-8, prefix included), of `<t>.<body>`, where t is the send time in unix seconds. The
 * timestamp is inside the signed text, so a receiver that refuses old timestamps refuses replays.
 */
export function signatureHeader(secret: string, timestampSeconds: number, body: string): string {
  const digest = createHmac('sha256', secret).update(`${timestampSeconds}.${body}`, 'utf8').digest('hex');
  return `t=${timestampSeconds},v1=${digest}`;
}
