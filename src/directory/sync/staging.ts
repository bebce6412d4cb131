import { MemberReference, SourceGroup } from '../../connectors/types';
import { Sql } from '../sql';
import { StagedGroup, StagedUser } from './validate';

/** Writes what a job reads from its source into the staging tables, one statement per page and table. */
export class Staging {
  private sequence = 0;

  constructor(
    private readonly sql: Sql,
    private readonly jobId: string,
  ) {}

  async clear(): Promise<void> {
    for (const table of ['sync_stage_users', 'sync_stage_groups', 'sync_stage_members']) {
      await this.sql.rows(`DELETE FROM ${table} WHERE job_id = $1`, [this.jobId]);
    }
    this.sequence = 0;
  }

  /** Returns the external ids that were already staged (the source listed them twice). */
  async addUsers(users: StagedUser[]): Promise<string[]> {
    if (users.length === 0) return [];
    const rows = await this.sql.rows<{ external_id: string }>(
      `INSERT INTO sync_stage_users (job_id, seq, external_id, removed, data, hash, manager_given, manager_kind, manager_value, group_ids)
       SELECT $1, u.seq, u.external_id, u.removed, u.data, u.hash, u.manager_given, u.manager_kind, u.manager_value,
         CASE WHEN u.group_ids IS NULL THEN NULL ELSE ARRAY(SELECT jsonb_array_elements_text(u.group_ids)) END
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
    for (let start = 0; start < members.length; start += 10_000) {
      const chunk = members.slice(start, start + 10_000);
      await this.sql.rows(
        `INSERT INTO sync_stage_members (job_id, group_external_id, member_type, member_external_id, op)
         SELECT $1, m.g, m.t, m.x, m.op FROM unnest($2::text[], $3::text[], $4::text[], $5::text[]) AS m(g, t, x, op)`,
        [
          this.jobId,
          chunk.map(([group]) => group),
          chunk.map(([, member]) => member.type),
          chunk.map(([, member]) => String(member.externalId)),
          chunk.map(([, , op]) => op),
        ],
      );
    }
    return duplicatesOf(
      groups.map(({ staged: group }) => group.externalId),
      rows.map((row) => row.external_id),
    );
  }
}

function duplicatesOf(given: string[], inserted: string[]): string[] {
  const remaining = new Set(inserted);
  const duplicates: string[] = [];
  for (const id of given) {
    if (remaining.has(id)) remaining.delete(id);
    else duplicates.push(id);
  }
  return duplicates;
}
