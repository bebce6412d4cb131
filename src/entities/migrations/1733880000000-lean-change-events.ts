import { MigrationInterface, QueryRunner } from 'typeorm';
import {
  CHUNK,
  ChangeEventTriggers1733810000000,
  EMPLOYEE_VISIBLE,
  GROUP_VISIBLE,
} from './1733810000000-change-event-triggers';

/** Employee columns a consumer sees, by their GraphQL names (`employeeId` is the employee number). */
const EMPLOYEE_FIELDS = (r: string) =>
  [
    ['employeeId', `${r}.employee_number`],
    ['email', `${r}.email`],
    ['displayName', `${r}.display_name`],
    ['firstName', `${r}.first_name`],
    ['lastName', `${r}.last_name`],
    ['preferredName', `${r}.preferred_name`],
    ['jobTitle', `${r}.job_title`],
    ['department', `${r}.department`],
    ['division', `${r}.division`],
    ['costCenter', `${r}.cost_center`],
    ['location', `${r}.location`],
    ['phone', `${r}.phone`],
    ['company', `${r}.company`],
    ['username', `${r}.username`],
    ['timeZone', `${r}.time_zone`],
    ['status', `upper(${r}.status)`],
    ['employmentType', `upper(${r}.employment_type)`],
    ['startDate', `${r}.start_date`],
    ['terminationDate', `${r}.termination_date`],
    ['managerId', `${r}.manager_id`],
    ['source', `upper(${r}.source)`],
    ['externalId', `${r}.external_id`],
    ['idpId', `${r}.idp_id`],
    ['userId', `${r}.user_id`],
    ['customAttributes', `${r}.custom_attributes`],
  ] as const;

const GROUP_FIELDS = (r: string) =>
  [
    ['name', `${r}.name`],
    ['displayName', `${r}.display_name`],
    ['description', `${r}.description`],
    ['isSecurityGroup', `${r}.is_security_group`],
    ['groupType', `upper(${r}.group_type)`],
    ['source', `upper(${r}.source)`],
    ['externalId', `${r}.external_id`],
    ['customAttributes', `${r}.custom_attributes`],
  ] as const;

/**
 * `{ <key>: { the visible fields of row r } }` as jsonb, built in one pass by to_jsonb over a
 * nested record (a jsonb_build_object wrapped in another copies the inner object once more).
 * Same value as jsonb_build_object(key, hrdir_employee_image(r)).
 */
const WRAPPED_IMAGE = (key: string, fields: readonly (readonly [string, string])[]) =>
  `(SELECT to_jsonb(w) FROM (SELECT i AS "${key}" FROM (SELECT ${fields
    .map(([name, value]) => `${value} AS "${name}"`)
    .join(', ')}) i) w)`;

/**
 * Entities of one kind this transaction touched, as first seen: `before` is the image captured
 * before the first statement that touched it, NULL when that statement created it. With no
 * image captured for the kind (a sync that only creates), every touched id was created once
 * (a row created, deleted and created again would have left an image) and no sort is needed.
 */
const TOUCHED = (kind: 'EMPLOYEE' | 'GROUP', withImages: boolean) =>
  withImages
    ? `(SELECT DISTINCT ON (s.id) s.id, s.org_id, s.before FROM (
          SELECT c.stmt, i.id, NULL::uuid AS org_id, NULL::jsonb AS before
          FROM change_event_captures c CROSS JOIN LATERAL unnest(c.ids) i(id)
          WHERE c.tx = current_tx AND c.entity_type = '${kind}' AND c.inserted
          UNION ALL
          SELECT c.stmt, (x->>'id')::uuid, (x->>'org')::uuid, x->'image'
          FROM change_event_captures c CROSS JOIN LATERAL jsonb_array_elements(c.images) x
          WHERE c.tx = current_tx AND c.entity_type = '${kind}' AND NOT c.inserted) s
        ORDER BY s.id, s.stmt)`
    : `(SELECT i.id, NULL::uuid AS org_id, NULL::jsonb AS before
        FROM change_event_captures c CROSS JOIN LATERAL unnest(c.ids) i(id)
        WHERE c.tx = current_tx AND c.entity_type = '${kind}' AND c.inserted)`;

/**
 * Writes one category of events of organization v_org: `rows` yields (seq, type, entity_type,
 * entity_id, subject_id, data) with seq = base + n + row_number(); n then counts them too.
 * The event id is the flush's random UUID for this organization with the seq as its last 48
 * bits: unique (seqs of an organization never repeat; two organizations' random parts differ),
 * and far cheaper than a random UUID per row.
 */
const INSERT_EVENTS = (rows: string) => `
      INSERT INTO change_events (org_id, seq, id, type, occurred_at, origin, connection_id, sync_job_id,
        entity_type, entity_id, subject_id, data)
      SELECT v_org, e.seq, (left(v_uid, 24) || lpad(to_hex(e.seq), 12, '0'))::uuid, e.type, v_at, v_origin,
        v_connection, v_job, e.entity_type, e.entity_id, e.subject_id, e.data
      FROM (${rows}) e(seq, type, entity_type, entity_id, subject_id, data);
      GET DIAGNOSTICS k = ROW_COUNT;
      n := n + k;`;

const CREATED = (kind: 'EMPLOYEE' | 'GROUP', withImages: boolean) => {
  const [table, key, fields] =
    kind === 'EMPLOYEE'
      ? (['employees', 'employee', EMPLOYEE_FIELDS('r')] as const)
      : (['directory_groups', 'group', GROUP_FIELDS('r')] as const);
  return INSERT_EVENTS(`
        SELECT base + n + row_number() OVER (), '${kind}_CREATED', '${kind}', r.id, NULL::uuid,
          ${WRAPPED_IMAGE(key, fields)}
        FROM ${TOUCHED(kind, withImages)} t JOIN ${table} r ON r.id = t.id
        WHERE t.before IS NULL AND r.org_id = v_org`);
};

/** Updates of people and groups that existed before the transaction (ranks 3 to 7), net. */
const UPDATED = INSERT_EVENTS(`
        WITH compared AS MATERIALIZED (
          SELECT 'EMPLOYEE' AS entity_type, t.id, t.before, hrdir_employee_image(r) AS after
          FROM ${TOUCHED('EMPLOYEE', true)} t JOIN employees r ON r.id = t.id
          WHERE employee_images AND t.before IS NOT NULL AND r.org_id = v_org
          UNION ALL
          SELECT 'GROUP', t.id, t.before, hrdir_group_image(r)
          FROM ${TOUCHED('GROUP', true)} t JOIN directory_groups r ON r.id = t.id
          WHERE group_images AND t.before IS NOT NULL AND r.org_id = v_org),
        diffed AS (
          SELECT d.*, (
              SELECT coalesce(jsonb_agg(jsonb_build_object('field', f, 'from', v, 'to', d.after->f) ORDER BY f), '[]')
              FROM jsonb_each(d.before) kv(f, v)
              WHERE d.after->f IS DISTINCT FROM v
                AND (d.entity_type <> 'EMPLOYEE' OR f NOT IN ('managerId', 'department', 'status'))) AS changes
          FROM compared d)
        SELECT base + n + row_number() OVER (ORDER BY x.rank, d.id), x.type, d.entity_type, d.id, NULL::uuid, x.data
        FROM diffed d CROSS JOIN LATERAL (VALUES
          (CASE d.entity_type WHEN 'EMPLOYEE' THEN 3 ELSE 7 END, d.entity_type || '_UPDATED',
           CASE WHEN jsonb_array_length(d.changes) > 0 THEN jsonb_build_object('changes', d.changes) END),
          (4, 'EMPLOYEE_MANAGER_CHANGED',
           CASE WHEN d.entity_type = 'EMPLOYEE' AND d.before->'managerId' IS DISTINCT FROM d.after->'managerId'
             THEN jsonb_build_object('from', d.before->'managerId', 'to', d.after->'managerId') END),
          (5, 'EMPLOYEE_DEPARTMENT_CHANGED',
           CASE WHEN d.entity_type = 'EMPLOYEE' AND d.before->'department' IS DISTINCT FROM d.after->'department'
             THEN jsonb_build_object('from', d.before->'department', 'to', d.after->'department') END),
          (6, 'EMPLOYEE_STATUS_CHANGED',
           CASE WHEN d.entity_type = 'EMPLOYEE' AND d.before->'status' IS DISTINCT FROM d.after->'status'
             THEN jsonb_build_object('from', d.before->'status', 'to', d.after->'status',
               'lifecycle', hrdir_lifecycle(d.before->>'status', d.after->>'status')) END)
        ) x(rank, type, data)
        WHERE x.data IS NOT NULL`);

/**
 * Direct memberships (ranks 8 and 9). One capturing statement: each pair in it once, as that
 * statement left it. Several: per pair, whether it existed before the first statement that
 * touched it, against whether it exists now (a pair only one statement touched needs no look).
 */
const MEMBERSHIPS_ONE_STATEMENT = INSERT_EVENTS(`
        SELECT base + n + row_number() OVER (), CASE WHEN c.inserted THEN 'MEMBER_ADDED' ELSE 'MEMBER_REMOVED' END,
          'MEMBERSHIP', m.group_id, m.employee_id, '{}'::jsonb
        FROM change_event_captures c
        CROSS JOIN LATERAL unnest(c.orgs, c.group_ids, c.employee_ids) m(org_id, group_id, employee_id)
        WHERE c.tx = current_tx AND c.entity_type = 'MEMBERSHIP' AND m.org_id = v_org`);

const MEMBERSHIPS = INSERT_EVENTS(`
        SELECT base + n + row_number() OVER (ORDER BY p.existed, p.group_id, p.employee_id),
          CASE WHEN p.existed THEN 'MEMBER_REMOVED' ELSE 'MEMBER_ADDED' END,
          'MEMBERSHIP', p.group_id, p.employee_id, '{}'::jsonb
        FROM (
          SELECT m.group_id, m.employee_id, (array_agg(NOT c.inserted ORDER BY c.stmt))[1] AS existed, count(*) AS touched
          FROM change_event_captures c
          CROSS JOIN LATERAL unnest(c.orgs, c.group_ids, c.employee_ids) m(org_id, group_id, employee_id)
          WHERE c.tx = current_tx AND c.entity_type = 'MEMBERSHIP' AND m.org_id = v_org
          GROUP BY m.group_id, m.employee_id) p
        WHERE p.touched = 1 OR p.existed <> EXISTS (
          SELECT 1 FROM group_members gm WHERE gm.group_id = p.group_id AND gm.employee_id = p.employee_id)`);

/** People and groups that existed before the transaction and are gone (ranks 10 and 11). */
const DELETED = INSERT_EVENTS(`
        SELECT base + n + row_number() OVER (ORDER BY d.rank, d.id), d.type, d.entity_type, d.id, NULL::uuid, d.data
        FROM (
          SELECT 10 AS rank, 'GROUP_DELETED' AS type, 'GROUP' AS entity_type, t.id, jsonb_build_object('group', t.before) AS data
          FROM ${TOUCHED('GROUP', true)} t
          WHERE group_images AND t.before IS NOT NULL AND t.org_id = v_org
            AND NOT EXISTS (SELECT 1 FROM directory_groups r WHERE r.id = t.id)
          UNION ALL
          SELECT 11, 'EMPLOYEE_DELETED', 'EMPLOYEE', t.id, jsonb_build_object('employee', t.before)
          FROM ${TOUCHED('EMPLOYEE', true)} t
          WHERE employee_images AND t.before IS NOT NULL AND t.org_id = v_org
            AND NOT EXISTS (SELECT 1 FROM employees r WHERE r.id = t.id)) d`);

/**
 * Makes writing change events cheap enough for a full sync (issue #16: a 100k-people sync writes
 * about 405k events in its transaction). Same events, same guarantees, less work per event:
 *
 * - No index or constraint the write path pays for per row and no read needs: the foreign key to
 *   organizations (a lookup per event; an organization's events now go with its counter row,
 *   which every event's organization has, see below), the occurred_at index (pruning walks each
 *   organization's oldest events by the primary key instead), the entity index (no query reads
 *   by entity) and the stored idempotency key with its unique index (it is `<org id>:<seq>`,
 *   derived from the primary key when read).
 * - The flush writes each category of events with one INSERT, numbered as it goes, per
 *   organization: no sort of the transaction's events (a full sync's images spilled to disk),
 *   images built in one pass, one timestamp per flush (taken under the counter lock, so still in
 *   commit order) and ids derived from a random UUID per flush.
 * - Captures name the organizations their statement touched (`org_ids`); the flush takes their
 *   counter rows in id order, skipping organizations deleted meanwhile (deleting an organization
 *   with people used to fail at commit: its people's deletion events had no organization).
 */
export class LeanChangeEvents1733880000000 implements MigrationInterface {
  name = 'LeanChangeEvents1733880000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE change_events DROP CONSTRAINT change_events_org_id_fkey`);
    await queryRunner.query(`DROP INDEX change_events_occurred_idx`);
    await queryRunner.query(`DROP INDEX change_events_entity_idx`);
    await queryRunner.query(`ALTER TABLE change_events DROP COLUMN idempotency_key`);
    // An organization's events go with its counter row (which organizations cascade to): the
    // flush writes events only after taking that row, so every event's organization has one.
    await queryRunner.query(`
      CREATE FUNCTION hrdir_forget_change_events() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        DELETE FROM change_events WHERE org_id = OLD.org_id;
        RETURN NULL;
      END $$`);
    await queryRunner.query(`
      CREATE TRIGGER hrdir_forget_change_events AFTER DELETE ON org_event_counters
      FOR EACH ROW EXECUTE FUNCTION hrdir_forget_change_events()`);

    // Captures are rows of open transactions only (the flush deletes them): the table is empty.
    await queryRunner.query(`ALTER TABLE change_event_captures ADD COLUMN org_ids uuid[]`);
    for (const [table, entity, visible, image] of [
      ['employees', 'EMPLOYEE', EMPLOYEE_VISIBLE, 'hrdir_employee_image'],
      ['directory_groups', 'GROUP', GROUP_VISIBLE, 'hrdir_group_image'],
    ] as const) {
      const prefix = `hrdir_capture_${table}`;
      await queryRunner.query(`
        CREATE OR REPLACE FUNCTION ${prefix}_insert() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
          INSERT INTO change_event_captures (tx, entity_type, inserted, ids, org_ids)
          SELECT pg_current_xact_id(), '${entity}', true, array_agg(id), ARRAY(SELECT DISTINCT org_id FROM new_rows)
          FROM new_rows HAVING count(*) > 0;
          RETURN NULL;
        END $$`);
      await queryRunner.query(`
        CREATE OR REPLACE FUNCTION ${prefix}_update() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
          INSERT INTO change_event_captures (tx, entity_type, inserted, images, org_ids)
          SELECT pg_current_xact_id(), '${entity}', false,
            jsonb_agg(jsonb_build_object('id', id, 'org', org_id, 'image', image)), array_agg(DISTINCT org_id)
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
        CREATE OR REPLACE FUNCTION ${prefix}_delete() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
          INSERT INTO change_event_captures (tx, entity_type, inserted, images, org_ids)
          SELECT pg_current_xact_id(), '${entity}', false,
            jsonb_agg(jsonb_build_object('id', id, 'org', org_id, 'image', image)), array_agg(DISTINCT org_id)
          FROM (SELECT o.id, o.org_id, ${image}(o) AS image, (row_number() OVER () - 1) / ${CHUNK} AS chunk
                FROM old_rows o) gone
          GROUP BY chunk;
          RETURN NULL;
        END $$`);
    }
    for (const [operation, inserted] of [
      ['insert', true],
      ['delete', false],
    ] as const) {
      await queryRunner.query(`
        CREATE OR REPLACE FUNCTION hrdir_capture_group_members_${operation}() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
          INSERT INTO change_event_captures (tx, entity_type, inserted, orgs, group_ids, employee_ids, org_ids)
          SELECT pg_current_xact_id(), 'MEMBERSHIP', ${inserted}, array_agg(org_id), array_agg(group_id), array_agg(employee_id),
            ARRAY(SELECT DISTINCT org_id FROM changed_rows)
          FROM changed_rows HAVING count(*) > 0;
          RETURN NULL;
        END $$`);
    }

    await queryRunner.query(`
      CREATE OR REPLACE FUNCTION hrdir_flush_change_events() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE
        current_tx xid8 := pg_current_xact_id();
        v_origin text := coalesce(nullif(current_setting('hrdir.origin', true), ''), 'SYSTEM');
        v_connection uuid := nullif(current_setting('hrdir.connection_id', true), '')::uuid;
        v_job uuid := nullif(current_setting('hrdir.sync_job_id', true), '')::uuid;
        captured bigint;
        employee_images boolean;
        group_images boolean;
        membership_statements bigint;
        v_org uuid;
        v_at timestamptz;
        v_uid text;
        base bigint;
        n bigint;
        k bigint;
      BEGIN
        -- One firing per captured statement is queued; the first does the work, the others find nothing.
        SELECT count(*), coalesce(bool_or(entity_type = 'EMPLOYEE' AND NOT inserted), false),
          coalesce(bool_or(entity_type = 'GROUP' AND NOT inserted), false),
          count(*) FILTER (WHERE entity_type = 'MEMBERSHIP')
        INTO captured, employee_images, group_images, membership_statements
        FROM change_event_captures WHERE tx = current_tx;
        IF captured = 0 THEN
          RETURN NULL;
        END IF;
        IF v_origin NOT IN ('SYNC', 'SCIM', 'MANUAL', 'SYSTEM') THEN v_origin := 'SYSTEM'; END IF;

        -- Organization by organization in id order (two flushes never deadlock): take its counter
        -- row (held until the commit completes, so sequence order is commit order), then write its
        -- events category by category, numbered as they are written: creations (people, then
        -- groups), updates, memberships added, then removed, then deletions.
        FOR v_org IN
          SELECT DISTINCT o FROM change_event_captures c CROSS JOIN LATERAL unnest(c.org_ids) o
          WHERE c.tx = current_tx ORDER BY 1
        LOOP
          base := NULL;
          INSERT INTO org_event_counters AS oc (org_id)
          SELECT v_org WHERE EXISTS (SELECT 1 FROM organizations WHERE id = v_org)
          ON CONFLICT (org_id) DO UPDATE SET last_seq = oc.last_seq
          RETURNING oc.last_seq INTO base;
          -- Deleted in this transaction: its events would have nowhere to go.
          CONTINUE WHEN base IS NULL;
          v_at := clock_timestamp();
          v_uid := gen_random_uuid()::text;
          n := 0;
          IF employee_images THEN ${CREATED('EMPLOYEE', true)}
          ELSE ${CREATED('EMPLOYEE', false)}
          END IF;
          IF group_images THEN ${CREATED('GROUP', true)}
          ELSE ${CREATED('GROUP', false)}
          END IF;
          IF employee_images OR group_images THEN ${UPDATED}
          END IF;
          IF membership_statements = 1 THEN ${MEMBERSHIPS_ONE_STATEMENT}
          ELSIF membership_statements > 1 THEN ${MEMBERSHIPS}
          END IF;
          IF employee_images OR group_images THEN ${DELETED}
          END IF;
          IF n > 0 THEN
            UPDATE org_event_counters SET last_seq = base + n WHERE org_id = v_org;
            -- NOTIFY is delivered when (and only if) the transaction commits.
            PERFORM pg_notify('hrdir_change_events', v_org || ':' || (base + n));
          END IF;
        END LOOP;
        DELETE FROM change_event_captures WHERE tx = current_tx;
        RETURN NULL;
      END $$`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    // The capture and flush functions as the trigger migration made them (the captures table is empty).
    const triggers = new ChangeEventTriggers1733810000000();
    await triggers.down(queryRunner);
    await triggers.up(queryRunner);
    await queryRunner.query(`DROP TRIGGER hrdir_forget_change_events ON org_event_counters`);
    await queryRunner.query(`DROP FUNCTION hrdir_forget_change_events()`);
    await queryRunner.query(
      `DELETE FROM change_events c WHERE NOT EXISTS (SELECT 1 FROM organizations o WHERE o.id = c.org_id)`,
    );
    await queryRunner.query(`ALTER TABLE change_events ADD COLUMN idempotency_key text`);
    await queryRunner.query(`UPDATE change_events SET idempotency_key = org_id || ':' || seq`);
    await queryRunner.query(`ALTER TABLE change_events ALTER COLUMN idempotency_key SET NOT NULL`);
    await queryRunner.query(
      `ALTER TABLE change_events ADD CONSTRAINT change_events_idempotency_key_key UNIQUE (idempotency_key)`,
    );
    await queryRunner.query(
      `CREATE INDEX change_events_entity_idx ON change_events (org_id, entity_id, seq)`,
    );
    await queryRunner.query(`CREATE INDEX change_events_occurred_idx ON change_events (occurred_at)`);
    await queryRunner.query(
      `ALTER TABLE change_events ADD CONSTRAINT change_events_org_id_fkey
         FOREIGN KEY (org_id) REFERENCES organizations(id) ON DELETE CASCADE`,
    );
  }
}
