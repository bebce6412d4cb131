import { ArgsType, Field, ID, InputType, Int } from 'type-graphql';
import { CustomAttributeFilterInput } from './types/custom-attribute.type';
import { DirectorySource, EmploymentStatus, EmploymentType, GroupType } from './types/enums';

@ArgsType()
export class PageArgs {
  @Field(() => Int, { nullable: true, description: 'Page size: default 20, at most 100.' })
  first?: number | null;

  @Field(() => String, { nullable: true, description: 'endCursor of the previous page.' })
  after?: string | null;
}

@InputType({ description: 'Every given condition must hold.' })
export class EmployeeFilterInput {
  @Field(() => String, { nullable: true })
  department?: string | null;

  @Field(() => String, { nullable: true })
  division?: string | null;

  @Field(() => String, { nullable: true })
  costCenter?: string | null;

  @Field(() => String, { nullable: true })
  location?: string | null;

  @Field(() => EmploymentStatus, { nullable: true })
  status?: EmploymentStatus | null;

  @Field(() => EmploymentType, { nullable: true })
  employmentType?: EmploymentType | null;

  @Field(() => DirectorySource, { nullable: true })
  source?: DirectorySource | null;

  @Field(() => ID, { nullable: true, description: "The manager's id: lists their direct reports." })
  managerId?: string | null;

  @Field(() => ID, { nullable: true, description: 'People this connection has a source record of.' })
  connectionId?: string | null;

  @Field(() => String, {
    nullable: true,
    description: 'Words that must all appear in name, email or employee number.',
  })
  search?: string | null;

  @Field(() => [CustomAttributeFilterInput], {
    nullable: true,
    description: 'Conditions on defined custom attributes (at most 5), all of which must hold.',
  })
  customAttributes?: CustomAttributeFilterInput[] | null;
}

@InputType()
export class GroupFilterInput {
  @Field(() => DirectorySource, { nullable: true })
  source?: DirectorySource | null;

  @Field(() => String, { nullable: true, description: 'Part of the group name.' })
  search?: string | null;

  @Field(() => Boolean, {
    nullable: true,
    description: 'true: security groups only; false: everything else.',
  })
  isSecurityGroup?: boolean | null;

  @Field(() => GroupType, { nullable: true })
  groupType?: GroupType | null;
}
