import { Client } from 'pg';
import {
  AttributeCondition,
  attributeConditionSql,
  attributeCountSql,
} from '../src/directory/custom-attributes/service';
import { graphql } from './lib/processes';
import { ResultRow } from './lib/report';
import { sample, summarize } from './lib/stats';

/** The attributes the bench defines: the sample organization's own, and four it adds per person. */
const DEFINITIONS: [key: string, type: string][] = [
  ['badgeColor', 'STRING'],
  ['shirtSize', 'STRING'],
  ['officeExtension', 'NUMBER'],
  ['level', 'NUMBER'],
  ['hiredOn', 'DATE'],
  ['remote', 'BOOLEAN'],
  ['skills', 'LIST'],
];

/**
 * Gives every person of the bench organization level (1–10), hiredOn (2000–2024), remote (30%)
 * and 1–3 of 50 skills, derived from their id (the same data every run), then defines the
 * attributes through the graph (which types the stored values). Done once per dataset.
 */
async function prepare(url: string, token: string, floor: Client, orgId: string): Promise<void> {
  const [{ count }] = (
    await floor.query(`SELECT count(*)::int AS count FROM custom_attribute_definitions WHERE org_id = $1`, [
      orgId,
    ])
  ).rows;
  if (count === DEFINITIONS.length) return;
  console.log('  defining custom attributes on the bench organization …');
  await floor.query(
    `UPDATE employees SET custom_attributes = custom_attributes || jsonb_build_object(
       'level', 1 + (h % 10),
       'hiredOn', to_char(date '2000-01-01' + (h % 9000)::int, 'YYYY-MM-DD'),
       'remote', h % 10 < 3,
       'skills', (SELECT jsonb_agg('skill-' || ((h / p) % 50)) FROM generate_series(1, 1 + h % 3) p))
     FROM (SELECT id, ('x' || substr(md5(id::text), 1, 8))::bit(32)::int & 2147483647 AS h FROM employees WHERE org_id = $1) x
     WHERE employees.id = x.id AND NOT employees.custom_attributes ? 'level'`,
    [orgId],
  );
  for (const [key, type] of DEFINITIONS) {
    await graphql(
      url,
      `
        mutation ($input: CustomAttributeDefinitionInput!) {
          createCustomAttributeDefinition(input: $input) {
            valuesConverted
          }
        }
      `,
      { input: { key, type } },
      token,
    ).catch((error: Error) => {
      if (!error.message.includes('CUSTOM_ATTRIBUTE_EXISTS') && !error.message.includes('already exists'))
        throw error;
    });
  }
  await floor.query('VACUUM ANALYZE employees');
  await floor.query('VACUUM ANALYZE employee_attribute_values');
}

/** The filters measured: each operator, common and rare values, and a combination. */
async function filters(floor: Client, orgId: string) {
  const { rows } = await floor.query(
    `SELECT d.key, d.id, d.type FROM custom_attribute_definitions d WHERE d.org_id = $1`,
    [orgId],
  );
  const byKey = new Map(rows.map((row: { key: string; id: string; type: string }) => [row.key, row]));
  // A rare value: an officeExtension a handful of people share.
  const [rare] = (
    await floor.query(
      `SELECT v.number_value::float8 AS value, count(*)::int AS people FROM employee_attribute_values v
       WHERE v.definition_id = $1 GROUP BY 1 HAVING count(*) BETWEEN 2 AND 20 ORDER BY 1 LIMIT 1`,
      [byKey.get('officeExtension')!.id],
    )
  ).rows as { value: number }[];
  const list: { name: string; conditions: Record<string, unknown>[] }[] = [
    { name: 'STRING equals (badgeColor, ~25%)', conditions: [{ key: 'badgeColor', equals: 'blue' }] },
    { name: 'STRING in (shirtSize, ~3%)', conditions: [{ key: 'shirtSize', in: ['S', 'M'] }] },
    { name: 'NUMBER range (level ≥ 9, 20%)', conditions: [{ key: 'level', gte: 9 }] },
    {
      name: 'NUMBER equals, rare (officeExtension)',
      conditions: [{ key: 'officeExtension', equals: rare.value }],
    },
    {
      name: 'DATE range (hiredOn in 2010, ~4%)',
      conditions: [{ key: 'hiredOn', gte: '2010-01-01', lt: '2011-01-01' }],
    },
    { name: 'BOOLEAN equals (remote, 30%)', conditions: [{ key: 'remote', equals: true }] },
    { name: 'LIST contains (skills, ~4%)', conditions: [{ key: 'skills', equals: 'skill-7' }] },
    { name: 'exists (shirtSize, 5%)', conditions: [{ key: 'shirtSize', exists: true }] },
    { name: 'not exists (officeExtension, ~65%)', conditions: [{ key: 'officeExtension', exists: false }] },
    {
      name: 'combined (level range and remote)',
      conditions: [
        { key: 'level', gte: 3, lte: 5 },
        { key: 'remote', equals: false },
      ],
    },
  ];
  return { list, byKey };
}

/** The statements we send for one filter (page and count), run on the database directly: the floor. */
function floorSql(
  orgId: string,
  conditions: Record<string, unknown>[],
  byKey: Map<string, { id: string; type: string }>,
) {
  const params: unknown[] = [orgId];
  const columns: Record<string, [AttributeCondition['column'], AttributeCondition['sqlType']]> = {
    string: ['text_value', 'text'],
    list: ['text_value', 'text'],
    number: ['number_value', 'numeric'],
    boolean: ['boolean_value', 'boolean'],
    date: ['date_value', 'date'],
  };
  const checked = conditions.map((input) => {
    const definition = byKey.get(input.key as string)!;
    const [column, sqlType] = columns[definition.type];
    return {
      ...input,
      definitionId: definition.id,
      column,
      sqlType,
      exists: input.exists !== false,
      list: definition.type === 'list',
    } as AttributeCondition;
  });
  const clause = [
    'e.org_id = $1',
    ...checked.map((condition) => attributeConditionSql(condition, params)),
  ].join(' AND ');
  // The count as we run it: on the typed values alone when it can be.
  const countParams: unknown[] = [];
  const fastCount = attributeCountSql(checked, countParams);
  return {
    page: {
      sql: `SELECT e.id, e.display_name FROM employees e WHERE ${clause} ORDER BY e.display_name, e.id LIMIT 21`,
      params,
    },
    count: fastCount
      ? { sql: fastCount, params: countParams }
      : { sql: `SELECT count(*) FROM employees e WHERE ${clause}`, params },
  };
}

/** The server's count of finished index builds (its /metrics). */
async function indexBuilds(url: string): Promise<number> {
  const text = await (await fetch(url.replace(/\/graphql$/, '/metrics'))).text();
  const built = /^directory_attribute_filter_index_builds_total\{result="built"\} (\d+)/m.exec(text);
  const failed = /^directory_attribute_filter_index_builds_total\{result="failed"\} (\d+)/m.exec(text);
  return Number(built?.[1] ?? 0) + Number(failed?.[1] ?? 0);
}

/**
 * Sends one filter and waits until the index build it started has finished (the server's
 * metrics say so); says how long that took. With ATTRIBUTE_FILTER_INDEX_MAX_PEOPLE=0 (no index:
 * every filter in SQL) there is nothing to wait for.
 */
async function awaitIndexBuild(url: string, ask: () => Promise<unknown>): Promise<string> {
  if (process.env.ATTRIBUTE_FILTER_INDEX_MAX_PEOPLE === '0') return 'no in-memory index (SQL only)';
  const before = await indexBuilds(url);
  const started = performance.now();
  await ask();
  while ((await indexBuilds(url)) === before) {
    if (performance.now() - started > 300_000)
      throw new Error('the attribute filter index was not built in 5 minutes');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  const seconds = ((performance.now() - started) / 1000).toFixed(2);
  console.log(`  in-memory index built ${seconds} s after the first filter`);
  return `index built ${seconds} s after the first filter`;
}

export async function runCustomAttributeScenario(
  url: string,
  token: string,
  floor: Client,
  orgId: string,
  size: number,
  runs: number,
  rss: () => number,
): Promise<ResultRow> {
  await prepare(url, token, floor, orgId);
  const { list, byKey } = await filters(floor, orgId);
  const query = `query ($c: [CustomAttributeFilterInput!]!) { employees(filter: { customAttributes: $c }, first: 20) {
    totalCount edges { node { id displayName } } } }`;
  // The first filter after a change is answered in SQL and starts the in-memory index's build;
  // the samples are of a server whose index is current (a server that has filtered before and
  // has seen no change since), and the build's time is reported.
  const build = await awaitIndexBuild(url, () => graphql(url, query, { c: list[0].conditions }, token));
  const ours: number[] = [];
  const floors: number[] = [];
  const perKind: string[] = [];
  for (const filter of list) {
    const samples = await sample(runs, 2, () => graphql(url, query, { c: filter.conditions }, token));
    const statements = floorSql(orgId, filter.conditions, byKey);
    const floorSamples = await sample(runs, 2, async () => {
      await floor.query(statements.page.sql, statements.page.params);
      await floor.query(statements.count.sql, statements.count.params);
    });
    const { totalCount } = (
      await graphql<{ employees: { totalCount: number } }>(url, query, { c: filter.conditions }, token)
    ).employees;
    ours.push(...samples);
    floors.push(...floorSamples);
    const summary = summarize(samples);
    perKind.push(
      `${filter.name} [${totalCount}]: p95 ${summary.p95Ms} ms (floor ${summarize(floorSamples).p95Ms})`,
    );
    console.log(`  ${filter.name}: ${totalCount} people, p95 ${summary.p95Ms} ms`);
  }
  const all = summarize(ours);
  const floorAll = summarize(floors);
  return {
    scenario: `employees filtered by custom attribute (${list.length} filters × ${runs}, count + first 20)`,
    size,
    unit: 'ms p95',
    ours: all.p95Ms,
    floor: floorAll.p95Ms,
    peer: null,
    peerName: null,
    oursPeakRssMb: rss(),
    target: 'p95 < 20 ms',
    met: all.p95Ms < 20,
    note: `median ${all.medianMs} ms; ${build}; ${perKind.join('; ')}`,
  };
}
