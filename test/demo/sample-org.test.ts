import {
  generateSampleOrganization,
  MIN_SAMPLE_EMPLOYEES,
  SAMPLE_KEY_PEOPLE,
  SampleEmployee,
  SampleOrganization,
} from '../../src/demo/sample-org';
import { organizationIdForSlug, seedOrganization } from '../../src/demo/seed';
import { EmploymentStatus, EmploymentType } from '../../src/entities/enums';
import { createTestDatabase, TestDatabase } from '../support/databases';

/** Level of each employee (the CEO is level 1), computed without trusting the array order. */
function levels(employees: readonly SampleEmployee[]): Map<string, number> {
  const byId = new Map(employees.map((e) => [e.id, e]));
  const level = new Map<string, number>();
  const levelOf = (employee: SampleEmployee): number => {
    const known = level.get(employee.id);
    if (known !== undefined) return known;
    const manager = employee.managerId === null ? undefined : byId.get(employee.managerId);
    const value = manager === undefined ? 1 : levelOf(manager) + 1;
    level.set(employee.id, value);
    return value;
  };
  employees.forEach(levelOf);
  return level;
}

function fanOuts(employees: readonly SampleEmployee[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const e of employees) if (e.managerId) counts.set(e.managerId, (counts.get(e.managerId) ?? 0) + 1);
  return counts;
}

function byEmail(org: SampleOrganization, email: string): SampleEmployee {
  const found = org.employees.find((e) => e.email === email);
  if (!found) throw new Error(`no employee ${email}`);
  return found;
}

function groupId(org: SampleOrganization, name: string): string {
  const found = org.groups.find((g) => g.name === name);
  if (!found) throw new Error(`no group ${name}`);
  return found.id;
}

function directMembers(org: SampleOrganization, name: string): Set<string> {
  const id = groupId(org, name);
  return new Set(org.memberships.filter((m) => m.groupId === id).map((m) => m.employeeId));
}

function hasDuplicates(values: readonly string[]): boolean {
  return new Set(values).size !== values.length;
}

describe('generateSampleOrganization', () => {
  const org = generateSampleOrganization({ employees: 2000 });
  const { employees } = org;
  const byId = new Map(employees.map((e) => [e.id, e]));

  it('is deterministic for a seed and differs between seeds', () => {
    const again = generateSampleOrganization({ employees: 2000 });
    expect(again).toEqual(org);
    expect(JSON.stringify(again)).toBe(JSON.stringify(org));
    const other = generateSampleOrganization({ employees: 2000, seed: 7 });
    expect(other.employees[0].id).not.toBe(employees[0].id);
    expect(other.employees.map((e) => e.displayName)).not.toEqual(employees.map((e) => e.displayName));
  });

  it('has exactly the requested head count and one root, Elena Vasquez', () => {
    expect(employees).toHaveLength(2000);
    const roots = employees.filter((e) => e.managerId === null);
    expect(roots).toHaveLength(1);
    expect(roots[0]).toMatchObject({
      displayName: 'Elena Vasquez',
      email: SAMPLE_KEY_PEOPLE.ceo,
      jobTitle: 'Chief Executive Officer',
      department: 'Executive',
    });
  });

  it('has a deep enough hierarchy with bounded fan-out, and mostly individual contributors', () => {
    const depth = Math.max(...levels(employees).values());
    expect(depth).toBeGreaterThanOrEqual(6);
    const fan = fanOuts(employees);
    expect(Math.max(...fan.values())).toBeLessThanOrEqual(15);
    expect(fan.size / employees.length).toBeLessThan(0.35);
  });

  it('lists managers before their reports and links only to existing employees', () => {
    const seen = new Set<string>();
    for (const e of employees) {
      if (e.managerId !== null) {
        expect(byId.has(e.managerId)).toBe(true);
        expect(seen.has(e.managerId)).toBe(true);
      }
      seen.add(e.id);
    }
  });

  it('spreads people over at least 8 departments with cost centers and divisions', () => {
    const departments = new Set(employees.map((e) => e.department));
    expect(departments.size).toBeGreaterThanOrEqual(8);
    const infra = employees.find((e) => e.department === 'IT Infrastructure');
    expect(infra).toMatchObject({ division: 'Technology', costCenter: 'CC-4200' });
    expect(employees.every((e) => /^CC-\d{4}$/.test(e.costCenter))).toBe(true);
  });

  it('keeps department subtrees mostly within their department', () => {
    let same = 0;
    let total = 0;
    for (const e of employees) {
      const manager = e.managerId === null ? undefined : byId.get(e.managerId);
      if (!manager || manager.department === 'Executive') continue;
      total++;
      if (manager.department === e.department) same++;
    }
    expect(same / total).toBeGreaterThan(0.95);
  });

  it('has colliding names but unique (case-insensitive) e-mails, numbers, user ids and usernames', () => {
    expect(hasDuplicates(employees.map((e) => e.displayName))).toBe(true);
    expect(hasDuplicates(employees.map((e) => e.email.toLowerCase()))).toBe(false);
    expect(employees.some((e) => /^[a-z-]+\.[a-z-]+\d+@acme\.example$/.test(e.email))).toBe(true);
    expect(hasDuplicates(employees.map((e) => e.employeeNumber))).toBe(false);
    expect(employees.every((e) => /^EMP\d{8}$/.test(e.employeeNumber))).toBe(true);
    const userIds = employees.flatMap((e) => (e.userId === null ? [] : [e.userId]));
    expect(hasDuplicates(userIds)).toBe(false);
    expect(userIds.every((id) => /^usr_[a-z0-9]{12}$/.test(id))).toBe(true);
    expect(userIds.length / employees.length).toBeGreaterThan(0.7);
    expect(hasDuplicates(employees.map((e) => e.username))).toBe(false);
    const preferred = employees.filter((e) => e.preferredName !== null);
    expect(preferred.length).toBeGreaterThan(0);
    expect(preferred.every((e) => e.displayName === `${e.preferredName} ${e.lastName}`)).toBe(true);
  });

  it('mixes statuses; managers are never terminated; dates are consistent', () => {
    const statuses = new Set(employees.map((e) => e.status));
    for (const status of ['active', 'on_leave', 'contractor', 'terminated'])
      expect(statuses).toContain(status as EmploymentStatus);
    const active = employees.filter((e) => e.status === EmploymentStatus.ACTIVE).length;
    expect(active / employees.length).toBeGreaterThan(0.85);
    for (const managerId of fanOuts(employees).keys()) {
      expect([EmploymentStatus.ACTIVE, EmploymentStatus.ON_LEAVE]).toContain(byId.get(managerId)?.status);
    }
    for (const e of employees) {
      expect(e.startDate).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      if (e.status === EmploymentStatus.CONTRACTOR) expect(e.employmentType).toBe(EmploymentType.CONTRACTOR);
      if (e.status === EmploymentStatus.TERMINATED) {
        expect(e.terminationDate).not.toBeNull();
        expect((e.terminationDate ?? '') > e.startDate).toBe(true);
      }
    }
  });

  it('has unique external ids per source in the expected shapes', () => {
    const shapes: Record<string, RegExp> = {
      azure_ad: /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
      okta: /^00u[0-9A-Za-z]{17}$/,
      workday: /^WD\d+$/,
    };
    for (const e of employees) expect(e.externalId).toMatch(shapes[e.source]);
    expect(hasDuplicates(employees.map((e) => `${e.source}:${e.externalId}`))).toBe(false);
    expect(hasDuplicates(org.groups.map((g) => `${g.source}:${g.externalId}`))).toBe(false);
    expect(hasDuplicates([...employees.map((e) => e.id), ...org.groups.map((g) => g.id)])).toBe(false);
  });

  it('places the named key people', () => {
    const elena = byEmail(org, SAMPLE_KEY_PEOPLE.ceo);
    const thomas = byEmail(org, SAMPLE_KEY_PEOPLE.cto);
    const priya = byEmail(org, SAMPLE_KEY_PEOPLE.infrastructureDirector);
    const jane = byEmail(org, SAMPLE_KEY_PEOPLE.devOpsLead);
    const marcus = byEmail(org, SAMPLE_KEY_PEOPLE.networkEngineer);
    expect(thomas).toMatchObject({
      jobTitle: 'Chief Technology Officer',
      managerId: elena.id,
      division: 'Technology',
    });
    expect(priya).toMatchObject({ jobTitle: 'Director of Infrastructure', department: 'IT Infrastructure' });
    // Priya reaches Thomas through her management chain.
    let step: SampleEmployee | undefined = priya;
    while (step && step.id !== thomas.id) step = step.managerId ? byId.get(step.managerId) : undefined;
    expect(step).toBe(thomas);
    expect(jane).toMatchObject({
      jobTitle: 'Sr. DevOps Engineer',
      department: 'IT Infrastructure',
      managerId: priya.id,
    });
    expect(marcus).toMatchObject({ jobTitle: 'Network Engineer II', managerId: jane.id });
    expect(employees.filter((e) => e.managerId === jane.id).length).toBeGreaterThanOrEqual(2);
  });

  it('builds department, team, security and distribution groups with the required nesting', () => {
    const jane = byEmail(org, SAMPLE_KEY_PEOPLE.devOpsLead).id;
    for (const name of ['IT-Infrastructure', 'VPN-Users', 'Cloud-Admins', 'On-Call-Rotation'])
      expect(directMembers(org, name).has(jane)).toBe(true);

    const edges = new Set(org.nesting.map((n) => `${n.parentGroupId}>${n.childGroupId}`));
    const nested = (parent: string, child: string): boolean =>
      edges.has(`${groupId(org, parent)}>${groupId(org, child)}`);
    expect(nested('Cloud-Admins', 'Cloud-Platform-Team')).toBe(true);
    expect(nested('Ops-Escalation', 'Ops-Primary')).toBe(true);
    expect(nested('Ops-Primary', 'Ops-Secondary')).toBe(true);
    expect(nested('Ops-Secondary', 'Ops-Escalation')).toBe(true);
    for (const name of ['Ops-Escalation', 'Ops-Primary', 'Ops-Secondary'])
      expect(directMembers(org, name).size).toBeGreaterThan(0);
    expect(nested('Technology-Division', 'IT-Infrastructure')).toBe(true);
    for (const group of org.groups.filter((g) => g.groupType === 'department'))
      expect(edges.has(`${groupId(org, 'All-Hands')}>${group.id}`)).toBe(true);

    // Some Cloud-Admins are members only through Cloud-Platform-Team.
    const admins = directMembers(org, 'Cloud-Admins');
    expect([...directMembers(org, 'Cloud-Platform-Team')].some((id) => !admins.has(id))).toBe(true);

    const parents = new Map<string, number>();
    for (const n of org.nesting) parents.set(n.childGroupId, (parents.get(n.childGroupId) ?? 0) + 1);
    expect(Math.max(...parents.values())).toBeGreaterThanOrEqual(2);
    expect(org.nesting.every((n) => n.parentGroupId !== n.childGroupId)).toBe(true);
    expect(edges.size).toBe(org.nesting.length);

    const security = org.groups.filter((g) => g.isSecurityGroup);
    expect(security.every((g) => g.groupType === 'security')).toBe(true);
    expect(security.map((g) => g.name)).toEqual(
      expect.arrayContaining([
        'VPN-Users',
        'Cloud-Admins',
        'Cloud-Platform-Team',
        'Network-Admins',
        'On-Call-Rotation',
      ]),
    );
    expect(directMembers(org, 'VPN-Users').size).toBeGreaterThan(employees.length / 3);

    // One team group per manager with at least 5 reports.
    const bigManagers = [...fanOuts(employees).values()].filter((count) => count >= 5).length;
    expect(org.groups.filter((g) => g.groupType === 'team')).toHaveLength(bigManagers);

    const groupIds = new Set(org.groups.map((g) => g.id));
    expect(org.memberships.every((m) => groupIds.has(m.groupId) && byId.has(m.employeeId))).toBe(true);
    expect(hasDuplicates(org.memberships.map((m) => `${m.groupId}:${m.employeeId}`))).toBe(false);
  });

  it('uses the given domain, in lower case', () => {
    const small = generateSampleOrganization({ employees: MIN_SAMPLE_EMPLOYEES, domain: 'Example.COM' });
    expect(small.employees).toHaveLength(MIN_SAMPLE_EMPLOYEES);
    expect(small.employees.every((e) => e.email.endsWith('@example.com'))).toBe(true);
    expect(small.employees[0].email).toBe('elena.vasquez@example.com');
  });

  it('rejects head counts too small for the fixed skeleton', () => {
    expect(() => generateSampleOrganization({ employees: MIN_SAMPLE_EMPLOYEES - 1 })).toThrow(RangeError);
    expect(() => generateSampleOrganization({ employees: 2000.5 })).toThrow(RangeError);
  });

  it('scales linearly: 10k and 100k employees, 8-12 levels, bounded fan-out', () => {
    for (const size of [10_000, 100_000]) {
      const started = process.hrtime.bigint();
      const big = generateSampleOrganization({ employees: size });
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      // Measured at about 0.8 s for 100k on a busy 2-core VM; the bound only catches regressions to quadratic.
      expect(ms).toBeLessThan(size === 100_000 ? 5000 : 1000);
      expect(big.employees).toHaveLength(size);
      const depth = Math.max(...levels(big.employees).values());
      expect(depth).toBeGreaterThanOrEqual(8);
      expect(depth).toBeLessThanOrEqual(12);
      expect(Math.max(...fanOuts(big.employees).values())).toBeLessThanOrEqual(15);
      expect(hasDuplicates(big.employees.map((e) => e.email))).toBe(false);
      expect(hasDuplicates(big.employees.flatMap((e) => (e.userId ? [e.userId] : [])))).toBe(false);
    }
  });
});

describe('seedOrganization', () => {
  let db: TestDatabase;
  const sample = generateSampleOrganization({ employees: 2000 });
  const org = { name: 'Acme Corp', slug: 'acme-sample' };

  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(async () => {
    await db?.drop();
  });

  async function counts(orgId: string): Promise<Record<string, number>> {
    const [row] = await db.dataSource.query(
      `SELECT (SELECT count(*)::int FROM employees WHERE org_id = $1) AS employees,
              (SELECT count(*)::int FROM employees WHERE org_id = $1 AND manager_id IS NOT NULL) AS managed,
              (SELECT count(*)::int FROM employees WHERE org_id = $1 AND synced_at IS NOT NULL) AS synced,
              (SELECT count(*)::int FROM directory_groups WHERE org_id = $1) AS groups,
              (SELECT count(*)::int FROM group_members WHERE org_id = $1) AS memberships,
              (SELECT count(*)::int FROM group_nesting WHERE org_id = $1) AS nesting`,
      [orgId],
    );
    return row;
  }

  async function ids(orgId: string): Promise<string[]> {
    const rows: Array<{ id: string }> = await db.dataSource.query(
      `SELECT id FROM employees WHERE org_id = $1 UNION ALL SELECT id FROM directory_groups WHERE org_id = $1 ORDER BY 1`,
      [orgId],
    );
    return rows.map((row) => row.id);
  }

  it('seeds the sample, and seeding again replaces it with the same rows', async () => {
    const first = await seedOrganization(db.dataSource, org, sample);
    expect(first).toEqual({
      orgId: organizationIdForSlug(org.slug),
      employees: sample.employees.length,
      groups: sample.groups.length,
    });
    const expected = {
      employees: 2000,
      managed: 1999,
      synced: 2000,
      groups: sample.groups.length,
      memberships: sample.memberships.length,
      nesting: sample.nesting.length,
    };
    expect(await counts(first.orgId)).toEqual(expected);

    // Jane Smith's management chain reaches the CEO.
    const chain: Array<{ email: string }> = await db.dataSource.query(
      `WITH RECURSIVE chain AS (
         SELECT id, manager_id, email, 0 AS depth FROM employees WHERE org_id = $1 AND lower(email) = $2
         UNION ALL
         SELECT e.id, e.manager_id, e.email, c.depth + 1
           FROM employees e JOIN chain c ON e.org_id = $1 AND e.id = c.manager_id
       )
       SELECT email FROM chain ORDER BY depth`,
      [first.orgId, SAMPLE_KEY_PEOPLE.devOpsLead],
    );
    const emails = chain.map((row) => row.email);
    expect(emails[0]).toBe(SAMPLE_KEY_PEOPLE.devOpsLead);
    expect(emails[1]).toBe(SAMPLE_KEY_PEOPLE.infrastructureDirector);
    expect(emails).toContain(SAMPLE_KEY_PEOPLE.cto);
    expect(emails[emails.length - 1]).toBe(SAMPLE_KEY_PEOPLE.ceo);

    const before = await ids(first.orgId);
    const second = await seedOrganization(db.dataSource, org, sample);
    expect(second).toEqual(first);
    expect(await counts(second.orgId)).toEqual(expected);
    expect(await ids(second.orgId)).toEqual(before);
    const [{ n }] = await db.dataSource.query(
      `SELECT count(*)::int AS n FROM organizations WHERE slug = $1`,
      [org.slug],
    );
    expect(n).toBe(1);
  });

  it('stores column values faithfully', async () => {
    const jane = byEmail(sample, SAMPLE_KEY_PEOPLE.devOpsLead);
    const [row] = await db.dataSource.query(
      `SELECT display_name, job_title, department, start_date, manager_id, custom_attributes, status, source
         FROM employees WHERE id = $1`,
      [jane.id],
    );
    expect(row).toEqual({
      display_name: jane.displayName,
      job_title: jane.jobTitle,
      department: jane.department,
      start_date: jane.startDate,
      manager_id: jane.managerId,
      custom_attributes: jane.customAttributes,
      status: jane.status,
      source: jane.source,
    });
  });

  it('links a reporting cycle after inserting it, and explains id clashes between organizations', async () => {
    // A cycle cannot be inserted managers-first: those rows are linked by an UPDATE afterwards.
    const small = generateSampleOrganization({ employees: 60, seed: 99 });
    const fan = fanOuts(small.employees);
    const [a, b] = small.employees.filter((e) => !fan.has(e.id)).slice(-2);
    const cyclic: SampleOrganization = {
      ...small,
      employees: small.employees.map((e) =>
        e.id === a.id ? { ...e, managerId: b.id } : e.id === b.id ? { ...e, managerId: a.id } : e,
      ),
    };
    const seeded = await seedOrganization(db.dataSource, { name: 'Cyclic', slug: 'cyclic' }, cyclic);
    const rows: Array<{ id: string; manager_id: string }> = await db.dataSource.query(
      `SELECT id, manager_id FROM employees WHERE org_id = $1 AND id = ANY($2::uuid[]) ORDER BY id`,
      [seeded.orgId, [a.id, b.id]],
    );
    expect(new Map(rows.map((r) => [r.id, r.manager_id]))).toEqual(
      new Map([
        [a.id, b.id],
        [b.id, a.id],
      ]),
    );

    // The same sample under another slug clashes on ids; the transaction leaves nothing behind.
    await expect(seedOrganization(db.dataSource, { name: 'Copy', slug: 'copy' }, small)).rejects.toThrow(
      /another organization/,
    );
    const [{ n }] = await db.dataSource.query(
      `SELECT count(*)::int AS n FROM organizations WHERE slug = 'copy'`,
    );
    expect(n).toBe(0);
  });
});
