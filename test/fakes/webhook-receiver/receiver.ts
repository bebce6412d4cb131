import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer, IncomingHttpHeaders, Server } from 'node:http';
import { AddressInfo } from 'node:net';

/** How far a signature's timestamp may be from the receiver's clock (the README's advice). */
export const TOLERANCE_SECONDS = 300;

/**
 * A receiver's own check of `X-Hrdir-Signature: t=<unix>,v1=<hex>`, written from the README and
 * not from the signing code: HMAC-SHA256 keyed with the secret over `<t>.<raw body>`, compared in
 * constant time, and the timestamp within TOLERANCE_SECONDS of now.
 */
export function verifySignature(header: string | undefined, rawBody: string, secret: string): boolean {
  if (!header) return false;
  const parts = header.split(',').map((part) => part.split('='));
  const timestamp = parts.find(([key]) => key === 't')?.[1];
  const signatures = parts.filter(([key]) => key === 'v1').map(([, value]) => value);
  if (!timestamp || !/^\d+$/.test(timestamp) || signatures.length === 0) return false;
  if (Math.abs(Date.now() / 1000 - Number(timestamp)) > TOLERANCE_SECONDS) return false;
  const expected = createHmac('sha256', secret).update(`${timestamp}.${rawBody}`).digest();
  return signatures.some((signature) => {
    const given = Buffer.from(signature, 'hex');
    return given.length === expected.length && timingSafeEqual(given, expected);
  });
}

export interface ReceivedRequest {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  rawBody: string;
  body: { id: string; seq: number | null; type: string; entityId: string | null; [key: string]: unknown };
  eventId: string;
  deliveryId: string;
  attempt: number;
  /** Whether the signature verified with the receiver's secret at the time. */
  verified: boolean;
  /** What the receiver answered. */
  status: number;
}

/**
 * A webhook receiver on loopback: records every request, checks its signature, and answers what
 * `respond` says (given the request and how many times its event id came before).
 */
export class WebhookReceiver {
  readonly requests: ReceivedRequest[] = [];
  secret = '';
  respond: (request: ReceivedRequest, earlierOfEvent: number) => number = () => 200;
  /** Answer nothing at all (the connection stays open until the sender gives up). */
  hang = false;
  /** Bytes of body sent with each answer. */
  answerBytes = 2;
  private waiters: { check: () => boolean; resolve: () => void }[] = [];

  private constructor(
    private readonly server: Server,
    readonly url: string,
  ) {}

  static async start(): Promise<WebhookReceiver> {
    let receiver: WebhookReceiver | null = null;
    const server = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () =>
        receiver!.handle(request.method ?? '', request.url ?? '', request.headers, chunks, response),
      );
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    receiver = new WebhookReceiver(server, `http://127.0.0.1:${port}/hooks`);
    return receiver;
  }

  private handle(
    method: string,
    path: string,
    headers: IncomingHttpHeaders,
    chunks: Buffer[],
    response: import('node:http').ServerResponse,
  ): void {
    const rawBody = Buffer.concat(chunks).toString('utf8');
    const header = (name: string) => {
      const value = headers[name];
      return Array.isArray(value) ? value[0] : value;
    };
    const request: ReceivedRequest = {
      method,
      path,
      headers,
      rawBody,
      body: JSON.parse(rawBody) as ReceivedRequest['body'],
      eventId: header('x-hrdir-event-id') ?? '',
      deliveryId: header('x-hrdir-delivery-id') ?? '',
      attempt: Number(header('x-hrdir-delivery-attempt')),
      verified: verifySignature(header('x-hrdir-signature'), rawBody, this.secret),
      status: 0,
    };
    const earlier = this.requests.filter((seen) => seen.eventId === request.eventId).length;
    request.status = this.hang ? 0 : this.respond(request, earlier);
    this.requests.push(request);
    if (!this.hang) {
      response.writeHead(request.status, { 'content-type': 'text/plain' });
      response.end('x'.repeat(this.answerBytes));
    }
    this.waiters = this.waiters.filter((waiter) => {
      if (!waiter.check()) return true;
      waiter.resolve();
      return false;
    });
  }

  /** Resolves once the requests received satisfy the check (fails after timeoutMs, naming what). */
  waitFor(what: string, check: (requests: ReceivedRequest[]) => boolean, timeoutMs = 30_000): Promise<void> {
    if (check(this.requests)) return Promise.resolve();
    return new Promise<void>((resolve, reject) => {
      const timer = setTimeout(
        () =>
          reject(
            new Error(
              `receiver: ${what} did not happen within ${timeoutMs} ms (${this.requests.length} requests)`,
            ),
          ),
        timeoutMs,
      );
      this.waiters.push({
        check: () => check(this.requests),
        resolve: () => {
          clearTimeout(timer);
          resolve();
        },
      });
    });
  }

  /** Successful (2xx) requests, in the order they arrived. */
  delivered(): ReceivedRequest[] {
    return this.requests.filter((request) => request.status >= 200 && request.status < 300);
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
