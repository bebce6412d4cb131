import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * `sync_jobs.queue_losses`: how many times the sweeper found a queued or running job without its
 * queue entry (Redis lost without saving) and queued it again; past a few, the job fails instead.
 */
export class SyncQueueLosses1733100000000 implements MigrationInterface {
  name = 'SyncQueueLosses1733100000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE sync_jobs ADD COLUMN queue_losses integer NOT NULL DEFAULT 0`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE sync_jobs DROP COLUMN queue_losses`);
  }
}
