import { DateTimeResolver, JSONResolver } from 'graphql-scalars';
import { Directive, Field, Float, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { DirectorySource } from './enums';
import { PageInfo } from './page-info.type';

export enum ConnectionStatus {
  ACTIVE = 'active',
  ERROR = 'error',
  PAUSED = 'paused',
}
export enum DeletionPolicy {
  DISABLE = 'disable',
  DELETE = 'delete',
}
export enum SyncType {
  FULL = 'full',
  INCREMENTAL = 'incremental',
  MANUAL = 'manual',
}
export enum SyncStatus {
  QUEUED = 'queued',
  RUNNING = 'running',
  COMPLETED = 'completed',
  FAILED = 'failed',
  CANCELLED = 'cancelled',
  NEEDS_CONFIRMATION = 'needs_confirmation',
}
registerEnumType(ConnectionStatus, { name: 'ConnectionStatus' });
registerEnumType(DeletionPolicy, {
  name: 'DeletionPolicy',
  description: 'What a sync does with people the source no longer has: DISABLE (terminated, kept) or DELETE.',
});
registerEnumType(SyncType, {
  name: 'SyncType',
  description:
    'FULL re-reads everything; INCREMENTAL only changes since the last sync; MANUAL is an admin-run full sync.',
});
registerEnumType(SyncStatus, { name: 'SyncStatus' });

@ObjectType('DirectoryConnection', {
  simpleResolvers: true,
  description: 'A configured source of people and groups.',
})
export class DirectoryConnectionType {
  @Field(() => ID)
  id: string;

  @Field()
  name: string;

  @Field(() => DirectorySource)
  source: DirectorySource;

  @Field(() => ConnectionStatus)
  status: ConnectionStatus;

  @Field(() => String, { nullable: true, description: 'Why the last sync or test failed.' })
  errorMessage: string | null;

  @Field(() => JSONResolver, { description: 'The configuration without its secrets.' })
  settings: Record<string, unknown>;

  @Field(() => [String], { description: 'Secret settings that are set (their values are write-only).' })
  secretsSet: string[];

  @Field(() => String, { nullable: true, description: 'Cron pattern of scheduled syncs.' })
  schedule: string | null;

  @Field(() => DeletionPolicy)
  deletionPolicy: DeletionPolicy;

  @Field(() => Float, {
    nullable: true,
    description: 'A full sync that would remove more than this share of people stops for confirmation.',
  })
  deletionThresholdPercent: number | null;

  @Field(() => Int, {
    nullable: true,
    description: 'A full sync that would remove more than this many people stops for confirmation.',
  })
  deletionThresholdCount: number | null;

  @Field(() => DateTimeResolver, { nullable: true })
  lastSyncAt: Date | null;

  @Field(() => Int, { nullable: true, description: 'People the connection held after its last sync.' })
  lastSyncCount: number | null;

  @Field(() => DateTimeResolver)
  createdAt: Date;

  @Field(() => DateTimeResolver)
  updatedAt: Date;
}

@InputType()
export class DirectoryConnectionInput {
  @Field(() => String, { nullable: true })
  name?: string;

  @Field(() => DirectorySource, { nullable: true, description: 'Required when creating; cannot change.' })
  source?: DirectorySource;

  @Field(() => JSONResolver, {
    nullable: true,
    description:
      'Source settings, secrets included. On update, keys you leave out keep their value; null removes one.',
  })
  config?: Record<string, unknown>;

  @Field(() => String, {
    nullable: true,
    description: 'Cron pattern, e.g. "0 */6 * * *"; null or "" for none.',
  })
  schedule?: string | null;

  @Field(() => DeletionPolicy, { nullable: true })
  deletionPolicy?: DeletionPolicy;

  @Field(() => Float, { nullable: true })
  deletionThresholdPercent?: number | null;

  @Field(() => Int, { nullable: true })
  deletionThresholdCount?: number | null;

  @Field(() => Boolean, {
    nullable: true,
    description: 'Paused connections are neither synced nor scheduled.',
  })
  paused?: boolean;
}

@ObjectType({ simpleResolvers: true })
export class ErrorDetail {
  @Field()
  code: string;

  @Field()
  message: string;
}

@ObjectType({ simpleResolvers: true })
export class ConnectionTestResult {
  @Field()
  ok: boolean;

  @Field(() => Int, { nullable: true })
  userCount: number | null;

  @Field(() => ErrorDetail, { nullable: true })
  error: ErrorDetail | null;
}

@ObjectType({ simpleResolvers: true })
export class SyncProgress {
  @Field(() => String, { nullable: true })
  phase: string | null;

  @Field(() => Int)
  processed: number;

  @Field(() => Int, { nullable: true, description: 'Unknown while the source is still being read.' })
  total: number | null;
}

@ObjectType({ simpleResolvers: true })
export class SyncStats {
  @Field(() => Int) usersCreated: number;
  @Field(() => Int) usersUpdated: number;
  @Field(() => Int) usersDisabled: number;
  @Field(() => Int) usersDeleted: number;
  @Field(() => Int) usersSkipped: number;
  @Field(() => Int, {
    description: 'Records joined to a person another source already had (apart from usersCreated).',
  })
  usersLinked: number;
  @Field(() => Int, { description: 'Records removed from a person other sources still describe.' })
  usersUnlinked: number;
  @Field(() => Int, { description: 'Records held as identity conflicts for an admin.' })
  usersConflicts: number;
  @Field(() => Int) usersErrors: number;
  @Field(() => Int) groupsCreated: number;
  @Field(() => Int) groupsUpdated: number;
  @Field(() => Int) groupsDeleted: number;
  @Field(() => Int) groupsSkipped: number;
  @Field(() => Int) groupsErrors: number;
  @Field(() => Int) membershipsAdded: number;
  @Field(() => Int) membershipsRemoved: number;
  @Field(() => Int) totalProcessed: number;
}

@ObjectType({
  simpleResolvers: true,
  description: 'A record the sync could not apply, or applied with a problem.',
})
export class SyncRecordError {
  @Field()
  code: string;

  @Field()
  message: string;

  @Field(() => String, { nullable: true })
  externalId: string | null;
}

@ObjectType({ simpleResolvers: true, description: 'One change a preview found.' })
export class SyncChange {
  @Field({ description: 'create, update, disable or delete.' })
  kind: string;

  @Field(() => String, { nullable: true })
  externalId: string | null;

  @Field(() => String, { nullable: true })
  email: string | null;

  @Field(() => String, { nullable: true })
  displayName: string | null;

  @Field(() => [String], { nullable: true, description: 'For updates: the fields that change.' })
  fields: string[] | null;
}

@Directive('@key(fields: "id")')
@ObjectType('SyncJob', { simpleResolvers: true, description: 'One sync (or preview) of a connection.' })
export class SyncJobType {
  @Field(() => ID)
  id: string;

  @Field(() => DirectorySource)
  source: DirectorySource;

  @Field(() => ID, { nullable: true })
  connectionId: string | null;

  @Field(() => SyncType)
  syncType: SyncType;

  @Field(() => SyncStatus)
  status: SyncStatus;

  @Field({ description: 'A dry run: stats and a sample of changes, nothing written.' })
  preview: boolean;

  @Field()
  includeGroups: boolean;

  @Field({ description: 'api, schedule, cli or push.' })
  trigger: string;

  @Field(() => DateTimeResolver)
  queuedAt: Date;

  @Field(() => DateTimeResolver, { nullable: true })
  startedAt: Date | null;

  @Field(() => DateTimeResolver, { nullable: true })
  completedAt: Date | null;

  @Field(() => Int, { nullable: true })
  durationMs: number | null;

  @Field(() => Int)
  attempts: number;

  @Field(() => Int, { description: 'Record errors in all (errors lists the first 100).' })
  errorCount: number;

  @Field(() => Int, { nullable: true, description: 'People the sync would disable or delete.' })
  pendingRemovals: number | null;

  // Resolved by field resolvers from the stored row.
  progress: { phase?: string; processed?: number; total?: number | null };
  stats: Partial<SyncStats>;
  errors: SyncRecordError[];
  failureCode: string | null;
  failureMessage: string | null;
  changesSample: unknown[] | null;
  orgId: string;
}

@Directive('@shareable')
@ObjectType('SyncJobEdge', { simpleResolvers: true })
export class SyncJobEdge {
  @Field()
  cursor: string;

  @Field(() => SyncJobType)
  node: SyncJobType;
}

@Directive('@shareable')
@ObjectType('SyncJobConnection', { simpleResolvers: true })
export class SyncJobConnection {
  @Field(() => [SyncJobEdge])
  edges: SyncJobEdge[];

  @Field(() => PageInfo)
  pageInfo: PageInfo;
}

@InputType()
export class TriggerSyncInput {
  @Field(() => ID, {
    nullable: true,
    description: 'The connection to sync; or give source when the organization has one connection of it.',
  })
  connectionId?: string | null;

  @Field(() => DirectorySource, { nullable: true })
  source?: DirectorySource | null;

  @Field(() => SyncType, { defaultValue: SyncType.INCREMENTAL })
  syncType: SyncType;

  @Field({ defaultValue: true })
  includeGroups: boolean;

  @Field({
    defaultValue: false,
    description: 'Compute the stats and a sample of changes without writing anything.',
  })
  preview: boolean;
}

@InputType()
export class SyncJobFilterInput {
  @Field(() => DirectorySource, { nullable: true })
  source?: DirectorySource | null;

  @Field(() => SyncStatus, { nullable: true })
  status?: SyncStatus | null;

  @Field(() => ID, { nullable: true })
  connectionId?: string | null;
}
