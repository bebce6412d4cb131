import { randomUUID } from 'node:crypto';
import { ScimError } from '../../src/scim/errors';
import { parseScimFilter } from '../../src/scim/filter';
import { FilterCompiler, USER_MAPPING } from '../../src/scim/filter-sql';
import { ScimStore } from '../../src/scim/store';
import { createTestDatabase, TestDatabase } from '../support/databases';
import { createOrganization } from '../support/factories';

const ENT = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';

const scimTypeOf = (run: () => unknown): string | null => {
  try {
    run();
    return null;
  } catch (error) {
    if (error instanceof ScimError) return error.scimType;
    throw error;
  }
};

describe('SCIM filter parser', () => {
  it('binds not tighter than and, and and tighter than or', () => {
    expect(parseScimFilter('a eq "1" or b eq "2" and c eq "3"')).toEqual({
      op: 'or',
      filters: [
        { op: 'eq', attrPath: 'a', compValue: '1' },
        {
          op: 'and',
          filters: [
            { op: 'eq', attrPath: 'b', compValue: '2' },
            { op: 'eq', attrPath: 'c', compValue: '3' },
          ],
        },
      ],
    });
    expect(parseScimFilter('not (a eq "1") and (b pr or c Eq false)')).toEqual({
      op: 'and',
      filters: [
        { op: 'not', filter: { op: 'eq', attrPath: 'a', compValue: '1' } },
        {
          op: 'or',
          filters: [
            { op: 'pr', attrPath: 'b' },
            { op: 'eq', attrPath: 'c', compValue: false },
          ],
        },
      ],
    });
  });

  it('decodes JSON strings exactly: escaped quotes, backslashes, unicode escapes', () => {
    const value = (text: string) =>
      (parseScimFilter(`userName eq ${text}`) as { compValue: unknown }).compValue;
    expect(value(String.raw`"a\"b"`)).toBe('a"b');
    expect(value(String.raw`"a\\"`)).toBe('a\\');
    expect(value(String.raw`"a\\b"`)).toBe('a\\b');
    expect(value(String.raw`"\u0041\n"`)).toBe('A\n');
    expect(value('42')).toBe(42);
    expect(value('jyoung')).toBe('jyoung'); // Entra ID's documentation sends bare words
  });

  it('reads value paths, a sub-attribute after one as one value matching both, URNs and $ref', () => {
    expect(parseScimFilter('emails[type eq "work" and value co "@x"]')).toEqual({
      op: '[]',
      attrPath: 'emails',
      valFilter: {
        op: 'and',
        filters: [
          { op: 'eq', attrPath: 'type', compValue: 'work' },
          { op: 'co', attrPath: 'value', compValue: '@x' },
        ],
      },
    });
    expect(parseScimFilter('emails[type eq "work"].value eq "a@x.com"')).toEqual({
      op: '[]',
      attrPath: 'emails',
      valFilter: {
        op: 'and',
        filters: [
          { op: 'eq', attrPath: 'type', compValue: 'work' },
          { op: 'eq', attrPath: 'value', compValue: 'a@x.com' },
        ],
      },
    });
    expect(parseScimFilter(`${ENT}:employeeNumber eq "7"`)).toEqual({
      op: 'eq',
      attrPath: `${ENT}:employeeNumber`,
      compValue: '7',
    });
    expect(parseScimFilter('members.$ref pr')).toEqual({ op: 'pr', attrPath: 'members.$ref' });
  });

  it('refuses what is not a filter with invalidFilter', () => {
    for (const text of [
      '',
      'userName',
      'userName eq',
      'userName zz "x"',
      '(userName eq "x"',
      'userName eq "x")',
      'emails[type eq "work"',
      'emails]',
      '"x" eq userName',
      'userName eq "unterminated',
      'a eq "1" or',
      'x'.repeat(5000),
    ]) {
      expect([text.slice(0, 30), scimTypeOf(() => parseScimFilter(text))]).toEqual([
        text.slice(0, 30),
        'invalidFilter',
      ]);
    }
  });

  it('puts values in parameters, never in the SQL text', () => {
    const params: unknown[] = [];
    const evil = `x' OR '1'='1'; DROP TABLE employees; --`;
    const sql = new FilterCompiler(USER_MAPPING, params).compile(
      parseScimFilter(`userName eq "${evil.replace(/"/g, '\\"')}" or title co "%_\\\\"`),
    );
    expect(sql).not.toContain('DROP');
    expect(sql).not.toContain("OR '1'");
    expect(params).toEqual([evil.toLowerCase(), '%\\%\\_\\\\%']);
  });
});

describe('SCIM filter compiler (against PostgreSQL)', () => {
  let db: TestDatabase;
  const store = new ScimStore();
  let scope: { orgId: string; connectionId: string };
  const ids: Record<string, string> = {};
  let groupId: string;

  beforeAll(async () => {
    db = await createTestDatabase(2);
    const orgId = await createOrganization(db.dataSource);
    const [connection] = await db.dataSource.query(
      `INSERT INTO directory_connections (org_id, name, source, config_encrypted) VALUES ($1, 'SCIM', 'scim', 'x') RETURNING id`,
      [orgId],
    );
    scope = { orgId, connectionId: connection.id };
    const people: [string, Record<string, unknown>][] = [
      [
        'alice',
        {
          username: 'Alice@Example.com',
          first_name: 'Alice',
          last_name: 'Archer',
          job_title: 'Engineer',
          department: 'R&D',
          idp_id: 'abc',
          employee_number: 'E-1',
          personal_email: 'alice@home.net',
          created_at: '2020-01-01T00:00:00Z',
        },
      ],
      [
        'bob',
        {
          username: 'bob@example.com',
          first_name: 'Bob',
          last_name: 'Baker',
          job_title: 'Manager',
          department: 'Sales',
          idp_id: 'ABC',
          employee_number: 'E-2',
          created_at: '2021-01-01T00:00:00Z',
        },
      ],
      [
        'carol',
        {
          username: 'carol_100%@example.com',
          first_name: 'Carol',
          last_name: "O'Neil",
          department: 'Sales',
          status: 'terminated',
          deprovisioned_at: '2022-01-01T00:00:00Z',
          employee_number: 'E-3',
          created_at: '2022-01-01T00:00:00Z',
        },
      ],
      [
        'dan',
        {
          username: 'dan@other.org',
          first_name: 'Dan',
          last_name: 'Zed',
          job_title: 'engineer',
          custom_attributes: { userType: 'Employee' },
          created_at: '2023-01-01T00:00:00Z',
        },
      ],
    ];
    for (const [key, values] of people) {
      const id = randomUUID();
      ids[key] = id;
      const columns = Object.keys(values);
      await db.dataSource.query(
        `INSERT INTO employees (id, org_id, connection_id, source, external_id, email, display_name, ${columns.join(', ')})
         VALUES ($1, $2, $3, 'scim', $4, $5, $6, ${columns.map((_, index) => `$${index + 7}`).join(', ')})`,
        [
          id,
          orgId,
          scope.connectionId,
          key,
          `${key}@example.com`,
          key,
          ...columns.map((column) =>
            column === 'custom_attributes' ? JSON.stringify(values[column]) : values[column],
          ),
        ],
      );
    }
    await db.dataSource.query(
      `UPDATE employees SET manager_id = $1, manager_ref = 'bob', manager_ref_kind = 'externalId' WHERE id = $2`,
      [ids.bob, ids.alice],
    );
    // Someone of the same organization that the connection does not own.
    await db.dataSource.query(
      `INSERT INTO employees (org_id, email, display_name, username, job_title) VALUES ($1, 'eve@example.com', 'eve', 'eve@example.com', 'Engineer')`,
      [orgId],
    );
    groupId = randomUUID();
    await db.dataSource.query(
      `INSERT INTO directory_groups (id, org_id, connection_id, source, external_id, name) VALUES ($1, $2, $3, 'scim', 'g1', 'Engineers')`,
      [groupId, orgId, scope.connectionId],
    );
    await db.dataSource.query(
      `INSERT INTO group_members (org_id, group_id, employee_id) VALUES ($1, $2, $3), ($1, $2, $4)`,
      [orgId, groupId, ids.alice, ids.dan],
    );
  });
  afterAll(async () => db.drop());

  const users = async (filter: string): Promise<string[]> => {
    const { rows } = await store.users(db.dataSource.manager, scope, {
      filter: parseScimFilter(filter),
      sortBy: null,
      descending: false,
      startIndex: 1,
      count: 100,
    });
    const names = Object.fromEntries(Object.entries(ids).map(([name, id]) => [id, name]));
    return rows.map((row) => names[row.id]).sort();
  };

  it.each([
    ['userName eq "alice@example.com"', ['alice']],
    ['USERNAME EQ "ALICE@EXAMPLE.COM"', ['alice']],
    ['externalId eq "abc"', ['alice']],
    ['externalId eq "ABC"', ['bob']],
    ['title eq "engineer"', ['alice', 'dan']],
    ['title ne "Engineer"', ['bob', 'carol']],
    ['name.familyName co "NEI"', ['carol']],
    ['userName sw "carol_100%"', ['carol']],
    ['userName co "_"', ['carol']],
    ['userName co "%"', ['carol']],
    ['userName ew "@EXAMPLE.COM"', ['alice', 'bob', 'carol']],
    ['name.familyName gt "B"', ['bob', 'carol', 'dan']],
    ['name.familyName ge "Baker"', ['bob', 'carol', 'dan']],
    ['name.familyName lt "Baker"', ['alice']],
    ['name.familyName le "Baker"', ['alice', 'bob']],
    ['title pr', ['alice', 'bob', 'dan']],
    ['not (title pr)', ['carol']],
    ['meta.created gt "2021-06-01T00:00:00Z"', ['carol', 'dan']],
    ['meta.created le "2021-01-01T00:00:00Z"', ['alice', 'bob']],
    ['active eq false', ['carol']],
    ['active eq "True"', ['alice', 'bob', 'dan']],
    ['title eq "Manager" or title eq "Engineer" and department eq "R&D"', ['alice', 'bob']],
    ['(title eq "Manager" or title eq "Engineer") and department eq "R&D"', ['alice']],
    ['not (department eq "Sales") and not (title pr)', []],
    ['not (department eq "Sales" or title eq "engineer")', []],
    ['emails[type eq "home" and value co "@home"]', ['alice']],
    ['emails[type eq "work"].value eq "BOB@example.com"', ['bob']],
    ['emails[type eq "home"].value eq "bob@example.com"', []],
    ['emails.value eq "alice@home.net"', ['alice']],
    ['emails eq "dan@example.com"', ['dan']],
    [`${ENT}:employeeNumber eq "e-2"`, ['bob']],
    ['urn:ietf:params:scim:schemas:extension:enterprise:2.0:user:DEPARTMENT eq "sales"', ['bob', 'carol']],
    ['department eq "Sales" and employeeNumber eq "E-3"', ['carol']],
    ['userType eq "employee"', ['dan']],
    ["userName eq \"x' OR '1'='1\"", []],
    ['userName eq "\\"; DROP TABLE employees; --"', []],
    ['id eq "not-a-uuid"', []],
  ])('%s', async (filter, expected) => {
    expect(await users(filter)).toEqual(expected);
  });

  it('compares ids, references and group memberships exactly', async () => {
    expect(await users(`id eq "${ids.bob.toUpperCase()}"`)).toEqual(['bob']);
    expect(await users(`id ne "${ids.bob}"`)).toEqual(['alice', 'carol', 'dan']);
    expect(await users(`manager.value eq "${ids.bob}"`)).toEqual(['alice']);
    expect(await users(`${ENT}:manager eq "${ids.bob}"`)).toEqual(['alice']);
    expect(await users(`groups.value eq "${groupId}"`)).toEqual(['alice', 'dan']);
    expect(await users(`groups[display eq "engineers"]`)).toEqual(['alice', 'dan']);
    const [{ count }] = await db.dataSource.query(`SELECT count(*)::int AS count FROM employees`);
    expect(count).toBe(5);
  });

  it('filters groups by name and members', async () => {
    const groups = async (filter: string) =>
      (
        await store.groups(db.dataSource.manager, scope, {
          filter: parseScimFilter(filter),
          sortBy: null,
          descending: false,
          startIndex: 1,
          count: 10,
        })
      ).rows.map((row) => row.name);
    expect(await groups('displayName eq "ENGINEERS"')).toEqual(['Engineers']);
    expect(await groups(`members[value eq "${ids.dan}" and type eq "User"]`)).toEqual(['Engineers']);
    expect(await groups(`members eq "${ids.bob}"`)).toEqual([]);
    expect(await groups('members[type eq "Group"]')).toEqual([]);
  });

  it('refuses unknown attributes and operators that do not fit the type', async () => {
    for (const filter of [
      'favouriteColour eq "x"',
      'name eq "x"',
      'password eq "x"',
      'addresses.country eq "x"',
      'active gt true',
      'active eq "yes"',
      'meta.created co "2020"',
      'title eq true',
      'emails[emails[type eq "x"]]',
      'emails[colour eq "x"]',
    ]) {
      await expect(users(filter)).rejects.toMatchObject({ scimType: 'invalidFilter' });
    }
  });
});
