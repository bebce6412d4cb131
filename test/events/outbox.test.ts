import { Client } from 'pg';
import { createTestDatabase, TestDatabase } from '../support/databases';
import { addMembers, createEmployee, createGroup, createOrganization } from '../support/factories';
import { eventsOf } from './support';

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
    expect(events.map((event) => event.idempotency_key)).toEqual(events.map((e) => `${orgId}:${e.seq}`));
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
});
