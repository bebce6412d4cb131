import 'reflect-metadata';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from 'pg';
import { signDevToken } from '../src/auth/token-verifier';
import { loadConfig } from '../src/config';
import { createDataSource } from '../src/db/data-source';
import { createDirectoryServer } from '../src/server/app';
import { floorClient, prepareDataset } from './lib/datasets';
import { graphql, startServer } from './lib/processes';
import { printAndSave, ResultRow } from './lib/report';
import { runCustomAttributeScenario } from './custom-attributes';
import { runLoadScenario } from './load';
import { runLookupScenario } from './lookup';
import { runReadScenarios } from './reads';
import { runScimScenario } from './scim';
import { runSyncScenarios } from './sync';

const SECRET = 'bench-secret-that-is-long-enough-0123456789';
const ROOT = join(__dirname, '..', '..');

interface Options {
  sizes: number[];
  runs: number;
  warmup: number;
  loadSeconds: number;
  only: Set<string>;
  million: boolean;
  syncUsers: number;
  baselineUsers: number;
  scimWrites: number;
}

function parseOptions(argv: string[]): Options {
  const value = (name: string) => argv.find((arg) => arg.startsWith(`--${name}=`))?.split('=')[1];
  const million = argv.includes('--million');
  return {
    sizes: (value('sizes') ?? '10000,100000').split(',').map(Number),
    runs: Number(value('runs') ?? 15),
    warmup: Number(value('warmup') ?? 3),
    loadSeconds: Number(value('load-seconds') ?? 30),
    only: new Set((value('only') ?? 'reads,lookup,attrs,load,scim,sync').split(',')),
    million,
    syncUsers: Number(value('sync-users') ?? 100_000),
    baselineUsers: Number(value('baseline-users') ?? value('sync-users') ?? 100_000),
    scimWrites: Number(value('scim-writes') ?? 200),
  };
}

/** Counts the statements one operation costs, on an in-process server (pg's Client.query, patched). */
async function statementCounter(url: string) {
  const config = loadConfig({ AUTH_JWT_SECRET: SECRET, DATABASE_URL: url });
  const dataSource = createDataSource({ url, poolSize: 4 });
  await dataSource.initialize();
  const server = await createDirectoryServer(config, dataSource);
  const endpoint = await server.listen(0, '127.0.0.1');
  return {
    async count(token: string, query: string, variables: Record<string, unknown>): Promise<number> {
      const prototype = Client.prototype as unknown as { query: (...args: unknown[]) => unknown };
      const original = prototype.query;
      let statements = 0;
      prototype.query = function (this: Client, ...args: unknown[]) {
        statements += 1;
        return original.apply(this, args);
      };
      try {
        await graphql(endpoint, query, variables, token);
      } finally {
        prototype.query = original;
      }
      return statements;
    },
    async stop() {
      await server.stop();
      await dataSource.destroy();
    },
  };
}

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2));
  const rows: ResultRow[] = [];
  // The sync scenarios make databases of their own: --only=sync needs no seeded dataset.
  const perSize = ['reads', 'lookup', 'attrs', 'load', 'scim'].some((scenario) => options.only.has(scenario));
  for (const size of perSize ? options.sizes : []) {
    console.log(`\n== ${size.toLocaleString('en-US')} people`);
    const dataset = await prepareDataset(size);
    const floor = await floorClient(dataset.url);
    await floor.query(readFileSync(join(ROOT, 'bench', 'peer', 'peer-functions.sql'), 'utf8'));
    const token = await signDevToken(SECRET, { orgId: dataset.orgId, roles: ['admin'] });
    const env = {
      DATABASE_URL: dataset.url,
      AUTH_JWT_SECRET: SECRET,
      PORT: '0',
      SYNC_QUEUE_NAME: `bench-${size}`,
    };
    const ours = await startServer(
      process.execPath,
      [join(ROOT, 'dist', 'src', 'main.js'), 'serve'],
      env,
      /listening on (http:\/\/[^\s"]+)/,
    );
    const peer = options.only.has('reads')
      ? await startServer(
          process.execPath,
          [join(ROOT, 'bench', 'peer', 'postgraphile-server.js')],
          env,
          /listening on (http:\/\/[^\s"]+)/,
        )
      : null;
    const counter = await statementCounter(dataset.url);
    try {
      if (options.only.has('reads')) {
        rows.push(
          ...(await runReadScenarios({
            ours: ours.url,
            peer: peer?.url ?? null,
            token,
            floor,
            orgId: dataset.orgId,
            size,
            runs: options.runs,
            warmup: options.warmup,
            countStatements: (query, variables) => counter.count(token, query, variables),
            oursRss: () => ours.peakRssMb(),
            peerRss: () => peer?.peakRssMb() ?? null,
          })),
        );
      }
      const largest = size === Math.max(...options.sizes);
      if (options.only.has('lookup') && largest) {
        rows.push(
          await runLookupScenario(ours.url, token, floor, dataset.orgId, size, () => ours.peakRssMb()),
        );
      }
      if (options.only.has('attrs') && largest) {
        rows.push(
          await runCustomAttributeScenario(ours.url, token, floor, dataset.orgId, size, options.runs, () =>
            ours.peakRssMb(),
          ),
        );
      }
      if (options.only.has('scim') && largest) {
        rows.push(
          ...(await runScimScenario(ours.url, token, floor, size, options.scimWrites, () =>
            ours.peakRssMb(),
          )),
        );
      }
      if (options.only.has('load') && largest) {
        rows.push(
          await runLoadScenario(ours.url, token, floor, dataset.orgId, size, options.loadSeconds, () =>
            ours.peakRssMb(),
          ),
        );
      }
    } finally {
      await counter.stop();
      await ours.stop();
      await peer?.stop();
      await floor.end();
    }
  }
  if (options.only.has('sync')) {
    console.log('\n== sync');
    rows.push(
      ...(await runSyncScenarios({
        million: options.million,
        users: options.syncUsers,
        baselineUsers: options.baselineUsers,
      })),
    );
  }
  printAndSave(rows, join(ROOT, 'bench', 'results'));
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
