import { SignJWT } from 'jose';
import { EmployeeByIdDocument, EmployeesDocument } from '../generated/graphql';
import { dataOf, startTestApp, TEST_JWT_SECRET, TestApp } from '../support/app';
import { createEmployee, createOrganization, setManager } from '../support/factories';

describe('access and bad input', () => {
  let app: TestApp;
  let ours: { orgId: string; token: string; employeeId: string; managerId: string };
  let theirs: { orgId: string; employeeId: string };

  beforeAll(async () => {
    app = await startTestApp({ MAX_QUERY_DEPTH: '12', MAX_QUERY_COST: '20000' });
    const ds = app.db.dataSource;
    const orgId = await createOrganization(ds, 'Ours');
    const manager = await createEmployee(ds, orgId, { displayName: 'Mia Manager', email: 'mia@ours.test' });
    const employee = await createEmployee(ds, orgId, { displayName: 'Oli Ours', email: 'shared@both.test' });
    await setManager(ds, employee.id, manager.id);
    ours = { orgId, token: await app.token(orgId), employeeId: employee.id, managerId: manager.id };
    const otherOrg = await createOrganization(ds, 'Theirs');
    const other = await createEmployee(ds, otherOrg, {
      displayName: 'Tess Theirs',
      email: 'shared@both.test',
    });
    theirs = { orgId: otherOrg, employeeId: other.id };
  });
  afterAll(() => app.stop());

  const codeOf = (response: { errors?: { extensions?: Record<string, unknown> }[] }) =>
    response.errors?.[0]?.extensions?.code;

  it('refuses a request without a token with UNAUTHENTICATED and 401', async () => {
    const response = await app.request(EmployeeByIdDocument, { id: ours.employeeId });
    expect(response.status).toBe(401);
    expect(codeOf(response)).toBe('UNAUTHENTICATED');
    expect(response.data ?? null).toBeNull();
  });

  it('serves the router its SDL without a token', async () => {
    const response = await app.request<{ _service: { sdl: string } }, Record<string, never>>(
      '{ _service { sdl } }',
    );
    expect(dataOf(response)._service.sdl).toContain('type Employee');
  });

  it.each([
    ['a malformed token', 'not-a-jwt', 'token is not a valid JWT'],
    ['a token signed with another secret', 'other', 'token signature is not valid'],
    ['an expired token', 'expired', 'token has expired'],
    ['a token without an organization', 'no-org', 'token has no valid "org_id" claim'],
  ])('refuses %s', async (_label, kind, message) => {
    const sign = (claims: Record<string, unknown>, secret: string, expires: string | number) =>
      new SignJWT(claims)
        .setProtectedHeader({ alg: 'HS256' })
        .setExpirationTime(expires)
        .sign(new TextEncoder().encode(secret));
    const tokens: Record<string, () => Promise<string>> = {
      'not-a-jwt': async () => 'not-a-jwt',
      other: () => sign({ org_id: ours.orgId }, 'another-secret-that-is-long-enough-012345', '1h'),
      expired: () => sign({ org_id: ours.orgId }, TEST_JWT_SECRET, Math.floor(Date.now() / 1000) - 60),
      'no-org': () => sign({ sub: 'x' }, TEST_JWT_SECRET, '1h'),
    };
    const response = await app.request(
      EmployeeByIdDocument,
      { id: ours.employeeId },
      { token: await tokens[kind]() },
    );
    expect(response.status).toBe(401);
    expect(codeOf(response)).toBe('UNAUTHENTICATED');
    expect(response.errors?.[0].message).toBe(message);
  });

  it("answers another organization's id as not found", async () => {
    const data = dataOf(
      await app.request(EmployeeByIdDocument, { id: theirs.employeeId }, { token: ours.token }),
    );
    expect(data.employee).toBeNull();
  });

  it('scopes lists, emails and entity lookups to the caller organization', async () => {
    const list = dataOf(await app.request(EmployeesDocument, {}, { token: ours.token }));
    expect(list.employees.edges.map((edge) => edge.node.displayName)).toEqual(['Mia Manager', 'Oli Ours']);
    const entities = dataOf(
      await app.request<{ _entities: ({ displayName: string } | null)[] }, { representations: unknown[] }>(
        `query($representations: [_Any!]!) { _entities(representations: $representations) { ... on Employee { displayName } } }`,
        {
          representations: [
            { __typename: 'Employee', id: theirs.employeeId },
            { __typename: 'Employee', email: 'shared@both.test' },
            { __typename: 'Employee', id: 'not-a-uuid' },
          ],
        },
        { token: ours.token },
      ),
    );
    expect(entities._entities).toEqual([null, { displayName: 'Oli Ours' }, null]);
  });

  it.each([
    ['a malformed id', `{ employee(id: "emp_123") { id } }`, 'id is not a valid id: "emp_123"'],
    [
      'a page that is too large',
      `{ employees(first: 500) { totalCount } }`,
      'first must be an integer from 1 to 100, got 500',
    ],
    [
      'a zero page',
      `{ employees(first: 0) { totalCount } }`,
      'first must be an integer from 1 to 100, got 0',
    ],
    [
      'a forged cursor',
      `{ employees(after: "eyJsIjoiZW1wbG95ZWVzIn0.forged") { totalCount } }`,
      'after is not a valid cursor',
    ],
    [
      'a negative depth',
      `{ orgChart(maxDepth: -1) { totalNodes } }`,
      'maxDepth must be an integer from 0 to 64, got -1',
    ],
    [
      'a lookup limit over 20',
      `{ lookupEmployees(query: "a", limit: 21) { score } }`,
      'limit must be an integer from 1 to 20, got 21',
    ],
    ['an empty lookup', `{ lookupEmployees(query: "  ") { score } }`, 'query must not be empty'],
    [
      'a malformed email',
      `{ employeeByEmail(email: "nobody") { id } }`,
      'email is not an email address: "nobody"',
    ],
  ])('answers %s with BAD_USER_INPUT', async (_label, query, message) => {
    const response = await app.request(query, undefined, { token: ours.token });
    expect(codeOf(response)).toBe('BAD_USER_INPUT');
    expect(response.errors?.[0].message).toBe(message);
    expect(JSON.stringify(response)).not.toMatch(/stack|at \w+ \(/);
  });

  it('rejects a cursor taken from another list', async () => {
    const page = dataOf(await app.request(EmployeesDocument, { first: 1 }, { token: ours.token }));
    const cursor = page.employees.pageInfo.endCursor!;
    const response = await app.request(
      `query($after: String) { groups(after: $after) { totalCount } }`,
      { after: cursor },
      { token: ours.token },
    );
    expect(response.errors?.[0].message).toBe('after is a cursor from another list');
  });

  it('names the missing org chart root', async () => {
    const response = await app.request(
      `query($id: ID) { orgChart(rootId: $id) { totalNodes } }`,
      { id: theirs.employeeId },
      { token: ours.token },
    );
    expect(codeOf(response)).toBe('NOT_FOUND');
  });

  it('rejects a query deeper than the limit before running it', async () => {
    const deep = `{ employee(id: "${ours.employeeId}") { ${'manager { '.repeat(12)} id ${'} '.repeat(12)} } }`;
    const response = await app.request(deep, undefined, { token: ours.token });
    expect(response.status).toBe(400);
    expect(codeOf(response)).toBe('QUERY_TOO_DEEP');
    expect(response.errors?.[0].message).toBe('Query is 14 levels deep; the limit is 12');
  });

  it('rejects a query whose cost is over the limit, naming the cost', async () => {
    const costly = `{ employees(first: 100) { edges { node { directReports(first: 100) { edges { node { directReports(first: 100) { totalCount } } } } } } } }`;
    const response = await app.request(costly, undefined, { token: ours.token });
    expect(codeOf(response)).toBe('QUERY_TOO_COSTLY');
    expect(response.errors?.[0].extensions?.cost).toBeGreaterThan(20000);
  });
});
