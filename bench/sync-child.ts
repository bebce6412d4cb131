import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { Client } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { loadConfig } from '../src/config';
import { createDataSource, ensureDatabase } from '../src/db/data-source';
import { ConnectionStore } from '../src/directory/connections';
import { SecretBox } from '../src/directory/secret-box';
import { SyncJobs } from '../src/directory/sync-jobs';
import { DirectorySource } from '../src/entities';
import { SyncPipeline } from '../src/jobs/sync-pipeline';
import { syntheticDefinition, SyntheticShape, syntheticUser } from './synthetic-source';

/**
 * One sync measurement in a process of its own (so its peak RSS is its own):
 *   ours <users>      full sync through the engine, then an incremental one with 1% changed
 *   baseline <users>  the seed-003 approach: batches of 25 single-row upserts with Promise.all
 *   floor <users>     page the same source and COPY the same rows (people and memberships)
 * Prints one JSON line.
 */
const [mode, usersArgument] = process.argv.slice(2);
const users = Number(usersArgument);
const shape: SyntheticShape = {
  users,
  groups: Math.max(10, Math.round(users / 20)),
  membershipsPerUser: 3,
  changeEvery: 100,
};
const URL = `${process.env.BENCH_DATABASE_SERVER_URL || 'postgres://postgres@127.0.0.1:5432'}/hrdir_bench_sync`;

function peakRssMb(): number {
  const match = /VmHWM:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'));
  return match ? Math.round(Number(match[1]) / 1024) : NaN;
}

async function freshDatabase() {
  const admin = new Client({ connectionString: URL.replace(/\/[^/]+$/, '/postgres') });
  await admin.connect();
  await admin.query('DROP DATABASE IF EXISTS hrdir_bench_sync WITH (FORCE)');
  await admin.end();
  await ensureDatabase(URL);
  const dataSource = createDataSource({ url: URL, poolSize: 10 });
  await dataSource.initialize();
  await dataSource.runMigrations({ transaction: 'each' });
  const [org] = await dataSource.query(
    `INSERT INTO organizations (name, slug) VALUES ('Sync bench', 'sync-bench') RETURNING id`,
  );
  return { dataSource, orgId: org.id as string };
}

async function ours() {
  const { dataSource, orgId } = await freshDatabase();
  const connections = new ConnectionStore(dataSource, new SecretBox(loadConfig({}).encryptionKeys));
  const publisher = { publish: async () => undefined };
  const jobs = new SyncJobs(
    dataSource,
    { enqueue: async () => undefined, remove: async () => undefined },
    publisher,
  );
  const pipeline = new SyncPipeline(dataSource, connections, publisher, () => syntheticDefinition(shape));
  const connection = await connections.create(orgId, {
    name: 'Synthetic',
    source: DirectorySource.HRIS_IMPORT,
    config: { file: '/synthetic.json' },
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
    let last = start;
    const done = await pipeline.run(job.id, {
      finalAttempt: true,
      onProgress: (update) => {
        if (!process.env.BENCH_TRACE) return;
        const now = process.hrtime.bigint();
        console.error(
          `${update.progress.phase} ${update.progress.processed} +${Number(now - last) / 1e6} ms`,
        );
        last = now;
      },
    });
    if (done.status !== 'completed') throw new Error(`sync ${done.status}: ${done.failureMessage}`);
    return { ms: Number(process.hrtime.bigint() - start) / 1e6, stats: done.stats };
  };
  const full = await run('full');
  const incremental = await run('incremental');
  await dataSource.destroy();
  return { full, incremental };
}

async function baseline() {
  const { dataSource, orgId } = await freshDatabase();
  const [connection] = await dataSource.query(
    `INSERT INTO directory_connections (org_id, name, source, config_encrypted) VALUES ($1, 'Baseline', 'hris_import', 'x') RETURNING id`,
    [orgId],
  );
  const start = process.hrtime.bigint();
  const upsertUser = (i: number) => {
    const user = syntheticUser(i, shape);
    const a = user.attributes;
    return dataSource.query(
      `INSERT INTO employees (org_id, connection_id, source, external_id, email, employee_number, first_name, last_name, display_name, job_title, department, status, manager_ref, manager_ref_kind)
       VALUES ($1, $2, 'hris_import', $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, 'externalId')
       ON CONFLICT (connection_id, external_id) WHERE connection_id IS NOT NULL DO UPDATE SET
         email = EXCLUDED.email, first_name = EXCLUDED.first_name, last_name = EXCLUDED.last_name, display_name = EXCLUDED.display_name,
         job_title = EXCLUDED.job_title, department = EXCLUDED.department, status = EXCLUDED.status, updated_at = now()`,
      [
        orgId,
        connection.id,
        user.externalId,
        a.email,
        a.employeeNumber,
        a.firstName,
        a.lastName,
        a.displayName,
        a.jobTitle,
        a.department,
        a.status,
        user.manager?.value ?? null,
      ],
    );
  };
  for (let i = 0; i < users; i += 25)
    await Promise.all(Array.from({ length: Math.min(25, users - i) }, (_, k) => upsertUser(i + k)));
  for (let g = 0; g < shape.groups; g += 25) {
    await Promise.all(
      Array.from({ length: Math.min(25, shape.groups - g) }, (_, k) =>
        dataSource.query(
          `INSERT INTO directory_groups (org_id, connection_id, source, external_id, name) VALUES ($1, $2, 'hris_import', $3, $4)
           ON CONFLICT (connection_id, external_id) WHERE connection_id IS NOT NULL DO UPDATE SET name = EXCLUDED.name`,
          [orgId, connection.id, `g${g + k}`, `Group-${g + k}`],
        ),
      ),
    );
  }
  // Managers, one row at a time too (the approach has no second pass of its own).
  for (let i = 1; i < users; i += 25) {
    await Promise.all(
      Array.from({ length: Math.min(25, users - i) }, (_, k) =>
        dataSource.query(
          `UPDATE employees e SET manager_id = m.id FROM employees m
           WHERE e.connection_id = $1 AND e.external_id = $2 AND m.connection_id = $1 AND m.external_id = $3`,
          [connection.id, `u${i + k}`, `u${Math.floor((i + k - 1) / 8)}`],
        ),
      ),
    );
  }
  const pairs: [string, string][] = [];
  for (let i = 0; i < users; i++)
    for (const g of syntheticUser(i, shape).groupExternalIds ?? []) pairs.push([`u${i}`, g]);
  for (let p = 0; p < pairs.length; p += 25) {
    await Promise.all(
      pairs.slice(p, p + 25).map(([u, g]) =>
        dataSource.query(
          `INSERT INTO group_members (org_id, group_id, employee_id)
           SELECT $1, g.id, e.id FROM directory_groups g, employees e
           WHERE g.connection_id = $2 AND g.external_id = $3 AND e.connection_id = $2 AND e.external_id = $4
           ON CONFLICT DO NOTHING`,
          [orgId, connection.id, g, u],
        ),
      ),
    );
  }
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  await dataSource.destroy();
  return { full: { ms } };
}

async function floor() {
  const { dataSource } = await freshDatabase();
  await dataSource.destroy();
  const client = new Client({ connectionString: URL });
  await client.connect();
  // The same rows into tables with the same columns and indexes as ours (not the foreign keys).
  await client.query(`CREATE TABLE floor_people (LIKE employees INCLUDING ALL)`);
  await client.query(`CREATE TABLE floor_members (LIKE group_members INCLUDING ALL)`);
  const [{ id: orgId }] = (await client.query(`SELECT id FROM organizations LIMIT 1`)).rows;
  const definition = syntheticDefinition(shape);
  const connector = definition.create({}, {});
  const groupIds = Array.from({ length: shape.groups }, () => randomUUID());
  const start = process.hrtime.bigint();
  const people = client.query(
    copyFrom(`COPY floor_people (id, org_id, external_id, email, employee_number, display_name, first_name, last_name, job_title,
      department, status, manager_ref) FROM STDIN`),
  );
  const memberLines: string[] = [];
  for await (const page of connector.users({
    mode: 'full',
    cursor: null,
    signal: new AbortController().signal,
  })) {
    const lines = page.records.map((user) => {
      const a = user.attributes;
      const id = randomUUID();
      for (const g of user.groupExternalIds ?? [])
        memberLines.push(`${orgId}\t${groupIds[Number(g.slice(1))]}\t${id}\n`);
      return (
        [
          id,
          orgId,
          user.externalId,
          a.email,
          a.employeeNumber,
          a.displayName,
          a.firstName,
          a.lastName,
          a.jobTitle,
          a.department,
          a.status,
          user.manager?.value ?? '\\N',
        ].join('\t') + '\n'
      );
    });
    people.write(lines.join(''));
  }
  await new Promise<void>((resolve, reject) =>
    people.end((error?: Error | null) => (error ? reject(error) : resolve())),
  );
  const memberStream = client.query(
    copyFrom('COPY floor_members (org_id, group_id, employee_id) FROM STDIN'),
  );
  for (let i = 0; i < memberLines.length; i += 10_000)
    memberStream.write(memberLines.slice(i, i + 10_000).join(''));
  await new Promise<void>((resolve, reject) =>
    memberStream.end((error?: Error | null) => (error ? reject(error) : resolve())),
  );
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  await client.end();
  return { full: { ms } };
}

const modes: Record<string, () => Promise<unknown>> = { ours, baseline, floor };
modes[mode]()
  .then((result) => {
    console.log(JSON.stringify({ mode, users, shape, peakRssMb: peakRssMb(), ...(result as object) }));
    process.exit(0);
  })
  .catch((error) => {
    console.error(error);
    process.exit(1);
  });
