import {
  Agent as HttpAgent,
  ClientRequest,
  IncomingHttpHeaders,
  IncomingMessage,
  request as httpRequest,
} from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import { rootCertificates } from 'node:tls';
import { OutboundPolicy } from './address-policy';
import { describeUrl, isSecretHeader } from './redact';
import { headerValue } from './retry';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE' | 'HEAD';

/** One request. */
export interface HttpRequest {
  method: HttpMethod;
  url: string;
  headers?: Record<string, string>;
  body?: string | Buffer;
  /** The caller's signal (the sync was cancelled); the timeout is added on top. */
  signal?: AbortSignal;
  /** Time allowed for the whole exchange, connection to last byte of the body. */
  timeoutMs: number;
  /**
   * Redirects followed (0: a 3xx is returned as it is). Every hop passes the address policy again,
   * and secret headers (Authorization, cookies, API keys) are dropped when a hop leaves the origin.
   */
  maxRedirects?: number;
  /**
   * Hand a 2xx answer over as it arrives (HttpResponse.stream, body left empty) instead of reading it
   * whole: for answers too long to hold (a Workday custom report is one response of every worker).
   * maxResponseBytes does not apply; timeoutMs still bounds the whole exchange; the caller reads the
   * stream to its end or destroys it. Other answers are read whole as usual.
   */
  streamBody?: boolean;
}

/** What came back over the wire. */
export interface HttpResponse {
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
  /** The URL that answered (after redirects). */
  url: string;
  /** The body as it arrives, when the request asked for streamBody and the answer is 2xx. */
  stream?: IncomingMessage;
}

/** Why a request got no HTTP answer. */
export type TransportFailureKind =
  /** The outbound address policy refused the destination (resolved address, IP literal or redirect target). */
  | 'DESTINATION_NOT_ALLOWED'
  /** No connection within connectTimeoutMs, or no complete answer within timeoutMs. */
  | 'TIMEOUT'
  /** Refused, reset, unreachable, name not found. */
  | 'NETWORK'
  /** The peer's certificate is not trusted for this host: configuration (a CA), not a passing fault. */
  | 'TLS_UNTRUSTED'
  /** The answer is larger than maxResponseBytes. */
  | 'TOO_LARGE'
  /** Plain http to a transport that requires https. */
  | 'NOT_HTTPS'
  /** More redirects than allowed, or a redirect to something other than http(s). */
  | 'REDIRECT';

/**
 * TLS failures a retry cannot fix (node's and OpenSSL's names), in one table for every connector.
 */
const TLS_UNTRUSTED_CODES =
  /^(CERT_|UNABLE_TO_|SELF_SIGNED_CERT|DEPTH_ZERO_SELF_SIGNED|ERR_TLS_CERT_ALTNAME_INVALID|HOSTNAME_MISMATCH|ERR_SSL_|INVALID_CA|INVALID_PURPOSE|PATH_LENGTH_EXCEEDED)/;

/** The request could not be completed: no answer, a refused destination, or no answer in time. */
export class TransportError extends Error {
  override name = 'TransportError';
  constructor(
    readonly kind: TransportFailureKind,
    message: string,
    /** Short machine reason: ECONNREFUSED, CERT_HAS_EXPIRED, TIMEOUT… (never a host or address). */
    readonly reason: string,
    /** For TIMEOUT: the limit that passed. */
    readonly timeoutMs?: number,
  ) {
    super(message);
  }

  /** The server's certificate was refused: a configuration problem (caCertificatePem), not a passing one. */
  get untrusted(): boolean {
    return this.kind === 'TLS_UNTRUSTED';
  }

  /** Whether sending again may succeed (timeouts and broken connections). */
  get retryable(): boolean {
    return this.kind === 'TIMEOUT' || this.kind === 'NETWORK';
  }
}

/** The one message for every refused destination: it says nothing of whether the host or port exists. */
export const DESTINATION_NOT_ALLOWED_MESSAGE =
  'the destination is not allowed: private, loopback, link-local and metadata addresses are refused unless the operator allows them (OUTBOUND_ALLOW_HOSTS, OUTBOUND_ALLOW_PRIVATE)';

export interface HttpTransportOptions {
  /** Which addresses may be reached; default: the strict policy (public addresses only). */
  outbound?: OutboundPolicy;
  /** A PEM CA (or bundle) trusted besides the system's: private or sovereign clouds, test authorities. */
  caCertificatePem?: string;
  /** Refuse plain http (credentials travel on this transport). */
  requireHttps?: boolean;
  /** Time allowed to open a connection (TCP and TLS); default 10 s. */
  connectTimeoutMs?: number;
  /** Answers larger than this are refused; default 64 MiB. */
  maxResponseBytes?: number;
  /** Parallel connections per host; default 8. */
  maxSockets?: number;
}

const DEFAULT_CONNECT_TIMEOUT_MS = 10_000;
const DEFAULT_MAX_RESPONSE_BYTES = 64 * 1024 * 1024;
const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);

function errnoCode(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null || !('code' in error)) return undefined;
  return typeof error.code === 'string' ? error.code : undefined;
}

/**
 * HTTP(S) for one connection: node's http/https with keep-alive, the system CAs plus the
 * connection's own CA, a connect timeout and a whole-request timeout, a size cap on answers, the
 * outbound address policy checked on the address each socket is opened to, and redirects followed
 * only when asked (each hop checked again). Every HTTP connector sends through one of these.
 */
export class HttpTransport {
  private readonly httpAgent: HttpAgent;
  private readonly httpsAgent: HttpsAgent;
  private readonly outbound: OutboundPolicy;
  private readonly connectTimeoutMs: number;
  private readonly maxResponseBytes: number;

  constructor(private readonly options: HttpTransportOptions = {}) {
    this.outbound = options.outbound ?? new OutboundPolicy();
    this.connectTimeoutMs = options.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS;
    this.maxResponseBytes = options.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES;
    const common = { keepAlive: true, timeout: 60_000, maxSockets: options.maxSockets ?? 8 };
    this.httpAgent = new HttpAgent(common);
    this.httpsAgent = new HttpsAgent({
      ...common,
      // Passing ca replaces the default roots, so the system's are kept alongside the extra one.
      ...(options.caCertificatePem ? { ca: [...rootCertificates, options.caCertificatePem] } : {}),
    });
  }

  /** Sends a request, following redirects when request.maxRedirects allows; throws TransportError. */
  async send(request: HttpRequest): Promise<HttpResponse> {
    const timeout = AbortSignal.timeout(request.timeoutMs);
    const signal = request.signal ? AbortSignal.any([request.signal, timeout]) : timeout;
    const origin = new URL(request.url).origin;
    let url = request.url;
    let method = request.method;
    let body = request.body;
    let headers = { ...request.headers };
    for (let hop = 0; ; hop += 1) {
      const response = await this.sendOnce({ method, url, headers, body }, signal, request, timeout);
      const location = headerValue(response.headers, 'location');
      if (!REDIRECT_STATUSES.has(response.status) || !location || (request.maxRedirects ?? 0) === 0) {
        return response;
      }
      if (hop >= (request.maxRedirects ?? 0)) {
        throw new TransportError(
          'REDIRECT',
          `${describeUrl(request.url)} redirected too many times`,
          'REDIRECTS',
        );
      }
      const next = new URL(location, url);
      if (next.protocol !== 'https:' && next.protocol !== 'http:') {
        throw new TransportError(
          'REDIRECT',
          `${describeUrl(request.url)} redirected to a ${next.protocol} URL`,
          'REDIRECT_SCHEME',
        );
      }
      if (next.origin !== origin) {
        // Credentials were given for the first origin only.
        headers = Object.fromEntries(Object.entries(headers).filter(([name]) => !isSecretHeader(name)));
      }
      if (
        response.status === 303 ||
        ((response.status === 301 || response.status === 302) && method === 'POST')
      ) {
        method = 'GET';
        body = undefined;
        delete headers['content-type'];
      }
      url = next.toString();
    }
  }

  /** Closes idle connections. */
  close(): void {
    this.httpAgent.destroy();
    this.httpsAgent.destroy();
  }

  private sendOnce(
    hop: { method: HttpMethod; url: string; headers: Record<string, string>; body?: string | Buffer },
    signal: AbortSignal,
    request: HttpRequest,
    timeout: AbortSignal,
  ): Promise<HttpResponse> {
    const url = new URL(hop.url);
    const secure = url.protocol === 'https:';
    if (!secure && url.protocol !== 'http:') {
      return Promise.reject(
        new TransportError('NOT_HTTPS', `refusing to send a request over ${url.protocol}`, 'SCHEME'),
      );
    }
    if (!secure && this.options.requireHttps) {
      return Promise.reject(
        new TransportError('NOT_HTTPS', `refusing to send a request over ${url.protocol}`, 'NOT_HTTPS'),
      );
    }
    const port = url.port ? Number(url.port) : secure ? 443 : 80;
    const hostname = url.hostname;
    if (!this.outbound.allowsUrlHost(hostname, port)) {
      return Promise.reject(this.refused());
    }
    return new Promise<HttpResponse>((resolve, reject) => {
      if (signal.aborted) {
        reject(this.abortReason(request, timeout));
        return;
      }
      const headers: Record<string, string> = { ...hop.headers };
      if (hop.body !== undefined) headers['content-length'] = String(Buffer.byteLength(hop.body));
      const send = secure ? httpsRequest : httpRequest;
      const outgoing: ClientRequest = send(url, {
        method: hop.method,
        headers,
        agent: secure ? this.httpsAgent : this.httpAgent,
        signal,
        // Checked on the address the socket is opened to: a name that resolves to a refused address is refused.
        lookup: this.outbound.lookupFor(hostname, port),
      });
      outgoing.on('socket', (socket) => {
        if (!socket.connecting) return;
        const timer = setTimeout(
          () =>
            outgoing.destroy(
              new TransportError(
                'TIMEOUT',
                `${url.host} could not be connected to within ${this.connectTimeoutMs} ms`,
                'CONNECT_TIMEOUT',
                this.connectTimeoutMs,
              ),
            ),
          this.connectTimeoutMs,
        );
        const clear = () => clearTimeout(timer);
        socket.once(secure ? 'secureConnect' : 'connect', clear);
        socket.once('close', clear);
      });
      outgoing.on('response', (incoming: IncomingMessage) => {
        const status = incoming.statusCode ?? 0;
        if (request.streamBody && status >= 200 && status < 300) {
          resolve({
            status,
            headers: incoming.headers,
            body: Buffer.alloc(0),
            url: hop.url,
            stream: incoming,
          });
          return;
        }
        const chunks: Buffer[] = [];
        let total = 0;
        incoming.on('data', (chunk: Buffer) => {
          total += chunk.byteLength;
          if (total > this.maxResponseBytes) {
            // Rejected first: destroying the stream also reports an abort, which must not win.
            reject(
              new TransportError(
                'TOO_LARGE',
                `the answer from ${url.host} is larger than ${formatBytes(this.maxResponseBytes)}`,
                'TOO_LARGE',
              ),
            );
            incoming.destroy();
            return;
          }
          chunks.push(chunk);
        });
        incoming.on('end', () =>
          resolve({
            status: incoming.statusCode ?? 0,
            headers: incoming.headers,
            body: Buffer.concat(chunks),
            url: hop.url,
          }),
        );
        incoming.on('error', (error) => reject(this.describe(error, url, request, timeout)));
        incoming.on('aborted', () => reject(this.describe(new Error('aborted'), url, request, timeout)));
      });
      outgoing.on('error', (error) => reject(this.describe(error, url, request, timeout)));
      outgoing.end(hop.body);
    });
  }

  private refused(): TransportError {
    return new TransportError(
      'DESTINATION_NOT_ALLOWED',
      DESTINATION_NOT_ALLOWED_MESSAGE,
      'DESTINATION_NOT_ALLOWED',
    );
  }

  private abortReason(request: HttpRequest, timeout: AbortSignal): Error {
    if (request.signal?.aborted && !timeout.aborted) {
      const reason: unknown = request.signal.reason;
      return reason instanceof Error ? reason : new Error('the request was cancelled');
    }
    return new TransportError(
      'TIMEOUT',
      `${new URL(request.url).host} did not answer within ${request.timeoutMs} ms`,
      'TIMEOUT',
      request.timeoutMs,
    );
  }

  private describe(error: unknown, url: URL, request: HttpRequest, timeout: AbortSignal): Error {
    if (error instanceof TransportError) return error;
    const code = errnoCode(error);
    if (code === 'EDESTINATIONREFUSED') return this.refused();
    if (timeout.aborted || request.signal?.aborted) return this.abortReason(request, timeout);
    const reason = code ?? (error instanceof Error ? error.name : 'network error');
    if (TLS_UNTRUSTED_CODES.test(reason)) {
      return new TransportError(
        'TLS_UNTRUSTED',
        `the TLS certificate of ${url.host} is not trusted (${reason}); for a private CA, set caCertificatePem`,
        reason,
      );
    }
    return new TransportError('NETWORK', `${url.host} could not be reached (${reason})`, reason);
  }
}

function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${Math.round((bytes / (1024 * 1024)) * 10) / 10} MiB`;
  if (bytes >= 1024) return `${Math.round((bytes / 1024) * 10) / 10} KiB`;
  return `${bytes} bytes`;
}
