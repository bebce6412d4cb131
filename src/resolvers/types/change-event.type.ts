import { DateTimeResolver, JSONResolver } from 'graphql-scalars';
import { Field, ID, ObjectType, registerEnumType } from 'type-graphql';
import { PageInfo } from './page-info.type';

/** What changed. The payload (`data`) of each is described in the README, "Change events". */
export enum ChangeEventType {
  EMPLOYEE_CREATED = 'EMPLOYEE_CREATED',
  EMPLOYEE_UPDATED = 'EMPLOYEE_UPDATED',
  EMPLOYEE_MANAGER_CHANGED = 'EMPLOYEE_MANAGER_CHANGED',
  EMPLOYEE_DEPARTMENT_CHANGED = 'EMPLOYEE_DEPARTMENT_CHANGED',
  EMPLOYEE_STATUS_CHANGED = 'EMPLOYEE_STATUS_CHANGED',
  EMPLOYEE_DELETED = 'EMPLOYEE_DELETED',
  GROUP_CREATED = 'GROUP_CREATED',
  GROUP_UPDATED = 'GROUP_UPDATED',
  GROUP_DELETED = 'GROUP_DELETED',
  MEMBER_ADDED = 'MEMBER_ADDED',
  MEMBER_REMOVED = 'MEMBER_REMOVED',
}

export enum ChangeOrigin {
  SYNC = 'SYNC',
  SCIM = 'SCIM',
  MANUAL = 'MANUAL',
  SYSTEM = 'SYSTEM',
}

export enum ChangeEntityType {
  EMPLOYEE = 'EMPLOYEE',
  GROUP = 'GROUP',
  MEMBERSHIP = 'MEMBERSHIP',
}

registerEnumType(ChangeEventType, {
  name: 'ChangeEventType',
  description:
    'A kind of change. One event per entity and kind per transaction: a manager, department or status change has its own event, and EMPLOYEE_UPDATED lists only the other fields.',
});
registerEnumType(ChangeOrigin, {
  name: 'ChangeOrigin',
  description:
    'Where a change came from: a pull sync, a SCIM push, an admin in the graph, or the system (sweeps, maintenance).',
});
registerEnumType(ChangeEntityType, {
  name: 'ChangeEntityType',
  description: 'What a change event is about.',
});

@ObjectType({ description: 'One committed change of the directory (the outbox written with the change).' })
export class ChangeEvent {
  @Field(() => ID)
  id: string;

  @Field({ description: 'Per-organization sequence number, gapless and in commit order (a decimal string).' })
  seq: string;

  @Field({ description: 'Resume after this event: `changeEvents(after:)` or `directoryChanged(after:)`.' })
  cursor: string;

  @Field(() => ChangeEventType)
  type: ChangeEventType;

  @Field(() => DateTimeResolver, { description: 'When the change committed.' })
  occurredAt: Date;

  @Field(() => ChangeOrigin)
  origin: ChangeOrigin;

  @Field(() => ID, { nullable: true, description: 'The connection that synced or pushed the change.' })
  connectionId: string | null;

  @Field(() => ID, { nullable: true, description: 'The sync job that applied the change.' })
  syncJobId: string | null;

  @Field(() => ChangeEntityType)
  entityType: ChangeEntityType;

  @Field(() => ID, { description: 'The employee or group; for a membership, the group.' })
  entityId: string;

  @Field(() => ID, { nullable: true, description: 'For a membership, the employee added or removed.' })
  subjectId: string | null;

  @Field({ description: 'Stable for this event, unique: `<organization id>:<seq>`.' })
  idempotencyKey: string;

  @Field(() => JSONResolver, {
    description:
      'CREATED/DELETED: { employee | group: the visible fields }; UPDATED: { changes: [{ field, from, to }] }; MANAGER/DEPARTMENT_CHANGED: { from, to }; STATUS_CHANGED: { from, to, lifecycle }; MEMBER_*: {}.',
  })
  data: Record<string, unknown>;
}

@ObjectType()
export class ChangeEventEdge {
  @Field()
  cursor: string;

  @Field(() => ChangeEvent)
  node: ChangeEvent;
}

@ObjectType()
export class ChangeEventConnection {
  @Field(() => [ChangeEventEdge])
  edges: ChangeEventEdge[];

  @Field(() => PageInfo)
  pageInfo: PageInfo;
}
