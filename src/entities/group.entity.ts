import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { DirectorySource, GroupType } from './enums';

/** A directory group: security group, distribution list, team, department unit… */
@Entity({ name: 'directory_groups' })
export class DirectoryGroup {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('uuid', { name: 'org_id' })
  orgId: string;

  @Column('text')
  name: string;

  @Column('text', { name: 'display_name', nullable: true })
  displayName: string | null;

  @Column('text', { nullable: true })
  description: string | null;

  @Column('text', { default: DirectorySource.MANUAL })
  source: DirectorySource;

  @Column('text', { name: 'external_id', nullable: true })
  externalId: string | null;

  @Column('boolean', { name: 'is_security_group', default: false })
  isSecurityGroup: boolean;

  @Column('text', { name: 'group_type', default: GroupType.GROUP })
  groupType: GroupType;

  @Column('jsonb', { name: 'custom_attributes', default: () => `'{}'::jsonb` })
  customAttributes: Record<string, unknown>;

  @Column('uuid', { name: 'connection_id', nullable: true })
  connectionId?: string | null;

  @Column('text', { name: 'source_hash', nullable: true })
  sourceHash?: string | null;

  @Column('timestamptz', { name: 'synced_at', nullable: true })
  syncedAt: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
