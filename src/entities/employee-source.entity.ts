import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { DirectorySource } from './enums';

/**
 * One source's record of one person: what that connection (or an admin, for MANUAL) last said
 * about them, merged partially (a key the source did not send keeps its previous value). The
 * employee row holds the values resolved from all of a person's records by field authority.
 */
@Entity({ name: 'employee_sources' })
export class EmployeeSource {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('uuid', { name: 'org_id' })
  orgId: string;

  @Column('uuid', { name: 'employee_id' })
  employeeId: string;

  /** Null only for the MANUAL record (edits by an admin). */
  @Column('uuid', { name: 'connection_id', nullable: true })
  connectionId: string | null;

  @Column('text')
  source: DirectorySource;

  @Column('text', { name: 'external_id', nullable: true })
  externalId: string | null;

  /** Mapped attributes by employee column name. */
  @Column('jsonb')
  data: Record<string, unknown>;

  @Column('jsonb', { nullable: true })
  raw: Record<string, unknown> | null;

  @Column('text', { nullable: true })
  hash: string | null;

  @Column('text', { name: 'manager_ref', nullable: true })
  managerRef: string | null;

  @Column('text', { name: 'manager_ref_kind', nullable: true })
  managerRefKind: string | null;

  /**
   * The last time the source listed this record by itself (a change in a full sync, any listing in
   * an incremental sync or SCIM write). A full sync's listing is the connection's full_listing_at.
   */
  @Column('timestamptz', { name: 'last_seen_at' })
  lastSeenAt: Date;

  /** Kept although the source stopped listing it (its person disabled); last_seen_at is then final. */
  @Column('boolean', { default: false })
  unlisted: boolean;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
