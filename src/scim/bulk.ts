import { invalidSyntax, invalidValue, quote, ScimError } from './errors';
import { Json } from './resources';

export const BULK_REQUEST = 'urn:ietf:params:scim:api:messages:2.0:BulkRequest';
export const BULK_RESPONSE = 'urn:ietf:params:scim:api:messages:2.0:BulkResponse';
/** Operations in one /Bulk request (advertised in /ServiceProviderConfig). */
export const BULK_MAX_OPERATIONS = 1000;
/** Bytes of one /Bulk request body (advertised in /ServiceProviderConfig). */
export const BULK_MAX_PAYLOAD = 1024 * 1024;

/** One operation of a bulk request, its bulkId references resolved. */
export interface BulkOperation {
  method: 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** Path below /scim/v2, e.g. /Users or /Groups/<id>. */
  path: string;
  bulkId: string | null;
  data: Json | undefined;
  /** The operation's `version`: an If-Match for it. */
  version: string | null;
}

/** What one operation did: as a single request would answer it. */
export interface BulkOutcome {
  status: number;
  location?: string;
  etag?: string;
}

const METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
const REFERENCE = /^bulkId:(.+)$/;

interface Parsed {
  index: number;
  method: BulkOperation['method'];
  path: string;
  bulkId: string | null;
  data: unknown;
  version: string | null;
  /** bulkIds this operation refers to (in its path or anywhere in its data). */
  needs: Set<string>;
}

/**
 * RFC 7644 §3.7: runs the operations of a BulkRequest one by one, each as its own request would
 * run (own transaction, own log row). An operation that refers to another's bulkId ("bulkId:u1",
 * in its path or as any value in its data) runs after it, whatever their order in the request,
 * with the reference replaced by the created resource's id; a reference to an operation that
 * failed, is missing or is part of a cycle answers 409 invalidValue. After `failOnErrors` errors
 * the rest is not run. The response lists the operations that ran, in the order of the request.
 */
export async function runBulk(
  body: Json,
  execute: (operation: BulkOperation) => Promise<BulkOutcome>,
): Promise<Json> {
  const schemas = body.schemas;
  if (!Array.isArray(schemas) || !schemas.includes(BULK_REQUEST))
    throw invalidSyntax(`schemas must contain "${BULK_REQUEST}"`);
  const list = body.Operations;
  if (!Array.isArray(list)) throw invalidSyntax('Operations must be an array');
  if (list.length > BULK_MAX_OPERATIONS)
    throw new ScimError(413, 'tooMany', `a bulk request takes at most ${BULK_MAX_OPERATIONS} operations`);
  const failOnErrors = body.failOnErrors;
  if (failOnErrors !== undefined && (!Number.isInteger(failOnErrors) || (failOnErrors as number) < 1))
    throw invalidSyntax('failOnErrors must be a positive integer');

  const results = new Map<number, Json>();
  const parsed: Parsed[] = [];
  const owners = new Map<string, number>();
  list.forEach((item: unknown, index) => {
    const operation = parseOperation(item, index);
    if (operation instanceof ScimError) {
      results.set(index, errorResult(item, operation));
      return;
    }
    if (operation.bulkId !== null) {
      if (owners.has(operation.bulkId)) {
        results.set(
          index,
          errorResult(item, invalidValue(`bulkId ${quote(operation.bulkId)} is used twice`)),
        );
        return;
      }
      owners.set(operation.bulkId, index);
    }
    parsed.push(operation);
  });

  const created = new Map<string, string>();
  const failed = new Set<string>();
  let errors = results.size;
  const limit = typeof failOnErrors === 'number' ? failOnErrors : Infinity;
  const pending = [...parsed];
  while (pending.length > 0 && errors < limit) {
    // The first operation (in request order) whose references are all settled; none: a cycle.
    let next = pending.findIndex((operation) =>
      [...operation.needs].every((id) => created.has(id) || failed.has(id) || !owners.has(id)),
    );
    const cyclic = next === -1;
    if (cyclic) next = 0;
    const [operation] = pending.splice(next, 1);
    const unresolved = [...operation.needs].find((id) => !created.has(id));
    let result: Json;
    if (unresolved !== undefined) {
      const why = cyclic
        ? 'is part of a cycle of references'
        : owners.has(unresolved)
          ? 'failed'
          : 'is not in this request';
      result = errorResult(
        operation,
        new ScimError(409, 'invalidValue', `bulkId ${quote(unresolved)} ${why}`),
      );
    } else {
      try {
        const outcome = await execute({
          method: operation.method,
          path: resolve(operation.path, created) as string,
          bulkId: operation.bulkId,
          data: resolve(operation.data, created) as Json | undefined,
          version: operation.version,
        });
        result = {
          method: operation.method,
          ...(operation.bulkId !== null ? { bulkId: operation.bulkId } : {}),
          ...(outcome.location ? { location: outcome.location } : {}),
          ...(outcome.etag ? { version: outcome.etag } : {}),
          status: String(outcome.status),
        };
        if (operation.bulkId !== null && outcome.location)
          created.set(operation.bulkId, outcome.location.slice(outcome.location.lastIndexOf('/') + 1));
      } catch (error) {
        if (!(error instanceof ScimError) || error.status >= 500) throw error;
        result = errorResult(operation, error);
      }
    }
    if (Number(result.status) >= 400) {
      errors += 1;
      if (operation.bulkId !== null) failed.add(operation.bulkId);
    }
    results.set(operation.index, result);
  }
  return {
    schemas: [BULK_RESPONSE],
    Operations: [...results.entries()].sort(([a], [b]) => a - b).map(([, result]) => result),
  };
}

function parseOperation(item: unknown, index: number): Parsed | ScimError {
  if (!item || typeof item !== 'object' || Array.isArray(item))
    return invalidSyntax(`Operations[${index}] must be an object`);
  const { method, path, bulkId, data, version } = item as Json;
  const verb = typeof method === 'string' ? method.toUpperCase() : '';
  if (!METHODS.has(verb))
    return invalidSyntax(`Operations[${index}].method must be POST, PUT, PATCH or DELETE`);
  if (typeof path !== 'string' || !path.startsWith('/'))
    return invalidSyntax(`Operations[${index}].path must be a path such as /Users`);
  if (bulkId !== undefined && (typeof bulkId !== 'string' || bulkId === ''))
    return invalidSyntax(`Operations[${index}].bulkId must be a non-empty string`);
  if (version !== undefined && typeof version !== 'string')
    return invalidSyntax(`Operations[${index}].version must be an entity tag`);
  if (verb === 'POST' && bulkId === undefined)
    return invalidSyntax(`Operations[${index}]: a POST needs a bulkId`);
  if (verb !== 'DELETE' && (!data || typeof data !== 'object' || Array.isArray(data)))
    return invalidSyntax(`Operations[${index}].data must be an object`);
  const needs = new Set<string>();
  collectReferences(path.split('/'), needs);
  collectReferences(data, needs);
  return {
    index,
    method: verb as BulkOperation['method'],
    path,
    bulkId: typeof bulkId === 'string' ? bulkId : null,
    data,
    version: typeof version === 'string' ? version : null,
    needs,
  };
}

function collectReferences(value: unknown, into: Set<string>): void {
  if (typeof value === 'string') {
    const match = REFERENCE.exec(value);
    if (match) into.add(match[1]);
  } else if (Array.isArray(value)) for (const item of value) collectReferences(item, into);
  else if (value && typeof value === 'object')
    for (const item of Object.values(value)) collectReferences(item, into);
}

function resolve(value: unknown, created: Map<string, string>): unknown {
  if (typeof value === 'string') {
    if (value.startsWith('/'))
      return value
        .split('/')
        .map((segment) => resolve(segment, created))
        .join('/');
    const match = REFERENCE.exec(value);
    return match ? (created.get(match[1]) ?? value) : value;
  }
  if (Array.isArray(value)) return value.map((item) => resolve(item, created));
  if (value && typeof value === 'object')
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, resolve(item, created)]));
  return value;
}

function errorResult(item: unknown, error: ScimError): Json {
  const { method, bulkId } = (item && typeof item === 'object' ? item : {}) as Json;
  return {
    ...(typeof method === 'string' ? { method: method.toUpperCase() } : {}),
    ...(typeof bulkId === 'string' ? { bulkId } : {}),
    status: String(error.status),
    response: error.body(),
  };
}
