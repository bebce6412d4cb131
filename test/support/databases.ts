import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { createDataSource } from '../../src/db/data-source';

/** Server the tests use; CI and developers run PostgreSQL on 127.0.0.1:5432 with trust auth. */
export const TEST_SERVER_URL = process.env.TEST_DATABASE_SERVER_URL || 'postgres://postgres@127.0.0.1:5432';
/** One template per test run (set by the global setup), so that parallel runs do not collide. */
export function templateDatabase(): string {
  return process.env.HRDIR_TEST_TEMPLATE ?? 'hrdir_test_template';
}

export function databaseUrl(name: string): string {
  return `${TEST_SERVER_URL}/${name}`;
}

async function withAdmin<T>(work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: databaseUrl('postgres') });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/**
 * Makes the server refuse every connection to the database (and closes the open ones), as a
 * database that went away would; `false` lets connections in again.
 */
export async function refuseConnections(name: string, refuse: boolean): Promise<void> {
  await withAdmin(async (client) => {
    await client.query(`ALTER DATABASE "${name}" ALLOW_CONNECTIONS ${refuse ? 'false' : 'true'}`);
    if (refuse)
      await client.query(
        `SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()`,
        [name],
      );
  });
}

export async function dropDatabase(name: string): Promise<void> {
  await withAdmin((client) => client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
}

/** Drops and re-creates the migrated template every test run clones from. */
export async function prepareTemplateDatabase(): Promise<void> {
  const template = templateDatabase();
  await dropDatabase(template);
  await withAdmin((client) => client.query(`CREATE DATABASE "${template}"`));
  const dataSource = createDataSource({ url: databaseUrl(template), poolSize: 1 });
  await dataSource.initialize();
  try {
    await dataSource.runMigrations({ transaction: 'each' });
  } finally {
    await dataSource.destroy();
  }
}

export interface TestDatabase {
  name: string;
  url: string;
  dataSource: DataSource;
  /** Destroys the data source and drops the database. */
  drop(): Promise<void>;
}

/** A fresh, migrated database of the suite's own, cloned from the template. */
export async function createTestDatabase(poolSize = 5): Promise<TestDatabase> {
  const name = `hrdir_test_${randomBytes(6).toString('hex')}`;
  await withAdmin((client) => client.query(`CREATE DATABASE "${name}" TEMPLATE "${templateDatabase()}"`));
  const url = databaseUrl(name);
  const dataSource = createDataSource({ url, poolSize });
  await dataSource.initialize();
  return {
    name,
    url,
    dataSource,
    async drop() {
      if (dataSource.isInitialized) await dataSource.destroy();
      await dropDatabase(name);
    },
  };
}
