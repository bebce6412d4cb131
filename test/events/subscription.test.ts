import { Client as WsClient, createClient } from 'graphql-ws';
import { print } from 'graphql';
import WebSocket from 'ws';
import {
  ChangeEventFieldsFragment,
  ChangeEventsDocument,
  DirectoryChangedDocument,
} from '../generated/graphql';
import { dataOf, startTestApp, TestApp } from '../support/app';
import { createOrganization } from '../support/factories';

const CREATE = `mutation ($input: EmployeeFieldsInput!) { createEmployee(input: $input) { id } }`;
const SET = `mutation ($id: ID!, $input: EmployeeFieldsInput!) { setEmployeeFields(id: $id, input: $input) { id } }`;

/** The graph's consumers of change events: the live subscription and the replay query. */
describe('directoryChanged and changeEvents', () => {
  let app: TestApp;
  let orgId: string;
  let otherOrgId: string;
  let admin: string;
  let otherAdmin: string;
  const clients: WsClient[] = [];

  beforeAll(async () => {
    app = await startTestApp({}, { sync: true });
    orgId = await createOrganization(app.db.dataSource);
    otherOrgId = await createOrganization(app.db.dataSource);
    admin = await app.token(orgId, ['admin']);
    otherAdmin = await app.token(otherOrgId, ['admin']);
  });
  afterAll(async () => {
    await Promise.all(clients.map((client) => client.dispose()));
    await app.stop();
  });

  const connect = (token: string) => {
    const client = createClient({
      url: app.url.replace(/^http/, 'ws'),
      webSocketImpl: WebSocket,
      connectionParams: { authorization: `Bearer ${token}` },
      retryAttempts: 0,
    });
    clients.push(client);
    return client;
  };

  /** Collects a subscription's events until `count` arrived (or an error). */
  const collect = (client: WsClient, variables: Record<string, unknown>, count: number) => {
    const events: ChangeEventFieldsFragment[] = [];
    let unsubscribe = () => {};
    const done = new Promise<ChangeEventFieldsFragment[]>((resolve, reject) => {
      unsubscribe = client.subscribe<{ directoryChanged: ChangeEventFieldsFragment }>(
        { query: print(DirectoryChangedDocument), variables },
        {
          next: (result) => {
            if (result.errors) return reject(result.errors);
            events.push(result.data!.directoryChanged);
            if (events.length === count) resolve(events);
          },
          error: reject,
          complete: () => resolve(events),
        },
      );
    });
    return done.finally(() => unsubscribe());
  };

  const replay = async (after: string | null, types?: string[]) => {
    const all: ChangeEventFieldsFragment[] = [];
    for (let cursor = after; ;) {
      const page = dataOf(
        await app.request(ChangeEventsDocument, { after: cursor, first: 2, types } as never, {
          token: admin,
        }),
      ).changeEvents;
      all.push(...page.edges.map((edge) => edge.node));
      if (!page.pageInfo.hasNextPage) return all;
      cursor = page.pageInfo.endCursor!;
    }
  };

  it('streams each committed change once, in seq order, and replay from the cursor returns the same events', async () => {
    const { createEmployee } = dataOf(
      await app.request<{ createEmployee: { id: string } }, unknown>(
        CREATE,
        { input: { email: 'ana@acme.test', displayName: 'Ana' } },
        { token: admin },
      ),
    );
    const [first] = await replay(null);
    expect(first).toMatchObject({ type: 'EMPLOYEE_CREATED', origin: 'MANUAL', entityId: createEmployee.id });

    // From the cursor: whatever commits after it arrives, however fast the subscription starts.
    const seen = collect(connect(admin), { after: first.cursor }, 3);
    const edit = async (input: Record<string, string>, token = admin, id = createEmployee.id) =>
      dataOf(await app.request(SET, { id, input }, { token }));
    await edit({ jobTitle: 'Engineer', department: 'R&D' });
    // Another organization's changes are not this subscriber's.
    const { createEmployee: stranger } = dataOf(
      await app.request<{ createEmployee: { id: string } }, unknown>(
        CREATE,
        { input: { email: 'bo@other.test' } },
        { token: otherAdmin },
      ),
    );
    await edit({ status: 'ON_LEAVE' });
    const events = await seen;
    expect(events.map((event) => [event.type, event.data])).toEqual([
      ['EMPLOYEE_UPDATED', { changes: [{ field: 'jobTitle', from: null, to: 'Engineer' }] }],
      ['EMPLOYEE_DEPARTMENT_CHANGED', { from: null, to: 'R&D' }],
      ['EMPLOYEE_STATUS_CHANGED', { from: 'ACTIVE', to: 'ON_LEAVE', lifecycle: 'ON_LEAVE' }],
    ]);
    expect(events.every((event) => event.entityId === createEmployee.id && event.origin === 'MANUAL')).toBe(
      true,
    );
    expect(events.map((event) => event.entityId)).not.toContain(stranger.id);
    // Replay after the same cursor, a page of 2 at a time: the very same events.
    expect(await replay(first.cursor)).toEqual(events);
    // Filtered by type, live and replayed alike.
    expect((await replay(first.cursor, ['EMPLOYEE_STATUS_CHANGED'])).map((event) => event.seq)).toEqual([
      events[2].seq,
    ]);
  });

  it('follows live from now on without a cursor, filtered by type', async () => {
    const seen = collect(connect(admin), { types: ['EMPLOYEE_CREATED'] }, 1);
    // Without a cursor the stream starts at the head when it subscribes: keep writing until the
    // subscription has seen one (it never sees one twice, nor the filtered-out updates).
    const [person] = await replay(null, ['EMPLOYEE_CREATED']);
    let n = 0;
    let arrived = false;
    void seen.then(() => (arrived = true));
    const writing = (async () => {
      while (!arrived) {
        await app.request(SET, { id: person.entityId, input: { jobTitle: `t${n}` } }, { token: admin });
        await app.request(CREATE, { input: { email: `new${n++}@acme.test` } }, { token: admin });
      }
    })();
    const [event] = await seen;
    await writing;
    expect(event.type).toBe('EMPLOYEE_CREATED');
    expect(event.data.employee).toMatchObject({ email: expect.stringMatching(/^new\d+@acme\.test$/) });
  });

  it('is for administrators only', async () => {
    const member = await app.token(orgId, []);
    const response = await app.request(ChangeEventsDocument, {} as never, { token: member });
    expect(response.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    const refused = collect(connect(member), {}, 1);
    await expect(refused).rejects.toEqual([
      expect.objectContaining({ extensions: expect.objectContaining({ code: 'FORBIDDEN' }) }),
    ]);
  });

  it('tells a consumer whose cursor is older than the retention to re-read, with a typed error', async () => {
    const [oldest] = await replay(null);
    // Everything so far is past retention: the worker's sweep prunes it.
    await app.db.dataSource.query(
      `UPDATE change_events SET occurred_at = now() - interval '31 days' WHERE org_id = $1`,
      [orgId],
    );
    const sweeper = app.runtime!.startSweeper();
    expect(await sweeper.pruneChangeEvents()).toBeGreaterThan(0);
    await app.request(SET, { id: oldest.entityId, input: { jobTitle: 'After pruning' } }, { token: admin });

    const expired = await app.request(ChangeEventsDocument, { after: oldest.cursor } as never, {
      token: admin,
    });
    expect(expired.errors?.[0].extensions?.code).toBe('CURSOR_EXPIRED');
    await expect(collect(connect(admin), { after: oldest.cursor }, 1)).rejects.toEqual([
      expect.objectContaining({ extensions: { code: 'CURSOR_EXPIRED' } }),
    ]);
    // Without a cursor: from the oldest event kept.
    expect((await replay(null)).map((event) => event.data)).toEqual([
      { changes: [{ field: 'jobTitle', from: expect.any(String), to: 'After pruning' }] },
    ]);
    // A forged cursor is bad input, not a server error.
    const forged = await app.request(ChangeEventsDocument, { after: 'abc.def' } as never, { token: admin });
    expect(forged.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
  });
});
