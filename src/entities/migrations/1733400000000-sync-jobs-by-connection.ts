import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A connection's newest job (DirectoryConnection.latestSync, the history filtered by connection)
 * is found by this index instead of a scan of the organization's whole sync history.
 */
export class SyncJobsByConnection1733400000000 implements MigrationInterface {
  name = 'SyncJobsByConnection1733400000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE INDEX sync_jobs_connection_queued_idx ON sync_jobs (connection_id, queued_at DESC, id DESC)`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX sync_jobs_connection_queued_idx`);
  }
}
