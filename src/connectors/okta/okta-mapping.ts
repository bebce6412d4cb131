/**
 * Okta user and group objects → SourceUser/SourceGroup. Pure: no I/O, so every rule is testable on
 * literals. Partial semantics: a profile attribute that is absent from the object is not provided
 * (the stored value stays); one that is present with null (or blank) clears the stored value.
 */
import {
  ManagerReference,
  SourceEmployeeAttributes,
  SourceGroup,
  SourceRecordError,
  SourceUser,
} from '../types';
import { OktaManagerReference } from './okta.config';

type JsonObject = Record<string, unknown>;

export interface OktaMappingOptions {
  managerAttribute: string;
  managerReference: OktaManagerReference;
}

export type OktaMapped<T> = { ok: true; value: T } | { ok: false; error: SourceRecordError };

export interface MappedOktaUser {
  user: SourceUser;
  /** lastUpdated in epoch ms, for the incremental cursor; null when Okta did not state it. */
  lastUpdated: number | null;
}

export interface MappedOktaGroup {
  /** The group without members (they come from another endpoint). */
  group: SourceGroup;
  type: string | null;
  /** The later of lastUpdated and lastMembershipUpdated, in epoch ms; null when unknown. */
  changedAt: number | null;
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

/**
 * A profile attribute as text: undefined when absent, null when null or blank. Numbers and booleans
 * are accepted (custom attributes are often typed so); lists and objects are not.
 */
function text(profile: JsonObject, key: string): string | null | undefined {
  if (!Object.prototype.hasOwnProperty.call(profile, key)) return undefined;
  const value = profile[key];
  if (value === null || value === undefined) return null;
  if (typeof value === 'string') {
    const trimmed = value.trim();
    return trimmed === '' ? null : trimmed;
  }
  if ((typeof value === 'number' && Number.isFinite(value)) || typeof value === 'boolean')
    return String(value);
  throw new RecordProblem(`profile.${key} must be text, got ${describeType(value)}`);
}

function timestamp(value: unknown): number | null {
  if (typeof value !== 'string') return null;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? null : ms;
}

/**
 * Okta lifecycle statuses → stored employment statuses. Everything short of SUSPENDED and
 * DEPROVISIONED is a working account, including STAGED (created, not yet activated: typically a
 * pre-hire; Okta holds no start date, so none is invented) and the password/lock states.
 */
export const OKTA_STATUSES: Readonly<Record<string, string>> = {
  STAGED: 'active',
  PROVISIONED: 'active',
  ACTIVE: 'active',
  RECOVERY: 'active',
  PASSWORD_EXPIRED: 'active',
  LOCKED_OUT: 'active',
  SUSPENDED: 'suspended',
  DEPROVISIONED: 'terminated',
};

/** userType values that name an employment type, compared with letters only ("Full-Time" = "fulltime"). */
const EMPLOYMENT_TYPES: Readonly<Record<string, string>> = {
  fulltime: 'full_time',
  parttime: 'part_time',
  contractor: 'contractor',
  contract: 'contractor',
  intern: 'intern',
  internship: 'intern',
  temporary: 'temporary',
  temp: 'temporary',
  freelance: 'freelance',
  freelancer: 'freelance',
};

export function employmentTypeOf(userType: string): string | null {
  return EMPLOYMENT_TYPES[userType.toLowerCase().replace(/[^a-z]/g, '')] ?? null;
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** Plain text attributes: stored attribute ← Okta profile attribute. */
type TextAttribute = Exclude<keyof SourceEmployeeAttributes, 'customAttributes'>;
const TEXT_ATTRIBUTES: ReadonlyArray<[TextAttribute, string]> = [
  ['email', 'email'],
  ['username', 'login'],
  ['firstName', 'firstName'],
  ['lastName', 'lastName'],
  ['preferredName', 'nickName'],
  ['jobTitle', 'title'],
  ['department', 'department'],
  ['division', 'division'],
  ['costCenter', 'costCenter'],
  ['company', 'organization'],
  ['employeeNumber', 'employeeNumber'],
  ['timeZone', 'timezone'],
];

/** The first present attribute's value among keys: undefined when none is present. */
function firstOf(profile: JsonObject, ...keys: string[]): string | null | undefined {
  let present = false;
  for (const key of keys) {
    const value = text(profile, key);
    if (typeof value === 'string') return value;
    if (value === null) present = true;
  }
  return present ? null : undefined;
}

/** An `office` attribute when the org defines one, else "city, countryCode" from the base profile. */
function locationOf(profile: JsonObject): string | null | undefined {
  const office = text(profile, 'office');
  if (typeof office === 'string') return office;
  const city = text(profile, 'city');
  const country = text(profile, 'countryCode');
  if (city === undefined && country === undefined) return office;
  const parts = [city, country].filter((part): part is string => typeof part === 'string');
  return parts.length > 0 ? parts.join(', ') : null;
}

function displayNameOf(profile: JsonObject, attributes: SourceEmployeeAttributes): string | null | undefined {
  const stated = text(profile, 'displayName');
  if (typeof stated === 'string') return stated;
  // Compose only when both parts are known, so that a profile without them does not blank a stored name.
  const given = attributes.preferredName ?? attributes.firstName;
  if (given !== undefined && attributes.lastName !== undefined) {
    const composed = [given, attributes.lastName].filter((part) => part).join(' ');
    if (composed !== '') return composed;
  }
  return stated;
}

/**
 * The manager: the configured attribute (managerId by default) read as configured, else the
 * base `manager` attribute when it holds an email or login (in Okta's default schema it is often a
 * display name, which cannot be resolved and is ignored). undefined: the profile does not say.
 */
function managerOf(profile: JsonObject, options: OktaMappingOptions): ManagerReference | null | undefined {
  const configured = text(profile, options.managerAttribute);
  if (typeof configured === 'string') {
    switch (options.managerReference) {
      case 'employeeNumber':
        return { kind: 'employeeNumber', value: configured };
      case 'id':
        return { kind: 'externalId', value: configured };
      case 'login':
        // Logins are email-shaped in Okta, and usually the email: the directory matches them so.
        return { kind: 'email', value: configured.toLowerCase() };
    }
  }
  const manager = options.managerAttribute === 'manager' ? undefined : text(profile, 'manager');
  if (typeof manager === 'string') {
    return EMAIL.test(manager) ? { kind: 'email', value: manager.toLowerCase() } : undefined;
  }
  return configured === null || manager === null ? null : undefined;
}

/** Maps one element of /api/v1/users (or /api/v1/groups/{id}/users). */
export function mapOktaUser(raw: unknown, options: OktaMappingOptions): OktaMapped<MappedOktaUser> {
  if (!isObject(raw))
    return { ok: false, error: { message: `user: expected an object, got ${describeType(raw)}` } };
  const id = typeof raw.id === 'string' && raw.id.trim() !== '' ? raw.id.trim() : undefined;
  if (id === undefined) return { ok: false, error: { message: 'user: the object has no id' } };
  try {
    if (!isObject(raw.profile))
      throw new RecordProblem(`profile must be an object, got ${describeType(raw.profile)}`);
    if (typeof raw.status !== 'string')
      throw new RecordProblem(`status must be text, got ${describeType(raw.status)}`);
    const profile = raw.profile;
    const oktaStatus = raw.status.toUpperCase();
    const attributes: SourceEmployeeAttributes = { idpId: id };
    for (const [attribute, key] of TEXT_ATTRIBUTES) {
      const value = text(profile, key);
      if (value !== undefined) attributes[attribute] = value;
    }
    const name = displayNameOf(profile, attributes);
    if (name !== undefined) attributes.displayName = name;
    const phone = firstOf(profile, 'primaryPhone', 'mobilePhone');
    if (phone !== undefined) attributes.phone = phone;
    const location = locationOf(profile);
    if (location !== undefined) attributes.location = location;

    const custom: JsonObject = { oktaStatus };
    const userType = text(profile, 'userType');
    if (userType !== undefined) {
      // A userType that names no employment type clears the stored one: Okta no longer says it.
      attributes.employmentType = userType === null ? null : employmentTypeOf(userType);
      custom.oktaUserType = userType;
    }
    attributes.customAttributes = custom;

    const status = OKTA_STATUSES[oktaStatus];
    if (status !== undefined) {
      // As for HRIS imports: the directory records working contractors as a status.
      const contract =
        attributes.employmentType === 'contractor' || attributes.employmentType === 'freelance';
      attributes.status = status === 'active' && contract ? 'contractor' : status;
      const changed = timestamp(raw.statusChanged);
      if (oktaStatus === 'DEPROVISIONED') {
        if (changed !== null) attributes.terminationDate = new Date(changed).toISOString().slice(0, 10);
      } else {
        attributes.terminationDate = null;
      }
    }
    // An unknown (newer) Okta status leaves the stored status alone; customAttributes.oktaStatus shows it.

    const user: SourceUser = { externalId: id, attributes };
    const manager = managerOf(profile, options);
    if (manager !== undefined) user.manager = manager;
    return { ok: true, value: { user, lastUpdated: timestamp(raw.lastUpdated) } };
  } catch (error) {
    if (error instanceof RecordProblem)
      return { ok: false, error: { externalId: id, message: `user ${id}: ${error.message}` } };
    throw error;
  }
}

/** Maps one element of /api/v1/groups (members are added by the caller). */
export function mapOktaGroup(raw: unknown): OktaMapped<MappedOktaGroup> {
  if (!isObject(raw))
    return { ok: false, error: { message: `group: expected an object, got ${describeType(raw)}` } };
  const id = typeof raw.id === 'string' && raw.id.trim() !== '' ? raw.id.trim() : undefined;
  if (id === undefined) return { ok: false, error: { message: 'group: the object has no id' } };
  try {
    if (!isObject(raw.profile))
      throw new RecordProblem(`profile must be an object, got ${describeType(raw.profile)}`);
    const name = text(raw.profile, 'name');
    if (typeof name !== 'string') throw new RecordProblem('profile.name is missing');
    const type = typeof raw.type === 'string' ? raw.type : null;
    const group: SourceGroup = { externalId: id, attributes: { name } };
    const description = text(raw.profile, 'description');
    if (description !== undefined) group.attributes.description = description;
    if (type !== null) group.attributes.customAttributes = { oktaGroupType: type };
    const times = [timestamp(raw.lastUpdated), timestamp(raw.lastMembershipUpdated)];
    const known = times.filter((time): time is number => time !== null);
    return { ok: true, value: { group, type, changedAt: known.length > 0 ? Math.max(...known) : null } };
  } catch (error) {
    if (error instanceof RecordProblem)
      return { ok: false, error: { externalId: id, message: `group ${id}: ${error.message}` } };
    throw error;
  }
}
