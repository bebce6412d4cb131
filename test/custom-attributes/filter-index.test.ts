import fc from 'fast-check';
import { randomUUID } from 'node:crypto';
import { loadConfig } from '../../src/config';
import {
  AttributeFilterIndexes,
  OrganizationAttributeIndex,
} from '../../src/directory/custom-attributes/filter-index';
import { createDirectoryServer, DirectoryServer } from '../../src/server/app';
import { print } from 'graphql';
import {
  CreateCustomAttributeDefinitionDocument,
  EmployeesByCustomAttributesDocument,
  EmployeesByCustomAttributesQuery,
  UpdateCustomAttributeDefinitionDocument,
} from '../generated/graphql';
import { dataOf, startTestApp, TestApp } from '../support/app';
import { createOrganization } from '../support/factories';

type Condition = Record<string, unknown>;
type Page = EmployeesByCustomAttributesQuery['employees'];
const PRINTED = print(EmployeesByCustomAttributesDocument);

/**
 * Large organizations' custom attribute filters are answered from an in-memory index. Here every
 * organization is "large" (ATTRIBUTE_FILTER_INDEX_MIN_PEOPLE=0) on one server, and a second
 * server on the same database answers in SQL only: both must always give the same counts and
 * pages, and the index must never answer for a state it was not built at.
 */
describe('custom attribute filters from the in-memory index', () => {
  let app: TestApp;
  let sqlOnly: DirectoryServer;
  let sqlOnlyUrl: string;
  let indexCounts: jest.SpyInstance;
  let builds: jest.SpyInstance;

  beforeAll(async () => {
    app = await startTestApp({
      ATTRIBUTE_FILTER_INDEX_MIN_PEOPLE: '0',
      ATTRIBUTE_FILTER_INDEX_REBUILD_MS: '0',
    });
    sqlOnly = await createDirectoryServer(
      loadConfig({ ...app.env, ATTRIBUTE_FILTER_INDEX_MAX_PEOPLE: '0' }),
      app.db.dataSource,
    );
    sqlOnlyUrl = await sqlOnly.listen(0, '127.0.0.1');
    indexCounts = jest.spyOn(OrganizationAttributeIndex.prototype, 'count');
    builds = jest.spyOn(
      AttributeFilterIndexes.prototype as unknown as { build(): Promise<unknown> },
      'build',
    );
  });
  afterAll(async () => {
    indexCounts?.mockRestore();
    builds?.mockRestore();
    await sqlOnly?.stop();
    await app?.stop();
  });

  const indexes = () => app.server.directory.attributeFilterIndexes;

  /** A filter through the graph, on the index server or (url given) the SQL-only one. */
  async function filter(
    token: string,
    conditions: Condition[],
    first: number,
    after?: string | null,
    url?: string,
  ): Promise<Page> {
    const variables = { conditions: conditions as never, first, after: after ?? null };
    if (!url)
      return dataOf(await app.request(EmployeesByCustomAttributesDocument, variables, { token })).employees;
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query: PRINTED, variables }),
    });
    const body = (await response.json()) as { data: { employees: Page }; errors?: unknown[] };
    expect(body.errors).toBeUndefined();
    return body.data.employees;
  }

  /** Every page of a filter, walked on one server: the ids in order, with the count of each page. */
  async function walk(token: string, conditions: Condition[], first: number, url?: string) {
    const pages: { totalCount: number; ids: string[]; hasNextPage: boolean }[] = [];
    let after: string | null = null;
    for (;;) {
      const page: Page = await filter(token, conditions, first, after, url);
      pages.push({
        totalCount: page.totalCount,
        ids: page.edges.map((edge) => edge.node.id),
        hasNextPage: page.pageInfo.hasNextPage,
      });
      if (!page.pageInfo.hasNextPage) return pages;
      after = page.pageInfo.endCursor;
    }
  }

  async function define(token: string, key: string, type: string) {
    dataOf(
      await app.request(
        CreateCustomAttributeDefinitionDocument,
        { input: { key, type: type as never } },
        { token },
      ),
    );
  }

  /** People with the given names and custom attributes, in one statement (as a sync writes them). */
  async function insertPeople(
    orgId: string,
    people: { name: string; attributes: Record<string, unknown> }[],
  ) {
    await app.db.dataSource.query(
      `INSERT INTO employees (id, org_id, first_name, last_name, display_name, email, status, custom_attributes)
       SELECT gen_random_uuid(), $1, p->>'name', 'X', p->>'name', 'p' || ordinality || '-' || $2 || '@example.test', 'active', p->'attributes'
       FROM jsonb_array_elements($3::jsonb) WITH ORDINALITY AS t(p, ordinality)`,
      [orgId, randomUUID().slice(0, 8), JSON.stringify(people)],
    );
  }

  /** Asks once (which starts a build when the index is not current) and waits for the build. */
  async function indexed(token: string, orgId: string) {
    await filter(token, [{ key: 'level', exists: true }], 1);
    await indexes().settled();
    expect(indexes().versionOf(orgId)).not.toBeNull();
  }

  // Values from small pools so that conditions match some people and not others; some do not
  // convert to the attribute's type (then they are no value), lists repeat elements.
  const names = fc.constantFrom('Ada', 'ada', 'Åsa', 'Bob', 'bob smith', 'Zoë', 'Émile', '陈', 'Ada');
  const levels = fc.oneof(
    fc.integer({ min: 1, max: 6 }),
    fc.constantFrom(2.5, 0.1, 1e-7, -3, '4', 'senior', null),
  );
  const regions = fc.constantFrom('emea', 'amer', 'apac', 'EMEA', '', 'émea');
  const dates = fc.constantFrom(
    '2019-04-01',
    '2020-02-29',
    '2021-06-30T09:00:00Z',
    '1999-12-31',
    'last spring',
  );
  const skills = fc.array(fc.constantFrom('go', 'sql', 'rust', 'Go'), { maxLength: 4 });
  const person = fc.record({
    name: names,
    attributes: fc.record(
      { level: levels, region: regions, remote: fc.constantFrom(true, false, 'yes'), hired: dates, skills },
      { requiredKeys: [] },
    ),
  });
  // Bounds at stored values and between them: a bound that includes or excludes a stored value.
  const bounds = fc.constantFrom(1, 2, 2.5, 3, 4, 0.1, 1e-7, -3, 6);
  const days = fc.constantFrom('2019-04-01', '2020-02-29', '2021-06-30', '1999-12-31', '2020-01-01');
  /** A lower bound, an upper bound or both (each inclusive or not). */
  const range = <T>(key: string, values: fc.Arbitrary<T>): fc.Arbitrary<Condition> =>
    fc
      .tuple(fc.constantFrom('gt', 'gte', null), values, fc.constantFrom('lt', 'lte', null), values)
      .filter(([lower, , upper]) => lower !== null || upper !== null)
      .map(([lower, from, upper, to]) => ({
        key,
        ...(lower ? { [lower]: from } : {}),
        ...(upper ? { [upper]: to } : {}),
      }));
  const conditionArb: fc.Arbitrary<Condition> = fc.oneof(
    fc.record({ key: fc.constant('level'), equals: fc.constantFrom(1, 2.5, 4, 0.1, 1e-7) }),
    fc.record({ key: fc.constant('level'), in: fc.subarray([1, 2, 3, 2.5, -3], { minLength: 1 }) }),
    fc.record({ key: fc.constant('region'), equals: fc.constantFrom('emea', 'EMEA', 'émea', 'apac') }),
    fc.record({
      key: fc.constant('region'),
      in: fc.subarray(['emea', 'amer', 'apac', 'EMEA'], { minLength: 1 }),
    }),
    fc.record({ key: fc.constant('remote'), equals: fc.boolean() }),
    range('level', bounds),
    range('level', bounds),
    range('hired', days),
    fc.record({ key: fc.constant('skills'), equals: fc.constantFrom('go', 'Go', 'sql') }),
    fc.record({ key: fc.constant('skills'), in: fc.subarray(['go', 'rust', 'Go'], { minLength: 1 }) }),
    fc.record({
      key: fc.constantFrom('level', 'region', 'remote', 'hired', 'skills', 'ghost'),
      exists: fc.boolean(),
    }),
  );
  // Besides the random combinations, each operator alone at each value of the pools (one page).
  const EVERY_OPERATOR: Condition[] = [
    ...[1, 2, 2.5, 4, 1e-7, -3].flatMap((value) =>
      ['equals', 'gt', 'gte', 'lt', 'lte'].map((operator) => ({ key: 'level', [operator]: value })),
    ),
    ...['2019-04-01', '2020-02-29', '2021-06-30'].flatMap((value) =>
      ['equals', 'gt', 'gte', 'lt', 'lte'].map((operator) => ({ key: 'hired', [operator]: value })),
    ),
    ...['emea', 'EMEA', 'émea', ''].map((value) => ({ key: 'region', equals: value })),
    ...['go', 'Go', 'sql'].map((value) => ({ key: 'skills', equals: value })),
    { key: 'skills', in: ['go', 'rust'] },
    { key: 'level', in: [1, 2.5, 4] },
    { key: 'remote', equals: true },
    { key: 'remote', equals: false },
    ...['level', 'region', 'remote', 'hired', 'skills', 'ghost'].flatMap((key) => [
      { key, exists: true },
      { key, exists: false },
    ]),
  ];
  const ATTRIBUTES: [string, string][] = [
    ['level', 'NUMBER'],
    ['region', 'STRING'],
    ['remote', 'BOOLEAN'],
    ['hired', 'DATE'],
    ['skills', 'LIST'],
    ['ghost', 'STRING'],
  ];

  it('answers every filter, count and page exactly as SQL does', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(person, { minLength: 1, maxLength: 60 }),
        fc.array(
          fc.tuple(fc.array(conditionArb, { minLength: 1, maxLength: 2 }), fc.integer({ min: 1, max: 9 })),
          {
            minLength: 6,
            maxLength: 6,
          },
        ),
        fc.array(
          fc.tuple(
            fc.nat(),
            person.map((p) => p.attributes),
          ),
          { minLength: 1, maxLength: 6 },
        ),
        async (people, filters, changes) => {
          const orgId = await createOrganization(app.db.dataSource, `Org ${randomUUID().slice(0, 6)}`);
          const token = await app.token(orgId, ['admin']);
          await insertPeople(orgId, people);
          for (const [key, type] of ATTRIBUTES) await define(token, key, type);
          await indexed(token, orgId);
          for (const [conditions, first] of [
            ...filters,
            ...EVERY_OPERATOR.map((c): [Condition[], number] => [[c], 50]),
          ]) {
            const answered = indexCounts.mock.calls.length;
            const fromIndex = await walk(token, conditions, first);
            expect(indexCounts.mock.calls.length).toBeGreaterThan(answered);
            expect(fromIndex).toEqual(await walk(token, conditions, first, sqlOnlyUrl));
          }
          // A few people's attributes change (as a sync or SCIM writes them): the index catches up
          // with them, without a full build, and still answers as SQL does.
          const ids = (
            (await app.db.dataSource.query(`SELECT id FROM employees WHERE org_id = $1 ORDER BY id`, [
              orgId,
            ])) as { id: string }[]
          ).map((row) => row.id);
          for (const [which, attributes] of changes)
            await app.db.dataSource.query(`UPDATE employees SET custom_attributes = $2 WHERE id = $1`, [
              ids[which % ids.length],
              JSON.stringify(attributes),
            ]);
          const built = builds.mock.calls.length;
          await filter(token, [{ key: 'level', exists: true }], 1);
          await indexes().settled();
          expect(builds.mock.calls.length).toBe(built);
          for (const condition of EVERY_OPERATOR) {
            const answered = indexCounts.mock.calls.length;
            expect(await walk(token, [condition], 50)).toEqual(
              await walk(token, [condition], 50, sqlOnlyUrl),
            );
            expect(indexCounts.mock.calls.length).toBeGreaterThan(answered);
          }
        },
      ),
      { numRuns: 4, endOnFailure: true },
    );
  });

  describe('after a change', () => {
    let orgId: string;
    let token: string;

    beforeEach(async () => {
      orgId = await createOrganization(app.db.dataSource, `Org ${randomUUID().slice(0, 6)}`);
      token = await app.token(orgId, ['admin']);
      await insertPeople(
        orgId,
        ['Ann', 'Ben', 'Cat', 'Dan', 'Eve', 'Fay'].map((name, i) => ({
          name,
          attributes: { level: i + 1, remote: i % 2 === 0 },
        })),
      );
      await define(token, 'level', 'NUMBER');
      await define(token, 'remote', 'BOOLEAN');
      await indexed(token, orgId);
    });

    const names = async (conditions: Condition[], first = 10) => {
      const page = await filter(token, conditions, first);
      const rows = (await app.db.dataSource.query(
        `SELECT id, display_name AS name FROM employees WHERE id = ANY($1::uuid[])`,
        [page.edges.map((edge) => edge.node.id)],
      )) as { id: string; name: string }[];
      const byId = new Map(rows.map((row) => [row.id, row.name]));
      return { totalCount: page.totalCount, names: page.edges.map((edge) => byId.get(edge.node.id)) };
    };

    it('never answers from a state it was not built at: the next filter sees the write', async () => {
      expect(await names([{ key: 'level', gte: 5 }])).toEqual({ totalCount: 2, names: ['Eve', 'Fay'] });
      const built = indexes().versionOf(orgId)!;
      // As a sync or a SCIM write would: one person's attributes and another's name change.
      await app.db.dataSource.query(
        `UPDATE employees SET custom_attributes = '{"level": 9, "remote": true}' WHERE org_id = $1 AND display_name = 'Ann'`,
        [orgId],
      );
      await app.db.dataSource.query(
        `UPDATE employees SET display_name = 'Aaron' WHERE org_id = $1 AND display_name = 'Fay'`,
        [orgId],
      );
      const before = indexCounts.mock.calls.length;
      expect(await names([{ key: 'level', gte: 5 }])).toEqual({
        totalCount: 3,
        names: ['Aaron', 'Ann', 'Eve'],
      });
      // Answered in SQL (the index was behind), and a build at the new version started.
      expect(indexCounts.mock.calls.length).toBe(before);
      await indexes().settled();
      expect(indexes().versionOf(orgId)).not.toEqual(built);
      expect(await names([{ key: 'level', gte: 5 }])).toEqual({
        totalCount: 3,
        names: ['Aaron', 'Ann', 'Eve'],
      });
      expect(indexCounts.mock.calls.length).toBe(before + 1);
    });

    it('follows a change of type and the removal of a person', async () => {
      dataOf(
        await app.request(
          UpdateCustomAttributeDefinitionDocument,
          { key: 'level', input: { type: 'STRING' as never } },
          { token },
        ),
      );
      expect(await names([{ key: 'level', equals: '3' }])).toEqual({ totalCount: 1, names: ['Cat'] });
      await indexes().settled();
      await app.db.dataSource.query(`DELETE FROM employees WHERE org_id = $1 AND display_name = 'Cat'`, [
        orgId,
      ]);
      expect(await names([{ key: 'level', equals: '3' }])).toEqual({ totalCount: 0, names: [] });
      await indexes().settled();
      const before = indexCounts.mock.calls.length;
      expect(await names([{ key: 'level', exists: true }])).toEqual({
        totalCount: 5,
        names: ['Ann', 'Ben', 'Dan', 'Eve', 'Fay'],
      });
      expect(indexCounts.mock.calls.length).toBe(before + 1);
    });

    it('pages on from a cursor whose person was renamed since, in SQL', async () => {
      const first = await filter(token, [{ key: 'remote', equals: true }], 1);
      expect(first.totalCount).toBe(3);
      await app.db.dataSource.query(`UPDATE employees SET display_name = 'Zed' WHERE id = $1`, [
        first.edges[0].node.id,
      ]);
      await filter(token, [{ key: 'remote', equals: true }], 1);
      await indexes().settled();
      // The index is current again, but the cursor names "Ann", who is now "Zed": the page after
      // the cursor's key is Cat and Eve (then Zed), as SQL's keyset says.
      const rest = await filter(token, [{ key: 'remote', equals: true }], 5, first.pageInfo.endCursor);
      expect(rest.edges.length).toBe(3);
      expect(rest).toEqual(
        await filter(token, [{ key: 'remote', equals: true }], 5, first.pageInfo.endCursor, sqlOnlyUrl),
      );
    });
  });

  it('holds at most ATTRIBUTE_FILTER_INDEX_MAX_PEOPLE people, dropping the least recently filtered', async () => {
    const small = await createDirectoryServer(
      loadConfig({
        ...app.env,
        ATTRIBUTE_FILTER_INDEX_MIN_PEOPLE: '0',
        ATTRIBUTE_FILTER_INDEX_MAX_PEOPLE: '6',
      }),
      app.db.dataSource,
    );
    const url = await small.listen(0, '127.0.0.1');
    try {
      const orgs: { orgId: string; token: string }[] = [];
      for (const size of [4, 4, 7]) {
        const orgId = await createOrganization(app.db.dataSource, `Org ${randomUUID().slice(0, 6)}`);
        const token = await app.token(orgId, ['admin']);
        await insertPeople(
          orgId,
          Array.from({ length: size }, (_, i) => ({ name: `P${i}`, attributes: { level: i } })),
        );
        await define(token, 'level', 'NUMBER');
        orgs.push({ orgId, token });
      }
      const ask = async ({ token }: { token: string }) => {
        const page = await filter(token, [{ key: 'level', gte: 1 }], 2, null, url);
        await small.directory.attributeFilterIndexes.settled();
        return page.totalCount;
      };
      expect(await ask(orgs[0])).toBe(3);
      expect(small.directory.attributeFilterIndexes.versionOf(orgs[0].orgId)).not.toBeNull();
      expect(await ask(orgs[1])).toBe(3);
      // 4 + 4 people is over 6: the first organization's index goes.
      expect(small.directory.attributeFilterIndexes.versionOf(orgs[0].orgId)).toBeNull();
      expect(small.directory.attributeFilterIndexes.versionOf(orgs[1].orgId)).not.toBeNull();
      // Larger than the whole allowance: filtered in SQL, never indexed.
      expect(await ask(orgs[2])).toBe(6);
      expect(small.directory.attributeFilterIndexes.versionOf(orgs[2].orgId)).toBeNull();
    } finally {
      await small.stop();
    }
  });
});
