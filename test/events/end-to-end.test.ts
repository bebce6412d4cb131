import {
  ChangeEventFieldsFragment,
  ChangeEventsDocument,
  ChangeEventsQuery,
  CreateWebhookEndpointDocument,
} from '../generated/graphql';
import { WebhookReceiver } from '../fakes/webhook-receiver/receiver';
import { dataOf, startTestApp, TestApp } from '../support/app';
import { createOrganization } from '../support/factories';
import { hrisDocument, hrisPeople, writeHrisFile } from '../support/hris';
import { runSync } from '../support/sync-jobs';

const JOB_FIELDS = 'id status';

/**
 * The whole path a consumer sees: a sync in the worker and an admin's edit through the graph write
 * change events; the worker hears the commits and delivers them, signed, to the organization's
 * endpoint (retrying a receiver's 500s); the replay query returns the same events in the same order.
 */
describe('change events, end to end', () => {
  let app: TestApp;
  let receiver: WebhookReceiver;
  let admin: string;
  let orgId: string;

  beforeAll(async () => {
    app = await startTestApp({}, { sync: true });
    app.runtime!.startWorker();
    app.runtime!.startWebhookWorker();
    receiver = await WebhookReceiver.start();
    orgId = await createOrganization(app.db.dataSource);
    admin = await app.token(orgId, ['admin']);
  });
  afterAll(async () => {
    await receiver?.close();
    await app?.stop();
  });

  const gql = async <T>(query: string, variables: Record<string, unknown> = {}) =>
    dataOf(await app.request<T, Record<string, unknown>>(query, variables, { token: admin }));

  async function replay(): Promise<ChangeEventFieldsFragment[]> {
    const events: ChangeEventFieldsFragment[] = [];
    let after: string | null = null;
    for (;;) {
      const { changeEvents }: ChangeEventsQuery = dataOf(
        await app.request(ChangeEventsDocument, { after, first: 100 }, { token: admin }),
      );
      events.push(...changeEvents.edges.map((edge) => edge.node));
      if (!changeEvents.pageInfo.hasNextPage) return events;
      after = changeEvents.pageInfo.endCursor;
    }
  }

  it('delivers every event of a sync and of a manual edit once, signed, in order, as replay returns them', async () => {
    const { createWebhookEndpoint } = dataOf(
      await app.request(CreateWebhookEndpointDocument, { input: { url: receiver.url } }, { token: admin }),
    );
    receiver.secret = createWebhookEndpoint.secret;
    // The receiver fails each event's first try: every event is retried, and still arrives once.
    receiver.respond = (_request, earlier) => (earlier === 0 ? 500 : 200);

    const file = writeHrisFile(orgId, hrisDocument(hrisPeople(12)));
    const { createDirectoryConnection } = await gql<{ createDirectoryConnection: { id: string } }>(
      `mutation ($input: DirectoryConnectionInput!) { createDirectoryConnection(input: $input) { id } }`,
      { input: { name: 'HR export', source: 'HRIS_IMPORT', config: { file } } },
    );
    const job = await runSync<{ id: string; status: string }>(
      app,
      admin,
      createDirectoryConnection.id,
      JOB_FIELDS,
    );
    expect(job.status).toBe('COMPLETED');

    const { employees } = await gql<{
      employees: { edges: { node: { id: string; displayName: string } }[] };
    }>(
      `{ employees(first: 1, filter: { search: "person5@acme.test" }) { edges { node { id displayName } } } }`,
    );
    const personId = employees.edges[0].node.id;
    await gql(
      `mutation ($id: ID!) { setEmployeeFields(id: $id, input: { jobTitle: "Head of Events" }) { id } }`,
      {
        id: personId,
      },
    );

    const events = await replay();
    // 12 people, 2 groups, their direct memberships, then the edit.
    expect(events.filter((event) => event.type === 'EMPLOYEE_CREATED')).toHaveLength(12);
    expect(events.filter((event) => event.type === 'GROUP_CREATED')).toHaveLength(2);
    const edit = events[events.length - 1];
    expect(edit).toMatchObject({ type: 'EMPLOYEE_UPDATED', origin: 'MANUAL', entityId: personId });
    expect(
      events.filter((event) => event.origin === 'SYNC').every((event) => event.syncJobId === job.id),
    ).toBe(true);

    await receiver.waitFor(
      'every event delivered',
      () => new Set(receiver.delivered().map((request) => request.eventId)).size === events.length,
      60_000,
    );
    const delivered = receiver.delivered();
    // At least once, and in a clean run exactly once; each after one refused try; all signed.
    expect(delivered.map((request) => request.eventId)).toEqual(events.map((event) => event.id));
    expect(delivered.every((request) => request.attempt === 2)).toBe(true);
    expect(receiver.requests.every((request) => request.verified)).toBe(true);
    expect(delivered.map((request) => request.body.type)).toEqual(events.map((event) => event.type));
  });
});
