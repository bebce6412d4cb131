/**
 * Microsoft Graph user and group objects (as /users/delta and /groups/delta return them) →
 * SourceUser / SourceGroup. Pure: no I/O, so every rule is testable on literals.
 *
 * Partial semantics: a delta answer may carry only some properties of an object ("at least the
 * properties that have been updated"), and Graph leaves out properties that were never set. So an
 * attribute is set only when its Graph property is present in the JSON object; null clears.
 */
import {
  ManagerReference,
  MemberReference,
  SourceEmployeeAttributes,
  SourceGroup,
  SourceGroupAttributes,
  SourceRecordError,
  SourceUser,
  SyncMode,
} from '../types';

/** Properties read from /users/delta. `manager` is the navigation property delta tracks as manager@delta. */
export const USER_SELECT = [
  'id',
  'displayName',
  'givenName',
  'surname',
  'mail',
  'userPrincipalName',
  'jobTitle',
  'department',
  'companyName',
  'employeeId',
  'employeeType',
  'officeLocation',
  'businessPhones',
  'mobilePhone',
  'accountEnabled',
  'userType',
  'onPremisesSamAccountName',
  'onPremisesImmutableId',
  'onPremisesExtensionAttributes',
  'usageLocation',
  'employeeHireDate',
  'employeeLeaveDateTime',
  'createdDateTime',
  'manager',
] as const;

/** Properties read from /groups/delta; `members` is tracked as members@delta. */
export const GROUP_SELECT = [
  'displayName',
  'description',
  'mailEnabled',
  'securityEnabled',
  'groupTypes',
  'members',
] as const;

type JsonObject = Record<string, unknown>;

/** Why one object cannot be mapped; caught per object so that the rest of the page proceeds. */
class RecordProblem extends Error {}

export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function has(item: JsonObject, key: string): boolean {
  return Object.prototype.hasOwnProperty.call(item, key);
}

/** A string property: undefined when absent, null when null or blank. */
function text(item: JsonObject, key: string): string | null | undefined {
  if (!has(item, key)) return undefined;
  const value = item[key];
  if (value === null) return null;
  if (typeof value !== 'string') throw new RecordProblem(`${key} must be a string`);
  const trimmed = value.trim();
  return trimmed === '' ? null : trimmed;
}

function bool(item: JsonObject, key: string): boolean | null | undefined {
  if (!has(item, key)) return undefined;
  const value = item[key];
  if (value === null || typeof value === 'boolean') return value;
  throw new RecordProblem(`${key} must be true or false`);
}

function stringList(item: JsonObject, key: string): string[] | null | undefined {
  if (!has(item, key)) return undefined;
  const value = item[key];
  if (value === null) return null;
  if (!Array.isArray(value) || !value.every((entry) => typeof entry === 'string')) {
    throw new RecordProblem(`${key} must be a list of strings`);
  }
  return value;
}

/** "2021-05-01T00:00:00Z" → "2021-05-01"; anything else is kept for the engine to accept or reject. */
function toDate(value: string | null): string | null {
  if (value === null) return null;
  const match = /^(\d{4}-\d{2}-\d{2})[T ]/.exec(value);
  return match ? match[1] : value;
}

/** employeeType is free text in Entra; the usual values map to the stored employment types. */
const EMPLOYMENT_TYPES: Readonly<Record<string, string>> = {
  employee: 'full_time',
  fulltime: 'full_time',
  permanent: 'full_time',
  parttime: 'part_time',
  contractor: 'contractor',
  contract: 'contractor',
  consultant: 'contractor',
  vendor: 'contractor',
  intern: 'intern',
  internship: 'intern',
  temporary: 'temporary',
  temp: 'temporary',
  seasonal: 'temporary',
  freelance: 'freelance',
  freelancer: 'freelance',
};

/** The stored employment type for an Entra employeeType; null when it names none we know (kept raw in customAttributes). */
export function employmentType(employeeType: string | null): string | null {
  if (employeeType === null) return null;
  return EMPLOYMENT_TYPES[employeeType.toLowerCase().replace(/[\s_-]+/g, '')] ?? null;
}

/** Plain text attributes and the Graph properties they come from. */
const USER_TEXT: ReadonlyArray<[Exclude<keyof SourceEmployeeAttributes, 'customAttributes'>, string]> = [
  ['displayName', 'displayName'],
  ['firstName', 'givenName'],
  ['lastName', 'surname'],
  ['jobTitle', 'jobTitle'],
  ['department', 'department'],
  ['company', 'companyName'],
  ['employeeNumber', 'employeeId'],
  ['location', 'officeLocation'],
  ['username', 'userPrincipalName'],
];

/** Properties kept as they are in customAttributes (only when present in the object). */
const USER_CUSTOM_TEXT = [
  'userType',
  'employeeType',
  'mobilePhone',
  'usageLocation',
  'onPremisesSamAccountName',
  'onPremisesImmutableId',
  'createdDateTime',
] as const;

function email(item: JsonObject): string | null | undefined {
  const mail = text(item, 'mail');
  const upn = text(item, 'userPrincipalName');
  const chosen = mail ?? upn;
  if (typeof chosen === 'string') return chosen.toLowerCase();
  // Neither stated, or cleared without the other at hand: email cannot be cleared, so it is left alone.
  return undefined;
}

function extensionAttributes(item: JsonObject): JsonObject | null | undefined {
  if (!has(item, 'onPremisesExtensionAttributes')) return undefined;
  const value = item.onPremisesExtensionAttributes;
  if (value === null) return null;
  if (!isObject(value)) throw new RecordProblem('onPremisesExtensionAttributes must be an object');
  // Graph sends all fifteen, mostly null: keep the ones that say something.
  const kept: JsonObject = {};
  for (const [key, entry] of Object.entries(value)) {
    if (typeof entry === 'string' && entry.trim() !== '') kept[key] = entry;
  }
  return kept;
}

function customAttributes(item: JsonObject): JsonObject | undefined {
  const custom: JsonObject = {};
  let any = false;
  for (const key of USER_CUSTOM_TEXT) {
    const value = text(item, key);
    if (value !== undefined) {
      custom[key] = value;
      any = true;
    }
  }
  const extensions = extensionAttributes(item);
  if (extensions !== undefined) {
    custom.onPremisesExtensionAttributes = extensions;
    any = true;
  }
  return any ? custom : undefined;
}

/** manager@delta (or a plain manager object): the current manager, null for none, undefined when not stated. */
function managerOf(item: JsonObject): ManagerReference | null | undefined {
  if (has(item, 'manager@delta')) {
    const entries = item['manager@delta'];
    if (entries === null) return null;
    if (!Array.isArray(entries)) throw new RecordProblem('manager@delta must be a list');
    let current: string | null = null;
    for (const entry of entries) {
      if (!isObject(entry) || typeof entry.id !== 'string') continue;
      if (has(entry, '@removed')) {
        if (current === entry.id) current = null;
      } else {
        current = entry.id;
      }
    }
    return current === null ? null : { kind: 'externalId', value: current };
  }
  if (has(item, 'manager')) {
    const manager = item.manager;
    if (isObject(manager) && typeof manager.id === 'string') return { kind: 'externalId', value: manager.id };
    return null;
  }
  return undefined;
}

export interface UserMappingOptions {
  mode: SyncMode;
  includeGuests: boolean;
}

/** One user of a delta page: a record, nothing (left out), or why it cannot be read. */
export type MappedUser = { ok: true; user: SourceUser | null } | { ok: false; error: SourceRecordError };

export function mapUser(raw: unknown, options: UserMappingOptions): MappedUser {
  if (!isObject(raw)) return { ok: false, error: { message: 'a user that is not an object' } };
  const id = typeof raw.id === 'string' ? raw.id.trim() : '';
  if (!id) return { ok: false, error: { message: 'a user without an id' } };
  const incremental = options.mode === 'incremental';
  // Deleted (reason "changed": restorable for 30 days; "deleted": for good). Either way gone from the
  // directory; the connection's deletion policy decides between disabling and deleting. A full
  // read lists who exists, so a removal there says nothing.
  if (has(raw, '@removed'))
    return { ok: true, user: incremental ? { externalId: id, attributes: {}, removed: true } : null };
  try {
    const userType = text(raw, 'userType');
    if (!options.includeGuests && userType?.toLowerCase() === 'guest') {
      // Left out; in an incremental read it may be a member who became a guest, so it is removed.
      return { ok: true, user: incremental ? { externalId: id, attributes: {}, removed: true } : null };
    }
    const attributes: SourceEmployeeAttributes = { idpId: id };
    for (const [attribute, property] of USER_TEXT) {
      const value = text(raw, property);
      if (value !== undefined) attributes[attribute] = value;
    }
    const address = email(raw);
    if (address !== undefined) attributes.email = address;
    const phones = stringList(raw, 'businessPhones');
    if (phones !== undefined) attributes.phone = phones?.find((phone) => phone.trim() !== '')?.trim() ?? null;
    const enabled = bool(raw, 'accountEnabled');
    if (typeof enabled === 'boolean') attributes.status = enabled ? 'active' : 'suspended';
    const type = text(raw, 'employeeType');
    if (type !== undefined) attributes.employmentType = employmentType(type);
    const hired = text(raw, 'employeeHireDate');
    if (hired !== undefined) attributes.startDate = toDate(hired);
    // Without User-LifeCycleInfo.Read.All Graph answers null rather than refusing, so a null leave
    // date cannot be told from "not permitted" and never clears a stored termination date.
    const left = text(raw, 'employeeLeaveDateTime');
    if (typeof left === 'string') attributes.terminationDate = toDate(left);
    const custom = customAttributes(raw);
    if (custom !== undefined) attributes.customAttributes = custom;

    const user: SourceUser = { externalId: id, attributes };
    const manager = managerOf(raw);
    // A full round states every relationship: no manager@delta means no manager.
    if (manager !== undefined) user.manager = manager;
    else if (!incremental) user.manager = null;
    return { ok: true, user };
  } catch (error) {
    if (error instanceof RecordProblem) {
      return { ok: false, error: { externalId: id, message: `user ${id}: ${error.message}` } };
    }
    throw error;
  }
}

/** Several appearances of the same user in one page (Graph may repeat objects): later properties win. */
export function mergeUsers(earlier: SourceUser, later: SourceUser): SourceUser {
  if (later.removed || earlier.removed) return later;
  const attributes: SourceEmployeeAttributes = { ...earlier.attributes, ...later.attributes };
  if (earlier.attributes.customAttributes && later.attributes.customAttributes) {
    attributes.customAttributes = {
      ...earlier.attributes.customAttributes,
      ...later.attributes.customAttributes,
    };
  }
  const merged: SourceUser = { externalId: later.externalId, attributes };
  const manager = later.manager !== undefined ? later.manager : earlier.manager;
  if (manager !== undefined) merged.manager = manager;
  return merged;
}

/** Member object types Graph reports in members@delta, and which we keep. */
const MEMBER_TYPES: Readonly<Record<string, MemberReference['type']>> = {
  '#microsoft.graph.user': 'user',
  '#microsoft.graph.group': 'group',
};

/** One appearance of a group in a delta page: Graph may split a group's members over several. */
export interface GroupChunk {
  id: string;
  removed: boolean;
  attributes: SourceGroupAttributes;
  /** members@delta entries in order; removed = an @removed entry (the membership ended). */
  members: { member: MemberReference; removed: boolean }[];
}

export type MappedGroup = { ok: true; chunk: GroupChunk } | { ok: false; error: SourceRecordError };

/** The stored group type from Entra's three flags; undefined when the object does not say enough. */
function groupType(item: JsonObject): string | undefined {
  const types = stringList(item, 'groupTypes');
  if (types?.some((type) => type.toLowerCase() === 'unified')) return 'team'; // Microsoft 365 group
  const mail = bool(item, 'mailEnabled');
  const security = bool(item, 'securityEnabled');
  if (mail === undefined || security === undefined) return undefined;
  if (security && !mail) return 'security';
  if (mail && !security) return 'distribution';
  return 'group'; // mail-enabled security groups, and anything else
}

export function mapGroup(raw: unknown): MappedGroup {
  if (!isObject(raw)) return { ok: false, error: { message: 'a group that is not an object' } };
  const id = typeof raw.id === 'string' ? raw.id.trim() : '';
  if (!id) return { ok: false, error: { message: 'a group without an id' } };
  if (has(raw, '@removed')) return { ok: true, chunk: { id, removed: true, attributes: {}, members: [] } };
  try {
    const attributes: SourceGroupAttributes = {};
    const name = text(raw, 'displayName');
    if (name !== undefined) {
      attributes.displayName = name;
      // A group's name cannot be cleared; a blank display name leaves it as it is.
      if (name !== null) attributes.name = name;
    }
    const description = text(raw, 'description');
    if (description !== undefined) attributes.description = description;
    const security = bool(raw, 'securityEnabled');
    if (security !== undefined) attributes.isSecurityGroup = security ?? false;
    const type = groupType(raw);
    if (type !== undefined) attributes.groupType = type;
    const custom: JsonObject = {};
    const mail = bool(raw, 'mailEnabled');
    if (mail !== undefined) custom.mailEnabled = mail;
    const types = stringList(raw, 'groupTypes');
    if (types !== undefined) custom.groupTypes = types;
    if (Object.keys(custom).length > 0) attributes.customAttributes = custom;

    const members: GroupChunk['members'] = [];
    if (has(raw, 'members@delta')) {
      const entries = raw['members@delta'];
      if (!Array.isArray(entries)) throw new RecordProblem('members@delta must be a list');
      for (const entry of entries) {
        if (!isObject(entry) || typeof entry.id !== 'string' || entry.id.trim() === '') continue;
        const kind =
          typeof entry['@odata.type'] === 'string' ? MEMBER_TYPES[entry['@odata.type']] : undefined;
        // Devices, contacts and service principals are members too; the directory holds people and groups.
        if (!kind) continue;
        members.push({ member: { type: kind, externalId: entry.id }, removed: has(entry, '@removed') });
      }
    }
    return { ok: true, chunk: { id, removed: false, attributes, members } };
  } catch (error) {
    if (error instanceof RecordProblem) {
      return { ok: false, error: { externalId: id, message: `group ${id}: ${error.message}` } };
    }
    throw error;
  }
}

interface PendingGroup {
  id: string;
  removed: boolean;
  attributes: SourceGroupAttributes;
  /** By "type:id"; the last word on a member wins. */
  members: Map<string, { member: MemberReference; removed: boolean }>;
}

/**
 * Puts groups back together from delta pages. Graph may spread one group's members over several
 * consecutive pages (the group object repeated with more members@delta), so a group is handed on
 * only once a page arrives that does not mention it, or the round ends. Only the groups of the last
 * page are held, each with its member ids: never the whole directory.
 */
export class GroupAssembler {
  private pending = new Map<string, PendingGroup>();
  /** Ids of groups already handed on (ids only), to notice a group that comes back later. */
  private readonly handedOn = new Set<string>();

  constructor(private readonly mode: SyncMode) {}

  /** Takes one page; returns the groups that are now complete. */
  add(chunks: MappedGroup[]): { records: SourceGroup[]; errors: SourceRecordError[] } {
    const errors: SourceRecordError[] = [];
    const seen = new Set<string>();
    for (const mapped of chunks) {
      if (!mapped.ok) {
        errors.push(mapped.error);
        continue;
      }
      const { chunk } = mapped;
      if (this.handedOn.has(chunk.id)) {
        errors.push({
          externalId: chunk.id,
          message: `group ${chunk.id} came back later in the delta round, after it was complete; this part of it was not applied (the next full sync applies it)`,
        });
        continue;
      }
      seen.add(chunk.id);
      this.merge(chunk);
    }
    const records: SourceGroup[] = [];
    for (const [id, group] of this.pending) {
      if (seen.has(id)) continue;
      this.pending.delete(id);
      const record = this.finish(group);
      if (record) records.push(record);
    }
    return { records, errors };
  }

  /** At the end of the round: everything still held. */
  flush(): SourceGroup[] {
    const records: SourceGroup[] = [];
    for (const group of this.pending.values()) {
      const record = this.finish(group);
      if (record) records.push(record);
    }
    this.pending = new Map();
    return records;
  }

  private merge(chunk: GroupChunk): void {
    const existing = this.pending.get(chunk.id);
    if (!existing || chunk.removed || existing.removed) {
      // First sight, a removal, or a group restored after its removal in the same round: start over.
      const members = new Map<string, { member: MemberReference; removed: boolean }>();
      for (const entry of chunk.members)
        members.set(`${entry.member.type}:${entry.member.externalId}`, entry);
      this.pending.set(chunk.id, {
        id: chunk.id,
        removed: chunk.removed,
        attributes: { ...chunk.attributes },
        members,
      });
      return;
    }
    const custom =
      existing.attributes.customAttributes && chunk.attributes.customAttributes
        ? { ...existing.attributes.customAttributes, ...chunk.attributes.customAttributes }
        : (chunk.attributes.customAttributes ?? existing.attributes.customAttributes);
    existing.attributes = { ...existing.attributes, ...chunk.attributes };
    if (custom !== undefined) existing.attributes.customAttributes = custom;
    for (const entry of chunk.members)
      existing.members.set(`${entry.member.type}:${entry.member.externalId}`, entry);
  }

  private finish(group: PendingGroup): SourceGroup | null {
    this.handedOn.add(group.id);
    if (group.removed) {
      return this.mode === 'incremental' ? { externalId: group.id, attributes: {}, removed: true } : null;
    }
    const entries = [...group.members.values()];
    if (this.mode === 'full') {
      // A full round states the complete membership (a group without members@delta has none).
      return {
        externalId: group.id,
        attributes: group.attributes,
        members: entries.filter((entry) => !entry.removed).map((entry) => entry.member),
      };
    }
    const record: SourceGroup = { externalId: group.id, attributes: group.attributes };
    if (entries.length > 0) {
      record.memberChanges = {
        added: entries.filter((entry) => !entry.removed).map((entry) => entry.member),
        removed: entries.filter((entry) => entry.removed).map((entry) => entry.member),
      };
    }
    return record;
  }
}
