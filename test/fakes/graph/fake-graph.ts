import {
  createHash,
  createPublicKey,
  KeyObject,
  randomBytes,
  randomUUID,
  verify,
  X509Certificate,
  constants,
} from 'node:crypto';
import { IncomingMessage, ServerResponse } from 'node:http';
import { createServer, Server } from 'node:https';
import { AddressInfo } from 'node:net';
import { testPki, TestPki } from './pki';
import { FakeTenant, GROUP_PROPERTIES, USER_PROPERTIES } from './tenant';

/** An app registration in the fake tenant: its credentials and the application permissions admin-consented. */
export interface FakeApp {
  clientId: string;
  clientSecret?: string;
  /** PEM of the certificate uploaded to the app registration. */
  certificatePem?: string;
  roles: Set<string>;
}

/** What the fake saw of one request, for matching faults and for assertions. */
export interface FakeRequest {
  kind: 'token' | 'openid' | 'users-delta' | 'groups-delta' | 'users-count' | 'other';
  method: string;
  path: string;
  query: URLSearchParams;
  headers: IncomingMessage['headers'];
  /** For delta requests: 0 for a round's first request (initial or deltaLink), n for its nth nextLink. */
  page: number | null;
  /** For delta requests: whether the round resumes a deltaLink. */
  incremental: boolean;
}

export interface FakeReply {
  status: number;
  headers?: Record<string, string>;
  body?: unknown;
  /** Answer only after this long (to try timeouts). */
  delayMs?: number;
}

interface Fault {
  match: (request: FakeRequest) => boolean;
  reply: FakeReply;
  remaining: number;
}

interface Round {
  kind: 'users' | 'groups';
  items: Record<string, unknown>[];
  endsAt: number;
  select: string[];
  incremental: boolean;
  pageSize: number;
}

interface DeltaState {
  kind: 'users' | 'groups';
  since: number;
  select: string[];
  generation: number;
}

interface IssuedToken {
  clientId: string;
  expiresAt: number;
}

/** Default page size of a delta round when the client states no preference (Graph's is 100 for directory objects). */
const DEFAULT_PAGE_SIZE = 100;
const JSON_TYPE =
  'application/json;odata.metadata=minimal;odata.streaming=true;IEEE754Compatible=false;charset=utf-8';

function base64url(value: Buffer | string): string {
  return Buffer.from(value).toString('base64url');
}

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
}

/**
 * Microsoft Entra and Microsoft Graph, faked over HTTPS (a test CA): the authority's OpenID
 * configuration and token endpoint (client secret or certificate assertion, with the real AADSTS
 * error bodies), and Graph's /users/delta, /groups/delta and /users/$count with the documented
 * shapes: @odata.context, value, @odata.nextLink ($skiptoken) / @odata.deltaLink ($deltatoken),
 * @removed, manager@delta and members@delta. Its tenant can be changed between syncs; faults
 * (throttling, errors) can be queued for matching requests; every request is counted.
 */
export class FakeGraph {
  readonly tenant: FakeTenant;
  readonly app: FakeApp;
  readonly pki: TestPki;
  /** Every request, in order. */
  readonly requests: FakeRequest[] = [];
  /** Requests answered by a queued fault with 429 or 503. */
  throttled = 0;
  /** Splits a group's members@delta over consecutive objects of at most this many. */
  membersPerObject = Number.POSITIVE_INFINITY;
  /**
   * Updated users carry only their changed properties even without Prefer: return=minimal (Graph
   * promises "at least the properties that have been updated").
   */
  minimalUserUpdates = false;
  /** Graph may answer with fewer objects than odata.maxpagesize asks for: at most this many a page. */
  readonly pageLimit: { users: number; groups: number } = {
    users: Number.POSITIVE_INFINITY,
    groups: Number.POSITIVE_INFINITY,
  };
  /** Lifetime of issued access tokens, seconds. */
  tokenLifetimeSeconds = 3599;

  private server: Server | undefined;
  private port = 0;
  private readonly faults: Fault[] = [];
  private readonly rounds = new Map<string, Round>();
  private readonly deltaStates = new Map<string, DeltaState>();
  private generation = 0;
  private readonly tokens = new Map<string, IssuedToken>();
  private readonly controls = new Map<string, (query: URLSearchParams) => unknown>();

  constructor(
    options: { tenantId?: string; clientId?: string; clientSecret?: string; roles?: string[] } = {},
  ) {
    this.pki = testPki();
    this.tenant = new FakeTenant(options.tenantId);
    this.app = {
      clientId: options.clientId ?? randomUUID(),
      clientSecret: options.clientSecret ?? `fake~${randomBytes(18).toString('base64url')}`,
      certificatePem: this.pki.clientCertPem,
      roles: new Set(options.roles ?? ['User.Read.All', 'GroupMember.Read.All']),
    };
  }

  async start(): Promise<this> {
    this.server = createServer(
      { cert: this.pki.serverCertPem, key: this.pki.serverKeyPem },
      (request, response) => {
        this.handle(request, response).catch((error: unknown) => {
          response.writeHead(500, { 'content-type': 'text/plain' });
          response.end(`fake graph failed: ${error instanceof Error ? error.message : String(error)}`);
        });
      },
    );
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.port = (this.server.address() as AddressInfo).port;
    return this;
  }

  async stop(): Promise<void> {
    if (!this.server) return;
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server!.close(() => resolve()));
    this.server = undefined;
  }

  /** https://127.0.0.1:port — the authorityHost of a connection to this fake. */
  get origin(): string {
    return `https://127.0.0.1:${this.port}`;
  }

  /** The graphBaseUrl of a connection to this fake. */
  get graphBaseUrl(): string {
    return `${this.origin}/v1.0`;
  }

  /** A connection configuration that reaches this fake (client secret unless overridden). */
  config(overrides: Record<string, unknown> = {}): Record<string, unknown> {
    return {
      tenantId: this.tenant.tenantId,
      clientId: this.app.clientId,
      clientSecret: this.app.clientSecret,
      authorityHost: this.origin,
      graphBaseUrl: this.graphBaseUrl,
      caCertificatePem: this.pki.caPem,
      ...overrides,
    };
  }

  // ----------------------------------------------------------------------------- controls

  /** Answers the next `times` matching requests with the given reply instead. */
  fail(match: (request: FakeRequest) => boolean, reply: FakeReply, times = 1): void {
    this.faults.push({ match, reply, remaining: times });
  }

  /** Throttles the next `times` matching requests: 429 (or 503) with Retry-After and Graph's error body. */
  throttle(
    match: (request: FakeRequest) => boolean,
    options: { retryAfterSeconds?: number; times?: number; status?: 429 | 503 } = {},
  ): void {
    const status = options.status ?? 429;
    this.fail(
      match,
      {
        status,
        headers: { 'retry-after': String(options.retryAfterSeconds ?? 1) },
        body: graphErrorBody(
          status === 429 ? 'TooManyRequests' : 'serviceNotAvailable',
          status === 429
            ? 'Too many requests. Please retry after the time given in Retry-After.'
            : 'Service unavailable. Please retry later.',
        ),
      },
      options.times ?? 1,
    );
  }

  /** Every delta token issued so far stops working (410 Gone, syncStateNotFound), as after the 7-day limit. */
  expireDeltaTokens(): void {
    this.generation += 1;
  }

  /** Access tokens issued so far are refused (401), as after a revocation or key rollover. */
  revokeAccessTokens(): void {
    this.tokens.clear();
  }

  /**
   * Answers POST <path> with handler(query) as JSON, outside Graph's namespace: how a fake running
   * in a process of its own (the bench's) is changed between syncs.
   */
  control(path: string, handler: (query: URLSearchParams) => unknown): void {
    this.controls.set(path, handler);
  }

  count(kind: FakeRequest['kind']): number {
    return this.requests.filter((request) => request.kind === kind).length;
  }

  // ----------------------------------------------------------------------------- routing

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', this.origin);
    const path = url.pathname;
    const body = request.method === 'POST' ? await readBody(request) : '';
    const control = request.method === 'POST' ? this.controls.get(path) : undefined;
    if (control) return this.reply(response, { status: 200, body: control(url.searchParams) });
    const info: FakeRequest = {
      kind: 'other',
      method: request.method ?? 'GET',
      path,
      query: url.searchParams,
      headers: request.headers,
      page: null,
      incremental: false,
    };
    const tenantSegment = path.split('/')[1] ?? '';
    if (request.method === 'POST' && /^\/[^/]+\/oauth2\/v2\.0\/token$/.test(path)) info.kind = 'token';
    else if (request.method === 'GET' && /^\/[^/]+\/v2\.0\/\.well-known\/openid-configuration$/.test(path))
      info.kind = 'openid';
    else if (path === '/v1.0/users/delta') info.kind = 'users-delta';
    else if (path === '/v1.0/groups/delta') info.kind = 'groups-delta';
    else if (path === '/v1.0/users/$count') info.kind = 'users-count';
    if (info.kind === 'users-delta' || info.kind === 'groups-delta') {
      const skip = readSkipToken(url.searchParams.get('$skiptoken'));
      info.page = skip ? skip.page : 0;
      info.incremental = skip
        ? (this.rounds.get(skip.round)?.incremental ?? false)
        : url.searchParams.has('$deltatoken');
    }
    this.requests.push(info);

    const fault = this.faults.find((candidate) => candidate.remaining > 0 && candidate.match(info));
    if (fault) {
      fault.remaining -= 1;
      if (fault.reply.status === 429 || fault.reply.status === 503) this.throttled += 1;
      if (fault.reply.delayMs) {
        const delay = fault.reply.delayMs;
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, delay);
          response.on('close', () => {
            clearTimeout(timer);
            resolve();
          });
        });
        if (response.destroyed) return;
      }
      return this.reply(response, fault.reply);
    }

    switch (info.kind) {
      case 'token':
        return this.reply(response, this.token(tenantSegment, body, `${this.origin}${path}`));
      case 'openid':
        return this.reply(response, this.openIdConfiguration(tenantSegment));
      case 'users-delta':
      case 'groups-delta':
      case 'users-count': {
        const denied = this.authorize(request, info.kind);
        if (denied) return this.reply(response, denied);
        if (info.kind === 'users-count') return this.reply(response, this.userCount(request));
        return this.reply(
          response,
          this.delta(info.kind === 'users-delta' ? 'users' : 'groups', url, request),
        );
      }
      default:
        return this.reply(response, {
          status: 404,
          body: graphErrorBody('Request_UnsupportedQuery', `Unsupported request: ${path}`),
        });
    }
  }

  private reply(response: ServerResponse, reply: FakeReply): void {
    const headers: Record<string, string> = {
      'request-id': randomUUID(),
      'client-request-id': randomUUID(),
      ...reply.headers,
    };
    if (reply.body === undefined) {
      response.writeHead(reply.status, headers);
      response.end();
      return;
    }
    if (typeof reply.body === 'string') {
      response.writeHead(reply.status, { 'content-type': 'text/plain;charset=utf-8', ...headers });
      response.end(reply.body);
      return;
    }
    response.writeHead(reply.status, { 'content-type': JSON_TYPE, ...headers });
    response.end(JSON.stringify(reply.body));
  }

  // ----------------------------------------------------------------------------- authority

  private knowsTenant(segment: string): boolean {
    return segment.toLowerCase() === this.tenant.tenantId.toLowerCase();
  }

  private openIdConfiguration(tenant: string): FakeReply {
    if (!this.knowsTenant(tenant))
      return aadError(
        400,
        'invalid_tenant',
        90002,
        `Tenant '${tenant}' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud.`,
      );
    const base = `${this.origin}/${tenant}`;
    return {
      status: 200,
      body: {
        token_endpoint: `${base}/oauth2/v2.0/token`,
        token_endpoint_auth_methods_supported: [
          'client_secret_post',
          'private_key_jwt',
          'client_secret_basic',
        ],
        jwks_uri: `${this.origin}/${tenant}/discovery/v2.0/keys`,
        response_modes_supported: ['query', 'fragment', 'form_post'],
        subject_types_supported: ['pairwise'],
        id_token_signing_alg_values_supported: ['RS256'],
        response_types_supported: ['code', 'id_token', 'code id_token', 'id_token token'],
        scopes_supported: ['openid', 'profile', 'email', 'offline_access'],
        issuer: `${this.origin}/${this.tenant.tenantId}/v2.0`,
        request_uri_parameter_supported: false,
        authorization_endpoint: `${base}/oauth2/v2.0/authorize`,
        device_authorization_endpoint: `${base}/oauth2/v2.0/devicecode`,
        end_session_endpoint: `${base}/oauth2/v2.0/logout`,
        tenant_region_scope: 'EU',
        cloud_instance_name: 'microsoftonline.com',
      },
    };
  }

  private token(tenant: string, body: string, tokenEndpoint: string): FakeReply {
    const form = new URLSearchParams(body);
    if (!this.knowsTenant(tenant)) {
      return aadError(
        400,
        'invalid_request',
        90002,
        `Tenant '${tenant}' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud.`,
      );
    }
    if (form.get('grant_type') !== 'client_credentials') {
      return aadError(400, 'unsupported_grant_type', 70003, 'The app requested an unsupported grant type.');
    }
    const clientId = form.get('client_id') ?? '';
    if (clientId.toLowerCase() !== this.app.clientId.toLowerCase()) {
      return aadError(
        400,
        'unauthorized_client',
        700016,
        `Application with identifier '${clientId}' was not found in the directory '${this.tenant.tenantId}'. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant. You may have sent your authentication request to the wrong tenant.`,
      );
    }
    const scopes = (form.get('scope') ?? '').split(' ').filter(Boolean);
    if (scopes.length === 0 || !scopes.every((scope) => scope.endsWith('/.default'))) {
      return aadError(
        400,
        'invalid_scope',
        1002012,
        `The provided value for scope ${scopes.join(' ')} is not valid. Client credential flows must have a scope value with /.default suffixed to the resource identifier (application ID URI).`,
      );
    }
    if (scopes.length !== 1 || scopes[0] !== `${this.origin}/.default`) {
      return aadError(
        400,
        'invalid_resource',
        500011,
        `The resource principal named ${scopes[0].replace('/.default', '')} was not found in the tenant named ${this.tenant.tenantId}. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant.`,
      );
    }
    const secret = form.get('client_secret');
    const assertion = form.get('client_assertion');
    if (secret !== null) {
      if (secret !== this.app.clientSecret) {
        return aadError(
          401,
          'invalid_client',
          7000215,
          `Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app '${this.app.clientId}'.`,
        );
      }
    } else if (assertion !== null) {
      if (form.get('client_assertion_type') !== 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer') {
        return aadError(400, 'invalid_request', 90018, 'The client_assertion_type is not supported.');
      }
      const problem = this.checkAssertion(assertion, tokenEndpoint);
      if (problem) return aadError(401, 'invalid_client', 700027, problem);
    } else {
      return aadError(
        401,
        'invalid_client',
        7000218,
        "The request body must contain the following parameter: 'client_assertion' or 'client_secret'.",
      );
    }
    const accessToken = `eyJ0eXAiOiJKV1Qi.${randomBytes(24).toString('base64url')}`;
    this.tokens.set(accessToken, {
      clientId: this.app.clientId,
      expiresAt: Date.now() + this.tokenLifetimeSeconds * 1000,
    });
    return {
      status: 200,
      body: {
        token_type: 'Bearer',
        expires_in: this.tokenLifetimeSeconds,
        ext_expires_in: this.tokenLifetimeSeconds,
        access_token: accessToken,
      },
    };
  }

  /** A client assertion (RFC 7523) signed with the registered certificate's key, naming it by thumbprint. */
  private checkAssertion(assertion: string, tokenEndpoint: string): string | null {
    if (!this.app.certificatePem)
      return 'Client assertion contains an invalid signature. No certificate is registered for the app.';
    const parts = assertion.split('.');
    if (parts.length !== 3) return 'Client assertion is not a valid JWT.';
    let header: Record<string, unknown>;
    let payload: Record<string, unknown>;
    try {
      header = JSON.parse(Buffer.from(parts[0], 'base64url').toString('utf8')) as Record<string, unknown>;
      payload = JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf8')) as Record<string, unknown>;
    } catch {
      return 'Client assertion is not a valid JWT.';
    }
    const certificate = new X509Certificate(this.app.certificatePem);
    const sha1 = base64url(createHash('sha1').update(certificate.raw).digest());
    const sha256 = base64url(createHash('sha256').update(certificate.raw).digest());
    if (header.x5t !== sha1 && header['x5t#S256'] !== sha256) {
      return `Client assertion contains an invalid signature. [Reason - The key was not found., Thumbprint of key used by client: '${String(header.x5t ?? header['x5t#S256'])}']`;
    }
    const key: KeyObject = createPublicKey(this.app.certificatePem);
    const data = Buffer.from(`${parts[0]}.${parts[1]}`);
    const signature = Buffer.from(parts[2], 'base64url');
    const valid =
      header.alg === 'RS256'
        ? verify('sha256', data, key, signature)
        : header.alg === 'PS256'
          ? verify(
              'sha256',
              data,
              { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: 32 },
              signature,
            )
          : false;
    if (!valid) return 'Client assertion failed signature validation.';
    if (payload.aud !== tokenEndpoint) return `The audience claim value is invalid '${String(payload.aud)}'.`;
    if (payload.iss !== this.app.clientId || payload.sub !== this.app.clientId)
      return 'The issuer and subject of the client assertion must be the client id.';
    if (typeof payload.exp !== 'number' || payload.exp * 1000 < Date.now())
      return 'The client assertion has expired.';
    return null;
  }

  // ----------------------------------------------------------------------------- graph

  private authorize(
    request: IncomingMessage,
    kind: 'users-delta' | 'groups-delta' | 'users-count',
  ): FakeReply | null {
    const header = request.headers.authorization ?? '';
    const token = header.startsWith('Bearer ') ? header.slice('Bearer '.length) : '';
    const issued = this.tokens.get(token);
    if (!issued || issued.expiresAt < Date.now()) {
      return {
        status: 401,
        headers: {
          'www-authenticate':
            'Bearer realm="", authorization_uri="https://login.microsoftonline.com/common/oauth2/authorize", client_id="00000003-0000-0000-c000-000000000000"',
        },
        body: graphErrorBody(
          'InvalidAuthenticationToken',
          token ? 'Lifetime validation failed, the token is expired.' : 'Access token is empty.',
        ),
      };
    }
    const allowed =
      kind === 'groups-delta'
        ? [
            'GroupMember.Read.All',
            'Group.Read.All',
            'Directory.Read.All',
            'Group.ReadWrite.All',
            'Directory.ReadWrite.All',
          ]
        : ['User.Read.All', 'User.ReadWrite.All', 'Directory.Read.All', 'Directory.ReadWrite.All'];
    if (!allowed.some((role) => this.app.roles.has(role))) {
      return {
        status: 403,
        body: graphErrorBody(
          'Authorization_RequestDenied',
          'Insufficient privileges to complete the operation.',
        ),
      };
    }
    return null;
  }

  private userCount(request: IncomingMessage): FakeReply {
    if (String(request.headers.consistencylevel ?? '').toLowerCase() !== 'eventual') {
      return {
        status: 400,
        body: graphErrorBody(
          'Request_BadRequest',
          'Count is not supported for this request. Use the ConsistencyLevel header with the value eventual.',
        ),
      };
    }
    // Graph answers $count as text/plain, with a byte order mark.
    return { status: 200, body: `\uFEFF${this.tenant.userCount()}` };
  }

  private delta(kind: 'users' | 'groups', url: URL, request: IncomingMessage): FakeReply {
    const params = url.searchParams;
    const collection = `${this.graphBaseUrl}/${kind}/delta`;
    const known = kind === 'users' ? USER_PROPERTIES : GROUP_PROPERTIES;
    for (const unsupported of ['$top', '$orderby', '$expand', '$search']) {
      if (params.has(unsupported)) {
        return {
          status: 400,
          body: graphErrorBody(
            'Request_UnsupportedQuery',
            `Unsupported query parameter ${unsupported} for delta.`,
          ),
        };
      }
    }
    const prefer = String(request.headers.prefer ?? '');
    const minimal = (kind === 'users' && this.minimalUserUpdates) || /return=minimal/i.test(prefer);
    const sizeMatch = /odata\.maxpagesize=(\d+)/i.exec(prefer);
    const pageSize = Math.min(999, Math.max(1, sizeMatch ? Number(sizeMatch[1]) : DEFAULT_PAGE_SIZE));

    const skiptoken = params.get('$skiptoken');
    let roundId: string;
    let offset: number;
    let page: number;
    if (skiptoken) {
      const skip = readSkipToken(skiptoken);
      const round = skip ? this.rounds.get(skip.round) : undefined;
      if (!skip || !round || round.kind !== kind) {
        return {
          status: 400,
          body: graphErrorBody(
            'Directory_ExpiredPageToken',
            'The specified page token value has expired and can no longer be included in your request.',
          ),
        };
      }
      roundId = skip.round;
      offset = skip.offset;
      page = skip.page;
    } else {
      let since: number | null = null;
      let select: string[];
      const deltatoken = params.get('$deltatoken');
      if (deltatoken) {
        const state = this.deltaStates.get(deltatoken);
        if (!state || state.kind !== kind || state.generation !== this.generation) {
          return this.gone(collection, 'The sync state generation is not found. Please resync.');
        }
        since = state.since;
        select = state.select;
      } else {
        select = (params.get('$select') ?? '')
          .split(',')
          .map((value) => value.trim())
          .filter(Boolean);
        const unknown = select.find((property) => !known.has(property));
        if (unknown) {
          return {
            status: 400,
            body: graphErrorBody(
              'Request_BadRequest',
              `Could not find a property named '${unknown}' on type 'microsoft.graph.${kind === 'users' ? 'user' : 'group'}'.`,
            ),
          };
        }
        if (select.length === 0) select = [...known];
      }
      const options = { select, minimal: minimal && since !== null, membersPerObject: this.membersPerObject };
      const items =
        kind === 'users' ? this.tenant.userDelta(since, options) : this.tenant.groupDelta(since, options);
      roundId = randomBytes(12).toString('base64url');
      offset = 0;
      page = 0;
      this.rounds.set(roundId, {
        kind,
        items,
        endsAt: this.tenant.now,
        select,
        incremental: since !== null,
        pageSize,
      });
    }
    const round = this.rounds.get(roundId)!;
    const size = Math.min(sizeMatch ? pageSize : round.pageSize, this.pageLimit[kind]);
    const value = round.items.slice(offset, offset + size);
    const context = `${this.graphBaseUrl}/$metadata#${kind}${offset === 0 && !params.has('$deltatoken') ? `(${round.select.join(',')})` : ''}`;
    const body: Record<string, unknown> = { '@odata.context': context };
    if (offset + size < round.items.length) {
      const next = base64url(
        JSON.stringify({ r: roundId, o: offset + size, p: page + 1, n: randomBytes(6).toString('hex') }),
      );
      body['@odata.nextLink'] = `${collection}?$skiptoken=${next}`;
    } else {
      const token = randomBytes(24).toString('base64url');
      this.deltaStates.set(token, {
        kind,
        since: round.endsAt,
        select: round.select,
        generation: this.generation,
      });
      this.rounds.delete(roundId);
      body['@odata.deltaLink'] = `${collection}?$deltatoken=${token}`;
    }
    body.value = value;
    return { status: 200, headers: { 'preference-applied': `odata.maxpagesize=${size}` }, body };
  }

  /** 410 Gone: the delta state is gone; Location says where a new round starts. */
  private gone(collection: string, message: string): FakeReply {
    return {
      status: 410,
      headers: { location: `${collection}?$deltatoken=` },
      body: graphErrorBody('syncStateNotFound', message),
    };
  }
}

/** The fake's $skiptoken: opaque to clients, a round id, an offset and a page number inside. */
function readSkipToken(token: string | null): { round: string; offset: number; page: number } | null {
  if (!token) return null;
  try {
    const parsed = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as {
      r?: unknown;
      o?: unknown;
      p?: unknown;
    };
    if (typeof parsed.r !== 'string' || typeof parsed.o !== 'number' || typeof parsed.p !== 'number')
      return null;
    return { round: parsed.r, offset: parsed.o, page: parsed.p };
  } catch {
    return null;
  }
}

/** Microsoft Graph's error body. */
export function graphErrorBody(code: string, message: string): Record<string, unknown> {
  return {
    error: {
      code,
      message,
      innerError: {
        date: new Date().toISOString().slice(0, 19),
        'request-id': randomUUID(),
        'client-request-id': randomUUID(),
      },
    },
  };
}

/** The identity platform's error body (AADSTS…). */
export function aadError(status: number, error: string, code: number, description: string): FakeReply {
  const traceId = randomUUID();
  const correlationId = randomUUID();
  const timestamp = new Date().toISOString().replace('T', ' ').slice(0, 19) + 'Z';
  return {
    status,
    body: {
      error,
      error_description: `AADSTS${code}: ${description} Trace ID: ${traceId} Correlation ID: ${correlationId} Timestamp: ${timestamp}`,
      error_codes: [code],
      timestamp,
      trace_id: traceId,
      correlation_id: correlationId,
      error_uri: `https://login.microsoftonline.com/error?code=${code}`,
    },
  };
}
