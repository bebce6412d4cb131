import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/** A group inside a group. The relation is a DAG in intent; source data may still contain cycles. */
@Entity({ name: 'group_nesting' })
export class GroupNesting {
  @PrimaryColumn('uuid', { name: 'parent_group_id' })
  parentGroupId: string;

  @PrimaryColumn('uuid', { name: 'child_group_id' })
  childGroupId: string;

  @Column('uuid', { name: 'org_id' })
  orgId: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
