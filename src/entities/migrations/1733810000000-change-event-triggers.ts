import { MigrationInterface, QueryRunner } from 'typeorm';

/** Employee columns a consumer sees, by their GraphQL names (`employeeId` is the employee number). */
const EMPLOYEE_IMAGE = `jsonb_build_object(
  'employeeId', r.employee_number, 'email', r.email, 'displayName', r.display_name,
  'firstName', r.first_name, 'lastName', r.last_name, 'preferredName', r.preferred_name,
  'jobTitle', r.job_title, 'department', r.department, 'division', r.division, 'costCenter', r.cost_center,
  'location', r.location, 'phone', r.phone, 'company', r.company, 'username', r.username,
  'timeZone', r.time_zone, 'status', upper(r.status), 'employmentType', upper(r.employment_type),
  'startDate', r.start_date, 'terminationDate', r.termination_date, 'managerId', r.manager_id,
  'source', upper(r.source), 'externalId', r.external_id, 'idpId', r.idp_id, 'userId', r.user_id,
  'customAttributes', r.custom_attributes)`;

/** The same columns as a row, for a cheap "did anything visible change" test in the trigger. */
export const EMPLOYEE_VISIBLE = (alias: string) =>
  `(${[
    'employee_number',
    'email',
    'display_name',
    'first_name',
    'last_name',
    'preferred_name',
    'job_title',
    'department',
    'division',
    'cost_center',
    'location',
    'phone',
    'company',
    'username',
    'time_zone',
    'status',
    'employment_type',
    'start_date',
    'termination_date',
    'manager_id',
    'source',
    'external_id',
    'idp_id',
    'user_id',
    'custom_attributes',
  ]
    .map((column) => `${alias}.${column}`)
    .join(', ')})`;

const GROUP_IMAGE = `jsonb_build_object(
  'name', r.name, 'displayName', r.display_name, 'description', r.description,
  'isSecurityGroup', r.is_security_group, 'groupType', upper(r.group_type), 'source', upper(r.source),
  'externalId', r.external_id, 'customAttributes', r.custom_attributes)`;

export const GROUP_VISIBLE = (alias: string) =>
  `(${[
    'name',
    'display_name',
    'description',
    'is_security_group',
    'group_type',
    'source',
    'external_id',
    'custom_attributes',
  ]
    .map((column) => `${alias}.${column}`)
    .join(', ')})`;

/** Rows per captured chunk: a jsonb value holds at most 255 MB, an image is about 0.5 kB. */
export const CHUNK = 20_000;

/**
 * Writes change_events from the tables themselves, so that no write path can forget them.
 *
 * Capture: statement-level AFTER triggers with transition tables on employees, directory_groups
 * and group_members record, per statement, what the rows looked like before (one row of
 * change_event_captures per statement and chunk of 20k rows: arrays, not a row per entity, so a
 * 100k-row statement costs one insert). An UPDATE captures only the rows whose consumer-visible
 * columns changed (bookkeeping such as synced_at, source_hash or manager_ref makes no event).
 *
 * Flush: a deferred constraint trigger on the captures runs once at COMMIT and turns the net
 * difference of the whole transaction into events: for each entity its state before the first
 * statement that touched it against its state now. So a person created and then given a manager
 * in a later statement of the same sync is one EMPLOYEE_CREATED (with the manager), and a manager
 * set and cut again (a reporting cycle) is no event at all. Only then does it take the
 * organization's counter row: sequence numbers are gapless, and since the row stays locked until
 * the commit completes, sequence order is commit order; the lock is held only for the flush.
 * Organizations are locked in id order, so two flushes cannot deadlock.
 *
 * Origin, connection and sync job come from transaction-local settings the write path sets
 * (hrdir.origin, hrdir.connection_id, hrdir.sync_job_id; SYSTEM when unset). The idempotency key
 * is `<org id>:<seq>`: deterministic, and unique because (org_id, seq) is.
 *
 * After the events, NOTIFY hrdir_change_events '<org id>:<last seq>' per organization: Postgres
 * delivers notifications only when the transaction commits, so listeners hear of committed events
 * only, and read them from the table by seq.
 */
export class ChangeEventTriggers1733810000000 implements MigrationInterface {
  name = 'ChangeEventTriggers1733810000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    // Unlogged: captures live for one transaction; a crash loses only transactions that never committed.
    await queryRunner.query(`
      CREATE UNLOGGED TABLE change_event_captures (
        tx xid8 NOT NULL,
        stmt bigserial,
        -- EMPLOYEE, GROUP (images: jsonb array of {id, org, image}; inserted: ids) or MEMBERSHIP
        entity_type text NOT NULL,
        -- true: rows that did not exist before the statement (INSERT)
        inserted boolean NOT NULL,
        ids uuid[],
        orgs uuid[],
        images jsonb,
        group_ids uuid[],
        employee_ids uuid[],
        PRIMARY KEY (tx, stmt)
      )`);

    await queryRunner.query(`
      CREATE FUNCTION hrdir_employee_image(r employees) RETURNS jsonb
      LANGUAGE sql STABLE PARALLEL SAFE AS $$ SELECT ${EMPLOYEE_IMAGE} $$`);
    await queryRunner.query(`
      CREATE FUNCTION hrdir_group_image(r directory_groups) RETURNS jsonb
      LANGUAGE sql STABLE PARALLEL SAFE AS $$ SELECT ${GROUP_IMAGE} $$`);

    // ---------------------------------------------------------------- capture (per statement)
    for (const [table, entity, visible, image] of [
      ['employees', 'EMPLOYEE', EMPLOYEE_VISIBLE, 'hrdir_employee_image'],
      ['directory_groups', 'GROUP', GROUP_VISIBLE, 'hrdir_group_image'],
    ] as const) {
      const prefix = `hrdir_capture_${table}`;
      await queryRunner.query(`
        CREATE FUNCTION ${prefix}_insert() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
          INSERT INTO change_event_captures (tx, entity_type, inserted, ids)
          SELECT pg_current_xact_id(), '${entity}', true, array_agg(id) FROM new_rows HAVING count(*) > 0;
          RETURN NULL;
        END $$`);
      await queryRunner.query(`
        CREATE FUNCTION ${prefix}_update() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
          INSERT INTO change_event_captures (tx, entity_type, inserted, images)
          SELECT pg_current_xact_id(), '${entity}', false,
            jsonb_agg(jsonb_build_object('id', id, 'org', org_id, 'image', image))
          FROM (
            SELECT o.id, o.org_id, ${image}(o) AS image, (row_number() OVER () - 1) / ${CHUNK} AS chunk
            FROM old_rows o JOIN new_rows n ON n.id = o.id
            -- Rows this transaction created need no image: they did not exist before it.
            LEFT JOIN (
              SELECT DISTINCT i.id FROM change_event_captures c CROSS JOIN LATERAL unnest(c.ids) i(id)
              WHERE c.tx = pg_current_xact_id() AND c.inserted AND c.entity_type = '${entity}') created ON created.id = o.id
            WHERE created.id IS NULL AND ${visible('o')} IS DISTINCT FROM ${visible('n')}) changed
          GROUP BY chunk;
          RETURN NULL;
        END $$`);
      await queryRunner.query(`
        CREATE FUNCTION ${prefix}_delete() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
          INSERT INTO change_event_captures (tx, entity_type, inserted, images)
          SELECT pg_current_xact_id(), '${entity}', false,
            jsonb_agg(jsonb_build_object('id', id, 'org', org_id, 'image', image))
          FROM (SELECT o.id, o.org_id, ${image}(o) AS image, (row_number() OVER () - 1) / ${CHUNK} AS chunk
                FROM old_rows o) gone
          GROUP BY chunk;
          RETURN NULL;
        END $$`);
      await queryRunner.query(`
        CREATE TRIGGER ${prefix}_insert AFTER INSERT ON ${table} REFERENCING NEW TABLE AS new_rows
        FOR EACH STATEMENT EXECUTE FUNCTION ${prefix}_insert()`);
      await queryRunner.query(`
        CREATE TRIGGER ${prefix}_update AFTER UPDATE ON ${table} REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
        FOR EACH STATEMENT EXECUTE FUNCTION ${prefix}_update()`);
      await queryRunner.query(`
        CREATE TRIGGER ${prefix}_delete AFTER DELETE ON ${table} REFERENCING OLD TABLE AS old_rows
        FOR EACH STATEMENT EXECUTE FUNCTION ${prefix}_delete()`);
    }
    for (const [operation, transition, inserted] of [
      ['insert', 'NEW TABLE AS changed_rows', true],
      ['delete', 'OLD TABLE AS changed_rows', false],
    ] as const) {
      await queryRunner.query(`
        CREATE FUNCTION hrdir_capture_group_members_${operation}() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
          INSERT INTO change_event_captures (tx, entity_type, inserted, orgs, group_ids, employee_ids)
          SELECT pg_current_xact_id(), 'MEMBERSHIP', ${inserted}, array_agg(org_id), array_agg(group_id), array_agg(employee_id)
          FROM changed_rows HAVING count(*) > 0;
          RETURN NULL;
        END $$`);
      await queryRunner.query(`
        CREATE TRIGGER hrdir_capture_group_members_${operation} AFTER ${operation.toUpperCase()} ON group_members
        REFERENCING ${transition} FOR EACH STATEMENT EXECUTE FUNCTION hrdir_capture_group_members_${operation}()`);
    }

    // ---------------------------------------------------------------- flush (once, at commit)
    await queryRunner.query(`
      CREATE FUNCTION hrdir_flush_change_events() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE
        current_tx xid8 := pg_current_xact_id();
        origin text := coalesce(nullif(current_setting('hrdir.origin', true), ''), 'SYSTEM');
        connection uuid := nullif(current_setting('hrdir.connection_id', true), '')::uuid;
        job uuid := nullif(current_setting('hrdir.sync_job_id', true), '')::uuid;
        notified bigint;
      BEGIN
        -- One firing per captured statement is queued; the first does the work, the others find nothing.
        IF NOT EXISTS (SELECT 1 FROM change_event_captures WHERE tx = current_tx) THEN
          RETURN NULL;
        END IF;
        IF origin NOT IN ('SYNC', 'SCIM', 'MANUAL', 'SYSTEM') THEN origin := 'SYSTEM'; END IF;

        -- People and groups: the state before the transaction's first statement that touched each,
        -- against the state now; direct memberships: whether the pair existed before. Then sequence
        -- numbers, organization by organization in id order (two flushes never deadlock), the events,
        -- and one notification per organization.
        WITH captured AS (
          SELECT c.entity_type, c.stmt, i.id, NULL::uuid AS org, NULL::jsonb AS image, true AS created
          FROM change_event_captures c CROSS JOIN LATERAL unnest(c.ids) i(id)
          WHERE c.tx = current_tx AND c.inserted AND c.entity_type <> 'MEMBERSHIP'
          UNION ALL
          SELECT c.entity_type, c.stmt, (x->>'id')::uuid, (x->>'org')::uuid, x->'image', false
          FROM change_event_captures c CROSS JOIN LATERAL jsonb_array_elements(c.images) x
          WHERE c.tx = current_tx AND NOT c.inserted AND c.entity_type <> 'MEMBERSHIP'),
        first_seen AS (
          SELECT DISTINCT ON (entity_type, id) entity_type, id, org, image, created
          FROM captured ORDER BY entity_type, id, stmt),
        -- The image of the row now is built once per entity (OFFSET 0 keeps it from being inlined
        -- into each of its uses below, which would build it once per use).
        compared AS MATERIALIZED (
          SELECT f.entity_type, f.id, coalesce(e.org_id, g.org_id, f.org) AS org_id,
            CASE WHEN f.created THEN NULL ELSE f.image END AS before, now_image.after,
            (e.id IS NOT NULL OR g.id IS NOT NULL) AS present
          FROM first_seen f
          LEFT JOIN employees e ON f.entity_type = 'EMPLOYEE' AND e.id = f.id
          LEFT JOIN directory_groups g ON f.entity_type = 'GROUP' AND g.id = f.id
          CROSS JOIN LATERAL (
            SELECT CASE WHEN e.id IS NOT NULL THEN hrdir_employee_image(e)
                        WHEN g.id IS NOT NULL THEN hrdir_group_image(g) END AS after OFFSET 0) now_image),
        diffed AS (
          SELECT c.*, CASE WHEN c.before IS NOT NULL AND c.present THEN (
              SELECT coalesce(jsonb_agg(jsonb_build_object('field', k, 'from', v, 'to', c.after->k) ORDER BY k), '[]')
              FROM jsonb_each(c.before) kv(k, v)
              WHERE c.after->k IS DISTINCT FROM v
                AND (c.entity_type <> 'EMPLOYEE' OR k NOT IN ('managerId', 'department', 'status'))) END AS changes
          FROM compared c),
        entity_events AS (
          SELECT d.org_id, x.rank, x.type, d.entity_type, d.id AS entity_id, NULL::uuid AS subject_id, x.data
          FROM diffed d CROSS JOIN LATERAL (VALUES
            (CASE d.entity_type WHEN 'EMPLOYEE' THEN 1 ELSE 2 END,
             d.entity_type || '_CREATED',
             CASE WHEN d.before IS NULL AND d.present
               THEN jsonb_build_object(lower(d.entity_type), d.after) END),
            (CASE d.entity_type WHEN 'EMPLOYEE' THEN 3 ELSE 7 END,
             d.entity_type || '_UPDATED',
             CASE WHEN jsonb_array_length(d.changes) > 0 THEN jsonb_build_object('changes', d.changes) END),
            (4, 'EMPLOYEE_MANAGER_CHANGED',
             CASE WHEN d.entity_type = 'EMPLOYEE' AND d.before IS NOT NULL AND d.present
                   AND d.before->'managerId' IS DISTINCT FROM d.after->'managerId'
               THEN jsonb_build_object('from', d.before->'managerId', 'to', d.after->'managerId') END),
            (5, 'EMPLOYEE_DEPARTMENT_CHANGED',
             CASE WHEN d.entity_type = 'EMPLOYEE' AND d.before IS NOT NULL AND d.present
                   AND d.before->'department' IS DISTINCT FROM d.after->'department'
               THEN jsonb_build_object('from', d.before->'department', 'to', d.after->'department') END),
            (6, 'EMPLOYEE_STATUS_CHANGED',
             CASE WHEN d.entity_type = 'EMPLOYEE' AND d.before IS NOT NULL AND d.present
                   AND d.before->'status' IS DISTINCT FROM d.after->'status'
               THEN jsonb_build_object('from', d.before->'status', 'to', d.after->'status',
                 'lifecycle', hrdir_lifecycle(d.before->>'status', d.after->>'status')) END),
            (CASE d.entity_type WHEN 'EMPLOYEE' THEN 11 ELSE 10 END,
             d.entity_type || '_DELETED',
             CASE WHEN d.before IS NOT NULL AND NOT d.present
               THEN jsonb_build_object(lower(d.entity_type), d.before) END)
          ) x(rank, type, data)
          WHERE x.data IS NOT NULL),
        -- Per pair, whether it existed before the first statement that touched it; a pair only one
        -- statement touched is as that statement left it (no need to look).
        pairs AS (
          SELECT m.org_id, m.group_id, m.employee_id,
            (array_agg(NOT c.inserted ORDER BY c.stmt))[1] AS existed, count(*) AS touched
          FROM change_event_captures c
          CROSS JOIN LATERAL unnest(c.orgs, c.group_ids, c.employee_ids) m(org_id, group_id, employee_id)
          WHERE c.tx = current_tx AND c.entity_type = 'MEMBERSHIP'
          GROUP BY m.org_id, m.group_id, m.employee_id),
        membership_events AS (
          SELECT p.org_id, CASE WHEN p.existed THEN 9 ELSE 8 END AS rank,
            CASE WHEN p.existed THEN 'MEMBER_REMOVED' ELSE 'MEMBER_ADDED' END AS type,
            'MEMBERSHIP' AS entity_type, p.group_id AS entity_id, p.employee_id AS subject_id, '{}'::jsonb AS data
          FROM pairs p
          WHERE p.touched = 1 OR p.existed <> EXISTS (
            SELECT 1 FROM group_members gm WHERE gm.group_id = p.group_id AND gm.employee_id = p.employee_id)),
        events AS MATERIALIZED (
          SELECT *, row_number() OVER (PARTITION BY org_id ORDER BY rank, entity_id, subject_id) AS n
          FROM (SELECT * FROM entity_events UNION ALL SELECT * FROM membership_events) all_events),
        counts AS (SELECT org_id, count(*) AS n FROM events GROUP BY org_id),
        counter AS (
          INSERT INTO org_event_counters AS oc (org_id, last_seq)
          SELECT org_id, n FROM counts ORDER BY org_id
          ON CONFLICT (org_id) DO UPDATE SET last_seq = oc.last_seq + EXCLUDED.last_seq
          RETURNING oc.org_id, oc.last_seq),
        written AS (
          INSERT INTO change_events (org_id, seq, type, occurred_at, origin, connection_id, sync_job_id,
            entity_type, entity_id, subject_id, idempotency_key, data)
          SELECT e.org_id, c.last_seq - k.n + e.n, e.type, clock_timestamp(), origin, connection, job,
            e.entity_type, e.entity_id, e.subject_id, e.org_id || ':' || (c.last_seq - k.n + e.n), e.data
          FROM events e JOIN counter c ON c.org_id = e.org_id JOIN counts k ON k.org_id = e.org_id
          RETURNING 1)
        -- NOTIFY is delivered when (and only if) the transaction commits.
        SELECT count(*) INTO notified
        FROM (SELECT pg_notify('hrdir_change_events', c.org_id || ':' || c.last_seq) FROM counter c) sent;
        DELETE FROM change_event_captures WHERE tx = current_tx;
        RETURN NULL;
      END $$`);
    await queryRunner.query(`
      CREATE FUNCTION hrdir_lifecycle(before text, after text) RETURNS text
      LANGUAGE sql IMMUTABLE AS $$
        SELECT CASE
          WHEN after IN ('TERMINATED', 'RETIRED') THEN 'LEFT'
          WHEN after IN ('ON_LEAVE', 'SUSPENDED') THEN 'ON_LEAVE'
          WHEN before IN ('TERMINATED', 'RETIRED') THEN 'HIRED'
          WHEN before IN ('ON_LEAVE', 'SUSPENDED') THEN 'RETURNED'
          ELSE 'CHANGED' END $$`);
    await queryRunner.query(`
      CREATE CONSTRAINT TRIGGER hrdir_flush_change_events AFTER INSERT ON change_event_captures
      DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION hrdir_flush_change_events()`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TRIGGER hrdir_flush_change_events ON change_event_captures`);
    for (const table of ['employees', 'directory_groups', 'group_members'])
      for (const operation of ['insert', 'update', 'delete']) {
        if (table === 'group_members' && operation === 'update') continue;
        await queryRunner.query(`DROP TRIGGER hrdir_capture_${table}_${operation} ON ${table}`);
        await queryRunner.query(`DROP FUNCTION hrdir_capture_${table}_${operation}()`);
      }
    await queryRunner.query(`DROP FUNCTION hrdir_flush_change_events()`);
    await queryRunner.query(`DROP FUNCTION hrdir_lifecycle(text, text)`);
    await queryRunner.query(`DROP FUNCTION hrdir_employee_image(employees)`);
    await queryRunner.query(`DROP FUNCTION hrdir_group_image(directory_groups)`);
    await queryRunner.query(`DROP TABLE change_event_captures`);
  }
}
