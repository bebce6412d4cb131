import { lookup as dnsLookup, LookupAddress, LookupAllOptions, LookupOneOptions } from 'node:dns';
import { BlockList, isIP } from 'node:net';

/**
 * Address ranges no connector may reach unless the operator allows them: the server's own
 * loopback, link-local (where cloud metadata lives: 169.254.169.254, fd00:ec2::254 is in fc00::/7),
 * private networks, carrier-grade NAT (Alibaba's metadata is 100.100.100.200), unspecified,
 * multicast, broadcast and reserved space. A tenant names URLs; without this list, a URL is a probe
 * of the server's own network.
 */
const REFUSED_RANGES: ReadonlyArray<readonly [string, number, 'ipv4' | 'ipv6']> = [
  ['0.0.0.0', 8, 'ipv4'], // unspecified, "this network"
  ['10.0.0.0', 8, 'ipv4'],
  ['100.64.0.0', 10, 'ipv4'], // carrier-grade NAT
  ['127.0.0.0', 8, 'ipv4'],
  ['169.254.0.0', 16, 'ipv4'],
  ['172.16.0.0', 12, 'ipv4'],
  ['192.0.0.0', 24, 'ipv4'], // IETF protocol assignments
  ['192.168.0.0', 16, 'ipv4'],
  ['198.18.0.0', 15, 'ipv4'], // benchmarking
  ['224.0.0.0', 4, 'ipv4'], // multicast
  ['240.0.0.0', 4, 'ipv4'], // reserved, and 255.255.255.255
  ['::', 128, 'ipv6'], // unspecified
  ['::1', 128, 'ipv6'],
  ['64:ff9b::', 96, 'ipv6'], // NAT64: embeds an IPv4 address
  ['fc00::', 7, 'ipv6'], // unique local
  ['fe80::', 10, 'ipv6'],
  ['ff00::', 8, 'ipv6'], // multicast
];

/** What went wrong when a policy string cannot be read (for ConfigError at start). */
export class OutboundPolicyError extends Error {
  override name = 'OutboundPolicyError';
}

/** The operator's allowances, as written in the environment. */
export interface OutboundPolicySettings {
  /** CIDR ranges (or single addresses) reachable on any port despite being private/loopback/link-local. */
  allowPrivate?: readonly string[];
  /** host:port pairs (as written in URLs, lower case) reachable whatever they resolve to. */
  allowHosts?: readonly string[];
}

/** An IPv4-mapped IPv6 address (::ffff:10.0.0.1) is the IPv4 address it carries. */
function normalise(address: string): { address: string; family: 'ipv4' | 'ipv6' } | null {
  const bare = address.startsWith('[') && address.endsWith(']') ? address.slice(1, -1) : address;
  const family = isIP(bare);
  if (family === 0) return null;
  if (family === 6) {
    const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(bare);
    if (mapped) return { address: mapped[1], family: 'ipv4' };
    const hex = /^::ffff:([0-9a-f]{1,4}):([0-9a-f]{1,4})$/i.exec(bare);
    if (hex) {
      const high = parseInt(hex[1], 16);
      const low = parseInt(hex[2], 16);
      return { address: `${high >> 8}.${high & 255}.${low >> 8}.${low & 255}`, family: 'ipv4' };
    }
    return { address: bare.toLowerCase(), family: 'ipv6' };
  }
  return { address: bare, family: 'ipv4' };
}

function addCidr(list: BlockList, entry: string): void {
  const [base, bits, extra] = entry.trim().split('/');
  const parsed = normalise(base ?? '');
  if (!parsed || extra !== undefined)
    throw new OutboundPolicyError(`"${entry}" is not an address or CIDR range`);
  const max = parsed.family === 'ipv4' ? 32 : 128;
  const prefix = bits === undefined ? max : Number(bits);
  if (!/^\d+$/.test(bits ?? String(max)) || prefix > max) {
    throw new OutboundPolicyError(`"${entry}" has a prefix length outside 0..${max}`);
  }
  list.addSubnet(parsed.address, prefix, parsed.family);
}

function readHostPort(entry: string): string {
  const trimmed = entry.trim().toLowerCase();
  let url: URL;
  try {
    url = new URL(`http://${trimmed}`);
  } catch {
    throw new OutboundPolicyError(`"${entry}" is not host:port`);
  }
  if (!url.port || `${url.hostname}:${url.port}` !== trimmed || url.pathname !== '/') {
    throw new OutboundPolicyError(`"${entry}" is not host:port (the port is required)`);
  }
  return trimmed;
}

/** Splits a comma-separated environment value; empty or absent is an empty list. */
export function splitList(raw: string | undefined): string[] {
  return (raw ?? '')
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '');
}

/** Environment variable names of the policy, for messages and the README. */
export const OUTBOUND_ALLOW_PRIVATE = 'OUTBOUND_ALLOW_PRIVATE';
export const OUTBOUND_ALLOW_HOSTS = 'OUTBOUND_ALLOW_HOSTS';

type LookupCallback = (
  error: NodeJS.ErrnoException | null,
  address: string | LookupAddress[],
  family?: number,
) => void;

/** Raised inside the connect path when a destination is refused; the transport maps it to DESTINATION_NOT_ALLOWED. */
export class DestinationRefused extends Error {
  override name = 'DestinationRefused';
  readonly code = 'EDESTINATIONREFUSED';
  constructor() {
    super('destination not allowed');
  }
}

/**
 * Which addresses outbound requests may reach. Public addresses are always allowed; the refused
 * ranges above only when the operator lists them (OUTBOUND_ALLOW_PRIVATE=cidr,…) or names the exact
 * host:port (OUTBOUND_ALLOW_HOSTS=host:port,…). The check is made on the address a connection is
 * actually opened to (see lookupFor), so a name that resolves elsewhere later (DNS rebinding) is
 * refused too.
 */
export class OutboundPolicy {
  private readonly refused = new BlockList();
  private readonly allowedPrivate = new BlockList();
  private readonly allowedHosts: ReadonlySet<string>;

  constructor(settings: OutboundPolicySettings = {}) {
    for (const [address, prefix, family] of REFUSED_RANGES) this.refused.addSubnet(address, prefix, family);
    for (const entry of settings.allowPrivate ?? []) addCidr(this.allowedPrivate, entry);
    this.allowedHosts = new Set((settings.allowHosts ?? []).map(readHostPort));
  }

  /** The policy of the environment (OUTBOUND_ALLOW_PRIVATE, OUTBOUND_ALLOW_HOSTS); throws OutboundPolicyError on a bad entry. */
  static fromEnv(env: NodeJS.ProcessEnv): OutboundPolicy {
    try {
      return new OutboundPolicy({
        allowPrivate: splitList(env[OUTBOUND_ALLOW_PRIVATE]),
        allowHosts: splitList(env[OUTBOUND_ALLOW_HOSTS]),
      });
    } catch (error) {
      if (error instanceof OutboundPolicyError) {
        const name = error.message.includes('host:port') ? OUTBOUND_ALLOW_HOSTS : OUTBOUND_ALLOW_PRIVATE;
        throw new OutboundPolicyError(`${name}: ${error.message}`);
      }
      throw error;
    }
  }

  /** Whether the operator named this exact host and port. */
  allowsHost(hostname: string, port: number): boolean {
    const host = hostname.toLowerCase();
    return this.allowedHosts.has(`${host}:${port}`);
  }

  /** Whether a connection to this IP address may be opened (anything that is not an IP address is refused). */
  allowsAddress(address: string): boolean {
    const parsed = normalise(address);
    if (!parsed) return false;
    if (!this.refused.check(parsed.address, parsed.family)) return true;
    return this.allowedPrivate.check(parsed.address, parsed.family);
  }

  /** Whether a URL's host (a name or an IP literal) may be contacted before resolving it. */
  allowsUrlHost(hostname: string, port: number): boolean {
    if (this.allowsHost(hostname, port)) return true;
    if (isIP(hostname.replace(/^\[|\]$/g, '')) !== 0) return this.allowsAddress(hostname);
    return true; // a name: decided on the address it resolves to, at connect time
  }

  /**
   * A dns.lookup for one destination that fails with DestinationRefused when any address the name
   * resolves to is refused (all of them are checked, since the socket may try each in turn).
   */
  lookupFor(hostname: string, port: number): typeof dnsLookup {
    const hostAllowed = this.allowsHost(hostname, port);
    const lookup = (
      name: string,
      options: LookupOneOptions | LookupAllOptions | number | LookupCallback,
      callback?: LookupCallback,
    ): void => {
      const done: LookupCallback = typeof options === 'function' ? options : callback!;
      const settings: LookupAllOptions =
        typeof options === 'object'
          ? { ...options, all: true }
          : { all: true, family: typeof options === 'number' ? options : 0 };
      const wantsAll = typeof options === 'object' && options.all === true;
      dnsLookup(name, settings, (error, addresses) => {
        if (error) {
          done(error, wantsAll ? [] : '');
          return;
        }
        if (!hostAllowed && addresses.some((entry) => !this.allowsAddress(entry.address))) {
          done(new DestinationRefused(), wantsAll ? [] : '');
          return;
        }
        if (wantsAll) done(null, addresses);
        else done(null, addresses[0]?.address ?? '', addresses[0]?.family ?? 4);
      });
    };
    return lookup as typeof dnsLookup;
  }
}

/**
 * The policy of this process's environment, for connectors built without one in their context
 * (the app passes the one it read at start; this reads the same variables).
 */
export function defaultOutboundPolicy(): OutboundPolicy {
  return OutboundPolicy.fromEnv(process.env);
}
