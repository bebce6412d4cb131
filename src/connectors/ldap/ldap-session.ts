/**
 * One authenticated connection to the server: connect (LDAPS or StartTLS), bind, paged searches
 * yielded page by page, and every failure turned into a ConnectorError. An abort signal closes the
 * connection, which ends whatever is in flight.
 */
import { isIP } from 'node:net';
import type { ConnectionOptions } from 'node:tls';
import { Client, Entry } from 'ldapts';
import { ConnectorError } from '../types';
import { unescapeUtf8Runs } from './filter';
import { FailureContext, LdapTimeoutError, redact, toConnectorError } from './ldap-errors';
import { LdapConfig, LdapEndpoint, parseLdapUrl } from './ldap.config';

export interface SearchSpec {
  base: string;
  /** A checked filter (filter.ts). */
  filter: string;
  /** Attributes to return; ['1.1'] for none. */
  attributes: string[];
  /** Attributes whose values are bytes (objectGUID), so that ldapts never reads them as text. */
  binaryAttributes?: string[];
}

function tlsOptions(config: LdapConfig, endpoint: LdapEndpoint): ConnectionOptions {
  return {
    // A configured CA replaces the system's: the server's certificate must come from it.
    ...(config.caCertificatePem !== undefined ? { ca: [config.caCertificatePem] } : {}),
    rejectUnauthorized: config.rejectUnauthorized,
    // The name the certificate is checked against (and, for names, sent as SNI).
    host: endpoint.host,
    ...(isIP(endpoint.host) === 0 ? { servername: endpoint.host } : {}),
    minVersion: 'TLSv1.2',
  };
}

async function withTimeout<T>(work: Promise<T>, ms: number, onTimeout: () => void): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => {
      onTimeout();
      reject(new LdapTimeoutError('timed out'));
    }, ms);
  });
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

export class LdapSession {
  private closed = false;

  private constructor(
    private readonly client: Client,
    private readonly config: LdapConfig,
    private readonly server: string,
    private readonly signal: AbortSignal,
    private readonly detach: () => void,
  ) {}

  /** Connects, secures and binds; the connection closes when the signal aborts. */
  static async open(config: LdapConfig, signal: AbortSignal): Promise<LdapSession> {
    signal.throwIfAborted();
    const endpoint = parseLdapUrl(config.url);
    const server = `${endpoint.host.includes(':') ? `[${endpoint.host}]` : endpoint.host}:${endpoint.port}`;
    const tls = tlsOptions(config, endpoint);
    const client = new Client({
      url: config.url,
      timeout: config.timeoutMs,
      connectTimeout: config.timeoutMs,
      // ldapts speaks TLS from the start whenever tlsOptions are given: only for ldaps://.
      ...(endpoint.secure ? { tlsOptions: tls } : {}),
    });
    const close = () => void client.unbind().catch(() => undefined);
    signal.addEventListener('abort', close, { once: true });
    const detach = () => signal.removeEventListener('abort', close);
    const context: FailureContext = {
      server,
      operation: 'connect',
      bindDn: config.bindDn,
      timeoutMs: config.timeoutMs,
    };
    try {
      if (config.startTls) {
        context.operation = 'starttls';
        context.handshake = true;
        // ldapts times the StartTLS request but not the handshake that follows it.
        await withTimeout(client.startTLS(tls), config.timeoutMs, close);
      }
      context.operation = 'bind';
      // For ldaps://, ldapts connects (and shakes hands) when the bind is sent.
      context.handshake = endpoint.secure;
      await client.bind(config.bindDn, config.bindPassword);
    } catch (error) {
      detach();
      close();
      signal.throwIfAborted();
      throw redact(toConnectorError(error, context), config.bindPassword);
    }
    return new LdapSession(client, config, server, signal, detach);
  }

  /**
   * A subtree search with the simple paged results control (RFC 2696), yielded one page at a time:
   * only the page in hand is in memory. Active Directory caps the page size at its MaxPageSize (1000),
   * which only makes pages smaller; OpenLDAP refuses a page above its size.pr limit
   * (adminLimitExceeded, reported as CONFIGURATION: lower pageSize).
   */
  async *pages(spec: SearchSpec): AsyncGenerator<Entry[]> {
    const context = this.context(spec.base);
    const iterator = this.client.searchPaginated(spec.base, {
      scope: 'sub',
      filter: unescapeUtf8Runs(spec.filter),
      attributes: spec.attributes,
      explicitBufferAttributes: spec.binaryAttributes ?? [],
      derefAliases: 'never',
      paged: { pageSize: this.config.pageSize },
    });
    try {
      for (;;) {
        let next: IteratorResult<{ searchEntries: Entry[] }>;
        try {
          next = await iterator.next();
        } catch (error) {
          throw this.failure(error, context);
        }
        if (next.done) return;
        // Search references (referrals to other naming contexts) are not followed.
        yield next.value.searchEntries;
        this.signal.throwIfAborted();
      }
    } finally {
      await iterator.return(undefined).catch(() => undefined);
    }
  }

  /** One entry by DN (scope base), or null when it does not exist. */
  async read(dn: string, attributes: string[], binaryAttributes: string[] = []): Promise<Entry | null> {
    try {
      const { searchEntries } = await this.client.search(dn, {
        scope: 'base',
        filter: '(objectClass=*)',
        attributes,
        explicitBufferAttributes: binaryAttributes,
        derefAliases: 'never',
      });
      return searchEntries[0] ?? null;
    } catch (error) {
      const failure = this.failure(error, this.context(dn));
      if (failure.code === 'NOT_FOUND') return null;
      throw failure;
    }
  }

  /** Checks that a base exists and can be searched, reading at most one entry. */
  async probe(base: string, filter: string): Promise<void> {
    try {
      // With a size limit set, ldapts treats "size limit exceeded" as the expected end.
      await this.client.search(base, {
        scope: 'sub',
        filter: unescapeUtf8Runs(filter),
        attributes: ['1.1'],
        sizeLimit: 1,
        derefAliases: 'never',
      });
    } catch (error) {
      throw this.failure(error, this.context(base));
    }
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.detach();
    await this.client.unbind().catch(() => undefined);
  }

  private context(base: string): FailureContext {
    return {
      server: this.server,
      operation: 'search',
      bindDn: this.config.bindDn,
      base,
      timeoutMs: this.config.timeoutMs,
    };
  }

  private failure(error: unknown, context: FailureContext): ConnectorError {
    // The caller stopped the sync: not a failure of the source.
    this.signal.throwIfAborted();
    return redact(toConnectorError(error, context), this.config.bindPassword);
  }
}
