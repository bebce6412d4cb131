import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/** An employee's direct membership of a group. */
@Entity({ name: 'group_members' })
export class GroupMember {
  @PrimaryColumn('uuid', { name: 'group_id' })
  groupId: string;

  @PrimaryColumn('uuid', { name: 'employee_id' })
  employeeId: string;

  @Column('uuid', { name: 'org_id' })
  orgId: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
