/**
 * A stand-in for a SuccessFactors API server (https://apiN.successfactors.com), speaking what SAP
 * documents for the OData v2 API (SAP Help "SAP SuccessFactors HXM Suite OData API: Developer
 * Guide" and "…Reference Guide"; the User entity of PLTUserManagement.edmx; KBA 2735876 on server
 * pagination, 2675265 on $top/$skip):
 * - `GET /odata/v2/User?$format=json&$select=…&$expand=manager&$filter=…&customPageSize=N&paging=snapshot`:
 *   {"d": {"results": [...], "__next": "<same query>&$skiptoken=…"}}, each entity with `__metadata`
 *   and only the selected properties; `customPageSize` at most 1,000; without a status filter the
 *   User entity answers active users only; dates as `/Date(ms)/` and `/Date(ms+0000)/`;
 *   `lastModifiedDateTime gt datetimeoffset'…'` filters; `$count` as plain text;
 * - errors as {"error": {"code", "message": {"lang", "value"}}}: 400 for an unknown property or an
 *   expired snapshot ($skiptoken), 401/403, 429 with Retry-After;
 * - `POST /oauth/token` (grant_type urn:ietf:params:oauth:grant-type:saml2-bearer, company_id,
 *   client_id, assertion = base64 SAML 2.0 assertion signed with the key of the certificate
 *   registered on the client): {"access_token", "token_type": "Bearer", "expires_in"};
 * - basic auth as `username@companyId:password`.
 */
import { createHash, createVerify, KeyObject, randomUUID } from 'node:crypto';
import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';
import { HR_TODAY, HrWorker, hrWorker } from '../hr-tenant';

export interface SfFailure {
  status: number;
  path?: string;
  retryAfter?: string;
  malformed?: boolean;
  times: number;
}

export interface SfRecordedRequest {
  method: string;
  path: string;
  query: Record<string, string>;
}

export const SF_USER_PROPERTIES = [
  'userId',
  'username',
  'status',
  'empId',
  'email',
  'defaultFullName',
  'firstName',
  'lastName',
  'nickname',
  'title',
  'department',
  'division',
  'location',
  'businessPhone',
  'timeZone',
  'employeeClass',
  'hireDate',
  'lastModifiedDateTime',
  'custom01',
  'custom02',
] as const;

/** The userId of worker i. */
export function sfUserId(index: number): string {
  return String(100000 + index);
}

/** A worker as a User entity's properties (all of them; the fake keeps those selected). */
export function sfUserProperties(worker: HrWorker): Record<string, string | null> {
  // SuccessFactors keeps a pre-hire inactive until the first day.
  const preHire = worker.hireDate > new Date(HR_TODAY).toISOString().slice(0, 10);
  return {
    userId: sfUserId(worker.index),
    username: worker.email.split('@')[0],
    status: worker.active && !preHire ? 'active' : 'inactive',
    empId: worker.employeeNumber,
    email: worker.email,
    defaultFullName: `${worker.preferredName ?? worker.firstName} ${worker.lastName}`,
    firstName: worker.firstName,
    lastName: worker.lastName,
    nickname: worker.preferredName,
    title: worker.jobTitle,
    department: worker.department,
    division: worker.division,
    location: worker.location,
    businessPhone: worker.phone,
    timeZone: 'Europe/Berlin',
    employeeClass: worker.employmentType,
    hireDate: `/Date(${Date.parse(`${worker.hireDate}T00:00:00Z`)})/`,
    lastModifiedDateTime: `/Date(${worker.lastModified}+0000)/`,
    custom01: worker.costCenter,
    custom02: worker.shirtSize,
  };
}

interface Snapshot {
  indices: number[];
  expired: boolean;
}

interface OAuthClient {
  clientId: string;
  publicKey: KeyObject;
}

export class FakeSuccessFactors {
  private server: Server | null = null;
  readonly companyId = 'ACMECORP';
  readonly requests: SfRecordedRequest[] = [];
  private readonly failures: SfFailure[] = [];
  private readonly changed = new Map<number, HrWorker>();
  private readonly snapshots = new Map<string, Snapshot>();
  private readonly clients = new Map<string, OAuthClient>();
  private readonly basicUsers = new Map<string, string>();
  private readonly tokens = new Map<string, number>();
  /** Token calls, for tests on caching. */
  tokenRequests = 0;
  private size: number;
  private clock = HR_TODAY;
  private origin = '';

  constructor(workers: number) {
    this.size = workers;
  }

  get url(): string {
    return this.origin;
  }

  registerClient(clientId: string, publicKey: KeyObject): this {
    this.clients.set(clientId, { clientId, publicKey });
    return this;
  }

  addBasicUser(username: string, password: string): this {
    this.basicUsers.set(`${username}@${this.companyId}`, password);
    return this;
  }

  fail(failure: Omit<SfFailure, 'times'> & { times?: number }): void {
    this.failures.push({ times: 1, ...failure });
  }

  /** Every snapshot behind an outstanding __next expires (SuccessFactors keeps them for a limited time). */
  expireSnapshots(): void {
    for (const snapshot of this.snapshots.values()) snapshot.expired = true;
  }

  revokeTokens(): void {
    this.tokens.clear();
  }

  worker(index: number): HrWorker | undefined {
    return this.changed.get(index) ?? (index < this.size ? hrWorker(index) : undefined);
  }

  now(): string {
    return new Date(this.clock).toISOString();
  }

  update(index: number, change: Partial<HrWorker>): HrWorker {
    this.clock = Math.max(Date.now(), this.clock + 1000);
    const next = { ...this.worker(index)!, ...change, lastModified: this.clock };
    this.changed.set(index, next);
    return next;
  }

  add(change: Partial<HrWorker>): HrWorker {
    const index = this.size;
    this.size += 1;
    this.clock = Math.max(Date.now(), this.clock + 1000);
    const next = { ...hrWorker(index), ...change, lastModified: this.clock };
    this.changed.set(index, next);
    return next;
  }

  async start(): Promise<this> {
    this.server = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => this.handle(request, Buffer.concat(chunks).toString('utf8'), response));
    });
    this.server.keepAliveTimeout = 30_000;
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.origin = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  private json(
    response: ServerResponse,
    status: number,
    body: unknown,
    headers: Record<string, string> = {},
  ): void {
    response.writeHead(status, { 'content-type': 'application/json;charset=utf-8', ...headers });
    response.end(JSON.stringify(body));
  }

  private odataError(
    response: ServerResponse,
    status: number,
    code: string,
    message: string,
    headers: Record<string, string> = {},
  ): void {
    this.json(response, status, { error: { code, message: { lang: 'en-US', value: message } } }, headers);
  }

  private handle(request: IncomingMessage, body: string, response: ServerResponse): void {
    const url = new URL(request.url ?? '/', 'http://fake');
    this.requests.push({
      method: request.method ?? 'GET',
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
    });
    if (url.pathname === '/oauth/token' && request.method === 'POST')
      return this.token(new URLSearchParams(body), response);
    if (!this.authorized(request.headers.authorization ?? '')) {
      return this.odataError(
        response,
        401,
        'LGN0022',
        'Authentication failed. Please check your credentials.',
      );
    }
    const failure = this.failures.find(
      (candidate) => !candidate.path || url.pathname.includes(candidate.path),
    );
    if (failure) {
      failure.times -= 1;
      if (failure.times <= 0) this.failures.splice(this.failures.indexOf(failure), 1);
      if (failure.malformed) return this.json(response, 200, { d: { result: 'nothing' } });
      return this.odataError(
        response,
        failure.status,
        failure.status === 403 ? 'COE_PERMISSION_DENIED' : 'COE_GENERAL_SERVER_FAILURE',
        `HTTP ${failure.status}`,
        failure.retryAfter ? { 'retry-after': failure.retryAfter } : {},
      );
    }
    if (url.pathname === '/odata/v2/User/$count') {
      response.writeHead(200, { 'content-type': 'text/plain' });
      response.end(String(this.matching(url.searchParams.get('$filter') ?? '').length));
      return;
    }
    if (url.pathname === '/odata/v2/User' && request.method === 'GET') return this.users(url, response);
    return this.odataError(
      response,
      404,
      'COE_RESOURCE_NOT_FOUND',
      `Resource not found for the segment '${url.pathname}'.`,
    );
  }

  private authorized(header: string): boolean {
    if (header.startsWith('Bearer ')) {
      const expires = this.tokens.get(header.slice(7));
      return expires !== undefined && expires > Date.now();
    }
    if (header.startsWith('Basic ')) {
      const decoded = Buffer.from(header.slice(6), 'base64').toString('utf8');
      const colon = decoded.indexOf(':');
      return colon > 0 && this.basicUsers.get(decoded.slice(0, colon)) === decoded.slice(colon + 1);
    }
    return false;
  }

  /** The OAuth token endpoint: checks the assertion the way the SAML bearer profile asks. */
  private token(form: URLSearchParams, response: ServerResponse): void {
    this.tokenRequests += 1;
    const refuse = (description: string) =>
      this.json(response, 401, { error: 'invalid_grant', error_description: description });
    if (form.get('grant_type') !== 'urn:ietf:params:oauth:grant-type:saml2-bearer')
      return this.json(response, 400, { error: 'unsupported_grant_type' });
    if (form.get('company_id') !== this.companyId) return refuse('Invalid company ID');
    const client = this.clients.get(form.get('client_id') ?? '');
    if (!client) return refuse('Invalid client ID');
    const xml = Buffer.from(form.get('assertion') ?? '', 'base64').toString('utf8');
    const signature =
      /<ds:Signature xmlns:ds="[^"]+">(<ds:SignedInfo>.*<\/ds:SignedInfo>)<ds:SignatureValue>([^<]+)<\/ds:SignatureValue><\/ds:Signature>/.exec(
        xml,
      );
    if (!signature) return refuse('The assertion is not signed');
    const signedInfo = signature[1].replace(
      '<ds:SignedInfo>',
      '<ds:SignedInfo xmlns:ds="http://www.w3.org/2000/09/xmldsig#">',
    );
    if (
      !createVerify('RSA-SHA256').update(signedInfo, 'utf8').verify(client.publicKey, signature[2], 'base64')
    ) {
      return refuse('The assertion signature is not valid for the registered certificate');
    }
    const unsigned = xml.replace(signature[0], '');
    const digest = /<ds:DigestValue>([^<]+)<\/ds:DigestValue>/.exec(signature[1])?.[1];
    if (createHash('sha256').update(unsigned, 'utf8').digest('base64') !== digest)
      return refuse('The assertion digest does not match');
    const recipient = /Recipient="([^"]+)"/.exec(xml)?.[1];
    const notOnOrAfter = Date.parse(/NotOnOrAfter="([^"]+)"/.exec(xml)?.[1] ?? '');
    const apiKey = /<saml2:Attribute Name="api_key"><saml2:AttributeValue>([^<]+)</.exec(xml)?.[1];
    const nameId = /<saml2:NameID[^>]*>([^<]+)</.exec(xml)?.[1];
    if (recipient !== `${this.origin}/oauth/token`) return refuse('Invalid recipient');
    if (!(notOnOrAfter > Date.now())) return refuse('The assertion has expired');
    if (apiKey !== client.clientId || !nameId)
      return refuse('The assertion does not name this client and a user');
    const accessToken = `sf-token-${randomUUID()}`;
    this.tokens.set(accessToken, Date.now() + 86_399_000);
    this.json(response, 200, { access_token: accessToken, token_type: 'Bearer', expires_in: 86399 });
  }

  /** Indices of the workers a $filter matches (the forms the connector sends). */
  private matching(filter: string): number[] {
    const allStatuses = filter.startsWith("status in 't','f','T','F','e'");
    const since = /lastModifiedDateTime gt datetimeoffset'([^']+)'/.exec(filter);
    const after = since ? Date.parse(since[1]) : null;
    const indices: number[] = [];
    for (let index = 0; index < this.size; index += 1) {
      const worker = this.changed.get(index);
      if (!allStatuses || after !== null) {
        const current = worker ?? hrWorker(index);
        if (!allStatuses && sfUserProperties(current).status !== 'active') continue;
        if (after !== null && !(current.lastModified > after)) continue;
      }
      indices.push(index);
    }
    return indices;
  }

  private users(url: URL, response: ServerResponse): void {
    const params = url.searchParams;
    if (params.get('$format') !== 'json')
      return this.odataError(response, 400, 'COE_BAD_REQUEST', 'This fake answers $format=json only');
    const select = (params.get('$select') ?? '').split(',').filter(Boolean);
    const expand = new Set((params.get('$expand') ?? '').split(',').filter(Boolean));
    for (const property of select) {
      const [head, tail] = property.split('/');
      const known =
        tail === undefined
          ? (SF_USER_PROPERTIES as readonly string[]).includes(head)
          : head === 'manager' && tail === 'userId' && expand.has('manager');
      if (!known)
        return this.odataError(
          response,
          400,
          'COE_PROPERTY_NOT_FOUND',
          `[COE0021]Invalid property names: User/${property}.`,
        );
    }
    const pageSize = Number(params.get('customPageSize') ?? '1000');
    if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > 1000) {
      return this.odataError(response, 400, 'COE_BAD_REQUEST', 'customPageSize must be between 1 and 1000.');
    }
    let snapshotId = params.get('$skiptoken');
    let offset = 0;
    let snapshot: Snapshot | undefined;
    if (snapshotId) {
      const [id, at] = snapshotId.split(':');
      snapshot = this.snapshots.get(id);
      if (!snapshot || snapshot.expired) {
        return this.odataError(
          response,
          400,
          'COE_BAD_REQUEST',
          '[COE0019]The snapshot for the $skiptoken has expired; run the query again.',
        );
      }
      snapshotId = id;
      offset = Number(at);
    } else {
      snapshotId = randomUUID();
      snapshot = { indices: this.matching(params.get('$filter') ?? ''), expired: false };
      if (params.get('paging') === 'snapshot') this.snapshots.set(snapshotId, snapshot);
    }
    const slice = snapshot.indices.slice(offset, offset + pageSize);
    const results = slice.map((index) => {
      const worker = this.worker(index)!;
      const all = sfUserProperties(worker);
      const entity: Record<string, unknown> = {
        __metadata: { uri: `${this.origin}/odata/v2/User('${all.userId}')`, type: 'SFOData.User' },
      };
      for (const property of select) {
        if (property === 'manager/userId') {
          entity.manager =
            worker.managerIndex === null
              ? null
              : {
                  __metadata: {
                    uri: `${this.origin}/odata/v2/User('${sfUserId(worker.managerIndex)}')`,
                    type: 'SFOData.User',
                  },
                  userId: sfUserId(worker.managerIndex),
                };
        } else entity[property] = all[property];
      }
      return entity;
    });
    const d: Record<string, unknown> = { results };
    if (offset + pageSize < snapshot.indices.length) {
      const next = new URL(`${this.origin}/odata/v2/User`);
      for (const [key, value] of params) if (key !== '$skiptoken') next.searchParams.set(key, value);
      next.searchParams.set('$skiptoken', `${snapshotId}:${offset + pageSize}`);
      d.__next = next.toString();
    } else this.snapshots.delete(snapshotId);
    this.json(response, 200, { d });
  }
}
