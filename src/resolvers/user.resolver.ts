import { Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import { RequestContext } from './context';
import { EmployeeType } from './types/employee.type';
import { UserType } from './types/user.type';

@Resolver(() => UserType)
export class UserResolver {
  @FieldResolver(() => EmployeeType, {
    nullable: true,
    description: 'The directory entry linked to this user.',
  })
  employee(@Root() user: UserType, @Ctx() context: RequestContext): Promise<EmployeeType | null> {
    return context.loaders.employeeByUserId.load(user.id);
  }
}
