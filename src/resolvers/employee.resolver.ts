import { GraphQLResolveInfo } from 'graphql';
import { Arg, Args, Ctx, FieldResolver, ID, Info, Int, Query, Resolver, Root } from 'type-graphql';
import { propertyList } from '../loaders';
import { requestedEmployeeProperties, selectsField } from './selection';
import {
  InvalidInputError,
  LOOKUP_DEFAULT_LIMIT,
  MAX_HIERARCHY_DEPTH,
  NotFoundError,
  assertId,
  assertIntInRange,
} from '../directory';
import { EmployeeFilterInput, PageArgs } from './arguments';
import { employeeConnection, toEdges } from './connections';
import { RequestContext, requireOrg } from './context';
import { DepartmentType } from './types/department.type';
import {
  ChainLink,
  EmployeeConnection,
  EmployeeMatch,
  EmployeeType,
  ReportConnection,
} from './types/employee.type';
import { EmploymentStatus, MembershipType } from './types/enums';
import { GroupMembership } from './types/group.type';
import { OrgChart } from './types/org-chart.type';
import { UserType } from './types/user.type';

const MAX_EMAIL_LENGTH = 320;

@Resolver(() => EmployeeType)
export class EmployeeResolver {
  @Query(() => EmployeeType, {
    nullable: true,
    description: 'An employee by id; null when there is none in your organization.',
  })
  async employee(
    @Arg('id', () => ID) id: string,
    @Ctx() context: RequestContext,
  ): Promise<EmployeeType | null> {
    requireOrg(context);
    return context.loaders.employeeById.load(assertId(id, 'id'));
  }

  @Query(() => EmployeeType, { nullable: true, description: 'An employee by email (case-insensitive).' })
  async employeeByEmail(
    @Arg('email') email: string,
    @Ctx() context: RequestContext,
  ): Promise<EmployeeType | null> {
    requireOrg(context);
    const normalized = email.trim().toLowerCase();
    if (!normalized.includes('@') || normalized.length > MAX_EMAIL_LENGTH) {
      throw new InvalidInputError(`email is not an email address: "${email.slice(0, 64)}"`, 'email');
    }
    return context.loaders.employeeByEmail.load(normalized);
  }

  @Query(() => EmployeeConnection, { description: 'Employees ordered by name, filtered and paginated.' })
  async employees(
    @Arg('filter', () => EmployeeFilterInput, { nullable: true }) filter: EmployeeFilterInput | null,
    @Args() { first, after }: PageArgs,
    @Ctx() context: RequestContext,
    @Info() info: GraphQLResolveInfo,
  ): Promise<EmployeeConnection> {
    const orgId = requireOrg(context);
    const checked = filter?.customAttributes?.length
      ? await context.directory.customAttributes.conditions(orgId, filter.customAttributes)
      : null;
    const criteria = {
      ...filter,
      managerId: filter?.managerId ? assertId(filter.managerId, 'filter.managerId') : null,
      connectionId: filter?.connectionId ? assertId(filter.connectionId, 'filter.connectionId') : null,
      customAttributes: checked?.conditions ?? null,
      attributeVersion: checked?.version ?? null,
    };
    const page = context.cursors.pageRequest('employees', first, after);
    // totalCount, when asked for, is counted alongside the page (another pool connection), not
    // after it: over tens of thousands of matches the count is the longer of the two.
    const count = selectsField(info, 'totalCount')
      ? context.directory.employees.count(orgId, criteria)
      : null;
    count?.catch(() => undefined);
    const rows = await context.directory.employees.list(orgId, criteria, page);
    context.loaders.prime(rows.rows);
    return employeeConnection(
      context.cursors,
      'employees',
      rows,
      () => count ?? context.directory.employees.count(orgId, criteria),
    );
  }

  @Query(() => [EmployeeMatch], {
    description: 'Ranked typeahead over name, email and employee number, tolerant of typos.',
  })
  async lookupEmployees(
    @Arg('query') query: string,
    @Arg('limit', () => Int, { defaultValue: LOOKUP_DEFAULT_LIMIT, description: 'At most 20.' })
    limit: number,
    @Arg('status', () => EmploymentStatus, {
      nullable: true,
      defaultValue: EmploymentStatus.ACTIVE,
      description: 'Only people with this status; null for any status.',
    })
    status: EmploymentStatus | null,
    @Ctx() context: RequestContext,
  ): Promise<EmployeeMatch[]> {
    const orgId = requireOrg(context);
    const matches = await context.directory.lookup.lookup(orgId, { query, limit, status });
    context.loaders.prime(matches.map((match) => match.employee));
    return matches as EmployeeMatch[];
  }

  @Query(() => OrgChart, {
    description:
      'The org chart as flat nodes (parentId, level), from rootId or from the top of the organization, down to maxDepth.',
  })
  async orgChart(
    @Arg('rootId', () => ID, { nullable: true }) rootId: string | null,
    @Arg('maxDepth', () => Int, { defaultValue: 5 }) maxDepth: number,
    @Arg('department', () => String, { nullable: true }) department: string | null,
    @Arg('includeFormer', { defaultValue: false, description: 'Include terminated and retired people.' })
    includeFormer: boolean,
    @Ctx() context: RequestContext,
    @Info() info: GraphQLResolveInfo,
  ): Promise<OrgChart> {
    const orgId = requireOrg(context);
    const root = rootId ? assertId(rootId, 'rootId') : null;
    assertIntInRange(maxDepth, 'maxDepth', 0, MAX_HIERARCHY_DEPTH);
    if (root && !(await context.loaders.employeeById.load(root))) {
      throw new NotFoundError(`no employee with id ${root}`);
    }
    // Only the employee columns the query reads: a chart can hold thousands of people.
    const properties = requestedEmployeeProperties(info, ['nodes', 'employee']);
    const chart = await context.directory.hierarchy.orgChart(orgId, {
      rootId: root,
      maxDepth,
      department,
      includeFormer,
      properties,
    });
    return {
      rootIds: chart.rootIds,
      nodes: chart.nodes.map((node) => ({ ...node, id: node.employee.id })),
      totalNodes: chart.nodes.length,
      maxDepthReached: chart.maxDepthReached,
      cycleDetected: chart.cycleDetected,
    };
  }

  @FieldResolver(() => DepartmentType, { nullable: true })
  async department(
    @Root() employee: EmployeeType,
    @Ctx() context: RequestContext,
  ): Promise<DepartmentType | null> {
    return employee.department ? context.loaders.department.load(employee.department) : null;
  }

  @FieldResolver(() => EmployeeType, { nullable: true, description: 'Direct manager.' })
  async manager(
    @Root() employee: EmployeeType,
    @Ctx() context: RequestContext,
  ): Promise<EmployeeType | null> {
    return employee.managerId ? context.loaders.employeeById.load(employee.managerId) : null;
  }

  @FieldResolver(() => EmployeeConnection, { description: 'People whose manager this employee is, by name.' })
  async directReports(
    @Root() employee: EmployeeType,
    @Args() { first, after }: PageArgs,
    @Arg('status', () => EmploymentStatus, { nullable: true }) status: EmploymentStatus | null,
    @Arg('includeFormer', { defaultValue: false, description: 'Include terminated and retired people.' })
    includeFormer: boolean,
    @Ctx() context: RequestContext,
  ): Promise<EmployeeConnection> {
    const page = context.cursors.pageRequest('directReports', first, after);
    const scope = { status, includeFormer };
    const rows = await context.loaders.directReports.load({ id: employee.id, args: { scope, page } });
    return employeeConnection(context.cursors, 'directReports', rows, () =>
      context.loaders.directReportCount.load({ id: employee.id, args: scope }),
    );
  }

  @FieldResolver(() => Int, { description: 'Current direct reports (terminated and retired left out).' })
  async directReportCount(@Root() employee: EmployeeType, @Ctx() context: RequestContext): Promise<number> {
    return context.loaders.directReportCount.load({ id: employee.id, args: { includeFormer: false } });
  }

  @FieldResolver(() => [ChainLink], {
    description: 'Managers above this employee: level 1 is the direct manager.',
  })
  async managementChain(
    @Root() employee: EmployeeType,
    @Arg('maxDepth', () => Int, { defaultValue: 10 }) maxDepth: number,
    @Ctx() context: RequestContext,
    @Info() info: GraphQLResolveInfo,
  ): Promise<ChainLink[]> {
    assertIntInRange(maxDepth, 'maxDepth', 1, MAX_HIERARCHY_DEPTH);
    return context.loaders.managementChain.load({
      id: employee.id,
      args: { maxDepth, properties: propertyList(requestedEmployeeProperties(info, ['employee'])) },
    }) as Promise<ChainLink[]>;
  }

  @FieldResolver(() => ReportConnection, { description: 'Everyone below this employee, level by level.' })
  async reports(
    @Root() employee: EmployeeType,
    @Arg('maxDepth', () => Int, { defaultValue: 10 }) maxDepth: number,
    @Args() { first, after }: PageArgs,
    @Arg('includeFormer', { defaultValue: false }) includeFormer: boolean,
    @Ctx() context: RequestContext,
  ): Promise<ReportConnection> {
    assertIntInRange(maxDepth, 'maxDepth', 1, MAX_HIERARCHY_DEPTH);
    const page = context.cursors.pageRequest('reports', first, after);
    const result = await context.loaders.reports.load({
      id: employee.id,
      args: { maxDepth, includeFormer, page },
    });
    const { edges, pageInfo } = toEdges(
      context.cursors,
      'reports',
      result,
      (entry) => [entry.level, entry.employee.displayName, entry.employee.id],
      (entry, cursor) => ({ cursor, node: entry.employee as EmployeeType, level: entry.level }),
    );
    return { edges, pageInfo, totalCount: result.totalCount };
  }

  @FieldResolver(() => [GroupMembership], {
    description:
      'Groups this employee is in; with resolveNested, also the groups those groups are nested in.',
  })
  async groups(
    @Root() employee: EmployeeType,
    @Arg('resolveNested', { defaultValue: true }) resolveNested: boolean,
    @Ctx() context: RequestContext,
  ): Promise<GroupMembership[]> {
    const memberships = await context.loaders.employeeGroups.load({ id: employee.id, args: resolveNested });
    return memberships.map((membership) => ({
      group: membership.group,
      membershipType: membership.membershipType as MembershipType,
      viaGroupId: membership.viaGroupId,
    }));
  }

  @FieldResolver(() => UserType, { nullable: true, description: 'The linked ITSM user.' })
  user(@Root() employee: EmployeeType): UserType | null {
    return employee.userId ? { id: employee.userId } : null;
  }
}
