import { DateResolver, DateTimeResolver, JSONResolver } from 'graphql-scalars';
import { Directive, Field, ID, Int, ObjectType } from 'type-graphql';
import { DirectorySource, EmploymentStatus, EmploymentType, MatchedField } from './enums';
import { PageInfo } from './page-info.type';

@Directive('@key(fields: "id")')
@Directive('@key(fields: "email")')
@ObjectType('Employee', {
  simpleResolvers: true,
  description: 'A person in the organization, as the connected sources describe them.',
})
export class EmployeeType {
  @Field(() => ID)
  id: string;

  // A renamed field keeps type-graphql's resolver (the default one would read `employeeId`).
  @Field(() => String, {
    name: 'employeeId',
    nullable: true,
    simple: false,
    description: 'HR system employee number.',
  })
  employeeNumber: string | null;

  @Field(() => String, {
    nullable: true,
    description:
      'Corporate email address; null for people their sources give none. Several people may share one (see employeeByEmail).',
  })
  email: string | null;

  @Field()
  displayName: string;

  @Field(() => String, { nullable: true })
  firstName: string | null;

  @Field(() => String, { nullable: true })
  lastName: string | null;

  @Field(() => String, { nullable: true })
  preferredName: string | null;

  @Field(() => String, { nullable: true })
  jobTitle: string | null;

  @Field(() => String, { nullable: true, description: 'Business division or unit.' })
  division: string | null;

  @Field(() => String, { nullable: true })
  costCenter: string | null;

  @Field(() => String, { nullable: true, description: 'Office location (building, city or site).' })
  location: string | null;

  @Field(() => String, { nullable: true, description: 'Business phone number.' })
  phone: string | null;

  @Field(() => String, { nullable: true })
  company: string | null;

  @Field(() => String, { nullable: true, description: 'Username in the source system.' })
  username: string | null;

  @Field(() => String, { nullable: true, description: 'IANA time zone, e.g. America/Chicago.' })
  timeZone: string | null;

  @Field(() => EmploymentStatus)
  status: EmploymentStatus;

  @Field(() => EmploymentType, { nullable: true })
  employmentType: EmploymentType | null;

  @Field(() => DateResolver, { nullable: true })
  startDate: string | null;

  @Field(() => DateResolver, { nullable: true })
  terminationDate: string | null;

  @Field(() => DirectorySource)
  source: DirectorySource;

  @Field(() => String, {
    nullable: true,
    description: 'The id in the source system (object id, DN, user id).',
  })
  externalId: string | null;

  @Field(() => String, {
    nullable: true,
    description: 'The id at the identity provider, first key of identity matching.',
  })
  idpId: string | null;

  @Field(() => JSONResolver, { description: 'Attributes the source defines beyond the standard ones.' })
  customAttributes: Record<string, unknown>;

  @Field(() => ID, { nullable: true, description: 'Linked ITSM platform user id.' })
  userId: string | null;

  @Field(() => DateTimeResolver, { nullable: true, description: 'Last successful sync from the source.' })
  syncedAt: Date | null;

  @Field(() => DateTimeResolver)
  createdAt: Date;

  @Field(() => DateTimeResolver)
  updatedAt: Date;

  // Not exposed: used by field resolvers.
  managerId: string | null;
  department: string | null;
}

@Directive('@shareable')
@ObjectType('EmployeeEdge', { simpleResolvers: true })
export class EmployeeEdge {
  @Field()
  cursor: string;

  @Field(() => EmployeeType)
  node: EmployeeType;
}

@Directive('@shareable')
@ObjectType('EmployeeConnection', { simpleResolvers: true })
export class EmployeeConnection {
  @Field(() => [EmployeeEdge])
  edges: EmployeeEdge[];

  @Field(() => PageInfo)
  pageInfo: PageInfo;

  /** Counts the whole list; run only when the field is asked for. */
  countTotal: () => Promise<number>;
}

@ObjectType('ChainLink', { simpleResolvers: true, description: 'One manager in a management chain.' })
export class ChainLink {
  @Field(() => Int, { description: '1 = direct manager, 2 = their manager, …' })
  level: number;

  @Field(() => EmployeeType)
  employee: EmployeeType;

  @Field({
    description:
      "True when this manager's own manager already appears in the chain (a reporting cycle in the source data); the chain stops here.",
  })
  closesCycle: boolean;
}

@Directive('@shareable')
@ObjectType('ReportEdge', { simpleResolvers: true })
export class ReportEdge {
  @Field()
  cursor: string;

  @Field(() => EmployeeType)
  node: EmployeeType;

  @Field(() => Int, { description: '1 = direct report, 2 = report of a direct report, …' })
  level: number;
}

@Directive('@shareable')
@ObjectType('ReportConnection', {
  simpleResolvers: true,
  description: 'Everyone below an employee, ordered by level then name.',
})
export class ReportConnection {
  @Field(() => [ReportEdge])
  edges: ReportEdge[];

  @Field(() => PageInfo)
  pageInfo: PageInfo;

  @Field(() => Int)
  totalCount: number;
}

@ObjectType('EmployeeMatch', { simpleResolvers: true, description: 'A lookup result.' })
export class EmployeeMatch {
  @Field(() => EmployeeType)
  employee: EmployeeType;

  @Field({ description: 'Relevance from 0 to 1; 1 is an exact match.' })
  score: number;

  @Field(() => MatchedField, { description: 'The field that matched best.' })
  matchedField: MatchedField;
}
