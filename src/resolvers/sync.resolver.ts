import { GraphQLError } from 'graphql';
import { JSONResolver } from 'graphql-scalars';
import {
  Arg,
  Args,
  Ctx,
  FieldResolver,
  ID,
  Mutation,
  Query,
  Resolver,
  Root,
  Subscription,
} from 'type-graphql';
import { assertId } from '../directory';
import { SyncJob } from '../entities';
import { PageArgs } from './arguments';
import { toEdges } from './connections';
import { RequestContext, requireAdmin } from './context';
import { DirectorySource } from './types/enums';
import {
  ConnectionTestResult,
  DirectoryConnectionInput,
  DirectoryConnectionType,
  SyncChange,
  SyncJobConnection,
  SyncJobFilterInput,
  SyncJobType,
  SyncProgress,
  SyncRecordError,
  SyncStats,
  SyncType,
  TriggerSyncInput,
} from './types/sync.type';

const EMPTY_STATS: SyncStats = {
  usersCreated: 0,
  usersUpdated: 0,
  usersDisabled: 0,
  usersDeleted: 0,
  usersSkipped: 0,
  usersLinked: 0,
  usersUnlinked: 0,
  usersConflicts: 0,
  usersErrors: 0,
  groupsCreated: 0,
  groupsUpdated: 0,
  groupsDeleted: 0,
  groupsSkipped: 0,
  groupsErrors: 0,
  membershipsAdded: 0,
  membershipsRemoved: 0,
  totalProcessed: 0,
};

@Resolver(() => DirectoryConnectionType)
export class ConnectionResolver {
  @Query(() => [DirectoryConnectionType], { description: 'Connections of your organization (admin).' })
  async directoryConnections(@Ctx() context: RequestContext): Promise<DirectoryConnectionType[]> {
    const { orgId, sync } = requireAdmin(context);
    return (await sync.connections.list(orgId)) as DirectoryConnectionType[];
  }

  @Query(() => DirectoryConnectionType, { nullable: true })
  async directoryConnection(
    @Arg('id', () => ID) id: string,
    @Ctx() context: RequestContext,
  ): Promise<DirectoryConnectionType> {
    const { orgId, sync } = requireAdmin(context);
    return (await sync.connections.getView(orgId, assertId(id, 'id'))) as DirectoryConnectionType;
  }

  @Mutation(() => DirectoryConnectionType, {
    description: 'Adds a source. Its configuration is validated and stored encrypted.',
  })
  async createDirectoryConnection(
    @Arg('input', () => DirectoryConnectionInput) input: DirectoryConnectionInput,
    @Ctx() context: RequestContext,
  ): Promise<DirectoryConnectionType> {
    const { orgId, sync } = requireAdmin(context);
    const connection = await sync.connections.create(orgId, input);
    await sync.schedules.schedule(
      orgId,
      connection.id,
      connection.status === 'paused' ? null : connection.schedule,
    );
    return connection as DirectoryConnectionType;
  }

  @Mutation(() => DirectoryConnectionType)
  async updateDirectoryConnection(
    @Arg('id', () => ID) id: string,
    @Arg('input', () => DirectoryConnectionInput) input: DirectoryConnectionInput,
    @Ctx() context: RequestContext,
  ): Promise<DirectoryConnectionType> {
    const { orgId, sync } = requireAdmin(context);
    const connection = await sync.connections.update(orgId, assertId(id, 'id'), input);
    await sync.schedules.schedule(
      orgId,
      connection.id,
      connection.status === 'paused' ? null : connection.schedule,
    );
    return connection as DirectoryConnectionType;
  }

  @Mutation(() => ID, { description: 'Removes a source. Its people and groups stay, no longer owned by it.' })
  async deleteDirectoryConnection(
    @Arg('id', () => ID) id: string,
    @Ctx() context: RequestContext,
  ): Promise<string> {
    const { orgId, sync } = requireAdmin(context);
    const connection = await sync.connections.delete(orgId, assertId(id, 'id'));
    await sync.schedules.schedule(orgId, connection.id, null);
    return connection.id;
  }

  @Mutation(() => ConnectionTestResult, {
    description: 'Checks credentials and reach; returns the number of people when the source tells.',
  })
  async testDirectoryConnection(
    @Arg('id', () => ID) id: string,
    @Ctx() context: RequestContext,
  ): Promise<ConnectionTestResult> {
    const { orgId, sync } = requireAdmin(context);
    return sync.tester.test(await sync.connections.get(orgId, assertId(id, 'id')));
  }

  @FieldResolver(() => SyncJobType, {
    nullable: true,
    description: 'The most recent sync of this connection.',
  })
  async latestSync(
    @Root() connection: DirectoryConnectionType,
    @Ctx() context: RequestContext,
  ): Promise<SyncJob | null> {
    return requireAdmin(context).loaders.latestSyncByConnection.load(connection.id);
  }
}

@Resolver(() => SyncJobType)
export class SyncJobResolver {
  @Query(() => SyncJobType, { nullable: true })
  async syncJob(@Arg('id', () => ID) id: string, @Ctx() context: RequestContext): Promise<SyncJob | null> {
    const { orgId, sync } = requireAdmin(context);
    return sync.jobs.find(orgId, assertId(id, 'id'));
  }

  @Query(() => SyncJobConnection, { description: 'Sync history, newest first.' })
  async syncJobs(
    @Arg('filter', () => SyncJobFilterInput, { nullable: true }) filter: SyncJobFilterInput | null,
    @Args() { first, after }: PageArgs,
    @Ctx() context: RequestContext,
  ): Promise<SyncJobConnection> {
    const { orgId, sync } = requireAdmin(context);
    const page = context.cursors.pageRequest('syncJobs', first, after);
    const rows = await sync.jobs.list(
      orgId,
      {
        ...filter,
        connectionId: filter?.connectionId ? assertId(filter.connectionId, 'filter.connectionId') : null,
      },
      page,
    );
    return toEdges(
      context.cursors,
      'syncJobs',
      rows,
      (job) => [job.queuedAt.toISOString(), job.id],
      (job, cursor) => ({ cursor, node: job as SyncJobType }),
    );
  }

  @Query(() => SyncJobType, { nullable: true, description: 'The most recent sync, of one source or of any.' })
  async latestSync(
    @Arg('source', () => DirectorySource, { nullable: true }) source: DirectorySource | null,
    @Ctx() context: RequestContext,
  ): Promise<SyncJob | null> {
    const { orgId, sync } = requireAdmin(context);
    return sync.jobs.latest(orgId, source);
  }

  @Mutation(() => SyncJobType, {
    description:
      'Queues a sync and returns its job at once (QUEUED). If the connection already has one queued or running, returns that one.',
  })
  async triggerSync(
    @Arg('input', () => TriggerSyncInput) input: TriggerSyncInput,
    @Ctx() context: RequestContext,
  ): Promise<SyncJob> {
    const { orgId, sync } = requireAdmin(context);
    return sync.jobs.trigger(orgId, {
      connectionId: input.connectionId ? assertId(input.connectionId, 'input.connectionId') : null,
      source: input.source,
      syncType: input.syncType,
      includeGroups: input.includeGroups,
      preview: input.preview,
      trigger: 'api',
    });
  }

  @Mutation(() => SyncJobType, {
    description: 'Imports an HRIS document (the HRIS template, either form) through a push connection.',
  })
  async importDirectoryDocument(
    @Arg('connectionId', () => ID) connectionId: string,
    @Arg('document', () => JSONResolver) document: unknown,
    @Arg('preview', { defaultValue: false }) preview: boolean,
    @Ctx() context: RequestContext,
  ): Promise<SyncJob> {
    const { orgId, sync } = requireAdmin(context);
    if (document === null || typeof document !== 'object') {
      throw new GraphQLError('document must be a JSON object', {
        extensions: { code: 'BAD_USER_INPUT', argument: 'document' },
      });
    }
    return sync.jobs.trigger(orgId, {
      connectionId: assertId(connectionId, 'connectionId'),
      syncType: SyncType.FULL,
      includeGroups: true,
      preview,
      trigger: 'push',
      document,
    });
  }

  @Mutation(() => SyncJobType, { description: 'Stops a queued or running sync; nothing of it is applied.' })
  async cancelSync(@Arg('id', () => ID) id: string, @Ctx() context: RequestContext): Promise<SyncJob> {
    const { orgId, sync } = requireAdmin(context);
    return sync.jobs.cancel(orgId, assertId(id, 'id'));
  }

  @Mutation(() => SyncJobType, {
    description: 'Lets a sync that stopped at the deletion threshold apply its removals.',
  })
  async confirmSync(@Arg('id', () => ID) id: string, @Ctx() context: RequestContext): Promise<SyncJob> {
    const { orgId, sync } = requireAdmin(context);
    return sync.jobs.confirm(orgId, assertId(id, 'id'));
  }

  @Subscription(() => SyncJobType, {
    description: 'Every change of a sync job (progress, then the final status and stats), from any worker.',
    subscribe: ({ args, context }) => {
      const { orgId, sync } = requireAdmin(context as RequestContext);
      const id = args.id ? assertId(args.id as string, 'id') : null;
      const source = (args.source as DirectorySource | null) ?? null;
      return sync.events.stream(
        (job) => job.orgId === orgId && (!id || job.id === id) && (!source || job.source === source),
      );
    },
  })
  syncJobUpdated(
    @Root() job: SyncJob,
    @Arg('id', () => ID, { nullable: true }) _id: string | null,
    @Arg('source', () => DirectorySource, { nullable: true }) _source: DirectorySource | null,
  ): SyncJob {
    return job;
  }

  @FieldResolver(() => SyncProgress)
  progress(@Root() job: SyncJobType): SyncProgress {
    return {
      phase: job.progress?.phase ?? null,
      processed: job.progress?.processed ?? 0,
      total: job.progress?.total ?? null,
    };
  }

  @FieldResolver(() => SyncStats, { description: 'Zeros until the sync has applied (or previewed).' })
  stats(@Root() job: SyncJobType): SyncStats {
    return { ...EMPTY_STATS, ...job.stats };
  }

  @FieldResolver(() => [SyncRecordError], { description: 'The first 100 record errors.' })
  errors(@Root() job: SyncJobType): SyncRecordError[] {
    return job.errors ?? [];
  }

  @FieldResolver(() => SyncRecordError, {
    nullable: true,
    description: 'Why the job failed, or why it waits for confirmation.',
  })
  failure(@Root() job: SyncJobType): SyncRecordError | null {
    return job.failureCode
      ? { code: job.failureCode, message: job.failureMessage ?? '', externalId: null }
      : null;
  }

  @FieldResolver(() => [SyncChange], {
    nullable: true,
    description: 'For previews: a sample of the changes.',
  })
  changes(@Root() job: SyncJobType): SyncChange[] | null {
    return (job.changesSample as SyncChange[] | null) ?? null;
  }

  @FieldResolver(() => DirectoryConnectionType, { nullable: true })
  async connection(
    @Root() job: SyncJobType,
    @Ctx() context: RequestContext,
  ): Promise<DirectoryConnectionType | null> {
    const { loaders } = requireAdmin(context);
    if (!job.connectionId) return null;
    return (await loaders.connectionById.load(job.connectionId)) as DirectoryConnectionType | null;
  }
}
