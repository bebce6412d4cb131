import { DateTimeResolver, JSONResolver } from 'graphql-scalars';
import { Directive, Field, ID, ObjectType } from 'type-graphql';
import { EmployeeType } from './employee.type';
import { DirectorySource, GroupType, MembershipType } from './enums';
import { PageInfo } from './page-info.type';

@Directive('@key(fields: "id")')
@ObjectType('Group', {
  simpleResolvers: true,
  description: 'A directory group (security group, distribution list, team…).',
})
export class DirectoryGroupType {
  @Field(() => ID)
  id: string;

  @Field()
  name: string;

  @Field(() => String, { nullable: true })
  displayName: string | null;

  @Field(() => String, { nullable: true })
  description: string | null;

  @Field(() => DirectorySource)
  source: DirectorySource;

  @Field(() => String, { nullable: true })
  externalId: string | null;

  @Field()
  isSecurityGroup: boolean;

  @Field(() => GroupType)
  groupType: GroupType;

  @Field(() => JSONResolver)
  customAttributes: Record<string, unknown>;

  @Field(() => DateTimeResolver, { nullable: true })
  syncedAt: Date | null;

  @Field(() => DateTimeResolver)
  createdAt: Date;

  @Field(() => DateTimeResolver)
  updatedAt: Date;
}

@Directive('@shareable')
@ObjectType('GroupEdge', { simpleResolvers: true })
export class GroupEdge {
  @Field()
  cursor: string;

  @Field(() => DirectoryGroupType)
  node: DirectoryGroupType;
}

@Directive('@shareable')
@ObjectType('GroupConnection', { simpleResolvers: true })
export class GroupConnection {
  @Field(() => [GroupEdge])
  edges: GroupEdge[];

  @Field(() => PageInfo)
  pageInfo: PageInfo;

  countTotal: () => Promise<number>;
}

@ObjectType('GroupMembership', { simpleResolvers: true, description: 'A group an employee belongs to.' })
export class GroupMembership {
  @Field(() => DirectoryGroupType)
  group: DirectoryGroupType;

  @Field(() => MembershipType)
  membershipType: MembershipType;

  viaGroupId: string | null;
}

@Directive('@shareable')
@ObjectType('GroupMemberEdge', { simpleResolvers: true })
export class GroupMemberEdge {
  @Field()
  cursor: string;

  @Field(() => EmployeeType)
  node: EmployeeType;

  @Field(() => MembershipType)
  membershipType: MembershipType;

  viaGroupId: string | null;
}

@Directive('@shareable')
@ObjectType('GroupMemberConnection', { simpleResolvers: true })
export class GroupMemberConnection {
  @Field(() => [GroupMemberEdge])
  edges: GroupMemberEdge[];

  @Field(() => PageInfo)
  pageInfo: PageInfo;

  groupId: string;
  resolveNested: boolean;
}
