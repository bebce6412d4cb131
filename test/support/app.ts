import { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { print } from 'graphql';
import { signDevToken } from '../../src/auth/token-verifier';
import { AppConfig, loadConfig } from '../../src/config';
import { randomBytes } from 'node:crypto';
import { createSyncRuntime, SyncRuntime } from '../../src/jobs/services';
import { createDirectoryServer, DirectoryServer } from '../../src/server/app';
import { createTestDatabase, TestDatabase } from './databases';
import { TEST_HRIS_IMPORT_DIR, TEST_OUTBOUND_ALLOW_PRIVATE } from './operator-env';

export const TEST_JWT_SECRET = 'test-secret-that-is-long-enough-0123456789';

export interface GraphQLResponse<T> {
  status: number;
  data?: T | null;
  errors?: { message: string; extensions?: Record<string, unknown>; path?: (string | number)[] }[];
}

export interface TestApp {
  db: TestDatabase;
  url: string;
  config: AppConfig;
  server: DirectoryServer;
  /** The sync side (queue, events, pipeline), when started with { sync: true }. */
  runtime: SyncRuntime | null;
  /** The environment the app was configured from: give it to a worker process to share queue and database. */
  env: NodeJS.ProcessEnv;
  /** A bearer token for a member (or admin) of the organization. */
  token(orgId: string, roles?: string[]): Promise<string>;
  /** Sends an operation over HTTP, as the router would. */
  request<TData, TVariables>(
    document: TypedDocumentNode<TData, TVariables> | string,
    variables?: TVariables,
    options?: { token?: string | null; headers?: Record<string, string> },
  ): Promise<GraphQLResponse<TData>>;
  stop(): Promise<void>;
}

/**
 * A fresh database, the subgraph served on a free port, and helpers to call it. With sync, the API
 * also gets the sync runtime on a queue of its own (so suites and a running demo never share jobs).
 */
export async function startTestApp(
  overrides: NodeJS.ProcessEnv = {},
  options: { sync?: boolean } = {},
): Promise<TestApp> {
  const db = await createTestDatabase();
  const env: NodeJS.ProcessEnv = {
    AUTH_JWT_SECRET: TEST_JWT_SECRET,
    DATABASE_URL: db.url,
    PORT: '0',
    SYNC_QUEUE_NAME: `test-sync-${randomBytes(4).toString('hex')}`,
    SYNC_BACKOFF_MS: '200',
    WEBHOOK_QUEUE_NAME: `test-webhooks-${randomBytes(4).toString('hex')}`,
    WEBHOOK_BACKOFF_MS: '50',
    WEBHOOK_BACKOFF_MAX_MS: '400',
    // Deliveries are started by kicks in tests; a suite that tests the sweep turns it on.
    WEBHOOK_SWEEP_INTERVAL_MS: '0',
    // Spelled out so that a worker process started with this environment shares them exactly.
    REDIS_URL: process.env.REDIS_URL || 'redis://127.0.0.1:6379',
    CONNECTION_ENCRYPTION_KEYS: `test:${randomBytes(32).toString('base64')}`,
    // The fakes listen on loopback, which the outbound address policy refuses unless allowed; file
    // imports read from one directory. Spelled out so that worker processes get them too.
    OUTBOUND_ALLOW_PRIVATE: TEST_OUTBOUND_ALLOW_PRIVATE,
    HRIS_IMPORT_DIR: TEST_HRIS_IMPORT_DIR,
    ...overrides,
  };
  const config = loadConfig(env);
  const runtime = options.sync ? createSyncRuntime(config, db.dataSource) : null;
  const server = await createDirectoryServer(config, db.dataSource, { sync: runtime ?? undefined });
  const url = await server.listen(0, '127.0.0.1');
  return {
    db,
    url,
    config,
    server,
    runtime,
    env,
    token: (orgId, roles = []) => signDevToken(TEST_JWT_SECRET, { orgId, roles, subject: 'test-user' }),
    async request(document, variables, options = {}) {
      const headers: Record<string, string> = { 'content-type': 'application/json', ...options.headers };
      if (options.token) headers.authorization = `Bearer ${options.token}`;
      const response = await fetch(url, {
        method: 'POST',
        headers,
        body: JSON.stringify({ query: typeof document === 'string' ? document : print(document), variables }),
      });
      const body = (await response.json()) as Omit<GraphQLResponse<never>, 'status'>;
      return { status: response.status, ...body } as GraphQLResponse<never>;
    },
    async stop() {
      await server.stop();
      await runtime?.close();
      await db.drop();
    },
  };
}

/** The data of a response that must have succeeded; fails the test with the errors otherwise. */
export function dataOf<T>(response: GraphQLResponse<T>): T {
  if (response.errors?.length || !response.data) {
    throw new Error(`GraphQL errors (HTTP ${response.status}): ${JSON.stringify(response.errors)}`);
  }
  return response.data;
}
