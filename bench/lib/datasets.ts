import { Client } from 'pg';
import { ensureDatabase, createDataSource } from '../../src/db/data-source';
import { generateSampleOrganization } from '../../src/demo/sample-org';
import { seedOrganization } from '../../src/demo/seed';

export const BENCH_SERVER = process.env.BENCH_DATABASE_SERVER_URL || 'postgres://postgres@127.0.0.1:5432';
export const BENCH_SEED = 20261122;

export interface Dataset {
  size: number;
  url: string;
  orgId: string;
}

/**
 * A migrated database holding one deterministic organization of `size` people. Kept between runs
 * (re-seeded only when missing or of another size), since seeding 100k takes a while.
 */
export async function prepareDataset(size: number): Promise<Dataset> {
  const url = `${BENCH_SERVER}/${process.env.BENCH_DATABASE_PREFIX || 'hrdir_bench_'}${size}`;
  await ensureDatabase(url);
  const dataSource = createDataSource({ url, poolSize: 2 });
  await dataSource.initialize();
  try {
    await dataSource.runMigrations({ transaction: 'each' });
    const [existing] = await dataSource.query(
      `SELECT o.id, (SELECT count(*) FROM employees e WHERE e.org_id = o.id)::int AS count FROM organizations o WHERE slug = 'bench'`,
    );
    if (existing && existing.count === size) return { size, url, orgId: existing.id };
    console.log(`seeding ${size.toLocaleString()} people into ${url} …`);
    const sample = generateSampleOrganization({ employees: size, seed: BENCH_SEED });
    const seeded = await seedOrganization(dataSource, { name: `Bench ${size}`, slug: 'bench' }, sample);
    await dataSource.query('VACUUM ANALYZE');
    return { size, url, orgId: seeded.orgId };
  } finally {
    await dataSource.destroy();
  }
}

/** A plain pg client for the floor measurements (the database's own time, seen from a client). */
export async function floorClient(url: string): Promise<Client> {
  const client = new Client({ connectionString: url });
  await client.connect();
  return client;
}
