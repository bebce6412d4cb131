import { person, ScriptedSource } from '../fakes/scripted-connector';
import { startTestApp, TestApp } from '../support/app';
import { createTestDatabase, TestDatabase } from '../support/databases';
import { createOrganization } from '../support/factories';
import { inlineSync, InlineSync } from '../support/inline-sync';
import { GROUP, patch, scimClient, scimConnection, USER } from '../scim/support';
import { countsByEntity, eventsOf, lastSeq, StoredEvent } from './support';

const types = (events: StoredEvent[]) => events.map((event) => event.type).sort();
const expectOnePerEntityAndKind = (events: StoredEvent[]) =>
  expect([...countsByEntity(events).values()].every((count) => count === 1)).toBe(true);

describe('change events of a pull sync', () => {
  let db: TestDatabase;
  let source: ScriptedSource;
  let sync: InlineSync;
  let orgId: string;
  let connectionId: string;
  const ids = new Map<string, string>();

  beforeAll(async () => {
    db = await createTestDatabase();
    source = new ScriptedSource();
    sync = inlineSync(db.dataSource, source);
    orgId = await createOrganization(db.dataSource);
    connectionId = await sync.createConnection(orgId);
  });
  afterAll(() => db.drop());

  const run = async (syncType: 'full' | 'incremental') => {
    const done = await sync.run(orgId, connectionId, syncType);
    expect(done.status).toBe('completed');
    return done;
  };

  it('a full sync: one CREATED per person and group, one MEMBER_ADDED per pair, managers included', async () => {
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
    const job = await run('full');
    const events = await eventsOf(db.dataSource, orgId);
    for (const row of await db.dataSource.query(`SELECT id, external_id FROM employees WHERE org_id = $1`, [
      orgId,
    ]))
      ids.set(row.external_id, row.id);
    expect(types(events)).toEqual(
      [...Array(20).fill('EMPLOYEE_CREATED'), 'GROUP_CREATED', 'MEMBER_ADDED', 'MEMBER_ADDED'].sort(),
    );
    expectOnePerEntityAndKind(events);
    // Net of the transaction: a manager set in the apply's second pass is part of the creation.
    const created = events.find((event) => event.entity_id === ids.get('u9'))!;
    expect(created.data.employee).toMatchObject({ email: 'u9@scripted.test', managerId: ids.get('u2') });
    expect(
      events.every(
        (event) =>
          event.origin === 'SYNC' && event.connection_id === connectionId && event.sync_job_id === job.id,
      ),
    ).toBe(true);
    // People first, then groups, then memberships: a consumer never meets a member it does not know.
    expect(events.map((event) => event.type).indexOf('MEMBER_ADDED')).toBe(21);
  });

  it('a resync that changes nothing writes no event', async () => {
    const before = await lastSeq(db.dataSource, orgId);
    await run('full');
    expect(await lastSeq(db.dataSource, orgId)).toBe(before);
  });

  it('an incremental sync: exactly the changes, each once, by kind', async () => {
    const before = await lastSeq(db.dataSource, orgId);
    source.changes.c1 = {
      users: [
        { externalId: 'u3', attributes: { jobTitle: 'Lead' } },
        { externalId: 'u5', attributes: {}, manager: { kind: 'externalId', value: 'u0' } },
        { externalId: 'u6', attributes: { department: 'Finance' } },
        { externalId: 'u7', attributes: { status: 'on_leave' } },
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
    const events = await eventsOf(db.dataSource, orgId, before);
    expectOnePerEntityAndKind(events);
    const u20 = events.find((event) => event.type === 'EMPLOYEE_CREATED')!.entity_id;
    const gOps = events.find((event) => event.type === 'MEMBER_ADDED')!.entity_id;
    const summary = events.map((event) => [event.type, event.entity_id, event.subject_id, event.data]);
    expect(summary).toEqual(
      expect.arrayContaining([
        [
          'EMPLOYEE_UPDATED',
          ids.get('u3'),
          null,
          { changes: [{ field: 'jobTitle', from: null, to: 'Lead' }] },
        ],
        ['EMPLOYEE_MANAGER_CHANGED', ids.get('u5'), null, { from: ids.get('u1'), to: ids.get('u0') }],
        ['EMPLOYEE_DEPARTMENT_CHANGED', ids.get('u6'), null, { from: null, to: 'Finance' }],
        [
          'EMPLOYEE_STATUS_CHANGED',
          ids.get('u7'),
          null,
          { from: 'ACTIVE', to: 'ON_LEAVE', lifecycle: 'ON_LEAVE' },
        ],
        [
          'EMPLOYEE_STATUS_CHANGED',
          ids.get('u19'),
          null,
          { from: 'ACTIVE', to: 'TERMINATED', lifecycle: 'LEFT' },
        ],
        ['MEMBER_ADDED', gOps, u20, {}],
        ['MEMBER_REMOVED', gOps, ids.get('u1'), {}],
      ]),
    );
    // The leaver's termination date is the one other visible change; nothing else happened.
    expect(
      events.find((event) => event.type === 'EMPLOYEE_UPDATED' && event.entity_id === ids.get('u19'))!.data,
    ).toEqual({ changes: [{ field: 'terminationDate', from: null, to: expect.any(String) }] });
    expect(types(events)).toEqual(
      [
        'EMPLOYEE_CREATED',
        'EMPLOYEE_UPDATED',
        'EMPLOYEE_UPDATED',
        'EMPLOYEE_MANAGER_CHANGED',
        'EMPLOYEE_DEPARTMENT_CHANGED',
        'EMPLOYEE_STATUS_CHANGED',
        'EMPLOYEE_STATUS_CHANGED',
        'MEMBER_ADDED',
        'MEMBER_REMOVED',
      ].sort(),
    );
    expect(events.every((event) => event.sync_job_id === job.id)).toBe(true);
  });

  it('a full sync that drops a group and deletes people tells GROUP_DELETED, MEMBER_REMOVED, EMPLOYEE_DELETED', async () => {
    await db.dataSource.query(`UPDATE directory_connections SET deletion_policy = 'delete' WHERE id = $1`, [
      connectionId,
    ]);
    const before = await lastSeq(db.dataSource, orgId);
    // u18 is gone from the source, and so is the group (u19 left earlier: deleted now too).
    source.full = {
      users: Array.from({ length: 21 }, (_, i) => person(i)).filter(
        (user) => !['u18', 'u19'].includes(user.externalId),
      ),
      groups: [],
      nextCursor: 'c3',
    };
    const done = await sync.run(orgId, connectionId, 'full');
    // The removals may stop at the deletion threshold: confirm them as an admin would.
    if (done.status === 'needs_confirmation') {
      await sync.jobs.confirm(orgId, done.id);
      await sync.pipeline.run(done.id, { finalAttempt: true });
    }
    const events = await eventsOf(db.dataSource, orgId, before);
    expectOnePerEntityAndKind(events);
    expect(events.map((event) => [event.type, event.entity_id, event.subject_id])).toEqual(
      expect.arrayContaining([
        ['EMPLOYEE_DELETED', ids.get('u18'), null],
        ['EMPLOYEE_DELETED', ids.get('u19'), null],
        ['GROUP_DELETED', expect.any(String), null],
        ['MEMBER_REMOVED', expect.any(String), ids.get('u2')],
      ]),
    );
    const deleted = events.find(
      (event) => event.type === 'EMPLOYEE_DELETED' && event.entity_id === ids.get('u18'),
    );
    expect(deleted!.data.employee).toMatchObject({
      email: 'u18@scripted.test',
    });
  });
});

describe('change events of SCIM writes', () => {
  let app: TestApp;
  let orgId: string;

  beforeAll(async () => {
    app = await startTestApp({}, { sync: true });
    orgId = await createOrganization(app.db.dataSource);
  });
  afterAll(() => app.stop());

  it('each write is its own events, tagged SCIM with the connection', async () => {
    const admin = await app.token(orgId, ['admin']);
    const { connectionId, token } = await scimConnection(app, admin, 'Okta SCIM');
    const scim = scimClient(app, token);
    const since = async (seq: number) => eventsOf(app.db.dataSource, orgId, seq);

    let seq = await lastSeq(app.db.dataSource, orgId);
    const created = await scim('POST', '/Users', {
      schemas: [USER],
      userName: 'ana@acme.test',
      name: { givenName: 'Ana', familyName: 'Silva' },
      emails: [{ value: 'ana@acme.test', primary: true }],
      title: 'Engineer',
    });
    expect(created.status).toBe(201);
    const userId = created.body.id as unknown as string;
    let events = await since(seq);
    expect(events.map((event) => [event.type, event.entity_id, event.origin, event.connection_id])).toEqual([
      ['EMPLOYEE_CREATED', userId, 'SCIM', connectionId],
    ]);
    expect(events[0].sync_job_id).toBeNull();

    seq = await lastSeq(app.db.dataSource, orgId);
    expect(
      (await scim('PATCH', `/Users/${userId}`, patch({ op: 'replace', path: 'title', value: 'Lead' })))
        .status,
    ).toBe(200);
    events = await since(seq);
    expect(events.map((event) => [event.type, event.data])).toEqual([
      ['EMPLOYEE_UPDATED', { changes: [{ field: 'jobTitle', from: 'Engineer', to: 'Lead' }] }],
    ]);

    seq = await lastSeq(app.db.dataSource, orgId);
    const group = await scim('POST', '/Groups', {
      schemas: [GROUP],
      displayName: 'Engineering',
      members: [{ value: userId }],
    });
    expect(group.status).toBe(201);
    events = await since(seq);
    expect(types(events)).toEqual(['GROUP_CREATED', 'MEMBER_ADDED']);
    expect(events.find((event) => event.type === 'MEMBER_ADDED')!.subject_id).toBe(userId);

    seq = await lastSeq(app.db.dataSource, orgId);
    expect(
      (await scim('PATCH', `/Users/${userId}`, patch({ op: 'replace', path: 'active', value: false })))
        .status,
    ).toBe(200);
    events = await since(seq);
    expectOnePerEntityAndKind(events);
    expect(events.find((event) => event.type === 'EMPLOYEE_STATUS_CHANGED')!.data).toEqual({
      from: 'ACTIVE',
      to: 'TERMINATED',
      lifecycle: 'LEFT',
    });
    expect(events.every((event) => event.origin === 'SCIM' && event.connection_id === connectionId)).toBe(
      true,
    );
  });
});
