import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import { OutboundPolicy } from '../../connectors/http/address-policy';
import { DestinationNotAllowedError, InvalidInputError } from '../errors';

/** The strict policy (nothing allowed beyond public addresses), to tell what the operator allowed. */
const STRICT = new OutboundPolicy();

const MAX_URL_LENGTH = 2048;
/** A resolver that does not answer in this long leaves the name unchecked until delivery (which checks anyway). */
const LOOKUP_TIMEOUT_MS = 5_000;

/** Every address a name resolves to now; none when it does not resolve (in time). */
async function resolveAll(host: string): Promise<{ address: string }[]> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<{ address: string }[]>((resolve) => {
    timer = setTimeout(() => resolve([]), LOOKUP_TIMEOUT_MS);
  });
  try {
    return await Promise.race([lookup(host, { all: true }).catch(() => []), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

function portOf(url: URL): number {
  return url.port ? Number(url.port) : url.protocol === 'https:' ? 443 : 80;
}

/**
 * Whether plain http may be used for this URL: only to a destination the operator allowed by name
 * (OUTBOUND_ALLOW_HOSTS) or to an IP address inside an OUTBOUND_ALLOW_PRIVATE range (a receiver on
 * the operator's own network or a developer's machine). Everywhere else the body and signature travel
 * over TLS.
 */
export function plainHttpAllowed(url: URL, policy: OutboundPolicy): boolean {
  const host = url.hostname.replace(/^\[|\]$/g, '');
  if (policy.allowsHost(url.hostname, portOf(url))) return true;
  return isIP(host) !== 0 && !STRICT.allowsAddress(host) && policy.allowsAddress(host);
}

/**
 * Checks a webhook URL as given by an admin and returns it normalised: http(s) only, no user name
 * or password in it (secrets belong in the signing secret), no fragment, https unless plain http is
 * allowed (see plainHttpAllowed), and a destination the outbound address policy allows, by the IP
 * literal or by every address the name resolves to now. Deliveries check the address again when
 * they connect (DNS can change). A name that does not resolve yet is accepted: the test ping tells.
 */
export async function checkWebhookUrl(
  raw: string,
  policy: OutboundPolicy,
  argument: string,
): Promise<string> {
  const text = raw.trim();
  if (text.length === 0 || text.length > MAX_URL_LENGTH) {
    throw new InvalidInputError(`url must be 1 to ${MAX_URL_LENGTH} characters`, argument);
  }
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new InvalidInputError('url is not a valid absolute URL', argument);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new InvalidInputError('url must be an https URL', argument);
  }
  if (url.username || url.password) {
    throw new InvalidInputError('url must not contain a user name or password', argument);
  }
  if (url.hash) throw new InvalidInputError('url must not contain a fragment (#…)', argument);
  const port = portOf(url);
  if (!policy.allowsUrlHost(url.hostname, port)) throw new DestinationNotAllowedError(argument);
  if (url.protocol === 'http:' && !plainHttpAllowed(url, policy)) {
    throw new InvalidInputError(
      'url must use https (plain http only to destinations the operator allows in OUTBOUND_ALLOW_HOSTS or OUTBOUND_ALLOW_PRIVATE)',
      argument,
    );
  }
  const host = url.hostname.replace(/^\[|\]$/g, '');
  if (isIP(host) === 0 && !policy.allowsHost(url.hostname, port)) {
    // Not resolvable today: accepted; each delivery resolves and checks again.
    const addresses = await resolveAll(host);
    if (addresses.some((entry) => !policy.allowsAddress(entry.address))) {
      throw new DestinationNotAllowedError(argument);
    }
  }
  return url.toString();
}
