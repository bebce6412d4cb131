import { types } from 'pg';
import { DataSource, Logger } from 'typeorm';
import { ENTITIES, MIGRATIONS } from '../entities';

// DATE columns stay ISO strings (YYYY-MM-DD): turning them into JS Dates would shift them by time zone.
types.setTypeParser(1082, (value: string) => value);
// bigint counts (count(*)) fit comfortably in a JS number for a directory.
types.setTypeParser(20, (value: string) => Number(value));

/** Per-session settings: trigram thresholds tuned for typeahead with typos. */
const SESSION_OPTIONS = '-c pg_trgm.similarity_threshold=0.25 -c pg_trgm.word_similarity_threshold=0.45';

export interface DataSourceOptions {
  url: string;
  poolSize?: number;
  logger?: Logger;
}

/** The one TypeORM data source of a process. Schema changes go through migrations only. */
export function createDataSource(options: DataSourceOptions): DataSource {
  return new DataSource({
    type: 'postgres',
    url: options.url,
    entities: ENTITIES,
    migrations: MIGRATIONS,
    migrationsTableName: 'migrations',
    synchronize: false,
    logging: false,
    logger: options.logger,
    extra: {
      max: options.poolSize ?? 10,
      options: SESSION_OPTIONS,
      connectionTimeoutMillis: 10_000,
      statement_timeout: 30_000,
    },
  });
}

/** Creates the database named in the URL if it does not exist (for the demo and tests). */
export async function ensureDatabase(url: string): Promise<void> {
  const target = new URL(url);
  const name = decodeURIComponent(target.pathname.replace(/^\//, ''));
  if (!/^[A-Za-z0-9_]+$/.test(name)) throw new Error(`unsupported database name "${name}"`);
  const admin = new URL(url);
  admin.pathname = '/postgres';
  const { Client } = await import('pg');
  const client = new Client({ connectionString: admin.toString() });
  await client.connect();
  try {
    const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (found.rowCount === 0) await client.query(`CREATE DATABASE "${name}"`);
  } finally {
    await client.end();
  }
}
