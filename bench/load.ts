import autocannon from 'autocannon';
import { Client } from 'pg';
import { ResultRow } from './lib/report';

/** 200 concurrent clients mixing lookups and org-chart reads for a while, on loopback. */
export async function runLoadScenario(
  url: string,
  token: string,
  floor: Client,
  orgId: string,
  size: number,
  seconds: number,
  rss: () => number,
): Promise<ResultRow> {
  const { rows: managers } = await floor.query(
    `SELECT id, split_part(display_name, ' ', 1) AS first FROM employees e WHERE org_id = $1 AND status = 'active'
       AND EXISTS (SELECT 1 FROM employees r WHERE r.manager_id = e.id) ORDER BY md5(id::text) LIMIT 50`,
    [orgId],
  );
  const bodies = managers.flatMap((manager: { id: string; first: string }) => [
    JSON.stringify({
      query: `query ($q: String!) { lookupEmployees(query: $q) { score employee { id displayName email } } }`,
      variables: { q: manager.first.toLowerCase().slice(0, 4) },
    }),
    JSON.stringify({
      query: `query ($id: ID!) { orgChart(rootId: $id, maxDepth: 2) { totalNodes nodes { id parentId level employee { displayName } } } }`,
      variables: { id: manager.id },
    }),
  ]);
  let graphqlErrors = 0;
  const result = await autocannon({
    url,
    connections: 200,
    duration: seconds,
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    requests: bodies.map((body) => ({
      method: 'POST',
      body,
      onResponse: (status: number, responseBody: string) => {
        if (status === 200 && responseBody.includes('"errors"')) graphqlErrors += 1;
      },
    })),
  });
  const errors = result.errors + result.non2xx + result.timeouts + graphqlErrors;
  console.log(
    `  load: ${Math.round(result.requests.average)} req/s, p99 ${result.latency.p99} ms, ${errors} errors`,
  );
  return {
    scenario: `200 clients, lookups + org charts, ${seconds} s`,
    size,
    unit: 'req/s',
    ours: Math.round(result.requests.average),
    floor: null,
    peer: null,
    peerName: null,
    oursPeakRssMb: rss(),
    target: 'zero errors; report throughput and p99',
    met: errors === 0,
    note: `p99 ${result.latency.p99} ms, p50 ${result.latency.p50} ms, ${result.requests.total} requests, errors ${errors} (transport ${result.errors}, non-2xx ${result.non2xx}, timeouts ${result.timeouts}, GraphQL ${graphqlErrors})`,
  };
}
