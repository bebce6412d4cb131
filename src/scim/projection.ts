import { invalidValue, quote } from './errors';
import { parseScimFilter } from './filter';
import { Json } from './resources';
import { ResolvedAttribute, ResourceTypeDef, resolveAttribute, splitUrn } from './schema';
import { ListQuery } from './store';

export const DEFAULT_COUNT = 100;
export const MAX_COUNT = 1000;

/** `attributes` / `excludedAttributes` (RFC 7644 §3.9). */
export interface Projection {
  attributes: string[] | null;
  excluded: string[];
}

export interface ListRequest extends ListQuery {
  projection: Projection;
}

const list = (value: unknown, name: string): string[] | null => {
  if (value === undefined || value === null || value === '') return null;
  if (Array.isArray(value)) return value.map((item) => String(item).trim()).filter(Boolean);
  if (typeof value !== 'string') throw invalidValue(`${name} must be a comma-separated list`);
  return value
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean);
};

export function projectionOf(params: { attributes?: unknown; excludedAttributes?: unknown }): Projection {
  return {
    attributes: list(params.attributes, 'attributes'),
    excluded: list(params.excludedAttributes, 'excludedAttributes') ?? [],
  };
}

function integer(value: unknown, name: string): number | null {
  if (value === undefined || value === null || value === '') return null;
  const number = typeof value === 'number' ? value : Number(String(value).trim());
  if (!Number.isInteger(number))
    throw invalidValue(`${name} must be an integer, got ${quote(String(value))}`);
  return number;
}

/**
 * Query parameters of a list or .search request. count is capped at 1000 (RFC 7644 §3.4.2.4: the
 * service provider returns at most its maximum; itemsPerPage says how many came): paging bounds
 * every answer, so no filter is refused as too broad.
 */
export function listRequestOf(params: Record<string, unknown>): ListRequest {
  const filterText = params.filter;
  if (filterText !== undefined && filterText !== null && typeof filterText !== 'string')
    throw invalidValue('filter must be a string');
  const startIndex = Math.max(1, integer(params.startIndex, 'startIndex') ?? 1);
  const count = Math.min(MAX_COUNT, Math.max(0, integer(params.count, 'count') ?? DEFAULT_COUNT));
  const sortBy =
    typeof params.sortBy === 'string' && params.sortBy.trim() !== '' ? params.sortBy.trim() : null;
  const sortOrder =
    typeof params.sortOrder === 'string' ? params.sortOrder.trim().toLowerCase() : 'ascending';
  if (sortOrder !== 'ascending' && sortOrder !== 'descending')
    throw invalidValue('sortOrder must be "ascending" or "descending"');
  return {
    filter:
      typeof filterText === 'string' && filterText.trim() !== '' ? parseScimFilter(filterText.trim()) : null,
    sortBy,
    descending: sortOrder === 'descending',
    startIndex,
    count,
    projection: projectionOf(params),
  };
}

/** Whether a resource's attribute (by top-level name) would be in the answer: to skip loading it. */
export function wants(type: ResourceTypeDef, projection: Projection, name: string): boolean {
  const named = (paths: string[]) =>
    paths.some((path) => resolveAttribute(type, path)?.attribute.name.toLowerCase() === name.toLowerCase());
  if (projection.attributes) return named(projection.attributes);
  return !projection.excluded.some((path) => {
    const resolved = resolveAttribute(type, path);
    return resolved?.attribute.name.toLowerCase() === name.toLowerCase() && !resolved.sub;
  });
}

/** Applies attributes/excludedAttributes to a full resource; id and schemas are always returned. */
export function project(type: ResourceTypeDef, resource: Json, projection: Projection): Json {
  if (!projection.attributes && projection.excluded.length === 0) return resource;
  let result: Json;
  if (projection.attributes) {
    result = { schemas: resource.schemas, id: resource.id };
    for (const path of projection.attributes) copyPath(type, resource, result, path);
  } else {
    result = structuredClone(resource);
  }
  for (const path of projection.excluded) removePath(type, result, path);
  return result;
}

type Located = { kind: 'extension'; schema: string } | { kind: 'attribute'; resolved: ResolvedAttribute };

function locate(type: ResourceTypeDef, path: string): Located | null {
  const urn = splitUrn(type, path);
  if (urn && urn.rest === '' && urn.schema !== type.core) return { kind: 'extension', schema: urn.schema.id };
  const resolved = resolveAttribute(type, path);
  return resolved ? { kind: 'attribute', resolved } : null;
}

function copyPath(type: ResourceTypeDef, from: Json, to: Json, path: string): void {
  const found = locate(type, path);
  if (!found) return;
  if (found.kind === 'extension') {
    if (from[found.schema] !== undefined) to[found.schema] = structuredClone(from[found.schema]);
    return;
  }
  const { resolved } = found;
  const source = resolved.extension ? (from[resolved.schema] as Json | undefined) : from;
  if (!source || source[resolved.attribute.name] === undefined) return;
  const target = resolved.extension
    ? ((to[resolved.schema] as Json | undefined) ?? (to[resolved.schema] = {}))
    : to;
  const value = source[resolved.attribute.name];
  if (!resolved.sub) {
    target[resolved.attribute.name] = structuredClone(value);
    return;
  }
  const subName = resolved.sub.name;
  if (Array.isArray(value)) {
    const existing = (target[resolved.attribute.name] as Json[] | undefined) ?? value.map((): Json => ({}));
    value.forEach((item, index) => {
      const element = item as Json;
      if (element[subName] !== undefined) existing[index][subName] = element[subName];
    });
    target[resolved.attribute.name] = existing;
  } else if (value && typeof value === 'object') {
    const element = value as Json;
    if (element[subName] === undefined) return;
    const existing = (target[resolved.attribute.name] as Json | undefined) ?? {};
    existing[subName] = element[subName];
    target[resolved.attribute.name] = existing;
  }
}

function removePath(type: ResourceTypeDef, resource: Json, path: string): void {
  const found = locate(type, path);
  if (!found) return;
  if (found.kind === 'extension') {
    delete resource[found.schema];
    return;
  }
  const { resolved } = found;
  if (resolved.attribute.returned === 'always') return;
  const holder = resolved.extension ? (resource[resolved.schema] as Json | undefined) : resource;
  if (!holder) return;
  if (!resolved.sub) {
    delete holder[resolved.attribute.name];
    return;
  }
  const value = holder[resolved.attribute.name];
  const subName = resolved.sub.name;
  if (Array.isArray(value)) for (const item of value) delete (item as Json)[subName];
  else if (value && typeof value === 'object') delete (value as Json)[subName];
}
