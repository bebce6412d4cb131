import { Client } from 'pg';
import { createTestDatabase, TestDatabase } from '../support/databases';
import { addMembers, createEmployee, createGroup, createOrganization } from '../support/factories';
import { ChangeEventStore } from '../../src/directory/change-events';
import { Sql } from '../../src/directory/sql';
import { eventsOf, lastSeq } from './support';

/** The outbox at the table level: what any write produces, whoever makes it. */
describe('change events written by the database', () => {
  let db: TestDatabase;
  let orgId: string;

  beforeAll(async () => {
    db = await createTestDatabase();
  });
  beforeEach(async () => {
    orgId = await createOrganization(db.dataSource);
  });
  afterAll(() => db.drop());

  it('writes one event per entity and kind, net of the whole transaction', async () => {
    const boss = await createEmployee(db.dataSource, orgId, { department: 'Sales' });
    const other = await createEmployee(db.dataSource, orgId);
    const group = await createGroup(db.dataSource, orgId);
    await db.dataSource.transaction(async (manager) => {
      // Several statements on one person: one event per kind, from the state before the first.
      await manager.query(`UPDATE employees SET manager_id = $2, job_title = 'Lead' WHERE id = $1`, [
        other.id,
        boss.id,
      ]);
      await manager.query(`UPDATE employees SET job_title = 'Head', department = 'Ops' WHERE id = $1`, [
        other.id,
      ]);
      // Set and taken back in the same transaction: nothing happened.
      await manager.query(`UPDATE employees SET location = 'Lisbon' WHERE id = $1`, [boss.id]);
      await manager.query(`UPDATE employees SET location = NULL WHERE id = $1`, [boss.id]);
      // Bookkeeping only: no event.
      await manager.query(`UPDATE employees SET synced_at = now(), source_hash = 'x' WHERE org_id = $1`, [
        orgId,
      ]);
      await manager.query(`INSERT INTO group_members (org_id, group_id, employee_id) VALUES ($1, $2, $3)`, [
        orgId,
        group.id,
        boss.id,
      ]);
    });
    const events = await eventsOf(db.dataSource, orgId);
    expect(events.map((event) => [event.seq, event.type])).toEqual([
      ['1', 'EMPLOYEE_CREATED'],
      ['2', 'EMPLOYEE_CREATED'],
      ['3', 'GROUP_CREATED'],
      ['4', 'EMPLOYEE_UPDATED'],
      ['5', 'EMPLOYEE_MANAGER_CHANGED'],
      ['6', 'EMPLOYEE_DEPARTMENT_CHANGED'],
      ['7', 'MEMBER_ADDED'],
    ]);
    const byType = Object.fromEntries(events.map((event) => [event.type, event]));
    expect(byType.EMPLOYEE_UPDATED.data).toEqual({
      changes: [{ field: 'jobTitle', from: null, to: 'Head' }],
    });
    expect(byType.EMPLOYEE_MANAGER_CHANGED.data).toEqual({ from: null, to: boss.id });
    expect(byType.EMPLOYEE_DEPARTMENT_CHANGED.data).toEqual({ from: null, to: 'Ops' });
    expect(byType.MEMBER_ADDED).toMatchObject({ entity_id: group.id, subject_id: boss.id });
    expect(byType.EMPLOYEE_CREATED.data.employee).toMatchObject({ status: 'ACTIVE' });
    expect(events.every((event) => event.origin === 'SYSTEM')).toBe(true);
    // What a consumer reads (replay, subscription, webhooks): the key names the organization and seq.
    const read = await new ChangeEventStore(new Sql(db.dataSource)).after(orgId, null, 100, null);
    expect(read.map((event) => event.idempotencyKey)).toEqual(events.map((e) => `${orgId}:${e.seq}`));
    expect(new Set(read.map((event) => event.id)).size).toBe(read.length);
  });

  it('derives the lifecycle of a status change and tells deletions, cascades included', async () => {
    const person = await createEmployee(db.dataSource, orgId);
    const group = await createGroup(db.dataSource, orgId);
    await addMembers(db.dataSource, orgId, group.id, [person.id]);
    const after = (await eventsOf(db.dataSource, orgId)).length;
    for (const status of ['on_leave', 'active', 'terminated', 'active'])
      await db.dataSource.query(`UPDATE employees SET status = $2 WHERE id = $1`, [person.id, status]);
    await db.dataSource.query(`DELETE FROM employees WHERE id = $1`, [person.id]);
    await db.dataSource.query(`DELETE FROM directory_groups WHERE id = $1`, [group.id]);
    const events = (await eventsOf(db.dataSource, orgId)).slice(after);
    expect(events.map((event) => [event.type, event.data.lifecycle ?? null])).toEqual([
      ['EMPLOYEE_STATUS_CHANGED', 'ON_LEAVE'],
      ['EMPLOYEE_STATUS_CHANGED', 'RETURNED'],
      ['EMPLOYEE_STATUS_CHANGED', 'LEFT'],
      ['EMPLOYEE_STATUS_CHANGED', 'HIRED'],
      ['MEMBER_REMOVED', null],
      ['EMPLOYEE_DELETED', null],
      ['GROUP_DELETED', null],
    ]);
    expect(events[5].data.employee).toMatchObject({ email: person.email });
  });

  it('takes origin, connection and job from the transaction, and writes nothing on rollback', async () => {
    const person = await createEmployee(db.dataSource, orgId);
    const before = (await eventsOf(db.dataSource, orgId)).length;
    await db.dataSource
      .transaction(async (manager) => {
        await manager.query(`UPDATE employees SET job_title = 'Never' WHERE id = $1`, [person.id]);
        throw new Error('rolled back');
      })
      .catch(() => undefined);
    await db.dataSource.transaction(async (manager) => {
      await manager.query(`SELECT set_config('hrdir.origin', 'MANUAL', true)`);
      await manager.query(`UPDATE employees SET job_title = 'Kept' WHERE id = $1`, [person.id]);
    });
    const events = (await eventsOf(db.dataSource, orgId)).slice(before);
    expect(events.map((event) => [event.type, event.origin])).toEqual([['EMPLOYEE_UPDATED', 'MANUAL']]);
  });

  it('numbers the events of concurrent writers gaplessly, in commit order', async () => {
    const people = await Promise.all(Array.from({ length: 4 }, () => createEmployee(db.dataSource, orgId)));
    const first = (await eventsOf(db.dataSource, orgId)).length;
    const a = new Client({ connectionString: db.url });
    const b = new Client({ connectionString: db.url });
    await Promise.all([a.connect(), b.connect()]);
    try {
      // A writes first but commits last: its events must come after B's.
      await a.query('BEGIN');
      await a.query(`UPDATE employees SET job_title = 'A' WHERE id = ANY($1::uuid[])`, [
        [people[0].id, people[1].id],
      ]);
      await b.query('BEGIN');
      await b.query(`UPDATE employees SET job_title = 'B' WHERE id = ANY($1::uuid[])`, [
        [people[2].id, people[3].id],
      ]);
      await b.query('COMMIT');
      await a.query('COMMIT');
      // Both commit at once many times: never a gap, never a duplicate.
      await Promise.all(
        [a, b].map(async (client, index) => {
          for (let round = 0; round < 10; round++) {
            await client.query('BEGIN');
            await client.query(`UPDATE employees SET job_title = $2 WHERE id = $1`, [
              people[index].id,
              `round ${round}`,
            ]);
            await client.query('COMMIT');
          }
        }),
      );
    } finally {
      await Promise.all([a.end(), b.end()]);
    }
    const events = (await eventsOf(db.dataSource, orgId)).slice(first);
    expect(events.slice(0, 4).map((event) => event.data.changes[0].to)).toEqual(['B', 'B', 'A', 'A']);
    const seqs = events.map((event) => Number(event.seq));
    expect(seqs).toEqual(seqs.map((_, index) => first + 1 + index));
    expect(events).toHaveLength(24);
  });

  it('numbers each organization of one transaction on its own, with creations, memberships and deletions', async () => {
    const otherOrg = await createOrganization(db.dataSource);
    const stays = await createEmployee(db.dataSource, orgId);
    const leaves = await createEmployee(db.dataSource, orgId);
    const group = await createGroup(db.dataSource, orgId);
    await addMembers(db.dataSource, orgId, group.id, [leaves.id]);
    const before = await lastSeq(db.dataSource, orgId);
    const otherBefore = await lastSeq(db.dataSource, otherOrg);
    await db.dataSource.transaction(async (manager) => {
      const [{ id: created }] = await manager.query(
        `INSERT INTO employees (org_id, display_name, email) VALUES ($1, 'New Person', 'new@one.test'), ($2, 'Elsewhere', 'e@two.test')
         RETURNING id`,
        [orgId, otherOrg],
      );
      await manager.query(`UPDATE employees SET job_title = 'Stays' WHERE id = $1`, [stays.id]);
      // Two statements on memberships: each pair as it was before the first and is at commit.
      await manager.query(
        `INSERT INTO group_members (org_id, group_id, employee_id) VALUES ($1, $2, $3), ($1, $2, $4)`,
        [orgId, group.id, stays.id, created],
      );
      await manager.query(`DELETE FROM group_members WHERE group_id = $1 AND employee_id = $2`, [
        group.id,
        created,
      ]);
      await manager.query(`DELETE FROM employees WHERE id = $1`, [leaves.id]);
    });
    const events = await eventsOf(db.dataSource, orgId, before);
    expect(events.map((event) => [event.type, event.entity_id, event.subject_id])).toEqual([
      ['EMPLOYEE_CREATED', expect.any(String), null],
      ['EMPLOYEE_UPDATED', stays.id, null],
      ['MEMBER_ADDED', group.id, stays.id],
      ['MEMBER_REMOVED', group.id, leaves.id],
      ['EMPLOYEE_DELETED', leaves.id, null],
    ]);
    expect(events.map((event) => Number(event.seq))).toEqual([1, 2, 3, 4, 5].map((i) => before + i));
    expect(events[0].data.employee).toMatchObject({ displayName: 'New Person', email: 'new@one.test' });
    expect(events[4].data.employee).toMatchObject({ email: leaves.email });
    const elsewhere = await eventsOf(db.dataSource, otherOrg, otherBefore);
    expect(elsewhere.map((event) => [event.seq, event.type, event.data.employee.email])).toEqual([
      [String(otherBefore + 1), 'EMPLOYEE_CREATED', 'e@two.test'],
    ]);
    expect(await lastSeq(db.dataSource, orgId)).toBe(before + 5);
  });

  it('prunes only the oldest run of each organization, and an organization takes its events with it', async () => {
    const store = new ChangeEventStore(new Sql(db.dataSource));
    const person = await createEmployee(db.dataSource, orgId);
    for (const title of ['One', 'Two', 'Three'])
      await db.dataSource.query(`UPDATE employees SET job_title = $2 WHERE id = $1`, [person.id, title]);
    const [first] = await eventsOf(db.dataSource, orgId);
    // The first two events are past retention, the rest not.
    await db.dataSource.query(
      `UPDATE change_events SET occurred_at = now() - interval '40 days' WHERE org_id = $1 AND seq <= $2`,
      [orgId, Number(first.seq) + 1],
    );
    expect(await store.prune(30, 1)).toBe(2);
    expect((await eventsOf(db.dataSource, orgId)).map((event) => Number(event.seq))).toEqual([
      Number(first.seq) + 2,
      Number(first.seq) + 3,
    ]);
    expect(await store.prune(30)).toBe(0);

    // Deleting the organization deletes its people (events the flush has nowhere to write) and its events.
    await db.dataSource.query(`DELETE FROM organizations WHERE id = $1`, [orgId]);
    const [{ count }] = await db.dataSource.query(
      `SELECT count(*)::int AS count FROM change_events WHERE org_id = $1`,
      [orgId],
    );
    expect(count).toBe(0);
  });
});
