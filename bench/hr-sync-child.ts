import 'reflect-metadata';
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from 'pg';
import { loadConfig } from '../src/config';
import { createDataSource, ensureDatabase } from '../src/db/data-source';
import { ConnectionStore } from '../src/directory/connections';
import { SecretBox } from '../src/directory/secret-box';
import { SyncJobs } from '../src/directory/sync-jobs';
import { DirectorySource } from '../src/entities';
import { SyncPipeline } from '../src/jobs/sync-pipeline';
import { stopChild } from './lib/processes';

/**
 * One full sync of an HR connector in a process of its own, like the Entra row (sync-child.ts): the
 * sync engine with the real BambooHR or SuccessFactors connector and the shared HTTP transport,
 * reading its fake (bench/fake-hr-server.ts, another process) with N workers. Prints one JSON line.
 *   node dist/bench/hr-sync-child.js bamboohr|successfactors <workers>
 */
const [vendor, workersArgument] = process.argv.slice(2);
const workers = Number(workersArgument);
const URL = `${process.env.BENCH_DATABASE_SERVER_URL || 'postgres://postgres@127.0.0.1:5432'}/hrdir_bench_hr_sync`;
const SOURCES: Record<string, DirectorySource> = {
  bamboohr: DirectorySource.BAMBOOHR,
  successfactors: DirectorySource.SAP_SUCCESSFACTORS,
};

function peakRssMb(): number {
  const match = /VmHWM:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'));
  return match ? Math.round(Number(match[1]) / 1024) : NaN;
}

function startFake(): Promise<{ config: Record<string, unknown>; stop: () => Promise<void> }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(__dirname, 'fake-hr-server.js'), vendor, String(workers)], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let output = '';
    child.once('exit', (code) => reject(new Error(`the ${vendor} fake exited with ${code}`)));
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString('utf8');
      const newline = output.indexOf('\n');
      if (newline < 0) return;
      const { config } = JSON.parse(output.slice(0, newline)) as { config: Record<string, unknown> };
      resolve({ config, stop: () => stopChild(child) });
    });
  });
}

async function main(): Promise<void> {
  const source = SOURCES[vendor];
  if (!source) throw new Error('usage: hr-sync-child bamboohr|successfactors <workers>');
  const fake = await startFake();
  const admin = new Client({ connectionString: URL.replace(/\/[^/]+$/, '/postgres') });
  await admin.connect();
  await admin.query('DROP DATABASE IF EXISTS hrdir_bench_hr_sync WITH (FORCE)');
  await admin.end();
  await ensureDatabase(URL);
  const dataSource = createDataSource({ url: URL, poolSize: 10 });
  await dataSource.initialize();
  await dataSource.runMigrations({ transaction: 'each' });
  const [org] = await dataSource.query(
    `INSERT INTO organizations (name, slug) VALUES ('HR sync bench', 'hr-sync-bench') RETURNING id`,
  );
  const connections = new ConnectionStore(dataSource, new SecretBox(loadConfig({}).encryptionKeys));
  const publisher = { publish: async () => undefined };
  const jobs = new SyncJobs(
    dataSource,
    { enqueue: async () => undefined, remove: async () => undefined },
    publisher,
  );
  const pipeline = new SyncPipeline(dataSource, connections, publisher);
  const connection = await connections.create(org.id as string, {
    name: vendor,
    source,
    config: fake.config,
  });
  const job = await jobs.trigger(org.id as string, {
    connectionId: connection.id,
    syncType: 'full',
    includeGroups: true,
    preview: false,
    trigger: 'cli',
  });
  const start = process.hrtime.bigint();
  const done = await pipeline.run(job.id, { finalAttempt: true });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  if (done.status !== 'completed') throw new Error(`sync ${done.status}: ${done.failureMessage}`);
  if (done.stats.usersCreated !== workers)
    throw new Error(`full sync created ${done.stats.usersCreated} people`);
  await dataSource.destroy();
  await fake.stop();
  console.log(JSON.stringify({ peakRssMb: peakRssMb(), full: { ms } }));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
