import { DateTimeResolver } from 'graphql-scalars';
import { Field, ID, Int, ObjectType } from 'type-graphql';

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

@ObjectType('ScimWrite', {
  description:
    'One SCIM write to a connection (POST, PUT, PATCH, DELETE, or an operation of a /Bulk request): who, what, when, and how it was answered.',
})
export class ScimWriteType {
  @Field(() => ID, { description: 'Increasing: pass it as `before` for older writes.' })
  id: string;

  @Field(() => DateTimeResolver)
  at: Date;

  @Field(() => ID, { nullable: true, description: 'The token that wrote (see scimTokens).' })
  tokenId: string | null;

  @Field(() => String, { nullable: true, description: 'The shown prefix of that token (scim_…).' })
  tokenPrefix: string | null;

  @Field({ description: 'POST, PUT, PATCH or DELETE.' })
  method: string;

  @Field({ description: 'create, update or delete.' })
  operation: string;

  @Field({ description: 'User or Group.' })
  resourceType: string;

  @Field(() => ID, {
    nullable: true,
    description: 'The resource written (the person or group id), when known.',
  })
  resourceId: string | null;

  @Field(() => String, { nullable: true, description: 'The bulkId, for an operation of a /Bulk request.' })
  bulkId: string | null;

  @Field(() => Int, { description: 'The HTTP status it was answered with (4xx: refused, nothing written).' })
  status: number;

  @Field(() => String, { nullable: true, description: 'The SCIM error type of a refused write.' })
  scimType: string | null;

  @Field(() => [String], { description: 'Names of the attributes written (never their values).' })
  attributes: string[];
}
