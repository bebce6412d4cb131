/**
 * The HRIS JSON template → SourceUser/SourceGroup. Pure: no I/O, so every mapping rule is testable
 * on literals. Two spellings of the same template are accepted, record by record: the capitalised
 * property form ("Employee Number", "Employees") and the snake_case API form ("employee_number",
 * "employees"). Property names are compared after lower-casing and removing spaces, underscores and
 * hyphens, so both spellings (and near variants such as "EmployeeNumber") land on the same field.
 */
import {
  ConnectorError,
  ManagerReference,
  MemberReference,
  SourceEmployeeAttributes,
  SourceGroup,
  SourceGroupAttributes,
  SourcePage,
  SourceRecordError,
  SourceUser,
} from '../types';

/** One employee or group of the document: mapped, or the reason it could not be. */
export type HrisEntry<T> = { ok: true; record: T } | { ok: false; error: SourceRecordError };

/** A whole document, mapped; entries keep the document's order. */
export interface HrisMappedDocument {
  users: HrisEntry<SourceUser>[];
  groups: HrisEntry<SourceGroup>[];
  /** Employees that could be mapped. */
  userCount: number;
}

type JsonObject = Record<string, unknown>;

/** A property as the record states it; `key` is the document's own spelling, for messages. */
interface Field {
  key: string;
  value: unknown;
}

/** Why one record cannot be mapped; caught per record so that the rest of the document proceeds. */
class RecordProblem extends Error {}

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function describeType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}

/** "Employee Number", "employee_number" and "EmployeeNumber" all become "employeenumber". */
function normaliseKey(key: string): string {
  return key.toLowerCase().replace(/[\s_-]+/g, '');
}

/** A record's properties by normalised name; the first spelling wins when a record repeats one. */
class Properties {
  private readonly fields = new Map<string, Field>();

  constructor(record: JsonObject) {
    for (const [key, value] of Object.entries(record)) {
      const name = normaliseKey(key);
      if (!this.fields.has(name)) this.fields.set(name, { key, value });
    }
  }

  /** The first of the given (normalised) names the record has; undefined when it has none. */
  get(...names: string[]): Field | undefined {
    for (const name of names) {
      const field = this.fields.get(name);
      if (field) return field;
    }
    return undefined;
  }

  /** The text of the first present property among names; undefined when absent. */
  text(...names: string[]): string | null | undefined {
    const field = this.get(...names);
    return field ? toText(field) : undefined;
  }
}

/**
 * A scalar as text. Numbers and booleans are accepted because exports often write ids as numbers;
 * an empty string is an exporter's way of saying "no value", so it clears like null.
 */
function toText(field: Field): string | null {
  const { value } = field;
  if (value === null) return null;
  if (typeof value === 'string') {
    const trimmed = value.trim();
    return trimmed === '' ? null : trimmed;
  }
  if ((typeof value === 'number' && Number.isFinite(value)) || typeof value === 'boolean')
    return String(value);
  throw new RecordProblem(`"${field.key}" must be a string, got ${describeType(value)}`);
}

/** A list of strings; a lone string counts as a one-element list. Blanks and repeats are dropped. */
function toList(field: Field): string[] | null {
  const { value } = field;
  if (value === null) return null;
  const items = Array.isArray(value) ? value : [value];
  const result: string[] = [];
  for (const item of items) {
    if (isObject(item) || Array.isArray(item)) {
      throw new RecordProblem(
        `"${field.key}" must be a list of strings, got an element that is ${describeType(item)}`,
      );
    }
    const text = toText({ key: field.key, value: item });
    if (text !== null && !result.includes(text)) result.push(text);
  }
  return result;
}

function toBoolean(field: Field): boolean | null {
  const { value } = field;
  if (value === null || typeof value === 'boolean') return value;
  if (typeof value === 'string') {
    const lowered = value.trim().toLowerCase();
    if (lowered === 'true') return true;
    if (lowered === 'false') return false;
    if (lowered === '') return null;
  }
  throw new RecordProblem(`"${field.key}" must be true or false, got ${describeType(value)}`);
}

function toCustomProperties(field: Field): JsonObject | null {
  if (field.value === null) return null;
  if (!isObject(field.value)) {
    throw new RecordProblem(`"${field.key}" must be an object, got ${describeType(field.value)}`);
  }
  return { ...field.value };
}

/** "2021-05-01T00:00:00Z" → "2021-05-01"; anything else is kept for the engine to accept or reject. */
function toDate(text: string | null): string | null {
  if (text === null) return null;
  const match = /^(\d{4}-\d{2}-\d{2})[T ]\d/.exec(text);
  return match ? match[1] : text;
}

/** "Cost Center", "cost-center" and "COST_CENTER" all become "COST_CENTER". */
function enumKey(text: string): string {
  return text.toUpperCase().replace(/[\s-]+/g, '_');
}

const EMPLOYMENT_STATUSES: Readonly<Record<string, string>> = {
  ACTIVE: 'active',
  // A hire that has not started yet is an active record in the directory (start date tells the rest).
  PENDING: 'active',
  INACTIVE: 'terminated',
};

const EMPLOYMENT_TYPES: Readonly<Record<string, string>> = {
  FULL_TIME: 'full_time',
  PART_TIME: 'part_time',
  INTERN: 'intern',
  CONTRACTOR: 'contractor',
  FREELANCE: 'freelance',
  TEMPORARY: 'temporary',
};

const GROUP_TYPES: Readonly<Record<string, string>> = {
  TEAM: 'team',
  DEPARTMENT: 'department',
  COST_CENTER: 'cost_center',
  BUSINESS_UNIT: 'business_unit',
  GROUP: 'group',
};

/** Known values map to stored ones; unknown ones pass lower-cased so that the engine names them when it rejects them. */
function mapEnum(table: Readonly<Record<string, string>>, text: string): string {
  return table[enumKey(text)] ?? text.toLowerCase();
}

/** Attributes that hold plain text, with the (normalised) properties they come from. */
type TextAttribute = Exclude<keyof SourceEmployeeAttributes, 'customAttributes'>;
const TEXT_PROPERTIES: ReadonlyArray<[TextAttribute, string[]]> = [
  ['employeeNumber', ['employeenumber']],
  ['firstName', ['firstname']],
  ['lastName', ['lastname']],
  ['preferredName', ['preferredname']],
  ['username', ['username']],
  ['idpId', ['idpid']],
  ['personalEmail', ['personalemail']],
  ['location', ['worklocation']],
  ['company', ['company']],
  ['costCenter', ['costcenter']],
  ['department', ['department']],
  ['jobTitle', ['jobtitle']],
  ['timeZone', ['primarytimezone', 'timezone']],
];

/** An employee mapped, with the raw manager value kept until the whole document says what it refers to. */
interface MappedEmployee {
  user: SourceUser;
  /** Explicit "id" (not the employee number fallback), for deciding what manager values refer to. */
  id: string | null;
  employeeNumber: string | null;
  /** undefined: no Managers property; null: explicitly none. */
  managerValue: string | null | undefined;
}

function employeeStatus(p: Properties, types: string[] | null | undefined): string | null | undefined {
  const statusField = p.get('employmentstatus');
  const activeField = p.get('isactive');
  const statusText = statusField ? toText(statusField) : undefined;
  const isActive = activeField ? toBoolean(activeField) : undefined;
  let status: string | null | undefined;
  if (typeof statusText === 'string') status = mapEnum(EMPLOYMENT_STATUSES, statusText);
  // "Is Active" only speaks when the status does not: it is the template's coarse fallback.
  else if (typeof isActive === 'boolean') status = isActive ? 'active' : 'terminated';
  else status = statusText;
  // The directory records contractors as a status; the HRIS says it through the employment type.
  if (status === 'active' && types?.some((type) => type === 'contractor' || type === 'freelance')) {
    status = 'contractor';
  }
  return status;
}

function displayName(p: Properties, attributes: SourceEmployeeAttributes): string | null | undefined {
  const fullField = p.get('displayfullname');
  const nameField = p.get('name');
  const full = (fullField ? toText(fullField) : null) ?? (nameField ? toText(nameField) : null);
  if (full !== null) return full;
  // Compose only when both parts are known, so that a partial record updating one part does not
  // overwrite a stored display name with half of it.
  const given = attributes.preferredName ?? attributes.firstName;
  if (given !== undefined && attributes.lastName !== undefined) {
    const composed = [given, attributes.lastName].filter((part) => part).join(' ');
    if (composed !== '') return composed;
  }
  return fullField || nameField ? null : undefined;
}

function customAttributes(p: Properties): JsonObject | null | undefined {
  const customField = p.get('customproperties');
  const homeField = p.get('homelocation');
  const canonicalField = p.get('canonicalname');
  if (!customField && !homeField && !canonicalField) return undefined;
  let custom: JsonObject | null = customField ? toCustomProperties(customField) : null;
  if (homeField) custom = { ...custom, homeLocation: toText(homeField) };
  if (canonicalField) custom = { ...custom, canonicalName: toText(canonicalField) };
  return custom;
}

function mapEmployee(p: Properties, externalId: string): MappedEmployee {
  const attributes: SourceEmployeeAttributes = {};
  for (const [attribute, names] of TEXT_PROPERTIES) {
    const value = p.text(...names);
    if (value !== undefined) attributes[attribute] = value;
  }
  const email = p.text('email');
  if (email !== undefined) attributes.email = email === null ? null : email.toLowerCase();
  const name = displayName(p, attributes);
  if (name !== undefined) attributes.displayName = name;
  const start = p.text('startdate');
  if (start !== undefined) attributes.startDate = toDate(start);
  const termination = p.text('terminationdate');
  if (termination !== undefined) attributes.terminationDate = toDate(termination);

  const typesField = p.get('employmenttypes', 'employmenttype');
  const typeList = typesField ? toList(typesField) : undefined;
  const types = typeList ? typeList.map((type) => mapEnum(EMPLOYMENT_TYPES, type)) : typeList;
  const status = employeeStatus(p, types);
  if (status !== undefined) attributes.status = status;
  // The directory keeps one employment type; the template's list is ordered, so the first one leads.
  if (types !== undefined) attributes.employmentType = types?.[0] ?? null;

  const custom = customAttributes(p);
  if (custom !== undefined) attributes.customAttributes = custom;

  const user: SourceUser = { externalId, attributes };
  const managersField = p.get('managers', 'manager');
  const managers = managersField ? toList(managersField) : undefined;
  const groupsField = p.get('groups');
  if (groupsField) user.groupExternalIds = toList(groupsField) ?? [];
  return {
    user,
    id: p.text('id') ?? null,
    employeeNumber: attributes.employeeNumber ?? null,
    managerValue: managers === undefined ? undefined : (managers?.[0] ?? null),
  };
}

function recordError(list: string, index: number, message: string, externalId?: string): SourceRecordError {
  return {
    ...(externalId !== undefined ? { externalId } : {}),
    message: `${list}[${index}]: ${message}`,
  };
}

function problemMessage(error: unknown): string {
  if (error instanceof RecordProblem) return error.message;
  throw error;
}

type EmployeeEntry = { ok: true; employee: MappedEmployee } | { ok: false; error: SourceRecordError };

function readEmployee(raw: unknown, index: number): EmployeeEntry {
  if (!isObject(raw)) {
    return {
      ok: false,
      error: recordError('Employees', index, `expected an object, got ${describeType(raw)}`),
    };
  }
  const p = new Properties(raw);
  let externalId: string | undefined;
  try {
    externalId = p.text('id') ?? p.text('employeenumber') ?? undefined;
    if (externalId === undefined) {
      return {
        ok: false,
        error: recordError('Employees', index, 'the record has neither "id" nor "Employee Number"'),
      };
    }
    return { ok: true, employee: mapEmployee(p, externalId) };
  } catch (error) {
    return { ok: false, error: recordError('Employees', index, problemMessage(error), externalId) };
  }
}

/**
 * The template calls manager values "employee IDs" without saying which: decide per document by
 * which set the values match. Only a document that has explicit "id"s can refer by id at all.
 */
function managerKind(employees: MappedEmployee[]): ManagerReference['kind'] {
  const ids = new Set<string>();
  const numbers = new Set<string>();
  for (const employee of employees) {
    if (employee.id !== null) ids.add(employee.id);
    if (employee.employeeNumber !== null) numbers.add(employee.employeeNumber);
  }
  if (ids.size === 0) return 'employeeNumber';
  if (numbers.size === 0) return 'externalId';
  let onlyIds = 0;
  let onlyNumbers = 0;
  for (const { managerValue } of employees) {
    if (typeof managerValue !== 'string') continue;
    const isId = ids.has(managerValue);
    const isNumber = numbers.has(managerValue);
    if (isId && !isNumber) onlyIds += 1;
    if (isNumber && !isId) onlyNumbers += 1;
  }
  return onlyIds > onlyNumbers ? 'externalId' : 'employeeNumber';
}

function readGroup(raw: unknown, index: number): HrisEntry<SourceGroup> {
  if (!isObject(raw)) {
    return { ok: false, error: recordError('Groups', index, `expected an object, got ${describeType(raw)}`) };
  }
  const p = new Properties(raw);
  let externalId: string | undefined;
  try {
    externalId = p.text('id') ?? p.text('groupid') ?? p.text('name') ?? undefined;
    if (externalId === undefined) {
      return {
        ok: false,
        error: recordError('Groups', index, 'the group has no "id", "Group ID" or "Name"'),
      };
    }
    const attributes: SourceGroupAttributes = { name: p.text('name') ?? externalId };
    const typeField = p.get('grouptype');
    if (typeField) {
      const type = toText(typeField);
      attributes.groupType = type === null ? null : mapEnum(GROUP_TYPES, type);
    }
    const customField = p.get('customproperties');
    if (customField) attributes.customAttributes = toCustomProperties(customField);
    const group: SourceGroup = { externalId, attributes };
    const parentField = p.get('parent', 'parentid');
    if (parentField) group.parentExternalIds = toList(parentField) ?? [];
    return { ok: true, record: group };
  } catch (error) {
    return { ok: false, error: recordError('Groups', index, problemMessage(error), externalId) };
  }
}

/** The employees list and the groups list, found case-insensitively at the top level. */
function topLevelLists(document: unknown): { employees: unknown[]; groups: unknown[] } {
  if (!isObject(document)) {
    throw new ConnectorError(
      'INVALID_DATA',
      `the HRIS document must be a JSON object, got ${describeType(document)}`,
    );
  }
  const p = new Properties(document);
  const employees = p.get('employees');
  // A document without the list is refused rather than read as "nobody works here", which a full
  // sync would turn into removing everyone.
  if (!employees) throw new ConnectorError('INVALID_DATA', 'the HRIS document has no "Employees" list');
  if (!Array.isArray(employees.value)) {
    throw new ConnectorError(
      'INVALID_DATA',
      `"${employees.key}" must be a list, got ${describeType(employees.value)}`,
    );
  }
  const groups = p.get('groups');
  if (groups && groups.value !== null && !Array.isArray(groups.value)) {
    throw new ConnectorError(
      'INVALID_DATA',
      `"${groups.key}" must be a list, got ${describeType(groups.value)}`,
    );
  }
  return {
    employees: employees.value,
    groups: groups && Array.isArray(groups.value) ? groups.value : [],
  };
}

/**
 * Maps a parsed HRIS document. Throws ConnectorError('INVALID_DATA') when the document as a whole
 * cannot be read; a record that cannot be mapped becomes an error entry and the others proceed.
 */
export function mapHrisDocument(document: unknown): HrisMappedDocument {
  const lists = topLevelLists(document);

  const employeeEntries = lists.employees.map(readEmployee);
  const employees: MappedEmployee[] = [];
  const users: HrisEntry<SourceUser>[] = [];
  const seenUsers = new Map<string, number>();
  employeeEntries.forEach((entry, index) => {
    if (!entry.ok) {
      users.push(entry);
      return;
    }
    const { externalId } = entry.employee.user;
    const first = seenUsers.get(externalId);
    if (first !== undefined) {
      const message = `duplicate employee id "${externalId}"; Employees[${first}] is used`;
      users.push({ ok: false, error: recordError('Employees', index, message, externalId) });
      return;
    }
    seenUsers.set(externalId, index);
    employees.push(entry.employee);
    users.push({ ok: true, record: entry.employee.user });
  });

  const kind = managerKind(employees);
  for (const { user, managerValue } of employees) {
    if (managerValue !== undefined)
      user.manager = managerValue === null ? null : { kind, value: managerValue };
  }

  // Memberships are stated on people; each group gets the complete list, so that a group nobody
  // lists any more ends up empty rather than keeping stale members.
  const members = new Map<string, MemberReference[]>();
  const referenced: string[] = [];
  const reference = (groupId: string): MemberReference[] => {
    let list = members.get(groupId);
    if (!list) {
      list = [];
      members.set(groupId, list);
      referenced.push(groupId);
    }
    return list;
  };
  for (const { user } of employees) {
    for (const groupId of user.groupExternalIds ?? [])
      reference(groupId).push({ type: 'user', externalId: user.externalId });
  }

  const groups: HrisEntry<SourceGroup>[] = [];
  const defined = new Map<string, number>();
  // A group whose record failed is not replaced by a placeholder: that would overwrite its real name.
  const failed = new Set<string>();
  lists.groups.forEach((raw, index) => {
    const entry = readGroup(raw, index);
    if (!entry.ok) {
      if (entry.error.externalId !== undefined) failed.add(entry.error.externalId);
      groups.push(entry);
      return;
    }
    const group = entry.record;
    const first = defined.get(group.externalId);
    if (first !== undefined) {
      const message = `duplicate group id "${group.externalId}"; Groups[${first}] is used`;
      groups.push({ ok: false, error: recordError('Groups', index, message, group.externalId) });
      return;
    }
    defined.set(group.externalId, index);
    group.members = reference(group.externalId);
    for (const parent of group.parentExternalIds ?? []) reference(parent);
    groups.push(entry);
  });

  // Groups only referenced (by people, or as a parent) still exist in the source: emit them plainly.
  for (const groupId of referenced) {
    if (defined.has(groupId) || failed.has(groupId)) continue;
    groups.push({
      ok: true,
      record: {
        externalId: groupId,
        attributes: { name: groupId, groupType: 'group' },
        members: reference(groupId),
      },
    });
  }

  return { users, groups, userCount: employees.length };
}

/** Splits entries into pages of at most pageSize records; an unmappable record rides on the page it falls in. */
export function* toPages<T>(entries: readonly HrisEntry<T>[], pageSize: number): Generator<SourcePage<T>> {
  let page: SourcePage<T> = { records: [], errors: [] };
  for (const entry of entries) {
    if (entry.ok) page.records.push(entry.record);
    else page.errors.push(entry.error);
    if (page.records.length >= pageSize) {
      yield page;
      page = { records: [], errors: [] };
    }
  }
  if (page.records.length > 0 || page.errors.length > 0) yield page;
}

/** Marks a JSON syntax error's offset while scanning; never leaves locateJsonError. */
class SyntaxAt extends Error {
  constructor(readonly offset: number) {
    super('syntax error');
  }
}

/**
 * Offset of the first character that breaks JSON syntax (text.length when the text ends early), or
 * -1 when the text is valid. Needed because V8 reports some errors by quoting the document instead of
 * giving a position, and the document must never appear in a message. Iterative, so deep nesting is fine.
 */
export function locateJsonError(text: string): number {
  const n = text.length;
  let i = 0;
  const stack: string[] = [];
  const skipSpace = (): void => {
    while (i < n && (text[i] === ' ' || text[i] === '\t' || text[i] === '\n' || text[i] === '\r')) i += 1;
  };
  const digits = (): number => {
    const start = i;
    while (i < n && text[i] >= '0' && text[i] <= '9') i += 1;
    return i - start;
  };
  const string = (): void => {
    i += 1; // opening quote
    for (;;) {
      if (i >= n) throw new SyntaxAt(n);
      const c = text.charCodeAt(i);
      if (c === 0x22) {
        i += 1;
        return;
      }
      if (c < 0x20) throw new SyntaxAt(i);
      if (c === 0x5c) {
        i += 1;
        if (i >= n) throw new SyntaxAt(n);
        if (text[i] === 'u') {
          for (let k = 1; k <= 4; k += 1) {
            if (i + k >= n) throw new SyntaxAt(n);
            if (!/[0-9a-fA-F]/.test(text[i + k])) throw new SyntaxAt(i + k);
          }
          i += 5;
        } else if ('"\\/bfnrt'.includes(text[i])) i += 1;
        else throw new SyntaxAt(i);
      } else i += 1;
    }
  };
  const number = (): void => {
    if (text[i] === '-') i += 1;
    if (text[i] === '0') i += 1;
    else if (digits() === 0) throw new SyntaxAt(i);
    if (text[i] === '.') {
      i += 1;
      if (digits() === 0) throw new SyntaxAt(i);
    }
    if (text[i] === 'e' || text[i] === 'E') {
      i += 1;
      if (text[i] === '+' || text[i] === '-') i += 1;
      if (digits() === 0) throw new SyntaxAt(i);
    }
  };
  const literal = (word: string): void => {
    for (let k = 0; k < word.length; k += 1) {
      if (i + k >= n) throw new SyntaxAt(n);
      if (text[i + k] !== word[k]) throw new SyntaxAt(i + k);
    }
    i += word.length;
  };
  /** Reads one value; returns true when it opened a container (whose contents come next). */
  const value = (): boolean => {
    skipSpace();
    if (i >= n) throw new SyntaxAt(n);
    const c = text[i];
    if (c === '{' || c === '[') {
      stack.push(c);
      i += 1;
      return true;
    }
    if (c === '"') string();
    else if (c === '-' || (c >= '0' && c <= '9')) number();
    else if (c === 't') literal('true');
    else if (c === 'f') literal('false');
    else if (c === 'n') literal('null');
    else throw new SyntaxAt(i);
    return false;
  };
  const key = (): void => {
    skipSpace();
    if (i >= n) throw new SyntaxAt(n);
    if (text[i] !== '"') throw new SyntaxAt(i);
    string();
    skipSpace();
    if (i >= n) throw new SyntaxAt(n);
    if (text[i] !== ':') throw new SyntaxAt(i);
    i += 1;
  };

  try {
    let opened = value();
    for (;;) {
      skipSpace();
      const top = stack[stack.length - 1];
      if (top === undefined) {
        if (i < n) throw new SyntaxAt(i);
        return -1;
      }
      if (i >= n) throw new SyntaxAt(n);
      const closer = top === '{' ? '}' : ']';
      if (text[i] === closer) {
        stack.pop();
        i += 1;
        opened = false;
        continue;
      }
      // Right after an opening bracket the first member comes without a comma.
      if (!opened) {
        if (text[i] !== ',') throw new SyntaxAt(i);
        i += 1;
      }
      if (top === '{') key();
      opened = value();
    }
  } catch (error) {
    if (error instanceof SyntaxAt) return error.offset;
    throw error;
  }
}

/** V8 reasons that carry no document text (the "Unexpected token" form quotes the document). */
const SAFE_REASON = /^[A-Za-z ,':{}[\]-]{1,80}$/;

function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let next = text.indexOf('\n'); next !== -1 && next < offset; next = text.indexOf('\n', next + 1)) {
    line += 1;
    lineStart = next + 1;
  }
  return { line, column: offset - lineStart + 1 };
}

function describeJsonError(text: string, message: string): string {
  const positioned = /^(.*?) in JSON at position (\d+)/s.exec(message);
  let offset = positioned ? Number(positioned[2]) : -1;
  if (offset < 0 || offset > text.length) {
    offset = /end of JSON input/.test(message) ? text.length : locateJsonError(text);
  }
  const stated = positioned?.[1];
  const reason =
    stated !== undefined && SAFE_REASON.test(stated) && !stated.startsWith('Unexpected token')
      ? stated.charAt(0).toLowerCase() + stated.slice(1)
      : offset >= text.length
        ? 'unexpected end of input'
        : 'unexpected character';
  if (offset < 0) return `the HRIS document is not valid JSON: ${reason}`;
  const { line, column } = lineAndColumn(text, offset);
  return `the HRIS document is not valid JSON: ${reason} at line ${line}, column ${column} (character ${offset})`;
}

/**
 * Text or bytes (UTF-8, with or without a byte order mark) → JSON value. Throws
 * ConnectorError('INVALID_DATA') that locates a syntax error but never quotes the document, which
 * holds personal data.
 */
export function parseHrisJson(input: string | Uint8Array): unknown {
  let text: string;
  if (typeof input === 'string') {
    text = input.charCodeAt(0) === 0xfeff ? input.slice(1) : input;
  } else {
    try {
      // fatal: a mis-encoded export is refused instead of silently turning names into U+FFFD.
      text = new TextDecoder('utf-8', { fatal: true }).decode(input);
    } catch {
      throw new ConnectorError('INVALID_DATA', 'the HRIS document is not valid UTF-8');
    }
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    if (error instanceof SyntaxError)
      throw new ConnectorError('INVALID_DATA', describeJsonError(text, error.message));
    throw new ConnectorError('INVALID_DATA', 'the HRIS document could not be parsed (nested too deeply)');
  }
}
