import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from 'pg';
import { graphql } from './lib/processes';
import { ResultRow } from './lib/report';
import { summarize } from './lib/stats';

export interface LabelledQuery {
  kind: 'email' | 'email-local-part' | 'employee-id' | 'name-typo' | 'name-prefix';
  query: string;
  expectedId: string;
}

const PER_KIND = 60;

/** Swaps two neighbouring letters in the middle of the last word: "ramirez" → "ramierz". */
function typo(name: string): string {
  const words = name.split(' ');
  const last = words[words.length - 1];
  if (last.length < 4) return name;
  const i = Math.floor(last.length / 2);
  words[words.length - 1] = last.slice(0, i - 1) + last[i] + last[i - 1] + last.slice(i + 1);
  return words.join(' ');
}

/**
 * The labelled set: queries a person would type, each with one right answer. Built from the data
 * deterministically (the same dataset gives the same set) and written next to the bench so it can
 * be read. Name queries are kept only where the name identifies one active person.
 */
export async function labelledSet(floor: Client, orgId: string, size: number): Promise<LabelledQuery[]> {
  const { rows } = await floor.query(
    `WITH names AS (
       SELECT lower(display_name) AS name, count(*)::int AS same_name FROM employees
       WHERE org_id = $1 AND status = 'active' GROUP BY 1)
     SELECT e.id, e.email, e.employee_number, e.display_name, n.same_name
     FROM employees e JOIN names n ON n.name = lower(e.display_name)
     WHERE e.org_id = $1 AND e.status = 'active' ORDER BY md5(e.id::text) LIMIT 2000`,
    [orgId],
  );
  const set: LabelledQuery[] = [];
  const take = (kind: LabelledQuery['kind'], make: (row: (typeof rows)[number]) => string | null) => {
    let count = 0;
    for (const row of rows) {
      if (count >= PER_KIND) break;
      const query = make(row);
      if (!query) continue;
      set.push({ kind, query, expectedId: row.id });
      count += 1;
    }
  };
  take('email', (row) => row.email);
  take('email-local-part', (row) => row.email.split('@')[0]);
  take('employee-id', (row) => row.employee_number);
  take('name-typo', (row) => (row.same_name === 1 ? typo(row.display_name) : null));
  const prefixes: LabelledQuery[] = [];
  for (const row of rows) {
    if (prefixes.length >= PER_KIND) break;
    const [first, ...rest] = row.display_name.split(' ');
    const last = rest[rest.length - 1];
    if (!last || last.length < 4) continue;
    const query = `${first} ${last.slice(0, 4)}`;
    const [{ count }] = (
      await floor.query(
        `SELECT count(*)::int AS count FROM employees WHERE org_id = $1 AND status = 'active' AND lower(display_name) LIKE lower($2) || '%'`,
        [orgId, query],
      )
    ).rows;
    if (count === 1) prefixes.push({ kind: 'name-prefix', query, expectedId: row.id });
  }
  set.push(...prefixes);
  writeFileSync(
    join(__dirname, '..', '..', 'bench', `lookup-labelled-${size}.json`),
    JSON.stringify(set, null, 1) + '\n',
  );
  return set;
}

export async function runLookupScenario(
  url: string,
  token: string,
  floor: Client,
  orgId: string,
  size: number,
  rss: () => number,
): Promise<ResultRow> {
  const set = await labelledSet(floor, orgId, size);
  const query = `query ($q: String!) { lookupEmployees(query: $q, limit: 5) { score matchedField employee { id } } }`;
  for (const item of set.slice(0, 20)) await graphql(url, query, { q: item.query }, token); // warm
  const latencies: number[] = [];
  const missesByKind: Record<string, number> = {};
  let correct = 0;
  for (const item of set) {
    const start = process.hrtime.bigint();
    const data = await graphql<{ lookupEmployees: { employee: { id: string } }[] }>(
      url,
      query,
      { q: item.query },
      token,
    );
    latencies.push(Number(process.hrtime.bigint() - start) / 1e6);
    if (data.lookupEmployees[0]?.employee.id === item.expectedId) correct += 1;
    else missesByKind[item.kind] = (missesByKind[item.kind] ?? 0) + 1;
  }
  const summary = summarize(latencies);
  const accuracy = Math.round((correct / set.length) * 1000) / 10;
  console.log(`  lookup: p95 ${summary.p95Ms} ms, top-1 ${accuracy}% of ${set.length}`);
  return {
    scenario: `lookupEmployees (${set.length} labelled queries)`,
    size,
    unit: 'ms p95',
    ours: summary.p95Ms,
    floor: null,
    peer: null,
    peerName: null,
    oursPeakRssMb: rss(),
    target: 'p95 < 15 ms; top-1 ≥ 95%',
    met: summary.p95Ms < 15 && accuracy >= 95,
    note: `top-1 correct ${accuracy}% (misses by kind: ${JSON.stringify(missesByKind)}); median ${summary.medianMs} ms`,
  };
}
