/**
 * The Workday connector's view of HTTP: one `send` that answers with a status, headers and a body
 * that can be read as it arrives (a RaaS report is one long response). This is the thin seam the
 * shared transport of src/connectors/http/ replaces; until then `NodeWorkdayHttp` implements it on
 * node:http(s) with the same duties (timeouts, Retry-After, retries of 5xx and dropped connections,
 * typed failures, no secrets in messages).
 */
import { Agent as HttpAgent, IncomingMessage, request as httpRequest } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import { setTimeout as delay } from 'node:timers/promises';
import { ConnectorError } from '../types';

export interface WorkdayHttpRequest {
  method: 'GET' | 'POST';
  url: string;
  headers: Record<string, string>;
  body?: string;
  signal: AbortSignal;
}

export interface WorkdayHttpResponse {
  status: number;
  header(name: string): string | undefined;
  /** The body as it arrives; each chunk must come within the idle timeout. Read it once. */
  chunks(): AsyncIterable<Uint8Array>;
  /** The whole body as text (for small answers: tokens, REST pages, errors). */
  text(): Promise<string>;
}

/** Sends one request; retries what a retry can fix; throws ConnectorError for the rest. */
export interface WorkdayHttp {
  send(request: WorkdayHttpRequest): Promise<WorkdayHttpResponse>;
}

export interface WorkdayHttpOptions {
  /** Time allowed for an answer to start, and between two chunks of its body. */
  timeoutMs: number;
  /** Retries of a 5xx or a dropped connection before TEMPORARY (default 2). */
  maxTemporaryRetries?: number;
  /** 429s waited out before THROTTLED (default 3). */
  maxThrottleRetries?: number;
  /** The longest Retry-After waited out in place; a longer one goes to the engine with the error. */
  maxRetryAfterMs?: number;
  /** First backoff after a 5xx, doubled each time (default 1,000 ms). */
  backoffMs?: number;
  sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
}

/** Retry-After as milliseconds: delta-seconds or an HTTP date; undefined when absent or unreadable. */
export function retryAfterMs(value: string | undefined, now = Date.now()): number | undefined {
  if (value === undefined || value.trim() === '') return undefined;
  if (/^\d+$/.test(value.trim())) return Number(value.trim()) * 1000;
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

/** "GET /ccx/service/customreport2/acme/…": where a call went, without its query (prompts can be personal). */
export function describeCall(method: string, url: string): string {
  return `${method} ${new URL(url).pathname}`;
}

function errnoOf(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null || !('code' in error)) return undefined;
  const code = (error as { code: unknown }).code;
  return typeof code === 'string' ? code : undefined;
}

const TLS_CODES = /^(CERT_|UNABLE_TO_|SELF_SIGNED_|DEPTH_ZERO_|ERR_TLS_)/;

class NodeResponse implements WorkdayHttpResponse {
  private read = false;
  constructor(
    private readonly message: IncomingMessage,
    private readonly timeoutMs: number,
    private readonly where: string,
  ) {}

  get status(): number {
    return this.message.statusCode ?? 0;
  }

  header(name: string): string | undefined {
    const value = this.message.headers[name.toLowerCase()];
    return Array.isArray(value) ? value.join(', ') : value;
  }

  async *chunks(): AsyncGenerator<Uint8Array> {
    if (this.read) throw new Error('the body was read already');
    this.read = true;
    // An idle timer rather than one deadline: a 100k-worker report takes a while, a stalled one must not.
    this.message.setTimeout(this.timeoutMs, () =>
      this.message.destroy(Object.assign(new Error('idle'), { code: 'EIDLE' })),
    );
    try {
      for await (const chunk of this.message) yield chunk as Uint8Array;
    } catch (error) {
      throw errnoOf(error) === 'EIDLE'
        ? new ConnectorError('TEMPORARY', `${this.where}: Workday stopped sending for ${this.timeoutMs} ms`)
        : new ConnectorError(
            'TEMPORARY',
            `${this.where}: the answer was cut off (${errnoOf(error) ?? 'network error'})`,
          );
    }
  }

  async text(): Promise<string> {
    const parts: Buffer[] = [];
    for await (const chunk of this.chunks()) parts.push(Buffer.from(chunk));
    return Buffer.concat(parts).toString('utf8');
  }

  discard(): void {
    this.message.resume();
  }
}

/** WorkdayHttp on node:http(s) with keep-alive connections. */
export class NodeWorkdayHttp implements WorkdayHttp {
  private readonly http = new HttpAgent({ keepAlive: true, maxSockets: 4 });
  private readonly https = new HttpsAgent({ keepAlive: true, maxSockets: 4 });
  private readonly sleep: (ms: number, signal: AbortSignal) => Promise<void>;

  constructor(private readonly options: WorkdayHttpOptions) {
    this.sleep = options.sleep ?? ((ms, signal) => delay(ms, undefined, { signal }));
  }

  async send(request: WorkdayHttpRequest): Promise<WorkdayHttpResponse> {
    const where = describeCall(request.method, request.url);
    const maxTemporary = this.options.maxTemporaryRetries ?? 2;
    const maxThrottle = this.options.maxThrottleRetries ?? 3;
    const maxWait = this.options.maxRetryAfterMs ?? 60_000;
    let failures = 0;
    let throttled = 0;
    for (;;) {
      request.signal.throwIfAborted();
      let response: NodeResponse;
      try {
        response = await this.once(request, where);
      } catch (error) {
        request.signal.throwIfAborted();
        if (!(error instanceof ConnectorError) || error.code !== 'TEMPORARY' || failures >= maxTemporary)
          throw error;
        failures += 1;
        await this.sleep((this.options.backoffMs ?? 1000) * 2 ** (failures - 1), request.signal);
        continue;
      }
      const status = response.status;
      if (status === 429) {
        response.discard();
        const wait = retryAfterMs(response.header('retry-after'));
        if (throttled >= maxThrottle || (wait !== undefined && wait > maxWait)) {
          throw new ConnectorError(
            'THROTTLED',
            `${where}: Workday answered 429 (too many requests)${throttled > 0 ? ` after ${throttled} waits` : ''}`,
            wait,
          );
        }
        throttled += 1;
        await this.sleep(wait ?? 1000 * 2 ** throttled, request.signal);
        continue;
      }
      if (status >= 500 || status === 408) {
        response.discard();
        if (failures >= maxTemporary)
          throw new ConnectorError('TEMPORARY', `${where} answered HTTP ${status} (${failures} retries)`);
        failures += 1;
        await this.sleep((this.options.backoffMs ?? 1000) * 2 ** (failures - 1), request.signal);
        continue;
      }
      return response;
    }
  }

  private once(request: WorkdayHttpRequest, where: string): Promise<NodeResponse> {
    const url = new URL(request.url);
    const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
    return new Promise((resolve, reject) => {
      const outgoing = send(
        url,
        {
          method: request.method,
          headers: { accept: 'application/json', ...request.headers },
          agent: url.protocol === 'https:' ? this.https : this.http,
          signal: request.signal,
          timeout: this.options.timeoutMs,
        },
        (message) => resolve(new NodeResponse(message, this.options.timeoutMs, where)),
      );
      outgoing.on('timeout', () =>
        outgoing.destroy(Object.assign(new Error('timeout'), { code: 'ETIMEDOUT_WORKDAY' })),
      );
      outgoing.on('error', (error) => {
        const code = errnoOf(error);
        if (request.signal.aborted) reject(request.signal.reason);
        else if (code === 'ETIMEDOUT_WORKDAY')
          reject(
            new ConnectorError(
              'TEMPORARY',
              `${where}: Workday did not answer within ${this.options.timeoutMs} ms`,
            ),
          );
        else if (code === 'ENOTFOUND')
          reject(
            new ConnectorError('NOT_FOUND', `the Workday host ${url.host} does not exist (DNS); check host`),
          );
        else if (code && TLS_CODES.test(code))
          reject(
            new ConnectorError(
              'CONFIGURATION',
              `${where}: the TLS certificate of ${url.host} is not trusted (${code})`,
            ),
          );
        else
          reject(
            new ConnectorError(
              'TEMPORARY',
              `${where}: Workday could not be reached (${code ?? 'network error'})`,
            ),
          );
      });
      outgoing.end(request.body);
    });
  }

  close(): void {
    this.http.destroy();
    this.https.destroy();
  }
}
