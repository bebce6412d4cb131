/**
 * A fake Google Workspace: the OAuth 2.0 token endpoint a service account exchanges its signed JWT
 * assertion at (RFC 7523 `urn:ietf:params:oauth:grant-type:jwt-bearer`, domain-wide delegation
 * through the `sub` claim), and the Admin SDK Directory API v1 lists the connector reads:
 * `GET /admin/directory/v1/users` (customer or domain, maxResults ≤ 500, pageToken,
 * projection=full with customSchemas), `/groups` and `/groups/{groupKey}/members` (maxResults ≤ 200).
 * Empty lists are left out of a page, as Google does; errors use Google's JSON error envelope
 * `{ error: { code, message, errors: [{ domain, reason, message }], status } }`, and the token
 * endpoint RFC 6749 §5.2 `{ error, error_description }`.
 *
 * Wire format: googleapis/discovery-artifact-manager discoveries/admin.directory_v1.json (schemas
 * User, Users, Group, Groups, Member, Members and the list methods' parameters), Google's "Using
 * OAuth 2.0 for Server to Server Applications" (the JWT assertion and the token response) and the
 * Admin SDK's "Perform Google Workspace domain-wide delegation of authority".
 */
import { createPublicKey, createVerify, KeyObject, randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer, Server } from 'node:https';
import { AddressInfo } from 'node:net';
import { testPki } from '../graph/pki';

export interface FakeGoogleUser {
  id: string;
  primaryEmail: string;
  name: { givenName: string; familyName: string; fullName: string };
  suspended?: boolean;
  archived?: boolean;
  isAdmin?: boolean;
  orgUnitPath: string;
  aliases?: string[];
  emails?: { address: string; type?: string; primary?: boolean }[];
  phones?: { value: string; type: string }[];
  relations?: { value: string; type: string }[];
  organizations?: {
    title?: string;
    department?: string;
    costCenter?: string;
    description?: string;
    location?: string;
    name?: string;
    primary?: boolean;
    fullTimeEquivalent?: number;
  }[];
  externalIds?: { value: string; type: string }[];
  customSchemas?: Record<string, Record<string, unknown>>;
}

export interface FakeGoogleGroup {
  id: string;
  email: string;
  name: string;
  description?: string;
  members: { id: string; email: string; type: 'USER' | 'GROUP' | 'CUSTOMER'; role: string }[];
}

export interface InjectedGoogleFailure {
  /** 'token', 'users', 'groups' or 'members'; any when absent. */
  endpoint?: string;
  status: number;
  reason: string;
  retryAfterSeconds?: number;
  garbage?: boolean;
  times: number;
}

export const FAKE_CUSTOMER_ID = 'C03az79cb';

export class FakeGoogleWorkspace {
  users: FakeGoogleUser[] = [];
  groups: FakeGoogleGroup[] = [];
  domain = 'example.org';
  /** Service account e-mail → its public key and the scopes its client id was granted in domain-wide delegation. */
  readonly serviceAccounts = new Map<string, { publicKey: KeyObject; scopes: Set<string> }>();
  failures: InjectedGoogleFailure[] = [];
  readonly calls = new Map<string, number>();
  private readonly tokens = new Map<string, { subject: string; expires: number }>();
  private server: Server | undefined;

  get origin(): string {
    return `https://127.0.0.1:${(this.server?.address() as AddressInfo).port}`;
  }
  get apiRootUrl(): string {
    return `${this.origin}/`;
  }
  get tokenUrl(): string {
    return `${this.origin}/token`;
  }

  registerServiceAccount(email: string, publicKeyPem: string, scopes: string[]): void {
    this.serviceAccounts.set(email, { publicKey: createPublicKey(publicKeyPem), scopes: new Set(scopes) });
  }

  async start(): Promise<this> {
    const pki = testPki();
    this.server = createServer({ cert: pki.serverCertPem, key: pki.serverKeyPem }, (request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => this.handle(request, Buffer.concat(chunks).toString('utf8'), response));
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    return this;
  }

  async stop(): Promise<void> {
    if (!this.server) return;
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server!.close(() => resolve()));
  }

  private handle(request: IncomingMessage, body: string, response: ServerResponse): void {
    const url = new URL(request.url ?? '/', this.origin);
    const json = (status: number, document: unknown, headers: Record<string, string> = {}) => {
      response.writeHead(status, { 'content-type': 'application/json; charset=UTF-8', ...headers });
      response.end(JSON.stringify(document));
    };
    const apiError = (
      status: number,
      reason: string,
      message: string,
      headers: Record<string, string> = {},
    ) =>
      json(
        status,
        {
          error: {
            code: status,
            message,
            errors: [{ domain: 'global', reason, message }],
            status:
              {
                400: 'INVALID_ARGUMENT',
                401: 'UNAUTHENTICATED',
                403: 'PERMISSION_DENIED',
                404: 'NOT_FOUND',
                429: 'RESOURCE_EXHAUSTED',
              }[status] ?? 'INTERNAL',
          },
        },
        headers,
      );

    const path = url.pathname;
    const endpoint =
      path === '/token'
        ? 'token'
        : path === '/admin/directory/v1/users'
          ? 'users'
          : path === '/admin/directory/v1/groups'
            ? 'groups'
            : /^\/admin\/directory\/v1\/groups\/[^/]+\/members$/.test(path)
              ? 'members'
              : null;
    if (!endpoint) return apiError(404, 'notFound', 'Not Found');
    this.calls.set(endpoint, (this.calls.get(endpoint) ?? 0) + 1);
    const failure = this.failures.find(
      (entry) => entry.times > 0 && (!entry.endpoint || entry.endpoint === endpoint),
    );
    if (failure) {
      failure.times -= 1;
      if (failure.garbage) {
        response.writeHead(failure.status, { 'content-type': 'text/html' });
        response.end('<html><body>502 Bad Gateway</body></html>');
        return;
      }
      return apiError(
        failure.status,
        failure.reason,
        `injected ${failure.reason}`,
        failure.retryAfterSeconds !== undefined ? { 'retry-after': String(failure.retryAfterSeconds) } : {},
      );
    }
    if (endpoint === 'token') return this.token(request, body, json);

    const bearer = /^Bearer (.+)$/.exec(String(request.headers.authorization ?? ''))?.[1];
    const session = bearer ? this.tokens.get(bearer) : undefined;
    if (!session || session.expires < Date.now())
      return apiError(401, 'authError', 'Request had invalid authentication credentials.');
    if (request.method !== 'GET') return apiError(405, 'methodNotAllowed', 'Method not allowed');

    const params = url.searchParams;
    const limit = endpoint === 'users' ? 500 : 200;
    const maxResults = Number(params.get('maxResults') ?? (endpoint === 'users' ? 100 : 200));
    if (!Number.isInteger(maxResults) || maxResults < 1 || maxResults > limit)
      return apiError(400, 'invalid', `Invalid value for maxResults: must be between 1 and ${limit}`);
    if (endpoint !== 'members') {
      const customer = params.get('customer');
      const domain = params.get('domain');
      if (!customer && !domain) return apiError(400, 'badRequest', 'Bad Request');
      if (customer && customer !== 'my_customer' && customer !== FAKE_CUSTOMER_ID)
        return apiError(404, 'notFound', 'Resource Not Found: customer');
      if (domain && domain !== this.domain) return apiError(404, 'notFound', 'Domain not found.');
    }
    let offset = 0;
    const token = params.get('pageToken');
    if (token) {
      const decoded = /^(\w+):(\d+)$/.exec(Buffer.from(token, 'base64url').toString());
      if (!decoded || decoded[1] !== endpoint) return apiError(400, 'invalid', 'Invalid pageToken');
      offset = Number(decoded[2]);
    }
    const page = <T>(items: T[], key: string, kind: string) => {
      const slice = items.slice(offset, offset + maxResults);
      const next = offset + maxResults < items.length ? offset + maxResults : null;
      // Google leaves an empty list out of the page.
      json(200, {
        kind,
        etag: '"fake"',
        ...(slice.length > 0 ? { [key]: slice } : {}),
        ...(next !== null ? { nextPageToken: Buffer.from(`${endpoint}:${next}`).toString('base64url') } : {}),
      });
    };
    if (endpoint === 'users') {
      const full = params.get('projection') === 'full';
      let users = this.users;
      if (params.get('query') === 'isSuspended=false') users = users.filter((user) => !user.suspended);
      return page(
        users.map(({ customSchemas, ...user }) => ({
          kind: 'admin#directory#user',
          ...user,
          ...(full && customSchemas ? { customSchemas } : {}),
        })),
        'users',
        'admin#directory#users',
      );
    }
    if (endpoint === 'groups') {
      return page(
        this.groups.map(({ members, ...group }) => ({
          kind: 'admin#directory#group',
          ...group,
          directMembersCount: String(members.length),
        })),
        'groups',
        'admin#directory#groups',
      );
    }
    const key = decodeURIComponent(path.split('/')[5]);
    const group = this.groups.find((entry) => entry.id === key || entry.email === key);
    if (!group) return apiError(404, 'notFound', 'Resource Not Found: groupKey');
    return page(
      group.members.map((member) => ({ kind: 'admin#directory#member', status: 'ACTIVE', ...member })),
      'members',
      'admin#directory#members',
    );
  }

  /** The JWT bearer grant: a service-account assertion signed RS256, `sub` the admin it acts as. */
  private token(
    request: IncomingMessage,
    body: string,
    json: (status: number, document: unknown) => void,
  ): void {
    const oauthError = (status: number, error: string, description: string) =>
      json(status, { error, error_description: description });
    const form = new URLSearchParams(body);
    if (request.method !== 'POST' || form.get('grant_type') !== 'urn:ietf:params:oauth:grant-type:jwt-bearer')
      return oauthError(400, 'unsupported_grant_type', 'Invalid grant_type');
    const [head, payload, signature] = (form.get('assertion') ?? '').split('.');
    let claims: Record<string, unknown>;
    let header: Record<string, unknown>;
    try {
      header = JSON.parse(Buffer.from(head, 'base64url').toString());
      claims = JSON.parse(Buffer.from(payload, 'base64url').toString());
    } catch {
      return oauthError(400, 'invalid_grant', 'Invalid JWT');
    }
    const account = this.serviceAccounts.get(String(claims.iss));
    const signed = account
      ? createVerify('RSA-SHA256')
          .update(`${head}.${payload}`)
          .verify(account.publicKey, Buffer.from(signature ?? '', 'base64url'))
      : false;
    if (header.alg !== 'RS256' || !account || !signed)
      return oauthError(400, 'invalid_grant', 'Invalid JWT Signature.');
    const now = Date.now() / 1000;
    if (
      claims.aud !== 'https://oauth2.googleapis.com/token' ||
      Number(claims.exp) < now ||
      Number(claims.iat) > now + 300
    )
      return oauthError(
        400,
        'invalid_grant',
        'Invalid JWT: Token must be a short-lived token and in a reasonable timeframe.',
      );
    const scopes = String(claims.scope ?? '')
      .split(' ')
      .filter(Boolean);
    if (scopes.length === 0 || scopes.some((scope) => !account.scopes.has(scope)))
      return oauthError(
        401,
        'unauthorized_client',
        'Client is unauthorized to retrieve access tokens using this method, or client not authorized for any of the scopes requested.',
      );
    const subject = String(claims.sub ?? '');
    const admin = this.users.find((user) => user.primaryEmail === subject && user.isAdmin && !user.suspended);
    if (!admin) return oauthError(400, 'invalid_grant', 'Invalid email or User ID');
    const accessToken = `ya29.fake-${randomBytes(16).toString('hex')}`;
    this.tokens.set(accessToken, { subject, expires: Date.now() + 3600_000 });
    json(200, { access_token: accessToken, expires_in: 3599, token_type: 'Bearer' });
  }
}
