import { Client } from 'pg';
import { graphql } from './lib/processes';
import { ResultRow } from './lib/report';
import { sample, summarize } from './lib/stats';

export interface ReadTargets {
  ours: string;
  peer: string | null;
  token: string;
  floor: Client;
  orgId: string;
  size: number;
  runs: number;
  warmup: number;
  /** Counts the statements our server sends for one operation (in-process server). */
  countStatements: (query: string, variables: Record<string, unknown>) => Promise<number>;
  oursRss: () => number;
  peerRss: () => number | null;
}

interface Scenario {
  name: string;
  target: string;
  ours: { query: string; variables: Record<string, unknown> };
  floor: { sql: string; params: unknown[] };
  peer?: { query: string; variables: Record<string, unknown> };
  /** Decides "met" from the summaries. */
  met: (ours: number, floor: number, peer: number | null, statements: number) => boolean;
  note?: string;
}

const CURRENT = `status NOT IN ('terminated', 'retired')`;

/** Picks the subjects of each scenario from the data, deterministically. */
async function subjects(floor: Client, orgId: string) {
  const leaves = (
    await floor.query(
      `SELECT e.id FROM employees e JOIN employees m ON m.id = e.manager_id
       WHERE e.org_id = $1 AND m.manager_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM employees r WHERE r.manager_id = e.id)
       ORDER BY md5(e.id::text) LIMIT 1000`,
      [orgId],
    )
  ).rows.map((row: { id: string }) => row.id);
  const everyone = (
    await floor.query(`SELECT id FROM employees WHERE org_id = $1 ORDER BY md5(id::text) LIMIT 1000`, [orgId])
  ).rows.map((row: { id: string }) => row.id);
  // The org-chart root whose subtree (12 levels) is closest to 10,000 current people.
  const [root] = (
    await floor.query(
      `WITH RECURSIVE candidates AS (
         SELECT id FROM employees WHERE org_id = $1 AND manager_id IS NULL
         UNION SELECT e.id FROM employees e JOIN employees m ON m.id = e.manager_id WHERE e.org_id = $1 AND m.manager_id IS NULL
         UNION SELECT e.id FROM employees e JOIN employees m ON m.id = e.manager_id JOIN employees t ON t.id = m.manager_id
           WHERE e.org_id = $1 AND t.manager_id IS NULL
       ),
       down(root, id, level) AS (
         SELECT c.id, c.id, 0 FROM candidates c
         UNION ALL SELECT d.root, e.id, d.level + 1 FROM down d JOIN employees e ON e.manager_id = d.id
         WHERE d.level < 12 AND e.${CURRENT}
       )
       SELECT root AS id, count(*)::int AS size FROM down GROUP BY root ORDER BY abs(count(*) - 10000), root LIMIT 1`,
      [orgId],
    )
  ).rows;
  // The group whose effective (nested) membership is closest to 20,000 people.
  const [group] = (
    await floor.query(
      `WITH RECURSIVE down(root, group_id, depth) AS (
         SELECT id, id, 0 FROM directory_groups WHERE org_id = $1
         UNION SELECT d.root, n.child_group_id, d.depth + 1 FROM down d JOIN group_nesting n ON n.parent_group_id = d.group_id WHERE d.depth < 32
       )
       SELECT d.root AS id, count(DISTINCT m.employee_id)::int AS size
       FROM down d JOIN group_members m ON m.group_id = d.group_id GROUP BY d.root
       ORDER BY abs(count(DISTINCT m.employee_id) - 20000), d.root LIMIT 1`,
      [orgId],
    )
  ).rows;
  return {
    leaves,
    everyone,
    root: root as { id: string; size: number },
    group: group as { id: string; size: number },
  };
}

function scenarios(orgId: string, s: Awaited<ReturnType<typeof subjects>>): Scenario[] {
  const card50 = s.leaves.slice(0, 50);
  return [
    {
      name: 'card query × 50 employees (_entities)',
      target: 'statements = levels (5); latency ≤ PostGraphile',
      ours: {
        query: `query ($r: [_Any!]!) { _entities(representations: $r) { ... on Employee { displayName manager { manager {
          directReports { edges { node { displayName groups(resolveNested: true) { group { name } } } } } } } } } }`,
        variables: { r: card50.map((id) => ({ __typename: 'Employee', id })) },
      },
      peer: {
        query: `query { ${card50
          .map(
            (
              id,
              index,
            ) => `e${index}: employeeByRowId(rowId: "${id}") { displayName employeeByOrgIdAndManagerId {
              employeeByOrgIdAndManagerId { employeesByOrgIdAndManagerId(first: 20, orderBy: [DISPLAY_NAME_ASC, ROW_ID_ASC]) {
                nodes { displayName nestedGroups { nodes { name } } } } } } }`,
          )
          .join('\n')} }`,
        variables: {},
      },
      floor: {
        sql: `WITH RECURSIVE e AS (SELECT id, display_name, manager_id FROM employees WHERE org_id = $1 AND id = ANY($2::uuid[])),
          m1 AS (SELECT id, manager_id FROM employees WHERE id IN (SELECT manager_id FROM e)),
          m2 AS (SELECT id FROM employees WHERE id IN (SELECT manager_id FROM m1)),
          team AS (SELECT x.* FROM m2 CROSS JOIN LATERAL (
            SELECT r.id, r.display_name, r.manager_id FROM employees r WHERE r.org_id = $1 AND r.manager_id = m2.id AND r.${CURRENT}
            ORDER BY r.display_name, r.id LIMIT 21) x),
          up(employee_id, group_id, depth) AS (
            SELECT m.employee_id, m.group_id, 0 FROM group_members m WHERE m.employee_id IN (SELECT id FROM team)
            UNION SELECT u.employee_id, n.parent_group_id, u.depth + 1 FROM up u JOIN group_nesting n ON n.child_group_id = u.group_id WHERE u.depth < 32)
          SELECT t.id, t.display_name, g.name FROM team t
          LEFT JOIN (SELECT DISTINCT employee_id, group_id FROM up) u ON u.employee_id = t.id
          LEFT JOIN directory_groups g ON g.id = u.group_id`,
        params: [orgId, card50],
      },
      met: (ours, _floor, peer, statements) => statements === 5 && (peer === null || ours <= peer),
    },
    {
      name: `orgChart, ${s.root.size.toLocaleString('en-US')}-node subtree, depth 12`,
      target: '≤ 2× floor; ≤ 2 statements',
      ours: {
        query: `query ($root: ID!) { orgChart(rootId: $root, maxDepth: 12) { totalNodes maxDepthReached
          nodes { id parentId level directReportCount employee { displayName jobTitle } } } }`,
        variables: { root: s.root.id },
      },
      peer: {
        query: `query ($root: UUID!) { orgChartNodes(root: $root, maxDepth: 12) { nodes { rowId managerId displayName jobTitle } } }`,
        variables: { root: s.root.id },
      },
      floor: {
        sql: `WITH RECURSIVE tree(id, parent_id, level, path) AS (
            SELECT $2::uuid, NULL::uuid, 0, ARRAY[$2::uuid]
            UNION ALL SELECT e.id, t.id, t.level + 1, t.path || e.id FROM tree t JOIN employees e ON e.org_id = $1 AND e.manager_id = t.id
            WHERE t.level < 12 AND e.id <> ALL(t.path) AND e.${CURRENT})
          SELECT t.id, t.parent_id, t.level, e.display_name, e.job_title,
            (SELECT count(*) FROM employees d WHERE d.org_id = $1 AND d.manager_id = e.id AND d.${CURRENT}) AS reports
          FROM tree t JOIN employees e ON e.id = t.id ORDER BY t.level, e.display_name, e.id`,
        params: [orgId, s.root.id],
      },
      met: (ours, floor, _peer, statements) => ours <= 2 * floor && statements <= 2,
    },
    {
      name: 'managementChain of 1,000 leaves',
      target: '≤ 2× floor',
      ours: {
        query: `query ($r: [_Any!]!) { _entities(representations: $r) { ... on Employee { managementChain { level employee { displayName } } } } }`,
        variables: { r: s.leaves.map((id) => ({ __typename: 'Employee', id })) },
      },
      peer: {
        query: `query ($ids: [UUID]!) { employeesByIds(ids: $ids) { nodes { managementChain { nodes { displayName } } } } }`,
        variables: { ids: s.leaves },
      },
      floor: {
        sql: `WITH RECURSIVE chain(origin, id, manager_id, level, path) AS (
            SELECT e.id, m.id, m.manager_id, 1, ARRAY[e.id, m.id] FROM employees e JOIN employees m ON m.id = e.manager_id
            WHERE e.org_id = $1 AND e.id = ANY($2::uuid[])
            UNION ALL SELECT c.origin, m.id, m.manager_id, c.level + 1, c.path || m.id FROM chain c JOIN employees m ON m.id = c.manager_id
            WHERE c.level < 10 AND m.id <> ALL(c.path))
          SELECT c.origin, c.level, e.display_name FROM chain c JOIN employees e ON e.id = c.id ORDER BY c.origin, c.level`,
        params: [orgId, s.leaves],
      },
      met: (ours, floor) => ours <= 2 * floor,
    },
    {
      name: `group members, resolveNested, ${s.group.size.toLocaleString('en-US')} effective (count + first 200)`,
      target: '≤ 2× floor',
      ours: {
        query: `query ($id: ID!) { group(id: $id) { memberCount members(first: 200) { edges { membershipType node { displayName } } } } }`,
        variables: { id: s.group.id },
      },
      peer: {
        query: `query ($id: UUID!) { directoryGroupByRowId(rowId: $id) { effectiveMembers(first: 200) { totalCount nodes { displayName } } } }`,
        variables: { id: s.group.id },
      },
      floor: {
        sql: `WITH RECURSIVE down(group_id, depth) AS (
            SELECT $1::uuid, 0 UNION SELECT n.child_group_id, d.depth + 1 FROM down d JOIN group_nesting n ON n.parent_group_id = d.group_id WHERE d.depth < 32),
          reach AS (SELECT group_id, min(depth) AS depth FROM down GROUP BY group_id),
          eff AS (SELECT DISTINCT ON (m.employee_id) m.employee_id, r.group_id, r.depth FROM reach r JOIN group_members m ON m.group_id = r.group_id
                  ORDER BY m.employee_id, r.depth, r.group_id)
          SELECT x.*, e.display_name, count(*) OVER () AS total FROM eff x JOIN employees e ON e.id = x.employee_id
          ORDER BY e.display_name, e.id LIMIT 200`,
        params: [s.group.id],
      },
      met: (ours, floor) => ours <= 2 * floor,
    },
    {
      name: '_entities × 1,000 Employee representations',
      target: '1 statement; ≤ 2× floor',
      ours: {
        query: `query ($r: [_Any!]!) { _entities(representations: $r) { ... on Employee { id email displayName jobTitle } } }`,
        variables: { r: s.everyone.map((id) => ({ __typename: 'Employee', id })) },
      },
      peer: {
        query: `query ($ids: [UUID]!) { employeesByIds(ids: $ids) { nodes { rowId email displayName jobTitle } } }`,
        variables: { ids: s.everyone },
      },
      floor: {
        sql: `SELECT e.id, e.email, e.display_name, e.job_title FROM employees e WHERE e.org_id = $1 AND e.id = ANY($2::uuid[])`,
        params: [orgId, s.everyone],
      },
      met: (ours, floor, _peer, statements) => statements === 1 && ours <= 2 * floor,
    },
  ];
}

/** The read scenarios: ours, the floor and the peer on the same data, in one run. */
export async function runReadScenarios(targets: ReadTargets): Promise<ResultRow[]> {
  const picked = await subjects(targets.floor, targets.orgId);
  const rows: ResultRow[] = [];
  for (const scenario of scenarios(targets.orgId, picked)) {
    process.stdout.write(`  ${scenario.name} … `);
    const statements = await targets.countStatements(scenario.ours.query, scenario.ours.variables);
    const ours = summarize(
      await sample(targets.runs, targets.warmup, () =>
        graphql(targets.ours, scenario.ours.query, scenario.ours.variables, targets.token),
      ),
    );
    const floor = summarize(
      await sample(targets.runs, targets.warmup, () =>
        targets.floor.query(scenario.floor.sql, scenario.floor.params),
      ),
    );
    let peer: ReturnType<typeof summarize> | null = null;
    let peerNote = '';
    if (targets.peer && scenario.peer) {
      try {
        const peerQuery = scenario.peer;
        peer = summarize(
          await sample(targets.runs, targets.warmup, () =>
            graphql(targets.peer!, peerQuery.query, peerQuery.variables),
          ),
        );
      } catch (error) {
        peerNote = `peer failed: ${(error as Error).message.slice(0, 200)}`;
      }
    }
    console.log(
      `ours ${ours.medianMs} ms, floor ${floor.medianMs} ms, peer ${peer?.medianMs ?? '—'} ms, ${statements} statements`,
    );
    rows.push({
      scenario: scenario.name,
      size: targets.size,
      unit: 'ms',
      ours: ours.medianMs,
      floor: floor.medianMs,
      peer: peer?.medianMs ?? null,
      peerName: peer ? 'PostGraphile 5' : null,
      statements,
      oursPeakRssMb: targets.oursRss(),
      peerPeakRssMb: targets.peerRss(),
      target: scenario.target,
      met: scenario.met(ours.medianMs, floor.medianMs, peer?.medianMs ?? null, statements),
      note: [
        `median of ${ours.runs}; p95 ours ${ours.p95Ms} / floor ${floor.p95Ms}${peer ? ` / peer ${peer.p95Ms}` : ''} ms`,
        peerNote,
      ]
        .filter(Boolean)
        .join('; '),
    });
  }
  return rows;
}
