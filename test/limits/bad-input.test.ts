import { randomUUID } from 'node:crypto';
import { dataOf, startTestApp, TestApp } from '../support/app';
import { createEmployee, createOrganization } from '../support/factories';

/** Issue 10, finding 5: bad input is the caller's to fix, a typed 400, never a 500. */
describe('bad input', () => {
  let app: TestApp;
  let member: string;
  let admin: string;

  beforeAll(async () => {
    app = await startTestApp({}, { sync: true });
    const orgId = await createOrganization(app.db.dataSource, 'Inputs');
    await createEmployee(app.db.dataSource, orgId, { displayName: 'Nia Null', email: 'nia@inputs.test' });
    member = await app.token(orgId);
    admin = await app.token(orgId, ['admin']);
  });
  afterAll(() => app.stop());

  const codeOf = (response: { errors?: { extensions?: Record<string, unknown> }[] }) =>
    response.errors?.[0]?.extensions?.code;

  it.each([
    ['employees(filter.search)', `query($q: String) { employees(filter: { search: $q }) { totalCount } }`],
    ['lookupEmployees(query)', `query($q: String!) { lookupEmployees(query: $q) { score } }`],
    ['employeeByEmail(email)', `query($q: String!) { employeeByEmail(email: $q) { id } }`],
  ])('answers a NUL byte in %s with BAD_USER_INPUT', async (_label, query) => {
    const response = await app.request(query, { q: 'nia\u0000@inputs.test' }, { token: member });
    expect(response.status).toBe(400);
    expect(codeOf(response)).toBe('BAD_USER_INPUT');
  });

  it('answers a NUL byte written in the query text with BAD_USER_INPUT', async () => {
    const response = await app.request('{ lookupEmployees(query: "ni\\u0000a") { score } }', undefined, {
      token: member,
    });
    expect(response.status).toBe(400);
    expect(codeOf(response)).toBe('BAD_USER_INPUT');
  });

  it('answers an entity representation of an unknown type with BAD_USER_INPUT', async () => {
    const response = await app.request(
      `query($r: [_Any!]!) { _entities(representations: $r) { ... on Employee { id } } }`,
      { r: [{ __typename: 'Payroll', id: randomUUID() }] },
      { token: member },
    );
    expect(codeOf(response)).toBe('BAD_USER_INPUT');
    expect(response.errors?.[0].extensions?.argument).toBe('representations');
  });

  it('answers deeply nested JSON in importDirectoryDocument with BAD_USER_INPUT', async () => {
    const connection = dataOf(
      await app.request<{ createDirectoryConnection: { id: string } }, Record<string, unknown>>(
        `mutation ($input: DirectoryConnectionInput!) { createDirectoryConnection(input: $input) { id } }`,
        { input: { name: 'Pushed', source: 'HRIS_IMPORT', config: { push: true } } },
        { token: admin },
      ),
    ).createDirectoryConnection;
    const nested = `${'['.repeat(100_000)}${']'.repeat(100_000)}`;
    const response = await fetch(app.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${admin}` },
      body: `{"query":"mutation ($id: ID!, $d: JSON!) { importDirectoryDocument(connectionId: $id, document: $d) { id } }","variables":{"id":"${connection.id}","d":{"employees":${nested}}}}`,
    });
    const body = (await response.json()) as { errors?: { extensions?: Record<string, unknown> }[] };
    expect(response.status).toBe(400);
    expect(codeOf(body)).toBe('BAD_USER_INPUT');
  });

  it('answers a valid token of an organization that does not exist with a typed error', async () => {
    const stranger = await app.token(randomUUID(), ['admin']);
    const response = await app.request(
      `mutation ($input: DirectoryConnectionInput!) { createDirectoryConnection(input: $input) { id } }`,
      { input: { name: 'Nowhere', source: 'SCIM' } },
      { token: stranger },
    );
    expect(codeOf(response)).toBe('ORGANIZATION_NOT_FOUND');
  });
});
