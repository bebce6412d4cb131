import { ConnectorError } from '../../src/connectors/types';
import { SyncJob } from '../../src/entities';
import { createTestDatabase, TestDatabase } from '../support/databases';
import { createOrganization } from '../support/factories';
import { inlineSync, InlineSync } from '../support/inline-sync';
import { person, ScriptedSource } from '../fakes/scripted-connector';

describe('incremental sync', () => {
  let db: TestDatabase;
  let source: ScriptedSource;
  let sync: InlineSync;
  let orgId: string;
  let connectionId: string;
  const published: SyncJob[] = [];

  beforeAll(async () => {
    db = await createTestDatabase();
    source = new ScriptedSource();
    sync = inlineSync(db.dataSource, source, async (job) => void published.push(job));
    orgId = await createOrganization(db.dataSource);
    connectionId = await sync.createConnection(orgId);
  });
  afterAll(() => db.drop());

  const run = (syncType: 'full' | 'incremental') => sync.run(orgId, connectionId, syncType);
  const rows = () =>
    db.dataSource.query(
      `SELECT external_id, status, job_title, deprovisioned_at IS NOT NULL AS gone FROM employees WHERE connection_id = $1 ORDER BY external_id`,
      [connectionId],
    );
  const members = () =>
    db.dataSource.query(
      `SELECT e.external_id FROM group_members m JOIN employees e ON e.id = m.employee_id
       JOIN directory_groups g ON g.id = m.group_id WHERE g.external_id = 'g-ops' ORDER BY 1`,
    );

  it('starts with a full read and stores the cursor', async () => {
    source.full = {
      users: Array.from({ length: 20 }, (_, i) => person(i)),
      groups: [
        {
          externalId: 'g-ops',
          attributes: { name: 'Ops' },
          members: [
            { type: 'user', externalId: 'u1' },
            { type: 'user', externalId: 'u2' },
          ],
        },
      ],
      nextCursor: 'c1',
    };
    const job = await run('incremental'); // no cursor yet: the engine reads everything
    expect(job.status).toBe('completed');
    expect(job.stats).toMatchObject({ usersCreated: 20, groupsCreated: 1, membershipsAdded: 2 });
    expect(source.requests.at(-1)).toEqual({ mode: 'full', cursor: null });
    const [connection] = await db.dataSource.query(
      `SELECT sync_cursor FROM directory_connections WHERE id = $1`,
      [connectionId],
    );
    expect(connection.sync_cursor).toBe('c1');
  });

  it("applies only the source's changes since the cursor, removals and membership changes included", async () => {
    source.changes.c1 = {
      users: [
        { externalId: 'u3', attributes: { jobTitle: 'Lead' } }, // a partial change: only the title
        { externalId: 'u19', attributes: {}, removed: true },
        person(20),
      ],
      groups: [
        {
          externalId: 'g-ops',
          attributes: {},
          memberChanges: {
            added: [{ type: 'user', externalId: 'u20' }],
            removed: [{ type: 'user', externalId: 'u1' }],
          },
        },
      ],
      nextCursor: 'c2',
    };
    const job = await run('incremental');
    expect(source.requests.at(-1)).toEqual({ mode: 'incremental', cursor: 'c1' });
    expect(job.stats).toMatchObject({
      usersCreated: 1,
      usersUpdated: 1,
      usersDisabled: 1,
      membershipsAdded: 1,
      membershipsRemoved: 1,
    });
    const byId = Object.fromEntries(
      (await rows()).map((row: { external_id: string }) => [row.external_id, row]),
    );
    expect(byId.u3).toMatchObject({ job_title: 'Lead', status: 'active' });
    expect(byId.u19).toMatchObject({ status: 'terminated', gone: true });
    expect(byId.u5).toMatchObject({ gone: false }); // not mentioned, not touched
    expect((await members()).map((row: { external_id: string }) => row.external_id)).toEqual(['u2', 'u20']);
  });

  it('falls back to a full read when the source has forgotten the cursor', async () => {
    source.changes.c2 = {
      users: [],
      nextCursor: 'x',
      fail: new ConnectorError('CURSOR_EXPIRED', 'syncStateNotFound'),
    };
    source.full = { ...source.full, users: source.full.users.slice(0, 18), nextCursor: 'c9' };
    const job = await run('incremental');
    expect(job.status).toBe('completed');
    expect(source.requests.slice(-2)).toEqual([
      { mode: 'incremental', cursor: 'c2' },
      { mode: 'full', cursor: null },
    ]);
    // u18 is no longer in the full read, u20 never was: both go; u19 was already gone.
    expect(job.stats.usersDisabled).toBe(2);
    const [connection] = await db.dataSource.query(
      `SELECT sync_cursor FROM directory_connections WHERE id = $1`,
      [connectionId],
    );
    expect(connection.sync_cursor).toBe('c9');
  });

  it('publishes progress in order and ends with the final state', async () => {
    published.length = 0;
    source.changes.c9 = {
      users: [person(0, { attributes: { email: 'u0@scripted.test', jobTitle: 'CEO' } })],
      nextCursor: 'c10',
    };
    const job = await run('incremental');
    const statuses = published.filter((event) => event.id === job.id).map((event) => event.status);
    expect(statuses.slice(0, 2)).toEqual(['queued', 'running']);
    expect(statuses.at(-1)).toBe('completed');
    expect(statuses.indexOf('completed')).toBe(statuses.length - 1);
  });
});
