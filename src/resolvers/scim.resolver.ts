import { Arg, Ctx, ID, Mutation, Query, Resolver } from 'type-graphql';
import { assertId } from '../directory';
import { ScimToken } from '../entities';
import { RequestContext, requireAdmin } from './context';
import { ScimTokenSecretType, ScimTokenType } from './types/scim.type';

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
