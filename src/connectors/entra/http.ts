import { Agent, request as httpsRequest } from 'node:https';
import { IncomingHttpHeaders } from 'node:http';
import { rootCertificates } from 'node:tls';

/** What came back over the wire. */
export interface HttpResponse {
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

export interface HttpRequest {
  method: 'GET' | 'POST';
  url: string;
  headers: Record<string, string>;
  body?: string;
  /** The caller's signal (the sync was cancelled); a timeout is added on top. */
  signal?: AbortSignal;
  timeoutMs: number;
}

/** TLS failures a retry cannot fix: the peer's certificate is not trusted for this host. */
const TLS_REASONS =
  /^(CERT_|UNABLE_TO_|SELF_SIGNED_CERT|DEPTH_ZERO_SELF_SIGNED|ERR_TLS_CERT_ALTNAME_INVALID|HOSTNAME_MISMATCH|ERR_SSL_)/;

/** The request could not be completed: no answer, a broken connection, or no answer in time. */
export class TransportError extends Error {
  override name = 'TransportError';
  constructor(
    message: string,
    /** Short machine reason: ECONNREFUSED, CERT_HAS_EXPIRED, TIMEOUT, TOO_LARGE… */
    readonly reason: string,
  ) {
    super(message);
  }

  /** The server's certificate was refused: a configuration problem (caCertificatePem), not a passing one. */
  get untrusted(): boolean {
    return TLS_REASONS.test(this.reason);
  }
}

/** Answers larger than this are refused: a Graph page of 999 users is a few MiB at most. */
const MAX_RESPONSE_BYTES = 64 * 1024 * 1024;

function errnoCode(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null || !('code' in error)) return undefined;
  return typeof error.code === 'string' ? error.code : undefined;
}

/**
 * HTTPS for one connection: node's https with the system CAs plus the connection's own CA (sovereign
 * or private clouds, test authorities), keep-alive, a timeout on every request, a size cap on answers.
 * Only https is spoken: client secrets and bearer tokens travel here.
 */
export class HttpsTransport {
  private readonly agent: Agent;

  constructor(extraCaPem?: string) {
    this.agent = new Agent({
      keepAlive: true,
      // Idle sockets are let go soon: a sync runs minutes apart from the next.
      timeout: 60_000,
      maxSockets: 8,
      // Passing ca replaces the default roots, so the system's are kept alongside the extra one.
      ...(extraCaPem ? { ca: [...rootCertificates, extraCaPem] } : {}),
    });
  }

  send(request: HttpRequest): Promise<HttpResponse> {
    const url = new URL(request.url);
    if (url.protocol !== 'https:') {
      return Promise.reject(
        new TransportError(`refusing to send a request over ${url.protocol}`, 'NOT_HTTPS'),
      );
    }
    const timeout = AbortSignal.timeout(request.timeoutMs);
    const signal = request.signal ? AbortSignal.any([request.signal, timeout]) : timeout;
    return new Promise<HttpResponse>((resolve, reject) => {
      if (signal.aborted) {
        reject(this.abortReason(request, timeout));
        return;
      }
      const headers: Record<string, string> = { ...request.headers };
      if (request.body !== undefined) headers['content-length'] = String(Buffer.byteLength(request.body));
      const outgoing = httpsRequest(url, { method: request.method, headers, agent: this.agent, signal });
      outgoing.on('response', (incoming) => {
        const chunks: Buffer[] = [];
        let total = 0;
        incoming.on('data', (chunk: Buffer) => {
          total += chunk.byteLength;
          if (total > MAX_RESPONSE_BYTES) {
            incoming.destroy(
              new TransportError(
                `the answer from ${url.host} is larger than ${MAX_RESPONSE_BYTES / (1024 * 1024)} MiB`,
                'TOO_LARGE',
              ),
            );
            return;
          }
          chunks.push(chunk);
        });
        incoming.on('end', () =>
          resolve({
            status: incoming.statusCode ?? 0,
            headers: incoming.headers,
            body: Buffer.concat(chunks),
          }),
        );
        incoming.on('error', (error) => reject(this.describe(error, request, timeout)));
        incoming.on('aborted', () => reject(this.describe(new Error('aborted'), request, timeout)));
      });
      outgoing.on('error', (error) => reject(this.describe(error, request, timeout)));
      outgoing.end(request.body);
    });
  }

  /** Closes idle connections. */
  close(): void {
    this.agent.destroy();
  }

  private abortReason(request: HttpRequest, timeout: AbortSignal): Error {
    if (request.signal?.aborted && !timeout.aborted) {
      const reason: unknown = request.signal.reason;
      return reason instanceof Error ? reason : new Error('the request was cancelled');
    }
    return new TransportError(
      `${new URL(request.url).host} did not answer within ${request.timeoutMs} ms`,
      'TIMEOUT',
    );
  }

  private describe(error: unknown, request: HttpRequest, timeout: AbortSignal): Error {
    if (error instanceof TransportError) return error;
    if (timeout.aborted || request.signal?.aborted) return this.abortReason(request, timeout);
    const host = new URL(request.url).host;
    const code = errnoCode(error) ?? (error instanceof Error ? error.name : 'network error');
    const failure = new TransportError(`${host} could not be reached (${code})`, code);
    if (!failure.untrusted) return failure;
    return new TransportError(
      `the TLS certificate of ${host} is not trusted (${code}); for a private or sovereign cloud CA, set caCertificatePem`,
      code,
    );
  }
}

/** A header value as one string (node gives repeated headers as arrays). */
export function headerValue(headers: IncomingHttpHeaders, name: string): string | null {
  const value = headers[name.toLowerCase()];
  if (value === undefined) return null;
  return Array.isArray(value) ? (value[0] ?? null) : value;
}

/**
 * Retry-After as milliseconds: either delay-seconds or an HTTP date. Undefined when absent or
 * unreadable.
 */
export function parseRetryAfter(value: string | null, now: number = Date.now()): number | undefined {
  if (value === null) return undefined;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  const date = Date.parse(trimmed);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
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
