import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { DirectorySource, EmploymentStatus, EmploymentType } from './enums';

export type CustomAttributes = Record<string, unknown>;

/** One person in one organization's directory, as the sources last described them. */
@Entity({ name: 'employees' })
export class Employee {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('uuid', { name: 'org_id' })
  orgId: string;

  /** The HR system's employee number (EMP25048172). */
  @Column('text', { name: 'employee_number', nullable: true })
  employeeNumber: string | null;

  /** Not every person has one (SCIM requires only userName), and several people may share one. */
  @Column('text', { nullable: true })
  email: string | null;

  @Column('text', { name: 'display_name' })
  displayName: string;

  @Column('text', { name: 'first_name', nullable: true })
  firstName: string | null;

  @Column('text', { name: 'last_name', nullable: true })
  lastName: string | null;

  @Column('text', { name: 'preferred_name', nullable: true })
  preferredName: string | null;

  @Column('text', { name: 'job_title', nullable: true })
  jobTitle: string | null;

  @Column('text', { nullable: true })
  department: string | null;

  @Column('text', { nullable: true })
  division: string | null;

  @Column('text', { name: 'cost_center', nullable: true })
  costCenter: string | null;

  @Column('text', { nullable: true })
  location: string | null;

  @Column('text', { nullable: true })
  phone: string | null;

  @Column('text', { nullable: true })
  company: string | null;

  @Column('text', { nullable: true })
  username: string | null;

  @Column('text', { name: 'personal_email', nullable: true })
  personalEmail: string | null;

  @Column('text', { name: 'time_zone', nullable: true })
  timeZone: string | null;

  @Column('text', { default: EmploymentStatus.ACTIVE })
  status: EmploymentStatus;

  @Column('text', { name: 'employment_type', nullable: true })
  employmentType: EmploymentType | null;

  /** ISO date (YYYY-MM-DD). */
  @Column('date', { name: 'start_date', nullable: true })
  startDate: string | null;

  /** ISO date (YYYY-MM-DD). */
  @Column('date', { name: 'termination_date', nullable: true })
  terminationDate: string | null;

  @Column('uuid', { name: 'manager_id', nullable: true })
  managerId: string | null;

  /** The source's own reference to the manager (external id, DN, employee number), kept until resolved. */
  @Column('text', { name: 'manager_ref', nullable: true })
  managerRef: string | null;

  @Column('text', { default: DirectorySource.MANUAL })
  source: DirectorySource;

  @Column('text', { name: 'external_id', nullable: true })
  externalId: string | null;

  /** The person's id at the identity provider, used first when matching identities across sources. */
  @Column('text', { name: 'idp_id', nullable: true })
  idpId: string | null;

  /** The linked ITSM platform user. */
  @Column('text', { name: 'user_id', nullable: true })
  userId: string | null;

  @Column('jsonb', { name: 'custom_attributes', default: () => `'{}'::jsonb` })
  customAttributes: CustomAttributes;

  /** The connection that owns this record (null: entered by hand or seeded). */
  @Column('uuid', { name: 'connection_id', nullable: true })
  connectionId?: string | null;

  /** Hash of what the owning source last said, to skip unchanged records. */
  @Column('text', { name: 'source_hash', nullable: true })
  sourceHash?: string | null;

  @Column('text', { name: 'manager_ref_kind', nullable: true })
  managerRefKind?: string | null;

  /** When the source stopped listing this person (disable policy). */
  @Column('timestamptz', { name: 'deprovisioned_at', nullable: true })
  deprovisionedAt?: Date | null;

  @Column('timestamptz', { name: 'synced_at', nullable: true })
  syncedAt: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
