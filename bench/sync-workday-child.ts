import 'reflect-metadata';
import { readFileSync } from 'node:fs';
import { Client } from 'pg';
import { ConnectorsConfig, loadConfig } from '../src/config';
import { OutboundPolicy } from '../src/connectors/http';
import { createDataSource, ensureDatabase } from '../src/db/data-source';
import { ConnectionStore } from '../src/directory/connections';
import { SecretBox } from '../src/directory/secret-box';
import { SyncJobs } from '../src/directory/sync-jobs';
import { DirectorySource } from '../src/entities';
import { SyncPipeline } from '../src/jobs/sync-pipeline';
import { FakeWorkdayProcess, startFakeWorkday } from './lib/fake-workday-process';

/**
 * One Workday sync measurement in a process of its own (the fake Workday runs in another process,
 * bench/fake-workday-server.ts, with N workers in 8 management levels, departments and cost centers
 * as groups, and N/100 team organizations in a groups report):
 *   node dist/bench/sync-workday-child.js <workers>
 * the sync engine with the real Workday connector in report mode (the workers report streamed over
 * HTTP through the shared transport) through SyncPipeline, full; then 1% of the workers changed in
 * the fake and an incremental sync with the "updated since" prompt. Prints one JSON line.
 */
const workers = Number(process.argv[2]);
const CHANGE_EVERY = 100;
const DATABASE = 'hrdir_bench_sync_workday';
const URL = `${process.env.BENCH_DATABASE_SERVER_URL || 'postgres://postgres@127.0.0.1:5432'}/${DATABASE}`;

function peakRssMb(): number {
  const match = /VmHWM:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'));
  return match ? Math.round(Number(match[1]) / 1024) : NaN;
}

function elapsedMs(start: bigint): number {
  return Number(process.hrtime.bigint() - start) / 1e6;
}

async function freshDatabase() {
  const admin = new Client({ connectionString: URL.replace(/\/[^/]+$/, '/postgres') });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${DATABASE} WITH (FORCE)`);
  await admin.end();
  await ensureDatabase(URL);
  const dataSource = createDataSource({ url: URL, poolSize: 10 });
  await dataSource.initialize();
  await dataSource.runMigrations({ transaction: 'each' });
  const [org] = await dataSource.query(
    `INSERT INTO organizations (name, slug) VALUES ('Workday sync bench', 'workday-sync-bench') RETURNING id`,
  );
  return { dataSource, orgId: org.id as string };
}

async function ours(fake: FakeWorkdayProcess) {
  const { dataSource, orgId } = await freshDatabase();
  const connections = new ConnectionStore(dataSource, new SecretBox(loadConfig({}).encryptionKeys));
  const publisher = { publish: async () => undefined };
  const jobs = new SyncJobs(
    dataSource,
    { enqueue: async () => undefined, remove: async () => undefined },
    publisher,
  );
  // The fake listens on loopback: the operator's allowance for its host, as OUTBOUND_ALLOW_HOSTS gives it.
  const allowed: ConnectorsConfig = {
    outbound: new OutboundPolicy({ allowHosts: [new globalThis.URL(fake.origin).host] }),
    importDirectory: null,
  };
  const pipeline = new SyncPipeline(dataSource, connections, publisher, undefined, allowed);
  const connection = await connections.create(orgId, {
    name: 'Acme Workday',
    source: DirectorySource.WORKDAY,
    config: fake.config,
  });
  const run = async (syncType: 'full' | 'incremental') => {
    const job = await jobs.trigger(orgId, {
      connectionId: connection.id,
      syncType,
      includeGroups: true,
      preview: false,
      trigger: 'cli',
    });
    const start = process.hrtime.bigint();
    const done = await pipeline.run(job.id, { finalAttempt: true });
    if (done.status !== 'completed') throw new Error(`sync ${done.status}: ${done.failureMessage}`);
    return { ms: elapsedMs(start), stats: done.stats };
  };
  const full = await run('full');
  if (full.stats.usersCreated !== workers)
    throw new Error(`full sync created ${full.stats.usersCreated} people`);
  const { changed } = await fake.change(CHANGE_EVERY);
  const incremental = await run('incremental');
  if (incremental.stats.usersUpdated !== changed)
    throw new Error(
      `incremental sync updated ${incremental.stats.usersUpdated} of ${changed} changed workers`,
    );
  await dataSource.destroy();
  return { full: { ms: full.ms }, incremental: { ms: incremental.ms } };
}

async function main(): Promise<unknown> {
  const fake = await startFakeWorkday(workers);
  try {
    return await ours(fake);
  } finally {
    await fake.stop();
  }
}

main()
  .then((result) => {
    console.log(
      JSON.stringify({ mode: 'workday', users: workers, peakRssMb: peakRssMb(), ...(result as object) }),
    );
    process.exit(0);
  })
  .catch((error) => {
    console.error(error);
    process.exit(1);
  });
