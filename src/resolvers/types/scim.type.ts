import { DateTimeResolver } from 'graphql-scalars';
import { Field, ID, ObjectType } from 'type-graphql';

@ObjectType('ScimToken', {
  description: 'A bearer token of a SCIM connection (its secret is shown only once).',
})
export class ScimTokenType {
  @Field(() => ID)
  id: string;

  @Field(() => ID)
  connectionId: string;

  @Field({ description: 'The first characters of the token, to tell tokens apart (scim_…).' })
  prefix: string;

  @Field(() => DateTimeResolver)
  createdAt: Date;

  @Field(() => DateTimeResolver, {
    nullable: true,
    description: 'Last request made with it (to the minute).',
  })
  lastUsedAt: Date | null;

  @Field(() => DateTimeResolver, { nullable: true })
  revokedAt: Date | null;

  @Field({ description: 'Not revoked: requests with it are accepted.' })
  active: boolean;
}

@ObjectType('ScimTokenSecret', {
  description: 'A new SCIM token. Copy the token now: it is stored hashed and never shown again.',
})
export class ScimTokenSecretType {
  @Field(() => ID)
  id: string;

  @Field({ description: 'Give it to the SCIM client as its bearer token (Secret Token in Entra ID).' })
  token: string;

  @Field(() => DateTimeResolver)
  createdAt: Date;
}
