import { ChangeEventStore } from '../../src/directory/change-events';
import { Sql } from '../../src/directory/sql';
import { createTestDatabase, TestDatabase } from '../support/databases';

describe('migrations', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(async () => db.drop());

  it('create the directory tables with the lookup index', async () => {
    const tables = await db.dataSource.query(
      `SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY 1`,
    );
    expect(tables.map((row: { table_name: string }) => row.table_name)).toEqual(
      expect.arrayContaining([
        'employees',
        'directory_groups',
        'group_members',
        'group_nesting',
        'organizations',
      ]),
    );
    const indexes = await db.dataSource.query(
      `SELECT indexname FROM pg_indexes WHERE tablename = 'employees'`,
    );
    expect(indexes.map((row: { indexname: string }) => row.indexname)).toContain('employees_search_trgm_idx');
  });
});

describe('migration 1733000000000 (employee sources) over existing data', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase(1);
    // Back to the schema before it (undoing the migrations that came after it too), with data in it.
    for (;;) {
      const [{ to_regclass: table }] = await db.dataSource.query(`SELECT to_regclass('employee_sources')`);
      if (table === null) break;
      await db.dataSource.undoLastMigration({ transaction: 'each' });
    }
  });
  afterAll(async () => db.drop());

  it('gives every employee a source record: its connection’s, or a MANUAL one holding its fields', async () => {
    const q = (text: string, params: unknown[] = []) => db.dataSource.query(text, params);
    const [{ to_regclass: before }] = await q(`SELECT to_regclass('employee_sources')`);
    expect(before).toBeNull();
    const [{ id: orgId }] = await q(
      `INSERT INTO organizations (name, slug) VALUES ('Old Org', 'old-org') RETURNING id`,
    );
    const [{ id: connectionId }] = await q(
      `INSERT INTO directory_connections (org_id, name, source, config_encrypted) VALUES ($1, 'Okta', 'okta', 'x') RETURNING id`,
      [orgId],
    );
    const [{ id: boss }] = await q(
      `INSERT INTO employees (org_id, email, display_name, connection_id, source, external_id, source_hash, department,
         custom_attributes, idp_id, manager_ref, manager_ref_kind)
       VALUES ($1, 'Boss@Old.test', 'The Boss', $2, 'okta', 'okta-1', 'h1', 'Board', '{"floor": 9}', 'okta-1', NULL, 'none')
       RETURNING id`,
      [orgId, connectionId],
    );
    await q(
      `INSERT INTO employees (org_id, email, display_name, connection_id, source, external_id, source_hash, job_title,
         manager_ref, manager_ref_kind, manager_id)
       VALUES ($1, 'worker@old.test', 'A Worker', $2, 'okta', 'okta-2', 'h2', 'Engineer', 'okta-1', 'externalId', $3)`,
      [orgId, connectionId, boss],
    );
    await q(
      `INSERT INTO employees (org_id, email, display_name, source, external_id, location, user_id, start_date, status)
       VALUES ($1, 'seeded@old.test', 'Seeded Person', 'manual', 'seed-1', 'Oslo', 'itsm-7', '2021-02-03', 'on_leave')`,
      [orgId],
    );
    await q(
      `INSERT INTO employees (org_id, email, display_name, connection_id, source, external_id, source_hash, status,
         deprovisioned_at)
       VALUES ($1, 'leaver@old.test', 'A Leaver', $2, 'okta', 'okta-3', 'h3', 'terminated', now())`,
      [orgId, connectionId],
    );
    const snapshot = () => q(`SELECT to_jsonb(e) AS row FROM employees e ORDER BY email`);
    const employeesBefore = await snapshot();

    await db.dataSource.runMigrations({ transaction: 'each' });

    expect(await snapshot()).toEqual(employeesBefore);
    // 1733860000000: the record of a person the source had already removed (disabled) is the one
    // kept although no longer listed; the others are listed.
    expect(
      await q(
        `SELECT e.email, es.unlisted FROM employee_sources es JOIN employees e ON e.id = es.employee_id
         WHERE es.connection_id IS NOT NULL ORDER BY e.email`,
      ),
    ).toEqual([
      { email: 'Boss@Old.test', unlisted: false },
      { email: 'leaver@old.test', unlisted: true },
      { email: 'worker@old.test', unlisted: false },
    ]);
    // 1733840000000: e-mails may now be shared and absent.
    await q(
      `INSERT INTO employees (org_id, email, display_name, source) VALUES ($1, 'worker@old.test', 'Shared Mailbox', 'manual'),
         ($1, NULL, 'No Mail', 'manual')`,
      [orgId],
    );
    const records = await q(
      `SELECT e.email, es.connection_id, es.source, es.external_id, es.hash, es.manager_ref, es.manager_ref_kind, es.data
       FROM employee_sources es JOIN employees e ON e.id = es.employee_id ORDER BY e.email`,
    );
    expect(records).toEqual([
      expect.objectContaining({
        email: 'Boss@Old.test',
        connection_id: connectionId,
        source: 'okta',
        external_id: 'okta-1',
        hash: 'h1',
        manager_ref_kind: 'none',
        data: expect.objectContaining({
          email: 'boss@old.test',
          display_name: 'The Boss',
          department: 'Board',
          idp_id: 'okta-1',
          custom_attributes: { floor: 9 },
        }),
      }),
      expect.objectContaining({
        email: 'leaver@old.test',
        source: 'okta',
        external_id: 'okta-3',
        hash: 'h3',
      }),
      expect.objectContaining({
        email: 'seeded@old.test',
        connection_id: null,
        source: 'manual',
        external_id: 'seed-1',
        data: expect.objectContaining({
          location: 'Oslo',
          user_id: 'itsm-7',
          start_date: '2021-02-03',
          status: 'on_leave',
        }),
      }),
      expect.objectContaining({
        email: 'worker@old.test',
        external_id: 'okta-2',
        hash: 'h2',
        manager_ref: 'okta-1',
        manager_ref_kind: 'externalId',
        data: expect.objectContaining({ job_title: 'Engineer' }),
      }),
    ]);
  });
});

describe('migration 1733880000000 (lean change events) over existing events', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase(1);
    for (;;) {
      const [last] = await db.dataSource.query(`SELECT name FROM migrations ORDER BY timestamp DESC LIMIT 1`);
      if (last.name === 'ChangeEventTriggers1733810000000') break;
      await db.dataSource.undoLastMigration({ transaction: 'each' });
    }
  });
  afterAll(async () => db.drop());

  it('keeps the events written before it, their keys and their sequence; an organization can then be deleted', async () => {
    const q = (text: string, params: unknown[] = []) => db.dataSource.query(text, params);
    const [{ id: orgId }] = await q(
      `INSERT INTO organizations (name, slug) VALUES ('Old Org', 'old-org') RETURNING id`,
    );
    const [{ id: personId }] = await q(
      `INSERT INTO employees (org_id, email, display_name, job_title) VALUES ($1, 'old@old.test', 'Old Person', 'Clerk')
       RETURNING id`,
      [orgId],
    );
    const [written] = await q(`SELECT id, idempotency_key FROM change_events WHERE org_id = $1`, [orgId]);
    expect(written.idempotency_key).toBe(`${orgId}:1`);

    await db.dataSource.runMigrations({ transaction: 'each' });

    await q(`UPDATE employees SET job_title = 'Head Clerk' WHERE id = $1`, [personId]);
    const events = await new ChangeEventStore(new Sql(db.dataSource)).after(orgId, null, 10, null);
    expect(events.map((event) => [event.seq, event.type, event.idempotencyKey])).toEqual([
      ['1', 'EMPLOYEE_CREATED', `${orgId}:1`],
      ['2', 'EMPLOYEE_UPDATED', `${orgId}:2`],
    ]);
    expect(events[0].id).toBe(written.id);
    expect(events[1].data).toEqual({ changes: [{ field: 'jobTitle', from: 'Clerk', to: 'Head Clerk' }] });

    await q(`DELETE FROM organizations WHERE id = $1`, [orgId]);
    expect(await q(`SELECT seq FROM change_events WHERE org_id = $1`, [orgId])).toEqual([]);
  });
});
