/**
 * LDAP entries → SourceUser / SourceGroup. Pure: no I/O, so every mapping rule is testable on
 * literal entries. The directory-wide part (which DN is which user or group) comes in through a
 * resolver built by the connector.
 */
import type { Entry } from 'ldapts';
import {
  ManagerReference,
  MemberReference,
  SourceEmployeeAttributes,
  SourceGroup,
  SourceGroupAttributes,
  SourceRecordError,
  SourceUser,
} from '../types';
import { DnSyntaxError, leafValue, normalizeDn } from './dn';
import { AttributeMap } from './ldap.config';

/** An entry's attributes by lower-cased description ("member;range=0-1499" included), values as sent. */
export class EntryReader {
  readonly dn: string;
  private readonly attributes = new Map<string, (string | Buffer)[]>();

  constructor(entry: Entry) {
    this.dn = entry.dn;
    for (const [name, raw] of Object.entries(entry)) {
      if (name === 'dn') continue;
      const values: (string | Buffer)[] = Array.isArray(raw) ? raw : [raw];
      if (values.length === 0) continue; // ldapts fills requested-but-absent attributes with []
      const key = name.toLowerCase();
      this.attributes.set(key, [...(this.attributes.get(key) ?? []), ...values]);
    }
  }

  /** Values of one attribute, as text (bytes read as UTF-8). */
  texts(name: string): string[] {
    return (this.attributes.get(name.toLowerCase()) ?? []).map((value) =>
      typeof value === 'string' ? value : value.toString('utf8'),
    );
  }

  /** Values of one attribute, as bytes (text that ldapts decoded is encoded back: the round trip is exact). */
  bytes(name: string): Buffer[] {
    return (this.attributes.get(name.toLowerCase()) ?? []).map((value) =>
      typeof value === 'string' ? Buffer.from(value, 'utf8') : value,
    );
  }

  /** The first non-blank value among the attributes, tried in order; null when none has one. */
  first(names: readonly string[]): string | null {
    for (const name of names) {
      for (const value of this.texts(name)) {
        const trimmed = value.trim();
        if (trimmed !== '') return trimmed;
      }
    }
    return null;
  }

  /**
   * Range retrieval (Active Directory sends at most MaxValRange values of a large attribute, as
   * "member;range=0-1499"): the values received so far under that form, and where the next range
   * starts, or null when the last range ("…-*") is in.
   */
  ranged(name: string): { values: string[]; nextStart: number | null } | null {
    const prefix = `${name.toLowerCase()};range=`;
    for (const key of this.attributes.keys()) {
      if (!key.startsWith(prefix)) continue;
      const match = /^(\d+)-(\d+|\*)$/.exec(key.slice(prefix.length));
      if (!match) continue;
      return { values: this.texts(key), nextStart: match[2] === '*' ? null : Number(match[2]) + 1 };
    }
    return null;
  }

  /** Adds values (from further range requests) to an attribute. */
  append(name: string, values: readonly string[]): void {
    const key = name.toLowerCase();
    this.attributes.set(key, [...(this.attributes.get(key) ?? []), ...values]);
  }
}

/**
 * objectGUID bytes → the GUID as Windows writes it. The first three fields are little-endian
 * integers (so their bytes are reversed), the last two are plain byte sequences:
 * bytes c9 8b 91 35 6d 19 ea 40 97 79 88 9d 79 b7 53 f0 → 35918bc9-196d-40ea-9779-889d79b753f0.
 */
export function formatObjectGuid(bytes: Uint8Array): string {
  if (bytes.length !== 16) throw new RangeError(`a GUID has 16 bytes, got ${bytes.length}`);
  const hex = (from: number, to: number, reverse: boolean): string => {
    const part = Array.from(bytes.subarray(from, to));
    if (reverse) part.reverse();
    return part.map((byte) => byte.toString(16).padStart(2, '0')).join('');
  };
  return [hex(0, 4, true), hex(4, 6, true), hex(6, 8, true), hex(8, 10, false), hex(10, 16, false)].join('-');
}

/** The inverse of formatObjectGuid (for filters on objectGUID and for tests). */
export function objectGuidBytes(guid: string): Buffer {
  const hex = guid.replace(/[{}-]/g, '');
  if (!/^[0-9a-fA-F]{32}$/.test(hex)) throw new RangeError('not a GUID');
  const bytes = Buffer.from(hex, 'hex');
  return Buffer.concat([
    Buffer.from(bytes.subarray(0, 4)).reverse(),
    Buffer.from(bytes.subarray(4, 6)).reverse(),
    Buffer.from(bytes.subarray(6, 8)).reverse(),
    bytes.subarray(8, 16),
  ]);
}

/** LDAP GeneralizedTime (RFC 4517 §3.3.13: "20240101123000Z", "20240101123000.5+0200") → Date. */
export function parseGeneralizedTime(text: string): Date | null {
  const match = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})?(\d{2})?(?:[.,](\d+))?(Z|[+-]\d{2}(?:\d{2})?)$/.exec(
    text.trim(),
  );
  if (!match) return null;
  const [, year, month, day, hour, minute = '00', second = '00', fraction, zone] = match;
  let ms = Date.UTC(
    Number(year),
    Number(month) - 1,
    Number(day),
    Number(hour),
    Number(minute),
    Number(second),
  );
  if (fraction) ms += Math.floor(Number(`0.${fraction}`) * 1000);
  if (zone !== 'Z') {
    const sign = zone.startsWith('-') ? -1 : 1;
    const offset = Number(zone.slice(1, 3)) * 60 + Number(zone.slice(3, 5) || '0');
    ms -= sign * offset * 60_000;
  }
  return Number.isNaN(ms) ? null : new Date(ms);
}

/** Date → GeneralizedTime to the second, UTC ("20240101123000Z"), the form filters on modifyTimestamp use. */
export function formatGeneralizedTime(date: Date): string {
  return `${date.toISOString().slice(0, 19).replace(/[-T:]/g, '')}Z`;
}

/** Active Directory's userAccountControl flag for a disabled account. */
export const ACCOUNTDISABLE = 0x2;
/** Active Directory's groupType flag for a security group (otherwise: distribution). */
export const GROUP_TYPE_SECURITY = 0x80000000;
const GROUP_SCOPES: ReadonlyArray<[number, string]> = [
  [0x1, 'builtin'],
  [0x2, 'global'],
  [0x4, 'domain_local'],
  [0x8, 'universal'],
];

/** Reads an integer attribute value (AD writes groupType as a signed 32-bit decimal); null if it is not one. */
function integer(text: string | null): number | null {
  if (text === null || !/^-?\d+$/.test(text)) return null;
  const value = Number(text);
  return Number.isSafeInteger(value) ? value : null;
}

/** What the rest of the directory is, as far as mapping one entry needs to know. */
export interface MappingContext {
  attributes: AttributeMap;
  /** The user or group a DN names, by the normalized DN; null when it is not one we read. */
  resolve(dn: string): MemberReference | null;
}

export type Mapped<T> = { ok: true; record: T } | { ok: false; error: SourceRecordError };

/** The normalized form of a DN value, or null when the value is not a DN at all. */
function tryNormalize(value: string): string | null {
  try {
    return normalizeDn(value);
  } catch (error) {
    if (error instanceof DnSyntaxError) return null;
    throw error;
  }
}

/**
 * The entry's stable id: the first configured id attribute that has a value (objectGUID formatted as
 * a GUID), else the normalized DN. A DN is only a last resort: it changes when an entry is renamed
 * or moved, and the person would then be seen as removed and re-created.
 */
export function readExternalId(reader: EntryReader, idAttributes: readonly string[]): Mapped<string> {
  for (const name of idAttributes) {
    if (name.toLowerCase() === 'objectguid') {
      const [bytes] = reader.bytes(name);
      if (bytes === undefined) continue;
      if (bytes.length !== 16) {
        return {
          ok: false,
          error: { message: `${reader.dn}: ${name} has ${bytes.length} bytes; a GUID has 16` },
        };
      }
      return { ok: true, record: formatObjectGuid(bytes) };
    }
    const text = reader.first([name]);
    if (text !== null) return { ok: true, record: text };
  }
  const normalized = tryNormalize(reader.dn);
  if (normalized === null)
    return { ok: false, error: { message: `the server sent an entry whose DN cannot be read` } };
  return { ok: true, record: normalized };
}

/**
 * The manager a `manager` DN names. When the DN is not one of the users read (outside the base,
 * excluded by the filter, or gone), the reference still names the DN — normalized, which is also
 * the id of an entry that has no id attribute — so that the engine reports it as not found rather
 * than silently dropping it.
 */
function managerReference(value: string, context: MappingContext): ManagerReference {
  const resolved = context.resolve(value);
  if (resolved?.type === 'user') return { kind: 'externalId', value: resolved.externalId };
  return { kind: 'externalId', value: tryNormalize(value) ?? value.trim() };
}

type TextField = Exclude<
  keyof SourceEmployeeAttributes,
  'customAttributes' | 'status' | 'email' | 'employmentType' | 'startDate' | 'terminationDate'
>;
const USER_TEXT_FIELDS: ReadonlyArray<[TextField, keyof AttributeMap]> = [
  ['username', 'username'],
  ['firstName', 'firstName'],
  ['lastName', 'lastName'],
  ['displayName', 'displayName'],
  ['jobTitle', 'jobTitle'],
  ['department', 'department'],
  ['company', 'company'],
  ['employeeNumber', 'employeeNumber'],
  ['phone', 'phone'],
  ['location', 'location'],
];

/**
 * One person. Every mapped attribute is stated: an attribute the entry lacks is sent as null (the
 * directory has no value, so the stored one is cleared), e-mail included. Fields with no LDAP
 * attribute mapped are not sent at all.
 */
export function mapUserEntry(reader: EntryReader, context: MappingContext): Mapped<SourceUser> {
  const id = readExternalId(reader, context.attributes.externalId);
  if (!id.ok) return id;
  const externalId = id.record;
  const { attributes: map } = context;
  const attributes: SourceEmployeeAttributes = {};
  for (const [field, key] of USER_TEXT_FIELDS) {
    if (map[key].length > 0) attributes[field] = reader.first(map[key]);
  }
  // An entry without mail has no e-mail (the connection's identity.emailTemplate may make one).
  if (map.email.length > 0) attributes.email = reader.first(map.email);

  if (map.userAccountControl.length > 0) {
    const text = reader.first(map.userAccountControl);
    const flags = integer(text);
    if (text !== null && flags === null) {
      return {
        ok: false,
        error: {
          externalId,
          message: `${reader.dn}: userAccountControl "${text.slice(0, 20)}" is not a number`,
        },
      };
    }
    // A disabled account is a person the directory has suspended; enabling it makes them active again.
    if (flags !== null) attributes.status = (flags & ACCOUNTDISABLE) !== 0 ? 'suspended' : 'active';
  }

  const custom: Record<string, unknown> = { ldapDn: reader.dn };
  if (map.userPrincipalName.length > 0) custom.userPrincipalName = reader.first(map.userPrincipalName);
  attributes.customAttributes = custom;

  const user: SourceUser = { externalId, attributes };
  if (map.manager.length > 0) {
    const managerDn = reader.first(map.manager);
    user.manager = managerDn === null ? null : managerReference(managerDn, context);
  }
  return { ok: true, record: user };
}

/** uniqueMember values may carry an optional unique identifier: "cn=x,dc=y#'0101'B" (RFC 4517 §3.3.21). */
function stripUniqueIdentifier(value: string): string {
  return value.replace(/#'[01]*'B$/, '');
}

/**
 * One group with its complete direct membership: each member DN resolved to the user or group we
 * read under it. Members that are neither (computers, contacts, foreign principals, entries outside
 * the bases or filters, dangling DNs) are left out and counted in `skippedMembers`.
 */
export function mapGroupEntry(
  reader: EntryReader,
  memberValues: readonly string[],
  context: MappingContext,
): Mapped<SourceGroup> & { skippedMembers: number } {
  const id = readExternalId(reader, context.attributes.externalId);
  if (!id.ok) return { ...id, skippedMembers: 0 };
  const externalId = id.record;
  const { attributes: map } = context;
  let leaf: string | null = null;
  try {
    leaf = leafValue(reader.dn);
  } catch (error) {
    if (!(error instanceof DnSyntaxError)) throw error;
  }
  const name = (map.groupName.length > 0 ? reader.first(map.groupName) : null) ?? leaf ?? externalId;
  const attributes: SourceGroupAttributes = { name };
  if (map.groupDisplayName.length > 0) attributes.displayName = reader.first(map.groupDisplayName);
  if (map.groupDescription.length > 0) attributes.description = reader.first(map.groupDescription);
  const custom: Record<string, unknown> = { ldapDn: reader.dn };

  const groupType = map.groupType.length > 0 ? integer(reader.first(map.groupType)) : null;
  if (groupType !== null) {
    const security = (groupType & GROUP_TYPE_SECURITY) !== 0;
    attributes.isSecurityGroup = security;
    attributes.groupType = security ? 'security' : 'distribution';
    custom.groupScope = GROUP_SCOPES.find(([flag]) => (groupType & flag) !== 0)?.[1] ?? null;
  } else {
    attributes.groupType = 'group';
  }
  attributes.customAttributes = custom;

  const members: MemberReference[] = [];
  const seen = new Set<string>();
  let skippedMembers = 0;
  for (const value of memberValues) {
    const member = context.resolve(stripUniqueIdentifier(value));
    if (!member || (member.type === 'group' && member.externalId === externalId)) {
      skippedMembers += member ? 0 : 1;
      continue;
    }
    const key = `${member.type}:${member.externalId}`;
    if (seen.has(key)) continue;
    seen.add(key);
    members.push(member);
  }
  return { ok: true, record: { externalId, attributes, members }, skippedMembers };
}

/** The member DNs an entry states directly (without range retrieval). */
export function memberValues(reader: EntryReader, names: readonly string[]): string[] {
  return names.flatMap((name) => reader.texts(name));
}
