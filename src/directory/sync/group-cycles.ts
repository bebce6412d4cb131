import { EntityManager } from 'typeorm';

/** A nesting the source asked for that would put a group inside itself, and was left out. */
export interface GroupCycleCut {
  /** The source key of the containing group. */
  externalId: string | null;
  message: string;
}

/**
 * Nesting cycles among a connection's groups (A in B in A), as a source such as LDAP may hold them:
 * for each cycle one membership is left out (the one that makes the cycle's first group by name,
 * then id, a member of the cycle's last group), so that every nesting stored goes one way. Like a
 * manager cycle, each is reported as a record error (GROUP_CYCLE). A walk from every group with
 * nested groups, at most 64 levels deep: run it only when a sync added nestings.
 */
export async function cutGroupCycles(manager: EntityManager, connectionId: string): Promise<GroupCycleCut[]> {
  const rows = (await manager.query(
    `WITH RECURSIVE g AS (
       SELECT id, lower(coalesce(display_name, name)) || ' ' || id::text AS k FROM directory_groups WHERE connection_id = $1
     ),
     walk(start, start_key, next, path, keys) AS (
       SELECT n.parent_group_id, g.k, n.child_group_id, ARRAY[n.parent_group_id], ARRAY[g.k]
       FROM group_nesting n JOIN g ON g.id = n.parent_group_id
       UNION ALL
       SELECT w.start, w.start_key, n.child_group_id, w.path || n.parent_group_id, w.keys || g.k
       FROM walk w JOIN group_nesting n ON n.parent_group_id = w.next JOIN g ON g.id = n.parent_group_id
       WHERE w.next <> w.start AND w.next <> ALL(w.path) AND cardinality(w.path) < 64
     ),
     cut AS (
       SELECT DISTINCT w.path[cardinality(w.path)] AS parent_id, w.start AS child_id FROM walk w
       WHERE w.next = w.start AND w.start_key = (SELECT min(k) FROM unnest(w.keys) k)
     ),
     removed AS (
       DELETE FROM group_nesting n USING cut
       WHERE n.parent_group_id = cut.parent_id AND n.child_group_id = cut.child_id
       RETURNING n.parent_group_id, n.child_group_id
     )
     SELECT p.external_id AS "externalId", coalesce(p.display_name, p.name) AS parent, coalesce(c.display_name, c.name) AS child
     FROM removed r JOIN directory_groups p ON p.id = r.parent_group_id JOIN directory_groups c ON c.id = r.child_group_id
     ORDER BY 2, 3`,
    [connectionId],
  )) as { externalId: string | null; parent: string; child: string }[];
  return rows.map((row) => ({
    externalId: row.externalId,
    message: `group "${row.child}" as a member of "${row.parent}" closes a nesting cycle; that membership is left out`,
  }));
}
