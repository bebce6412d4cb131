import { Arg, Ctx, ID, Int, Mutation, Query, Resolver } from 'type-graphql';
import { assertId } from '../directory';
import { InvalidInputError } from '../directory/errors';
import { ScimToken } from '../entities';
import { RequestContext, requireAdmin } from './context';
import { ScimTokenSecretType, ScimTokenType, ScimWriteType } from './types/scim.type';

const view = (token: ScimToken): ScimTokenType => ({
  id: token.id,
  connectionId: token.connectionId,
  prefix: token.prefix,
  createdAt: token.createdAt,
  lastUsedAt: token.lastUsedAt,
  revokedAt: token.revokedAt,
  active: token.revokedAt === null,
});

@Resolver(() => ScimTokenType)
export class ScimTokenResolver {
  @Query(() => [ScimTokenType], { description: 'Tokens of a SCIM connection, newest first (admin).' })
  async scimTokens(
    @Arg('connectionId', () => ID) connectionId: string,
    @Ctx() context: RequestContext,
  ): Promise<ScimTokenType[]> {
    const { orgId, sync } = requireAdmin(context);
    const tokens = await sync.scimTokens.list(orgId, assertId(connectionId, 'connectionId'));
    return tokens.map(view);
  }

  @Query(() => [ScimWriteType], {
    description:
      'SCIM writes to a connection, newest first (admin): which token wrote what, when, and the answer.',
  })
  async scimWrites(
    @Arg('connectionId', () => ID) connectionId: string,
    @Arg('first', () => Int, { defaultValue: 50, description: 'At most 500.' }) first: number,
    @Arg('before', () => ID, {
      nullable: true,
      description: 'The id of the last write of the previous page.',
    })
    before: string | null,
    @Ctx() context: RequestContext,
  ): Promise<ScimWriteType[]> {
    const { orgId, sync } = requireAdmin(context);
    if (!Number.isInteger(first) || first < 1 || first > 500)
      throw new InvalidInputError('first must be between 1 and 500', 'first');
    if (before != null && !/^[0-9]{1,18}$/.test(before))
      throw new InvalidInputError('before must be the id of a SCIM write', 'before');
    return sync.scimTokens.writes(orgId, assertId(connectionId, 'connectionId'), first, before ?? null);
  }

  @Mutation(() => ScimTokenSecretType, {
    description:
      'Creates a bearer token for a SCIM connection. The token is in this response only; it is stored hashed.',
  })
  async createScimToken(
    @Arg('connectionId', () => ID) connectionId: string,
    @Ctx() context: RequestContext,
  ): Promise<ScimTokenSecretType> {
    const { orgId, sync } = requireAdmin(context);
    return sync.scimTokens.create(
      orgId,
      assertId(connectionId, 'connectionId'),
      context.principal?.subject ?? null,
    );
  }

  @Mutation(() => ScimTokenType, {
    description: 'Revokes a SCIM token: requests with it fail with 401 from now on.',
  })
  async revokeScimToken(
    @Arg('id', () => ID) id: string,
    @Ctx() context: RequestContext,
  ): Promise<ScimTokenType> {
    const { orgId, sync } = requireAdmin(context);
    return view(await sync.scimTokens.revoke(orgId, assertId(id, 'id')));
  }
}
