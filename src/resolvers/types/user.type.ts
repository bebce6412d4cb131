import { Directive, Field, ID, ObjectType } from 'type-graphql';

@Directive('@key(fields: "id")')
@ObjectType('User', {
  simpleResolvers: true,
  description: "The ITSM platform's user, extended with the directory's view of them.",
})
export class UserType {
  @Field(() => ID)
  id: string;
}
