import DataLoader from 'dataloader';
import { ConnectionStore, ConnectionView } from '../directory/connections';
import { SyncJobs } from '../directory/sync-jobs';
import { SyncJob } from '../entities';

/** What the admin loaders read through: the sync side's stores. */
export interface AdminSources {
  connections: Pick<ConnectionStore, 'viewsByIds'>;
  jobs: Pick<SyncJobs, 'latestOfConnections'>;
}

/**
 * The DataLoaders of the admin fields (connections and sync jobs), one set per request and bound
 * to the caller's organization: a list of connections with their latest sync, or of jobs with their
 * connection, costs one statement per field, not one per row.
 */
export function createAdminLoaders(sources: AdminSources, orgId: string) {
  return {
    latestSyncByConnection: new DataLoader<string, SyncJob | null>(async (connectionIds) => {
      const latest = await sources.jobs.latestOfConnections(orgId, connectionIds);
      return connectionIds.map((id) => latest.get(id) ?? null);
    }),
    /** Null for a connection deleted since the job ran (its jobs keep the id). */
    connectionById: new DataLoader<string, ConnectionView | null>(async (ids) => {
      const views = new Map(
        (await sources.connections.viewsByIds(orgId, ids)).map((view) => [view.id, view]),
      );
      return ids.map((id) => views.get(id) ?? null);
    }),
  };
}

export type AdminLoaders = ReturnType<typeof createAdminLoaders>;
