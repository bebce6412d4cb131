import { randomUUID } from 'node:crypto';
import {
  CreateWebhookEndpointDocument,
  EnableWebhookEndpointDocument,
  PingWebhookEndpointDocument,
  RedeliverWebhookDocument,
  RedeliverWebhookEventDocument,
  RotateWebhookSecretDocument,
  UpdateWebhookEndpointDocument,
  WebhookDeliveriesDocument,
  WebhookDeliveryFieldsFragment,
  WebhookEndpointDocument,
  WebhookEndpointFieldsFragment,
  WebhookEndpointInput,
  WebhookEndpointsDocument,
} from '../generated/graphql';
import { ReceivedRequest, verifySignature, WebhookReceiver } from '../fakes/webhook-receiver/receiver';
import { createSyncRuntime } from '../../src/jobs/services';
import { dataOf, startTestApp, TestApp } from '../support/app';
import { writeChangeEvents, WrittenChangeEvent } from '../support/change-events';
import { createOrganization } from '../support/factories';

/** Tries each delivery this often before the endpoint is disabled (kept small: the backoff is 50 ms). */
const MAX_ATTEMPTS = 4;
/** A request's whole time allowed (kept small so that the test of a silent receiver is quick). */
const TIMEOUT_MS = 1_500;

describe('signed webhooks', () => {
  let app: TestApp;
  const receivers: WebhookReceiver[] = [];

  beforeAll(async () => {
    app = await startTestApp(
      { WEBHOOK_MAX_ATTEMPTS: String(MAX_ATTEMPTS), WEBHOOK_TIMEOUT_MS: String(TIMEOUT_MS) },
      { sync: true },
    );
    app.runtime!.startWebhookWorker();
  });
  afterAll(async () => {
    await Promise.all(receivers.map((receiver) => receiver.close()));
    await app.stop();
  });

  async function receiver(): Promise<WebhookReceiver> {
    const started = await WebhookReceiver.start();
    receivers.push(started);
    return started;
  }

  /** A new organization (so that no other test's endpoint takes its events) and its admin's token. */
  async function organization(): Promise<{ orgId: string; admin: string }> {
    const orgId = await createOrganization(app.db.dataSource);
    return { orgId, admin: await app.token(orgId, ['admin']) };
  }

  async function createEndpoint(
    admin: string,
    target: WebhookReceiver,
    input: Partial<WebhookEndpointInput> = {},
  ): Promise<WebhookEndpointFieldsFragment> {
    const { createWebhookEndpoint } = dataOf(
      await app.request(
        CreateWebhookEndpointDocument,
        { input: { url: target.url, ...input } },
        { token: admin },
      ),
    );
    target.secret = createWebhookEndpoint.secret;
    return createWebhookEndpoint.endpoint;
  }

  /** Writes events in one transaction, then kicks, as a writer's after-commit hook will. */
  async function write(
    orgId: string,
    events: { type: string; entityId?: string; entityType?: 'EMPLOYEE' | 'GROUP' }[],
  ): Promise<WrittenChangeEvent[]> {
    const written = await writeChangeEvents(app.db.dataSource, orgId, events);
    await app.runtime!.kickWebhooks(orgId);
    return written;
  }

  async function endpoint(admin: string, id: string): Promise<WebhookEndpointFieldsFragment> {
    return dataOf(await app.request(WebhookEndpointDocument, { id }, { token: admin })).webhookEndpoint!;
  }

  async function deliveries(admin: string, endpointId: string): Promise<WebhookDeliveryFieldsFragment[]> {
    const { webhookDeliveries } = dataOf(
      await app.request(WebhookDeliveriesDocument, { endpointId, first: 100 }, { token: admin }),
    );
    return webhookDeliveries.edges.map((edge) => edge.node);
  }

  /** Reads until the check passes: the worker records an attempt just after the receiver answered it. */
  async function eventually<T>(
    what: string,
    read: () => Promise<T>,
    check: (value: T) => boolean,
  ): Promise<T> {
    const deadline = Date.now() + 20_000;
    for (;;) {
      const value = await read();
      if (check(value)) return value;
      if (Date.now() > deadline) throw new Error(`${what}: still ${JSON.stringify(value)}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  const ids = (requests: ReceivedRequest[]) => requests.map((request) => request.eventId);

  it('delivers every event once, signed, in order, after retrying the 500s', async () => {
    const { orgId, admin } = await organization();
    const target = await receiver();
    // Every event is refused twice, then taken.
    target.respond = (_request, earlier) => (earlier < 2 ? 500 : 200);
    const created = await createEndpoint(admin, target);
    expect(created).toMatchObject({ enabled: true, eventTypes: [], cursorSeq: '0', consecutiveFailures: 0 });

    const alice = randomUUID();
    const bob = randomUUID();
    const first = await write(orgId, [
      { type: 'EMPLOYEE_CREATED', entityId: alice },
      { type: 'EMPLOYEE_CREATED', entityId: bob },
      { type: 'EMPLOYEE_UPDATED', entityId: alice },
      { type: 'EMPLOYEE_MANAGER_CHANGED', entityId: bob },
      { type: 'EMPLOYEE_UPDATED', entityId: alice },
    ]);
    const second = await write(orgId, [{ type: 'EMPLOYEE_STATUS_CHANGED', entityId: bob }]);
    const events = [...first, ...second];

    await target.waitFor('every event delivered', (requests) =>
      events.every((event) =>
        requests.some((request) => request.eventId === event.id && request.status === 200),
      ),
    );

    // Signatures check out with the receiver's own reading of the documented algorithm.
    expect(target.requests.every((request) => request.verified)).toBe(true);
    // Each event delivered successfully exactly once, in seq order.
    expect(ids(target.delivered())).toEqual(events.map((event) => event.id));
    // Three tries each (500, 500, 200), numbered, and nothing of a later event before an earlier one was taken.
    expect(target.requests.map((request) => [request.body.seq, request.attempt, request.status])).toEqual(
      events.flatMap((event) => [
        [event.seq, 1, 500],
        [event.seq, 2, 500],
        [event.seq, 3, 200],
      ]),
    );
    for (const person of [alice, bob]) {
      const seqs = target.requests
        .filter((request) => request.body.entityId === person)
        .map((r) => r.body.seq!);
      expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
    }
    const request = target.delivered()[0];
    expect(request.method).toBe('POST');
    expect(request.headers['content-type']).toBe('application/json');
    expect(request.headers['idempotency-key']).toBe(events[0].id);
    expect(request.headers['x-hrdir-event-type']).toBe('EMPLOYEE_CREATED');
    expect(request.body).toEqual({
      id: events[0].id,
      seq: events[0].seq,
      type: 'EMPLOYEE_CREATED',
      occurredAt: expect.any(String),
      organizationId: orgId,
      origin: 'MANUAL',
      connectionId: null,
      syncJobId: null,
      entityType: 'EMPLOYEE',
      entityId: alice,
      subjectId: null,
      data: {},
    });
    // The delivery id stays the same over the tries of one delivery.
    const triesOfFirst = target.requests.filter((r) => r.eventId === events[0].id);
    expect(new Set(triesOfFirst.map((r) => r.deliveryId)).size).toBe(1);

    const log = await eventually(
      'the delivery log',
      () => deliveries(admin, created.id),
      (rows) => rows.length === events.length && rows.every((row) => row.status === 'DELIVERED'),
    );
    expect(log.map((row) => row.eventId)).toEqual(events.map((event) => event.id).reverse());
    for (const row of log) {
      expect(row).toMatchObject({ kind: 'EVENT', attempts: 3, lastStatusCode: 200 });
      expect(
        row.attemptLog.map((attempt) => [attempt.attempt, attempt.statusCode, attempt.errorClass]),
      ).toEqual([
        [1, 500, 'HTTP_STATUS'],
        [2, 500, 'HTTP_STATUS'],
        [3, 200, null],
      ]);
    }
    expect(await endpoint(admin, created.id)).toMatchObject({
      enabled: true,
      cursorSeq: String(events.length),
      consecutiveFailures: 0,
      failingSince: null,
      lastSuccessAt: expect.any(String),
    });
  });

  it('keeps the order and sends each event once with two workers and kicks from two processes', async () => {
    const second = createSyncRuntime(app.config, app.db.dataSource);
    second.startWebhookWorker();
    try {
      const { orgId, admin } = await organization();
      const target = await receiver();
      // Every third event is refused once.
      target.respond = (request, earlier) => (request.body.seq! % 3 === 0 && earlier === 0 ? 500 : 200);
      await createEndpoint(admin, target);
      const people = Array.from({ length: 5 }, () => randomUUID());
      const events: WrittenChangeEvent[] = [];
      for (let batch = 0; batch < 4; batch += 1) {
        events.push(
          ...(await writeChangeEvents(
            app.db.dataSource,
            orgId,
            people.map((entityId) => ({ type: 'EMPLOYEE_UPDATED', entityId })),
          )),
        );
        await (batch % 2 === 0 ? app.runtime! : second).kickWebhooks(orgId);
      }
      await target.waitFor(
        'every event delivered',
        (requests) => requests.filter((r) => r.status === 200).length >= 20,
      );
      expect(ids(target.delivered())).toEqual(events.map((event) => event.id));
      expect(target.requests).toHaveLength(20 + events.filter((event) => event.seq % 3 === 0).length);
    } finally {
      await second.close();
    }
  });

  it('pages the delivery log, newest first', async () => {
    const { orgId, admin } = await organization();
    const target = await receiver();
    const created = await createEndpoint(admin, target);
    const events = await write(
      orgId,
      Array.from({ length: 5 }, () => ({ type: 'EMPLOYEE_UPDATED' })),
    );
    await target.waitFor('five deliveries', (requests) => requests.length === 5);
    const page = async (after: string | null) =>
      dataOf(
        await app.request(
          WebhookDeliveriesDocument,
          { endpointId: created.id, first: 2, after },
          { token: admin },
        ),
      ).webhookDeliveries;
    const seen: string[] = [];
    let after: string | null = null;
    for (;;) {
      const { edges, pageInfo }: Awaited<ReturnType<typeof page>> = await page(after);
      seen.push(...edges.map((edge) => edge.node.eventId));
      if (!pageInfo.hasNextPage) break;
      after = pageInfo.endCursor;
    }
    expect(seen).toEqual(events.map((event) => event.id).reverse());
    const bad = await app.request(
      WebhookDeliveriesDocument,
      { endpointId: created.id, first: 2, after: 'nonsense' },
      { token: admin },
    );
    expect(bad.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'after' });
  });

  it('disables the endpoint after a run of failures, keeps its cursor, and resumes in order when enabled', async () => {
    const { orgId, admin } = await organization();
    const target = await receiver();
    let up = false;
    target.respond = () => (up ? 200 : 500);
    const created = await createEndpoint(admin, target);
    const [failing, behind] = await write(orgId, [
      { type: 'EMPLOYEE_UPDATED', entityId: randomUUID() },
      { type: 'EMPLOYEE_UPDATED', entityId: randomUUID() },
    ]);

    await target.waitFor(
      `${MAX_ATTEMPTS} tries of the first event`,
      (requests) => requests.length === MAX_ATTEMPTS,
    );
    const disabled = await eventually(
      'the endpoint disabled',
      () => endpoint(admin, created.id),
      (row) => !row.enabled,
    );
    expect(disabled.disabledReason).toContain(`${MAX_ATTEMPTS} attempts in a row failed`);
    expect(disabled.disabledReason).toContain(failing.id);
    expect(disabled).toMatchObject({
      consecutiveFailures: MAX_ATTEMPTS,
      failingSince: expect.any(String),
      backlog: 2,
    });
    const log = await deliveries(admin, created.id);
    expect(log.map((row) => [row.eventId, row.status, row.attempts])).toEqual([
      [behind.id, 'PENDING', 0],
      [failing.id, 'FAILED', MAX_ATTEMPTS],
    ]);
    // Nothing after the failing event was sent, for anybody.
    expect(new Set(ids(target.requests))).toEqual(new Set([failing.id]));

    // Events of the disabled time wait behind the cursor.
    const [later] = await write(orgId, [{ type: 'EMPLOYEE_DELETED', entityId: randomUUID() }]);

    up = true;
    const enabled = dataOf(
      await app.request(EnableWebhookEndpointDocument, { id: created.id }, { token: admin }),
    );
    expect(enabled.enableWebhookEndpoint).toMatchObject({
      enabled: true,
      disabledReason: null,
      consecutiveFailures: 0,
    });
    await target.waitFor(
      'the rest delivered',
      (requests) => requests.filter((r) => r.status === 200).length === 3,
    );
    expect(ids(target.delivered())).toEqual([failing.id, behind.id, later.id]);
    await eventually(
      'an empty backlog',
      () => endpoint(admin, created.id),
      (row) => row.backlog === 0,
    );
    // The failing event's count of tries goes on where it stopped.
    expect(target.delivered()[0].attempt).toBe(MAX_ATTEMPTS + 1);
  });

  it('disables an endpoint whose failures have lasted longer than WEBHOOK_DISABLE_AFTER_HOURS', async () => {
    const { orgId, admin } = await organization();
    const target = await receiver();
    target.respond = () => 500;
    const created = await createEndpoint(admin, target);
    // Its last attempts failed a day and an hour ago, with no success since.
    await app.db.dataSource.query(
      `UPDATE webhook_endpoints SET consecutive_failures = 3, failing_since = now() - interval '25 hours' WHERE id = $1`,
      [created.id],
    );
    const [event] = await write(orgId, [{ type: 'EMPLOYEE_UPDATED' }]);
    await target.waitFor('one try', (requests) => requests.length === 1);
    const disabled = await eventually(
      'the endpoint disabled',
      () => endpoint(admin, created.id),
      (row) => !row.enabled,
    );
    expect(disabled.disabledReason).toContain('failed for more than 24 hours');
    const [delivery] = await deliveries(admin, created.id);
    expect(delivery).toMatchObject({ eventId: event.id, status: 'FAILED', attempts: 1 });

    target.respond = () => 200;
    dataOf(await app.request(EnableWebhookEndpointDocument, { id: created.id }, { token: admin }));
    await target.waitFor('the event delivered', (requests) => requests.some((r) => r.status === 200));
    expect(ids(target.delivered())).toEqual([event.id]);
  });

  it('moves on when the event being retried passes its retention', async () => {
    const { orgId, admin } = await organization();
    const target = await receiver();
    const created = await createEndpoint(admin, target);
    const [expiring, next] = await writeChangeEvents(app.db.dataSource, orgId, [
      { type: 'EMPLOYEE_UPDATED' },
      { type: 'EMPLOYEE_UPDATED' },
    ]);
    target.respond = (request) => (request.eventId === expiring.id ? 500 : 200);
    await app.runtime!.kickWebhooks(orgId);
    await target.waitFor('a first try', (requests) => requests.length === 1);
    // What the events' retention does to an old event; its deliveries go with it.
    await app.db.dataSource.query(`DELETE FROM change_events WHERE org_id = $1 AND seq = $2`, [
      orgId,
      expiring.seq,
    ]);
    await target.waitFor('the next event', (requests) => requests.some((r) => r.status === 200));
    expect(ids(target.delivered())).toEqual([next.id]);
    expect(await endpoint(admin, created.id)).toMatchObject({ enabled: true });
  });

  it('an admin can disable an endpoint; it keeps its cursor and resumes when enabled', async () => {
    const { orgId, admin } = await organization();
    const target = await receiver();
    const created = await createEndpoint(admin, target);
    const disabled = dataOf(
      await app.request(
        UpdateWebhookEndpointDocument,
        { id: created.id, input: { enabled: false } },
        { token: admin },
      ),
    ).updateWebhookEndpoint;
    expect(disabled).toMatchObject({ enabled: false, disabledReason: 'disabled by an admin' });
    const events = await write(orgId, [
      { type: 'GROUP_CREATED', entityType: 'GROUP' },
      { type: 'GROUP_DELETED', entityType: 'GROUP' },
    ]);
    const resumed = dataOf(
      await app.request(
        UpdateWebhookEndpointDocument,
        { id: created.id, input: { enabled: true } },
        { token: admin },
      ),
    ).updateWebhookEndpoint;
    expect(resumed).toMatchObject({ enabled: true, disabledReason: null });
    await target.waitFor('both events', (requests) => requests.length === 2);
    expect(ids(target.requests)).toEqual(events.map((event) => event.id));
  });

  it('sends only the event types an endpoint asks for, and moves its cursor past the others', async () => {
    const { orgId, admin } = await organization();
    const target = await receiver();
    const created = await createEndpoint(admin, target, { eventTypes: ['EMPLOYEE_*', 'GROUP_DELETED'] });
    expect(created.eventTypes).toEqual(['EMPLOYEE_*', 'GROUP_DELETED']);
    const events = await write(orgId, [
      { type: 'EMPLOYEE_CREATED' },
      { type: 'GROUP_CREATED', entityType: 'GROUP' },
      { type: 'GROUP_DELETED', entityType: 'GROUP' },
      { type: 'MEMBER_ADDED', entityType: 'GROUP' },
      { type: 'EMPLOYEE_DELETED' },
    ]);
    await target.waitFor('two employee events and a group deletion', (requests) => requests.length === 3);
    expect(target.requests.map((request) => request.body.type)).toEqual([
      'EMPLOYEE_CREATED',
      'GROUP_DELETED',
      'EMPLOYEE_DELETED',
    ]);
    await eventually(
      'the cursor past every event',
      () => endpoint(admin, created.id),
      (row) => row.cursorSeq === '5',
    );
    expect(events).toHaveLength(5);

    const bad = await app.request(
      UpdateWebhookEndpointDocument,
      { id: created.id, input: { eventTypes: ['employee created'] } },
      { token: admin },
    );
    expect(bad.errors?.[0].extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      argument: 'input.eventTypes',
    });
  });

  it('a new endpoint starts after the events written before it; the sweep finds events no kick announced', async () => {
    const { orgId, admin } = await organization();
    const [before] = await writeChangeEvents(app.db.dataSource, orgId, [{ type: 'EMPLOYEE_CREATED' }]);
    const target = await receiver();
    const created = await createEndpoint(admin, target);
    expect(created.cursorSeq).toBe(String(before.seq));
    // Written without a kick (a kick lost with its process): the periodic sweep takes it.
    const [unannounced] = await writeChangeEvents(app.db.dataSource, orgId, [{ type: 'EMPLOYEE_UPDATED' }]);
    await app.runtime!.webhooks.sweep();
    await target.waitFor('the unannounced event', (requests) => requests.length === 1);
    expect(ids(target.requests)).toEqual([unannounced.id]);
  });

  it('redelivers a delivered event, and sends an event the endpoint never took', async () => {
    const { orgId, admin } = await organization();
    const [old] = await writeChangeEvents(app.db.dataSource, orgId, [{ type: 'EMPLOYEE_CREATED' }]);
    const target = await receiver();
    const created = await createEndpoint(admin, target);
    const [event] = await write(orgId, [{ type: 'EMPLOYEE_UPDATED' }]);
    await target.waitFor('the event', (requests) => requests.length === 1);
    const [delivery] = await eventually(
      'the delivery recorded',
      () => deliveries(admin, created.id),
      (rows) => rows[0]?.status === 'DELIVERED',
    );

    const again = dataOf(
      await app.request(RedeliverWebhookDocument, { deliveryId: delivery.id }, { token: admin }),
    ).redeliverWebhook;
    expect(again).toMatchObject({ kind: 'REDELIVERY', eventId: event.id });
    expect(again.id).not.toBe(delivery.id);
    await target.waitFor('the redelivery', (requests) => requests.length === 2);
    expect(target.requests[1]).toMatchObject({ eventId: event.id, deliveryId: again.id, verified: true });
    expect(target.requests[1].headers['idempotency-key']).toBe(event.id);

    const older = dataOf(
      await app.request(
        RedeliverWebhookEventDocument,
        { endpointId: created.id, eventId: old.id },
        { token: admin },
      ),
    ).redeliverWebhookEvent;
    expect(older).toMatchObject({ kind: 'REDELIVERY', eventId: old.id });
    await target.waitFor('the older event', (requests) => requests.length === 3);
    expect(target.requests[2]).toMatchObject({ eventId: old.id, verified: true });

    const missing = await app.request(
      RedeliverWebhookEventDocument,
      { endpointId: created.id, eventId: randomUUID() },
      { token: admin },
    );
    expect(missing.errors?.[0].extensions?.code).toBe('NOT_FOUND');
  });

  it('sends a signed ping at once and logs it; a ping is not redelivered', async () => {
    const { admin } = await organization();
    const target = await receiver();
    const created = await createEndpoint(admin, target);
    const ping = dataOf(
      await app.request(PingWebhookEndpointDocument, { id: created.id }, { token: admin }),
    ).pingWebhookEndpoint;
    expect(ping).toMatchObject({
      kind: 'PING',
      eventType: 'ping',
      status: 'DELIVERED',
      attempts: 1,
      lastStatusCode: 200,
    });
    expect(target.requests).toHaveLength(1);
    expect(target.requests[0]).toMatchObject({ verified: true, eventId: ping.eventId });
    expect(target.requests[0].body).toMatchObject({
      type: 'ping',
      seq: null,
      data: { endpointId: created.id },
    });

    target.respond = () => 503;
    const failed = dataOf(
      await app.request(PingWebhookEndpointDocument, { id: created.id }, { token: admin }),
    ).pingWebhookEndpoint;
    expect(failed).toMatchObject({
      status: 'FAILED',
      lastStatusCode: 503,
      lastError: 'HTTP_STATUS: HTTP 503',
    });
    // A failed ping is no failure of the endpoint's deliveries.
    expect(await endpoint(admin, created.id)).toMatchObject({ enabled: true, consecutiveFailures: 0 });

    const metrics = await (await fetch(new URL('/metrics', app.url))).text();
    expect(metrics).toMatch(/^directory_webhook_attempts_total\{result="delivered"\} [1-9]/m);
    expect(metrics).toMatch(/^directory_webhook_attempts_total\{result="HTTP_STATUS"\} [1-9]/m);

    const refused = await app.request(RedeliverWebhookDocument, { deliveryId: ping.id }, { token: admin });
    expect(refused.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT' });
  });

  it('shows the secret once, never afterwards, and signs with the rotated one at once', async () => {
    const { admin } = await organization();
    const target = await receiver();
    const created = dataOf(
      await app.request(CreateWebhookEndpointDocument, { input: { url: target.url } }, { token: admin }),
    ).createWebhookEndpoint;
    const secret = created.secret;
    expect(secret).toMatch(/^whsec_[A-Za-z0-9_-]{43}$/);
    expect(created.endpoint.secretHint).toBe(`${secret.slice(0, 10)}…`);
    target.secret = secret;
    const id = created.endpoint.id;
    await app.request(PingWebhookEndpointDocument, { id }, { token: admin });

    const responses = [
      await app.request(WebhookEndpointsDocument, {}, { token: admin }),
      await app.request(WebhookEndpointDocument, { id }, { token: admin }),
      await app.request(
        UpdateWebhookEndpointDocument,
        { id, input: { description: 'ITSM' } },
        { token: admin },
      ),
      await app.request(WebhookDeliveriesDocument, { endpointId: id }, { token: admin }),
    ];
    for (const response of responses) {
      expect(response.errors).toBeUndefined();
      expect(JSON.stringify(response)).not.toContain(secret.slice(6));
    }
    const [stored] = (await app.db.dataSource.query(
      `SELECT secret_encrypted FROM webhook_endpoints WHERE id = $1`,
      [id],
    )) as { secret_encrypted: string }[];
    expect(stored.secret_encrypted).not.toContain(secret.slice(6));

    const rotated = dataOf(
      await app.request(RotateWebhookSecretDocument, { id }, { token: admin }),
    ).rotateWebhookSecret;
    expect(rotated.secret).not.toBe(secret);
    expect(rotated.endpoint.secretHint).toBe(`${rotated.secret.slice(0, 10)}…`);
    await app.request(PingWebhookEndpointDocument, { id }, { token: admin });
    const last = target.requests[target.requests.length - 1];
    // The receiver still holds the old secret: the new signature does not verify with it...
    expect(last.verified).toBe(false);
    // ...and does with the new one.
    expect(verifySignature(last.headers['x-hrdir-signature'] as string, last.rawBody, rotated.secret)).toBe(
      true,
    );
  });

  it('refuses URLs outside the outbound address policy with DESTINATION_NOT_ALLOWED, and bad URLs as bad input', async () => {
    const { admin } = await organization();
    const attempt = (url: string) =>
      app.request(CreateWebhookEndpointDocument, { input: { url } }, { token: admin });
    for (const url of [
      'https://169.254.169.254/latest/meta-data/',
      'https://10.1.2.3/hook',
      'https://[fd00:ec2::254]/hook',
      'http://192.168.1.10:8080/hook',
      'https://127.0.0.2/hook', // loopback, but outside the allowed 127.0.0.1/32
    ]) {
      const response = await attempt(url);
      expect({ url, extensions: response.errors?.[0].extensions }).toEqual({
        url,
        extensions: { code: 'DESTINATION_NOT_ALLOWED', argument: 'input.url' },
      });
    }
    for (const url of [
      'http://hooks.example.com/x', // plain http to the internet
      'ftp://hooks.example.com/x',
      'https://user:password@hooks.example.com/x',
      'https://hooks.example.com/x#fragment',
      'not a url',
      '',
    ]) {
      const response = await attempt(url);
      expect({ url, extensions: response.errors?.[0].extensions }).toEqual({
        url,
        extensions: { code: 'BAD_USER_INPUT', argument: 'input.url' },
      });
    }
    expect((await attempt('https://127.0.0.1:9/allowed-by-the-operator')).errors).toBeUndefined();

    const member = await app.token((await organization()).orgId, []);
    const forbidden = await app.request(
      CreateWebhookEndpointDocument,
      { input: { url: 'https://127.0.0.1/x' } },
      { token: member },
    );
    expect(forbidden.errors?.[0].extensions?.code).toBe('FORBIDDEN');
  });

  it('checks the destination again at every delivery', async () => {
    const { admin } = await organization();
    const target = await receiver();
    const created = await createEndpoint(admin, target);
    // As when the name an endpoint was saved with resolves to a metadata address today.
    await app.db.dataSource.query(
      `UPDATE webhook_endpoints SET url = 'https://169.254.169.254/hook' WHERE id = $1`,
      [created.id],
    );
    const ping = dataOf(
      await app.request(PingWebhookEndpointDocument, { id: created.id }, { token: admin }),
    ).pingWebhookEndpoint;
    expect(ping).toMatchObject({ status: 'FAILED', lastStatusCode: null });
    expect(ping.attemptLog[0]).toMatchObject({ statusCode: null, errorClass: 'DESTINATION_NOT_ALLOWED' });
    expect(target.requests).toHaveLength(0);
  });

  it('does not follow redirects', async () => {
    const { admin } = await organization();
    const target = await receiver();
    const created = await createEndpoint(admin, target);
    target.respond = () => 302;
    const ping = dataOf(
      await app.request(PingWebhookEndpointDocument, { id: created.id }, { token: admin }),
    ).pingWebhookEndpoint;
    expect(ping).toMatchObject({ status: 'FAILED', lastStatusCode: 302 });
    expect(ping.attemptLog[0].errorClass).toBe('REDIRECT');
    expect(target.requests).toHaveLength(1);
  });

  it('gives up on a receiver that does not answer in time, and on an answer larger than 64 KiB', async () => {
    const { admin } = await organization();
    const target = await receiver();
    const created = await createEndpoint(admin, target);
    target.hang = true;
    const silent = dataOf(
      await app.request(PingWebhookEndpointDocument, { id: created.id }, { token: admin }),
    ).pingWebhookEndpoint;
    expect(silent).toMatchObject({ status: 'FAILED', lastStatusCode: null });
    expect(silent.attemptLog[0]).toMatchObject({ errorClass: 'TIMEOUT', errorReason: 'TIMEOUT' });
    expect(silent.attemptLog[0].durationMs).toBeGreaterThanOrEqual(TIMEOUT_MS - 50);

    target.hang = false;
    target.answerBytes = 100 * 1024;
    const chatty = dataOf(
      await app.request(PingWebhookEndpointDocument, { id: created.id }, { token: admin }),
    ).pingWebhookEndpoint;
    expect(chatty).toMatchObject({ status: 'FAILED' });
    expect(chatty.attemptLog[0].errorClass).toBe('TOO_LARGE');
  });

  it('answers unknown and foreign endpoints with NOT_FOUND', async () => {
    const { admin } = await organization();
    const other = await organization();
    const target = await receiver();
    const theirs = await createEndpoint(other.admin, target);
    for (const response of [
      await app.request(WebhookEndpointDocument, { id: theirs.id }, { token: admin }),
      await app.request(PingWebhookEndpointDocument, { id: theirs.id }, { token: admin }),
      await app.request(EnableWebhookEndpointDocument, { id: randomUUID() }, { token: admin }),
    ]) {
      expect(response.errors?.[0].extensions?.code).toBe('NOT_FOUND');
    }
    expect(target.requests).toHaveLength(0);
  });
});
