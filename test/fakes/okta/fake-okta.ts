/**
 * A fake Okta org on node:http, speaking the management API's documented shapes: user and group
 * objects, Link paging with `after` cursors, Okta error bodies (errorCode, errorSummary, errorLink,
 * errorId, errorCauses), X-Rate-Limit-* headers with a real budget per endpoint bucket (429 when
 * spent), SSWS tokens, and the org authorization server's /oauth2/v1/token for service apps
 * (private_key_jwt client assertions verified with the registered public key, optional DPoP with
 * nonce, DPoP-bound tokens checked on every API call).
 */
import { createHash, KeyObject, randomBytes } from 'node:crypto';
import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';
import {
  calculateJwkThumbprint,
  decodeJwt,
  decodeProtectedHeader,
  EmbeddedJWK,
  jwtVerify,
  JWTPayload,
} from 'jose';

export const OKTA_USER_STATUSES = [
  'STAGED',
  'PROVISIONED',
  'ACTIVE',
  'RECOVERY',
  'PASSWORD_EXPIRED',
  'LOCKED_OUT',
  'SUSPENDED',
  'DEPROVISIONED',
] as const;
export type OktaUserStatus = (typeof OKTA_USER_STATUSES)[number];
export type OktaGroupKind = 'OKTA_GROUP' | 'APP_GROUP' | 'BUILT_IN';
export type FakeBucket = 'users' | 'groups' | 'groupMembers' | 'token';

export interface FakeOktaUser {
  id: string;
  status: OktaUserStatus;
  created: string;
  activated: string | null;
  statusChanged: string | null;
  lastLogin: string | null;
  lastUpdated: string;
  passwordChanged: string | null;
  profile: Record<string, unknown>;
}

export interface FakeOktaGroup {
  id: string;
  type: OktaGroupKind;
  created: string;
  lastUpdated: string;
  lastMembershipUpdated: string;
  profile: { name: string; description: string | null };
  members: Set<string>;
}

/** A budget: `limit` calls per window of `windowSeconds`, windows aligned on epoch seconds. */
export interface RateLimit {
  limit: number;
  windowSeconds: number;
}

export interface FakeOAuthClient {
  clientId: string;
  publicKey: KeyObject;
  /** Scopes granted to the app (Okta API Scopes tab). */
  scopes: string[];
  /** "Require DPoP header in token requests" (on by default for new service apps). */
  requireDpop?: boolean;
  tokenSeconds?: number;
}

export interface RecordedRequest {
  at: number;
  method: string;
  path: string;
  query: Record<string, string>;
  bucket: FakeBucket | null;
  status: number;
  remaining: number | null;
  /** The Authorization scheme used (SSWS, Bearer, DPoP), never the credential. */
  scheme: string | null;
}

/** A canned answer for matching requests (5xx, slow answers, broken bodies…). */
export interface Fault {
  status?: number;
  body?: string;
  headers?: Record<string, string>;
  delayMs?: number;
}

interface IssuedToken {
  clientId: string;
  scopes: string[];
  expiresAt: number;
  /** Thumbprint of the DPoP key the token is bound to. */
  jkt: string | null;
}

const ALL_SCOPES = ['okta.users.read', 'okta.groups.read'];
const DEFAULT_LIMIT: RateLimit = { limit: 1000, windowSeconds: 60 };
const MAX_USERS_PAGE = 200;
const MAX_GROUPS_PAGE = 10_000;
const MAX_MEMBERS_PAGE = 1000;

const ERRORS = {
  E0000006: { status: 403, summary: 'You do not have permission to perform the requested action' },
  E0000007: { status: 404, summary: 'Not found: Resource not found' },
  E0000009: { status: 500, summary: 'Internal Server Error' },
  E0000011: { status: 401, summary: 'Invalid token provided' },
  E0000022: { status: 405, summary: 'The endpoint does not support the provided HTTP method' },
  E0000031: { status: 400, summary: 'Invalid search criteria.' },
  E0000047: { status: 429, summary: 'API call exceeded rate limit due to too many requests.' },
} as const;
type ErrorCode = keyof typeof ERRORS;

class Reply {
  constructor(
    readonly status: number,
    readonly body: unknown,
    readonly headers: Record<string, string | string[]> = {},
  ) {}
}

function oktaError(code: ErrorCode, summary?: string, headers: Record<string, string> = {}): Reply {
  return new Reply(
    ERRORS[code].status,
    {
      errorCode: code,
      errorSummary: summary ?? ERRORS[code].summary,
      errorLink: code,
      errorId: `oae${randomBytes(9).toString('base64url')}`,
      errorCauses: [],
    },
    headers,
  );
}

function oauthError(
  status: number,
  error: string,
  description: string,
  headers: Record<string, string> = {},
): Reply {
  return new Reply(status, { error, error_description: description }, headers);
}

const sha256 = (value: string) => createHash('sha256').update(value).digest('base64url');

/** Okta's filter language, as far as /api/v1/users supports it: eq on a few properties, comparisons on lastUpdated, and/or. */
function userFilter(expression: string): ((user: FakeOktaUser) => boolean) | null {
  const term =
    /^\(?\s*(status|lastUpdated|id|profile\.login|profile\.email|profile\.firstName|profile\.lastName)\s+(eq|gt|ge|lt|le)\s+"([^"]*)"\s*\)?$/i;
  const disjuncts: ((user: FakeOktaUser) => boolean)[] = [];
  for (const disjunct of expression.trim().split(/\s+or\s+/i)) {
    const conjuncts: ((user: FakeOktaUser) => boolean)[] = [];
    for (const part of disjunct.split(/\s+and\s+/i)) {
      const match = term.exec(part.trim());
      if (!match) return null;
      const [, property, operator, value] = match;
      const op = operator.toLowerCase();
      if (property === 'lastUpdated') {
        const at = Date.parse(value);
        if (Number.isNaN(at)) return null;
        const compare = {
          eq: (a: number) => a === at,
          gt: (a: number) => a > at,
          ge: (a: number) => a >= at,
          lt: (a: number) => a < at,
          le: (a: number) => a <= at,
        }[op];
        if (!compare) return null;
        conjuncts.push((user) => compare(Date.parse(user.lastUpdated)));
      } else {
        if (op !== 'eq') return null;
        const read = (user: FakeOktaUser): unknown =>
          property === 'status'
            ? user.status
            : property === 'id'
              ? user.id
              : user.profile[property.slice('profile.'.length)];
        conjuncts.push((user) => read(user) === value);
      }
    }
    disjuncts.push((user) => conjuncts.every((test) => test(user)));
  }
  return (user) => disjuncts.some((test) => test(user));
}

export class FakeOkta {
  url = '';
  readonly requests: RecordedRequest[] = [];
  readonly users = new Map<string, FakeOktaUser>();
  readonly groups = new Map<string, FakeOktaGroup>();
  /** Token requests answered 200. */
  tokensIssued = 0;
  private server: Server | null = null;
  private sequence = 0;
  private readonly apiTokens = new Map<string, string[]>();
  private readonly clients = new Map<string, FakeOAuthClient>();
  private readonly tokens = new Map<string, IssuedToken>();
  private readonly usedJtis = new Set<string>();
  private readonly limits = new Map<FakeBucket, RateLimit>();
  private readonly windows = new Map<FakeBucket, { window: number; used: number }>();
  private readonly stats = new Map<FakeBucket, { minRemaining: number; throttled: number }>();
  private readonly alwaysThrottled = new Set<FakeBucket>();
  private readonly faults: { pattern: RegExp; fault: Fault; times: number }[] = [];
  private dpopNonce = `n-${randomBytes(12).toString('base64url')}`;

  constructor(options: { rateLimits?: Partial<Record<FakeBucket, RateLimit>> } = {}) {
    for (const [bucket, limit] of Object.entries(options.rateLimits ?? {}) as [FakeBucket, RateLimit][]) {
      this.limits.set(bucket, limit);
    }
  }

  async start(): Promise<this> {
    this.server = createServer((request, response) => {
      this.handle(request, response).catch((error: unknown) => {
        if (!response.headersSent) {
          response.writeHead(500, { 'content-type': 'application/json' });
          response.end(JSON.stringify({ errorCode: 'E0000009', errorSummary: String(error) }));
        }
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  async stop(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = null;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  // ---------------------------------------------------------------------------------------------
  // The org's data

  addApiToken(token: string, scopes: string[] = ALL_SCOPES): void {
    this.apiTokens.set(token, scopes);
  }

  registerClient(client: FakeOAuthClient): void {
    this.clients.set(client.clientId, client);
  }

  /** Every issued access token stops working (as after a key rotation or revocation). */
  revokeTokens(): void {
    this.tokens.clear();
  }

  private nextId(prefix: string): string {
    this.sequence += 1;
    return `${prefix}${this.sequence.toString(36).padStart(9, '0')}x7Zq0h7`;
  }

  addUser(input: {
    profile: Record<string, unknown>;
    status?: OktaUserStatus;
    created?: string;
    lastUpdated?: string;
  }): FakeOktaUser {
    const now = new Date().toISOString();
    const status = input.status ?? 'ACTIVE';
    const lastUpdated = input.lastUpdated ?? now;
    const user: FakeOktaUser = {
      id: this.nextId('00u'),
      status,
      created: input.created ?? lastUpdated,
      activated: status === 'STAGED' ? null : (input.created ?? lastUpdated),
      statusChanged: status === 'ACTIVE' ? null : lastUpdated,
      lastLogin: null,
      lastUpdated,
      passwordChanged: null,
      profile: { ...input.profile },
    };
    this.users.set(user.id, user);
    return user;
  }

  /** A profile update, as an admin or a profile source would make it: lastUpdated moves to now. */
  updateUser(id: string, profile: Record<string, unknown>): FakeOktaUser {
    const user = this.user(id);
    user.profile = { ...user.profile, ...profile };
    user.lastUpdated = new Date().toISOString();
    return user;
  }

  /** A lifecycle change (deactivate → DEPROVISIONED, suspend → SUSPENDED…). */
  setStatus(id: string, status: OktaUserStatus): FakeOktaUser {
    const user = this.user(id);
    const now = new Date().toISOString();
    user.status = status;
    user.statusChanged = now;
    user.lastUpdated = now;
    return user;
  }

  /** Deletes a user outright (only possible in Okta once deprovisioned). */
  deleteUser(id: string): void {
    this.users.delete(id);
    for (const group of this.groups.values()) group.members.delete(id);
  }

  private user(id: string): FakeOktaUser {
    const user = this.users.get(id);
    if (!user) throw new Error(`no user ${id}`);
    return user;
  }

  addGroup(input: {
    name: string;
    description?: string | null;
    type?: OktaGroupKind;
    members?: string[];
    lastUpdated?: string;
  }): FakeOktaGroup {
    const at = input.lastUpdated ?? new Date().toISOString();
    const group: FakeOktaGroup = {
      id: this.nextId('00g'),
      type: input.type ?? 'OKTA_GROUP',
      created: at,
      lastUpdated: at,
      lastMembershipUpdated: at,
      profile: { name: input.name, description: input.description ?? null },
      members: new Set(input.members ?? []),
    };
    this.groups.set(group.id, group);
    return group;
  }

  addMembers(groupId: string, userIds: string[]): void {
    const group = this.groups.get(groupId);
    if (!group) throw new Error(`no group ${groupId}`);
    for (const id of userIds) group.members.add(id);
    group.lastMembershipUpdated = new Date().toISOString();
  }

  // ---------------------------------------------------------------------------------------------
  // Rate limits and faults

  setRateLimit(bucket: FakeBucket, limit: RateLimit): void {
    this.limits.set(bucket, limit);
  }

  /** The lowest X-Rate-Limit-Remaining the bucket has answered with, and how many 429s it sent. */
  rateStats(bucket: FakeBucket): { minRemaining: number | null; throttled: number } {
    const stats = this.stats.get(bucket);
    return {
      minRemaining: stats && Number.isFinite(stats.minRemaining) ? stats.minRemaining : null,
      throttled: stats?.throttled ?? 0,
    };
  }

  resetRateStats(): void {
    this.stats.clear();
  }

  /** Another app of the org spends the rest of the bucket's current window. */
  exhaust(bucket: FakeBucket): void {
    const limit = this.limitOf(bucket);
    this.windows.set(bucket, { window: this.windowOf(limit), used: limit.limit });
  }

  /** Resolves a little after the bucket's next window opens (so a test starts with a whole window). */
  async nextWindow(bucket: FakeBucket): Promise<void> {
    const { windowSeconds } = this.limitOf(bucket);
    const next = (this.windowOf(this.limitOf(bucket)) + 1) * windowSeconds * 1000;
    await new Promise((resolve) => setTimeout(resolve, next - Date.now() + 20));
  }

  /** Every call to the bucket answers 429 (a budget some other app keeps spent). */
  throttleAlways(bucket: FakeBucket, on = true): void {
    if (on) this.alwaysThrottled.add(bucket);
    else this.alwaysThrottled.delete(bucket);
  }

  /** The next `times` requests whose path matches answer with the fault instead. */
  fail(pattern: RegExp, fault: Fault, times = 1): void {
    this.faults.push({ pattern, fault, times });
  }

  requestsTo(bucket: FakeBucket): RecordedRequest[] {
    return this.requests.filter((request) => request.bucket === bucket);
  }

  private limitOf(bucket: FakeBucket): RateLimit {
    return this.limits.get(bucket) ?? DEFAULT_LIMIT;
  }

  private windowOf(limit: RateLimit): number {
    return Math.floor(Date.now() / 1000 / limit.windowSeconds);
  }

  /** Counts a call against its bucket: the headers to send, or null when the budget is spent. */
  private spend(bucket: FakeBucket): {
    headers: Record<string, string>;
    remaining: number;
    allowed: boolean;
  } {
    const limit = this.limitOf(bucket);
    const window = this.windowOf(limit);
    let state = this.windows.get(bucket);
    if (!state || state.window !== window) {
      state = { window, used: 0 };
      this.windows.set(bucket, state);
    }
    const allowed = state.used < limit.limit && !this.alwaysThrottled.has(bucket);
    if (allowed) state.used += 1;
    const remaining = allowed ? limit.limit - state.used : 0;
    const stats = this.stats.get(bucket) ?? { minRemaining: Infinity, throttled: 0 };
    if (allowed) stats.minRemaining = Math.min(stats.minRemaining, remaining);
    else stats.throttled += 1;
    this.stats.set(bucket, stats);
    return {
      allowed,
      remaining,
      headers: {
        'x-rate-limit-limit': String(limit.limit),
        'x-rate-limit-remaining': String(remaining),
        'x-rate-limit-reset': String((window + 1) * limit.windowSeconds),
      },
    };
  }

  // ---------------------------------------------------------------------------------------------
  // HTTP

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', this.url);
    const method = request.method ?? 'GET';
    const body = await new Promise<string>((resolve) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    });
    const bucket = this.bucketOf(method, url.pathname);
    const authorization = request.headers.authorization ?? null;
    const record: RecordedRequest = {
      at: Date.now(),
      method,
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      bucket,
      status: 0,
      remaining: null,
      scheme: authorization ? authorization.split(' ')[0] : null,
    };
    this.requests.push(record);

    let rate: ReturnType<FakeOkta['spend']> | null = null;
    let reply: Reply;
    const faultIndex = this.faults.findIndex((entry) => entry.pattern.test(url.pathname));
    if (bucket) rate = this.spend(bucket);
    if (rate && !rate.allowed) {
      reply = oktaError('E0000047');
    } else if (faultIndex >= 0) {
      const entry = this.faults[faultIndex];
      entry.times -= 1;
      if (entry.times <= 0) this.faults.splice(faultIndex, 1);
      if (entry.fault.delayMs) await new Promise((resolve) => setTimeout(resolve, entry.fault.delayMs));
      if (response.destroyed) return;
      record.status = entry.fault.status ?? 200;
      response.writeHead(record.status, {
        'content-type': 'application/json',
        ...rate?.headers,
        ...entry.fault.headers,
      });
      response.end(entry.fault.body ?? '');
      return;
    } else {
      reply = await this.route(method, url, request, body);
    }
    record.status = reply.status;
    record.remaining = rate?.remaining ?? null;
    response.writeHead(reply.status, {
      'content-type': 'application/json',
      date: new Date().toUTCString(),
      ...rate?.headers,
      ...reply.headers,
    });
    response.end(JSON.stringify(reply.body));
  }

  private bucketOf(method: string, path: string): FakeBucket | null {
    if (path === '/oauth2/v1/token') return 'token';
    if (method !== 'GET') return null;
    if (path === '/api/v1/users') return 'users';
    if (path === '/api/v1/groups') return 'groups';
    if (/^\/api\/v1\/groups\/[^/]+\/users$/.test(path)) return 'groupMembers';
    return null;
  }

  private async route(method: string, url: URL, request: IncomingMessage, body: string): Promise<Reply> {
    const path = url.pathname;
    if (path === '/oauth2/v1/token') {
      return method === 'POST' ? this.token(request, body) : oktaError('E0000022');
    }
    if (!path.startsWith('/api/v1/')) return oktaError('E0000007', 'Not found: Resource not found: ' + path);
    if (method !== 'GET') return oktaError('E0000022');
    const auth = await this.authenticate(request, method, url);
    if (auth instanceof Reply) return auth;
    const need = path.startsWith('/api/v1/users') ? 'okta.users.read' : 'okta.groups.read';
    if (!auth.includes(need)) {
      return oktaError('E0000006', undefined, {
        'www-authenticate': `Bearer realm="IdpMyAccountAPI", scope="${need}", error="insufficient_scope", error_description="The access token provided does not contain the required scopes."`,
      });
    }
    if (path === '/api/v1/users') return this.listUsers(url);
    if (path === '/api/v1/groups') return this.listGroups(url);
    const members = /^\/api\/v1\/groups\/([^/]+)\/users$/.exec(path);
    if (members) return this.listMembers(url, decodeURIComponent(members[1]));
    return oktaError('E0000007', 'Not found: Resource not found: ' + path);
  }

  /** The scopes the request may use, or the error reply. */
  private async authenticate(request: IncomingMessage, method: string, url: URL): Promise<string[] | Reply> {
    const [scheme, credential] = (request.headers.authorization ?? '').split(' ', 2);
    if (scheme === 'SSWS' && credential) {
      return this.apiTokens.get(credential) ?? oktaError('E0000011');
    }
    const token = credential ? this.tokens.get(credential) : undefined;
    if (!token || token.expiresAt <= Date.now()) return oktaError('E0000011');
    if (scheme === 'Bearer' && token.jkt === null) return token.scopes;
    if (scheme === 'DPoP' && token.jkt !== null) {
      const proof = request.headers.dpop;
      if (typeof proof !== 'string')
        return oktaError('E0000011', 'Invalid token provided: the DPoP proof is missing');
      const problem = await this.checkProof(proof, method, `${this.url}${url.pathname}`, {
        ath: sha256(credential),
        jkt: token.jkt,
      });
      return problem ? oktaError('E0000011', `Invalid token provided: ${problem}`) : token.scopes;
    }
    return oktaError('E0000011');
  }

  /** Why a DPoP proof is not acceptable; null when it is. */
  private async checkProof(
    proof: string,
    method: string,
    htu: string,
    expect: { ath?: string; jkt?: string; nonce?: string },
  ): Promise<string | null> {
    let payload: JWTPayload;
    let jkt: string;
    try {
      const verified = await jwtVerify(proof, EmbeddedJWK, { typ: 'dpop+jwt', maxTokenAge: 120 });
      payload = verified.payload;
      if (!verified.protectedHeader.jwk) return 'no jwk';
      jkt = await calculateJwkThumbprint(verified.protectedHeader.jwk);
    } catch (error) {
      return `the DPoP proof is invalid (${error instanceof Error ? error.message : 'unreadable'})`;
    }
    if (payload.htm !== method) return 'htm does not match';
    if (payload.htu !== htu) return 'htu does not match';
    if (!payload.jti || this.usedJtis.has(payload.jti)) return 'the DPoP proof was used before';
    this.usedJtis.add(payload.jti);
    if (expect.ath !== undefined && payload.ath !== expect.ath) return 'ath does not match the access token';
    if (expect.jkt !== undefined && jkt !== expect.jkt)
      return 'the DPoP key is not the one the token is bound to';
    if (expect.nonce !== undefined && payload.nonce !== expect.nonce) return 'nonce';
    return null;
  }

  private async token(request: IncomingMessage, body: string): Promise<Reply> {
    const form = new URLSearchParams(body);
    if (form.get('grant_type') !== 'client_credentials') {
      return oauthError(400, 'unsupported_grant_type', 'The authorization grant type is not supported.');
    }
    const assertion = form.get('client_assertion') ?? '';
    if (
      form.get('client_assertion_type') !== 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer' ||
      !assertion
    ) {
      return oauthError(401, 'invalid_client', 'Client authentication failed.');
    }
    let clientId: string | undefined;
    try {
      clientId = decodeJwt(assertion).iss;
    } catch {
      return oauthError(401, 'invalid_client', 'The client_assertion token is malformed.');
    }
    const client = clientId ? this.clients.get(clientId) : undefined;
    if (!client) return oauthError(401, 'invalid_client', 'Invalid value for client_id parameter.');
    const tokenUrl = `${this.url}/oauth2/v1/token`;
    try {
      const { payload } = await jwtVerify(assertion, client.publicKey, {
        issuer: client.clientId,
        subject: client.clientId,
        audience: tokenUrl,
        requiredClaims: ['exp'],
      });
      if (payload.jti) {
        if (this.usedJtis.has(payload.jti))
          return oauthError(401, 'invalid_client', 'The client_assertion token has already been used.');
        this.usedJtis.add(payload.jti);
      }
    } catch {
      return oauthError(401, 'invalid_client', 'The client_assertion signature is invalid.');
    }
    const scopes = (form.get('scope') ?? '').split(' ').filter(Boolean);
    const refused = scopes.filter((scope) => !client.scopes.includes(scope));
    if (scopes.length === 0 || refused.length > 0) {
      return oauthError(
        400,
        'invalid_scope',
        `The following scopes are not allowed: ${refused.join(', ') || '(none requested)'}`,
      );
    }
    let jkt: string | null = null;
    const proof = request.headers.dpop;
    if (client.requireDpop) {
      if (typeof proof !== 'string')
        return oauthError(400, 'invalid_dpop_proof', 'The DPoP proof JWT header is missing.');
      let nonce: unknown;
      try {
        nonce = decodeJwt(proof).nonce;
      } catch {
        return oauthError(400, 'invalid_dpop_proof', 'The DPoP proof JWT is malformed.');
      }
      if (nonce !== this.dpopNonce) {
        return oauthError(400, 'use_dpop_nonce', 'Authorization server requires nonce in DPoP proof.', {
          'dpop-nonce': this.dpopNonce,
        });
      }
      const problem = await this.checkProof(proof, 'POST', tokenUrl, { nonce: this.dpopNonce });
      if (problem) return oauthError(400, 'invalid_dpop_proof', problem);
      const { jwk } = decodeProtectedHeader(proof);
      if (!jwk) return oauthError(400, 'invalid_dpop_proof', 'The DPoP proof has no jwk.');
      jkt = await calculateJwkThumbprint(jwk);
    }
    const seconds = client.tokenSeconds ?? 3600;
    const accessToken = randomBytes(32).toString('base64url');
    this.tokens.set(accessToken, {
      clientId: client.clientId,
      scopes,
      expiresAt: Date.now() + seconds * 1000,
      jkt,
    });
    this.tokensIssued += 1;
    return new Reply(200, {
      token_type: jkt ? 'DPoP' : 'Bearer',
      expires_in: seconds,
      access_token: accessToken,
      scope: scopes.join(' '),
    });
  }

  /** Rotates the DPoP nonce (Okta rotates it periodically). */
  rotateDpopNonce(): void {
    this.dpopNonce = `n-${randomBytes(12).toString('base64url')}`;
  }

  private paged<T extends { id: string }>(
    items: T[],
    url: URL,
    maxLimit: number,
    defaultLimit: number,
    render: (item: T) => unknown,
  ): Reply {
    const limitText = url.searchParams.get('limit');
    const limit = Math.min(maxLimit, Math.max(1, Number(limitText ?? defaultLimit) || defaultLimit));
    const after = url.searchParams.get('after');
    const sorted = [...items].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    const start = after ? sorted.findIndex((item) => item.id > after) : 0;
    const page = start < 0 ? [] : sorted.slice(start, start + limit);
    const self = new URL(url.pathname + url.search, this.url);
    const links = [`<${self.toString()}>; rel="self"`];
    if (start >= 0 && start + limit < sorted.length) {
      const next = new URL(self);
      next.searchParams.set('after', page[page.length - 1].id);
      next.searchParams.set('limit', String(limit));
      links.push(`<${next.toString()}>; rel="next"`);
    }
    return new Reply(200, page.map(render), { link: links });
  }

  private listUsers(url: URL): Reply {
    if (url.searchParams.has('search') || url.searchParams.has('q'))
      return oktaError('E0000031', 'search and q are not supported by this fake');
    const filterText = url.searchParams.get('filter');
    let users = [...this.users.values()];
    if (filterText !== null) {
      const filter = userFilter(filterText);
      if (!filter) return oktaError('E0000031');
      users = users.filter(filter);
    } else {
      users = users.filter((user) => user.status !== 'DEPROVISIONED'); // as documented: the plain list omits them
    }
    return this.paged(users, url, MAX_USERS_PAGE, MAX_USERS_PAGE, (user) => this.renderUser(user));
  }

  private listGroups(url: URL): Reply {
    return this.paged([...this.groups.values()], url, MAX_GROUPS_PAGE, MAX_GROUPS_PAGE, (group) =>
      this.renderGroup(group),
    );
  }

  private listMembers(url: URL, groupId: string): Reply {
    const group = this.groups.get(groupId);
    if (!group) return oktaError('E0000007', `Not found: Resource not found: ${groupId} (UserGroup)`);
    const members = [...group.members]
      .map((id) => this.users.get(id))
      .filter((user): user is FakeOktaUser => user !== undefined);
    return this.paged(members, url, MAX_MEMBERS_PAGE, MAX_MEMBERS_PAGE, (user) => this.renderUser(user));
  }

  renderUser(user: FakeOktaUser): Record<string, unknown> {
    return {
      id: user.id,
      status: user.status,
      created: user.created,
      activated: user.activated,
      statusChanged: user.statusChanged,
      lastLogin: user.lastLogin,
      lastUpdated: user.lastUpdated,
      passwordChanged: user.passwordChanged,
      type: { id: 'oty1fake0000000000h7' },
      profile: user.profile,
      credentials: { provider: { type: 'OKTA', name: 'OKTA' } },
      _links: { self: { href: `${this.url}/api/v1/users/${user.id}` } },
    };
  }

  renderGroup(group: FakeOktaGroup): Record<string, unknown> {
    return {
      id: group.id,
      created: group.created,
      lastUpdated: group.lastUpdated,
      lastMembershipUpdated: group.lastMembershipUpdated,
      objectClass: [group.type === 'APP_GROUP' ? 'okta:windows_security_principal' : 'okta:user_group'],
      type: group.type,
      profile: group.profile,
      _links: {
        users: { href: `${this.url}/api/v1/groups/${group.id}/users` },
        apps: { href: `${this.url}/api/v1/groups/${group.id}/apps` },
      },
    };
  }
}
