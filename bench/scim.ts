import { Client } from 'pg';
import { graphql } from './lib/processes';
import { ResultRow } from './lib/report';
import { round } from './lib/stats';

const USER = 'urn:ietf:params:scim:schemas:core:2.0:User';
const PATCH_OP = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';
const CLIENTS = 20;
const TARGET_P99_MS = 50;

interface Phase {
  name: string;
  latencies: number[];
  seconds: number;
  failures: number;
}

/**
 * SCIM writes against an organization of `size` people: `writes` creates, then a PATCH and a DELETE
 * of each, by 20 concurrent clients on one SCIM connection (deletion policy DELETE, so the run
 * leaves the organization as it found it), over loopback HTTP. Writes to one connection take its
 * advisory lock in turn: this is the cost of one identity provider pushing as fast as it can.
 */
export async function runScimScenario(
  graphqlUrl: string,
  adminToken: string,
  floor: Client,
  size: number,
  writes: number,
  rss: () => number,
): Promise<ResultRow[]> {
  const { createDirectoryConnection } = await graphql<{ createDirectoryConnection: { id: string } }>(
    graphqlUrl,
    `
      mutation ($input: DirectoryConnectionInput!) {
        createDirectoryConnection(input: $input) {
          id
        }
      }
    `,
    { input: { name: `bench SCIM ${Date.now()}`, source: 'SCIM', deletionPolicy: 'DELETE' } },
    adminToken,
  );
  const connectionId = createDirectoryConnection.id;
  try {
    const { createScimToken } = await graphql<{ createScimToken: { token: string } }>(
      graphqlUrl,
      `
        mutation ($id: ID!) {
          createScimToken(connectionId: $id) {
            token
          }
        }
      `,
      { id: connectionId },
      adminToken,
    );
    const base = graphqlUrl.replace(/\/graphql$/, '/scim/v2');
    const headers = {
      authorization: `Bearer ${createScimToken.token}`,
      'content-type': 'application/scim+json',
    };
    const call = async (method: string, path: string, body: unknown, expected: number) => {
      const response = await fetch(`${base}${path}`, {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const text = await response.text();
      if (response.status !== expected)
        throw new Error(`${method} ${path}: ${response.status} ${text.slice(0, 300)}`);
      return text ? (JSON.parse(text) as { id?: string }) : {};
    };
    const stamp = Date.now().toString(36);
    const user = (index: number) => ({
      schemas: [USER],
      userName: `scim.bench.${stamp}.${index}@bench.example.com`,
      name: { givenName: `Bench${index}`, familyName: 'Writer' },
      emails: [{ value: `scim.bench.${stamp}.${index}@bench.example.com`, type: 'work', primary: true }],
      title: 'Engineer',
      externalId: `bench-${stamp}-${index}`,
    });
    // Warm up (connections, plans) with a few writes that are not timed.
    for (let index = 0; index < 20; index++) {
      const { id } = await call('POST', '/Users', user(-1 - index), 201);
      await call('DELETE', `/Users/${String(id)}`, undefined, 204);
    }
    const ids: string[] = new Array<string>(writes);
    const created = await phase('create', writes, async (index) => {
      ids[index] = String((await call('POST', '/Users', user(index), 201)).id);
    });
    const patched = await phase('PATCH', writes, async (index) => {
      await call(
        'PATCH',
        `/Users/${ids[index]}`,
        { schemas: [PATCH_OP], Operations: [{ op: 'replace', path: 'title', value: 'Senior Engineer' }] },
        200,
      );
    });
    const deleted = await phase('DELETE', writes, async (index) => {
      await call('DELETE', `/Users/${ids[index]}`, undefined, 204);
    });
    return [created, patched, deleted].map((result) => row(result, size, writes, rss()));
  } finally {
    // Whatever a failed run left: the connection's people, then the connection (tokens and log cascade).
    await floor.query(`DELETE FROM employees WHERE connection_id = $1`, [connectionId]);
    await floor.query(`DELETE FROM directory_connections WHERE id = $1`, [connectionId]);
  }
}

/** `count` operations by CLIENTS concurrent clients, each timed on its own. */
async function phase(name: string, count: number, work: (index: number) => Promise<void>): Promise<Phase> {
  const latencies: number[] = [];
  let next = 0;
  let failures = 0;
  const started = process.hrtime.bigint();
  await Promise.all(
    Array.from({ length: CLIENTS }, async () => {
      while (next < count) {
        const index = next++;
        const start = process.hrtime.bigint();
        try {
          await work(index);
        } catch (error) {
          failures += 1;
          if (failures <= 3) console.error(`  SCIM ${name}:`, (error as Error).message);
        }
        latencies.push(Number(process.hrtime.bigint() - start) / 1e6);
      }
    }),
  );
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const result = { name, latencies, seconds, failures };
  const { p50, p99 } = percentiles(latencies);
  console.log(
    `  SCIM ${name}: p50 ${p50} ms, p99 ${p99} ms, ${round(count / seconds, 0)} writes/s, ${failures} failures`,
  );
  return result;
}

function percentiles(samples: number[]): { p50: number; p99: number } {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)];
  return { p50: round(at(0.5), 1), p99: round(at(0.99), 1) };
}

function row(result: Phase, size: number, writes: number, rssMb: number): ResultRow {
  const { p50, p99 } = percentiles(result.latencies);
  const perSecond = round(writes / result.seconds, 0);
  return {
    scenario: `SCIM ${result.name} of a User, ${CLIENTS} clients, one connection`,
    size,
    unit: 'ms p99',
    ours: p99,
    floor: null,
    peer: null,
    peerName: null,
    oursPeakRssMb: rssMb,
    target: `p99 < ${TARGET_P99_MS} ms per write`,
    met: result.failures === 0 && p99 < TARGET_P99_MS,
    note: `p50 ${p50} ms, p99 ${p99} ms, ${perSecond} writes/s, ${writes} writes, ${result.failures} failures`,
  };
}
