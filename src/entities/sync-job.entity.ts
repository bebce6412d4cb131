import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { DirectorySource } from './enums';

export type SyncType = 'full' | 'incremental' | 'manual';
export type SyncStatus = 'queued' | 'running' | 'completed' | 'failed' | 'cancelled' | 'needs_confirmation';

export interface SyncProgress {
  phase?: string;
  processed?: number;
  total?: number | null;
}

/** Counters of one sync, as in the REST API's sync status. */
export interface SyncStats {
  usersCreated: number;
  usersUpdated: number;
  usersDisabled: number;
  usersDeleted: number;
  usersSkipped: number;
  /** Records joined to a person another source already had. */
  usersLinked: number;
  /** Records removed from a person other sources still describe. */
  usersUnlinked: number;
  /** Records held as identity conflicts for an admin. */
  usersConflicts: number;
  usersErrors: number;
  groupsCreated: number;
  groupsUpdated: number;
  groupsDeleted: number;
  groupsSkipped: number;
  groupsErrors: number;
  membershipsAdded: number;
  membershipsRemoved: number;
  totalProcessed: number;
}

export interface SyncRecordError {
  code: string;
  message: string;
  externalId: string | null;
}

/** One sync run (or preview) of one connection, with its history. */
@Entity({ name: 'sync_jobs' })
export class SyncJob {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('uuid', { name: 'org_id' })
  orgId: string;

  @Column('uuid', { name: 'connection_id', nullable: true })
  connectionId: string | null;

  @Column('text')
  source: DirectorySource;

  @Column('text', { name: 'sync_type' })
  syncType: SyncType;

  @Column('boolean', { default: false })
  preview: boolean;

  @Column('boolean', { name: 'include_groups', default: true })
  includeGroups: boolean;

  @Column('text', { default: 'api' })
  trigger: string;

  @Column('text', { default: 'queued' })
  status: SyncStatus;

  @Column('boolean', { default: false })
  confirmed: boolean;

  @Column('timestamptz', { name: 'queued_at' })
  queuedAt: Date;

  @Column('timestamptz', { name: 'started_at', nullable: true })
  startedAt: Date | null;

  @Column('timestamptz', { name: 'completed_at', nullable: true })
  completedAt: Date | null;

  @Column('integer', { name: 'duration_ms', nullable: true })
  durationMs: number | null;

  @Column('integer', { default: 0 })
  attempts: number;

  /** Times the job was (re)queued: by confirmation, or after a failure. */
  @Column('integer', { default: 0 })
  runs: number;

  /** Times the job's queue entry was found lost (Redis lost without saving) and the job queued again. */
  @Column('integer', { name: 'queue_losses', default: 0 })
  queueLosses: number;

  @Column('jsonb', { default: () => `'{}'::jsonb` })
  progress: SyncProgress;

  @Column('jsonb', { default: () => `'{}'::jsonb` })
  stats: Partial<SyncStats>;

  /** The first record errors (capped); error_count has them all. */
  @Column('jsonb', { default: () => `'[]'::jsonb` })
  errors: SyncRecordError[];

  @Column('integer', { name: 'error_count', default: 0 })
  errorCount: number;

  @Column('text', { name: 'failure_code', nullable: true })
  failureCode: string | null;

  @Column('text', { name: 'failure_message', nullable: true })
  failureMessage: string | null;

  @Column('integer', { name: 'pending_removals', nullable: true })
  pendingRemovals: number | null;

  @Column('jsonb', { name: 'changes_sample', nullable: true })
  changesSample: unknown[] | null;

  @Column('uuid', { name: 'payload_id', nullable: true })
  payloadId: string | null;
}
