import {
  CreateCustomAttributeDefinitionDocument,
  CustomAttributeDefinitionsDocument,
  DeleteCustomAttributeDefinitionDocument,
  EmployeeCustomAttributesDocument,
  EmployeesByCustomAttributesDocument,
  UpdateCustomAttributeDefinitionDocument,
} from '../generated/graphql';
import { dataOf, GraphQLResponse, startTestApp, TestApp } from '../support/app';
import { createEmployee, createOrganization } from '../support/factories';

const codeOf = (response: GraphQLResponse<unknown>) => response.errors?.[0]?.extensions?.code;

/**
 * Definitions (CRUD, typed errors, type changes), filters of every operator, typed access and
 * tenant isolation, through the graph, on people whose custom attributes were stored directly.
 */
describe('custom attributes in the graph', () => {
  let app: TestApp;
  let orgId: string;
  let admin: string;
  let member: string;
  let other: { orgId: string; admin: string; personId: string };
  const people: Record<string, string> = {};

  beforeAll(async () => {
    app = await startTestApp();
    const ds = app.db.dataSource;
    orgId = await createOrganization(ds, 'Acme');
    admin = await app.token(orgId, ['admin']);
    member = await app.token(orgId);
    const rows: [string, Record<string, unknown>][] = [
      ['ada', { level: 7, region: 'emea', remote: true, hired: '2019-04-01', skills: ['go', 'sql'] }],
      ['bob', { level: 3, region: 'amer', remote: false, hired: '2023-11-15', skills: ['sql'] }],
      ['cy', { level: '5', region: 'emea', remote: 'yes', hired: '2021-06-30T09:00:00Z', skills: 'rust' }],
      ['dee', { level: 'senior', region: 'apac', hired: 'last spring' }],
      ['eve', {}],
    ];
    for (const [name, customAttributes] of rows) {
      const row = await createEmployee(ds, orgId, {
        displayName: name,
        email: `${name}@acme.test`,
        customAttributes,
      });
      people[name] = row.id;
    }
    // Another organization with the same keys and values: never seen by Acme.
    const otherOrg = await createOrganization(ds, 'Globex');
    const stranger = await createEmployee(ds, otherOrg, {
      displayName: 'zed',
      email: 'zed@globex.test',
      customAttributes: { level: 7, region: 'emea', remote: true },
    });
    other = { orgId: otherOrg, admin: await app.token(otherOrg, ['admin']), personId: stranger.id };
  });
  afterAll(() => app?.stop());

  const define = (key: string, type: string, token = admin) =>
    app.request(
      CreateCustomAttributeDefinitionDocument,
      { input: { key, type: type as never, displayName: key.toUpperCase() } },
      { token },
    );
  const filter = async (conditions: Record<string, unknown>[], token = member) =>
    app.request(
      EmployeesByCustomAttributesDocument,
      { conditions: conditions as never, first: 50 },
      { token },
    );
  const emails = async (conditions: Record<string, unknown>[], token = member) => {
    const { employees } = dataOf(await filter(conditions, token));
    expect(employees.totalCount).toBe(employees.edges.length);
    return employees.edges.map((edge) => (edge.node.email ?? '').split('@')[0]).sort();
  };

  describe('definitions', () => {
    it('types the values people already have when an attribute is defined, and counts those that do not fit', async () => {
      const level = dataOf(await define('level', 'NUMBER')).createCustomAttributeDefinition;
      expect(level.definition).toMatchObject({ key: 'level', type: 'NUMBER', displayName: 'LEVEL' });
      // ada 7, bob 3, cy "5" convert; dee "senior" does not.
      expect(level).toMatchObject({ valuesConverted: 3, valuesRejected: 1 });
      for (const [key, type] of [
        ['region', 'STRING'],
        ['remote', 'BOOLEAN'],
        ['hired', 'DATE'],
        ['skills', 'LIST'],
      ])
        dataOf(await define(key, type));
      const { customAttributeDefinitions } = dataOf(
        await app.request(CustomAttributeDefinitionsDocument, {}, { token: member }),
      );
      expect(customAttributeDefinitions.map((definition) => `${definition.key}:${definition.type}`)).toEqual([
        'hired:DATE',
        'level:NUMBER',
        'region:STRING',
        'remote:BOOLEAN',
        'skills:LIST',
      ]);
    });

    it('refuses bad keys, duplicates, unknown keys and non-admins with typed errors', async () => {
      expect(codeOf(await define('1st', 'STRING'))).toBe('INVALID_ATTRIBUTE_KEY');
      expect(codeOf(await define('has space', 'STRING'))).toBe('INVALID_ATTRIBUTE_KEY');
      expect(codeOf(await define('level', 'STRING'))).toBe('CUSTOM_ATTRIBUTE_EXISTS');
      expect(codeOf(await define('badge', 'STRING', member))).toBe('FORBIDDEN');
      const update = await app.request(
        UpdateCustomAttributeDefinitionDocument,
        { key: 'nope', input: { displayName: 'Nope' } },
        { token: admin },
      );
      expect(codeOf(update)).toBe('UNKNOWN_CUSTOM_ATTRIBUTE');
      const remove = await app.request(
        DeleteCustomAttributeDefinitionDocument,
        { key: 'nope' },
        { token: admin },
      );
      expect(codeOf(remove)).toBe('UNKNOWN_CUSTOM_ATTRIBUTE');
    });

    it('re-reads stored values when the type changes, and back', async () => {
      const toString = dataOf(
        await app.request(
          UpdateCustomAttributeDefinitionDocument,
          { key: 'level', input: { type: 'STRING', description: 'Career level' } },
          { token: admin },
        ),
      ).updateCustomAttributeDefinition;
      expect(toString.definition).toMatchObject({
        type: 'STRING',
        description: 'Career level',
        displayName: 'LEVEL',
      });
      expect(toString).toMatchObject({ valuesConverted: 4, valuesRejected: 0 });
      expect(await emails([{ key: 'level', equals: 'senior' }])).toEqual(['dee']);

      const back = dataOf(
        await app.request(
          UpdateCustomAttributeDefinitionDocument,
          { key: 'level', input: { type: 'NUMBER' } },
          { token: admin },
        ),
      ).updateCustomAttributeDefinition;
      expect(back).toMatchObject({ valuesConverted: 3, valuesRejected: 1 });
      expect(await emails([{ key: 'level', exists: true }])).toEqual(['ada', 'bob', 'cy']);
    });

    it('removes a definition, its typed values and filters, and keeps the JSON values', async () => {
      dataOf(await define('temporary', 'STRING'));
      await app.db.dataSource.query(
        `UPDATE employees SET custom_attributes = custom_attributes || '{"temporary": "x"}' WHERE id = $1`,
        [people.eve],
      );
      expect(await emails([{ key: 'temporary', equals: 'x' }])).toEqual(['eve']);
      dataOf(
        await app.request(DeleteCustomAttributeDefinitionDocument, { key: 'temporary' }, { token: admin }),
      );
      expect(codeOf(await filter([{ key: 'temporary', equals: 'x' }]))).toBe('UNKNOWN_CUSTOM_ATTRIBUTE');
      const { employee } = dataOf(
        await app.request(
          EmployeeCustomAttributesDocument,
          { id: people.eve, key: 'level' },
          { token: member },
        ),
      );
      expect(employee?.customAttributes).toEqual({ temporary: 'x' });
    });
  });

  describe('filters', () => {
    it('equals, for each type (a LIST matches on an element)', async () => {
      expect(await emails([{ key: 'level', equals: 7 }])).toEqual(['ada']);
      expect(await emails([{ key: 'region', equals: 'emea' }])).toEqual(['ada', 'cy']);
      expect(await emails([{ key: 'remote', equals: true }])).toEqual(['ada', 'cy']);
      expect(await emails([{ key: 'remote', equals: false }])).toEqual(['bob']);
      expect(await emails([{ key: 'hired', equals: '2021-06-30' }])).toEqual(['cy']);
      expect(await emails([{ key: 'skills', equals: 'sql' }])).toEqual(['ada', 'bob']);
    });

    it('in', async () => {
      expect(await emails([{ key: 'region', in: ['amer', 'apac'] }])).toEqual(['bob', 'dee']);
      expect(await emails([{ key: 'level', in: [3, 5] }])).toEqual(['bob', 'cy']);
      expect(await emails([{ key: 'skills', in: ['rust', 'go'] }])).toEqual(['ada', 'cy']);
      // ada has both: counted once (emails() checks totalCount against the page).
      expect(await emails([{ key: 'skills', in: ['go', 'sql'] }])).toEqual(['ada', 'bob']);
    });

    it('ranges on numbers and dates, bounds combined', async () => {
      expect(await emails([{ key: 'level', gt: 3 }])).toEqual(['ada', 'cy']);
      expect(await emails([{ key: 'level', gte: 3, lt: 7 }])).toEqual(['bob', 'cy']);
      expect(await emails([{ key: 'level', lte: 5 }])).toEqual(['bob', 'cy']);
      expect(await emails([{ key: 'hired', gte: '2020-01-01', lte: '2022-12-31' }])).toEqual(['cy']);
      expect(await emails([{ key: 'hired', lt: '2020-01-01' }])).toEqual(['ada']);
    });

    it('exists and its negation (a value that does not convert counts as none)', async () => {
      expect(await emails([{ key: 'hired', exists: true }])).toEqual(['ada', 'bob', 'cy']);
      expect(await emails([{ key: 'hired', exists: false }])).toEqual(['dee', 'eve']);
      expect(await emails([{ key: 'remote', exists: false }])).toEqual(['dee', 'eve']);
    });

    it('combines conditions with each other and with the standard filters', async () => {
      expect(
        await emails([
          { key: 'region', equals: 'emea' },
          { key: 'level', gte: 6 },
        ]),
      ).toEqual(['ada']);
      // ada has two of the skills: one person, counted once.
      expect(
        await emails([
          { key: 'skills', in: ['go', 'sql'] },
          { key: 'region', equals: 'emea' },
        ]),
      ).toEqual(['ada']);
      // Without a value, together with a value; and two without.
      expect(
        await emails([
          { key: 'region', in: ['emea', 'apac'] },
          { key: 'hired', exists: false },
        ]),
      ).toEqual(['dee']);
      expect(
        await emails([
          { key: 'remote', exists: false },
          { key: 'hired', exists: false },
        ]),
      ).toEqual(['dee', 'eve']);
      const response = await app.request(
        `query { employees(filter: { search: "bob", customAttributes: [{ key: "remote", equals: false }] }) { totalCount } }`,
        {},
        { token: member },
      );
      expect(
        dataOf(response as GraphQLResponse<{ employees: { totalCount: number } }>).employees.totalCount,
      ).toBe(1);
    });

    it('pages through matches with the usual cursors', async () => {
      const first = dataOf(
        await app.request(
          EmployeesByCustomAttributesDocument,
          { conditions: [{ key: 'level', exists: true }], first: 2 },
          { token: member },
        ),
      ).employees;
      expect(first.pageInfo.hasNextPage).toBe(true);
      const rest = dataOf(
        await app.request(
          EmployeesByCustomAttributesDocument,
          { conditions: [{ key: 'level', exists: true }], first: 2, after: first.pageInfo.endCursor },
          { token: member },
        ),
      ).employees;
      expect([...first.edges, ...rest.edges].map((edge) => edge.node.email)).toEqual([
        'ada@acme.test',
        'bob@acme.test',
        'cy@acme.test',
      ]);
    });

    it('pages through many matches and through few in name order, with exact counts', async () => {
      // A page is read from the rarest condition's matches when they are few, or by walking
      // people in name order when they are many: the pages and counts must not tell which.
      const ds = app.db.dataSource;
      const crowd = await createOrganization(ds, 'Crowd');
      const token = await app.token(crowd, ['admin']);
      const names: Record<string, string[]> = { gold: [], silver: [], none: [], goldRankZero: [] };
      for (let i = 0; i < 150; i++) {
        const name = `p${String((i * 37) % 150).padStart(3, '0')}`;
        const tier = i % 5 === 0 ? 'silver' : i % 7 === 0 ? null : 'gold';
        await createEmployee(ds, crowd, {
          displayName: name,
          email: `${name}@crowd.test`,
          customAttributes: tier ? { tier, rank: i % 3 } : { rank: i % 3 },
        });
        names[tier ?? 'none'].push(name);
        if (tier === 'gold' && i % 3 === 0) names.goldRankZero.push(name);
      }
      dataOf(
        await app.request(
          CreateCustomAttributeDefinitionDocument,
          { input: { key: 'tier', type: 'STRING' as never } },
          { token },
        ),
      );
      dataOf(
        await app.request(
          CreateCustomAttributeDefinitionDocument,
          { input: { key: 'rank', type: 'NUMBER' as never } },
          { token },
        ),
      );
      const all = async (conditions: Record<string, unknown>[]) => {
        const seen: string[] = [];
        let after: string | null | undefined = null;
        let total = -1;
        do {
          const page: {
            totalCount: number;
            pageInfo: { hasNextPage: boolean; endCursor?: string | null };
            edges: { node: { email?: string | null } }[];
          } = dataOf(
            await app.request(
              EmployeesByCustomAttributesDocument,
              { conditions: conditions as never, first: 25, after },
              { token },
            ),
          ).employees;
          total = page.totalCount;
          seen.push(...page.edges.map((edge) => (edge.node.email ?? '').split('@')[0]));
          after = page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null;
        } while (after);
        expect(total).toBe(seen.length);
        return seen;
      };
      const sorted = (list: string[]) => [...list].sort();
      expect(await all([{ key: 'tier', equals: 'gold' }])).toEqual(sorted(names.gold));
      expect(await all([{ key: 'tier', equals: 'silver' }])).toEqual(sorted(names.silver));
      expect(await all([{ key: 'tier', exists: false }])).toEqual(sorted(names.none));
      expect(await all([{ key: 'tier', exists: true }])).toEqual(sorted([...names.gold, ...names.silver]));
      expect(
        await all([
          { key: 'tier', equals: 'gold' },
          { key: 'rank', equals: 0 },
        ]),
      ).toEqual(sorted(names.goldRankZero));
      expect(
        await all([
          { key: 'rank', in: [0, 1, 2] },
          { key: 'tier', exists: false },
        ]),
      ).toEqual(sorted(names.none));
    });

    it.each([
      ['an unknown attribute', { key: 'shoeSize', equals: 42 }, 'UNKNOWN_CUSTOM_ATTRIBUTE'],
      ['text for a NUMBER', { key: 'level', equals: '7' }, 'INVALID_ATTRIBUTE_VALUE'],
      ['a number for a STRING', { key: 'region', in: ['emea', 3] }, 'INVALID_ATTRIBUTE_VALUE'],
      ['text for a BOOLEAN', { key: 'remote', equals: 'yes' }, 'INVALID_ATTRIBUTE_VALUE'],
      ['an impossible date', { key: 'hired', gte: '2021-02-30' }, 'INVALID_ATTRIBUTE_VALUE'],
      ['a timestamp for a DATE', { key: 'hired', gte: '2021-02-03T00:00:00Z' }, 'INVALID_ATTRIBUTE_VALUE'],
      ['a range on a STRING', { key: 'region', gt: 'a' }, 'UNSUPPORTED_ATTRIBUTE_OPERATOR'],
      ['a range on a BOOLEAN', { key: 'remote', lt: true }, 'UNSUPPORTED_ATTRIBUTE_OPERATOR'],
      ['no operator', { key: 'level' }, 'UNSUPPORTED_ATTRIBUTE_OPERATOR'],
      [
        'exists: false with a value',
        { key: 'level', exists: false, equals: 1 },
        'UNSUPPORTED_ATTRIBUTE_OPERATOR',
      ],
      ['an empty in', { key: 'level', in: [] }, 'UNSUPPORTED_ATTRIBUTE_OPERATOR'],
    ])('refuses %s with a typed error', async (_label, condition, code) => {
      const response = await filter([condition]);
      expect(response.status).toBeLessThan(500);
      expect(codeOf(response)).toBe(code);
      expect(response.errors?.[0]?.extensions?.argument).toBe('filter.customAttributes');
    });
  });

  describe('typed access', () => {
    it('gives each defined attribute typed, and one by key', async () => {
      const { employee } = dataOf(
        await app.request(
          EmployeeCustomAttributesDocument,
          { id: people.cy, key: 'skills' },
          { token: member },
        ),
      );
      const values = Object.fromEntries(employee!.customAttributeValues.map((value) => [value.key, value]));
      expect(Object.keys(values)).toEqual(['hired', 'level', 'region', 'remote', 'skills']);
      expect(values.level).toMatchObject({
        type: 'NUMBER',
        numberValue: 5,
        stringValue: null,
        displayName: 'LEVEL',
      });
      expect(values.remote).toMatchObject({ type: 'BOOLEAN', booleanValue: true });
      expect(values.hired).toMatchObject({ type: 'DATE', dateValue: '2021-06-30' });
      expect(values.region).toMatchObject({ type: 'STRING', stringValue: 'emea' });
      expect(employee!.customAttribute).toMatchObject({ type: 'LIST', listValue: ['rust'] });
      // The JSON field is as it was stored.
      expect(employee!.customAttributes).toMatchObject({ level: '5', remote: 'yes' });
    });

    it('keeps list order, leaves out values that do not convert, and says null for a defined key without a value', async () => {
      const ada = dataOf(
        await app.request(
          EmployeeCustomAttributesDocument,
          { id: people.ada, key: 'skills' },
          { token: member },
        ),
      ).employee!;
      expect(ada.customAttribute?.listValue).toEqual(['go', 'sql']);
      const dee = dataOf(
        await app.request(
          EmployeeCustomAttributesDocument,
          { id: people.dee, key: 'level' },
          { token: member },
        ),
      ).employee!;
      expect(dee.customAttributeValues.map((value) => value.key)).toEqual(['region']);
      expect(dee.customAttribute).toBeNull();
    });

    it('refuses an undefined key with a typed error', async () => {
      const response = await app.request(
        EmployeeCustomAttributesDocument,
        { id: people.ada, key: 'shoeSize' },
        { token: member },
      );
      expect(codeOf(response)).toBe('UNKNOWN_CUSTOM_ATTRIBUTE');
    });

    it('follows later writes of the JSON (whoever writes it)', async () => {
      await app.db.dataSource.query(
        `UPDATE employees SET custom_attributes = custom_attributes || '{"level": 9}' WHERE id = $1`,
        [people.bob],
      );
      expect(await emails([{ key: 'level', gte: 8 }])).toEqual(['bob']);
      await app.db.dataSource.query(
        `UPDATE employees SET custom_attributes = custom_attributes - 'level' WHERE id = $1`,
        [people.bob],
      );
      expect(await emails([{ key: 'level', gte: 8 }])).toEqual([]);
    });
  });

  it("forgets a removed person's typed values", async () => {
    const ds = app.db.dataSource;
    const leaver = await createEmployee(ds, orgId, {
      email: 'leaver@acme.test',
      customAttributes: { level: 42 },
    });
    expect(await emails([{ key: 'level', equals: 42 }])).toEqual(['leaver']);
    await ds.query(`DELETE FROM employees WHERE id = $1`, [leaver.id]);
    const [{ count }] = await ds.query(
      `SELECT count(*)::int AS count FROM employee_attribute_values WHERE employee_id = $1`,
      [leaver.id],
    );
    expect(count).toBe(0);
  });

  describe('tenant isolation', () => {
    it("never shows another organization's definitions, people or values", async () => {
      // Globex has no definitions: Acme's keys are unknown there.
      const { customAttributeDefinitions } = dataOf(
        await app.request(CustomAttributeDefinitionsDocument, {}, { token: other.admin }),
      );
      expect(customAttributeDefinitions).toEqual([]);
      expect(codeOf(await filter([{ key: 'level', equals: 7 }], other.admin))).toBe(
        'UNKNOWN_CUSTOM_ATTRIBUTE',
      );
      // Once Globex defines the same key, each organization sees only its own people.
      dataOf(await define('level', 'NUMBER', other.admin));
      expect(await emails([{ key: 'level', equals: 7 }], other.admin)).toEqual(['zed']);
      expect(await emails([{ key: 'level', equals: 7 }])).toEqual(['ada']);
      // Deleting Globex's definition leaves Acme's alone.
      dataOf(
        await app.request(DeleteCustomAttributeDefinitionDocument, { key: 'level' }, { token: other.admin }),
      );
      expect(await emails([{ key: 'level', equals: 7 }])).toEqual(['ada']);
      // Acme's token cannot read Globex's person (typed values included).
      const { employee } = dataOf(
        await app.request(
          EmployeeCustomAttributesDocument,
          { id: other.personId, key: 'level' },
          { token: member },
        ),
      );
      expect(employee).toBeNull();
    });
  });
});
