import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Records a sync read but rejected before staging (invalid data, a value the validation refuses):
 * staged as held, so a full sync counts them as listed (their person is kept, unchanged) without
 * applying them. A held row also carries an error, so every apply statement (which reads only rows
 * without one) leaves it alone.
 */
export class HeldStageRecords1733900000000 implements MigrationInterface {
  name = 'HeldStageRecords1733900000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE sync_stage_users ADD COLUMN held boolean NOT NULL DEFAULT false`);
    await queryRunner.query(`ALTER TABLE sync_stage_groups ADD COLUMN held boolean NOT NULL DEFAULT false`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE sync_stage_users DROP COLUMN held`);
    await queryRunner.query(`ALTER TABLE sync_stage_groups DROP COLUMN held`);
  }
}
