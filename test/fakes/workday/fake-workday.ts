/**
 * A fake Workday tenant speaking the two wire formats the connector reads.
 *
 * Custom reports (Reports as a Service): GET /ccx/service/customreport2/{tenant}/{owner}/{report}
 * ?format=json with the report's prompts as query parameters, HTTP basic auth of an Integration
 * System User, answering {"Report_Entry": [ {...}, … ]} in one response (RaaS does not page): one
 * object per row, keyed by the columns' XML aliases, empty values left out, multi-instance fields as
 * lists of objects. Described in Workday's "Reports as a Service" documentation as summarised by
 * integrators: Workato "Workday RaaS" (docs.workato.com/connectors/workday/workday_raas: the
 * customreport2 JSON URL, prompts as request parameters), ServiceNow "Obtaining data from Workday
 * using RaaS reports" and "Workday RaaS report query parameters", and WorkOS "Workday"
 * (workos.com/docs/integrations/workday: an ISU, a workers report and a groups report as JSON
 * endpoints).
 *
 * REST API: GET /ccx/api/{service}/{version}/{tenant}/workers?limit=&offset= (limit at most 100)
 * answering {"total": n, "data": [worker, …]} with workers as {id (WID), descriptor, href, …
 * reference objects {id, descriptor}}; OAuth 2.0 at POST /ccx/oauth2/{tenant}/token with
 * grant_type=refresh_token and the API client's id and secret as basic auth, answering
 * {access_token, token_type: "Bearer", expires_in}. Described in Workday's REST API reference
 * (community.workday.com/sites/default/files/file-hosting/restapi) and guides such as Zuplo's
 * "Workday API Guide: REST, SOAP, and OAuth Setup"; 429 is Workday's documented throttling answer
 * for REST and RaaS (its "Integrations, EIB, and Web Service Limits" reference), 500 for RaaS too.
 *
 * Failures can be injected per endpoint: any status (with Retry-After), a malformed body, a report
 * cut off mid-stream, an expired access token, a refused paging state.
 */
import { randomBytes } from 'node:crypto';
import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';
import { FakeTeam, FakeWorker, seedTenant } from './tenant';

export type FakeEndpoint = 'workersReport' | 'groupsReport' | 'workers' | 'token';

export type FakeFailure =
  | { kind: 'status'; status: number; retryAfter?: string; body?: string }
  /** 200 with a body that is not JSON. */
  | { kind: 'malformed' }
  /** 200, then the connection drops after some entries. */
  | { kind: 'truncated'; afterEntries: number }
  /** The access token presented is treated as expired (401 invalid_token). */
  | { kind: 'expiredToken' }
  /** 400 for the paging state (REST offset). */
  | { kind: 'badOffset' };

export interface FakeRequestLog {
  endpoint: FakeEndpoint | 'other';
  method: string;
  path: string;
  query: Record<string, string>;
  /** "basic", "bearer" or "none" (the credential itself is never logged). */
  auth: string;
  status: number;
}

export interface FakeWorkdayOptions {
  tenant?: string;
  workers?: number;
  /** Seconds an access token lives. */
  tokenLifetimeSeconds?: number;
  /** Entries written per chunk of a report. */
  chunkEntries?: number;
  /** The tenant's today (YYYY-MM-DD): hire and termination dates are seeded around it. */
  today?: string;
  /** Serve POST /__bench/change?every=k (the sync bench changes 1% of the workers from another process). */
  benchControl?: boolean;
}

const WORKERS_REPORT = 'ISU_Directory/Directory_Workers';
const GROUPS_REPORT = 'ISU_Directory/Directory_Groups';
/** The workers report's prompt: workers changed on or after this date-time. */
export const UPDATED_SINCE_PROMPT = 'Updated_Since';

export class FakeWorkday {
  readonly tenant: string;
  readonly isu = { username: 'ISU_Directory', password: `isu-${randomBytes(9).toString('base64url')}` };
  readonly client = {
    clientId: 'N2M0ZTY3YjMtZDI0Ni00',
    clientSecret: `secret-${randomBytes(12).toString('base64url')}`,
    refreshToken: `rt-${randomBytes(24).toString('base64url')}`,
  };
  readonly workers: FakeWorker[];
  readonly teams: FakeTeam[];
  readonly log: FakeRequestLog[] = [];
  readonly workersReport = WORKERS_REPORT;
  readonly groupsReport = GROUPS_REPORT;
  tokensIssued = 0;
  private readonly tokens = new Map<string, number>();
  private readonly failures = new Map<FakeEndpoint, FakeFailure[]>();
  private readonly always = new Map<FakeEndpoint, FakeFailure>();
  private server: Server | null = null;
  private origin = '';
  private readonly tokenLifetimeSeconds: number;
  private readonly chunkEntries: number;
  private readonly byWid = new Map<string, number>();
  private readonly managers = new Set<number>();
  private clock: () => number = () => Date.now();
  private readonly benchControl: boolean;

  constructor(options: FakeWorkdayOptions = {}) {
    this.tenant = options.tenant ?? 'acme_impl1';
    const seeded = seedTenant(options.workers ?? 5000, options.today);
    this.workers = seeded.workers;
    this.teams = seeded.teams;
    this.tokenLifetimeSeconds = options.tokenLifetimeSeconds ?? 3600;
    this.chunkEntries = options.chunkEntries ?? 200;
    this.benchControl = options.benchControl ?? false;
    for (const worker of this.workers) {
      this.byWid.set(worker.wid, worker.index);
      if (worker.managerIndex !== null) this.managers.add(worker.managerIndex);
    }
  }

  get url(): string {
    return this.origin;
  }

  async start(port = 0): Promise<this> {
    this.server = createServer((request, response) => {
      this.handle(request, response).catch(() => response.destroy());
    });
    this.server.keepAliveTimeout = 5_000;
    await new Promise<void>((resolve) => this.server!.listen(port, '127.0.0.1', resolve));
    this.origin = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  async stop(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = null;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  /** Settings of a report-mode connection that reaches this fake (password included). */
  reportConfig(extra: Record<string, unknown> = {}): Record<string, unknown> {
    return {
      mode: 'report',
      host: this.origin,
      tenant: this.tenant,
      username: this.isu.username,
      password: this.isu.password,
      workersReport: WORKERS_REPORT,
      groupsReport: GROUPS_REPORT,
      updatedSincePrompt: UPDATED_SINCE_PROMPT,
      customFields: { badgeNumber: 'Badge_Number' },
      ...extra,
    };
  }

  /** Settings of a REST-mode connection that reaches this fake (client secret and refresh token included). */
  restConfig(extra: Record<string, unknown> = {}): Record<string, unknown> {
    return { mode: 'rest', host: this.origin, tenant: this.tenant, ...this.client, ...extra };
  }

  /** The next `times` requests to the endpoint fail this way. */
  failNext(endpoint: FakeEndpoint, failure: FakeFailure, times = 1): void {
    const queue = this.failures.get(endpoint) ?? [];
    for (let i = 0; i < times; i++) queue.push(failure);
    this.failures.set(endpoint, queue);
  }

  /** Every request to the endpoint fails this way until cleared (null). */
  failAlways(endpoint: FakeEndpoint, failure: FakeFailure | null): void {
    if (failure) this.always.set(endpoint, failure);
    else this.always.delete(endpoint);
  }

  /** Revokes every access token issued so far (the next REST call answers 401). */
  expireTokens(): void {
    this.tokens.clear();
  }

  /** Makes the fake's "now" (token expiry, change stamps) follow another clock. */
  useClock(now: () => number): void {
    this.clock = now;
  }

  /** Changes the business title of every k-th worker (stamped now); returns how many. */
  change(every: number, title = 'Changed Title'): number {
    let changed = 0;
    for (let i = 0; i < this.workers.length; i += every) {
      this.workers[i].title = `${title} ${i}`;
      this.workers[i].updatedAt = this.clock();
      changed++;
    }
    return changed;
  }

  /** Terminates worker i as of `date` (stamped now). */
  terminate(i: number, date: string): void {
    Object.assign(this.workers[i], { status: 'Terminated', terminationDate: date, updatedAt: this.clock() });
  }

  private record(
    request: IncomingMessage,
    url: URL,
    endpoint: FakeRequestLog['endpoint'],
    status: number,
  ): void {
    const header = request.headers.authorization ?? '';
    this.log.push({
      endpoint,
      method: request.method ?? 'GET',
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      auth: /^basic /i.test(header) ? 'basic' : /^bearer /i.test(header) ? 'bearer' : 'none',
      status,
    });
  }

  private nextFailure(endpoint: FakeEndpoint): FakeFailure | undefined {
    const queued = this.failures.get(endpoint)?.shift();
    return queued ?? this.always.get(endpoint);
  }

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', this.origin);
    const send = (
      endpoint: FakeRequestLog['endpoint'],
      status: number,
      body: unknown,
      headers: Record<string, string> = {},
    ) => {
      this.record(request, url, endpoint, status);
      response.writeHead(status, { 'content-type': 'application/json;charset=UTF-8', ...headers });
      response.end(typeof body === 'string' ? body : JSON.stringify(body));
    };
    const report = new RegExp(`^/ccx/service/customreport2/${this.tenant}/([^/]+)/([^/]+)$`).exec(
      url.pathname,
    );
    const rest = new RegExp(`^/ccx/api/([^/]+)/(v\\d+)/${this.tenant}/workers$`).exec(url.pathname);
    if (request.method === 'POST' && url.pathname === `/ccx/oauth2/${this.tenant}/token`) {
      return this.token(request, send);
    }
    if (this.benchControl && request.method === 'POST' && url.pathname === '/__bench/change') {
      return send('other', 200, { changed: this.change(Number(url.searchParams.get('every') ?? '100')) });
    }
    if (request.method !== 'GET') return send('other', 405, { error: 'Method not allowed' });
    if (report) {
      const name = `${report[1]}/${report[2]}`;
      const endpoint: FakeEndpoint | null =
        name === WORKERS_REPORT ? 'workersReport' : name === GROUPS_REPORT ? 'groupsReport' : null;
      if (!endpoint) return send('other', 404, { error: 'Report not found' });
      if (!this.basicOk(request.headers.authorization, this.isu.username, this.isu.password)) {
        return send(endpoint, 401, { error: 'Invalid username or password' });
      }
      const failure = this.nextFailure(endpoint);
      if (failure && failure.kind !== 'truncated') return this.fail(endpoint, failure, send);
      if (url.searchParams.get('format') !== 'json')
        return send(endpoint, 400, { error: 'The fake serves format=json only' });
      const prompts = [...url.searchParams.keys()].filter((key) => key !== 'format');
      const allowed = endpoint === 'workersReport' ? [UPDATED_SINCE_PROMPT] : [];
      const unknown = prompts.find((key) => !allowed.includes(key));
      if (unknown) return send(endpoint, 400, { error: `Invalid request parameter: ${unknown}` });
      let since: number | null = null;
      const sinceText = url.searchParams.get(UPDATED_SINCE_PROMPT);
      if (sinceText !== null) {
        since = Date.parse(sinceText);
        if (Number.isNaN(since))
          return send(endpoint, 400, { error: `Invalid date-time for ${UPDATED_SINCE_PROMPT}` });
      }
      this.record(request, url, endpoint, 200);
      const entries =
        endpoint === 'workersReport'
          ? this.workerEntries(since)
          : this.teams.map((team) => this.teamEntry(team));
      return this.stream(response, entries, failure?.kind === 'truncated' ? failure.afterEntries : null);
    }
    if (rest) {
      const header = request.headers.authorization ?? '';
      const token = /^Bearer (.+)$/.exec(header)?.[1];
      const failure = this.nextFailure('workers');
      const expiry = token ? this.tokens.get(token) : undefined;
      if (failure?.kind === 'expiredToken' && token) this.tokens.delete(token);
      if (expiry === undefined || expiry <= this.clock() || failure?.kind === 'expiredToken') {
        return send('workers', 401, { error: 'invalid_token', error_description: 'Invalid access token' });
      }
      if (failure) return this.fail('workers', failure, send);
      const limit = Number(url.searchParams.get('limit') ?? '20');
      const offset = Number(url.searchParams.get('offset') ?? '0');
      if (!Number.isInteger(limit) || limit < 1 || limit > 100)
        return send('workers', 400, { error: 'invalid request: limit must be between 1 and 100' });
      if (!Number.isInteger(offset) || offset < 0)
        return send('workers', 400, { error: 'invalid request: offset' });
      const data = this.workers
        .slice(offset, offset + limit)
        .map((worker) => this.restWorker(worker, rest[1], rest[2]));
      return send('workers', 200, { total: this.workers.length, data });
    }
    return send('other', 404, { error: 'Not found' });
  }

  private fail(
    endpoint: FakeEndpoint,
    failure: FakeFailure,
    send: (endpoint: FakeEndpoint, status: number, body: unknown, headers?: Record<string, string>) => void,
  ): void {
    switch (failure.kind) {
      case 'status':
        return send(
          endpoint,
          failure.status,
          failure.body ?? { error: failure.status === 429 ? 'Too many requests' : `HTTP ${failure.status}` },
          failure.retryAfter ? { 'retry-after': failure.retryAfter } : {},
        );
      case 'malformed':
        return send(endpoint, 200, '{"Report_Entry": [{"Employee_ID": "1"}, <html>Service unavailable');
      case 'badOffset':
        return send(endpoint, 400, { error: 'invalid request: the offset is no longer valid' });
      default:
        return send(endpoint, 401, { error: 'invalid_token' });
    }
  }

  private basicOk(header: string | undefined, user: string, password: string): boolean {
    const encoded = /^Basic (.+)$/i.exec(header ?? '')?.[1];
    return encoded !== undefined && Buffer.from(encoded, 'base64').toString('utf8') === `${user}:${password}`;
  }

  private async token(
    request: IncomingMessage,
    send: (endpoint: FakeEndpoint, status: number, body: unknown) => void,
  ): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const form = new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
    const failure = this.nextFailure('token');
    if (failure) return this.fail('token', failure, send);
    if (!this.basicOk(request.headers.authorization, this.client.clientId, this.client.clientSecret))
      return send('token', 401, { error: 'invalid_client' });
    if (form.get('grant_type') !== 'refresh_token')
      return send('token', 400, { error: 'unsupported_grant_type' });
    if (form.get('refresh_token') !== this.client.refreshToken)
      return send('token', 400, { error: 'invalid_grant' });
    const token = randomBytes(24).toString('base64url');
    this.tokens.set(token, this.clock() + this.tokenLifetimeSeconds * 1000);
    this.tokensIssued++;
    return send('token', 200, {
      access_token: token,
      token_type: 'Bearer',
      expires_in: this.tokenLifetimeSeconds,
    });
  }

  /** Writes {"Report_Entry":[…]} a chunk of entries at a time, waiting for the socket to drain. */
  private async stream(
    response: ServerResponse,
    entries: Iterable<object>,
    cutAfter: number | null,
  ): Promise<void> {
    response.writeHead(200, { 'content-type': 'application/json;charset=UTF-8' });
    const write = (text: string) =>
      response.write(text)
        ? Promise.resolve()
        : new Promise<void>((resolve) => response.once('drain', resolve));
    let chunk = '{"Report_Entry":[';
    let count = 0;
    for (const entry of entries) {
      if (cutAfter !== null && count === cutAfter) {
        await write(chunk);
        response.destroy();
        return;
      }
      chunk += (count > 0 ? ',' : '') + JSON.stringify(entry);
      count++;
      if (count % this.chunkEntries === 0) {
        await write(chunk);
        chunk = '';
      }
    }
    response.end(`${chunk}]}`);
  }

  private *workerEntries(since: number | null): Generator<object> {
    for (const worker of this.workers)
      if (since === null || worker.updatedAt >= since) yield this.reportEntry(worker);
  }

  /** A row of the workers report: columns by their aliases, empty values left out (as Workday does). */
  reportEntry(worker: FakeWorker): Record<string, unknown> {
    const manager = worker.managerIndex === null ? null : this.workers[worker.managerIndex];
    const entry: Record<string, unknown> = {
      Employee_ID: worker.employeeId,
      Full_Name: `${worker.preferredName ?? worker.firstName} ${worker.lastName}`,
      First_Name: worker.firstName,
      Last_Name: worker.lastName,
      Preferred_Name: worker.preferredName ?? undefined,
      Email: worker.email ?? undefined,
      Business_Title: worker.title,
      Department: worker.department,
      Division: worker.division,
      Cost_Center: worker.costCenter,
      Location: worker.location,
      Work_Phone: worker.phone,
      Company: worker.company,
      Manager_ID: manager?.employeeId,
      Manager_Name: manager ? `${manager.firstName} ${manager.lastName}` : undefined,
      Worker_Status: worker.status,
      Employee_Type: worker.employeeType,
      Time_Type: worker.timeType,
      Hire_Date: worker.hireDate,
      Termination_Date: worker.terminationDate ?? undefined,
      Badge_Number: String(worker.badgeNumber),
    };
    for (const key of Object.keys(entry)) if (entry[key] === undefined) delete entry[key];
    return entry;
  }

  private teamEntry(team: FakeTeam): Record<string, unknown> {
    return {
      Group_ID: team.id,
      Group_Name: team.name,
      Group_Type: 'Team',
      Members: team.members.map((i) => ({ Employee_ID: this.workers[i].employeeId })),
    };
  }

  /** A worker of the REST collection: references as {id, descriptor, href}. */
  restWorker(worker: FakeWorker, service: string, version: string): Record<string, unknown> {
    const base = `${this.origin}/ccx/api/${service}/${version}/${this.tenant}`;
    const reference = (kind: string, descriptor: string) => ({
      id: Buffer.from(`${kind}:${descriptor}`).toString('hex').slice(0, 32).padEnd(32, '0'),
      descriptor,
    });
    const manager = worker.managerIndex === null ? null : this.workers[worker.managerIndex];
    const body: Record<string, unknown> = {
      id: worker.wid,
      descriptor: `${worker.preferredName ?? worker.firstName} ${worker.lastName}`,
      href: `${base}/workers/${worker.wid}`,
      workerId: worker.employeeId,
      primaryWorkEmail: worker.email ?? undefined,
      primaryWorkPhone: worker.phone,
      businessTitle: worker.title,
      isManager: this.managers.has(worker.index) || undefined,
      person: {
        firstName: worker.firstName,
        lastName: worker.lastName,
        preferredName: worker.preferredName ?? undefined,
      },
      primarySupervisoryOrganization: {
        ...reference('org', worker.department),
        href: `${base}/supervisoryOrganizations/x`,
      },
      division: reference('division', worker.division),
      costCenter: reference('cc', worker.costCenter),
      location: reference('location', worker.location),
      company: reference('company', worker.company),
      manager: manager
        ? { id: manager.wid, descriptor: `${manager.firstName} ${manager.lastName}` }
        : undefined,
      workerStatus: worker.status,
      workerType: reference('type', worker.employeeType),
      timeType: reference('time', worker.timeType),
      hireDate: worker.hireDate,
      terminationDate: worker.terminationDate ?? undefined,
    };
    return JSON.parse(JSON.stringify(body)) as Record<string, unknown>;
  }

  /** The worker with this WID (REST id). */
  workerByWid(wid: string): FakeWorker | undefined {
    const index = this.byWid.get(wid);
    return index === undefined ? undefined : this.workers[index];
  }
}
