import { Employee } from '../../src/entities';
import {
  DirectReportsDocument,
  EmployeeByEmailDocument,
  EmployeeByIdDocument,
  ManagementChainDocument,
  OrgChartDocument,
  ReportsDocument,
} from '../generated/graphql';
import { dataOf, startTestApp, TestApp } from '../support/app';
import { createEmployee, createOrganization, setManager } from '../support/factories';

/**
 *   Ada (CEO)
 *   ├── Bob ── Dan ── Fay
 *   │     ├── Eve
 *   │     └── Gus (terminated)
 *   └── Cat
 * and, apart, a reporting cycle in the source: Xia → Yul → Zed → Xia.
 */
describe('hierarchy', () => {
  let app: TestApp;
  let orgId: string;
  let token: string;
  const people: Record<string, Employee> = {};

  beforeAll(async () => {
    app = await startTestApp();
    const ds = app.db.dataSource;
    orgId = await createOrganization(ds);
    for (const name of ['Ada', 'Bob', 'Cat', 'Dan', 'Eve', 'Fay', 'Gus', 'Xia', 'Yul', 'Zed']) {
      people[name] = await createEmployee(ds, orgId, {
        firstName: name,
        lastName: 'Test',
        displayName: `${name} Test`,
        email: `${name.toLowerCase()}@acme.test`,
        department: name === 'Ada' ? 'Executive' : 'Engineering',
        status: (name === 'Gus' ? 'terminated' : 'active') as Employee['status'],
      });
    }
    const reportsTo: [string, string][] = [
      ['Bob', 'Ada'],
      ['Cat', 'Ada'],
      ['Dan', 'Bob'],
      ['Eve', 'Bob'],
      ['Gus', 'Bob'],
      ['Fay', 'Dan'],
      ['Xia', 'Yul'],
      ['Yul', 'Zed'],
      ['Zed', 'Xia'],
    ];
    for (const [report, manager] of reportsTo) await setManager(ds, people[report].id, people[manager].id);
    token = await app.token(orgId);
  });
  afterAll(() => app.stop());

  it('finds an employee by id and by email, with their manager', async () => {
    const byId = dataOf(await app.request(EmployeeByIdDocument, { id: people.Fay.id }, { token }));
    expect(byId.employee).toMatchObject({
      displayName: 'Fay Test',
      status: 'ACTIVE',
      manager: { displayName: 'Dan Test' },
    });
    const byEmail = dataOf(await app.request(EmployeeByEmailDocument, { email: 'FAY@Acme.Test' }, { token }));
    expect(byEmail.employeeByEmail?.id).toBe(people.Fay.id);
  });

  it('walks the management chain up to the top, level 1 being the direct manager', async () => {
    const data = dataOf(await app.request(ManagementChainDocument, { id: people.Fay.id }, { token }));
    expect(
      data.employee?.managementChain.map((link) => [link.level, link.employee.displayName, link.closesCycle]),
    ).toEqual([
      [1, 'Dan Test', false],
      [2, 'Bob Test', false],
      [3, 'Ada Test', false],
    ]);
    const short = dataOf(
      await app.request(ManagementChainDocument, { id: people.Fay.id, maxDepth: 2 }, { token }),
    );
    expect(short.employee?.managementChain).toHaveLength(2);
  });

  it('reads only the asked-for columns of a chain without leaking partial rows into other fields', async () => {
    await app.db.dataSource.query(`UPDATE employees SET job_title = 'Chief Executive' WHERE id = $1`, [
      people.Ada.id,
    ]);
    const response = await app.request<
      {
        employee: { managementChain: { employee: { displayName: string } }[] };
        ceo: { jobTitle: string; email: string };
      },
      { id: string; ceo: string }
    >(
      `query ($id: ID!, $ceo: ID!) { employee(id: $id) { managementChain { employee { displayName } } } ceo: employee(id: $ceo) { jobTitle email } }`,
      { id: people.Fay.id, ceo: people.Ada.id },
      { token },
    );
    const data = dataOf(response);
    expect(data.employee.managementChain.map((link) => link.employee.displayName)).toEqual([
      'Dan Test',
      'Bob Test',
      'Ada Test',
    ]);
    expect(data.ceo).toEqual({ jobTitle: 'Chief Executive', email: 'ada@acme.test' });
  });

  it('reports a reporting cycle instead of looping', async () => {
    const data = dataOf(await app.request(ManagementChainDocument, { id: people.Xia.id }, { token }));
    const chain = data.employee!.managementChain;
    expect(chain.map((link) => link.employee.displayName)).toEqual(['Yul Test', 'Zed Test']);
    expect(chain[chain.length - 1].closesCycle).toBe(true);
  });

  it('lists direct reports by name, leaving former employees out unless asked', async () => {
    const data = dataOf(await app.request(DirectReportsDocument, { id: people.Bob.id }, { token }));
    expect(data.employee?.directReportCount).toBe(2);
    expect(data.employee?.directReports.edges.map((edge) => edge.node.displayName)).toEqual([
      'Dan Test',
      'Eve Test',
    ]);
    const all = dataOf(
      await app.request(DirectReportsDocument, { id: people.Bob.id, includeFormer: true }, { token }),
    );
    expect(all.employee?.directReports.totalCount).toBe(3);
    const terminated = dataOf(
      await app.request(DirectReportsDocument, { id: people.Bob.id, status: 'TERMINATED' }, { token }),
    );
    expect(terminated.employee?.directReports.edges.map((edge) => edge.node.displayName)).toEqual([
      'Gus Test',
    ]);
  });

  it('pages through direct reports with cursors', async () => {
    const first = dataOf(
      await app.request(DirectReportsDocument, { id: people.Bob.id, first: 1 }, { token }),
    );
    expect(first.employee?.directReports.pageInfo.hasNextPage).toBe(true);
    const after = first.employee!.directReports.pageInfo.endCursor!;
    const second = dataOf(
      await app.request(DirectReportsDocument, { id: people.Bob.id, first: 1, after }, { token }),
    );
    expect(second.employee?.directReports.edges.map((edge) => edge.node.displayName)).toEqual(['Eve Test']);
    expect(second.employee?.directReports.pageInfo.hasNextPage).toBe(false);
  });

  it('returns the whole subtree below someone, level by level, paginated', async () => {
    const data = dataOf(await app.request(ReportsDocument, { id: people.Ada.id }, { token }));
    expect(data.employee?.reports.totalCount).toBe(5);
    expect(data.employee?.reports.edges.map((edge) => [edge.level, edge.node.displayName])).toEqual([
      [1, 'Bob Test'],
      [1, 'Cat Test'],
      [2, 'Dan Test'],
      [2, 'Eve Test'],
      [3, 'Fay Test'],
    ]);
    const page1 = dataOf(await app.request(ReportsDocument, { id: people.Ada.id, first: 3 }, { token }));
    const page2 = dataOf(
      await app.request(
        ReportsDocument,
        { id: people.Ada.id, first: 3, after: page1.employee!.reports.pageInfo.endCursor },
        { token },
      ),
    );
    expect(page2.employee?.reports.edges.map((edge) => edge.node.displayName)).toEqual([
      'Eve Test',
      'Fay Test',
    ]);
    expect(page2.employee?.reports.totalCount).toBe(5);
    const shallow = dataOf(await app.request(ReportsDocument, { id: people.Ada.id, maxDepth: 1 }, { token }));
    expect(shallow.employee?.reports.totalCount).toBe(2);
  });

  it('draws the org chart from the top of the organization as flat nodes', async () => {
    const data = dataOf(await app.request(OrgChartDocument, {}, { token }));
    const chart = data.orgChart;
    expect(chart.rootIds).toEqual([people.Ada.id]);
    expect(chart.totalNodes).toBe(6);
    expect(chart.maxDepthReached).toBe(false);
    const byName = Object.fromEntries(chart.nodes.map((node) => [node.employee.displayName, node]));
    expect(byName['Fay Test']).toMatchObject({ level: 3, parentId: people.Dan.id });
    expect(byName['Bob Test']).toMatchObject({ level: 1, parentId: people.Ada.id, directReportCount: 2 });
  });

  it('cuts the org chart at maxDepth and says so', async () => {
    const data = dataOf(
      await app.request(OrgChartDocument, { rootId: people.Bob.id, maxDepth: 1 }, { token }),
    );
    expect(data.orgChart.nodes.map((node) => node.employee.displayName)).toEqual([
      'Bob Test',
      'Dan Test',
      'Eve Test',
    ]);
    expect(data.orgChart.maxDepthReached).toBe(true);
  });

  it('filters the org chart to a department', async () => {
    const data = dataOf(
      await app.request(OrgChartDocument, { department: 'Engineering', maxDepth: 10 }, { token }),
    );
    expect(data.orgChart.rootIds.sort()).toEqual([people.Bob.id, people.Cat.id].sort());
    expect(data.orgChart.nodes.every((node) => node.employee.department?.name === 'Engineering')).toBe(true);
  });

  it('reports a cycle met while drawing a chart', async () => {
    const data = dataOf(
      await app.request(OrgChartDocument, { rootId: people.Xia.id, maxDepth: 10 }, { token }),
    );
    expect(data.orgChart.cycleDetected).toBe(true);
    expect(data.orgChart.nodes.map((node) => node.employee.displayName)).toEqual([
      'Xia Test',
      'Zed Test',
      'Yul Test',
    ]);
  });
});
