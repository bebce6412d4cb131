import { SourceEmployeeAttributes, SourceGroupAttributes } from '../connectors/types';
import { EmploymentType } from '../entities/enums';
import { invalidPath, invalidValue, quote, ScimError } from './errors';
import {
  AttributeDef,
  ENTERPRISE_SCHEMA,
  GROUP_SCHEMA,
  ResourceTypeDef,
  resolveAttribute,
  splitUrn,
  USER_SCHEMA,
} from './schema';

export type Json = Record<string, unknown>;

/** A person as the SCIM reads select them. */
export interface UserRow {
  id: string;
  externalKey: string | null;
  idpId: string | null;
  username: string | null;
  email: string | null;
  personalEmail: string | null;
  firstName: string | null;
  lastName: string | null;
  displayName: string;
  preferredName: string | null;
  jobTitle: string | null;
  phone: string | null;
  location: string | null;
  timeZone: string | null;
  employmentType: string | null;
  customAttributes: Json;
  active: boolean;
  deprovisioned: boolean;
  employeeNumber: string | null;
  costCenter: string | null;
  company: string | null;
  division: string | null;
  department: string | null;
  managerValue: string | null;
  managerIsResource: boolean;
  managerDisplayName: string | null;
  /** What the client sent that has no directory column (table scim_user_attributes), or null. */
  scimAttributes: ScimUserAttributes | null;
  createdAt: Date;
  updatedAt: Date;
  version: string;
}

/**
 * The parts of a User kept as the client sent them, because the directory has one column (or
 * none) for them: every e-mail with its type and primary flag, full addresses, the name parts
 * besides given and family name, profileUrl and photos. Returned in place of what the columns
 * would give; the columns (email, personal email, location) still take their values from them.
 */
export interface ScimUserAttributes {
  emails?: Json[];
  addresses?: Json[];
  name?: Json;
  profileUrl?: string;
  photos?: Json[];
}

export interface GroupRow {
  id: string;
  externalKey: string | null;
  name: string;
  displayName: string | null;
  customAttributes: Json;
  createdAt: Date;
  updatedAt: Date;
  version: string;
}

export interface MemberRow {
  value: string;
  type: 'User' | 'Group';
  display: string | null;
}

const present = (entries: [string, unknown][]): Json =>
  Object.fromEntries(entries.filter(([, value]) => value !== null && value !== undefined && value !== ''));

const text = (value: unknown): string | null => (typeof value === 'string' && value !== '' ? value : null);

export const etagOf = (version: string) => `W/"${version}"`;

function meta(
  type: 'User' | 'Group',
  row: { createdAt: Date; updatedAt: Date; version: string },
  location: string,
) {
  return {
    resourceType: type,
    created: row.createdAt.toISOString(),
    lastModified: row.updatedAt.toISOString(),
    location,
    version: etagOf(row.version),
  };
}

/** The User resource of a person (null and empty values left out, as clients expect). */
export function userResource(row: UserRow, base: string, groups?: { id: string; display: string }[]): Json {
  const custom = row.customAttributes ?? {};
  const kept = row.scimAttributes ?? {};
  const formatted = [row.firstName, row.lastName].filter(Boolean).join(' ');
  const manager =
    row.managerValue === null
      ? null
      : present([
          ['value', row.managerValue],
          ['$ref', row.managerIsResource ? `${base}/Users/${row.managerValue}` : null],
          ['displayName', row.managerDisplayName],
        ]);
  const enterprise = present([
    ['employeeNumber', row.employeeNumber],
    ['costCenter', row.costCenter],
    ['organization', row.company],
    ['division', row.division],
    ['department', row.department],
    ['manager', manager],
  ]);
  let emails: Json[] = row.email ? [{ value: row.email, type: 'work', primary: true }] : [];
  if (row.personalEmail) emails.push({ value: row.personalEmail, type: 'home', primary: false });
  if (kept.emails && kept.emails.length > 0) emails = kept.emails;
  const addresses =
    kept.addresses ?? (row.location ? [{ locality: row.location, type: 'work', primary: true }] : []);
  return {
    schemas: [USER_SCHEMA, ENTERPRISE_SCHEMA],
    id: row.id,
    ...present([
      ['externalId', row.idpId],
      ['userName', row.username ?? row.email],
      [
        'name',
        row.firstName || row.lastName || kept.name
          ? present([
              ['formatted', text(kept.name?.formatted) ?? formatted],
              ['familyName', row.lastName],
              ['givenName', row.firstName],
              ['middleName', text(kept.name?.middleName)],
              ['honorificPrefix', text(kept.name?.honorificPrefix)],
              ['honorificSuffix', text(kept.name?.honorificSuffix)],
            ])
          : null,
      ],
      ['displayName', row.displayName],
      ['nickName', row.preferredName],
      ['profileUrl', text(kept.profileUrl)],
      ['title', row.jobTitle],
      ['userType', text(custom.userType) ?? row.employmentType],
      ['preferredLanguage', text(custom.preferredLanguage)],
      ['locale', text(custom.locale)],
      ['timezone', row.timeZone],
    ]),
    active: row.active,
    ...(emails.length > 0 ? { emails } : {}),
    ...(row.phone ? { phoneNumbers: [{ value: row.phone, type: 'work', primary: true }] } : {}),
    ...(addresses.length > 0 ? { addresses } : {}),
    ...(kept.photos && kept.photos.length > 0 ? { photos: kept.photos } : {}),
    ...(groups
      ? {
          groups: groups.map((group) => ({
            value: group.id,
            $ref: `${base}/Groups/${group.id}`,
            display: group.display,
            type: 'direct',
          })),
        }
      : {}),
    ...(Object.keys(enterprise).length > 0 ? { [ENTERPRISE_SCHEMA]: enterprise } : {}),
    meta: meta('User', row, `${base}/Users/${row.id}`),
  };
}

export function groupResource(row: GroupRow, base: string, members?: MemberRow[]): Json {
  return {
    schemas: [GROUP_SCHEMA],
    id: row.id,
    ...present([
      ['externalId', text(row.customAttributes?.scimExternalId)],
      ['displayName', row.displayName ?? row.name],
    ]),
    ...(members
      ? {
          members: members.map((member) => ({
            value: member.value,
            $ref: `${base}/${member.type === 'User' ? 'Users' : 'Groups'}/${member.value}`,
            type: member.type,
            ...(member.display ? { display: member.display } : {}),
          })),
        }
      : {}),
    meta: meta('Group', row, `${base}/Groups/${row.id}`),
  };
}

// ---------------------------------------------------------------------------------------------
// Requests → canonical documents

/**
 * A resource as a client wrote it, with canonical attribute names: core attributes at the top,
 * extension attributes under their schema URN, values checked against the attribute types.
 * Attributes this service does not know are dropped (RFC 7644 §3.3 lets a service provider ignore
 * them; Entra ID sends "roles" and, in some versions, "department" and "manager" at the top level,
 * which resolve to the enterprise extension here).
 */
export function canonicalDocument(type: ResourceTypeDef, body: Json): Json {
  const doc: Json = {};
  for (const [key, value] of Object.entries(body)) setCanonical(type, doc, key, value, 'document');
  return doc;
}

const READ_ONLY_ON_WRITE = new Set(['schemas', 'meta', 'id', 'groups']);

/**
 * Writes one attribute given as a key ("title", "name.givenName", "urn:…:User:department", or an
 * extension URN whose value holds attributes) into a canonical document.
 */
export function setCanonical(
  type: ResourceTypeDef,
  doc: Json,
  key: string,
  value: unknown,
  context: 'document' | 'patch',
): void {
  if (READ_ONLY_ON_WRITE.has(key.toLowerCase()) && context === 'document') return;
  const urn = splitUrn(type, key);
  if (urn && urn.rest === '') {
    if (urn.schema === type.core) {
      if (value && typeof value === 'object' && !Array.isArray(value))
        for (const [inner, innerValue] of Object.entries(value as Json))
          setCanonical(type, doc, inner, innerValue, context);
      return;
    }
    if (value === null) {
      doc[urn.schema.id] = null;
      return;
    }
    if (typeof value !== 'object' || Array.isArray(value))
      throw invalidValue(`${urn.schema.id} must be an object of attributes`);
    for (const [inner, innerValue] of Object.entries(value as Json))
      setCanonical(type, doc, `${urn.schema.id}:${inner}`, innerValue, context);
    return;
  }
  const resolved = resolveAttribute(type, key);
  if (!resolved) {
    if (context === 'patch') throw unknownAttribute(key);
    return;
  }
  const { attribute, sub } = resolved;
  if (attribute.mutability === 'readOnly' || sub?.mutability === 'readOnly') {
    if (
      context === 'patch' &&
      (attribute.name === 'id' || attribute.name === 'meta' || attribute.name === 'groups')
    )
      throw mutabilityError(key);
    return;
  }
  const holder = resolved.extension ? extensionOf(doc, resolved.schema) : doc;
  if (sub) {
    if (attribute.multiValued)
      throw invalidValue(`${key}: say which value, e.g. ${attribute.name}[type eq "work"].${sub.name}`);
    const parent = (holder[attribute.name] as Json | null | undefined) ?? {};
    parent[sub.name] = coerce(sub, value, key);
    holder[attribute.name] = parent;
    return;
  }
  holder[attribute.name] = coerce(attribute, value, key);
}

export function extensionOf(doc: Json, schema: string): Json {
  const current = doc[schema];
  if (current && typeof current === 'object' && !Array.isArray(current)) return current as Json;
  const created: Json = {};
  doc[schema] = created;
  return created;
}

export const unknownAttribute = (path: string) => invalidPath(`unknown attribute ${quote(path)}`);

export const mutabilityError = (path: string) =>
  new ScimError(400, 'mutability', `${quote(path)} is read-only and cannot be changed`);

/** Checks and normalises a value for an attribute (string booleans like "False" become booleans). */
export function coerce(attribute: AttributeDef, value: unknown, path: string): unknown {
  if (value === null || value === undefined) return null;
  if (attribute.multiValued) {
    const items = Array.isArray(value) ? value : [value];
    return items.map((item) => coerceSingle(attribute, item, path));
  }
  if (attribute.type === 'complex' && Array.isArray(value)) {
    // Entra ID sends the manager as [{ "value": "…" }].
    if (value.length === 0) return null;
    if (value.length === 1) return coerceSingle(attribute, value[0], path);
    throw invalidValue(`${quote(path)} takes one value, got ${value.length}`);
  }
  return coerceSingle(attribute, value, path);
}

function coerceSingle(attribute: AttributeDef, value: unknown, path: string): unknown {
  if (value === null || value === undefined) return null;
  switch (attribute.type) {
    case 'boolean': {
      if (typeof value === 'boolean') return value;
      if (typeof value === 'string' && /^(true|false)$/i.test(value.trim()))
        return value.trim().toLowerCase() === 'true';
      throw invalidValue(`${quote(path)} must be a boolean`);
    }
    case 'complex': {
      if (typeof value === 'string' && attribute.subAttributes?.some((sub) => sub.name === 'value'))
        return { value };
      if (typeof value !== 'object' || Array.isArray(value))
        throw invalidValue(`${quote(path)} must be an object`);
      const result: Json = {};
      for (const [key, inner] of Object.entries(value as Json)) {
        const sub = attribute.subAttributes?.find(
          (candidate) => candidate.name.toLowerCase() === key.toLowerCase(),
        );
        if (!sub || sub.mutability === 'readOnly') continue;
        result[sub.name] = coerceSingle(sub, inner, `${path}.${sub.name}`);
      }
      return result;
    }
    default: {
      if (typeof value === 'string') return value;
      if (typeof value === 'number' && Number.isFinite(value)) return String(value);
      throw invalidValue(`${quote(path)} must be a string`);
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Canonical documents → what the sync engine takes

export interface UserState {
  attributes: SourceEmployeeAttributes;
  /** undefined: not given; null: no manager; else the value the client gave (our id, an email…). */
  managerValue: string | null | undefined;
  /** undefined: not given. */
  active: boolean | undefined;
}

const EMPLOYMENT_TYPES = new Set<string>(Object.values(EmploymentType));
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

const elements = (value: unknown): Json[] =>
  Array.isArray(value) ? value.filter((item): item is Json => !!item && typeof item === 'object') : [];

const typeIs = (element: Json, type: string) =>
  typeof element.type === 'string' && element.type.toLowerCase() === type;

/** The value a person's single column takes from a multi-valued attribute: work, else primary, else the only one. */
function pick(items: Json[], sub: string, preferPrimary: boolean): string | null {
  const usable = items.filter((item) => text(item[sub]) !== null);
  const primary = usable.find((item) => item.primary === true);
  const work = usable.find((item) => typeIs(item, 'work'));
  const chosen = preferPrimary ? (primary ?? work) : (work ?? primary);
  const untyped = usable.filter((item) => !typeIs(item, 'home'));
  return text((chosen ?? untyped[0])?.[sub]);
}

/**
 * The sync engine's view of a User document. With `complete` (PUT, and PATCH, which applies to the
 * whole current document) every mapped attribute is stated, absent ones as null; without it (POST)
 * only what the client sent, so adopting an existing person keeps what other sources said.
 */
export function userState(doc: Json, complete: boolean): UserState {
  const attributes: SourceEmployeeAttributes = {};
  const given = (key: string) => complete || key in doc;
  const ext = (doc[ENTERPRISE_SCHEMA] as Json | null | undefined) ?? null;
  const extGiven = (key: string) =>
    complete || (!!ext && key in ext) || (ENTERPRISE_SCHEMA in doc && ext === null);
  const name = (doc.name as Json | null | undefined) ?? null;

  if (given('userName')) attributes.username = text(doc.userName);
  if (given('emails') || given('userName')) {
    const emails = elements(doc.emails);
    const userName = text(doc.userName);
    const email = pick(emails, 'value', true) ?? (userName && EMAIL.test(userName) ? userName : null);
    // A full document without one clears it (a User may have no e-mail); a POST without one
    // leaves an adopted person's e-mail as other sources gave it.
    if (email !== null || complete) attributes.email = email;
    if (given('emails')) {
      const home = emails.find((item) => typeIs(item, 'home') && text(item.value) !== email);
      attributes.personalEmail = home ? text(home.value) : null;
    }
  }
  if (given('name')) {
    attributes.firstName = text(name?.givenName);
    attributes.lastName = text(name?.familyName);
  }
  if (given('displayName')) attributes.displayName = text(doc.displayName);
  if (given('nickName')) attributes.preferredName = text(doc.nickName);
  if (given('title')) attributes.jobTitle = text(doc.title);
  if (given('timezone')) attributes.timeZone = text(doc.timezone);
  if (given('phoneNumbers')) attributes.phone = pick(elements(doc.phoneNumbers), 'value', false);
  if (given('addresses'))
    attributes.location = pick(
      elements(doc.addresses).filter((address) => !typeIs(address, 'home')),
      'locality',
      false,
    );
  if (given('externalId')) attributes.idpId = text(doc.externalId);

  const custom: Record<string, unknown> = {};
  if (given('userType')) {
    const userType = text(doc.userType);
    const normalized =
      userType
        ?.trim()
        .toLowerCase()
        .replace(/[\s-]+/g, '_') ?? null;
    if (userType === null || normalized === null) {
      attributes.employmentType = null;
      custom.userType = null;
    } else if (EMPLOYMENT_TYPES.has(normalized)) {
      attributes.employmentType = normalized;
      // The client's own spelling ("Full Time") is kept to be returned as sent.
      custom.userType = userType === normalized ? null : userType;
    } else {
      // Not an employment type ("Employee"): kept as given, the employment type left as it is.
      custom.userType = userType;
    }
  }
  if (given('preferredLanguage')) custom.preferredLanguage = text(doc.preferredLanguage);
  if (given('locale')) custom.locale = text(doc.locale);
  if (Object.keys(custom).length > 0) attributes.customAttributes = custom;

  if (extGiven('employeeNumber')) attributes.employeeNumber = text(ext?.employeeNumber);
  if (extGiven('costCenter')) attributes.costCenter = text(ext?.costCenter);
  if (extGiven('organization')) attributes.company = text(ext?.organization);
  if (extGiven('division')) attributes.division = text(ext?.division);
  if (extGiven('department')) attributes.department = text(ext?.department);
  let managerValue: string | null | undefined;
  if (extGiven('manager')) {
    const manager = (ext?.manager as Json | null | undefined) ?? null;
    managerValue = text(manager?.value)?.trim() || null;
  }
  const active = typeof doc.active === 'boolean' ? doc.active : undefined;
  return { attributes, managerValue, active };
}

/**
 * What a User document says that the directory columns cannot hold (see ScimUserAttributes), with
 * null values left out; null when there is nothing to keep.
 */
export function keptAttributes(doc: Json): ScimUserAttributes | null {
  const kept: ScimUserAttributes = {};
  const cleaned = (items: Json[]) =>
    items.map((item) => present(Object.entries(item))).filter((item) => Object.keys(item).length > 0);
  const emails = cleaned(elements(doc.emails));
  if (emails.length > 0) kept.emails = emails;
  const addresses = cleaned(elements(doc.addresses));
  if (addresses.length > 0) kept.addresses = addresses;
  const photos = cleaned(elements(doc.photos));
  if (photos.length > 0) kept.photos = photos;
  const name = doc.name && typeof doc.name === 'object' ? (doc.name as Json) : null;
  const derived = [text(name?.givenName), text(name?.familyName)].filter(Boolean).join(' ');
  const formatted = text(name?.formatted);
  const nameParts = present([
    // The formatted name is kept only as sent: one equal to what it is derived from is not.
    ['formatted', formatted === derived ? null : formatted],
    ['middleName', text(name?.middleName)],
    ['honorificPrefix', text(name?.honorificPrefix)],
    ['honorificSuffix', text(name?.honorificSuffix)],
  ]);
  if (Object.keys(nameParts).length > 0) kept.name = nameParts;
  const profileUrl = text(doc.profileUrl);
  if (profileUrl !== null) kept.profileUrl = profileUrl;
  return Object.keys(kept).length > 0 ? kept : null;
}

export interface GroupState {
  attributes: SourceGroupAttributes;
  /** undefined: not given (members are kept); else the complete list of member ids. */
  memberIds: string[] | undefined;
}

export function groupState(doc: Json, complete: boolean): GroupState {
  const attributes: SourceGroupAttributes = {};
  if (complete || 'displayName' in doc) {
    const displayName = text(doc.displayName);
    if (displayName !== null) {
      attributes.name = displayName;
      attributes.displayName = displayName;
    }
  }
  if (complete || 'externalId' in doc) attributes.customAttributes = { scimExternalId: text(doc.externalId) };
  const memberIds = 'members' in doc ? memberValues(doc.members, 'members') : undefined;
  return { attributes, memberIds };
}

/** The ids of member objects ([{ "value": "…" }]), checked. */
export function memberValues(value: unknown, path: string): string[] {
  if (value === null || value === undefined) return [];
  const items = Array.isArray(value) ? value : [value];
  return items.map((item) => {
    const id = item && typeof item === 'object' ? (item as Json).value : item;
    if (typeof id !== 'string' || id.trim() === '')
      throw invalidValue(`${path}: every member needs a "value" (its id)`);
    return id.trim();
  });
}
