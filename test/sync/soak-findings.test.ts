import { SourceGroup, SourceUser } from '../../src/connectors/types';
import { ScriptedSource } from '../fakes/scripted-connector';
import { createTestDatabase, TestDatabase } from '../support/databases';
import { createOrganization } from '../support/factories';
import { inlineSync, InlineSync } from '../support/inline-sync';

/**
 * Deterministic replays of what the sync soak (test/soak/sync-model.ts) found: each case is the
 * smallest sequence of syncs that showed the defect.
 */
describe('what the sync soak found', () => {
  let db: TestDatabase;
  let source: ScriptedSource;
  let engine: InlineSync;
  let orgId: string;

  beforeAll(async () => {
    db = await createTestDatabase();
    source = new ScriptedSource();
    engine = inlineSync(db.dataSource, source);
    orgId = await createOrganization(db.dataSource);
  });
  afterAll(() => db.drop());

  const createConnection = (name: string) =>
    engine.createConnection(orgId, name, { deletionThresholdPercent: 100 });
  const sync = async (connectionId: string, syncType: 'full' | 'incremental') => {
    const done = await engine.run(orgId, connectionId, syncType);
    expect(done.status).toBe('completed');
    return done;
  };
  /** Person `id` of the connection `tag`; manager: another id, or null. */
  const user = (tag: string, id: string, manager: string | null, title = 'Engineer'): SourceUser => ({
    externalId: `${tag}-${id}`,
    attributes: {
      email: `${tag}-${id}@soak.test`,
      firstName: 'P',
      lastName: id,
      jobTitle: title,
      status: 'active',
    },
    manager: manager === null ? null : { kind: 'externalId', value: `${tag}-${manager}` },
  });
  const group = (tag: string, members: string[]): SourceGroup => ({
    externalId: `${tag}-team`,
    attributes: { name: `${tag} team` },
    members: members.map((id) => ({ type: 'user' as const, externalId: `${tag}-${id}` })),
  });
  const members = async (connectionId: string) =>
    (
      (await db.dataSource.query(
        `SELECT e.external_id AS id FROM group_members gm JOIN directory_groups g ON g.id = gm.group_id
         JOIN employees e ON e.id = gm.employee_id WHERE g.connection_id = $1 ORDER BY 1`,
        [connectionId],
      )) as { id: string }[]
    ).map((row) => row.id);
  const people = async (connectionId: string) =>
    Object.fromEntries(
      (
        (await db.dataSource.query(
          `SELECT e.external_id AS id, e.status, m.external_id AS manager FROM employees e
           LEFT JOIN employees m ON m.id = e.manager_id WHERE e.connection_id = $1`,
          [connectionId],
        )) as { id: string; status: string; manager: string | null }[]
      ).map((row) => [row.id, { status: row.status, manager: row.manager }]),
    );

  // Soak seed 49, case 12: a full sync removes a person the source no longer lists (the soak found
  // it with a rejected record, which today keeps its person: see below); the group still names them.
  it('a person a full sync removes holds none of its memberships, though a group still names them', async () => {
    const tag = 'rejected';
    const connectionId = await createConnection(tag);
    source.full = {
      users: [user(tag, 'a', null), user(tag, 'b', 'a')],
      groups: [group(tag, ['a', 'b'])],
      nextCursor: 'r1',
    };
    await sync(connectionId, 'full');
    expect(await members(connectionId)).toEqual([`${tag}-a`, `${tag}-b`]);

    source.full = {
      users: [user(tag, 'a', null)],
      groups: [group(tag, ['a', 'b'])],
      nextCursor: 'r2',
    };
    const job = await sync(connectionId, 'full');
    expect(job.stats).toMatchObject({ usersDisabled: 1 });
    expect((await people(connectionId))[`${tag}-b`]).toMatchObject({ status: 'terminated' });
    expect(await members(connectionId)).toEqual([`${tag}-a`]);
  });

  it('a person an incremental sync reports removed holds none of its memberships, though a group still names them', async () => {
    const tag = 'reported';
    const connectionId = await createConnection(tag);
    source.full = {
      users: [user(tag, 'a', null), user(tag, 'b', 'a')],
      groups: [group(tag, ['a', 'b'])],
      nextCursor: 'i1',
    };
    await sync(connectionId, 'full');
    source.changes.i1 = {
      users: [{ externalId: `${tag}-b`, attributes: {}, removed: true }],
      groups: [group(tag, ['a', 'b'])],
      nextCursor: 'i2',
    };
    const job = await sync(connectionId, 'incremental');
    expect(job.stats).toMatchObject({ usersDisabled: 1, membershipsRemoved: 1 });
    expect(await members(connectionId)).toEqual([`${tag}-a`]);
  });

  /** A reporting cycle of the given people (each reports to the next, the last to the first), synced in full. */
  const cycle = async (tag: string, ids: string[]) => {
    const connectionId = await createConnection(tag);
    const users = ids.map((id, index) => user(tag, id, ids[(index + 1) % ids.length]));
    source.full = { users, groups: [], nextCursor: `${tag}-1` };
    const job = await sync(connectionId, 'full');
    expect(job.errors.map((error) => error.code)).toEqual(['MANAGER_CYCLE']);
    const directory = await people(connectionId);
    // The engine cut the cycle at one member (its choice); the test goes on from that member.
    const cut = ids.findIndex((id) => directory[`${tag}-${id}`].manager === null);
    expect(cut).toBeGreaterThanOrEqual(0);
    const at = (offset: number) => ids[(cut + offset) % ids.length];
    return { connectionId, users, at };
  };

  // The person cut out of a cycle keeps an unchanged record: an incremental sync that stages only
  // the person who broke the cycle must still give them their manager back.
  it('an incremental sync gives back the manager cut out of a cycle once the cycle is gone', async () => {
    const tag = 'uncut';
    const { connectionId, at } = await cycle(tag, ['a', 'b', 'c', 'd']);
    // cut → m1 → m2 → m3 → cut; m2 stops reporting to m3: no cycle any more.
    source.changes[`${tag}-1`] = { users: [user(tag, at(2), null)], groups: [], nextCursor: `${tag}-2` };
    const job = await sync(connectionId, 'incremental');
    expect(job.errors).toEqual([]);
    const directory = await people(connectionId);
    expect(directory[`${tag}-${at(0)}`].manager).toBe(`${tag}-${at(1)}`);
    expect(directory[`${tag}-${at(1)}`].manager).toBe(`${tag}-${at(2)}`);
    expect(directory[`${tag}-${at(2)}`].manager).toBeNull();
    expect(directory[`${tag}-${at(3)}`].manager).toBe(`${tag}-${at(0)}`);
  });

  // Soak seed 49, case 4: the cycle is gone from the source because one of its members left; the
  // member that was cut has an unchanged record and reports to someone still listed.
  it('a cycle that only a removed person closes is cut at that person, not at people still listed', async () => {
    const tag = 'left';
    const { connectionId, users, at } = await cycle(tag, ['a', 'b', 'c']);
    // cut → m1 → m2 → cut; m2 leaves the source.
    source.full = {
      users: users.filter((record) => record.externalId !== `${tag}-${at(2)}`),
      groups: [],
      nextCursor: `${tag}-2`,
    };
    const job = await sync(connectionId, 'full');
    expect(job.stats).toMatchObject({ usersDisabled: 1 });
    expect(job.errors).toEqual([]);
    const directory = await people(connectionId);
    expect(directory[`${tag}-${at(2)}`]).toEqual({ status: 'terminated', manager: null });
    expect(directory[`${tag}-${at(0)}`]).toEqual({ status: 'active', manager: `${tag}-${at(1)}` });
  });

  // Soak seed 49, case 10: the source gives a member of a cycle a manager it does not list; the old
  // manager, kept, closed the cycle still, and the member that was cut stayed without one.
  it('a new manager reference that finds nobody drops the old manager, which no longer closes a cycle', async () => {
    const tag = 'unknown';
    const { connectionId, at } = await cycle(tag, ['a', 'b']);
    // cut → m1 → cut; m1 now reports to someone the source does not list.
    source.changes[`${tag}-1`] = {
      users: [{ ...user(tag, at(1), null), manager: { kind: 'externalId', value: `${tag}-nobody` } }],
      groups: [],
      nextCursor: `${tag}-2`,
    };
    const job = await sync(connectionId, 'incremental');
    expect(job.errors).toEqual([
      expect.objectContaining({ code: 'MANAGER_NOT_FOUND', externalId: `${tag}-${at(1)}` }),
    ]);
    const directory = await people(connectionId);
    expect(directory[`${tag}-${at(1)}`].manager).toBeNull();
    expect(directory[`${tag}-${at(0)}`].manager).toBe(`${tag}-${at(1)}`);
  });

  // A record the sync rejects when it reads it (an unknown status, or one the connector cannot
  // read) is still listed by the source: a full sync keeps its person and group as they were, with
  // the record's error reported, instead of taking them for gone and disabling them.
  it('a full sync keeps, unchanged, the people and groups whose records it rejected when reading', async () => {
    const tag = 'held';
    const connectionId = await createConnection(tag);
    source.full = {
      users: [user(tag, 'a', null), user(tag, 'b', 'a'), user(tag, 'c', 'a')],
      groups: [group(tag, ['a', 'b', 'c'])],
      nextCursor: 'h1',
    };
    await sync(connectionId, 'full');
    const before = await people(connectionId);

    const invalid = user(tag, 'b', 'a', 'Manager');
    invalid.attributes.status = 'VACATIONING';
    source.full = {
      users: [user(tag, 'a', null), invalid],
      unreadable: { users: [`${tag}-c`], groups: [`${tag}-team`] },
      groups: [],
      nextCursor: 'h2',
    };
    const job = await sync(connectionId, 'full');
    expect(job.stats).toMatchObject({
      usersDisabled: 0,
      usersDeleted: 0,
      usersUpdated: 0,
      usersErrors: 2,
      groupsDeleted: 0,
      groupsErrors: 1,
      membershipsRemoved: 0,
    });
    expect(job.errors.map((error) => [error.externalId, error.code]).sort()).toEqual([
      [`${tag}-b`, 'INVALID_STATUS'],
      [`${tag}-c`, 'INVALID_DATA'],
      [`${tag}-team`, 'INVALID_DATA'],
    ]);
    expect(await people(connectionId)).toEqual(before);
    expect(await members(connectionId)).toEqual([`${tag}-a`, `${tag}-b`, `${tag}-c`]);
    const [{ title }] = await db.dataSource.query(
      `SELECT job_title AS title FROM employees WHERE connection_id = $1 AND external_id = $2`,
      [connectionId, `${tag}-b`],
    );
    expect(title).toBe('Engineer');

    // Held only while listed: once the source stops listing c, c goes.
    source.full = {
      users: [user(tag, 'a', null), user(tag, 'b', 'a')],
      groups: [group(tag, ['a', 'b'])],
      nextCursor: 'h3',
    };
    const after = await sync(connectionId, 'full');
    expect(after.stats).toMatchObject({ usersDisabled: 1, usersErrors: 0 });
    expect((await people(connectionId))[`${tag}-c`].status).toBe('terminated');
  });
});
