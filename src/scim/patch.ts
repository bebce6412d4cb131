import {
  invalidFilter,
  invalidPath,
  invalidSyntax,
  invalidValue,
  mutability,
  noTarget,
  quote,
  ScimError,
} from './errors';
import { equalityConjunction, equalityValues, Filter, parseScimFilter } from './filter';
import { coerce, extensionOf, Json, memberValues, mutabilityError, unknownAttribute } from './resources';
import {
  AttributeDef,
  PATCH_OP,
  ResolvedAttribute,
  ResourceTypeDef,
  resolveAttribute,
  splitUrn,
} from './schema';

export type PatchOpName = 'add' | 'replace' | 'remove';

export interface PatchOperation {
  op: PatchOpName;
  path: string | null;
  value: unknown;
  hasValue: boolean;
}

/**
 * Reads a PatchOp request (RFC 7644 §3.5.2), accepting what real clients send: "Add"/"Replace"/
 * "Remove" (Entra ID), a missing "value" on remove, paths with surrounding spaces.
 */
export function parsePatchRequest(body: unknown): PatchOperation[] {
  if (!body || typeof body !== 'object' || Array.isArray(body))
    throw invalidSyntax('the body must be a PatchOp object');
  const request = body as Json;
  const schemas = request.schemas;
  if (
    !Array.isArray(schemas) ||
    !schemas.some((schema) => typeof schema === 'string' && schema.toLowerCase() === PATCH_OP.toLowerCase())
  )
    throw invalidSyntax(`schemas must contain "${PATCH_OP}"`);
  const operations = request.Operations ?? request.operations;
  if (!Array.isArray(operations) || operations.length === 0)
    throw invalidSyntax('Operations must be a non-empty array');
  if (operations.length > 1000) throw invalidSyntax('at most 1000 operations per request');
  return operations.map((raw, index) => {
    if (!raw || typeof raw !== 'object' || Array.isArray(raw))
      throw invalidSyntax(`operation ${index + 1} is not an object`);
    const operation = raw as Json;
    const op = typeof operation.op === 'string' ? operation.op.trim().toLowerCase() : '';
    if (op !== 'add' && op !== 'replace' && op !== 'remove')
      throw invalidSyntax(`operation ${index + 1}: op must be add, replace or remove`);
    if (operation.path !== undefined && operation.path !== null && typeof operation.path !== 'string')
      throw invalidPath(`operation ${index + 1}: path must be a string`);
    const path =
      typeof operation.path === 'string' && operation.path.trim() !== '' ? operation.path.trim() : null;
    const hasValue = 'value' in operation && operation.value !== undefined;
    if (op !== 'remove' && !hasValue) throw invalidSyntax(`operation ${index + 1}: ${op} needs a value`);
    if (op === 'remove' && path === null) throw noTarget(`operation ${index + 1}: remove needs a path`);
    return { op, path, value: operation.value, hasValue };
  });
}

/** A PATCH path: attrPath, or attrPath[valueFilter] with an optional sub-attribute. */
export interface ParsedPath {
  text: string;
  resolved: ResolvedAttribute;
  filter: Filter | null;
  /** The sub-attribute after a value filter ("emails[type eq "work"].value"). */
  filterSub: AttributeDef | null;
}

export function parsePath(type: ResourceTypeDef, text: string): ParsedPath {
  const open = text.indexOf('[');
  if (open < 0) {
    const resolved = resolveAttribute(type, text);
    if (!resolved) throw unknownAttribute(text);
    return { text, resolved, filter: null, filterSub: null };
  }
  const close = closingBracket(text, open);
  const attrPath = text.slice(0, open).trim();
  const filterText = text.slice(open + 1, close);
  const rest = text.slice(close + 1);
  const resolved = resolveAttribute(type, attrPath);
  if (!resolved) throw unknownAttribute(attrPath);
  if (!resolved.attribute.multiValued || resolved.sub)
    throw invalidPath(`${quote(text)}: a value filter needs a multi-valued attribute`);
  let filter: Filter;
  try {
    filter = parseScimFilter(filterText);
  } catch (error) {
    throw error instanceof ScimError ? invalidPath(`${quote(text)}: ${error.message}`) : error;
  }
  let filterSub: AttributeDef | null = null;
  if (rest !== '') {
    if (!rest.startsWith('.')) throw invalidPath(`${quote(text)} is not a valid path`);
    const name = rest.slice(1);
    filterSub =
      resolved.attribute.subAttributes?.find((sub) => sub.name.toLowerCase() === name.toLowerCase()) ?? null;
    if (!filterSub) throw unknownAttribute(`${resolved.attribute.name}.${name}`);
  }
  return { text, resolved, filter, filterSub };
}

function closingBracket(text: string, open: number): number {
  let inString = false;
  for (let index = open + 1; index < text.length; index += 1) {
    const char = text[index];
    if (inString) {
      if (char === '\\') index += 1;
      else if (char === '"') inString = false;
    } else if (char === '"') inString = true;
    else if (char === ']') return index;
  }
  throw invalidPath(`${quote(text)} has an unclosed "["`);
}

// ---------------------------------------------------------------------------------------------

/**
 * Applies operations to a canonical document (see canonicalDocument). Pathless add/replace values
 * are split into one operation per attribute, so complex attributes merge (RFC 7644 §3.5.2.3:
 * sub-attributes not named are left alone) and dotted or URN-prefixed keys work as paths.
 *
 * scim-patch was the first candidate here; it is not used because, checked against these cases,
 * it matches attribute names and filter values case-sensitively, replaces a complex attribute
 * instead of merging it, files an extension given as a nested object under a wrong key
 * ("urn:…:enterprise:2.0" → "User"), removes nothing for Entra ID's
 * `remove members [{ "value": … }]` (deep equality with the stored member), and re-parses filters
 * with scim2-parse-filter's tokenizer (the escape problems described in filter.ts).
 */
export function applyPatch(
  type: ResourceTypeDef,
  doc: Json,
  operations: PatchOperation[],
  resourceId: string,
): void {
  for (const operation of operations) applyOperation(type, doc, operation, resourceId);
}

function applyOperation(
  type: ResourceTypeDef,
  doc: Json,
  operation: PatchOperation,
  resourceId: string,
): void {
  if (operation.path === null) {
    const value = operation.value;
    if (!value || typeof value !== 'object' || Array.isArray(value))
      throw invalidValue(`${operation.op} without a path needs an object of attributes as its value`);
    for (const [key, inner] of Object.entries(value as Json)) {
      const lower = key.toLowerCase();
      if (lower === 'schemas') continue;
      if (lower === 'id') {
        if (inner === resourceId) continue;
        throw mutability('id cannot be changed');
      }
      for (const [path, item] of expandPathless(type, key, inner))
        applyOperation(type, doc, { op: operation.op, path, value: item, hasValue: true }, resourceId);
    }
    return;
  }
  const path = parsePath(type, operation.path);
  const { attribute, sub } = path.resolved;
  if (
    attribute.mutability === 'readOnly' ||
    sub?.mutability === 'readOnly' ||
    path.filterSub?.mutability === 'readOnly'
  )
    throw mutabilityError(operation.path);
  const holder = path.resolved.extension ? extensionOf(doc, path.resolved.schema) : doc;

  if (!attribute.multiValued) {
    if (attribute.type === 'complex' && !sub) {
      if (operation.op === 'remove') delete holder[attribute.name];
      else {
        const value = coerce(attribute, operation.value, operation.path) as Json | null;
        const current = (holder[attribute.name] as Json | null | undefined) ?? {};
        holder[attribute.name] = value === null ? null : { ...current, ...value };
      }
      return;
    }
    if (sub) {
      const current = { ...((holder[attribute.name] as Json | null | undefined) ?? {}) };
      if (operation.op === 'remove') delete current[sub.name];
      else current[sub.name] = coerce(sub, operation.value, operation.path);
      holder[attribute.name] = current;
      return;
    }
    if (operation.op === 'remove') {
      if (attribute.required) throw invalidValue(`${attribute.name} is required and cannot be removed`);
      delete holder[attribute.name];
      return;
    }
    const value = coerce(attribute, operation.value, operation.path);
    if (attribute.required && (value === null || value === ''))
      throw invalidValue(`${attribute.name} cannot be empty`);
    holder[attribute.name] = value;
    return;
  }

  // Multi-valued complex attributes (emails, phoneNumbers, addresses).
  const items = ((holder[attribute.name] as Json[] | null | undefined) ?? []).map((item) => ({ ...item }));
  const target = path.filterSub ?? sub;
  let result: Json[];
  if (path.filter) {
    const matches = items.map((item) => matchesValueFilter(path.filter!, item, attribute));
    const matched = matches.some(Boolean);
    if (operation.op === 'remove') {
      result = target
        ? items.map((item, index) => (matches[index] ? withoutKey(item, target.name) : item))
        : items.filter((_item, index) => !matches[index]);
    } else if (!matched) {
      // No value matches. An equality filter names the value to create (Entra ID replaces
      // emails[type eq "work"].value on people without a work email); anything else has no target.
      const pairs = equalityConjunction(path.filter);
      if (!pairs) throw noTarget(`${quote(operation.path)} matches no value`);
      const created: Json = {};
      for (const [key, value] of Object.entries(pairs)) {
        const def = subAttribute(attribute, key, operation.path);
        created[def.name] = coerce(def, value, operation.path);
      }
      Object.assign(
        created,
        target
          ? { [target.name]: coerce(target, operation.value, operation.path) }
          : elementValue(attribute, operation),
      );
      result = [...items, created];
    } else {
      const update = target
        ? { [target.name]: coerce(target, operation.value, operation.path) }
        : elementValue(attribute, operation);
      result = items.map((item, index) => (matches[index] ? { ...item, ...update } : item));
    }
  } else if (target) {
    // "emails.value" without a filter: the primary (or first) value.
    const index = Math.max(
      0,
      items.findIndex((item) => item.primary === true),
    );
    if (operation.op === 'remove') result = items.map((item) => withoutKey(item, target.name));
    else {
      const value = coerce(target, operation.value, operation.path);
      result =
        items.length === 0
          ? [{ [target.name]: value }]
          : items.map((item, i) => (i === index ? { ...item, [target.name]: value } : item));
    }
  } else if (operation.op === 'remove') {
    if (operation.hasValue && operation.value !== null) {
      // Remove the values given (as Entra ID removes members): matched on "value".
      const given = (coerce(attribute, operation.value, operation.path) as Json[]).map((item) =>
        normalizedValue(item.value),
      );
      result = items.filter((item) => !given.includes(normalizedValue(item.value)));
    } else result = [];
  } else {
    const added = (coerce(attribute, operation.value, operation.path) as Json[] | null) ?? [];
    if (operation.op === 'replace') result = added;
    else {
      const known = new Set(
        items.map((item) => `${normalizedValue(item.value)}|${String(item.type ?? '').toLowerCase()}`),
      );
      result = [
        ...items,
        ...added.filter(
          (item) => !known.has(`${normalizedValue(item.value)}|${String(item.type ?? '').toLowerCase()}`),
        ),
      ];
    }
  }
  // At most one primary value: the one this operation set wins.
  const newPrimary = result.filter((item) => item.primary === true);
  if (newPrimary.length > 1) {
    const winner =
      newPrimary.find((item) => !items.some((old) => old.primary === true && old.value === item.value)) ??
      newPrimary[newPrimary.length - 1];
    for (const item of result) if (item !== winner && item.primary === true) item.primary = false;
  }
  holder[attribute.name] = result.length > 0 ? result : null;
}

function elementValue(attribute: AttributeDef, operation: PatchOperation): Json {
  const value = coerce(attribute, operation.value, operation.path ?? attribute.name) as Json[] | null;
  if (!value || value.length !== 1)
    throw invalidValue(`${quote(operation.path ?? attribute.name)} takes one value here`);
  return value[0];
}

function withoutKey(item: Json, key: string): Json {
  const copy = { ...item };
  delete copy[key];
  return copy;
}

function normalizedValue(value: unknown): string {
  return typeof value === 'string' ? value.trim().toLowerCase() : JSON.stringify(value ?? null);
}

function subAttribute(attribute: AttributeDef, name: string, path: string): AttributeDef {
  const prefix = `${attribute.name.toLowerCase()}.`;
  const lower = name.toLowerCase().startsWith(prefix)
    ? name.toLowerCase().slice(prefix.length)
    : name.toLowerCase();
  const found = attribute.subAttributes?.find((sub) => sub.name.toLowerCase() === lower);
  if (!found) throw invalidPath(`${quote(path)}: unknown attribute ${quote(`${attribute.name}.${name}`)}`);
  return found;
}

/**
 * The (path, value) pairs of one key of a pathless add/replace value: "name" with an object becomes
 * one pair per sub-attribute; an extension URN with an object, one pair per extension attribute.
 */
function expandPathless(type: ResourceTypeDef, key: string, value: unknown): [string, unknown][] {
  const isObject = !!value && typeof value === 'object' && !Array.isArray(value);
  const urn = splitUrn(type, key);
  if (urn && urn.rest === '') {
    if (!isObject) throw invalidValue(`${urn.schema.id} must be an object of attributes`);
    const prefix = urn.schema === type.core ? '' : `${urn.schema.id}:`;
    return Object.entries(value as Json).flatMap(([inner, innerValue]) =>
      expandPathless(type, `${prefix}${inner}`, innerValue),
    );
  }
  const resolved = resolveAttribute(type, key);
  if (!resolved) throw unknownAttribute(key);
  if (isObject && resolved.attribute.type === 'complex' && !resolved.attribute.multiValued && !resolved.sub) {
    const entries = Object.entries(value as Json);
    if (entries.length === 0) return [];
    return entries.map(([inner, innerValue]) => [`${key}.${inner}`, innerValue]);
  }
  return [[key, value]];
}

// ---------------------------------------------------------------------------------------------

/** Evaluates a value filter on one value of a multi-valued attribute, with the attribute's case rules. */
export function matchesValueFilter(filter: Filter, item: Json, parent: AttributeDef): boolean {
  switch (filter.op) {
    case 'and':
      return filter.filters.every((part) => matchesValueFilter(part, item, parent));
    case 'or':
      return filter.filters.some((part) => matchesValueFilter(part, item, parent));
    case 'not':
      return !matchesValueFilter(filter.filter, item, parent);
    case '[]':
      throw invalidFilter('a value filter cannot contain another value filter');
    default: {
      const def = subAttribute(parent, filter.attrPath, filter.attrPath);
      const actual = item[def.name];
      if (filter.op === 'pr') return actual !== undefined && actual !== null && actual !== '';
      return compareValues(actual, filter.op, filter.compValue, def);
    }
  }
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function compareValues(actual: unknown, op: string, expected: unknown, def: AttributeDef): boolean {
  if (expected === null)
    return op === 'eq'
      ? actual === null || actual === undefined
      : op === 'ne' && actual !== null && actual !== undefined;
  if (def.type === 'boolean') {
    const flag = typeof expected === 'string' ? expected.toLowerCase() === 'true' : expected === true;
    const value = actual === true;
    if (op === 'eq') return value === flag;
    if (op === 'ne') return value !== flag;
    throw invalidFilter(`${op} cannot be used with the boolean ${def.name}`);
  }
  if (actual === null || actual === undefined) return op === 'ne';
  let left = String(actual);
  let right = String(expected);
  if (!def.caseExact || (UUID.test(left) && UUID.test(right))) {
    left = left.toLowerCase();
    right = right.toLowerCase();
  }
  switch (op) {
    case 'eq':
      return left === right;
    case 'ne':
      return left !== right;
    case 'co':
      return left.includes(right);
    case 'sw':
      return left.startsWith(right);
    case 'ew':
      return left.endsWith(right);
    case 'gt':
      return left > right;
    case 'ge':
      return left >= right;
    case 'lt':
      return left < right;
    case 'le':
      return left <= right;
    default:
      throw invalidFilter(`unknown operator ${quote(op)}`);
  }
}

// ---------------------------------------------------------------------------------------------
// Group membership

/** What a PATCH does to a group's members, in the order of its operations. */
export class MemberPlan {
  /** The complete new list, once an operation stated one (replace, remove all). */
  complete: Set<string> | null = null;
  readonly added = new Set<string>();
  readonly removed = new Set<string>();

  replace(ids: string[]): void {
    this.complete = new Set(ids);
    this.added.clear();
    this.removed.clear();
  }

  add(ids: string[]): void {
    for (const id of ids) {
      if (this.complete) this.complete.add(id);
      else {
        this.added.add(id);
        this.removed.delete(id);
      }
    }
  }

  remove(ids: string[]): void {
    for (const id of ids) {
      if (this.complete) this.complete.delete(id);
      else {
        this.removed.add(id);
        this.added.delete(id);
      }
    }
  }

  get touched(): boolean {
    return this.complete !== null || this.added.size > 0 || this.removed.size > 0;
  }
}

/** A members operation, with what it needs resolved later (a filter over the current members). */
export type MemberOperation =
  | { kind: 'add' | 'replace' | 'remove'; ids: string[] }
  | { kind: 'removeAll' }
  | { kind: 'removeMatching'; filter: Filter; path: string };

/** Splits group operations into member operations and the rest (applied to the document). */
export function splitGroupOperations(
  type: ResourceTypeDef,
  operations: PatchOperation[],
): { members: (MemberOperation & { order: number })[]; others: (PatchOperation & { order: number })[] } {
  const members: (MemberOperation & { order: number })[] = [];
  const others: (PatchOperation & { order: number })[] = [];
  operations.forEach((operation, order) => {
    if (operation.path === null) {
      const value = operation.value as Json;
      if (value && typeof value === 'object' && !Array.isArray(value)) {
        const rest: Json = {};
        for (const [key, inner] of Object.entries(value)) {
          if (key.toLowerCase() === 'members') {
            const ids = memberValues(inner, 'members');
            members.push({ kind: operation.op === 'replace' ? 'replace' : 'add', ids, order });
          } else rest[key] = inner;
        }
        if (Object.keys(rest).length > 0) others.push({ ...operation, value: rest, order });
        return;
      }
      others.push({ ...operation, order });
      return;
    }
    const path = parsePath(type, operation.path);
    if (path.resolved.attribute.name !== 'members') {
      others.push({ ...operation, order });
      return;
    }
    if (path.resolved.sub || path.filterSub)
      throw invalidPath(`${quote(operation.path)}: members can be added, replaced or removed, not edited`);
    if (path.filter) {
      if (operation.op !== 'remove')
        throw invalidPath(`${quote(operation.path)}: a filtered members path can only be removed`);
      const ids = equalityValues(path.filter, 'value');
      members.push(
        ids
          ? { kind: 'remove', ids, order }
          : { kind: 'removeMatching', filter: path.filter, path: operation.path, order },
      );
      return;
    }
    if (operation.op === 'remove') {
      // With a value (Entra ID): those members. Without one: all of them (RFC 7644 §3.5.2.2).
      if (operation.hasValue && operation.value !== null)
        members.push({ kind: 'remove', ids: memberValues(operation.value, 'members'), order });
      else members.push({ kind: 'removeAll', order });
      return;
    }
    members.push({ kind: operation.op, ids: memberValues(operation.value, 'members'), order });
  });
  return { members, others };
}
