import { QueryRunner } from 'typeorm';
import { DirectoryConnection } from '../../src/entities';
import { PushReconciler } from '../../src/scim/push';
import { startTestApp, TestApp } from '../support/app';
import { createOrganization } from '../support/factories';
import { ENTERPRISE, PATCH_OP, scimClient, scimConnection, USER } from './support';

/** The test database's pool (test/support/databases.ts): as many connections as writers below. */
const POOL_SIZE = 5;

/**
 * A SCIM write stages, plans and applies on its own transaction's connection: it holds one pool
 * connection (never a second one for planning or COPY), and a later batch of the same write sees
 * what an earlier batch wrote.
 */
describe('SCIM: a write runs on its own transaction', () => {
  let app: TestApp;
  let orgId: string;
  let admin: string;

  beforeAll(async () => {
    app = await startTestApp({}, { sync: true });
    orgId = await createOrganization(app.db.dataSource);
    admin = await app.token(orgId, ['admin']);
  });
  afterAll(async () => app.stop());

  it(`lets ${POOL_SIZE} SCIM connections write at once with a pool of ${POOL_SIZE}`, async () => {
    expect(
      (app.db.dataSource.driver as unknown as { master: { options: { max: number } } }).master.options.max,
    ).toBe(POOL_SIZE);
    const clients = [];
    for (let i = 0; i < POOL_SIZE; i++) {
      const { token } = await scimConnection(app, admin, `Pool ${i}`);
      clients.push(scimClient(app, token));
    }
    for (let round = 0; round < 2; round++) {
      const answers = await Promise.all(
        clients.map((scim, i) =>
          scim('POST', '/Users', {
            schemas: [USER],
            userName: `pool.${round}.${i}@example.com`,
            emails: [{ value: `pool.${round}.${i}@example.com`, primary: true }],
            name: { givenName: 'Pool', familyName: `${round}-${i}` },
          }),
        ),
      );
      expect(answers.map((answer) => answer.status)).toEqual(clients.map(() => 201));
    }
  });

  it("plans a write's second batch with its first batch in view", async () => {
    const { connectionId } = await scimConnection(app, admin, 'Batches');
    const connection = await app.db.dataSource
      .getRepository(DirectoryConnection)
      .findOneByOrFail({ id: connectionId });
    const push = new PushReconciler(app.db.dataSource, async () => undefined);
    await push.transaction(orgId, connection, async (tx) => {
      const created = await tx.apply({
        users: [
          { externalId: 'batch-1', attributes: { email: 'batch.one@example.com', displayName: 'Batch One' } },
        ],
      });
      expect(created.stats.usersCreated).toBe(1);
      // The same record again, changed: an update of the person the first batch created.
      const updated = await tx.apply({
        users: [{ externalId: 'batch-1', attributes: { jobTitle: 'Tester' } }],
      });
      expect(updated.stats).toMatchObject({ usersCreated: 0, usersUpdated: 1 });
    });
    const rows: { email: string; job_title: string }[] = await app.db.dataSource.query(
      `SELECT e.email, e.job_title FROM employees e JOIN employee_sources es ON es.employee_id = e.id
       WHERE es.connection_id = $1`,
      [connectionId],
    );
    expect(rows).toEqual([{ email: 'batch.one@example.com', job_title: 'Tester' }]);
    // Nothing of the write is left in staging.
    const [{ staged }] = await app.db.dataSource.query(
      `SELECT (SELECT count(*) FROM sync_stage_users) + (SELECT count(*) FROM sync_stage_groups) AS staged`,
    );
    expect(staged).toBe(0);
  });

  it('answers one of 20 concurrent creates of one userName with 201 and the others with 409', async () => {
    const { token } = await scimConnection(app, admin, 'Same name');
    const scim = scimClient(app, token);
    const answers = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        scim('POST', '/Users', {
          schemas: [USER],
          userName: 'Same.Name@example.com',
          name: { givenName: 'Same', familyName: `${i}` },
        }),
      ),
    );
    const statuses = answers.map((answer) => answer.status).sort();
    expect(statuses).toEqual([201, ...Array<number>(19).fill(409)]);
    const listed = await scim(
      'GET',
      `/Users?filter=${encodeURIComponent('userName eq "same.name@example.com"')}`,
    );
    expect(listed.body.totalResults).toBe(1);
  });

  it("refuses one of two concurrent PATCHes that would make two people each other's manager", async () => {
    const { token } = await scimConnection(app, admin, 'Crossed managers');
    const scim = scimClient(app, token);
    const [a, b] = await Promise.all(
      ['cross.a@example.com', 'cross.b@example.com'].map((userName) =>
        scim('POST', '/Users', { schemas: [USER], userName }),
      ),
    );
    const managerOf = (id: unknown) => ({
      schemas: [PATCH_OP],
      Operations: [{ op: 'replace', path: `${ENTERPRISE}:manager`, value: id }],
    });
    const answers = await Promise.all([
      scim('PATCH', `/Users/${String(a.body.id)}`, managerOf(b.body.id)),
      scim('PATCH', `/Users/${String(b.body.id)}`, managerOf(a.body.id)),
    ]);
    expect(answers.map((answer) => answer.status).sort()).toEqual([200, 400]);
    const managers: { manager_id: string | null }[] = await app.db.dataSource.query(
      `SELECT manager_id FROM employees WHERE id = ANY($1::uuid[])`,
      [[a.body.id, b.body.id]],
    );
    expect(managers.filter((row) => row.manager_id !== null)).toHaveLength(1);
  });

  describe('writes of one connection waiting for the lock', () => {
    let connection: DirectoryConnection;
    let holder: QueryRunner;

    beforeEach(async () => {
      const { connectionId } = await scimConnection(app, admin, `Queue ${Math.random()}`);
      connection = await app.db.dataSource
        .getRepository(DirectoryConnection)
        .findOneByOrFail({ id: connectionId });
      // Another writer (a pull sync, an admin operation) holds the connection's lock.
      holder = app.db.dataSource.createQueryRunner();
      await holder.connect();
      await holder.startTransaction();
      await holder.query(`SELECT pg_advisory_xact_lock(hashtext($1))`, [connectionId]);
    });
    afterEach(async () => {
      if (holder.isTransactionActive) await holder.rollbackTransaction();
      await holder.release();
    });

    it('run in the order they came once the lock is free', async () => {
      const push = new PushReconciler(app.db.dataSource, async () => undefined);
      const order: number[] = [];
      const started: Promise<void>[] = [];
      const writes = Array.from({ length: 5 }, (_, i) =>
        push.transaction(orgId, connection, async (tx) => {
          order.push(i);
          await tx.apply({
            users: [{ externalId: `queued-${i}`, attributes: { displayName: `Queued ${i}` } }],
          });
        }),
      );
      started.push(...writes);
      await holder.rollbackTransaction();
      await Promise.all(started);
      expect(order).toEqual([0, 1, 2, 3, 4]);
    });

    it('answer 503 when the lock stays taken, and the writes after them still run', async () => {
      const push = new PushReconciler(app.db.dataSource, async () => undefined, 300);
      const waiting = await Promise.allSettled(
        Array.from({ length: 3 }, (_, i) =>
          push.transaction(orgId, connection, (tx) =>
            tx.apply({ users: [{ externalId: `late-${i}`, attributes: { displayName: `Late ${i}` } }] }),
          ),
        ),
      );
      expect(waiting.map((result) => result.status)).toEqual(['rejected', 'rejected', 'rejected']);
      for (const result of waiting)
        expect((result as PromiseRejectedResult).reason).toMatchObject({ status: 503 });
      await holder.rollbackTransaction();
      const later = await push.transaction(orgId, connection, (tx) =>
        tx.apply({ users: [{ externalId: 'after', attributes: { displayName: 'After' } }] }),
      );
      expect(later.stats.usersCreated).toBe(1);
    });
  });
});
