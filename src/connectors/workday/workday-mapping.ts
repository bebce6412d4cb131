/**
 * Workday report entries and REST workers → SourceUser/SourceGroup. Pure: no I/O, so every rule is
 * testable on literals. Workday leaves empty values out of a report entry (and out of a REST
 * worker), so a mapped column that is missing means "empty" and clears the stored value; a field
 * mapped to null in the connection's field map is not provided and leaves the stored value alone.
 * The one exception is email: a worker without a work email (typically a terminated one) keeps the
 * stored address, since the directory needs one per person.
 */
import { SourceEmployeeAttributes, SourceGroup, SourceRecordError, SourceUser } from '../types';
import { WorkdayFieldMap, WorkdayGroupColumns } from './workday.config';

type JsonObject = Record<string, unknown>;

export type WorkdayMapped<T> = { ok: true; value: T } | { ok: false; error: SourceRecordError };

export interface WorkdayMappingOptions {
  fields: WorkdayFieldMap;
  customFields: Readonly<Record<string, string>>;
  /** Today as YYYY-MM-DD (the connector's clock): separates future hires and past terminations. */
  today: string;
  departmentGroups: boolean;
  costCenterGroups: boolean;
}

/** A group a worker's department or cost center stands for. */
export interface DerivedGroup {
  externalId: string;
  name: string;
  groupType: 'department' | 'cost_center';
}

export interface MappedWorker {
  user: SourceUser;
  /** The department and cost-center groups this worker is in (when those groups are enabled). */
  groups: DerivedGroup[];
}

/** Why one record cannot be mapped; caught per record so that the rest of the page proceeds. */
class RecordProblem extends Error {}

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function describeType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}

/** The value at a column name or dotted path; undefined when any step is missing. */
export function valueAt(entry: JsonObject, path: string): unknown {
  let value: unknown = entry;
  for (const step of path.split('.')) {
    if (Array.isArray(value)) value = value[0]; // a multi-instance reference: its first (primary) instance
    if (!isObject(value) || !Object.prototype.hasOwnProperty.call(value, step)) return undefined;
    value = value[step];
  }
  return value;
}

/**
 * A value as text: null when missing, null or blank. Numbers and booleans are accepted (RaaS renders
 * some fields so); a list gives its first non-blank item (a multi-instance field such as emails, the
 * primary first); a reference object gives its descriptor.
 */
function textOf(value: unknown, where: string): string | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string') {
    const trimmed = value.trim();
    return trimmed === '' ? null : trimmed;
  }
  if ((typeof value === 'number' && Number.isFinite(value)) || typeof value === 'boolean')
    return String(value);
  if (Array.isArray(value)) {
    for (const item of value) {
      const text = textOf(item, where);
      if (text !== null) return text;
    }
    return null;
  }
  if (isObject(value) && typeof value.descriptor === 'string') return textOf(value.descriptor, where);
  throw new RecordProblem(`${where} must be text, got ${describeType(value)}`);
}

/** A mapped field: undefined when the field map leaves it out, else its text or null. */
function field(
  entry: JsonObject,
  options: WorkdayMappingOptions,
  name: keyof WorkdayFieldMap,
): string | null | undefined {
  const column = options.fields[name];
  if (column === null) return undefined;
  return textOf(valueAt(entry, column), column);
}

/**
 * A date as YYYY-MM-DD. Workday writes dates as 2024-03-15, with an offset (2024-03-15-08:00, as
 * its XML and some JSON renderings do) or as a full date-time; US-formatted 03/15/2024 is accepted
 * from reports whose column was formatted as text.
 */
export function dateOf(text: string, where: string): string {
  const iso = /^(\d{4})-(\d{2})-(\d{2})(?:$|[T ]|[+-]\d{2}:\d{2}$|Z$)/.exec(text);
  const us = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(text);
  const [year, month, day] = iso
    ? [iso[1], iso[2], iso[3]]
    : us
      ? [us[3], us[1].padStart(2, '0'), us[2].padStart(2, '0')]
      : [];
  const date = year ? `${year}-${month}-${day}` : '';
  const parsed = new Date(`${date}T00:00:00Z`);
  if (!year || Number.isNaN(parsed.getTime()) || parsed.toISOString().slice(0, 10) !== date)
    throw new RecordProblem(`${where} must be a date such as 2024-03-15`);
  return date;
}

const letters = (text: string) => text.toLowerCase().replace(/[^a-z0-9]/g, '');

/** Worker status texts (letters only) → a stored status, or 'future' for a hire not started yet. */
const STATUSES: Readonly<Record<string, string>> = {
  active: 'active',
  employed: 'active',
  '1': 'active',
  true: 'active',
  onleave: 'on_leave',
  leaveofabsence: 'on_leave',
  leave: 'on_leave',
  terminated: 'terminated',
  inactive: 'terminated',
  former: 'terminated',
  '0': 'terminated',
  false: 'terminated',
  retired: 'retired',
  prehire: 'future',
  futurehire: 'future',
  pendinghire: 'future',
};

/** Employee types (letters only) → stored employment types. "Regular" means full time unless the time type says part time. */
const EMPLOYMENT_TYPES: Readonly<Record<string, string>> = {
  regular: 'full_time',
  permanent: 'full_time',
  employee: 'full_time',
  fulltime: 'full_time',
  parttime: 'part_time',
  contractor: 'contractor',
  contract: 'contractor',
  contingent: 'contractor',
  contingentworker: 'contractor',
  consultant: 'contractor',
  intern: 'intern',
  internship: 'intern',
  student: 'intern',
  temporary: 'temporary',
  temp: 'temporary',
  fixedterm: 'temporary',
  seasonal: 'temporary',
  freelance: 'freelance',
  freelancer: 'freelance',
  independentcontractor: 'freelance',
};

export function employmentTypeOf(employeeType: string | null, timeType: string | null): string | null {
  const type = employeeType === null ? null : (EMPLOYMENT_TYPES[letters(employeeType)] ?? null);
  const partTime = timeType !== null && letters(timeType) === 'parttime';
  if (type === 'full_time' && partTime) return 'part_time';
  if (type === null && timeType !== null) {
    const time = EMPLOYMENT_TYPES[letters(timeType)];
    if (time === 'full_time' || time === 'part_time') return time;
  }
  return type;
}

/**
 * The stored status. The status column when it says something we know; otherwise (no column, or
 * an empty value) the dates decide: a termination date on or before today → terminated. A future
 * hire (status "Pre-Hire", or an active worker whose hire date is after today) is stored as active
 * with its future startDate and customAttributes.workdayFutureHire = true: the directory has no
 * "not started" status, and people preparing day one (accounts, equipment) need them listed.
 * Working contractors are recorded as the contractor status, as the HRIS import and Okta do.
 */
export function statusOf(input: {
  statusText: string | null | undefined;
  startDate: string | null | undefined;
  terminationDate: string | null | undefined;
  employmentType: string | null | undefined;
  today: string;
}): { status: string | undefined; futureHire: boolean } {
  const said = input.statusText ? STATUSES[letters(input.statusText)] : undefined;
  let status: string | undefined = said;
  if (status === undefined && !input.statusText) {
    status = input.terminationDate && input.terminationDate <= input.today ? 'terminated' : 'active';
  }
  if (status === 'future') status = 'active';
  const futureHire =
    said === 'future' || (status === 'active' && !!input.startDate && input.startDate > input.today);
  const contract = input.employmentType === 'contractor' || input.employmentType === 'freelance';
  if (status === 'active' && contract) status = 'contractor';
  return { status, futureHire };
}

export const departmentGroupId = (name: string) => `department:${name}`;
export const costCenterGroupId = (name: string) => `cost_center:${name}`;

/** A custom field's value: text, number and boolean as they are; lists of those as lists; references as their descriptor. */
function customValue(value: unknown, where: string): unknown {
  if (value === undefined || value === null) return null;
  if (typeof value === 'string' || typeof value === 'boolean') return value;
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  if (Array.isArray(value)) return value.map((item) => customValue(item, where));
  if (isObject(value) && typeof value.descriptor === 'string') return value.descriptor;
  throw new RecordProblem(`${where} must be text, a number, a boolean or a list, got ${describeType(value)}`);
}

type TextAttribute = Exclude<keyof SourceEmployeeAttributes, 'customAttributes'>;
/** Fields copied as text: stored attribute ← field of the map. */
const TEXT_FIELDS: ReadonlyArray<[TextAttribute, keyof WorkdayFieldMap]> = [
  ['employeeNumber', 'employeeNumber'],
  ['username', 'username'],
  ['firstName', 'firstName'],
  ['lastName', 'lastName'],
  ['preferredName', 'preferredName'],
  ['jobTitle', 'jobTitle'],
  ['department', 'department'],
  ['division', 'division'],
  ['costCenter', 'costCenter'],
  ['location', 'location'],
  ['phone', 'phone'],
  ['company', 'company'],
];

function optionalDate(
  entry: JsonObject,
  options: WorkdayMappingOptions,
  name: 'startDate' | 'terminationDate',
) {
  const text = field(entry, options, name);
  return typeof text === 'string' ? dateOf(text, options.fields[name] ?? name) : text;
}

/** Maps one report entry (or one REST worker). */
export function mapWorkdayWorker(raw: unknown, options: WorkdayMappingOptions): WorkdayMapped<MappedWorker> {
  if (!isObject(raw))
    return { ok: false, error: { message: `worker: expected an object, got ${describeType(raw)}` } };
  let id: string | null;
  try {
    id = field(raw, options, 'id') ?? null;
  } catch {
    id = null;
  }
  if (id === null)
    return { ok: false, error: { message: `worker: the entry has no ${options.fields.id ?? 'id'} value` } };
  try {
    const attributes: SourceEmployeeAttributes = {};
    for (const [attribute, name] of TEXT_FIELDS) {
      const value = field(raw, options, name);
      if (value !== undefined) attributes[attribute] = value;
    }
    const email = field(raw, options, 'email');
    if (typeof email === 'string') attributes.email = email;

    const displayName = field(raw, options, 'displayName');
    const given = attributes.preferredName ?? attributes.firstName;
    const composed = [given, attributes.lastName].filter((part) => part).join(' ');
    if (typeof displayName === 'string') attributes.displayName = displayName;
    else if (composed !== '') attributes.displayName = composed;

    const startDate = optionalDate(raw, options, 'startDate');
    const terminationDate = optionalDate(raw, options, 'terminationDate');
    if (startDate !== undefined) attributes.startDate = startDate;
    if (terminationDate !== undefined) attributes.terminationDate = terminationDate;

    const custom: JsonObject = {};
    const employeeType = field(raw, options, 'employmentType');
    const timeType = field(raw, options, 'timeType');
    if (employeeType !== undefined || timeType !== undefined) {
      attributes.employmentType = employmentTypeOf(employeeType ?? null, timeType ?? null);
      if (employeeType) custom.workdayEmployeeType = employeeType;
      if (timeType) custom.workdayTimeType = timeType;
    }

    const statusText = field(raw, options, 'status');
    if (statusText !== undefined || startDate !== undefined || terminationDate !== undefined) {
      const { status, futureHire } = statusOf({
        statusText,
        startDate,
        terminationDate,
        employmentType: attributes.employmentType,
        today: options.today,
      });
      // An unknown (newer) status text leaves the stored status alone; workdayWorkerStatus shows it.
      if (status !== undefined) attributes.status = status;
      if (statusText) custom.workdayWorkerStatus = statusText;
      custom.workdayFutureHire = futureHire;
    }

    for (const [key, column] of Object.entries(options.customFields)) {
      custom[key] = customValue(valueAt(raw, column), column);
    }
    attributes.customAttributes = custom;

    const user: SourceUser = { externalId: id, attributes };
    const managerId = field(raw, options, 'managerId');
    if (managerId !== undefined)
      user.manager = managerId === null ? null : { kind: 'externalId', value: managerId };

    const groups: DerivedGroup[] = [];
    if (options.departmentGroups && typeof attributes.department === 'string') {
      groups.push({
        externalId: departmentGroupId(attributes.department),
        name: attributes.department,
        groupType: 'department',
      });
    }
    if (options.costCenterGroups && typeof attributes.costCenter === 'string') {
      groups.push({
        externalId: costCenterGroupId(attributes.costCenter),
        name: attributes.costCenter,
        groupType: 'cost_center',
      });
    }
    if (options.departmentGroups || options.costCenterGroups)
      user.groupExternalIds = groups.map((group) => group.externalId);
    return { ok: true, value: { user, groups } };
  } catch (error) {
    if (error instanceof RecordProblem)
      return { ok: false, error: { externalId: id, message: `worker ${id}: ${error.message}` } };
    throw error;
  }
}

/** Organization types (letters only) → stored group types; anything else is a plain group. */
const GROUP_TYPES: Readonly<Record<string, string>> = {
  supervisory: 'department',
  department: 'department',
  costcenter: 'cost_center',
  team: 'team',
  businessunit: 'business_unit',
  company: 'business_unit',
  division: 'business_unit',
};

/** Maps one entry of the groups (organizations) report, with its complete member list. */
export function mapWorkdayGroup(raw: unknown, columns: WorkdayGroupColumns): WorkdayMapped<SourceGroup> {
  if (!isObject(raw))
    return { ok: false, error: { message: `group: expected an object, got ${describeType(raw)}` } };
  let id: string | null;
  try {
    id = textOf(valueAt(raw, columns.id), columns.id);
  } catch {
    id = null;
  }
  if (id === null) return { ok: false, error: { message: `group: the entry has no ${columns.id} value` } };
  try {
    const name = textOf(valueAt(raw, columns.name), columns.name);
    if (name === null) throw new RecordProblem(`${columns.name} is missing`);
    const type = textOf(valueAt(raw, columns.type), columns.type);
    const group: SourceGroup = {
      externalId: `group:${id}`,
      attributes: { name, groupType: type === null ? 'group' : (GROUP_TYPES[letters(type)] ?? 'group') },
    };
    if (type !== null) group.attributes.customAttributes = { workdayOrganizationType: type };
    const members = valueAt(raw, columns.members);
    const list =
      members === undefined || members === null ? [] : Array.isArray(members) ? members : [members];
    group.members = list.map((member) => {
      const memberId = isObject(member)
        ? textOf(valueAt(member, columns.memberId), columns.memberId)
        : textOf(member, columns.members);
      if (memberId === null) throw new RecordProblem(`a member has no ${columns.memberId}`);
      return { type: 'user' as const, externalId: memberId };
    });
    return { ok: true, value: group };
  } catch (error) {
    if (error instanceof RecordProblem)
      return { ok: false, error: { externalId: `group:${id}`, message: `group ${id}: ${error.message}` } };
    throw error;
  }
}
