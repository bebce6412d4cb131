import { GraphQLError } from 'graphql';
import { Principal } from '../auth/principal';
import { CursorCodec, Directory } from '../directory';
import { Loaders, createLoaders } from '../loaders';

/** What every resolver receives. */
export interface RequestContext {
  principal: Principal | null;
  directory: Directory;
  cursors: CursorCodec;
  /** Bound to the caller's organization (unusable without a caller). */
  loaders: Loaders;
}

export interface ContextDependencies {
  directory: Directory;
  cursors: CursorCodec;
}

export function createRequestContext(deps: ContextDependencies, principal: Principal | null): RequestContext {
  // Eager, not a lazy getter: Apollo shallow-clones the context, which would run a getter early.
  const loaders = principal
    ? createLoaders(deps.directory, principal.orgId)
    : new Proxy({} as Loaders, { get: () => requireOrg({ principal: null }) });
  return { principal, directory: deps.directory, cursors: deps.cursors, loaders };
}

/** The caller's organization; every read is scoped by it. */
export function requireOrg(context: Pick<RequestContext, 'principal'>): string {
  if (!context.principal) {
    throw new GraphQLError('Authentication required: send a bearer token', {
      extensions: { code: 'UNAUTHENTICATED', http: { status: 401 } },
    });
  }
  return context.principal.orgId;
}
