import { generateSampleOrganization } from '../../src/demo/sample-org';
import { seedOrganization } from '../../src/demo/seed';
import { EmployeeCardDocument } from '../generated/graphql';
import { dataOf, startTestApp, TestApp } from '../support/app';
import { countStatements } from '../support/statements';

/** Speed by construction: the number of SQL statements follows the query's levels, not its rows. */
describe('SQL statements per query', () => {
  let app: TestApp;
  let token: string;
  let employeeIds: string[];
  let marcusId: string;

  beforeAll(async () => {
    app = await startTestApp();
    const sample = generateSampleOrganization({ employees: 2000, seed: 7 });
    const { orgId } = await seedOrganization(app.db.dataSource, { name: 'Acme', slug: 'acme' }, sample);
    token = await app.token(orgId);
    const rows: { id: string; email: string }[] = await app.db.dataSource.query(
      // Leaves (people who lead nobody), so that no level's rows are already known from another level.
      `SELECT id, email FROM employees e WHERE org_id = $1 AND manager_id IS NOT NULL
         AND NOT EXISTS (SELECT 1 FROM employees r WHERE r.manager_id = e.id)
       ORDER BY employee_number`,
      [orgId],
    );
    employeeIds = rows.map((row) => row.id);
    marcusId = rows.find((row) => row.email.startsWith('marcus.chen@'))!.id;
  });
  afterAll(() => app.stop());

  it('runs the employee card query in one statement per level', async () => {
    const { result, statements } = await countStatements(() =>
      app.request(EmployeeCardDocument, { id: marcusId }, { token }),
    );
    const card = dataOf(result).employee!;
    const team = card.manager!.manager!.directReports.edges;
    expect(team.length).toBeGreaterThan(1);
    expect(team.some((edge) => edge.node.groups.length > 0)).toBe(true);
    // employee, manager, manager, directReports, groups(resolveNested)
    expect(statements).toHaveLength(5);
  });

  const cardForMany = `query ($representations: [_Any!]!) {
    _entities(representations: $representations) {
      ... on Employee { displayName manager { manager { directReports { edges { node {
        displayName groups(resolveNested: true) { group { name } } } } } } } }
    }
  }`;

  it.each([10, 50])(
    'runs the card query for %i employees at once in the same five statements',
    async (count) => {
      const representations = employeeIds.slice(0, count).map((id) => ({ __typename: 'Employee', id }));
      const { result, statements } = await countStatements(() =>
        app.request<{ _entities: unknown[] }, { representations: unknown[] }>(
          cardForMany,
          { representations },
          { token },
        ),
      );
      expect(dataOf(result)._entities).toHaveLength(count);
      expect(statements).toHaveLength(5);
    },
  );

  it('resolves 1,000 entity representations in one statement', async () => {
    const representations = employeeIds.slice(0, 1000).map((id) => ({ __typename: 'Employee', id }));
    const { result, statements } = await countStatements(() =>
      app.request<{ _entities: ({ id: string; email: string } | null)[] }, { representations: unknown[] }>(
        `query ($representations: [_Any!]!) { _entities(representations: $representations) { ... on Employee { id email } } }`,
        { representations },
        { token },
      ),
    );
    const entities = dataOf(result)._entities;
    expect(entities.map((entity) => entity?.id)).toEqual(employeeIds.slice(0, 1000));
    expect(statements).toHaveLength(1);
  });

  it('runs the whole-tree questions as one statement each', async () => {
    const chain = await countStatements(() =>
      app.request(
        `query ($id: ID!) { employee(id: $id) { managementChain { level employee { displayName } } } }`,
        { id: marcusId },
        { token },
      ),
    );
    expect(chain.statements).toHaveLength(2); // the employee, then the chain
    // The cost model counts the organization's people once a minute (src/directory/organization-sizes.ts).
    await app.request('{ orgChart(maxDepth: 0) { totalNodes } }', {}, { token });
    const chart = await countStatements(() =>
      app.request<{ orgChart: { totalNodes: number } }, Record<string, never>>(
        `{ orgChart(maxDepth: 12) { totalNodes nodes { parentId employee { displayName } } } }`,
        {},
        { token },
      ),
    );
    expect(dataOf(chart.result).orgChart.totalNodes).toBeGreaterThan(1500);
    expect(chart.statements).toHaveLength(1);
  });
});
