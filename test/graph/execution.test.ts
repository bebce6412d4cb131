import { startTestApp, TestApp } from '../support/app';
import { createEmployee, createOrganization, setManager } from '../support/factories';

/** Operations run through compiled (graphql-jit) execution: what graphql-js callers rely on still holds. */
describe('operation execution', () => {
  let app: TestApp;
  let token: string;
  let employeeId: string;

  beforeAll(async () => {
    app = await startTestApp();
    const ds = app.db.dataSource;
    const orgId = await createOrganization(ds);
    token = await app.token(orgId);
    const director = await createEmployee(ds, orgId, { displayName: 'Dan Director' });
    const manager = await createEmployee(ds, orgId, { displayName: 'Mia Manager' });
    const employee = await createEmployee(ds, orgId, { displayName: 'Eve Employee' });
    await setManager(ds, manager.id, director.id);
    await setManager(ds, employee.id, manager.id);
    employeeId = employee.id;
  });
  afterAll(() => app.stop());

  const post = async (body: Record<string, unknown>) => {
    const response = await fetch(app.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify(body),
    });
    return {
      status: response.status,
      ...((await response.json()) as {
        data?: Record<string, unknown> | null;
        errors?: Record<string, unknown>[];
      }),
    };
  };

  const document = `
    query Chain($id: ID!, $depth: Int! = 3) { employee(id: $id) { managementChain(maxDepth: $depth) { level employee { displayName } } } }
    query Name($id: ID!) { employee(id: $id) { displayName } }`;

  it('runs the operation named in a document of several, with variable defaults filled in', async () => {
    const chain = await post({ query: document, operationName: 'Chain', variables: { id: employeeId } });
    expect(chain.data).toEqual({
      employee: {
        managementChain: [
          { level: 1, employee: { displayName: 'Mia Manager' } },
          { level: 2, employee: { displayName: 'Dan Director' } },
        ],
      },
    });
    const name = await post({ query: document, operationName: 'Name', variables: { id: employeeId } });
    expect(name.data).toEqual({ employee: { displayName: 'Eve Employee' } });
  });

  it('reports a resolver error with its code, path and location, and keeps the rest of the data', async () => {
    const query = `{ employee(id: "${employeeId}") { displayName managementChain(maxDepth: -1) { level } } }`;
    const response = await post({ query });
    expect(response.data).toEqual({ employee: null });
    expect(response.errors).toEqual([
      expect.objectContaining({
        path: ['employee', 'managementChain'],
        locations: [{ line: 1, column: query.indexOf('managementChain') + 1 }],
        extensions: expect.objectContaining({ code: 'BAD_USER_INPUT' }),
      }),
    ]);
  });

  it('refuses a wrongly typed variable with BAD_USER_INPUT and no data', async () => {
    const response = await post({ query: document, operationName: 'Name', variables: { id: true } });
    expect(response.status).toBe(400);
    expect(response.data ?? null).toBeNull();
    expect(response.errors?.[0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT' } });
  });

  it('reads only the selected columns of entities and chain links, yet follows managers from them', async () => {
    const response = await post({
      query: `query ($r: [_Any!]!) { _entities(representations: $r) { ... on Employee {
        manager { displayName manager { displayName } }
        managementChain { employee { manager { displayName } } } } } }`,
      variables: { r: [{ __typename: 'Employee', id: employeeId }] },
    });
    expect(response.errors).toBeUndefined();
    expect(response.data).toEqual({
      _entities: [
        {
          manager: { displayName: 'Mia Manager', manager: { displayName: 'Dan Director' } },
          managementChain: [
            { employee: { manager: { displayName: 'Dan Director' } } },
            { employee: { manager: null } },
          ],
        },
      ],
    });
  });

  it('resolves a batch of Employee references in order, null for malformed, unknown and repeated-missing ids', async () => {
    const unknown = '00000000-0000-4000-8000-000000000000';
    const response = await post({
      query: `query ($r: [_Any!]!) { _entities(representations: $r) { ... on Employee { id displayName } } }`,
      variables: {
        r: [employeeId, 'not-an-id', unknown, employeeId.toUpperCase()].map((id) => ({
          __typename: 'Employee',
          id,
        })),
      },
    });
    expect(response.errors).toBeUndefined();
    expect(response.data).toEqual({
      _entities: [
        { id: employeeId, displayName: 'Eve Employee' },
        null,
        null,
        { id: employeeId, displayName: 'Eve Employee' },
      ],
    });
  });

  it('answers with compact JSON', async () => {
    const response = await fetch(app.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query: document, operationName: 'Name', variables: { id: employeeId } }),
    });
    expect(await response.text()).toBe('{"data":{"employee":{"displayName":"Eve Employee"}}}');
  });
});
