import { DepartmentsDocument, EmployeesDocument, LookupEmployeesDocument } from '../generated/graphql';
import { dataOf, startTestApp, TestApp } from '../support/app';
import { createEmployee, createOrganization, setManager } from '../support/factories';

describe('lookup, lists and departments', () => {
  let app: TestApp;
  let token: string;

  beforeAll(async () => {
    app = await startTestApp();
    const ds = app.db.dataSource;
    const orgId = await createOrganization(ds);
    token = await app.token(orgId);
    const people: [string, string, string, string, string, string][] = [
      // display name, email, number, department, status, employment type
      ['Priya Ramirez', 'priya.ramirez@acme.test', 'EMP25000001', 'IT Infrastructure', 'active', 'full_time'],
      ['Jane Smith', 'jane.smith@acme.test', 'EMP25048172', 'IT Infrastructure', 'active', 'full_time'],
      ['Janet Smithson', 'janet.smithson@acme.test', 'EMP25037291', 'Finance', 'active', 'full_time'],
      ['Jane Smith', 'jane.smith2@acme.test', 'EMP25099999', 'Sales', 'active', 'full_time'],
      ['Sarah Park', 'sarah.park@acme.test', 'EMP25019384', 'IT Infrastructure', 'on_leave', 'full_time'],
      ['Carl Contract', 'carl@vendor.test', 'EMP25055555', 'IT Infrastructure', 'contractor', 'contractor'],
      ['Old Timer', 'old.timer@acme.test', 'EMP25000002', 'IT Infrastructure', 'terminated', 'full_time'],
      ['José García', 'jose.garcia@acme.test', 'EMP25000003', 'Sales', 'active', 'full_time'],
      ['Lars Van der Berg', 'lars.vanderberg@acme.test', 'EMP25000004', 'Sales', 'active', 'full_time'],
      ['Wei Chen', 'wei.chen@acme.test', 'EMP25000005', 'Sales', 'active', 'full_time'],
      ['Wei Cohen', 'wei.cohen@acme.test', 'EMP25000006', 'Sales', 'active', 'full_time'],
      ['Aoife O’Brien', 'aoife.obrien@acme.test', 'EMP25000007', 'Sales', 'active', 'full_time'],
    ];
    const ids: string[] = [];
    for (const [displayName, email, employeeNumber, department, status, employmentType] of people) {
      const employee = await createEmployee(ds, orgId, {
        displayName,
        email,
        employeeNumber,
        department,
        division: department === 'IT Infrastructure' ? 'Technology' : 'Corporate',
        costCenter: department === 'IT Infrastructure' ? 'CC-4200' : 'CC-1000',
        status: status as never,
        employmentType: employmentType as never,
      });
      ids.push(employee.id);
    }
    for (const index of [1, 4, 5, 6]) await setManager(ds, ids[index], ids[0]);
  });
  afterAll(() => app.stop());

  const lookup = async (query: string, extra: { limit?: number; status?: null } = {}) =>
    dataOf(await app.request(LookupEmployeesDocument, { query, ...extra }, { token })).lookupEmployees;

  it('ranks an exact email local part first, then near names', async () => {
    const matches = await lookup('jane.smith');
    expect(matches[0]).toMatchObject({ matchedField: 'EMAIL', employee: { email: 'jane.smith@acme.test' } });
    expect(matches[0].score).toBeGreaterThan(0.95);
    expect(matches.map((match) => match.employee.email)).toContain('janet.smithson@acme.test');
    const scores = matches.map((match) => match.score);
    expect([...scores].sort((a, b) => b - a)).toEqual(scores);
    expect(scores.every((score) => score > 0 && score <= 1)).toBe(true);
  });

  it('finds people by employee number, by name prefix and despite a typo', async () => {
    expect((await lookup('emp25048172'))[0]).toMatchObject({
      matchedField: 'EMPLOYEE_ID',
      score: 1,
      employee: { employeeId: 'EMP25048172' },
    });
    expect((await lookup('Priya'))[0].employee.displayName).toBe('Priya Ramirez');
    expect((await lookup('priya ramierz'))[0].employee.displayName).toBe('Priya Ramirez');
    expect((await lookup('smithson'))[0].employee.displayName).toBe('Janet Smithson');
  });

  it('matches without accents or apostrophes, across compound surnames and through a swapped pair of letters', async () => {
    expect((await lookup('jose garcia'))[0]).toMatchObject({
      matchedField: 'NAME',
      score: 1,
      employee: { displayName: 'José García' },
    });
    expect((await lookup("aoife o'brien"))[0]).toMatchObject({
      score: 1,
      employee: { displayName: 'Aoife O’Brien' },
    });
    expect((await lookup('aoife obrein'))[0].employee.displayName).toBe('Aoife O’Brien');
    expect((await lookup('lars vanderberg'))[0].employee.displayName).toBe('Lars Van der Berg');
    expect((await lookup('lars van der b'))[0].employee.displayName).toBe('Lars Van der Berg');
    // A transposition is one edit: "cehn" is nearer Chen than Cohen, "wei cohne" nearer Cohen.
    expect((await lookup('wei cehn'))[0].employee.displayName).toBe('Wei Chen');
    expect((await lookup('wei cohne'))[0].employee.displayName).toBe('Wei Cohen');
  });

  it('finds a renamed person under the new name, typos included', async () => {
    const ds = app.db.dataSource;
    const [{ id }] = await ds.query(`SELECT id FROM employees WHERE email = 'sarah.park@acme.test'`);
    expect(await lookup('okonkow', { status: null })).toEqual([]);
    await ds.query(`UPDATE employees SET display_name = 'Sarah Okonkwo' WHERE id = $1`, [id]);
    try {
      for (const query of ['okonkow', 'sarah okonkow']) {
        const matches = await lookup(query, { status: null });
        expect(matches[0]).toMatchObject({
          matchedField: 'NAME',
          employee: { displayName: 'Sarah Okonkwo' },
        });
      }
    } finally {
      await ds.query(`UPDATE employees SET display_name = 'Sarah Park' WHERE id = $1`, [id]);
    }
  });

  it('applies the default status (ACTIVE) when the argument is left out entirely', async () => {
    const response = await app.request<
      { lookupEmployees: { employee: { displayName: string } }[] },
      Record<string, never>
    >(
      `{ lookupEmployees(query: "sarah park") { employee { displayName } } other: lookupEmployees(query: "priya") { employee { displayName } } }`,
      {},
      { token },
    );
    const data = dataOf(response) as unknown as Record<string, { employee: { displayName: string } }[]>;
    expect(data.lookupEmployees).toEqual([]); // Sarah is on leave
    expect(data.other.map((match) => match.employee.displayName)).toEqual(['Priya Ramirez']);
  });

  it('returns active people only by default, any status on request, and honours the limit', async () => {
    expect(await lookup('old timer')).toEqual([]);
    expect((await lookup('old timer', { status: null }))[0].employee.status).toBe('TERMINATED');
    expect(await lookup('smith', { limit: 1 })).toHaveLength(1);
  });

  it('filters and searches the employee list', async () => {
    const data = dataOf(
      await app.request(
        EmployeesDocument,
        { filter: { department: 'IT Infrastructure', status: 'ACTIVE' } },
        { token },
      ),
    );
    expect(data.employees.edges.map((edge) => edge.node.displayName)).toEqual([
      'Jane Smith',
      'Priya Ramirez',
    ]);
    const search = dataOf(
      await app.request(EmployeesDocument, { filter: { search: 'SMITH jane.' } }, { token }),
    );
    expect(search.employees.totalCount).toBe(2);
    const contractors = dataOf(
      await app.request(EmployeesDocument, { filter: { employmentType: 'CONTRACTOR' } }, { token }),
    );
    expect(contractors.employees.edges.map((edge) => edge.node.displayName)).toEqual(['Carl Contract']);
  });

  it('counts departments by status and names their head', async () => {
    const data = dataOf(await app.request(DepartmentsDocument, {}, { token }));
    const it = data.departments.find((department) => department.name === 'IT Infrastructure');
    expect(it).toEqual({
      name: 'IT Infrastructure',
      division: 'Technology',
      costCenter: 'CC-4200',
      headcount: 4,
      active: 2,
      onLeave: 1,
      contractors: 1,
      head: { displayName: 'Priya Ramirez', jobTitle: null },
    });
    const corporate = dataOf(await app.request(DepartmentsDocument, { division: 'Corporate' }, { token }));
    expect(corporate.departments.map((department) => department.name)).toEqual(['Finance', 'Sales']);
  });
});
