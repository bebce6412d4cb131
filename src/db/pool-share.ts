import { AsyncLocalStorage } from 'node:async_hooks';
import { Pool, PoolClient } from 'pg';
import { DataSource } from 'typeorm';

export interface PoolShareOptions {
  /** Share of the pool's connections, in percent, that one organization's requests may hold at once (at least 1). */
  percentPerOrganization: number;
  /** statement_timeout of statements run for a request, in ms (0 = the connection's default). */
  requestStatementTimeoutMs: number;
}

interface RequestScope {
  orgId: string;
}

type ConnectCallback = (
  error: Error | undefined,
  client?: PoolClient,
  release?: PoolClient['release'],
) => void;

/** What a pooled connection's statement_timeout is set to: the request's, or the session's own. */
const TIMEOUT_STATE = Symbol('statementTimeout');
type TrackedClient = PoolClient & { [TIMEOUT_STATE]?: 'request' | 'default' };

/** Counts holders and queues waiters, first come first served. */
class Permits {
  held = 0;
  readonly waiting: (() => void)[] = [];
  constructor(private readonly limit: number) {}

  acquire(): Promise<void> | null {
    if (this.held < this.limit) {
      this.held++;
      return null;
    }
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  release(): void {
    const next = this.waiting.shift();
    if (next) next();
    else this.held--;
  }
}

/**
 * A fair share of the database pool per organization, and a statement timeout per request.
 *
 * Requests run inside `run(orgId, …)`. Every connection taken from the pool inside it first waits
 * for one of the organization's permits (at most `connectionsPerOrganization` at once), so one
 * organization flooding the API holds only its share and the others keep being served; and it runs
 * with the request's statement_timeout, so a slow statement is cancelled instead of holding its
 * connection. Work outside a request (sync jobs, SCIM writes, migrations) is not limited and keeps
 * the connection's own timeout. The hook is on the pg pool under TypeORM, through which every
 * repository, query runner and `Sql` statement gets its connection.
 */
export class OrganizationPoolShare {
  private readonly scope = new AsyncLocalStorage<RequestScope>();
  private readonly permits = new Map<string, Permits>();
  private readonly queueWatchers: { orgId: string; count: number; resolve: () => void }[] = [];
  /** Connections one organization's requests may hold at once. */
  readonly connectionsPerOrganization: number;

  constructor(
    dataSource: DataSource,
    private readonly options: PoolShareOptions,
  ) {
    // TypeORM's Postgres driver holds its pg pool in `master`; the driver class is not in typeorm's
    // public entry, so the pool is checked here instead of importing the class from its internals.
    const pool = (dataSource.driver as { master?: unknown }).master;
    if (!(pool instanceof Pool)) throw new Error('the pool share needs a PostgreSQL data source');
    this.connectionsPerOrganization = Math.max(
      1,
      Math.ceil(((pool.options.max ?? 10) * options.percentPerOrganization) / 100),
    );
    const connect = pool.connect.bind(pool) as (callback: ConnectCallback) => void;
    const shared = (callback: ConnectCallback) => {
      this.connect(connect, callback).catch((error: Error) => callback(error));
    };
    Object.assign(pool, {
      connect: (callback?: ConnectCallback) => {
        if (callback) return shared(callback);
        return new Promise<PoolClient>((resolve, reject) =>
          shared((error, client) => (error ? reject(error) : resolve(client!))),
        );
      },
    });
  }

  /** Runs one request of an organization: its statements share the organization's connections. */
  run<T>(orgId: string | null, work: () => Promise<T>): Promise<T> {
    return orgId ? this.scope.run({ orgId }, work) : work();
  }

  /** Resolves once `count` connection requests of the organization wait for its share (for tests). */
  whenQueued(orgId: string, count: number): Promise<void> {
    return new Promise((resolve) => {
      this.queueWatchers.push({ orgId, count, resolve });
      this.notifyQueued();
    });
  }

  private async connect(
    connect: (callback: ConnectCallback) => void,
    callback: ConnectCallback,
  ): Promise<void> {
    const request = this.scope.getStore();
    let permits: Permits | undefined;
    if (request) {
      permits = this.permitsOf(request.orgId);
      const wait = permits.acquire();
      if (wait) {
        this.notifyQueued();
        await wait;
      }
    }
    connect((error, client, release) => {
      if (error || !client) {
        permits?.release();
        return callback(error ?? new Error('no connection'));
      }
      if (permits) {
        const own = client.release.bind(client);
        let released = false;
        client.release = (failure?: Error | boolean) => {
          if (!released) {
            released = true;
            permits.release();
            if (permits.held === 0 && permits.waiting.length === 0) this.permits.delete(request!.orgId);
          }
          return own(failure);
        };
        release = client.release;
      }
      this.applyTimeout(client as TrackedClient, request ? 'request' : 'default').then(
        () => callback(undefined, client, release),
        (failure: Error) => {
          client.release(failure);
          callback(failure);
        },
      );
    });
  }

  /** Sets the connection's statement_timeout for what it is about to run, when it differs. */
  private async applyTimeout(client: TrackedClient, wanted: 'request' | 'default'): Promise<void> {
    if (this.options.requestStatementTimeoutMs <= 0) return;
    const current = client[TIMEOUT_STATE] ?? 'default';
    if (current === wanted) return;
    await client.query(
      wanted === 'request'
        ? `SET statement_timeout = ${Math.floor(this.options.requestStatementTimeoutMs)}`
        : 'RESET statement_timeout',
    );
    client[TIMEOUT_STATE] = wanted;
  }

  private permitsOf(orgId: string): Permits {
    let permits = this.permits.get(orgId);
    if (!permits) {
      permits = new Permits(this.connectionsPerOrganization);
      this.permits.set(orgId, permits);
    }
    return permits;
  }

  private notifyQueued(): void {
    for (let i = this.queueWatchers.length - 1; i >= 0; i--) {
      const watcher = this.queueWatchers[i];
      if ((this.permits.get(watcher.orgId)?.waiting.length ?? 0) >= watcher.count) {
        this.queueWatchers.splice(i, 1);
        watcher.resolve();
      }
    }
  }
}
