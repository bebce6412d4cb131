import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { signDevToken } from '../auth/token-verifier';
import { AppConfig } from '../config';
import { createDataSource, ensureDatabase } from '../db/data-source';
import { generateSampleOrganization } from '../demo/sample-org';
import { seedOrganization } from '../demo/seed';
import { demoHrisDocument } from '../demo/demo-import';
import { DirectorySource, SyncJob } from '../entities';
import { buildDirectorySchema, printDirectorySdl } from '../resolvers/schema';
import { createDirectoryServer } from '../server/app';
import { createConnectionServices, createSyncRuntime, SyncRuntime } from '../jobs/services';
import { logger } from '../observability/logger';
import { CliFailure, print } from './output';

/** The schema file lives at the repository root, whether we run from src/cli (ts) or dist/src/cli (js). */
const SCHEMA_FILE = resolve(
  __dirname,
  __dirname.includes(`${'dist'}`) ? '../../..' : '../..',
  'schema/schema.graphql',
);

export async function migrate(config: AppConfig): Promise<void> {
  const dataSource = createDataSource({ url: config.databaseUrl, poolSize: 1 });
  await dataSource.initialize();
  try {
    const applied = await dataSource.runMigrations({ transaction: 'each' });
    logger.info(
      { applied: applied.map((m) => m.name) },
      applied.length ? 'migrations applied' : 'database is up to date',
    );
  } finally {
    await dataSource.destroy();
  }
}

export async function serve(
  config: AppConfig,
  options: { worker?: boolean; afterStart?: (url: string, runtime: SyncRuntime) => Promise<void> } = {},
): Promise<void> {
  const dataSource = createDataSource({ url: config.databaseUrl });
  await dataSource.initialize();
  const runtime = createSyncRuntime(config, dataSource);
  const server = await createDirectoryServer(config, dataSource, { sync: runtime });
  if (options.worker) {
    runtime.startWorker();
    runtime.startWebhookWorker();
  }
  const url = await server.listen(config.port);
  logger.info({ url, worker: Boolean(options.worker) }, `directory subgraph listening on ${url}`);
  if (options.afterStart) await options.afterStart(url, runtime);
  const shutdown = async (signal: string) => {
    logger.info({ signal }, 'shutting down');
    await server.stop();
    await runtime.close();
    await dataSource.destroy();
    process.exit(0);
  };
  process.once('SIGINT', () => void shutdown('SIGINT'));
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
}

export async function demo(operatorConfig: AppConfig): Promise<void> {
  // File imports read only from HRIS_IMPORT_DIR/<organization id>/; the demo lends itself a
  // directory of its own when the operator set none.
  const importDirectory = operatorConfig.connectors.importDirectory ?? join(tmpdir(), 'hr-directory-demo');
  const config: AppConfig = {
    ...operatorConfig,
    connectors: { ...operatorConfig.connectors, importDirectory },
  };
  await ensureDatabase(config.databaseUrl);
  await migrate(config);
  const dataSource = createDataSource({ url: config.databaseUrl, poolSize: 2 });
  await dataSource.initialize();
  const sample = generateSampleOrganization({ employees: 2000, seed: 42 });
  const seeded = await seedOrganization(dataSource, { name: 'Acme Corp (demo)', slug: 'acme-demo' }, sample);
  await dataSource.destroy();
  logger.info(seeded, 'seeded the demo organization');
  const importFile = join(importDirectory, seeded.orgId, 'acme-bamboohr.json');
  mkdirSync(dirname(importFile), { recursive: true });
  writeFileSync(importFile, JSON.stringify(demoHrisDocument(sample), null, 2));

  await serve(config, {
    worker: true,
    afterStart: async (url, runtime) => {
      // The HR system's new hires arrive the way a customer's would: a connection and a queued sync.
      const connection = await runtime.connections.create(seeded.orgId, {
        name: 'BambooHR (demo import)',
        source: DirectorySource.HRIS_IMPORT,
        config: { file: importFile },
      });
      const queued = await runtime.jobs.trigger(seeded.orgId, {
        connectionId: connection.id,
        syncType: 'full',
        includeGroups: true,
        preview: false,
        trigger: 'api',
      });
      const job = await waitForJob(runtime, seeded.orgId, queued.id);
      logger.info(
        { connectionId: connection.id, jobId: job.id, status: job.status, stats: job.stats },
        'imported the demo HRIS file',
      );
      const secret = config.auth.jwtSecret;
      if (!secret) return;
      const token = await signDevToken(
        secret,
        { orgId: seeded.orgId, roles: ['admin'], subject: 'demo-admin' },
        config.auth,
      );
      print(`\ndev token (admin of the demo organization, valid 30 days):\n\nexport TOKEN=${token}\n`);
      print(
        `then:\n\ncurl -s ${url} -H 'content-type: application/json' -H "authorization: Bearer $TOKEN" \\\n` +
          `  -d '{"query":"{ employeeByEmail(email: \\"jane.smith@acme.example\\") { displayName managementChain { level employee { displayName jobTitle } } } }"}'\n`,
      );
    },
  });
}

async function waitForJob(runtime: SyncRuntime, orgId: string, jobId: string): Promise<SyncJob> {
  for (;;) {
    const job = await runtime.jobs.get(orgId, jobId);
    if (!['queued', 'running'].includes(job.status)) return job;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

export async function worker(config: AppConfig): Promise<void> {
  const dataSource = createDataSource({ url: config.databaseUrl });
  await dataSource.initialize();
  const runtime = createSyncRuntime(config, dataSource);
  runtime.startWorker();
  runtime.startSweeper();
  runtime.startWebhookWorker();
  logger.info({ concurrency: config.sync.concurrency }, 'sync worker running');
  const shutdown = async (signal: string) => {
    logger.info({ signal }, 'finishing the current jobs, then stopping');
    await runtime.close();
    await dataSource.destroy();
    process.exit(0);
  };
  process.once('SIGINT', () => void shutdown('SIGINT'));
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
}

export async function rotateKeys(config: AppConfig): Promise<void> {
  const dataSource = createDataSource({ url: config.databaseUrl, poolSize: 1 });
  await dataSource.initialize();
  try {
    const services = createConnectionServices(config, dataSource);
    const rotated = await services.connections.rotateKeys();
    const endpoints = await services.webhookSecrets.rotateKeys();
    print(
      `re-encrypted ${rotated} connection(s) and ${endpoints} webhook secret(s) with key "${config.encryptionKeys[0].id}"`,
    );
  } finally {
    await dataSource.destroy();
  }
}

export async function printSchema(check: boolean): Promise<void> {
  const sdl = printDirectorySdl(await buildDirectorySchema()) + '\n';
  if (check) {
    let current = '';
    try {
      current = readFileSync(SCHEMA_FILE, 'utf8');
    } catch {
      // missing file counts as drift
    }
    if (current !== sdl) {
      throw new CliFailure(`${SCHEMA_FILE} is out of date with the code: run npm run schema:print`);
    }
    print('schema/schema.graphql matches the code');
    return;
  }
  mkdirSync(dirname(SCHEMA_FILE), { recursive: true });
  writeFileSync(SCHEMA_FILE, sdl);
  print(`wrote ${SCHEMA_FILE}`);
}
