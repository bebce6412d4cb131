import { randomUUID } from 'node:crypto';

/** User properties the fake knows (Microsoft Graph names). Absent = never set; null = cleared. */
export interface FakeUserProperties {
  displayName?: string | null;
  givenName?: string | null;
  surname?: string | null;
  mail?: string | null;
  userPrincipalName?: string | null;
  jobTitle?: string | null;
  department?: string | null;
  companyName?: string | null;
  employeeId?: string | null;
  employeeType?: string | null;
  officeLocation?: string | null;
  businessPhones?: string[];
  mobilePhone?: string | null;
  accountEnabled?: boolean | null;
  userType?: 'Member' | 'Guest' | null;
  onPremisesSamAccountName?: string | null;
  onPremisesImmutableId?: string | null;
  onPremisesExtensionAttributes?: Record<string, string | null> | null;
  usageLocation?: string | null;
  employeeHireDate?: string | null;
  employeeLeaveDateTime?: string | null;
  createdDateTime?: string | null;
}

export interface FakeGroupProperties {
  displayName?: string | null;
  description?: string | null;
  mailEnabled?: boolean | null;
  securityEnabled?: boolean | null;
  groupTypes?: string[];
  mail?: string | null;
}

export type MemberType = 'user' | 'group';
export type RemovedReason = 'changed' | 'deleted';

/** Every property of a user object a $select may name (the fake's schema of microsoft.graph.user). */
export const USER_PROPERTIES = new Set([
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
  'preferredLanguage',
  'manager',
]);
export const GROUP_PROPERTIES = new Set([
  'id',
  'displayName',
  'description',
  'mailEnabled',
  'securityEnabled',
  'groupTypes',
  'mail',
  'members',
]);

interface Tracked {
  id: string;
  props: Map<string, unknown>;
  /** When each property last changed (change sequence numbers). */
  changedAt: Map<string, number>;
  createdAt: number;
  removed: { at: number; reason: RemovedReason } | null;
}

interface StoredUser extends Tracked {
  managerId: string | null;
  /** The manager before the last change, for manager@delta removals. */
  previousManagerId: string | null;
  managerChangedAt: number;
}

interface Membership {
  type: MemberType;
  at: number;
}

interface StoredGroup extends Tracked {
  members: Map<string, Membership>;
  /** Ended memberships, for members@delta removals. */
  ended: Map<string, Membership>;
}

const ODATA_TYPE: Record<MemberType, string> = {
  user: '#microsoft.graph.user',
  group: '#microsoft.graph.group',
};

type JsonObject = Record<string, unknown>;

/** How a delta round presents updated objects. */
export interface DeltaOptions {
  /** Properties to return (the $select of the round's first request). */
  select: string[];
  /** Prefer: return=minimal — updated objects carry only the properties that changed. */
  minimal: boolean;
  /** Split a group's members@delta over several consecutive objects of at most this many. */
  membersPerObject: number;
}

/**
 * A Microsoft Entra tenant in memory: users with managers, groups with members (users and groups),
 * every change numbered so that a delta round from change N returns exactly what changed since.
 */
export class FakeTenant {
  private sequence = 0;
  private readonly users = new Map<string, StoredUser>();
  private readonly groups = new Map<string, StoredGroup>();

  constructor(readonly tenantId: string = randomUUID()) {}

  /** The latest change number: a delta token taken now covers everything up to it. */
  get now(): number {
    return this.sequence;
  }

  // ----------------------------------------------------------------------------- users

  addUser(properties: FakeUserProperties & { id?: string; managerId?: string | null }): string {
    const at = ++this.sequence;
    const id = properties.id ?? randomUUID();
    const { id: _id, managerId, ...rest } = properties;
    const props = new Map<string, unknown>();
    const changedAt = new Map<string, number>();
    for (const [key, value] of Object.entries(rest)) {
      if (value === undefined) continue;
      props.set(key, value);
      changedAt.set(key, at);
    }
    this.users.set(id, {
      id,
      props,
      changedAt,
      createdAt: at,
      removed: null,
      managerId: managerId ?? null,
      previousManagerId: null,
      managerChangedAt: at,
    });
    return id;
  }

  updateUser(id: string, changes: FakeUserProperties): void {
    const user = this.liveUser(id);
    const at = ++this.sequence;
    for (const [key, value] of Object.entries(changes)) {
      if (value === undefined) continue;
      user.props.set(key, value);
      user.changedAt.set(key, at);
    }
  }

  setManager(id: string, managerId: string | null): void {
    const user = this.liveUser(id);
    if (user.managerId === managerId) return;
    user.previousManagerId = user.managerId;
    user.managerId = managerId;
    user.managerChangedAt = ++this.sequence;
  }

  /** Deletes a user: "changed" (soft, restorable) or "deleted" (permanent). Memberships and reports' manager links go too. */
  deleteUser(id: string, reason: RemovedReason = 'changed'): void {
    const user = this.liveUser(id);
    user.removed = { at: ++this.sequence, reason };
    for (const group of this.groups.values()) if (group.members.has(id)) this.removeMember(group.id, id);
    for (const other of this.users.values())
      if (!other.removed && other.managerId === id) this.setManager(other.id, null);
  }

  user(id: string): (FakeUserProperties & { id: string; managerId: string | null }) | undefined {
    const user = this.users.get(id);
    if (!user || user.removed) return undefined;
    return { id, managerId: user.managerId, ...(Object.fromEntries(user.props) as FakeUserProperties) };
  }

  /** Users that exist (not deleted), guests included. */
  userCount(): number {
    let count = 0;
    for (const user of this.users.values()) if (!user.removed) count += 1;
    return count;
  }

  // ----------------------------------------------------------------------------- groups

  addGroup(
    properties: FakeGroupProperties & { id?: string; members?: { type: MemberType; id: string }[] },
  ): string {
    const at = ++this.sequence;
    const id = properties.id ?? randomUUID();
    const { id: _id, members = [], ...rest } = properties;
    const props = new Map<string, unknown>();
    const changedAt = new Map<string, number>();
    for (const [key, value] of Object.entries(rest)) {
      if (value === undefined) continue;
      props.set(key, value);
      changedAt.set(key, at);
    }
    const group: StoredGroup = {
      id,
      props,
      changedAt,
      createdAt: at,
      removed: null,
      members: new Map(members.map((member) => [member.id, { type: member.type, at }])),
      ended: new Map(),
    };
    this.groups.set(id, group);
    return id;
  }

  updateGroup(id: string, changes: FakeGroupProperties): void {
    const group = this.liveGroup(id);
    const at = ++this.sequence;
    for (const [key, value] of Object.entries(changes)) {
      if (value === undefined) continue;
      group.props.set(key, value);
      group.changedAt.set(key, at);
    }
  }

  addMember(groupId: string, type: MemberType, memberId: string): void {
    const group = this.liveGroup(groupId);
    if (group.members.has(memberId)) return;
    group.ended.delete(memberId);
    group.members.set(memberId, { type, at: ++this.sequence });
  }

  removeMember(groupId: string, memberId: string): void {
    const group = this.liveGroup(groupId);
    const membership = group.members.get(memberId);
    if (!membership) return;
    group.members.delete(memberId);
    group.ended.set(memberId, { type: membership.type, at: ++this.sequence });
  }

  deleteGroup(id: string, reason: RemovedReason = 'changed'): void {
    const group = this.liveGroup(id);
    group.removed = { at: ++this.sequence, reason };
    for (const parent of this.groups.values()) if (parent.members.has(id)) this.removeMember(parent.id, id);
  }

  members(groupId: string): string[] {
    return [...this.liveGroup(groupId).members.keys()];
  }

  // ----------------------------------------------------------------------------- delta

  /**
   * The objects a delta round returns: since null is the initial round (everything that exists);
   * since N returns what changed after change N — new objects whole, updated ones with their
   * properties (only the changed ones when minimal), deleted ones as @removed.
   */
  userDelta(since: number | null, options: DeltaOptions): JsonObject[] {
    const selected = new Set(options.select);
    const items: JsonObject[] = [];
    const ordered = [...this.users.values()].sort((a, b) => a.createdAt - b.createdAt);
    for (const user of ordered) {
      if (since === null) {
        if (!user.removed) items.push(this.userObject(user, selected, null));
        continue;
      }
      if (user.removed) {
        if (user.removed.at > since && user.createdAt <= since) {
          items.push({ id: user.id, '@removed': { reason: user.removed.reason } });
        }
        continue;
      }
      if (user.createdAt > since) {
        items.push(this.userObject(user, selected, null));
        continue;
      }
      const changed = [...user.changedAt].filter(([key, at]) => at > since && selected.has(key));
      const managerChanged = selected.has('manager') && user.managerChangedAt > since;
      if (changed.length === 0 && !managerChanged) continue;
      items.push(
        this.userObject(user, selected, since, options.minimal ? new Set(changed.map(([key]) => key)) : null),
      );
    }
    return items;
  }

  groupDelta(since: number | null, options: DeltaOptions): JsonObject[] {
    const selected = new Set(options.select);
    const items: JsonObject[] = [];
    const ordered = [...this.groups.values()].sort((a, b) => a.createdAt - b.createdAt);
    for (const group of ordered) {
      if (group.removed) {
        if (since !== null && group.removed.at > since && group.createdAt <= since) {
          items.push({ id: group.id, '@removed': { reason: group.removed.reason } });
        }
        continue;
      }
      const isNew = since === null || group.createdAt > since;
      const changed = isNew
        ? []
        : [...group.changedAt].filter(([key, at]) => at > since && selected.has(key));
      const memberEntries: JsonObject[] = [];
      if (selected.has('members')) {
        for (const [id, membership] of group.members) {
          if (isNew || membership.at > since!)
            memberEntries.push({ '@odata.type': ODATA_TYPE[membership.type], id });
        }
        if (!isNew) {
          for (const [id, membership] of group.ended) {
            if (membership.at > since!) {
              memberEntries.push({
                '@odata.type': ODATA_TYPE[membership.type],
                id,
                '@removed': { reason: 'deleted' },
              });
            }
          }
        }
      }
      if (!isNew && changed.length === 0 && memberEntries.length === 0) continue;
      const only = !isNew && options.minimal ? new Set(changed.map(([key]) => key)) : null;
      const base: JsonObject = { id: group.id };
      for (const [key, value] of group.props) {
        if (selected.has(key) && (!only || only.has(key))) base[key] = value;
      }
      if (memberEntries.length === 0) {
        items.push(base);
        continue;
      }
      // A big membership spreads over consecutive copies of the group, as Graph does.
      for (let start = 0; start < memberEntries.length; start += options.membersPerObject) {
        items.push({
          ...base,
          'members@delta': memberEntries.slice(start, start + options.membersPerObject),
        });
      }
    }
    return items;
  }

  private userObject(
    user: StoredUser,
    selected: Set<string>,
    since: number | null,
    only: Set<string> | null = null,
  ): JsonObject {
    const item: JsonObject = { id: user.id };
    // Never-set properties are left out, as Graph does; cleared ones come as null.
    for (const [key, value] of user.props) {
      if (selected.has(key) && (!only || only.has(key))) item[key] = value;
    }
    if (selected.has('manager')) {
      if (since === null || user.createdAt > since) {
        if (user.managerId) item['manager@delta'] = [{ '@odata.type': ODATA_TYPE.user, id: user.managerId }];
      } else if (user.managerChangedAt > since) {
        item['manager@delta'] = user.managerId
          ? [{ '@odata.type': ODATA_TYPE.user, id: user.managerId }]
          : user.previousManagerId
            ? [
                {
                  '@odata.type': ODATA_TYPE.user,
                  id: user.previousManagerId,
                  '@removed': { reason: 'deleted' },
                },
              ]
            : [];
      }
    }
    return item;
  }

  private liveUser(id: string): StoredUser {
    const user = this.users.get(id);
    if (!user || user.removed) throw new Error(`fake tenant: no user ${id}`);
    return user;
  }

  private liveGroup(id: string): StoredGroup {
    const group = this.groups.get(id);
    if (!group || group.removed) throw new Error(`fake tenant: no group ${id}`);
    return group;
  }
}
