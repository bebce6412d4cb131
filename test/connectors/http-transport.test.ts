import { createServer as createHttpServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { AddressInfo } from 'node:net';
import {
  classifyStatus,
  DESTINATION_NOT_ALLOWED_MESSAGE,
  HttpClient,
  HttpTransport,
  jsonDepthExceeds,
  linkTarget,
  nextOffsetPage,
  OutboundPolicy,
  parseJsonBody,
  parseRateLimit,
  parseRetryAfter,
  redactText,
  redactUrl,
  TransportError,
} from '../../src/connectors/http';
import { ConnectorError } from '../../src/connectors/types';
import { testPki } from '../fakes/graph';

type Handler = (req: IncomingMessage, res: ServerResponse) => void;

async function listen(server: Server): Promise<number> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as AddressInfo).port;
}

async function close(server: Server): Promise<void> {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
}

async function rejection(work: Promise<unknown>): Promise<Error> {
  try {
    await work;
  } catch (error) {
    if (error instanceof Error) return error;
  }
  throw new Error('expected a rejection');
}

const FAST = { maxThrottleRetries: 3, maxTemporaryRetries: 2, backoffMs: 5, maxWaitMs: 2_000 };

describe('outbound address policy', () => {
  const strict = new OutboundPolicy();

  it.each([
    '127.0.0.1',
    '127.8.9.10',
    '::1',
    '10.1.2.3',
    '172.16.0.1',
    '172.31.255.255',
    '192.168.1.1',
    '169.254.169.254',
    '100.100.100.200',
    'fe80::1',
    'fd00:ec2::254',
    'fc00::1',
    '0.0.0.0',
    '::',
    '224.0.0.1',
    'ff02::1',
    '255.255.255.255',
    '::ffff:127.0.0.1',
    '::ffff:a9fe:a9fe',
    'not-an-address',
  ])('refuses %s by default', (address) => {
    expect(strict.allowsAddress(address)).toBe(false);
  });

  it.each(['8.8.8.8', '172.32.0.1', '2606:4700:4700::1111', '::ffff:8.8.8.8'])(
    'allows the public %s',
    (address) => {
      expect(strict.allowsAddress(address)).toBe(true);
    },
  );

  it('allows what the operator lists, and nothing more', () => {
    const policy = OutboundPolicy.fromEnv({
      OUTBOUND_ALLOW_PRIVATE: '10.20.0.0/16, ::1',
      OUTBOUND_ALLOW_HOSTS: 'hr.internal.example:8443',
    });
    expect(policy.allowsAddress('10.20.3.4')).toBe(true);
    expect(policy.allowsAddress('10.21.3.4')).toBe(false);
    expect(policy.allowsAddress('::1')).toBe(true);
    expect(policy.allowsAddress('127.0.0.1')).toBe(false);
    expect(policy.allowsHost('HR.internal.example', 8443)).toBe(true);
    expect(policy.allowsHost('hr.internal.example', 443)).toBe(false);
  });

  it.each([
    [{ OUTBOUND_ALLOW_PRIVATE: '10.0.0.0/33' }, /OUTBOUND_ALLOW_PRIVATE/],
    [{ OUTBOUND_ALLOW_PRIVATE: 'intranet' }, /OUTBOUND_ALLOW_PRIVATE/],
    [{ OUTBOUND_ALLOW_HOSTS: 'hr.internal.example' }, /OUTBOUND_ALLOW_HOSTS.*port is required/],
  ])('refuses a malformed setting %p', (env, message) => {
    expect(() => OutboundPolicy.fromEnv(env)).toThrow(message);
  });
});

describe('http transport: refused destinations', () => {
  let allowed: Server;
  let allowedPort: number;
  let other: Server;
  let otherPort: number;
  let hits = 0;

  beforeAll(async () => {
    other = createHttpServer((_req, res) => {
      hits += 1;
      res.end('{}');
    });
    otherPort = await listen(other);
    allowed = createHttpServer((req, res) => {
      const target = new URL(req.url ?? '/', 'http://x').searchParams.get('to');
      if (target) {
        res.writeHead(302, { location: target });
        res.end();
        return;
      }
      res.end('{"ok":true}');
    });
    allowedPort = await listen(allowed);
  });

  afterAll(async () => {
    await close(allowed);
    await close(other);
  });

  /** Only the allowed fake's own host:port is allowed: loopback as such is not. */
  const transport = () =>
    new HttpTransport({ outbound: new OutboundPolicy({ allowHosts: [`127.0.0.1:${allowedPort}`] }) });

  it('refuses 127.0.0.1:5432, another local port, a name for loopback and 169.254.169.254 alike, also through a redirect', async () => {
    const targets = [
      'http://127.0.0.1:5432/',
      `http://127.0.0.1:${otherPort}/`,
      `http://localhost:${otherPort}/`,
      'http://169.254.169.254/latest/meta-data/',
      'http://[::1]:5432/',
    ];
    const errors: Error[] = [];
    for (const url of targets) {
      errors.push(await rejection(transport().send({ method: 'GET', url, timeoutMs: 2_000 })));
      const via = `http://127.0.0.1:${allowedPort}/?to=${encodeURIComponent(url)}`;
      errors.push(
        await rejection(transport().send({ method: 'GET', url: via, timeoutMs: 2_000, maxRedirects: 3 })),
      );
    }
    for (const error of errors) {
      expect(error).toBeInstanceOf(TransportError);
      expect(error).toMatchObject({
        kind: 'DESTINATION_NOT_ALLOWED',
        message: DESTINATION_NOT_ALLOWED_MESSAGE,
      });
    }
    expect(hits).toBe(0);
  });

  it('gives a connector the same error for each refused destination', async () => {
    const client = (url: string) =>
      new HttpClient({ transport: transport(), service: 'the HRIS server', timeoutMs: 2_000, retry: FAST })
        .send({ url, what: 'downloading', signal: new AbortController().signal, maxRedirects: 2 })
        .catch((error: unknown) => error);
    const answers = await Promise.all(
      ['http://127.0.0.1:5432/x', `http://127.0.0.1:${otherPort}/y`, 'http://169.254.169.254/z'].map(client),
    );
    for (const answer of answers) expect(answer).toBeInstanceOf(ConnectorError);
    const shapes = answers.map((answer) => {
      const error = answer as ConnectorError;
      return { code: error.code, message: error.message, retryable: error.retryable };
    });
    expect(shapes[0]).toEqual({
      code: 'DESTINATION_NOT_ALLOWED',
      message: `the HRIS server: ${DESTINATION_NOT_ALLOWED_MESSAGE}`,
      retryable: false,
    });
    expect(shapes[1]).toEqual(shapes[0]);
    expect(shapes[2]).toEqual(shapes[0]);
  });

  it('reaches an allowed host, and loopback when the operator allows its range', async () => {
    const response = await transport().send({
      method: 'GET',
      url: `http://127.0.0.1:${allowedPort}/`,
      timeoutMs: 2_000,
    });
    expect(response.body.toString()).toBe('{"ok":true}');
    const open = new HttpTransport({ outbound: new OutboundPolicy({ allowPrivate: ['127.0.0.0/8'] }) });
    const other = await open.send({ method: 'GET', url: `http://localhost:${otherPort}/`, timeoutMs: 2_000 });
    expect(other.status).toBe(200);
  });
});

describe('http transport: exchange', () => {
  let server: Server;
  let base: string;
  let handler: Handler = (_req, res) => res.end();
  const seen: IncomingMessage[] = [];
  const loopback = new OutboundPolicy({ allowPrivate: ['127.0.0.1/32'] });

  beforeAll(async () => {
    server = createHttpServer((req, res) => {
      seen.push(req);
      handler(req, res);
    });
    base = `http://127.0.0.1:${await listen(server)}`;
  });
  afterAll(() => close(server));
  beforeEach(() => {
    seen.length = 0;
  });

  const client = (overrides: Partial<ConstructorParameters<typeof HttpClient>[0]> = {}) =>
    new HttpClient({
      transport: new HttpTransport({ outbound: loopback }),
      service: 'Acme HR',
      timeoutMs: 1_000,
      retry: FAST,
      ...overrides,
    });
  const signal = () => new AbortController().signal;

  it('waits out a 429 with Retry-After and a 503, then returns the answer', async () => {
    let calls = 0;
    handler = (_req, res) => {
      calls += 1;
      if (calls === 1) res.writeHead(429, { 'retry-after': '0' }).end();
      else if (calls === 2) res.writeHead(503).end();
      else res.writeHead(200, { 'content-type': 'application/json' }).end('{"workers":[1,2]}');
    };
    const http = client();
    expect(await http.json({ url: `${base}/workers`, what: 'reading workers', signal: signal() })).toEqual({
      workers: [1, 2],
    });
    expect(http.throttledRetries).toBe(1);
    expect(calls).toBe(3);
  });

  it('gives up on throttling after the bound, with the wait the server asked for', async () => {
    handler = (_req, res) => res.writeHead(429, { 'retry-after': '600' }).end();
    const error = await rejection(
      client().send({ url: `${base}/x`, what: 'reading workers', signal: signal() }),
    );
    expect(error).toMatchObject({ code: 'THROTTLED', retryAfterMs: 600_000, retryable: true });
  });

  it.each([
    [401, 'AUTH'],
    [403, 'PERMISSION'],
    [404, 'NOT_FOUND'],
    [400, 'CONFIGURATION'],
    [502, 'TEMPORARY'],
    [504, 'TEMPORARY'],
  ])('maps HTTP %d to %s, retrying only what a retry can fix', async (status, code) => {
    let calls = 0;
    handler = (_req, res) => {
      calls += 1;
      res.writeHead(status).end();
    };
    const error = await rejection(
      client().send({ url: `${base}/x`, what: 'reading workers', signal: signal() }),
    );
    expect(error).toMatchObject({ code });
    expect(calls).toBe(code === 'TEMPORARY' ? 3 : 1);
  });

  it('refreshes credentials once after a 401', async () => {
    const tokens = ['old-token-123', 'new-token-456'];
    const asked: boolean[] = [];
    handler = (req, res) =>
      res.writeHead(req.headers.authorization === 'Bearer new-token-456' ? 200 : 401).end('{}');
    const http = client({
      authorize: async (refresh) => {
        asked.push(refresh);
        return { authorization: `Bearer ${tokens[refresh ? 1 : 0]}` };
      },
    });
    await http.send({ url: `${base}/x`, what: 'reading', signal: signal() });
    expect(asked).toEqual([false, true]);
  });

  it('retries a reset connection, then says TEMPORARY with the reason', async () => {
    handler = (req) => req.socket.destroy();
    const error = await rejection(
      client().send({ url: `${base}/x`, what: 'reading workers', signal: signal() }),
    );
    expect(error).toMatchObject({
      code: 'TEMPORARY',
      message: expect.stringMatching(/could not be reached \(ECONNRESET\)/),
    });
    expect(seen).toHaveLength(3);
  });

  it('times out the whole request', async () => {
    handler = (_req, res) => res.writeHead(200).write('{"partial":'); // never ends
    const error = await rejection(
      client({ retry: { ...FAST, maxTemporaryRetries: 0 } }).send({
        url: `${base}/x`,
        what: 'reading',
        signal: signal(),
      }),
    );
    expect(error).toMatchObject({
      code: 'TEMPORARY',
      message: expect.stringMatching(/did not answer within 1000 ms/),
    });
  });

  it('refuses an answer larger than the cap as INVALID_DATA', async () => {
    handler = (_req, res) => res.end('x'.repeat(5_000));
    const http = client({ transport: new HttpTransport({ outbound: loopback, maxResponseBytes: 1_000 }) });
    const error = await rejection(http.send({ url: `${base}/x`, what: 'reading', signal: signal() }));
    expect(error).toMatchObject({
      code: 'INVALID_DATA',
      message: expect.stringMatching(/larger than 1000 bytes/),
    });
  });

  it('refuses JSON nested too deep and malformed JSON as INVALID_DATA', async () => {
    handler = (_req, res) => res.end('['.repeat(200) + ']'.repeat(200));
    await expect(
      client().json({ url: `${base}/x`, what: 'reading', signal: signal() }),
    ).rejects.toMatchObject({
      code: 'INVALID_DATA',
      message: expect.stringMatching(/deeper than 64 levels/),
    });
    handler = (_req, res) => res.end('{"a": ');
    await expect(
      client().json({ url: `${base}/x`, what: 'reading', signal: signal() }),
    ).rejects.toMatchObject({
      code: 'INVALID_DATA',
    });
  });

  it('keeps secrets out of messages', async () => {
    handler = (_req, res) => res.writeHead(400).end('{"error":"bad key s3cret-api-key"}');
    const http = client({
      secrets: ['s3cret-api-key'],
      describeErrorBody: (response) => response.body.toString(),
    });
    const error = await rejection(
      http.send({ url: `${base}/x?api_key=s3cret-api-key&page=2`, what: 'reading', signal: signal() }),
    );
    expect(error.message).toMatch(/HTTP 400/);
    expect(error.message).not.toContain('s3cret-api-key');
  });

  it('drops credentials on a redirect to another origin, keeps them on the same origin', async () => {
    const second = createHttpServer((req, res) =>
      res.end(JSON.stringify({ auth: req.headers.authorization ?? null })),
    );
    const secondBase = `http://localhost:${await listen(second)}`;
    try {
      handler = (req, res) => {
        if (req.url === '/same') res.writeHead(307, { location: '/final' }).end();
        else if (req.url === '/final') res.end(JSON.stringify({ auth: req.headers.authorization ?? null }));
        else res.writeHead(302, { location: `${secondBase}/elsewhere` }).end();
      };
      const transport = new HttpTransport({
        outbound: new OutboundPolicy({ allowPrivate: ['127.0.0.1', '::1'] }),
      });
      const headers = { authorization: 'Bearer abcdef123456' };
      const same = await transport.send({
        method: 'GET',
        url: `${base}/same`,
        headers,
        timeoutMs: 2_000,
        maxRedirects: 2,
      });
      expect(JSON.parse(same.body.toString())).toEqual({ auth: 'Bearer abcdef123456' });
      const away = await transport.send({
        method: 'GET',
        url: `${base}/away`,
        headers,
        timeoutMs: 2_000,
        maxRedirects: 2,
      });
      expect(JSON.parse(away.body.toString())).toEqual({ auth: null });
      const unfollowed = await transport.send({
        method: 'GET',
        url: `${base}/away`,
        headers,
        timeoutMs: 2_000,
      });
      expect(unfollowed.status).toBe(302);
    } finally {
      await close(second);
    }
  });
});

describe('http transport: TLS', () => {
  let server: Server;
  let url: string;

  beforeAll(async () => {
    const pki = testPki();
    server = createHttpsServer({ cert: pki.serverCertPem, key: pki.serverKeyPem }, (_req, res) =>
      res.end('{}'),
    );
    url = `https://127.0.0.1:${await listen(server)}/`;
  });
  afterAll(() => close(server));

  const loopback = new OutboundPolicy({ allowPrivate: ['127.0.0.1'] });

  it('trusts a private CA given per connection', async () => {
    const transport = new HttpTransport({
      outbound: loopback,
      caCertificatePem: testPki().caPem,
      requireHttps: true,
    });
    expect((await transport.send({ method: 'GET', url, timeoutMs: 2_000 })).status).toBe(200);
  });

  it('maps an untrusted certificate to CONFIGURATION naming caCertificatePem', async () => {
    const client = new HttpClient({
      transport: new HttpTransport({ outbound: loopback }),
      service: 'Acme HR',
      timeoutMs: 2_000,
    });
    const error = await rejection(
      client.send({ url, what: 'reading', signal: new AbortController().signal }),
    );
    expect(error).toMatchObject({
      code: 'CONFIGURATION',
      message: expect.stringMatching(/not trusted .*caCertificatePem/),
    });
  });

  it('refuses plain http when https is required', async () => {
    const transport = new HttpTransport({ outbound: loopback, requireHttps: true });
    const error = await rejection(
      transport.send({ method: 'GET', url: 'http://127.0.0.1:1/', timeoutMs: 1_000 }),
    );
    expect(error).toMatchObject({ kind: 'NOT_HTTPS' });
  });
});

describe('http helpers', () => {
  it('reads Retry-After as seconds or an HTTP date', () => {
    const now = Date.parse('2024-01-01T00:00:00Z');
    expect(parseRetryAfter('7', now)).toBe(7000);
    expect(parseRetryAfter('Mon, 01 Jan 2024 00:00:30 GMT', now)).toBe(30_000);
    expect(parseRetryAfter('Sun, 31 Dec 2023 00:00:00 GMT', now)).toBe(0);
    expect(parseRetryAfter('soon', now)).toBeUndefined();
    expect(parseRetryAfter('-1', now)).toBeUndefined();
    expect(parseRetryAfter(null, now)).toBeUndefined();
  });

  it('classifies statuses', () => {
    expect(classifyStatus(200)).toBe('ok');
    expect(classifyStatus(429)).toBe('throttled');
    expect(classifyStatus(503, true)).toBe('throttled');
    expect(classifyStatus(503)).toBe('temporary');
    expect(classifyStatus(400)).toBe('rejected');
    expect(classifyStatus(410)).toBe('not_found');
  });

  it('reads rate-limit headers, reset as epoch seconds or seconds from now', () => {
    const now = Date.parse('2024-01-01T00:00:00Z');
    expect(
      parseRateLimit(
        {
          'x-rate-limit-limit': '600',
          'x-rate-limit-remaining': '3',
          'x-rate-limit-reset': String(now / 1000 + 30),
        },
        now,
      ),
    ).toEqual({ limit: 600, remaining: 3, resetInMs: 30_000 });
    expect(parseRateLimit({ 'ratelimit-remaining': '0', 'ratelimit-reset': '12' }, now)).toEqual({
      limit: null,
      remaining: 0,
      resetInMs: 12_000,
    });
    expect(parseRateLimit({}, now)).toBeNull();
  });

  it('redacts tokens, passwords and secret query values', () => {
    expect(redactUrl('https://u:p@h.example/x?sig=abc&page=2&access_token=t')).toBe(
      'https://%5Bredacted%5D:%5Bredacted%5D@h.example/x?sig=%5Bredacted%5D&page=2&access_token=%5Bredacted%5D',
    );
    const text = redactText(
      'GET https://h.example/x?api_key=k1234567 with Authorization: Bearer eyJabc.def.ghi and pw hunter22',
      ['hunter22'],
    );
    expect(text).not.toMatch(/k1234567|eyJabc|hunter22/);
  });

  it('measures JSON depth outside strings', () => {
    expect(jsonDepthExceeds('{"a":"[[[[[[[["}', 2)).toBe(false);
    expect(jsonDepthExceeds('[[[1]]]', 2)).toBe(true);
    expect(parseJsonBody('\uFEFF{"a":1}', 'the answer')).toEqual({ a: 1 });
  });

  it('follows Link headers and offsets', () => {
    expect(linkTarget('<https://a.example/u?after=2>; rel="next", <https://a.example/u>; rel="self"')).toBe(
      'https://a.example/u?after=2',
    );
    expect(linkTarget('<https://a.example/u>; rel="self"')).toBeNull();
    expect(nextOffsetPage({ offset: 0, limit: 100 }, 100, 250)).toEqual({ offset: 100, limit: 100 });
    expect(nextOffsetPage({ offset: 200, limit: 100 }, 50, 250)).toBeNull();
    expect(nextOffsetPage({ offset: 100, limit: 100 }, 100, 200)).toBeNull();
  });
});
