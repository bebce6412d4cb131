import { GraphQLError } from 'graphql';
import { isAdmin, Principal } from '../auth/principal';
import { CursorCodec, Directory } from '../directory';
import { ConnectionStore } from '../directory/connections';
import { SyncJobs } from '../directory/sync-jobs';
import { DirectoryConnection, SyncJob } from '../entities';
import { ScimTokenStore } from '../scim/tokens';
import { WebhookAdmin } from '../directory/webhooks';
import { ChangeEvents } from '../events/change-events';
import { Loaders, createLoaders } from '../loaders';
import { AdminLoaders, createAdminLoaders } from '../loaders/admin';

/** The sync side, as resolvers use it. */
export interface SyncServices {
  connections: ConnectionStore;
  jobs: SyncJobs;
  /** Job updates from any process, for subscriptions. */
  events: { stream(accept: (job: SyncJob) => boolean, signal?: AbortSignal): AsyncIterable<SyncJob> };
  tester: {
    test(
      connection: DirectoryConnection,
    ): Promise<{ ok: boolean; userCount: number | null; error: { code: string; message: string } | null }>;
  };
  /** Webhook endpoints, their delivery log, redelivery and pings. */
  webhooks: WebhookAdmin;
  /** Change events: replay from the outbox and live streams fed after commit. */
  changeEvents: ChangeEvents;
  /** Bearer tokens of SCIM connections. */
  scimTokens: ScimTokenStore;
  /** Keeps a connection's cron schedule in the queue. */
  schedules: { schedule(orgId: string, connectionId: string, pattern: string | null): Promise<void> };
  /** Whether the job queue (Redis) answers; /readyz reports not ready when it does not. */
  queueReachable?(): Promise<boolean>;
}

/** What every resolver receives. */
export interface RequestContext {
  principal: Principal | null;
  directory: Directory;
  cursors: CursorCodec;
  /** Absent in a read-only deployment (no Redis). */
  sync?: SyncServices;
  /** Bound to the caller's organization (unusable without a caller). */
  loaders: Loaders;
  /** Loaders of the admin fields; null without a caller or without the sync side. */
  adminLoaders: AdminLoaders | null;
}

export interface ContextDependencies {
  directory: Directory;
  cursors: CursorCodec;
  sync?: SyncServices;
}

export function createRequestContext(deps: ContextDependencies, principal: Principal | null): RequestContext {
  // Eager, not a lazy getter: Apollo shallow-clones the context, which would run a getter early.
  const loaders = principal
    ? createLoaders(deps.directory, principal.orgId)
    : new Proxy({} as Loaders, { get: () => requireOrg({ principal: null }) });
  const adminLoaders = principal && deps.sync ? createAdminLoaders(deps.sync, principal.orgId) : null;
  return {
    principal,
    directory: deps.directory,
    cursors: deps.cursors,
    sync: deps.sync,
    loaders,
    adminLoaders,
  };
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

/** Connections and syncs are for administrators of the organization. */
export function requireAdmin(context: RequestContext): {
  orgId: string;
  sync: SyncServices;
  loaders: AdminLoaders;
} {
  const orgId = requireOrg(context);
  if (!isAdmin(context.principal!)) {
    throw new GraphQLError('This needs the admin role', {
      extensions: { code: 'FORBIDDEN', http: { status: 403 } },
    });
  }
  if (!context.sync || !context.adminLoaders) {
    throw new GraphQLError('Syncing is not configured on this server', {
      extensions: { code: 'SERVICE_UNAVAILABLE' },
    });
  }
  return { orgId, sync: context.sync, loaders: context.adminLoaders };
}
