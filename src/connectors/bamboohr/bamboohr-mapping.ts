/**
 * BambooHR dataset rows → SourceUser. Pure. A row is `{"fields": {"<field>": "<value>"}}` (Datasets
 * API v2: every value a string or null). A field the row does not carry was not readable (not
 * requested, or hidden from the API key's user) and leaves the stored value alone; a field present
 * with null or "" clears it.
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

export interface BambooHrMappingOptions {
  idField: string;
  statusField: string;
  supervisorIdField: string;
  fields: FieldMap;
  customFields: Record<string, string>;
  /** Today (YYYY-MM-DD), for future hires and leavers. */
  today: string;
}

export type Mapped<T> = { ok: true; value: T } | { ok: false; error: SourceRecordError };

class RecordProblem extends Error {}

type Row = Record<string, unknown>;

function isObject(value: unknown): value is Row {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A field as text: undefined when absent, null when null or blank. */
function text(row: Row, field: string): string | null | undefined {
  if (!Object.prototype.hasOwnProperty.call(row, field)) return undefined;
  const value = row[field];
  if (value === null || value === undefined) return null;
  if (typeof value === 'string') return value.trim() === '' ? null : value.trim();
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  throw new RecordProblem(`field ${field} must be text`);
}

/** The dataset fields the connector asks for, in a stable order and without repeats. */
export function requestedFields(options: Omit<BambooHrMappingOptions, 'today'>): string[] {
  return [
    ...new Set([
      options.idField,
      options.statusField,
      options.supervisorIdField,
      ...Object.values(options.fields).filter((field): field is string => typeof field === 'string'),
      ...Object.values(options.customFields),
    ]),
  ];
}

const DATE_ATTRIBUTES = new Set<MappableAttribute>(['startDate', 'terminationDate']);

/** One dataset row as a person. */
export function mapBambooHrRow(row: unknown, options: BambooHrMappingOptions): Mapped<SourceUser> {
  const fields = isObject(row) && isObject(row.fields) ? row.fields : null;
  if (!fields) return { ok: false, error: { message: 'row has no fields object' } };
  const id =
    typeof fields[options.idField] === 'string' || typeof fields[options.idField] === 'number'
      ? String(fields[options.idField]).trim()
      : '';
  if (!/^\d{1,18}$/.test(id)) {
    return { ok: false, error: { message: `row has no employee id in ${options.idField}` } };
  }
  try {
    const attributes: SourceEmployeeAttributes = {};
    for (const [attribute, field] of Object.entries(options.fields) as [MappableAttribute, string][]) {
      const value = text(fields, field);
      if (value === undefined) continue;
      if (attribute === 'employmentType')
        attributes.employmentType = value === null ? null : employmentTypeOf(value);
      else if (DATE_ATTRIBUTES.has(attribute)) attributes[attribute] = dayOf(value);
      else attributes[attribute] = value;
    }
    if (attributes.displayName === undefined && (attributes.firstName || attributes.lastName)) {
      const first = attributes.preferredName ?? attributes.firstName;
      attributes.displayName = [first, attributes.lastName].filter(Boolean).join(' ');
    }
    const status = text(fields, options.statusField);
    if (status !== undefined && status !== null) {
      attributes.status = employmentStatusOf(
        status.toLowerCase() === 'active',
        {
          startDate: attributes.startDate ?? null,
          terminationDate: attributes.terminationDate ?? null,
          employmentType: attributes.employmentType ?? null,
        },
        options.today,
      );
    }
    const custom: Record<string, unknown> = {};
    for (const [key, field] of Object.entries(options.customFields)) {
      const value = text(fields, field);
      if (value !== undefined) custom[key] = value;
    }
    if (status !== undefined) custom.bambooHrStatus = status;
    if (Object.keys(custom).length > 0) attributes.customAttributes = custom;
    const user: SourceUser = { externalId: id, attributes };
    const supervisor = text(fields, options.supervisorIdField);
    if (supervisor !== undefined) {
      if (supervisor !== null && !/^\d{1,18}$/.test(supervisor))
        throw new RecordProblem(`${options.supervisorIdField} must be an employee id`);
      user.manager =
        supervisor === null || supervisor === '0' ? null : { kind: 'externalId', value: supervisor };
    }
    return { ok: true, value: user };
  } catch (error) {
    if (error instanceof RecordProblem)
      return { ok: false, error: { externalId: id, message: error.message } };
    throw error;
  }
}

export { isoDay };
