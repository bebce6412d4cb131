import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Staged people who are new get their id at plan time, so that the insert can point them at a
 * manager who is new in the same sync (one statement instead of an update of every row after).
 */
export class StageNewIds1732450000000 implements MigrationInterface {
  name = 'StageNewIds1732450000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE sync_stage_users ADD COLUMN new_id uuid`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE sync_stage_users DROP COLUMN new_id`);
  }
}
