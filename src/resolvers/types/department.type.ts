import { Field, Int, ObjectType } from 'type-graphql';

@ObjectType('Department', {
  simpleResolvers: true,
  description: 'A department, derived from the employees who belong to it.',
})
export class DepartmentType {
  @Field()
  name: string;

  @Field(() => String, { nullable: true })
  division: string | null;

  @Field(() => String, { nullable: true, description: "The department's most common cost center." })
  costCenter: string | null;

  @Field(() => Int, { description: 'Current people (everyone but terminated and retired).' })
  headcount: number;

  @Field(() => Int)
  active: number;

  @Field(() => Int)
  onLeave: number;

  @Field(() => Int)
  contractors: number;

  headId: string | null;
}
