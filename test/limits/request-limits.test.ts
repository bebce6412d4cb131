import { Client } from 'pg';
import { dataOf, startTestApp, TestApp } from '../support/app';
import { createEmployee, createOrganization, setManager } from '../support/factories';

/** Issue 10, finding 4: one caller must not be able to slow or starve every organization. */
describe('request limits', () => {
  let app: TestApp;
  let small: { orgId: string; token: string };
  let large: { orgId: string; token: string };

  beforeAll(async () => {
    app = await startTestApp({
      MAX_QUERY_COST: '2000',
      REQUEST_STATEMENT_TIMEOUT_MS: '400',
      MAX_RESPONSE_BYTES: '8000',
    });
    const ds = app.db.dataSource;
    const smallOrg = await createOrganization(ds, 'Small');
    const boss = await createEmployee(ds, smallOrg, { displayName: 'Sam Small' });
    for (let i = 0; i < 4; i++) await setManager(ds, (await createEmployee(ds, smallOrg)).id, boss.id);
    small = { orgId: smallOrg, token: await app.token(smallOrg) };
    const largeOrg = await createOrganization(ds, 'Large');
    await ds.query(
      `INSERT INTO employees (id, org_id, email, display_name, first_name, last_name, status)
       SELECT gen_random_uuid(), $1, 'p' || n || '@large.test', 'Person ' || n, 'Person', 'N' || n, 'active'
       FROM generate_series(1, 1000) AS n`,
      [largeOrg],
    );
    large = { orgId: largeOrg, token: await app.token(largeOrg) };
  });
  afterAll(() => app.stop());

  const codeOf = (response: { errors?: { extensions?: Record<string, unknown> }[] }) =>
    response.errors?.[0]?.extensions?.code;
  const aliases = (count: number, field: string) =>
    `{ ${Array.from({ length: count }, (_, i) => `a${i}: ${field}`).join(' ')} }`;

  it('refuses 200 aliased org charts from a member with a typed 400', async () => {
    const response = await app.request(aliases(200, 'orgChart { nodes { id } }'), undefined, {
      token: small.token,
    });
    expect(response.status).toBe(400);
    expect(codeOf(response)).toBe('TOO_MANY_ALIASES');
    expect(response.data ?? null).toBeNull();
  });

  it('refuses 1,000 aliased lookups with a typed 400', async () => {
    const response = await app.request(aliases(1000, 'lookupEmployees(query: "sam") { score }'), undefined, {
      token: small.token,
    });
    expect(response.status).toBe(400);
    expect(codeOf(response)).toBe('TOO_MANY_ALIASES');
  });

  it('refuses 5,000 aliases with a typed 400, not a 500', async () => {
    const response = await app.request(aliases(5000, 'orgChart { totalNodes }'), undefined, {
      token: small.token,
    });
    expect(response.status).toBe(400);
    expect(codeOf(response)).toBe('TOO_MANY_ALIASES');
  });

  it('counts the aliases inside fragments once per spread', async () => {
    const spreads = Array.from({ length: 60 }, (_, i) => `...F${i}`).join(' ');
    const fragments = Array.from(
      { length: 60 },
      (_, i) => `fragment F${i} on Query { x${i}: orgChart { totalNodes } }`,
    ).join('\n');
    const response = await app.request(`{ ${spreads} }\n${fragments}`, undefined, { token: small.token });
    expect(response.status).toBe(400);
    expect(codeOf(response)).toBe('TOO_MANY_ALIASES');
  });

  it("costs an org chart by the organization's size", async () => {
    const chart = '{ orgChart(maxDepth: 3) { totalNodes nodes { id employee { displayName } } } }';
    const answered = dataOf(
      await app.request<{ orgChart: { totalNodes: number } }, Record<string, never>>(chart, undefined, {
        token: small.token,
      }),
    );
    expect(answered.orgChart.totalNodes).toBe(5);
    const response = await app.request(chart, undefined, { token: large.token });
    expect(response.status).toBe(400);
    expect(codeOf(response)).toBe('QUERY_TOO_COSTLY');
  });

  it('answers a response larger than the cap with RESPONSE_TOO_LARGE', async () => {
    const response = await app.request(
      '{ employees(first: 100) { edges { node { id email displayName firstName lastName } } } }',
      undefined,
      { token: large.token },
    );
    expect(codeOf(response)).toBe('RESPONSE_TOO_LARGE');
    expect(response.data ?? null).toBeNull();
  });

  it('stops a statement that runs past the request timeout with QUERY_TIMEOUT', async () => {
    const blocker = new Client({ connectionString: app.db.url });
    await blocker.connect();
    try {
      await blocker.query('BEGIN');
      await blocker.query('LOCK TABLE employees IN ACCESS EXCLUSIVE MODE');
      const response = await app.request('{ employees { totalCount } }', undefined, { token: small.token });
      expect(codeOf(response)).toBe('QUERY_TIMEOUT');
      expect(response.errors?.[0].message).not.toMatch(/SELECT|employees|\$1/);
    } finally {
      await blocker.query('ROLLBACK');
      await blocker.end();
    }
    // The connection that timed out is usable again, with the request's timeout.
    expect(
      dataOf(await app.request('{ employees { totalCount } }', undefined, { token: small.token })),
    ).toEqual({
      employees: { totalCount: 5 },
    });
  });
});

describe('a fair share of the database pool', () => {
  let app: TestApp;

  beforeAll(async () => {
    app = await startTestApp({ DB_POOL_ORG_PERCENT: '40' });
  });
  afterAll(() => app.stop());

  it('keeps serving another organization while one holds all of its share of the pool', async () => {
    const ds = app.db.dataSource;
    const flooding = await createOrganization(ds, 'Flooding');
    const quiet = await createOrganization(ds, 'Quiet');
    await createEmployee(ds, quiet, { displayName: 'Quinn Quiet' });
    const floodToken = await app.token(flooding);
    // Every request of the flooding organization waits on a lock the test holds.
    const blocker = new Client({ connectionString: app.db.url });
    await blocker.connect();
    await blocker.query('BEGIN');
    await blocker.query('LOCK TABLE directory_groups IN ACCESS EXCLUSIVE MODE');
    const flood = Array.from({ length: 12 }, () =>
      app.request('{ groups { totalCount } }', undefined, { token: floodToken }),
    );
    try {
      // The pool holds 5 connections and an organization at most 40% of them: 2 wait on the lock, 10 in line.
      await app.server.poolShare.whenQueued(flooding, 10);
      const response = await app.request('{ employees { totalCount } }', undefined, {
        token: await app.token(quiet),
      });
      expect(dataOf(response)).toEqual({ employees: { totalCount: 1 } });
    } finally {
      await blocker.query('ROLLBACK');
      await blocker.end();
    }
    for (const response of await Promise.all(flood))
      expect(dataOf(response)).toEqual({ groups: { totalCount: 0 } });
  });
});
