import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { DirectorySource } from './enums';

export type ConnectionStatus = 'active' | 'error' | 'paused';
export type DeletionPolicy = 'disable' | 'delete';

/** A configured source (an IdP tenant, an HR system, a SCIM client) of one organization. */
@Entity({ name: 'directory_connections' })
export class DirectoryConnection {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('uuid', { name: 'org_id' })
  orgId: string;

  @Column('text')
  name: string;

  @Column('text')
  source: DirectorySource;

  @Column('text', { default: 'active' })
  status: ConnectionStatus;

  @Column('text', { name: 'error_message', nullable: true })
  errorMessage: string | null;

  /** The configuration without its secrets. */
  @Column('jsonb', { default: () => `'{}'::jsonb` })
  settings: Record<string, unknown>;

  /** The whole configuration, encrypted (see SecretBox). */
  @Column('text', { name: 'config_encrypted' })
  configEncrypted: string;

  /** Cron pattern for scheduled syncs. */
  @Column('text', { nullable: true })
  schedule: string | null;

  @Column('text', { name: 'deletion_policy', default: 'disable' })
  deletionPolicy: DeletionPolicy;

  @Column('numeric', {
    name: 'deletion_threshold_percent',
    nullable: true,
    transformer: { from: (v: string | null) => (v === null ? null : Number(v)), to: (v: number | null) => v },
  })
  deletionThresholdPercent: number | null;

  @Column('integer', { name: 'deletion_threshold_count', nullable: true })
  deletionThresholdCount: number | null;

  /** Where the next incremental sync starts (a delta link, a timestamp, a USN). */
  @Column('text', { name: 'sync_cursor', nullable: true })
  syncCursor: string | null;

  /** When the last applied full sync listed the connection's records (every record it kept was in it). */
  @Column('timestamptz', { name: 'full_listing_at', nullable: true })
  fullListingAt: Date | null;

  @Column('timestamptz', { name: 'last_sync_at', nullable: true })
  lastSyncAt: Date | null;

  @Column('integer', { name: 'last_sync_count', nullable: true })
  lastSyncCount: number | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
