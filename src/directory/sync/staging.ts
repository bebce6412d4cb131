import { randomUUID } from 'node:crypto';
import { DatabaseError } from 'pg';
import { MemberReference, SourceGroup } from '../../connectors/types';
import { copyLine, Sql, textArrayLiteral } from '../sql';
import { StagedGroup, StagedUser } from './validate';

/**
 * Writes what a job reads from its source into the staging tables, one statement per page and
 * table: COPY for people and memberships (a page of 999 people stages in a fraction of the time an
 * INSERT over unnest() of ten parameter arrays takes), INSERT for groups (a few per page).
 */
export class Staging {
  private sequence = 0;

  constructor(
    private readonly sql: Sql,
    private readonly jobId: string,
  ) {}

  async clear(): Promise<void> {
    // One statement for the three tables (one round trip: a SCIM write clears its staging each time).
    await this.sql.rows(
      `WITH users AS (DELETE FROM sync_stage_users WHERE job_id = $1),
         groups AS (DELETE FROM sync_stage_groups WHERE job_id = $1)
       DELETE FROM sync_stage_members WHERE job_id = $1`,
      [this.jobId],
    );
    this.sequence = 0;
  }

  /**
   * Returns the external ids that were already staged (the source listed them twice; the first is
   * kept). Every person gets the id they will have if the plan finds them new (new_id), which
   * saves the plan an update of every staged row.
   */
  async addUsers(users: StagedUser[]): Promise<string[]> {
    if (users.length === 0) return [];
    const seen = new Set<string>();
    const duplicates: string[] = [];
    let text = '';
    for (const user of users) {
      if (seen.has(user.externalId)) {
        duplicates.push(user.externalId);
        continue;
      }
      seen.add(user.externalId);
      text += copyLine([
        this.jobId,
        String(++this.sequence),
        user.externalId,
        String(user.removed),
        JSON.stringify(user.data),
        user.hash,
        String(user.managerGiven),
        user.managerKind,
        user.managerValue,
        user.groupIds ? textArrayLiteral(user.groupIds) : null,
        user.removed ? null : randomUUID(),
      ]);
    }
    try {
      await this.sql.copyIn(
        `COPY sync_stage_users (job_id, seq, external_id, removed, data, hash, manager_given, manager_kind,
           manager_value, group_ids, new_id) FROM STDIN`,
        text,
      );
      return duplicates;
    } catch (error) {
      // Someone already staged by an earlier page: COPY stored nothing; the INSERT keeps the first.
      if (!(error instanceof DatabaseError && error.code === UNIQUE_VIOLATION)) throw error;
      return this.insertUsers(users);
    }
  }

  /** addUsers with INSERT … ON CONFLICT DO NOTHING, for a page that repeats earlier people. */
  private async insertUsers(users: StagedUser[]): Promise<string[]> {
    const rows = await this.sql.rows<{ external_id: string }>(
      `INSERT INTO sync_stage_users (job_id, seq, external_id, removed, data, hash, manager_given, manager_kind, manager_value, group_ids, new_id)
       SELECT $1, u.seq, u.external_id, u.removed, u.data, u.hash, u.manager_given, u.manager_kind, u.manager_value,
         CASE WHEN u.group_ids IS NULL THEN NULL ELSE ARRAY(SELECT jsonb_array_elements_text(u.group_ids)) END,
         CASE WHEN NOT u.removed THEN gen_random_uuid() END
       FROM unnest($2::bigint[], $3::text[], $4::boolean[], $5::jsonb[], $6::text[], $7::boolean[], $8::text[], $9::text[], $10::jsonb[])
         AS u(seq, external_id, removed, data, hash, manager_given, manager_kind, manager_value, group_ids)
       ON CONFLICT (job_id, external_id) DO NOTHING
       RETURNING external_id`,
      [
        this.jobId,
        users.map(() => ++this.sequence),
        users.map((user) => user.externalId),
        users.map((user) => user.removed),
        users.map((user) => JSON.stringify(user.data)),
        users.map((user) => user.hash),
        users.map((user) => user.managerGiven),
        users.map((user) => user.managerKind),
        users.map((user) => user.managerValue),
        users.map((user) => (user.groupIds ? JSON.stringify(user.groupIds) : null)),
      ],
    );
    return duplicatesOf(
      users.map((user) => user.externalId),
      rows.map((row) => row.external_id),
    );
  }

  /**
   * Records read but rejected before staging (unreadable, or refused by validation): staged as held
   * (with an error, so nothing applies them), which a full sync counts as listed. Their people and
   * groups stay as they are instead of being taken for gone. An id already staged keeps its row.
   */
  async holdUsers(externalIds: string[]): Promise<void> {
    await this.hold('sync_stage_users', externalIds);
  }

  async holdGroups(externalIds: string[]): Promise<void> {
    await this.hold('sync_stage_groups', externalIds);
  }

  private async hold(table: 'sync_stage_users' | 'sync_stage_groups', externalIds: string[]): Promise<void> {
    const ids = [...new Set(externalIds)];
    if (ids.length === 0) return;
    await this.sql.rows(
      `INSERT INTO ${table} (job_id, seq, external_id, held, error)
       SELECT $1, $2::bigint + ordinality, id, true, 'HELD: rejected when read'
       FROM unnest($3::text[]) WITH ORDINALITY AS u(id, ordinality)
       ON CONFLICT (job_id, external_id) DO NOTHING`,
      [this.jobId, this.sequence, ids],
    );
    this.sequence += ids.length;
  }

  async addGroups(groups: { staged: StagedGroup; source: SourceGroup }[]): Promise<string[]> {
    if (groups.length === 0) return [];
    const rows = await this.sql.rows<{ external_id: string }>(
      `INSERT INTO sync_stage_groups (job_id, seq, external_id, removed, data, hash, members_complete, parent_ids)
       SELECT $1, g.seq, g.external_id, g.removed, g.data, g.hash, g.members_complete,
         CASE WHEN g.parent_ids IS NULL THEN NULL ELSE ARRAY(SELECT jsonb_array_elements_text(g.parent_ids)) END
       FROM unnest($2::bigint[], $3::text[], $4::boolean[], $5::jsonb[], $6::text[], $7::boolean[], $8::jsonb[])
         AS g(seq, external_id, removed, data, hash, members_complete, parent_ids)
       ON CONFLICT (job_id, external_id) DO NOTHING
       RETURNING external_id`,
      [
        this.jobId,
        groups.map(() => ++this.sequence),
        groups.map(({ staged }) => staged.externalId),
        groups.map(({ staged }) => staged.removed),
        groups.map(({ staged }) => JSON.stringify(staged.data)),
        groups.map(({ staged }) => staged.hash),
        groups.map(({ staged }) => staged.membersComplete),
        groups.map(({ staged }) => (staged.parentIds ? JSON.stringify(staged.parentIds) : null)),
      ],
    );
    const staged = new Set(rows.map((row) => row.external_id));
    const members: [string, MemberReference, 'set' | 'add' | 'remove'][] = [];
    for (const { staged: group, source } of groups) {
      if (!staged.has(group.externalId) || group.removed) continue;
      for (const member of source.members ?? []) members.push([group.externalId, member, 'set']);
      for (const member of source.memberChanges?.added ?? []) members.push([group.externalId, member, 'add']);
      for (const member of source.memberChanges?.removed ?? [])
        members.push([group.externalId, member, 'remove']);
    }
    if (members.length > 0) {
      let text = '';
      for (const [group, member, op] of members)
        text += copyLine([this.jobId, group, member.type, String(member.externalId), op]);
      await this.sql.copyIn(
        `COPY sync_stage_members (job_id, group_external_id, member_type, member_external_id, op) FROM STDIN`,
        text,
      );
    }
    return duplicatesOf(
      groups.map(({ staged: group }) => group.externalId),
      rows.map((row) => row.external_id),
    );
  }
}

const UNIQUE_VIOLATION = '23505';

function duplicatesOf(given: string[], inserted: string[]): string[] {
  const remaining = new Set(inserted);
  const duplicates: string[] = [];
  for (const id of given) {
    if (remaining.has(id)) remaining.delete(id);
    else duplicates.push(id);
  }
  return duplicates;
}
