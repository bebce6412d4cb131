import { Employee } from './employee.entity';
import { DirectoryGroup } from './group.entity';
import { GroupMember } from './group-member.entity';
import { GroupNesting } from './group-nesting.entity';
import { Organization } from './organization.entity';
import { DirectoryInit1732300000000 } from './migrations/1732300000000-directory-init';
import { SyncEngine1732400000000 } from './migrations/1732400000000-sync-engine';
import { StageNewIds1732450000000 } from './migrations/1732450000000-stage-new-ids';
import { LookupKnn1732600000000 } from './migrations/1732600000000-lookup-knn';
import { LookupVocabulary1732700000000 } from './migrations/1732700000000-lookup-vocabulary';
import { SyncQueueLosses1733100000000 } from './migrations/1733100000000-sync-queue-losses';
import { DirectoryConnection } from './connection.entity';
import { SyncJob } from './sync-job.entity';
import { ScimToken } from './scim-token.entity';
import { Scim1732500000000 } from './migrations/1732500000000-scim';
import { ScimAttributesAndWrites1733600000000 } from './migrations/1733600000000-scim-attributes-and-writes';
import { EmployeeSource } from './employee-source.entity';
import { EmployeeSources1733000000000 } from './migrations/1733000000000-employee-sources';
import { SyncJobsByConnection1733400000000 } from './migrations/1733400000000-sync-jobs-by-connection';
import { ChangeEvents1733800000000 } from './migrations/1733800000000-change-events';
import { Webhooks1733820000000 } from './migrations/1733820000000-webhooks';
import { OptionalSharedEmails1733840000000 } from './migrations/1733840000000-optional-shared-emails';
import { HeldStageRecords1733900000000 } from './migrations/1733900000000-held-stage-records';
import { ManualManagerAndListing1733860000000 } from './migrations/1733860000000-manual-manager-and-listing';
import { SmallWriteLookups1733870000000 } from './migrations/1733870000000-small-write-lookups';
import { UnresolvedManagers1733850000000 } from './migrations/1733850000000-unresolved-managers';
import { CustomAttributes1733830000000 } from './migrations/1733830000000-custom-attributes';
import { ChangeEventTriggers1733810000000 } from './migrations/1733810000000-change-event-triggers';
import { LeanChangeEvents1733880000000 } from './migrations/1733880000000-lean-change-events';

export * from './enums';
export {
  Employee,
  DirectoryGroup,
  GroupMember,
  GroupNesting,
  Organization,
  DirectoryConnection,
  SyncJob,
  ScimToken,
  EmployeeSource,
};
export type { ConnectionStatus, DeletionPolicy } from './connection.entity';
export type { SyncProgress, SyncRecordError, SyncStats, SyncStatus, SyncType } from './sync-job.entity';

export const ENTITIES = [
  Organization,
  Employee,
  DirectoryGroup,
  GroupMember,
  GroupNesting,
  DirectoryConnection,
  SyncJob,
  ScimToken,
  EmployeeSource,
];
/** Migrations in the order they run. */
export const MIGRATIONS = [
  DirectoryInit1732300000000,
  SyncEngine1732400000000,
  StageNewIds1732450000000,
  Scim1732500000000,
  LookupKnn1732600000000,
  LookupVocabulary1732700000000,
  ScimAttributesAndWrites1733600000000,
  SyncQueueLosses1733100000000,
  EmployeeSources1733000000000,
  SyncJobsByConnection1733400000000,
  ChangeEvents1733800000000,
  Webhooks1733820000000,
  OptionalSharedEmails1733840000000,
  ManualManagerAndListing1733860000000,
  HeldStageRecords1733900000000,
  SmallWriteLookups1733870000000,
  UnresolvedManagers1733850000000,
  CustomAttributes1733830000000,
  ChangeEventTriggers1733810000000,
  LeanChangeEvents1733880000000,
];
