/** Query parameters whose values are secrets wherever they appear (presigned URLs, API keys, OAuth). */
const SECRET_QUERY_PARAMETERS =
  /^(access_token|refresh_token|id_token|token|api_?key|apikey|key|secret|client_secret|password|passwd|pwd|code|assertion|client_assertion|signature|sig|x-amz-signature|x-amz-credential|x-amz-security-token|x-goog-signature|x-goog-credential|se|sp|sv|skoid|sktid|auth)$/i;

/** Headers whose values are secrets. */
const SECRET_HEADERS =
  /^(authorization|proxy-authorization|cookie|set-cookie|x-api-key|api-key|apikey|x-auth-token|dpop)$/i;

export const REDACTED = '[redacted]';

/** A URL for messages: origin and path, the query dropped (tokens and signatures live there). */
export function describeUrl(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.origin}${parsed.pathname}`;
  } catch {
    return '(an unreadable URL)';
  }
}

/** A URL with its credentials and secret query values replaced, for logs that need the query. */
export function redactUrl(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return '(an unreadable URL)';
  }
  if (parsed.username) parsed.username = REDACTED;
  if (parsed.password) parsed.password = REDACTED;
  for (const name of [...parsed.searchParams.keys()]) {
    if (SECRET_QUERY_PARAMETERS.test(name)) parsed.searchParams.set(name, REDACTED);
  }
  return parsed.toString();
}

/** Headers for a log line: secret values replaced. */
export function redactHeaders(headers: Record<string, string>): Record<string, string> {
  const copy: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers))
    copy[name] = SECRET_HEADERS.test(name) ? REDACTED : value;
  return copy;
}

/** Whether a header carries a secret (dropped on redirects to another origin). */
export function isSecretHeader(name: string): boolean {
  return SECRET_HEADERS.test(name);
}

/**
 * Text with every known secret replaced: the given values, anything after Bearer/Basic/SSWS, and
 * secret query parameters of URLs inside it. Belt and braces: messages are built without secrets,
 * but a vendor may echo a request back.
 */
export function redactText(text: string, secrets: readonly (string | undefined)[] = []): string {
  let result = text;
  for (const secret of secrets) {
    // Short values would redact ordinary words; credentials are longer than this.
    if (secret && secret.length >= 6) result = result.split(secret).join(REDACTED);
  }
  result = result.replace(/\b(Bearer|Basic|SSWS|DPoP)\s+[A-Za-z0-9._~+/=-]{6,}/gi, `$1 ${REDACTED}`);
  result = result.replace(/https?:\/\/[^\s"'<>]+/gi, (url) =>
    url.includes('?') || url.includes('@') ? redactUrl(url) : url,
  );
  return result;
}
