import { dataOf, startTestApp, TestApp } from '../support/app';
import { createEmployee, createOrganization } from '../support/factories';
import { logger } from '../../src/observability/logger';

const PRODUCTION = { NODE_ENV: 'production', CURSOR_SECRET: 'a-cursor-secret-for-production-tests-0123' };

/** Issue 10, finding 7: production tells callers little about the schema, and logs no personal data. */
describe('production defaults', () => {
  let app: TestApp;
  let token: string;

  beforeAll(async () => {
    app = await startTestApp(PRODUCTION);
    const orgId = await createOrganization(app.db.dataSource, 'Prod');
    await createEmployee(app.db.dataSource, orgId, { email: 'jane.secret@prod.test' });
    token = await app.token(orgId);
  });
  afterAll(() => app.stop());

  it('refuses introspection', async () => {
    const response = await app.request('{ __schema { types { name } } }', undefined, { token });
    expect(response.status).toBe(400);
    expect(response.errors?.[0].extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(response.data ?? null).toBeNull();
  });

  it('still serves the router its SDL', async () => {
    const response = await app.request<{ _service: { sdl: string } }, Record<string, never>>(
      '{ _service { sdl } }',
    );
    expect(dataOf(response)._service.sdl).toContain('type Employee');
  });

  it('gives no "Did you mean" hints, in validation or in variables', async () => {
    const field = await app.request('{ employes { totalCount } }', undefined, { token });
    expect(field.errors?.[0].message).toBe('Cannot query field "employes" on type "Query".');
    const value = await app.request(
      'query ($s: EmploymentStatus) { lookupEmployees(query: "jane", status: $s) { score } }',
      { s: 'ACTIV' },
      { token },
    );
    expect(value.errors?.[0].message).toMatch(/^Variable "\$s" got invalid value "ACTIV"/);
    expect(value.errors?.[0].message).not.toMatch(/Did you mean/);
  });

  it('logs an unexpected database error without its parameters', async () => {
    // A column the read needs goes missing: an unexpected failure while looking a person up by e-mail.
    await app.db.dataSource.query('ALTER TABLE employees RENAME COLUMN display_name TO display_name_gone');
    const logged = jest.spyOn(logger, 'error').mockImplementation(() => undefined);
    try {
      const response = await app.request(
        '{ employeeByEmail(email: "jane.secret@prod.test") { id } }',
        undefined,
        {
          token,
        },
      );
      expect(response.errors?.[0].extensions?.code).toBe('INTERNAL_SERVER_ERROR');
      expect(logged).toHaveBeenCalled();
      const output = logged.mock.calls.map((call) => JSON.stringify(call, replaceErrors)).join('\n');
      expect(output).toContain('42703'); // what went wrong is there
      expect(output).not.toContain('jane.secret');
      expect(output).not.toContain(app.config.auth.jwtSecret!);
    } finally {
      logged.mockRestore();
      await app.db.dataSource.query('ALTER TABLE employees RENAME COLUMN display_name_gone TO display_name');
    }
  });
});

describe('production with introspection and suggestions switched on', () => {
  let app: TestApp;

  beforeAll(async () => {
    app = await startTestApp({ ...PRODUCTION, GRAPHQL_INTROSPECTION: 'true', GRAPHQL_SUGGESTIONS: 'true' });
  });
  afterAll(() => app.stop());

  it('answers introspection and hints', async () => {
    const token = await app.token(await createOrganization(app.db.dataSource, 'Open'));
    const schema = await app.request<{ __schema: { queryType: { name: string } } }, Record<string, never>>(
      '{ __schema { queryType { name } } }',
      undefined,
      { token },
    );
    expect(dataOf(schema).__schema.queryType.name).toBe('Query');
    const field = await app.request('{ employes { totalCount } }', undefined, { token });
    expect(field.errors?.[0].message).toMatch(/Did you mean .*"employees"/);
  });
});

/** Errors (and their own properties, such as a database error's parameters) as JSON, to search the log. */
function replaceErrors(_key: string, value: unknown): unknown {
  if (!(value instanceof Error)) return value;
  return { ...value, name: value.name, message: value.message, stack: value.stack };
}
