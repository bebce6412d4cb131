/**
 * SuccessFactors OData v2 `User` entities → SourceUser. Pure. A property absent from the entity was
 * not selected or not visible to the API user and leaves the stored value alone; null or "" clears
 * it. Dates come as OData v2 literals, `/Date(1438560000000)/` (Edm.DateTime) or
 * `/Date(1438560000000+0000)/` (Edm.DateTimeOffset).
 */
import {
  dayOf,
  employmentStatusOf,
  employmentTypeOf,
  FieldMap,
  isoDay,
  MappableAttribute,
} from '../hr-shared/hr-fields';
import { SourceEmployeeAttributes, SourceRecordError, SourceUser } from '../types';

export interface SfMappingOptions {
  fields: FieldMap;
  customFields: Record<string, string>;
  /** Today (YYYY-MM-DD), for future hires. */
  today: string;
}

export type Mapped<T> = { ok: true; value: T } | { ok: false; error: SourceRecordError };

export interface MappedSfUser {
  user: SourceUser;
  /** lastModifiedDateTime in epoch ms, for the next cursor; null when not stated. */
  lastModified: number | null;
}

class RecordProblem extends Error {}

type Entity = Record<string, unknown>;

function isObject(value: unknown): value is Entity {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Epoch ms of an OData v2 date literal (with an optional offset in minutes), or null. */
export function odataDate(value: unknown): number | null {
  if (typeof value !== 'string') return null;
  const match = /^\/Date\((-?\d+)(?:([+-])(\d{4}))?\)\/$/.exec(value);
  if (!match) return null;
  // The offset says in which zone the instant was entered; the number is already UTC ms.
  return Number(match[1]);
}

/** An OData v2 date literal for a filter: datetimeoffset'2024-01-01T00:00:00Z'. */
export function datetimeOffsetLiteral(ms: number): string {
  return `datetimeoffset'${new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z')}'`;
}

/** A property by OData path ("hr/userId"); undefined when any step is absent or deferred. */
function lookup(entity: Entity, path: string): unknown {
  let current: unknown = entity;
  for (const step of path.split('/')) {
    if (!isObject(current) || !Object.prototype.hasOwnProperty.call(current, step)) return undefined;
    current = current[step];
    if (isObject(current) && '__deferred' in current) return undefined;
  }
  return current;
}

function text(entity: Entity, path: string): string | null | undefined {
  const value = lookup(entity, path);
  if (value === undefined) return undefined;
  if (value === null) return null;
  if (typeof value === 'string') {
    const date = odataDate(value);
    if (date !== null) return isoDay(date);
    return value.trim() === '' ? null : value.trim();
  }
  if ((typeof value === 'number' && Number.isFinite(value)) || typeof value === 'boolean')
    return String(value);
  throw new RecordProblem(`${path} must be text`);
}

/** User.status: "active"/"inactive", and the one-letter forms t/f (and T/F, e for external users). */
const ACTIVE_STATUSES = new Set(['active', 't', 'active_external']);

/** The User properties to $select (and the manager's userId through $expand=manager). */
export function selectedProperties(options: Omit<SfMappingOptions, 'today'>): string[] {
  return [
    ...new Set([
      'userId',
      'status',
      'lastModifiedDateTime',
      'manager/userId',
      ...Object.values(options.fields).filter((field): field is string => typeof field === 'string'),
      ...Object.values(options.customFields),
    ]),
  ];
}

/** Navigations that $select names through a path and that must therefore be expanded. */
export function expandedNavigations(properties: string[]): string[] {
  return [
    ...new Set(
      properties.filter((property) => property.includes('/')).map((property) => property.split('/')[0]),
    ),
  ];
}

const DATE_ATTRIBUTES = new Set<MappableAttribute>(['startDate', 'terminationDate']);

export function mapSfUser(entity: unknown, options: SfMappingOptions): Mapped<MappedSfUser> {
  if (!isObject(entity)) return { ok: false, error: { message: 'result is not an object' } };
  const userId = typeof entity.userId === 'string' ? entity.userId.trim() : '';
  if (!userId || userId.length > 100) return { ok: false, error: { message: 'result has no userId' } };
  try {
    const attributes: SourceEmployeeAttributes = {};
    for (const [attribute, path] of Object.entries(options.fields) as [MappableAttribute, string][]) {
      const value = text(entity, path);
      if (value === undefined) continue;
      if (attribute === 'employmentType')
        attributes.employmentType = value === null ? null : employmentTypeOf(value);
      else if (DATE_ATTRIBUTES.has(attribute)) attributes[attribute] = dayOf(value);
      else attributes[attribute] = value;
    }
    if (!attributes.displayName && (attributes.firstName || attributes.lastName)) {
      attributes.displayName = [attributes.preferredName ?? attributes.firstName, attributes.lastName]
        .filter(Boolean)
        .join(' ');
    }
    const status = text(entity, 'status');
    if (status !== undefined && status !== null) {
      attributes.status = employmentStatusOf(
        ACTIVE_STATUSES.has(status.toLowerCase()),
        {
          startDate: attributes.startDate ?? null,
          terminationDate: attributes.terminationDate ?? null,
          employmentType: attributes.employmentType ?? null,
        },
        options.today,
      );
    }
    const custom: Record<string, unknown> = {};
    for (const [key, path] of Object.entries(options.customFields)) {
      const value = text(entity, path);
      if (value !== undefined) custom[key] = value;
    }
    if (status !== undefined) custom.successFactorsStatus = status;
    if (Object.keys(custom).length > 0) attributes.customAttributes = custom;
    const user: SourceUser = { externalId: userId, attributes };
    if (Object.prototype.hasOwnProperty.call(entity, 'manager')) {
      const manager = entity.manager;
      if (manager === null) user.manager = null;
      else if (isObject(manager) && !('__deferred' in manager)) {
        const managerId = typeof manager.userId === 'string' ? manager.userId.trim() : '';
        // SuccessFactors' top of the tree often names "NO_MANAGER" or itself.
        user.manager =
          !managerId || managerId === 'NO_MANAGER' || managerId === userId
            ? null
            : { kind: 'externalId', value: managerId };
      }
    }
    return { ok: true, value: { user, lastModified: odataDate(entity.lastModifiedDateTime) } };
  } catch (error) {
    if (error instanceof RecordProblem)
      return { ok: false, error: { externalId: userId, message: error.message } };
    throw error;
  }
}
