import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The change-event flush (migration 1733810000000) looks up each captured person or group by id.
 * Planned once per session for a handful of captured rows, Postgres joined the groups by hashing
 * the whole directory_groups table: every committed write, however small, read every group of
 * every organization (9,668 groups of the 100k bench organization: 10-14 ms of a 1-person SCIM
 * write's 13 ms COMMIT). Without hash and merge joins inside the function each entity is a
 * primary-key lookup (the flush of a one-person write: about 1 ms), and the flush of a large sync
 * stays one lookup per changed entity, as it already was for people. (Migration 1733880000000
 * replaced the flush function, and with it these settings: the new flush looks entities up without
 * them, and SCIM writes measured the same with and without them, idle 2-core machine, 100k people.)
 *
 * And the people of a connection whose reference names no manager but who still have one (the
 * reconciler clears those after every batch): a partial index holding just them, so that the
 * statement reads none of the connection's other people (normally the index is empty).
 */
export class SmallWriteLookups1733870000000 implements MigrationInterface {
  name = 'SmallWriteLookups1733870000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER FUNCTION hrdir_flush_change_events() SET enable_hashjoin = off SET enable_mergejoin = off`,
    );
    await queryRunner.query(
      `CREATE INDEX employees_stale_manager_idx ON employees (connection_id)
       WHERE manager_ref_kind = 'none' AND manager_id IS NOT NULL`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX employees_stale_manager_idx`);
    await queryRunner.query(`ALTER FUNCTION hrdir_flush_change_events() RESET enable_hashjoin`);
    await queryRunner.query(`ALTER FUNCTION hrdir_flush_change_events() RESET enable_mergejoin`);
  }
}
