import { Arg, Args, Ctx, FieldResolver, Int, Query, Resolver, Root } from 'type-graphql';
import { PageArgs } from './arguments';
import { employeeConnection } from './connections';
import { RequestContext, requireOrg } from './context';
import { DepartmentType } from './types/department.type';
import { EmployeeConnection, EmployeeType } from './types/employee.type';

@Resolver(() => DepartmentType)
export class DepartmentResolver {
  @Query(() => [DepartmentType], { description: 'Departments with headcounts, ordered by name.' })
  async departments(
    @Arg('division', () => String, { nullable: true }) division: string | null,
    @Ctx() context: RequestContext,
  ): Promise<DepartmentType[]> {
    const orgId = requireOrg(context);
    const departments = await context.directory.departments.list(orgId, { division });
    for (const department of departments) context.loaders.department.prime(department.name, department);
    return departments;
  }

  @Query(() => DepartmentType, { nullable: true })
  async department(
    @Arg('name') name: string,
    @Ctx() context: RequestContext,
  ): Promise<DepartmentType | null> {
    requireOrg(context);
    return context.loaders.department.load(name);
  }

  @FieldResolver(() => EmployeeType, { nullable: true, description: 'The department lead.' })
  async head(
    @Root() department: DepartmentType,
    @Ctx() context: RequestContext,
  ): Promise<EmployeeType | null> {
    return department.headId ? context.loaders.employeeById.load(department.headId) : null;
  }

  @FieldResolver(() => EmployeeConnection, { description: 'Current members, by name.' })
  async employees(
    @Root() department: DepartmentType,
    @Args() { first, after }: PageArgs,
    @Ctx() context: RequestContext,
  ): Promise<EmployeeConnection> {
    const page = context.cursors.pageRequest('departmentEmployees', first, after);
    const rows = await context.loaders.departmentEmployees.load({ id: department.name, args: page });
    return employeeConnection(context.cursors, 'departmentEmployees', rows, async () => department.headcount);
  }
}

@Resolver(() => EmployeeConnection)
export class EmployeeConnectionResolver {
  @FieldResolver(() => Int, { description: 'Size of the whole list.' })
  totalCount(@Root() connection: EmployeeConnection): Promise<number> {
    return connection.countTotal();
  }
}
