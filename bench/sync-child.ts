import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { Client } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { Writable } from 'node:stream';
import { DataSource } from 'typeorm';
import { ConnectorsConfig, loadConfig } from '../src/config';
import { entraConnector } from '../src/connectors/entra';
import { OutboundPolicy } from '../src/connectors/http';
import { SourceEmployeeAttributes, SourceUser } from '../src/connectors/types';
import { createDataSource, ensureDatabase } from '../src/db/data-source';
import { ConnectionStore } from '../src/directory/connections';
import { SecretBox } from '../src/directory/secret-box';
import { SyncJobs } from '../src/directory/sync-jobs';
import { DirectorySource } from '../src/entities';
import { SyncPipeline } from '../src/jobs/sync-pipeline';
import { FakeGraphProcess, startFakeGraph } from './lib/fake-graph-process';

/**
 * One sync measurement in a process of its own (its peak RSS is the sync's own: the fake Microsoft
 * Graph it reads runs in another process, bench/fake-graph-server.ts, with a tenant of N people, N/20
 * groups and 3 memberships each):
 *   ours <users>      the sync engine with the real Entra connector (msal-node, HTTPS, delta
 *                     queries) through SyncPipeline, full; then 1% of the people changed in the fake
 *                     and an incremental sync from the stored delta links
 *   ours-without-events <users>  the same as ours with the change-event triggers disabled: what
 *                     events cost the sync, side by side in one run
 *   floor <users>     the same connector paging the same fake, and COPY of the same people, groups
 *                     and memberships into tables with the same columns and indexes (no foreign keys)
 *   baseline <users>  the same connector paging the same fake, and the seed-003 approach: batches of
 *                     25 single-row upserts with Promise.all (people, managers, groups, memberships)
 * Prints one JSON line.
 */
const [mode, usersArgument] = process.argv.slice(2);
const users = Number(usersArgument);
const CHANGE_EVERY = 100;
const DATABASE = `${process.env.BENCH_DATABASE_PREFIX || 'hrdir_bench_'}sync`;
const URL = `${process.env.BENCH_DATABASE_SERVER_URL || 'postgres://postgres@127.0.0.1:5432'}/${DATABASE}`;

function peakRssMb(): number {
  const match = /VmHWM:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'));
  return match ? Math.round(Number(match[1]) / 1024) : NaN;
}

/** Resident, V8 heap (used / reserved) and off-heap memory, MB: where the peak comes from. */
function memory(): string {
  const { rss, heapUsed, heapTotal, external } = process.memoryUsage();
  const mb = (bytes: number) => Math.round(bytes / 2 ** 20);
  return `rss ${mb(rss)} MB, heap ${mb(heapUsed)}/${mb(heapTotal)} MB, external ${mb(external)} MB`;
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
    `INSERT INTO organizations (name, slug) VALUES ('Sync bench', 'sync-bench') RETURNING id`,
  );
  return { dataSource, orgId: org.id as string };
}

/**
 * What the operator allows connectors here: the fakes listen on loopback, which the outbound
 * address policy refuses unless allowed (OUTBOUND_ALLOW_PRIVATE in a deployment).
 */
const BENCH_CONNECTORS: ConnectorsConfig = {
  outbound: new OutboundPolicy({ allowPrivate: ['127.0.0.1/32', '::1/128'] }),
  importDirectory: null,
};

/** The Entra connector as the product builds it from a connection's settings. */
function connectorFor(fake: FakeGraphProcess) {
  return entraConnector.create(entraConnector.parseConfig(fake.config), {
    outbound: BENCH_CONNECTORS.outbound,
  });
}

const signal = new AbortController().signal;

/** Turns the change-event capture triggers off in a bench database: writes without an outbox. */
async function withoutChangeEvents(dataSource: DataSource): Promise<void> {
  for (const table of ['employees', 'directory_groups', 'group_members'])
    for (const operation of ['insert', 'update', 'delete'])
      if (table !== 'group_members' || operation !== 'update')
        await dataSource.query(`ALTER TABLE ${table} DISABLE TRIGGER hrdir_capture_${table}_${operation}`);
}

async function ours(fake: FakeGraphProcess, options: { events: boolean } = { events: true }) {
  const { dataSource, orgId } = await freshDatabase();
  if (!options.events) await withoutChangeEvents(dataSource);
  const connections = new ConnectionStore(dataSource, new SecretBox(loadConfig({}).encryptionKeys));
  const publisher = { publish: async () => undefined };
  const jobs = new SyncJobs(
    dataSource,
    { enqueue: async () => undefined, remove: async () => undefined },
    publisher,
  );
  // The product's connector registry: the Entra connector, over HTTPS to the fake.
  const pipeline = new SyncPipeline(dataSource, connections, publisher, undefined, BENCH_CONNECTORS);
  const connection = await connections.create(orgId, {
    name: 'Contoso Entra',
    source: DirectorySource.AZURE_AD,
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
    let last = start;
    const done = await pipeline.run(job.id, {
      finalAttempt: true,
      onProgress: (update) => {
        if (!process.env.BENCH_TRACE) return;
        const now = process.hrtime.bigint();
        console.error(
          `${update.progress.phase} ${update.progress.processed} +${Number(now - last) / 1e6} ms, ${memory()}`,
        );
        last = now;
      },
    });
    if (done.status !== 'completed') throw new Error(`sync ${done.status}: ${done.failureMessage}`);
    return { ms: elapsedMs(start), stats: done.stats };
  };
  const full = await run('full');
  if (full.stats.usersCreated !== users)
    throw new Error(`full sync created ${full.stats.usersCreated} people`);
  const [{ events }] = await dataSource.query(
    `SELECT count(*)::int AS events FROM change_events WHERE type = 'EMPLOYEE_CREATED'`,
  );
  if (events !== (options.events ? users : 0))
    throw new Error(`full sync wrote ${events} EMPLOYEE_CREATED events for ${users} people`);
  const { changed } = await fake.change(CHANGE_EVERY);
  const incremental = await run('incremental');
  if (incremental.stats.usersUpdated !== changed)
    throw new Error(
      `incremental sync updated ${incremental.stats.usersUpdated} of ${changed} changed people`,
    );
  await dataSource.destroy();
  return { full, incremental };
}

/** Attributes → employees columns, for the floor's and the baseline's rows. */
const COLUMNS: [keyof SourceEmployeeAttributes, string][] = [
  ['email', 'email'],
  ['displayName', 'display_name'],
  ['firstName', 'first_name'],
  ['lastName', 'last_name'],
  ['jobTitle', 'job_title'],
  ['department', 'department'],
  ['company', 'company'],
  ['employeeNumber', 'employee_number'],
  ['location', 'location'],
  ['username', 'username'],
  ['phone', 'phone'],
  ['status', 'status'],
  ['employmentType', 'employment_type'],
  ['startDate', 'start_date'],
  ['idpId', 'idp_id'],
  ['customAttributes', 'custom_attributes'],
];

function columnValues(user: SourceUser): (string | null)[] {
  return COLUMNS.map(([attribute]) => {
    const value = user.attributes[attribute];
    if (value === undefined || value === null) return attribute === 'customAttributes' ? '{}' : null;
    return typeof value === 'object' ? JSON.stringify(value) : String(value);
  });
}

/** One line of COPY's text format. */
function copyLine(values: (string | null)[]): string {
  return (
    values
      .map((value) =>
        value === null
          ? '\\N'
          : value.replace(/[\\\t\n\r]/g, (c) =>
              c === '\\' ? '\\\\' : c === '\t' ? '\\t' : c === '\n' ? '\\n' : '\\r',
            ),
      )
      .join('\t') + '\n'
  );
}

function endCopy(stream: Writable): Promise<void> {
  return new Promise((resolve, reject) =>
    stream.end((error?: Error | null) => (error ? reject(error) : resolve())),
  );
}

async function floor(fake: FakeGraphProcess) {
  const { dataSource, orgId } = await freshDatabase();
  await dataSource.destroy();
  const people = new Client({ connectionString: URL });
  const members = new Client({ connectionString: URL });
  await people.connect();
  await members.connect();
  // The same rows into tables with the same columns and indexes as ours (not the foreign keys).
  await people.query(`CREATE TABLE floor_people (LIKE employees INCLUDING ALL)`);
  await people.query(`CREATE TABLE floor_groups (LIKE directory_groups INCLUDING ALL)`);
  await people.query(`CREATE TABLE floor_members (LIKE group_members INCLUDING ALL)`);
  await people.query(`CREATE TABLE floor_nesting (LIKE group_nesting INCLUDING ALL)`);
  const connector = connectorFor(fake);
  const start = process.hrtime.bigint();
  const personIds = new Map<string, string>();
  const peopleCopy = people.query(
    copyFrom(
      `COPY floor_people (id, org_id, source, external_id, manager_ref, ${COLUMNS.map(([, column]) => column).join(', ')}) FROM STDIN`,
    ),
  );
  for await (const page of connector.users({ mode: 'full', cursor: null, signal })) {
    let chunk = '';
    for (const user of page.records) {
      const id = randomUUID();
      personIds.set(user.externalId, id);
      chunk += copyLine([
        id,
        orgId,
        'azure_ad',
        user.externalId,
        user.manager?.value ?? null,
        ...columnValues(user),
      ]);
    }
    peopleCopy.write(chunk);
  }
  await endCopy(peopleCopy);
  const groupIds = new Map<string, string>();
  const nesting: [string, string][] = [];
  const groupCopy = people.query(
    copyFrom(
      `COPY floor_groups (id, org_id, source, external_id, name, display_name, description, is_security_group, group_type, custom_attributes) FROM STDIN`,
    ),
  );
  const memberCopy = members.query(copyFrom('COPY floor_members (org_id, group_id, employee_id) FROM STDIN'));
  for await (const page of connector.groups({ mode: 'full', cursor: null, signal })) {
    let groupChunk = '';
    let memberChunk = '';
    for (const group of page.records) {
      const id = randomUUID();
      groupIds.set(group.externalId, id);
      const a = group.attributes;
      groupChunk += copyLine([
        id,
        orgId,
        'azure_ad',
        group.externalId,
        a.name ?? group.externalId,
        a.displayName ?? null,
        a.description ?? null,
        String(a.isSecurityGroup ?? false),
        a.groupType ?? 'group',
        JSON.stringify(a.customAttributes ?? {}),
      ]);
      for (const member of group.members ?? []) {
        if (member.type === 'group') nesting.push([id, member.externalId]);
        else memberChunk += `${orgId}\t${id}\t${personIds.get(member.externalId)}\n`;
      }
    }
    groupCopy.write(groupChunk);
    memberCopy.write(memberChunk);
  }
  await Promise.all([endCopy(groupCopy), endCopy(memberCopy)]);
  const nestingCopy = people.query(
    copyFrom('COPY floor_nesting (org_id, parent_group_id, child_group_id) FROM STDIN'),
  );
  nestingCopy.write(
    nesting.map(([parent, child]) => `${orgId}\t${parent}\t${groupIds.get(child)}\n`).join(''),
  );
  await endCopy(nestingCopy);
  const ms = elapsedMs(start);
  const [{ count }] = (await people.query(`SELECT count(*)::int AS count FROM floor_members`)).rows;
  if (count !== 3 * users) throw new Error(`the floor copied ${count} memberships`);
  await people.end();
  await members.end();
  return { full: { ms } };
}

async function baseline(fake: FakeGraphProcess) {
  const { dataSource, orgId } = await freshDatabase();
  // The seed's approach had no outbox: its single-row statements are measured without our
  // change-event triggers (each autocommitted row would otherwise run a flush of its own, all of
  // them queued on the organization's event counter), which only makes the baseline faster.
  await withoutChangeEvents(dataSource);
  const [connection] = await dataSource.query(
    `INSERT INTO directory_connections (org_id, name, source, config_encrypted) VALUES ($1, 'Baseline', 'azure_ad', 'x') RETURNING id`,
    [orgId],
  );
  const connector = connectorFor(fake);
  const columns = COLUMNS.map(([, column]) => column);
  const upsertUser = (user: SourceUser) =>
    dataSource.query(
      `INSERT INTO employees (org_id, connection_id, source, external_id, manager_ref, manager_ref_kind, ${columns.join(', ')})
       VALUES ($1, $2, 'azure_ad', $3, $4, 'externalId', ${columns.map((_, k) => `$${k + 5}`).join(', ')})
       ON CONFLICT (connection_id, external_id) WHERE connection_id IS NOT NULL DO UPDATE SET
         ${columns.map((column) => `${column} = EXCLUDED.${column}`).join(', ')}, updated_at = now()`,
      [orgId, connection.id, user.externalId, user.manager?.value ?? null, ...columnValues(user)],
    );
  const start = process.hrtime.bigint();
  const managers: [string, string][] = [];
  for await (const page of connector.users({ mode: 'full', cursor: null, signal })) {
    for (let i = 0; i < page.records.length; i += 25)
      await Promise.all(page.records.slice(i, i + 25).map(upsertUser));
    for (const user of page.records) if (user.manager) managers.push([user.externalId, user.manager.value]);
  }
  // Managers, one row at a time too (the approach has no second pass of its own).
  for (let i = 0; i < managers.length; i += 25) {
    await Promise.all(
      managers.slice(i, i + 25).map(([user, manager]) =>
        dataSource.query(
          `UPDATE employees e SET manager_id = m.id FROM employees m
           WHERE e.connection_id = $1 AND e.external_id = $2 AND m.connection_id = $1 AND m.external_id = $3`,
          [connection.id, user, manager],
        ),
      ),
    );
  }
  // Groups, then their people (nested groups, 1 in 100 groups, are left out of the baseline).
  for await (const page of connector.groups({ mode: 'full', cursor: null, signal })) {
    for (let i = 0; i < page.records.length; i += 25) {
      await Promise.all(
        page.records.slice(i, i + 25).map((group) =>
          dataSource.query(
            `INSERT INTO directory_groups (org_id, connection_id, source, external_id, name, group_type) VALUES ($1, $2, 'azure_ad', $3, $4, $5)
             ON CONFLICT (connection_id, external_id) WHERE connection_id IS NOT NULL DO UPDATE SET name = EXCLUDED.name`,
            [
              orgId,
              connection.id,
              group.externalId,
              group.attributes.name,
              group.attributes.groupType ?? 'group',
            ],
          ),
        ),
      );
    }
    const pairs = page.records.flatMap((group) =>
      (group.members ?? []).filter((m) => m.type === 'user').map((m) => [group.externalId, m.externalId]),
    );
    for (let p = 0; p < pairs.length; p += 25) {
      await Promise.all(
        pairs.slice(p, p + 25).map(([g, u]) =>
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
  }
  const ms = elapsedMs(start);
  await dataSource.destroy();
  return { full: { ms } };
}

const modes: Record<string, (fake: FakeGraphProcess) => Promise<unknown>> = {
  ours,
  'ours-without-events': (fake) => ours(fake, { events: false }),
  baseline,
  floor,
};

async function main(): Promise<unknown> {
  const fake = await startFakeGraph(users);
  try {
    return await modes[mode](fake);
  } finally {
    await fake.stop();
  }
}

main()
  .then((result) => {
    console.log(
      JSON.stringify({
        mode,
        users,
        groups: Math.max(10, Math.round(users / 20)),
        peakRssMb: peakRssMb(),
        ...(result as object),
      }),
    );
    process.exit(0);
  })
  .catch((error) => {
    console.error(error);
    process.exit(1);
  });
