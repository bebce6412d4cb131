/**
 * A stand-in for the BambooHR API gateway (https://api.bamboohr.com/api/gateway.php/{companyDomain}/…),
 * speaking the wire format of BambooHR's public OpenAPI description (BambooHR/bhr-api-php,
 * specs/public.yaml):
 * - `POST /v2/datasets/{datasetName}/data` ("Get Data from Dataset (v2)"): body {fields, filter,
 *   orderBy, page, pageSize ≤ 1000 (default 100)}; answer {data: [{fields: {name: string|null}}],
 *   links: {next, prev}, meta: {page, pageSize, totalPages, totalItems}}; errors as RFC 7807
 *   problem+json (422 for a bad page size or filter, 404 for an unknown dataset);
 * - `GET /v1/employees/changed?since=<ISO 8601>` ("Get Changed Employee IDs"): {latest, employees:
 *   {"<id>": {id, action: Inserted|Updated|Deleted, lastChanged}}}, 400 for an unreadable since;
 * - HTTP basic auth with the API key as user name and any password ("x"); 401 without a known key,
 *   with the reason in the X-BambooHR-Error-Message header; 429 with Retry-After when throttled.
 * Dates are YYYY-MM-DD and "0000-00-00" when empty, the way BambooHR renders an unset date.
 */
import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';
import { HR_TODAY, HrWorker, hrWorker } from '../hr-tenant';

export interface BambooHrFailure {
  status: number;
  /** Path fragment the failure applies to; every path when absent. */
  path?: string;
  retryAfter?: string;
  /** Answer 200 with a body that is not a dataset page. */
  malformed?: boolean;
  times: number;
}

export interface RecordedRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  body: Record<string, unknown> | null;
}

/** How a worker appears as dataset fields (the names BambooHR uses for its standard fields). */
export function datasetFields(
  worker: HrWorker,
  idOf: (index: number) => number,
): Record<string, string | null> {
  return {
    employeeId: String(worker.id),
    employeeNumber: worker.employeeNumber,
    firstName: worker.firstName,
    lastName: worker.lastName,
    preferredName: worker.preferredName,
    workEmail: worker.email,
    jobTitle: worker.jobTitle,
    department: worker.department,
    division: worker.division,
    location: worker.location,
    workPhone: worker.phone,
    employmentHistoryStatus: worker.active ? worker.employmentType : 'Terminated',
    hireDate: worker.hireDate,
    terminationDate: worker.terminationDate ?? '0000-00-00',
    status: worker.active ? 'Active' : 'Inactive',
    supervisorEId: worker.managerIndex === null ? null : String(idOf(worker.managerIndex)),
    customCostCenter: worker.costCenter,
    customShirtSize: worker.shirtSize,
  };
}

export class FakeBambooHr {
  private server: Server | null = null;
  readonly companyDomain = 'acme';
  readonly requests: RecordedRequest[] = [];
  private readonly keys = new Set<string>();
  private readonly failures: BambooHrFailure[] = [];
  /** Workers by id; generated lazily for ids within the tenant, replaced when changed. */
  private readonly changed = new Map<number, HrWorker>();
  private readonly deleted = new Set<number>();
  private readonly changeLog = new Map<number, { action: 'Inserted' | 'Updated' | 'Deleted'; at: number }>();
  private size: number;
  private clock = HR_TODAY;
  private baseUrl = '';

  constructor(workers: number) {
    this.size = workers;
  }

  get url(): string {
    return this.baseUrl;
  }

  addApiKey(key: string): this {
    this.keys.add(key);
    return this;
  }

  fail(failure: Omit<BambooHrFailure, 'times'> & { times?: number }): void {
    this.failures.push({ times: 1, ...failure });
  }

  worker(index: number): HrWorker | undefined {
    const id = 1000 + index;
    if (this.deleted.has(id)) return undefined;
    return this.changed.get(id) ?? (index < this.size ? hrWorker(index) : undefined);
  }

  private tick(): number {
    this.clock = Math.max(Date.now(), this.clock + 1000);
    return this.clock;
  }

  update(index: number, change: Partial<HrWorker>): HrWorker {
    const current = this.worker(index);
    if (!current) throw new Error(`no worker ${index}`);
    const at = this.tick();
    const next = { ...current, ...change, lastModified: at };
    this.changed.set(next.id, next);
    this.changeLog.set(next.id, { action: 'Updated', at });
    return next;
  }

  add(change: Partial<HrWorker>): HrWorker {
    const index = this.size;
    this.size += 1;
    const at = this.tick();
    const next = { ...hrWorker(index), ...change, lastModified: at };
    this.changed.set(next.id, next);
    this.changeLog.set(next.id, { action: 'Inserted', at });
    return next;
  }

  remove(index: number): void {
    const id = 1000 + index;
    this.deleted.add(id);
    this.changeLog.set(id, { action: 'Deleted', at: this.tick() });
  }

  /** The fake's clock (ISO); the change log stamps after it. */
  now(): string {
    return new Date(this.clock).toISOString();
  }

  async start(): Promise<this> {
    this.server = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => this.handle(request, Buffer.concat(chunks).toString('utf8'), response));
    });
    this.server.keepAliveTimeout = 30_000;
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.baseUrl = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/api/gateway.php`;
    return this;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  private send(
    response: ServerResponse,
    status: number,
    body: unknown,
    headers: Record<string, string> = {},
  ): void {
    const text = typeof body === 'string' ? body : JSON.stringify(body);
    response.writeHead(status, {
      'content-type': typeof body === 'string' ? 'text/plain' : 'application/json',
      ...headers,
    });
    response.end(text);
  }

  private problem(response: ServerResponse, status: number, title: string, detail: string): void {
    response.writeHead(status, { 'content-type': 'application/problem+json' });
    response.end(JSON.stringify({ type: 'about:blank', title, status, detail }));
  }

  private handle(request: IncomingMessage, text: string, response: ServerResponse): void {
    const url = new URL(request.url ?? '/', 'http://fake');
    let body: Record<string, unknown> | null = null;
    if (text) {
      try {
        body = JSON.parse(text) as Record<string, unknown>;
      } catch {
        return this.problem(response, 400, 'Bad Request', 'The request body is not JSON.');
      }
    }
    this.requests.push({
      method: request.method ?? 'GET',
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      body,
    });
    const prefix = `/api/gateway.php/${this.companyDomain}/`;
    if (!url.pathname.startsWith(prefix)) return this.send(response, 404, 'Not Found');
    const path = url.pathname.slice(prefix.length);

    const authorization = request.headers.authorization ?? '';
    const [user] = Buffer.from(authorization.replace(/^Basic /, ''), 'base64')
      .toString('utf8')
      .split(':');
    if (!authorization.startsWith('Basic ') || !this.keys.has(user)) {
      return this.send(response, 401, '', { 'x-bamboohr-error-message': 'Invalid API key' });
    }
    const failure = this.failures.find((candidate) => !candidate.path || path.includes(candidate.path));
    if (failure) {
      failure.times -= 1;
      if (failure.times <= 0) this.failures.splice(this.failures.indexOf(failure), 1);
      if (failure.malformed) return this.send(response, 200, { data: 'not a list' });
      const headers: Record<string, string> = failure.retryAfter ? { 'retry-after': failure.retryAfter } : {};
      if (failure.status === 403)
        headers['x-bamboohr-error-message'] = 'You do not have access to this dataset';
      return this.send(response, failure.status, '', headers);
    }

    const dataset = /^v2\/datasets\/([^/]+)\/data$/.exec(path);
    if (dataset && request.method === 'POST') return this.dataset(dataset[1], body ?? {}, response);
    if (path === 'v1/employees/changed' && request.method === 'GET') return this.changes(url, response);
    return this.send(response, 404, 'Not Found');
  }

  private dataset(name: string, body: Record<string, unknown>, response: ServerResponse): void {
    if (name !== 'employee')
      return this.problem(response, 404, 'Not Found', `Dataset ${name} does not exist.`);
    const fields = Array.isArray(body.fields)
      ? body.fields.filter((field): field is string => typeof field === 'string')
      : [];
    if (fields.length === 0) return this.problem(response, 400, 'Bad Request', 'fields is required.');
    const page = body.page === undefined ? 1 : body.page;
    const pageSize = body.pageSize === undefined ? 100 : body.pageSize;
    if (
      typeof page !== 'number' ||
      page < 1 ||
      typeof pageSize !== 'number' ||
      pageSize < 1 ||
      pageSize > 1000
    ) {
      return this.problem(response, 422, 'Unprocessable Entity', 'page must be ≥ 1 and pageSize 1..1000.');
    }
    let ids: number[] | null = null;
    if (typeof body.filter === 'string' && body.filter !== '') {
      const match = /^employeeId in \(([\d,]+)\)$/.exec(body.filter);
      if (!match)
        return this.problem(response, 422, 'Unprocessable Entity', 'The filter expression is invalid.');
      ids = match[1]
        .split(',')
        .map(Number)
        .sort((a, b) => a - b);
    }
    const idOf = (index: number) => 1000 + index;
    const selected: HrWorker[] = [];
    let totalItems: number;
    if (ids) {
      const found = ids
        .map((id) => this.worker(id - 1000))
        .filter((worker): worker is HrWorker => worker !== undefined);
      totalItems = found.length;
      selected.push(...found.slice((page - 1) * pageSize, page * pageSize));
    } else {
      // Ordered by employee id: the tenant's index order, with deletions skipped.
      totalItems = this.size - this.deleted.size;
      let skipped = 0;
      for (let index = 0; index < this.size && selected.length < pageSize; index += 1) {
        if (this.deleted.has(1000 + index)) continue;
        if (skipped < (page - 1) * pageSize) {
          skipped += 1;
          continue;
        }
        selected.push(this.worker(index)!);
      }
    }
    const totalPages = Math.max(1, Math.ceil(totalItems / pageSize));
    const data = selected.map((worker) => {
      const all = datasetFields(worker, idOf);
      return {
        fields: Object.fromEntries(
          fields.filter((field) => field in all).map((field) => [field, all[field]]),
        ),
      };
    });
    const link = (target: number) =>
      target >= 1 && target <= totalPages
        ? `${this.baseUrl}/${this.companyDomain}/v2/datasets/${name}/data?page=${target}`
        : null;
    this.send(response, 200, {
      data,
      links: { next: link(page + 1), prev: link(page - 1) },
      meta: { page, pageSize, totalPages, totalItems },
    });
  }

  private changes(url: URL, response: ServerResponse): void {
    const since = Date.parse(url.searchParams.get('since') ?? '');
    if (Number.isNaN(since))
      return this.send(response, 400, '', { 'x-bamboohr-error-message': 'Invalid since parameter' });
    const employees: Record<string, { id: string; action: string; lastChanged: string }> = {};
    let latest = 0;
    for (const [id, change] of this.changeLog) {
      if (change.at < since) continue;
      latest = Math.max(latest, change.at);
      employees[String(id)] = {
        id: String(id),
        action: change.action,
        lastChanged: new Date(change.at).toISOString().replace(/\.\d{3}Z$/, '+00:00'),
      };
    }
    this.send(response, 200, {
      latest: new Date(latest || since).toISOString().replace(/\.\d{3}Z$/, '+00:00'),
      employees,
    });
  }
}
