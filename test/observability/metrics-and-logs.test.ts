import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { dataOf, startTestApp, TestApp } from '../support/app';
import { createOrganization } from '../support/factories';
import { hrisDocument, hrisPeople, writeHrisFile } from '../support/hris';

/** The value of one sample in Prometheus' text format (labels in the order prom-client prints them). */
function sample(text: string, name: string, labels: Record<string, string> = {}): number | null {
  const labelText = Object.entries(labels)
    .map(([key, value]) => `${key}="${value}"`)
    .join(',');
  const line = text
    .split('\n')
    .find((candidate) => candidate.startsWith(labelText ? `${name}{${labelText}}` : `${name} `));
  return line ? Number(line.slice(line.lastIndexOf(' ') + 1)) : null;
}

describe('metrics at /metrics', () => {
  let app: TestApp;
  let orgId: string;
  let admin: string;
  const metricsUrl = () => app.url.replace(/\/graphql$/, '/metrics');
  const scrape = async () => {
    const response = await fetch(metricsUrl());
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/plain');
    return response.text();
  };

  beforeAll(async () => {
    app = await startTestApp({}, { sync: true });
    orgId = await createOrganization(app.db.dataSource, 'Acme');
    admin = await app.token(orgId, ['admin']);
  });
  afterAll(() => app.stop());

  it('counts operations by name, their latency and their errors by code', async () => {
    const before = await scrape();
    const countBefore =
      sample(before, 'directory_graphql_requests_total', { operation: 'Departments', type: 'query' }) ?? 0;
    dataOf(await app.request('query Departments { departments { name } }', undefined, { token: admin }));
    dataOf(await app.request('query Departments { departments { name } }', undefined, { token: admin }));
    const unauthenticated = await app.request('query Departments { departments { name } }');
    expect(unauthenticated.status).toBe(401);

    const after = await scrape();
    expect(
      sample(after, 'directory_graphql_requests_total', { operation: 'Departments', type: 'query' }),
    ).toBe(countBefore + 3);
    expect(
      sample(after, 'directory_graphql_request_duration_seconds_count', { operation: 'Departments' }),
    ).toBeGreaterThanOrEqual(3);
    expect(
      sample(after, 'directory_graphql_errors_total', { code: 'UNAUTHENTICATED' }),
    ).toBeGreaterThanOrEqual(1);
    expect(sample(after, 'directory_db_pool_connections', { state: 'idle' })).toBeGreaterThanOrEqual(0);
    expect(sample(after, 'directory_db_pool_connections', { state: 'waiting' })).toBe(0);
    expect(sample(after, 'directory_sync_queue_jobs', { state: 'waiting' })).toBe(0);
  });

  it('labels operations by name, and names past 64 characters as "other"', async () => {
    const long = `Q${'x'.repeat(70)}`;
    await app.request('query ThisNameIsFine { departments { name } }', undefined, { token: admin });
    await app.request(`query ${long} { departments { name } }`, undefined, { token: admin });
    const text = await scrape();
    expect(
      sample(text, 'directory_graphql_requests_total', { operation: 'ThisNameIsFine', type: 'query' }),
    ).toBe(1);
    expect(text).not.toContain(long);
    expect(sample(text, 'directory_graphql_requests_total', { operation: 'other', type: 'query' })).toBe(1);
  });

  it('counts SCIM requests by status', async () => {
    const response = await fetch(app.url.replace(/\/graphql$/, '/scim/v2/Users'));
    expect(response.status).toBe(401);
    const text = await scrape();
    expect(
      sample(text, 'directory_scim_requests_total', { method: 'GET', status: '401' }),
    ).toBeGreaterThanOrEqual(1);
  });

  it('counts finished syncs by status with their duration and records per second', async () => {
    const connection = await app.runtime!.connections.create(orgId, {
      name: 'HR file',
      source: 'hris_import' as never,
      config: { file: writeHrisFile(orgId, hrisDocument(hrisPeople(40))) },
    });
    const job = await app.runtime!.jobs.trigger(orgId, {
      connectionId: connection.id,
      syncType: 'full',
      includeGroups: true,
      preview: false,
      trigger: 'api',
    });
    const before = await scrape();
    const completedBefore =
      sample(before, 'directory_sync_jobs_total', { status: 'completed', source: 'hris_import' }) ?? 0;
    const result = await app.runtime!.pipeline.run(job.id, { finalAttempt: true });
    expect(result.status).toBe('completed');

    const after = await scrape();
    expect(sample(after, 'directory_sync_jobs_total', { status: 'completed', source: 'hris_import' })).toBe(
      completedBefore + 1,
    );
    expect(
      sample(after, 'directory_sync_duration_seconds_count', { source: 'hris_import' }),
    ).toBeGreaterThanOrEqual(1);
    expect(
      sample(after, 'directory_sync_records_per_second_count', { source: 'hris_import' }),
    ).toBeGreaterThanOrEqual(1);
  });
});

describe('request logs', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp();
  });
  afterAll(() => app.stop());

  it('writes one JSON line per operation with the request id, organization, operation and duration; no secrets', async () => {
    const orgId = await createOrganization(app.db.dataSource, 'Acme');
    const token = await app.token(orgId);
    const child = spawn(process.execPath, [join(__dirname, '../../dist/src/main.js'), 'serve'], {
      env: { ...process.env, ...app.env, JEST_WORKER_ID: '', LOG_LEVEL: 'info', HOST: '127.0.0.1' },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const lines: Record<string, unknown>[] = [];
    const waiters: {
      accept: (line: Record<string, unknown>) => boolean;
      resolve: (line: Record<string, unknown>) => void;
    }[] = [];
    createInterface({ input: child.stdout }).on('line', (text) => {
      const line = JSON.parse(text) as Record<string, unknown>;
      lines.push(line);
      for (const waiter of waiters.filter((candidate) => candidate.accept(line))) waiter.resolve(line);
    });
    const nextLine = (accept: (line: Record<string, unknown>) => boolean) =>
      new Promise<Record<string, unknown>>((resolve) => {
        const found = lines.find(accept);
        if (found) resolve(found);
        else waiters.push({ accept, resolve });
      });
    try {
      const listening = await nextLine((line) => typeof line.url === 'string');
      const url = listening.url as string;

      const given = await fetch(url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          authorization: `Bearer ${token}`,
          'x-request-id': 'req-abc-123',
        },
        body: JSON.stringify({
          query: 'query FindPerson($email: String!) { employeeByEmail(email: $email) { id } }',
          variables: { email: 'secret.person@acme.test' },
        }),
      });
      expect(given.headers.get('x-request-id')).toBe('req-abc-123');
      const logged = await nextLine((line) => line.requestId === 'req-abc-123');
      expect(logged).toMatchObject({
        level: 30,
        msg: 'graphql operation',
        orgId,
        operation: 'FindPerson',
        operationType: 'query',
        status: 200,
      });
      expect(typeof logged.durationMs).toBe('number');

      // Without an id (or with one that is not an id), the server makes one and returns it.
      const made = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-request-id': 'no spaces <allowed>' },
        body: JSON.stringify({ query: '{ departments { name } }' }),
      });
      const madeId = made.headers.get('x-request-id');
      expect(madeId).toMatch(/^[0-9a-f-]{36}$/);
      expect(await nextLine((line) => line.requestId === madeId)).toMatchObject({
        orgId: null,
        operation: 'anonymous',
        status: 401,
        errorCodes: ['UNAUTHENTICATED'],
      });

      const everything = JSON.stringify(lines);
      expect(everything).not.toContain(token);
      expect(everything).not.toContain('secret.person@acme.test');
      expect(everything).not.toContain(app.env.DATABASE_URL!);
    } finally {
      child.kill('SIGTERM');
      await new Promise((resolve) => child.once('exit', resolve));
    }
  });
});
