import { GraphQLResolveInfo } from 'graphql';
import { Arg, Args, Ctx, FieldResolver, ID, Info, Int, Query, Resolver, Root } from 'type-graphql';
import { propertyList } from '../loaders';
import { requestedEmployeeProperties } from './selection';
import { MAX_MEMBER_PAGE_SIZE, assertId } from '../directory';
import { GroupFilterInput, PageArgs } from './arguments';
import { toEdges } from './connections';
import { RequestContext, requireOrg } from './context';
import { MembershipType } from './types/enums';
import {
  DirectoryGroupType,
  GroupConnection,
  GroupMemberConnection,
  GroupMemberEdge,
  GroupMembership,
} from './types/group.type';

@Resolver(() => DirectoryGroupType)
export class GroupResolver {
  @Query(() => DirectoryGroupType, { nullable: true })
  async group(
    @Arg('id', () => ID) id: string,
    @Ctx() context: RequestContext,
  ): Promise<DirectoryGroupType | null> {
    requireOrg(context);
    return context.loaders.groupById.load(assertId(id, 'id'));
  }

  @Query(() => GroupConnection, { description: 'Directory groups ordered by name.' })
  async groups(
    @Arg('filter', () => GroupFilterInput, { nullable: true }) filter: GroupFilterInput | null,
    @Args() { first, after }: PageArgs,
    @Ctx() context: RequestContext,
  ): Promise<GroupConnection> {
    const orgId = requireOrg(context);
    const page = context.cursors.pageRequest('groups', first, after);
    const rows = await context.directory.groups.list(orgId, filter ?? {}, page);
    const { edges, pageInfo } = toEdges(
      context.cursors,
      'groups',
      rows,
      (group) => [group.name.toLowerCase(), group.id],
      (group, cursor) => ({ cursor, node: group }),
    );
    return { edges, pageInfo, countTotal: () => context.directory.groups.count(orgId, filter ?? {}) };
  }

  @FieldResolver(() => Int, {
    description: 'Members, counting each person once; with resolveNested, through nested groups too.',
  })
  async memberCount(
    @Root() group: DirectoryGroupType,
    @Arg('resolveNested', { defaultValue: true }) resolveNested: boolean,
    @Ctx() context: RequestContext,
  ): Promise<number> {
    return context.loaders.memberCount.load({ id: group.id, args: resolveNested });
  }

  @FieldResolver(() => GroupMemberConnection, {
    description:
      'Members by name (page size default 20, at most 200). With resolveNested, everyone in nested groups too.',
  })
  async members(
    @Root() group: DirectoryGroupType,
    @Arg('resolveNested', { defaultValue: true }) resolveNested: boolean,
    @Args() { first, after }: PageArgs,
    @Ctx() context: RequestContext,
    @Info() info: GraphQLResolveInfo,
  ): Promise<GroupMemberConnection> {
    const page = context.cursors.pageRequest('members', first, after, MAX_MEMBER_PAGE_SIZE);
    const properties = propertyList(requestedEmployeeProperties(info, ['edges', 'node']));
    const rows = await context.loaders.groupMembers.load({
      id: group.id,
      args: { resolveNested, page, properties },
    });
    const { edges, pageInfo } = toEdges(
      context.cursors,
      'members',
      rows,
      (entry) => [entry.employee.displayName, entry.employee.id],
      (entry, cursor): GroupMemberEdge => ({
        cursor,
        node: entry.employee,
        membershipType: entry.membershipType as MembershipType,
        viaGroupId: entry.viaGroupId,
      }),
    );
    return { edges, pageInfo, groupId: group.id, resolveNested };
  }

  @FieldResolver(() => [DirectoryGroupType], { description: 'Groups this group is directly nested in.' })
  async parentGroups(
    @Root() group: DirectoryGroupType,
    @Ctx() context: RequestContext,
  ): Promise<DirectoryGroupType[]> {
    return context.loaders.parentGroups.load(group.id);
  }

  @FieldResolver(() => [DirectoryGroupType], { description: 'Groups directly nested in this group.' })
  async childGroups(
    @Root() group: DirectoryGroupType,
    @Ctx() context: RequestContext,
  ): Promise<DirectoryGroupType[]> {
    return context.loaders.childGroups.load(group.id);
  }
}

@Resolver(() => GroupConnection)
export class GroupConnectionResolver {
  @FieldResolver(() => Int)
  totalCount(@Root() connection: GroupConnection): Promise<number> {
    return connection.countTotal();
  }
}

@Resolver(() => GroupMemberConnection)
export class GroupMemberConnectionResolver {
  @FieldResolver(() => Int, {
    description: "All members (same as the group's memberCount with the same resolveNested).",
  })
  totalCount(@Root() connection: GroupMemberConnection, @Ctx() context: RequestContext): Promise<number> {
    return context.loaders.memberCount.load({ id: connection.groupId, args: connection.resolveNested });
  }
}

@Resolver(() => GroupMemberEdge)
export class GroupMemberEdgeResolver {
  @FieldResolver(() => DirectoryGroupType, {
    nullable: true,
    description: 'For NESTED members: the group they are a direct member of.',
  })
  viaGroup(
    @Root() edge: GroupMemberEdge,
    @Ctx() context: RequestContext,
  ): Promise<DirectoryGroupType | null> | null {
    return edge.viaGroupId ? context.loaders.groupById.load(edge.viaGroupId) : null;
  }
}

@Resolver(() => GroupMembership)
export class GroupMembershipResolver {
  @FieldResolver(() => DirectoryGroupType, {
    nullable: true,
    description: 'For NESTED membership: the group the employee is a direct member of.',
  })
  viaGroup(
    @Root() membership: GroupMembership,
    @Ctx() context: RequestContext,
  ): Promise<DirectoryGroupType | null> | null {
    return membership.viaGroupId ? context.loaders.groupById.load(membership.viaGroupId) : null;
  }
}
