import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { ManagerReference, MemberReference, SourceGroup, SourceUser } from '../connectors/types';
import { isId } from '../directory/errors';
import { hashOf } from '../directory/sync/validate';
import { DirectoryConnection } from '../entities';
import { invalidValue, mutability, notFound, quote, ScimError, uniqueness } from './errors';
import { applyPatch, MemberPlan, matchesValueFilter, parsePatchRequest, splitGroupOperations } from './patch';
import { project, Projection, wants, ListRequest } from './projection';
import { PushReconciler, PushTransaction } from './push';
import {
  canonicalDocument,
  etagOf,
  groupResource,
  groupState,
  Json,
  UserRow,
  keptAttributes,
  userResource,
  userState,
  UserState,
} from './resources';
import { GROUP_CORE, GROUP_TYPE, LIST_RESPONSE, USER_TYPE } from './schema';
import { Queryable, Scope, ScimStore } from './store';
import { ScimWriteEntry, ScimWriteLog, ScimWriter } from './write-log';

/** One SCIM request: who (organization and connection), and where resources live (for meta.location). */
export interface ScimContext {
  orgId: string;
  connection: DirectoryConnection;
  /** Absolute URL of /scim/v2 as the client reached it. */
  base: string;
  /** If-Match header, when sent. */
  ifMatch: string | null;
  /** Who writes (the token) and what: each successful write is logged in its own transaction. */
  writer: ScimWriter;
}

export interface Written {
  resource: Json;
  etag: string;
}

const membersAttribute = GROUP_CORE.attributes.find((attribute) => attribute.name === 'members')!;

/** SCIM operations on Users and Groups of one connection; writes go through the PushReconciler. */
export class ScimService {
  private readonly store = new ScimStore();
  private readonly log = new ScimWriteLog();

  constructor(
    private readonly dataSource: DataSource,
    private readonly push: PushReconciler,
  ) {}

  private get q(): Queryable {
    return this.dataSource.manager;
  }

  // ------------------------------------------------------------------------------------------ Users

  async getUser(
    ctx: ScimContext,
    id: string,
    projection: Projection,
  ): Promise<{ resource: Json; etag: string }> {
    const row = await this.store.user(this.q, scopeOf(ctx), id);
    if (!row) throw notFound(`no User with id ${quote(id)}`);
    const [resource] = await this.userResources(ctx, [row], projection);
    return { resource: project(USER_TYPE, resource, projection), etag: etagOf(row.version) };
  }

  async listUsers(ctx: ScimContext, request: ListRequest): Promise<Json> {
    const { total, rows } = await this.store.users(this.q, scopeOf(ctx), request);
    const resources = await this.userResources(ctx, rows, request.projection);
    return listResponse(
      total,
      request.startIndex,
      resources.map((resource) => project(USER_TYPE, resource, request.projection)),
    );
  }

  private async userResources(ctx: ScimContext, rows: UserRow[], projection: Projection): Promise<Json[]> {
    const groups = wants(USER_TYPE, projection, 'groups')
      ? await this.store.groupsOf(
          this.q,
          scopeOf(ctx),
          rows.map((row) => row.id),
        )
      : null;
    return rows.map((row) => userResource(row, ctx.base, groups ? (groups.get(row.id) ?? []) : undefined));
  }

  async createUser(ctx: ScimContext, body: Json): Promise<Written> {
    this.assertWritable(ctx);
    const doc = canonicalDocument(USER_TYPE, body);
    const userName = requiredText(doc.userName, 'userName');
    const state = userState(doc, false);
    const active = state.active ?? true;
    const id = await this.push.transaction(ctx.orgId, ctx.connection, async (tx) => {
      if (await this.store.userNameTaken(tx.manager, scopeOf(ctx), userName, null))
        throw uniqueness(`userName ${quote(userName)} is already in use`);
      const key = randomUUID();
      const manager = await this.managerReference(tx, state.managerValue);
      await tx.apply({ users: [sourceUser(key, state, manager)] });
      // Created inactive: disabled, whatever the deletion policy (a deactivation never deletes).
      if (!active)
        await tx.apply(
          { users: [{ externalId: key, attributes: {}, removed: true }] },
          { deletionPolicy: 'disable' },
        );
      const created = await this.store.idByKey(tx.manager, scopeOf(ctx), 'employees', key);
      await this.store.keepAttributes(tx.manager, scopeOf(ctx), created, keptAttributes(doc));
      await this.record(tx, ctx, {
        operation: 'create',
        resourceType: 'User',
        resourceId: created,
        status: 201,
      });
      return created;
    });
    return this.writtenUser(ctx, id);
  }

  async replaceUser(ctx: ScimContext, id: string, body: Json): Promise<Written> {
    this.assertWritable(ctx);
    if (typeof body.id === 'string' && body.id.toLowerCase() !== id.toLowerCase())
      throw mutability('id cannot be changed');
    const doc = canonicalDocument(USER_TYPE, body);
    requiredText(doc.userName, 'userName');
    await this.push.transaction(ctx.orgId, ctx.connection, async (tx) => {
      const current = await this.currentUser(ctx, tx, id);
      await this.writeUser(ctx, tx, current, doc);
      await this.record(tx, ctx, {
        operation: 'update',
        resourceType: 'User',
        resourceId: current.id,
        status: 200,
      });
    });
    return this.writtenUser(ctx, id);
  }

  async patchUser(ctx: ScimContext, id: string, body: unknown): Promise<Written> {
    this.assertWritable(ctx);
    const operations = parsePatchRequest(body);
    await this.push.transaction(ctx.orgId, ctx.connection, async (tx) => {
      const current = await this.currentUser(ctx, tx, id);
      const doc = canonicalDocument(USER_TYPE, userResource(current, ctx.base));
      applyPatch(USER_TYPE, doc, operations, current.id);
      await this.writeUser(ctx, tx, current, doc);
      await this.record(tx, ctx, {
        operation: 'update',
        resourceType: 'User',
        resourceId: current.id,
        status: 200,
      });
    });
    return this.writtenUser(ctx, id);
  }

  /**
   * DELETE (RFC 7644 §3.6): the User resource is gone (404, in no list, its userName free). Under
   * deletion policy DELETE the person goes too; under DISABLE the directory keeps them, disabled,
   * no longer part of this connection (see ScimStore.detach).
   */
  async deleteUser(ctx: ScimContext, id: string): Promise<void> {
    this.assertWritable(ctx);
    await this.push.transaction(ctx.orgId, ctx.connection, async (tx) => {
      const current = await this.currentUser(ctx, tx, id);
      if (current.externalKey === null) throw notFound(`no User with id ${quote(id)}`);
      await tx.apply({ users: [{ externalId: current.externalKey, attributes: {}, removed: true }] });
      if (ctx.connection.deletionPolicy === 'disable')
        await this.store.detach(tx.manager, scopeOf(ctx), current.id);
      await this.record(tx, ctx, {
        operation: 'delete',
        resourceType: 'User',
        resourceId: current.id,
        status: 204,
      });
    });
  }

  private async record(tx: PushTransaction, ctx: ScimContext, entry: ScimWriteEntry): Promise<void> {
    await this.log.record(tx.manager, scopeOf(ctx), ctx.writer, entry);
  }

  private async currentUser(ctx: ScimContext, tx: PushTransaction, id: string): Promise<UserRow> {
    const current = await this.store.user(tx.manager, scopeOf(ctx), id);
    if (!current) throw notFound(`no User with id ${quote(id)}`);
    checkIfMatch(ctx, current.version);
    return current;
  }

  /**
   * A full new state of an existing person. `active: false` disables (status TERMINATED, kept,
   * still a User with active false) whatever the deletion policy: only DELETE deletes, so a client
   * can reactivate. A disabled person who changes is updated and stays disabled, in the same
   * transaction.
   */
  private async writeUser(ctx: ScimContext, tx: PushTransaction, current: UserRow, doc: Json) {
    const userName = requiredText(doc.userName, 'userName');
    const state = userState(doc, true);
    const key = current.externalKey;
    if (key === null) throw notFound(`no User with id ${quote(current.id)}`);
    if (await this.store.userNameTaken(tx.manager, scopeOf(ctx), userName, current.id))
      throw uniqueness(`userName ${quote(userName)} is already in use`);
    await this.store.keepAttributes(tx.manager, scopeOf(ctx), current.id, keptAttributes(doc));
    const active = state.active ?? current.active;
    const removal: SourceUser = { externalId: key, attributes: {}, removed: true };
    if (active && !current.active && !current.deprovisioned) {
      // Inactive by status (set by another source before this connection adopted the person).
      state.attributes.status = 'active';
    }
    const manager = await this.managerReference(tx, state.managerValue);
    const record = sourceUser(key, state, manager);
    if (active) {
      await tx.apply({ users: [record] });
      return;
    }
    const before = userState(canonicalDocument(USER_TYPE, userResource(current, ctx.base)), true);
    const changed =
      !current.deprovisioned ||
      hashOf([before.attributes, before.managerValue]) !== hashOf([state.attributes, state.managerValue]);
    if (changed) await tx.apply({ users: [record] });
    await tx.apply({ users: [removal] }, { deletionPolicy: 'disable' });
  }

  /**
   * The manager as the sync engine references people: our id of someone in this connection becomes
   * their source key; anything else is kept as an email or employee number reference, resolved
   * whenever that person arrives (from this or another source).
   */
  private async managerReference(
    tx: PushTransaction,
    value: string | null | undefined,
  ): Promise<ManagerReference | null | undefined> {
    if (value === undefined || value === null) return value;
    if (isId(value)) {
      const found = (await this.store.resources(tx.manager, scopeOfTx(tx), [value])).get(value.toLowerCase());
      if (found?.type === 'user') return { kind: 'externalId', value: found.key };
    }
    if (value.includes('@')) return { kind: 'email', value: value.toLowerCase() };
    return { kind: 'employeeNumber', value };
  }

  private async writtenUser(ctx: ScimContext, id: string): Promise<Written> {
    const row = await this.store.user(this.q, scopeOf(ctx), id);
    if (!row) throw notFound(`no User with id ${quote(id)}`);
    const [resource] = await this.userResources(ctx, [row], { attributes: null, excluded: [] });
    return { resource, etag: etagOf(row.version) };
  }

  // ----------------------------------------------------------------------------------------- Groups

  async getGroup(
    ctx: ScimContext,
    id: string,
    projection: Projection,
  ): Promise<{ resource: Json; etag: string }> {
    const row = await this.store.group(this.q, scopeOf(ctx), id);
    if (!row) throw notFound(`no Group with id ${quote(id)}`);
    const members = wants(GROUP_TYPE, projection, 'members')
      ? ((await this.store.membersOf(this.q, scopeOf(ctx), [row.id])).get(row.id) ?? [])
      : undefined;
    return {
      resource: project(GROUP_TYPE, groupResource(row, ctx.base, members), projection),
      etag: etagOf(row.version),
    };
  }

  async listGroups(ctx: ScimContext, request: ListRequest): Promise<Json> {
    const { total, rows } = await this.store.groups(this.q, scopeOf(ctx), request);
    const members = wants(GROUP_TYPE, request.projection, 'members')
      ? await this.store.membersOf(
          this.q,
          scopeOf(ctx),
          rows.map((row) => row.id),
        )
      : null;
    return listResponse(
      total,
      request.startIndex,
      rows.map((row) =>
        project(
          GROUP_TYPE,
          groupResource(row, ctx.base, members ? (members.get(row.id) ?? []) : undefined),
          request.projection,
        ),
      ),
    );
  }

  async createGroup(ctx: ScimContext, body: Json): Promise<Written> {
    this.assertWritable(ctx);
    const doc = canonicalDocument(GROUP_TYPE, body);
    requiredText(doc.displayName, 'displayName');
    const state = groupState(doc, false);
    const id = await this.push.transaction(ctx.orgId, ctx.connection, async (tx) => {
      const key = randomUUID();
      const members = await this.memberReferences(tx, null, state.memberIds ?? []);
      await tx.apply({ groups: [{ externalId: key, attributes: state.attributes, members }] });
      const created = await this.store.idByKey(tx.manager, scopeOf(ctx), 'directory_groups', key);
      await this.record(tx, ctx, {
        operation: 'create',
        resourceType: 'Group',
        resourceId: created,
        status: 201,
      });
      return created;
    });
    return this.writtenGroup(ctx, id);
  }

  async replaceGroup(ctx: ScimContext, id: string, body: Json): Promise<Written> {
    this.assertWritable(ctx);
    if (typeof body.id === 'string' && body.id.toLowerCase() !== id.toLowerCase())
      throw mutability('id cannot be changed');
    const doc = canonicalDocument(GROUP_TYPE, body);
    requiredText(doc.displayName, 'displayName');
    const state = groupState(doc, true);
    await this.push.transaction(ctx.orgId, ctx.connection, async (tx) => {
      const current = await this.currentGroup(ctx, tx, id);
      // Members left out of a PUT are kept (RFC 7644 §3.5.1 lets an omitted attribute mean "not asserted").
      const group: SourceGroup = { externalId: current.key, attributes: state.attributes };
      if (state.memberIds) group.members = await this.memberReferences(tx, current.id, state.memberIds);
      await this.applyGroup(tx, current.id, group);
      await this.record(tx, ctx, {
        operation: 'update',
        resourceType: 'Group',
        resourceId: current.id,
        status: 200,
      });
    });
    return this.writtenGroup(ctx, id);
  }

  async patchGroup(ctx: ScimContext, id: string, body: unknown): Promise<Written> {
    this.assertWritable(ctx);
    const operations = parsePatchRequest(body);
    const { members, others } = splitGroupOperations(GROUP_TYPE, operations);
    await this.push.transaction(ctx.orgId, ctx.connection, async (tx) => {
      const current = await this.currentGroup(ctx, tx, id);
      const doc = canonicalDocument(GROUP_TYPE, groupResource(current.row, ctx.base));
      applyPatch(GROUP_TYPE, doc, others, current.id);
      requiredText(doc.displayName, 'displayName');
      const plan = new MemberPlan();
      let currentMembers: { value: string; type: string; display: string | null }[] | null = null;
      for (const operation of members) {
        switch (operation.kind) {
          case 'add':
            plan.add(operation.ids.map((value) => value.toLowerCase()));
            break;
          case 'replace':
            plan.replace(operation.ids.map((value) => value.toLowerCase()));
            break;
          case 'remove':
            plan.remove(operation.ids.map((value) => value.toLowerCase()));
            break;
          case 'removeAll':
            plan.replace([]);
            break;
          case 'removeMatching': {
            // A filter other than value equality: evaluated on the members as they stand.
            currentMembers ??=
              (await this.store.membersOf(tx.manager, scopeOf(ctx), [current.id])).get(current.id) ?? [];
            const candidates = plan.complete
              ? currentMembers.filter((member) => plan.complete!.has(member.value))
              : currentMembers.filter((member) => !plan.removed.has(member.value));
            plan.remove(
              candidates
                .filter((member) => matchesValueFilter(operation.filter, member, membersAttribute))
                .map((member) => member.value),
            );
            break;
          }
        }
      }
      const group: SourceGroup = { externalId: current.key, attributes: groupState(doc, true).attributes };
      if (plan.complete) group.members = await this.memberReferences(tx, current.id, [...plan.complete]);
      else if (plan.touched) {
        const removable = await this.store.resources(tx.manager, scopeOf(ctx), [...plan.removed]);
        group.memberChanges = {
          added: await this.memberReferences(tx, current.id, [...plan.added]),
          removed: [...removable.values()].map(({ type, key }) => ({ type, externalId: key })),
        };
      }
      await this.applyGroup(tx, current.id, group);
      await this.record(tx, ctx, {
        operation: 'update',
        resourceType: 'Group',
        resourceId: current.id,
        status: 204,
      });
    });
    return this.writtenGroup(ctx, id, false);
  }

  async deleteGroup(ctx: ScimContext, id: string): Promise<void> {
    this.assertWritable(ctx);
    await this.push.transaction(ctx.orgId, ctx.connection, async (tx) => {
      const current = await this.currentGroup(ctx, tx, id);
      await tx.apply({ groups: [{ externalId: current.key, attributes: {}, removed: true }] });
      await this.record(tx, ctx, {
        operation: 'delete',
        resourceType: 'Group',
        resourceId: current.id,
        status: 204,
      });
    });
  }

  private async applyGroup(tx: PushTransaction, groupId: string, group: SourceGroup): Promise<void> {
    const result = await tx.apply({ groups: [group] });
    // Membership is not part of the group's row: note its change for meta.lastModified.
    if (result.stats.membershipsAdded + result.stats.membershipsRemoved > 0)
      await this.store.touchGroup(tx.manager, groupId);
  }

  private async currentGroup(ctx: ScimContext, tx: PushTransaction, id: string) {
    const row = await this.store.group(tx.manager, scopeOf(ctx), id);
    if (!row || row.externalKey === null) throw notFound(`no Group with id ${quote(id)}`);
    checkIfMatch(ctx, row.version);
    return { id: row.id, key: row.externalKey, row };
  }

  /** Member ids → the references the reconciler takes; every id must be a User or Group of this connection. */
  private async memberReferences(
    tx: PushTransaction,
    groupId: string | null,
    ids: string[],
  ): Promise<MemberReference[]> {
    const unique = [...new Set(ids.map((id) => id.toLowerCase()))];
    const found = await this.store.resources(tx.manager, scopeOfTx(tx), unique);
    const missing = unique.filter((id) => !found.has(id));
    if (missing.length > 0)
      throw invalidValue(
        `members: no User or Group with id ${missing.slice(0, 5).map(quote).join(', ')} in this connection`,
      );
    if (groupId) {
      const childGroups = unique.filter((id) => found.get(id)!.type === 'group');
      if (await this.store.wouldNestInItself(tx.manager, groupId, childGroups))
        throw invalidValue('members: a group cannot contain itself, directly or through other groups');
    }
    return unique.map((id) => ({ type: found.get(id)!.type, externalId: found.get(id)!.key }));
  }

  private async writtenGroup(ctx: ScimContext, id: string, withMembers = true): Promise<Written> {
    const row = await this.store.group(this.q, scopeOf(ctx), id);
    if (!row) throw notFound(`no Group with id ${quote(id)}`);
    const members = withMembers
      ? ((await this.store.membersOf(this.q, scopeOf(ctx), [row.id])).get(row.id) ?? [])
      : undefined;
    return { resource: groupResource(row, ctx.base, members), etag: etagOf(row.version) };
  }

  private assertWritable(ctx: ScimContext): void {
    if (ctx.connection.status === 'paused')
      throw new ScimError(
        403,
        null,
        `connection "${ctx.connection.name}" is paused: provisioning is suspended`,
      );
  }
}

function scopeOf(ctx: ScimContext): Scope {
  return { orgId: ctx.orgId, connectionId: ctx.connection.id };
}

function scopeOfTx(tx: PushTransaction): Scope {
  return { orgId: tx.orgId, connectionId: tx.connection.id };
}

function sourceUser(key: string, state: UserState, manager: ManagerReference | null | undefined): SourceUser {
  return { externalId: key, attributes: state.attributes, ...(manager !== undefined ? { manager } : {}) };
}

function requiredText(value: unknown, name: string): string {
  if (typeof value !== 'string' || value.trim() === '') throw invalidValue(`${name} is required`);
  return value.trim();
}

/** If-Match (RFC 7644 §3.14): the write goes ahead only if the resource is still that version. */
function checkIfMatch(ctx: ScimContext, version: string): void {
  if (ctx.ifMatch === null) return;
  const tags = ctx.ifMatch.split(',').map((tag) => tag.trim());
  if (tags.includes('*')) return;
  const bare = (tag: string) => tag.replace(/^W\//i, '');
  if (!tags.some((tag) => bare(tag) === bare(etagOf(version))))
    throw new ScimError(412, null, `precondition failed: the resource is at version ${etagOf(version)}`);
}

function listResponse(total: number, startIndex: number, resources: Json[]): Json {
  return {
    schemas: [LIST_RESPONSE],
    totalResults: total,
    startIndex,
    itemsPerPage: resources.length,
    Resources: resources,
  };
}
