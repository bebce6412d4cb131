import { ApolloServer, HeaderMap, HTTPGraphQLRequest } from '@apollo/server';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import {
  ApolloServerPluginCacheControlDisabled,
  ApolloServerPluginInlineTraceDisabled,
  ApolloServerPluginLandingPageDisabled,
} from '@apollo/server/plugin/disabled';
import { GraphQLError } from 'graphql';
import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';
import { DataSource } from 'typeorm';
import { AuthenticationError, TokenVerifier } from '../auth/token-verifier';
import { AppConfig } from '../config';
import { CursorCodec, Directory } from '../directory';
import { RequestContext, createRequestContext } from '../resolvers/context';
import { buildDirectorySchema } from '../resolvers/schema';
import { useServer } from 'graphql-ws/use/ws';
import { WebSocketServer } from 'ws';
import { SyncServices } from '../resolvers/context';
import { ScimHttpHandler } from '../scim/http';
import { describeErrorForLog } from '../db/error-log';
import { OrganizationPoolShare } from '../db/pool-share';
import { Principal } from '../auth/principal';
import { CompiledExecutor } from './compiled-executor';
import { formatError } from './errors';
import { withoutSuggestions } from './exposure';
import { authenticationPlugin, boundedStringify, limitsPlugin } from './limits';
import { onTokenExpiry, TOKEN_EXPIRED_CLOSE_CODE, TOKEN_EXPIRED_CLOSE_REASON } from './token-expiry';
import { logger } from '../observability/logger';
import { metrics, watchDataSourcePool } from '../observability/metrics';
import { assignRequestId, observabilityPlugin } from './observability';
import { createPages } from './pages';

const MAX_BODY_BYTES = 4 * 1024 * 1024;

export interface DirectoryServer {
  httpServer: Server;
  apollo: ApolloServer<RequestContext>;
  /** Each organization's share of the database pool (requests run inside it). */
  poolShare: OrganizationPoolShare;
  /** The directory's read side the requests use (its in-memory indexes, for tests and the benchmark). */
  directory: Directory;
  /** Starts listening; resolves with the URL of the GraphQL endpoint. */
  listen(port: number, host?: string): Promise<string>;
  stop(): Promise<void>;
}

class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/**
 * The API process: Apollo Server on a plain Node HTTP server, graphql-ws subscriptions on the same
 * port and path, and health endpoints. Without sync services it serves the read graph only.
 */
export async function createDirectoryServer(
  config: AppConfig,
  dataSource: DataSource,
  options: { sync?: SyncServices } = {},
): Promise<DirectoryServer> {
  const schema = await buildDirectorySchema();
  const directory = new Directory(dataSource, { attributeFilterIndex: config.attributeFilterIndex });
  const cursors = new CursorCodec(config.cursorSecret);
  const verifier = new TokenVerifier(config.auth);
  const poolShare = new OrganizationPoolShare(dataSource, {
    percentPerOrganization: config.limits.poolPercentPerOrganization,
    requestStatementTimeoutMs: config.limits.requestStatementTimeoutMs,
  });
  // SCIM provisioning writes through the sync engine: served where sync is (not on a read-only API).
  const scim = options.sync ? new ScimHttpHandler(dataSource, options.sync.connections) : null;
  const httpServer = createServer();
  const webSockets = new WebSocketServer({ server: httpServer, path: '/graphql' });
  const subscriptions = useServer<
    Record<string, unknown>,
    { context?: RequestContext; cancelExpiry?: () => void }
  >(
    {
      schema,
      // The token comes in the connection_init payload ({ "authorization": "Bearer …" }).
      onConnect: async (ctx) => {
        const header = ctx.connectionParams?.authorization ?? ctx.connectionParams?.Authorization;
        try {
          const principal = await verifier.verifyHeader(typeof header === 'string' ? header : undefined);
          if (!principal) return false;
          ctx.extra.context = createRequestContext({ directory, cursors, sync: options.sync }, principal);
          // A subscription lives no longer than the token it was opened with.
          ctx.extra.cancelExpiry = onTokenExpiry(principal.expiresAt, () =>
            ctx.extra.socket.close(TOKEN_EXPIRED_CLOSE_CODE, TOKEN_EXPIRED_CLOSE_REASON),
          );
          return true;
        } catch {
          return false;
        }
      },
      context: (ctx) => ctx.extra.context!,
      onClose: (ctx) => ctx.extra.cancelExpiry?.(),
    },
    webSockets,
  );

  const apollo = new ApolloServer<RequestContext>({
    gateway: new CompiledExecutor(schema),
    // Compact JSON: Apollo pretty-prints by default, which doubles a 10k-node org chart's bytes.
    stringifyResult: boundedStringify(config.limits.maxResponseBytes),
    formatError: config.graphql.suggestions ? formatError : withoutSuggestions(formatError),
    hideSchemaDetailsFromClientErrors: !config.graphql.suggestions,
    includeStacktraceInErrorResponses: false,
    introspection: config.graphql.introspection,
    plugins: [
      ApolloServerPluginDrainHttpServer({ httpServer }),
      {
        async serverWillStart() {
          return {
            async drainServer() {
              await subscriptions.dispose();
            },
          };
        },
      },
      // Traces are for Apollo's hosted reporting, which this deployment does not use; they cost time per field.
      ApolloServerPluginInlineTraceDisabled(),
      // Cache hints are for a CDN in front of the graph, which a directory does not have; the plugin
      // hooks every field resolution.
      ApolloServerPluginCacheControlDisabled(),
      authenticationPlugin(),
      limitsPlugin(schema, config.limits),
      observabilityPlugin(),
      // GET /graphql in a browser is our own GraphiQL (src/server/pages), not Apollo's CDN page.
      ApolloServerPluginLandingPageDisabled(),
    ],
  });
  await apollo.start();
  const unwatchPool = watchDataSourcePool(metrics, dataSource);
  const pages = createPages();

  /** The caller, or the error to answer with: verified before Apollo runs, so that the request runs in its organization's share. */
  const authenticate = async (
    authorization: string | undefined,
  ): Promise<Principal | null | GraphQLError> => {
    try {
      return await verifier.verifyHeader(authorization);
    } catch (error) {
      if (error instanceof AuthenticationError) {
        return new GraphQLError(error.message, {
          extensions: { code: 'UNAUTHENTICATED', http: { status: 401 } },
        });
      }
      throw error;
    }
  };
  const buildContext = async (caller: Principal | null | GraphQLError): Promise<RequestContext> => {
    if (caller instanceof GraphQLError) throw caller;
    return createRequestContext({ directory, cursors, sync: options.sync }, caller);
  };

  httpServer.on('request', (request: IncomingMessage, response: ServerResponse) => {
    const requestId = assignRequestId(request, response);
    handle(request, response).catch((error: unknown) => {
      const status = error instanceof HttpError ? error.status : 500;
      if (status === 500) logger.error({ requestId, cause: describeErrorForLog(error) }, 'request failed');
      if (!response.headersSent) {
        response.writeHead(status, { 'content-type': 'application/json' });
        response.end(
          JSON.stringify({
            errors: [{ message: status === 500 ? 'Internal server error' : (error as Error).message }],
          }),
        );
      } else response.end();
    });
  });

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', 'http://localhost');
    if (url.pathname === '/healthz') return sendJson(response, 200, { status: 'ok' });
    if (url.pathname === '/readyz') {
      if (!(await databaseAnswers(dataSource)))
        return sendJson(response, 503, {
          status: 'not ready',
          reason: 'the database (PostgreSQL) is unreachable',
        });
      if (options.sync?.queueReachable && !(await options.sync.queueReachable()))
        return sendJson(response, 503, {
          status: 'not ready',
          reason: 'the job queue (Redis) is unreachable',
        });
      return sendJson(response, 200, { status: 'ready' });
    }
    if (url.pathname === '/metrics') return sendMetrics(response);
    if (pages.handle(request, response, url)) return;
    if (scim && ScimHttpHandler.matches(url.pathname)) {
      response.once('finish', () =>
        metrics.scimRequests.inc({ method: request.method ?? 'GET', status: String(response.statusCode) }),
      );
      return scim.handle(request, response, url);
    }
    if (url.pathname !== '/graphql' && url.pathname !== '/')
      return sendJson(response, 404, { error: 'not found' });

    const headers = new HeaderMap();
    for (const [name, value] of Object.entries(request.headers)) {
      if (value !== undefined) headers.set(name, Array.isArray(value) ? value.join(', ') : value);
    }
    const httpGraphQLRequest: HTTPGraphQLRequest = {
      method: (request.method ?? 'GET').toUpperCase(),
      headers,
      search: url.search,
      body: request.method === 'POST' ? await readJsonBody(request) : undefined,
    };
    const caller = await authenticate(request.headers.authorization);
    const result = await poolShare.run(caller instanceof GraphQLError ? null : (caller?.orgId ?? null), () =>
      apollo.executeHTTPGraphQLRequest({ httpGraphQLRequest, context: () => buildContext(caller) }),
    );
    for (const [name, value] of result.headers) response.setHeader(name, value);
    response.statusCode = result.status ?? 200;
    if (result.body.kind === 'complete') {
      response.end(result.body.string);
      return;
    }
    for await (const chunk of result.body.asyncIterator) response.write(chunk);
    response.end();
  }

  return {
    httpServer,
    apollo,
    poolShare,
    directory,
    listen(port, host = config.host) {
      return new Promise((resolve, reject) => {
        httpServer.once('error', reject);
        httpServer.listen(port, host, () => {
          const address = httpServer.address() as AddressInfo;
          resolve(`http://${host}:${address.port}/graphql`);
        });
      });
    },
    async stop() {
      unwatchPool();
      await apollo.stop();
      if (httpServer.listening) await new Promise<void>((resolve) => httpServer.close(() => resolve()));
    },
  };
}

/** Prometheus' text format; see the README's Metrics section. */
async function sendMetrics(response: ServerResponse): Promise<void> {
  const body = await metrics.registry.metrics();
  response.writeHead(200, { 'content-type': metrics.registry.contentType });
  response.end(body);
}

function sendJson(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { 'content-type': 'application/json' });
  response.end(JSON.stringify(body));
}

async function readJsonBody(request: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES)
      throw new HttpError(413, `request body is larger than ${MAX_BODY_BYTES} bytes`);
    chunks.push(chunk as Buffer);
  }
  const text = Buffer.concat(chunks).toString('utf8');
  if (text.length === 0) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    throw new HttpError(400, 'request body is not valid JSON');
  }
}

/** How long /readyz waits for PostgreSQL's `SELECT 1` (a pool with no free connection counts as not ready). */
const READINESS_DATABASE_MS = 2_000;

/** Whether PostgreSQL answers a trivial query soon; never throws. */
async function databaseAnswers(dataSource: DataSource): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), READINESS_DATABASE_MS);
  });
  try {
    return await Promise.race([
      dataSource.query('SELECT 1').then(
        () => true,
        (error: unknown) => {
          logger.warn({ cause: describeErrorForLog(error) }, 'readiness: the database did not answer');
          return false;
        },
      ),
      late,
    ]);
  } finally {
    clearTimeout(timer);
  }
}
