import { GraphQLError } from 'graphql';
import { Arg, Ctx, ID, Mutation, Query, Resolver } from 'type-graphql';
import { assertId } from '../directory';
import { ScimToken } from '../entities';
import { ScimTokenStore } from '../scim/tokens';
import { RequestContext, requireAdmin, SyncServices } from './context';
import { ScimTokenSecretType, ScimTokenType } from './types/scim.type';

/** The token store, carried by the sync runtime (see createSyncRuntime). */
function scimTokens(sync: SyncServices): ScimTokenStore {
  if ('scimTokens' in sync && sync.scimTokens instanceof ScimTokenStore) return sync.scimTokens;
  throw new GraphQLError('SCIM provisioning is not configured on this server', {
    extensions: { code: 'SERVICE_UNAVAILABLE' },
  });
}

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
    const tokens = await scimTokens(sync).list(orgId, assertId(connectionId, 'connectionId'));
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
    return scimTokens(sync).create(
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
    return view(await scimTokens(sync).revoke(orgId, assertId(id, 'id')));
  }
}
