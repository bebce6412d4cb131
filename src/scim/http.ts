import { IncomingMessage, ServerResponse } from 'node:http';
import { logger } from '../observability/logger';
import { DataSource } from 'typeorm';
import { describeErrorForLog } from '../db/error-log';
import { ConnectionStore } from '../directory/connections';
import { InvalidInputError, isId, NotFoundError } from '../directory/errors';
import {
  resourceTypeById,
  resourceTypesList,
  schemaById,
  schemasList,
  serviceProviderConfig,
} from './discovery';
import { BULK_MAX_PAYLOAD, BulkOperation, runBulk } from './bulk';
import { invalidSyntax, invalidValue, notFound, quote, ScimError } from './errors';
import { listRequestOf, projectionOf } from './projection';
import { PushReconciler } from './push';
import { Json } from './resources';
import { SEARCH_REQUEST } from './schema';
import { ScimContext, ScimService } from './service';
import { ScimTokenStore } from './tokens';
import { attributeNames, ScimWriteLog } from './write-log';

export const SCIM_PREFIX = '/scim/v2';
const CONTENT_TYPE = 'application/scim+json';
const MAX_BODY_BYTES = 4 * 1024 * 1024;

export interface ScimHandlerOptions {
  /** Public URL of /scim/v2 (e.g. https://hr.example.com/scim/v2); by default from the request's Host. */
  baseUrl?: string;
}

/**
 * The SCIM 2.0 service provider (RFC 7644) under /scim/v2: discovery documents, /Users,
 * /Groups and /Bulk. A bearer token selects the organization and the connection; every answer, errors
 * included, is application/scim+json.
 */
export class ScimHttpHandler {
  private readonly tokens: ScimTokenStore;
  private readonly service: ScimService;
  private readonly writeLog = new ScimWriteLog();

  constructor(
    private readonly dataSource: DataSource,
    connections: ConnectionStore,
    private readonly options: ScimHandlerOptions = {},
  ) {
    this.tokens = new ScimTokenStore(dataSource);
    const push = new PushReconciler(dataSource, (connectionId) =>
      connections.markSynced(connectionId, { count: null }),
    );
    this.service = new ScimService(dataSource, push);
  }

  static matches(pathname: string): boolean {
    return pathname === SCIM_PREFIX || pathname.startsWith(`${SCIM_PREFIX}/`);
  }

  async handle(request: IncomingMessage, response: ServerResponse, url: URL): Promise<void> {
    try {
      await this.route(request, response, url);
    } catch (error) {
      const scim = toScimError(error);
      // Described, not the error itself: a database error carries its parameters (personal data).
      if (scim.status >= 500 && !(error instanceof ScimError))
        logger.error(
          { requestId: request.headers['x-request-id'], cause: describeErrorForLog(error) },
          'SCIM request failed',
        );
      const headers: Record<string, string> = {};
      if (scim.status === 401) headers['www-authenticate'] = 'Bearer realm="scim"';
      if (scim.status === 503) headers['retry-after'] = '5';
      // The rest of an oversized body is not read: the connection cannot carry another request.
      if (scim.status === 413) headers.connection = 'close';
      send(response, scim.status, scim.body(), headers);
    }
  }

  private base(request: IncomingMessage): string {
    if (this.options.baseUrl) return this.options.baseUrl.replace(/\/+$/, '');
    const header = (name: string) => {
      const value = request.headers[name];
      return (Array.isArray(value) ? value[0] : value)?.split(',')[0].trim() || undefined;
    };
    const proto = header('x-forwarded-proto') ?? 'http';
    const host = header('x-forwarded-host') ?? header('host') ?? 'localhost';
    return `${proto}://${host}${SCIM_PREFIX}`;
  }

  private async route(request: IncomingMessage, response: ServerResponse, url: URL): Promise<void> {
    const method = (request.method ?? 'GET').toUpperCase();
    const segments = url.pathname
      .slice(SCIM_PREFIX.length)
      .split('/')
      .filter(Boolean)
      .map((segment) => decodeURIComponent(segment));
    const base = this.base(request);
    const [resource = '', id, extra] = segments;
    const kind = resource.toLowerCase();

    // Discovery documents carry no tenant data: a token is not required, but a bad one is refused.
    if (kind === 'serviceproviderconfig' || kind === 'schemas' || kind === 'resourcetypes') {
      if (request.headers.authorization !== undefined) await this.authenticate(request);
      allow(method, ['GET']);
      let document: Json | null;
      if (kind === 'serviceproviderconfig') document = id === undefined ? serviceProviderConfig(base) : null;
      else if (kind === 'schemas') document = id === undefined ? schemasList(base) : schemaById(base, id);
      else document = id === undefined ? resourceTypesList(base) : resourceTypeById(base, id);
      if (!document || extra !== undefined) throw notFound(`no ${resource} ${quote(id ?? '')}`);
      return send(response, 200, document);
    }

    const caller = await this.authenticate(request);
    if (kind === 'me') throw new ScimError(501, null, `/${resource} is not supported`);
    const ifMatch = request.headers['if-match'];
    const ctx: ScimContext = {
      orgId: caller.orgId,
      connection: caller.connection,
      base,
      ifMatch: typeof ifMatch === 'string' && ifMatch.trim() !== '' ? ifMatch : null,
      writer: { tokenId: caller.tokenId, tokenPrefix: caller.prefix, method, attributes: [], bulkId: null },
    };
    if (kind === 'bulk') {
      if (id !== undefined) throw notFound(`no endpoint ${quote(url.pathname)}`);
      allow(method, ['POST']);
      const body = await readObject(request, BULK_MAX_PAYLOAD);
      const result = await runBulk(body, (operation) => this.bulkOperation(ctx, operation));
      return send(response, 200, result);
    }
    if (kind !== 'users' && kind !== 'groups') throw notFound(`no endpoint ${quote(url.pathname)}`);
    if (extra !== undefined) throw notFound(`no endpoint ${quote(url.pathname)}`);
    const users = kind === 'users';
    const query = Object.fromEntries(url.searchParams);

    if (id === undefined) {
      allow(method, ['GET', 'POST']);
      if (method === 'GET') {
        const list = listRequestOf(query);
        return send(
          response,
          200,
          users ? await this.service.listUsers(ctx, list) : await this.service.listGroups(ctx, list),
        );
      }
      return sendOutcome(
        response,
        await this.write(ctx, 'POST', users, undefined, await readObject(request)),
      );
    }
    if (id === '.search') {
      allow(method, ['POST']);
      const body = await readObject(request);
      const schemas = body.schemas;
      if (!Array.isArray(schemas) || !schemas.includes(SEARCH_REQUEST))
        throw invalidSyntax(`schemas must contain "${SEARCH_REQUEST}"`);
      const list = listRequestOf(body);
      return send(
        response,
        200,
        users ? await this.service.listUsers(ctx, list) : await this.service.listGroups(ctx, list),
      );
    }

    allow(method, ['GET', 'PUT', 'PATCH', 'DELETE']);
    switch (method) {
      case 'GET': {
        const projection = projectionOf(query);
        const found = users
          ? await this.service.getUser(ctx, id, projection)
          : await this.service.getGroup(ctx, id, projection);
        const ifNoneMatch = request.headers['if-none-match'];
        if (
          typeof ifNoneMatch === 'string' &&
          ifNoneMatch.split(',').some((tag) => tag.trim() === found.etag)
        ) {
          response.writeHead(304, { etag: found.etag });
          response.end();
          return;
        }
        return send(response, 200, found.resource, { etag: found.etag });
      }
      case 'PUT':
      case 'PATCH':
        return sendOutcome(response, await this.write(ctx, method, users, id, await readObject(request)));
      default:
        return sendOutcome(response, await this.write(ctx, 'DELETE', users, id, undefined));
    }
  }

  /** One write (POST, PUT, PATCH, DELETE), as a request or a bulk operation; a refused one is logged. */
  private async write(
    ctx: ScimContext,
    method: BulkOperation['method'],
    users: boolean,
    id: string | undefined,
    body: Json | undefined,
  ): Promise<Outcome> {
    const scoped: ScimContext = {
      ...ctx,
      writer: { ...ctx.writer, method, attributes: attributeNames(method, body) },
    };
    const type = users ? 'Users' : 'Groups';
    try {
      if (id === undefined) {
        const written = users
          ? await this.service.createUser(scoped, body!)
          : await this.service.createGroup(scoped, body!);
        const location = `${ctx.base}/${type}/${String(written.resource.id)}`;
        return { status: 201, resource: written.resource, etag: written.etag, location };
      }
      const location = `${ctx.base}/${type}/${id}`;
      switch (method) {
        case 'PUT': {
          const written = users
            ? await this.service.replaceUser(scoped, id, body!)
            : await this.service.replaceGroup(scoped, id, body!);
          return { status: 200, resource: written.resource, etag: written.etag, location };
        }
        case 'PATCH': {
          if (users) {
            const written = await this.service.patchUser(scoped, id, body);
            return { status: 200, resource: written.resource, etag: written.etag, location };
          }
          // Groups: 204, as Entra ID asks (a group's full member list is not worth sending back).
          const written = await this.service.patchGroup(scoped, id, body);
          return { status: 204, resource: null, etag: written.etag, location };
        }
        case 'DELETE':
          if (users) await this.service.deleteUser(scoped, id);
          else await this.service.deleteGroup(scoped, id);
          return { status: 204, resource: null };
        default:
          throw new ScimError(405, null, `${method} is not allowed here; use PUT, PATCH, DELETE`);
      }
    } catch (error) {
      const refused = toScimError(error);
      try {
        await this.writeLog.record(
          this.dataSource.manager,
          { orgId: ctx.orgId, connectionId: ctx.connection.id },
          scoped.writer,
          {
            operation: id === undefined ? 'create' : method === 'DELETE' ? 'delete' : 'update',
            resourceType: users ? 'User' : 'Group',
            resourceId: id !== undefined && isId(id) ? id.toLowerCase() : null,
            status: refused.status,
            scimType: refused.scimType,
          },
        );
      } catch (logError) {
        logger.error({ cause: describeErrorForLog(logError) }, 'SCIM write log failed');
      }
      throw error;
    }
  }

  /** A /Bulk operation: its path parsed as a request's would be, then the same write. */
  private async bulkOperation(ctx: ScimContext, operation: BulkOperation): Promise<Outcome> {
    const [resource = '', id, extra] = operation.path
      .split('/')
      .filter(Boolean)
      .map((segment) => decodeURIComponent(segment));
    const kind = resource.toLowerCase();
    if ((kind !== 'users' && kind !== 'groups') || extra !== undefined)
      throw notFound(`no endpoint ${quote(operation.path)}`);
    if ((operation.method === 'POST') !== (id === undefined))
      throw new ScimError(405, null, `${operation.method} ${quote(operation.path)} is not allowed`);
    const bulk: ScimContext = {
      ...ctx,
      ifMatch: operation.version,
      writer: { ...ctx.writer, bulkId: operation.bulkId },
    };
    return this.write(bulk, operation.method, kind === 'users', id, operation.data);
  }

  private async authenticate(request: IncomingMessage) {
    const header = request.headers.authorization;
    const match = typeof header === 'string' ? /^Bearer\s+(\S+)\s*$/i.exec(header) : null;
    if (!match)
      throw new ScimError(401, null, 'send the connection\'s SCIM token as "Authorization: Bearer <token>"');
    const caller = await this.tokens.authenticate(match[1]);
    if (!caller) throw new ScimError(401, null, 'the bearer token is not valid (unknown or revoked)');
    return caller;
  }
}

function allow(method: string, methods: string[]): void {
  if (!methods.includes(method))
    throw new ScimError(405, null, `${method} is not allowed here; use ${methods.join(', ')}`);
}

/** What a write answers: a status, the resource (none for 204) and its headers. */
interface Outcome {
  status: number;
  resource: Json | null;
  etag?: string;
  location?: string;
}

function sendOutcome(response: ServerResponse, outcome: Outcome): void {
  const headers: Record<string, string> = {};
  if (outcome.etag) headers.etag = outcome.etag;
  if (outcome.status === 201 && outcome.location) headers.location = outcome.location;
  if (outcome.resource === null) {
    response.writeHead(outcome.status, headers);
    response.end();
    return;
  }
  send(response, outcome.status, outcome.resource, headers);
}

function send(
  response: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  const text = JSON.stringify(body);
  response.writeHead(status, {
    'content-type': CONTENT_TYPE,
    'content-length': String(Buffer.byteLength(text)),
    ...headers,
  });
  response.end(text);
}

async function readObject(request: IncomingMessage, maxBytes = MAX_BODY_BYTES): Promise<Json> {
  if (Number(request.headers['content-length'] ?? 0) > maxBytes)
    throw new ScimError(413, null, `the request body is larger than ${maxBytes} bytes`);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > maxBytes) throw new ScimError(413, null, `the request body is larger than ${maxBytes} bytes`);
    chunks.push(chunk as Buffer);
  }
  const text = Buffer.concat(chunks).toString('utf8');
  if (text.trim() === '') throw invalidSyntax('the request needs a JSON body');
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw invalidSyntax('the request body is not valid JSON');
  }
  if (!body || typeof body !== 'object' || Array.isArray(body))
    throw invalidSyntax('the request body must be a JSON object');
  return body as Json;
}

function toScimError(error: unknown): ScimError {
  if (error instanceof ScimError) return error;
  if (error instanceof InvalidInputError) return invalidValue(error.message);
  if (error instanceof NotFoundError) return notFound(error.message);
  if (error instanceof URIError) return notFound('the path is not valid');
  return new ScimError(500, null, 'internal error');
}
