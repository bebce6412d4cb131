import { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';
export type Maybe<T> = T | null;
export type InputMaybe<T> = Maybe<T>;
export type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
export type MakeOptional<T, K extends keyof T> = Omit<T, K> & { [SubKey in K]?: Maybe<T[SubKey]> };
export type MakeMaybe<T, K extends keyof T> = Omit<T, K> & { [SubKey in K]: Maybe<T[SubKey]> };
export type MakeEmpty<T extends { [key: string]: unknown }, K extends keyof T> = { [_ in K]?: never };
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
/** All built-in and custom scalars, mapped to their actual values */
export type Scalars = {
  ID: { input: string; output: string; }
  String: { input: string; output: string; }
  Boolean: { input: boolean; output: boolean; }
  Int: { input: number; output: number; }
  Float: { input: number; output: number; }
  /** A date string, such as 2007-12-03, compliant with the `full-date` format outlined in section 5.6 of the RFC 3339 profile of the ISO 8601 standard for representation of dates and times using the Gregorian calendar. */
  Date: { input: string; output: string; }
  /** A date-time string at UTC, such as 2007-12-03T10:15:30Z, compliant with the `date-time` format outlined in section 5.6 of the RFC 3339 profile of the ISO 8601 standard for representation of dates and times using the Gregorian calendar. */
  DateTime: { input: string; output: string; }
  /** A date-time string at UTC, such as 2007-12-03T10:15:30Z, compliant with the `date-time` format outlined in section 5.6 of the RFC 3339 profile of the ISO 8601 standard for representation of dates and times using the Gregorian calendar.This scalar is serialized to a string in ISO 8601 format and parsed from a string in ISO 8601 format. */
  DateTimeISO: { input: any; output: any; }
  /** The `JSON` scalar type represents JSON values as specified by [ECMA-404](http://www.ecma-international.org/publications/files/ECMA-ST/ECMA-404.pdf). */
  JSON: { input: Record<string, unknown>; output: Record<string, unknown>; }
};

/** One manager in a management chain. */
export type ChainLink = {
  __typename?: 'ChainLink';
  /** True when this manager's own manager already appears in the chain (a reporting cycle in the source data); the chain stops here. */
  closesCycle: Scalars['Boolean']['output'];
  employee: Employee;
  /** 1 = direct manager, 2 = their manager, … */
  level: Scalars['Int']['output'];
};

/** What a change event is about. */
export type ChangeEntityType =
  | 'EMPLOYEE'
  | 'GROUP'
  | 'MEMBERSHIP';

/** One committed change of the directory (the outbox written with the change). */
export type ChangeEvent = {
  __typename?: 'ChangeEvent';
  /** The connection that synced or pushed the change. */
  connectionId: Maybe<Scalars['ID']['output']>;
  /** Resume after this event: `changeEvents(after:)` or `directoryChanged(after:)`. */
  cursor: Scalars['String']['output'];
  /** CREATED/DELETED: { employee | group: the visible fields }; UPDATED: { changes: [{ field, from, to }] }; MANAGER/DEPARTMENT_CHANGED: { from, to }; STATUS_CHANGED: { from, to, lifecycle }; MEMBER_*: {}. */
  data: Scalars['JSON']['output'];
  /** The employee or group; for a membership, the group. */
  entityId: Scalars['ID']['output'];
  entityType: ChangeEntityType;
  id: Scalars['ID']['output'];
  /** Stable for this event, unique: `<organization id>:<seq>`. */
  idempotencyKey: Scalars['String']['output'];
  /** When the change committed. */
  occurredAt: Scalars['DateTime']['output'];
  origin: ChangeOrigin;
  /** Per-organization sequence number, gapless and in commit order (a decimal string). */
  seq: Scalars['String']['output'];
  /** For a membership, the employee added or removed. */
  subjectId: Maybe<Scalars['ID']['output']>;
  /** The sync job that applied the change. */
  syncJobId: Maybe<Scalars['ID']['output']>;
  type: ChangeEventType;
};

export type ChangeEventConnection = {
  __typename?: 'ChangeEventConnection';
  edges: Array<ChangeEventEdge>;
  pageInfo: PageInfo;
};

export type ChangeEventEdge = {
  __typename?: 'ChangeEventEdge';
  cursor: Scalars['String']['output'];
  node: ChangeEvent;
};

/** A kind of change. One event per entity and kind per transaction: a manager, department or status change has its own event, and EMPLOYEE_UPDATED lists only the other fields. */
export type ChangeEventType =
  | 'EMPLOYEE_CREATED'
  | 'EMPLOYEE_DELETED'
  | 'EMPLOYEE_DEPARTMENT_CHANGED'
  | 'EMPLOYEE_MANAGER_CHANGED'
  | 'EMPLOYEE_STATUS_CHANGED'
  | 'EMPLOYEE_UPDATED'
  | 'GROUP_CREATED'
  | 'GROUP_DELETED'
  | 'GROUP_UPDATED'
  | 'MEMBER_ADDED'
  | 'MEMBER_REMOVED';

/** Where a change came from: a pull sync, a SCIM push, an admin in the graph, or the system (sweeps, maintenance). */
export type ChangeOrigin =
  | 'MANUAL'
  | 'SCIM'
  | 'SYNC'
  | 'SYSTEM';

export type ConnectionStatus =
  | 'ACTIVE'
  | 'ERROR'
  | 'PAUSED';

export type ConnectionTestResult = {
  __typename?: 'ConnectionTestResult';
  error: Maybe<ErrorDetail>;
  ok: Scalars['Boolean']['output'];
  userCount: Maybe<Scalars['Int']['output']>;
};

/** An attribute your organization defines beyond the standard fields: typed and filterable. */
export type CustomAttributeDefinition = {
  __typename?: 'CustomAttributeDefinition';
  createdAt: Scalars['DateTime']['output'];
  description: Maybe<Scalars['String']['output']>;
  displayName: Scalars['String']['output'];
  id: Scalars['ID']['output'];
  /** The key in customAttributes and in filters. */
  key: Scalars['String']['output'];
  type: CustomAttributeType;
  updatedAt: Scalars['DateTime']['output'];
};

/** Fields left out stay as they are. */
export type CustomAttributeDefinitionChangeInput = {
  /** An empty string clears it. */
  description?: InputMaybe<Scalars['String']['input']>;
  displayName?: InputMaybe<Scalars['String']['input']>;
  /** A new type re-reads the stored values under it (see valuesRejected). */
  type?: InputMaybe<CustomAttributeType>;
};

export type CustomAttributeDefinitionInput = {
  description?: InputMaybe<Scalars['String']['input']>;
  /** Defaults to the key. */
  displayName?: InputMaybe<Scalars['String']['input']>;
  /** A letter, then letters, digits, "_", "." or "-" (at most 100); unique. */
  key: Scalars['String']['input'];
  type: CustomAttributeType;
};

/** A definition after a create or an update, and how people's stored values fit its type. */
export type CustomAttributeDefinitionResult = {
  __typename?: 'CustomAttributeDefinitionResult';
  definition: CustomAttributeDefinition;
  /** People whose stored value converts to the type (filterable). */
  valuesConverted: Scalars['Int']['output'];
  /** People whose stored value does not convert: kept in the JSON customAttributes, left out of filters and typed access. */
  valuesRejected: Scalars['Int']['output'];
};

/** A condition on a defined attribute; every given operator must hold. Values are of the attribute type: a number for NUMBER, true/false for BOOLEAN, "YYYY-MM-DD" for DATE, a string for STRING and LIST (LIST matches when an element does). */
export type CustomAttributeFilterInput = {
  equals?: InputMaybe<Scalars['JSON']['input']>;
  /** true: has a value; false: has none (alone). An empty LIST counts as none. */
  exists?: InputMaybe<Scalars['Boolean']['input']>;
  /** NUMBER and DATE only. */
  gt?: InputMaybe<Scalars['JSON']['input']>;
  /** NUMBER and DATE only. */
  gte?: InputMaybe<Scalars['JSON']['input']>;
  /** Any of these values (1 to 100). */
  in?: InputMaybe<Array<Scalars['JSON']['input']>>;
  key: Scalars['String']['input'];
  /** NUMBER and DATE only. */
  lt?: InputMaybe<Scalars['JSON']['input']>;
  /** NUMBER and DATE only. */
  lte?: InputMaybe<Scalars['JSON']['input']>;
};

/** A connection's source field feeding a custom attribute on sync. */
export type CustomAttributeMapping = {
  __typename?: 'CustomAttributeMapping';
  attributeKey: Scalars['String']['output'];
  connectionId: Scalars['ID']['output'];
  /** The field's key in the connector's customAttributes (as the JSON field shows it). */
  sourceField: Scalars['String']['output'];
};

export type CustomAttributeMappingInput = {
  attributeKey: Scalars['String']['input'];
  /** The key in the connector's customAttributes. */
  sourceField: Scalars['String']['input'];
};

/** STRING, NUMBER, BOOLEAN, DATE (YYYY-MM-DD) or LIST (of strings). */
export type CustomAttributeType =
  | 'BOOLEAN'
  | 'DATE'
  | 'LIST'
  | 'NUMBER'
  | 'STRING';

/** A person's value of a defined attribute; only the field of its type is set. */
export type CustomAttributeValue = {
  __typename?: 'CustomAttributeValue';
  booleanValue: Maybe<Scalars['Boolean']['output']>;
  dateValue: Maybe<Scalars['Date']['output']>;
  displayName: Scalars['String']['output'];
  key: Scalars['String']['output'];
  listValue: Maybe<Array<Scalars['String']['output']>>;
  numberValue: Maybe<Scalars['Float']['output']>;
  stringValue: Maybe<Scalars['String']['output']>;
  type: CustomAttributeType;
};

/** What a sync does with people the source no longer has: DISABLE (terminated, kept) or DELETE. */
export type DeletionPolicy =
  | 'DELETE'
  | 'DISABLE';

/** A department, derived from the employees who belong to it. */
export type Department = {
  __typename?: 'Department';
  active: Scalars['Int']['output'];
  contractors: Scalars['Int']['output'];
  /** The department's most common cost center. */
  costCenter: Maybe<Scalars['String']['output']>;
  division: Maybe<Scalars['String']['output']>;
  /** Current members, by name. */
  employees: EmployeeConnection;
  /** The department lead. */
  head: Maybe<Employee>;
  /** Current people (everyone but terminated and retired). */
  headcount: Scalars['Int']['output'];
  name: Scalars['String']['output'];
  onLeave: Scalars['Int']['output'];
};


/** A department, derived from the employees who belong to it. */
export type DepartmentEmployeesArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
};

/** A configured source of people and groups. */
export type DirectoryConnection = {
  __typename?: 'DirectoryConnection';
  createdAt: Scalars['DateTime']['output'];
  deletionPolicy: DeletionPolicy;
  /** A full sync that would remove more than this many people stops for confirmation. */
  deletionThresholdCount: Maybe<Scalars['Int']['output']>;
  /** A full sync that would remove more than this share of people stops for confirmation. */
  deletionThresholdPercent: Maybe<Scalars['Float']['output']>;
  /** Why the last sync or test failed. */
  errorMessage: Maybe<Scalars['String']['output']>;
  id: Scalars['ID']['output'];
  lastSyncAt: Maybe<Scalars['DateTime']['output']>;
  /** People the connection held after its last sync. */
  lastSyncCount: Maybe<Scalars['Int']['output']>;
  /** The most recent sync of this connection. */
  latestSync: Maybe<SyncJob>;
  name: Scalars['String']['output'];
  /** Cron pattern of scheduled syncs. */
  schedule: Maybe<Scalars['String']['output']>;
  /** Secret settings that are set (their values are write-only). */
  secretsSet: Array<Scalars['String']['output']>;
  /** The configuration without its secrets. */
  settings: Scalars['JSON']['output'];
  source: DirectorySource;
  status: ConnectionStatus;
  updatedAt: Scalars['DateTime']['output'];
};

export type DirectoryConnectionInput = {
  /** Source settings, secrets included. On update, keys you leave out keep their value; null removes one. */
  config?: InputMaybe<Scalars['JSON']['input']>;
  deletionPolicy?: InputMaybe<DeletionPolicy>;
  deletionThresholdCount?: InputMaybe<Scalars['Int']['input']>;
  deletionThresholdPercent?: InputMaybe<Scalars['Float']['input']>;
  name?: InputMaybe<Scalars['String']['input']>;
  /** Paused connections are neither synced nor scheduled. */
  paused?: InputMaybe<Scalars['Boolean']['input']>;
  /** Cron pattern, e.g. "0 *\/6 * * *"; null or "" for none. */
  schedule?: InputMaybe<Scalars['String']['input']>;
  /** Required when creating; cannot change. */
  source?: InputMaybe<DirectorySource>;
};

/** Identity provider or HR system that owns a record. */
export type DirectorySource =
  | 'AWS_IDENTITY_CENTER'
  | 'AZURE_AD'
  | 'BAMBOOHR'
  | 'GOOGLE_WORKSPACE'
  | 'HRIS_IMPORT'
  | 'LDAP'
  | 'MANUAL'
  | 'OKTA'
  | 'SAP_SUCCESSFACTORS'
  | 'SCIM'
  | 'SCIM_PULL'
  | 'WORKDAY';

/** A person in the organization, as the connected sources describe them. */
export type Employee = {
  __typename?: 'Employee';
  company: Maybe<Scalars['String']['output']>;
  costCenter: Maybe<Scalars['String']['output']>;
  createdAt: Scalars['DateTime']['output'];
  /** One defined attribute, typed; null when the person has no value of it. */
  customAttribute: Maybe<CustomAttributeValue>;
  /** The person's values of the organization's defined attributes, typed, by key (customAttributes keeps the raw JSON). */
  customAttributeValues: Array<CustomAttributeValue>;
  /** Attributes the source defines beyond the standard ones. */
  customAttributes: Scalars['JSON']['output'];
  department: Maybe<Department>;
  /** Current direct reports (terminated and retired left out). */
  directReportCount: Scalars['Int']['output'];
  /** People whose manager this employee is, by name. */
  directReports: EmployeeConnection;
  displayName: Scalars['String']['output'];
  /** Business division or unit. */
  division: Maybe<Scalars['String']['output']>;
  /** Corporate email address; null for people their sources give none. Several people may share one (see employeeByEmail). */
  email: Maybe<Scalars['String']['output']>;
  /** HR system employee number. */
  employeeId: Maybe<Scalars['String']['output']>;
  employmentType: Maybe<EmploymentType>;
  /** The id in the source system (object id, DN, user id). */
  externalId: Maybe<Scalars['String']['output']>;
  firstName: Maybe<Scalars['String']['output']>;
  /** Groups this employee is in; with resolveNested, also the groups those groups are nested in. */
  groups: Array<GroupMembership>;
  id: Scalars['ID']['output'];
  /** The id at the identity provider, first key of identity matching. */
  idpId: Maybe<Scalars['String']['output']>;
  jobTitle: Maybe<Scalars['String']['output']>;
  lastName: Maybe<Scalars['String']['output']>;
  /** Office location (building, city or site). */
  location: Maybe<Scalars['String']['output']>;
  /** Managers above this employee: level 1 is the direct manager. */
  managementChain: Array<ChainLink>;
  /** Direct manager. */
  manager: Maybe<Employee>;
  /** Business phone number. */
  phone: Maybe<Scalars['String']['output']>;
  preferredName: Maybe<Scalars['String']['output']>;
  /** Everyone below this employee, level by level. */
  reports: ReportConnection;
  source: DirectorySource;
  /** The person's source records: each connection's (and a MANUAL) view, and the fields each supplies now. */
  sources: Array<EmployeeSourceRecord>;
  startDate: Maybe<Scalars['Date']['output']>;
  status: EmploymentStatus;
  /** Last successful sync from the source. */
  syncedAt: Maybe<Scalars['DateTime']['output']>;
  terminationDate: Maybe<Scalars['Date']['output']>;
  /** IANA time zone, e.g. America/Chicago. */
  timeZone: Maybe<Scalars['String']['output']>;
  updatedAt: Scalars['DateTime']['output'];
  /** The linked ITSM user. */
  user: Maybe<User>;
  /** Linked ITSM platform user id. */
  userId: Maybe<Scalars['ID']['output']>;
  /** Username in the source system. */
  username: Maybe<Scalars['String']['output']>;
};


/** A person in the organization, as the connected sources describe them. */
export type EmployeeCustomAttributeArgs = {
  key: Scalars['String']['input'];
};


/** A person in the organization, as the connected sources describe them. */
export type EmployeeDirectReportsArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
  includeFormer?: Scalars['Boolean']['input'];
  status?: InputMaybe<EmploymentStatus>;
};


/** A person in the organization, as the connected sources describe them. */
export type EmployeeGroupsArgs = {
  resolveNested?: Scalars['Boolean']['input'];
};


/** A person in the organization, as the connected sources describe them. */
export type EmployeeManagementChainArgs = {
  maxDepth?: Scalars['Int']['input'];
};


/** A person in the organization, as the connected sources describe them. */
export type EmployeeReportsArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
  includeFormer?: Scalars['Boolean']['input'];
  maxDepth?: Scalars['Int']['input'];
};

export type EmployeeConnection = {
  __typename?: 'EmployeeConnection';
  edges: Array<EmployeeEdge>;
  pageInfo: PageInfo;
  /** Size of the whole list. */
  totalCount: Scalars['Int']['output'];
};

export type EmployeeEdge = {
  __typename?: 'EmployeeEdge';
  cursor: Scalars['String']['output'];
  node: Employee;
};

/** Fields an admin sets by hand (a MANUAL source record). */
export type EmployeeFieldsInput = {
  company?: InputMaybe<Scalars['String']['input']>;
  costCenter?: InputMaybe<Scalars['String']['input']>;
  department?: InputMaybe<Scalars['String']['input']>;
  displayName?: InputMaybe<Scalars['String']['input']>;
  division?: InputMaybe<Scalars['String']['input']>;
  email?: InputMaybe<Scalars['String']['input']>;
  employeeNumber?: InputMaybe<Scalars['String']['input']>;
  employmentType?: InputMaybe<EmploymentType>;
  firstName?: InputMaybe<Scalars['String']['input']>;
  idpId?: InputMaybe<Scalars['String']['input']>;
  jobTitle?: InputMaybe<Scalars['String']['input']>;
  lastName?: InputMaybe<Scalars['String']['input']>;
  location?: InputMaybe<Scalars['String']['input']>;
  /** The manager, a person of the organization; refused if it would close a reporting cycle. Clear with clearEmployeeFields(fields: ["managerId"]). */
  managerId?: InputMaybe<Scalars['ID']['input']>;
  personalEmail?: InputMaybe<Scalars['String']['input']>;
  phone?: InputMaybe<Scalars['String']['input']>;
  preferredName?: InputMaybe<Scalars['String']['input']>;
  /** YYYY-MM-DD */
  startDate?: InputMaybe<Scalars['String']['input']>;
  status?: InputMaybe<EmploymentStatus>;
  /** YYYY-MM-DD */
  terminationDate?: InputMaybe<Scalars['String']['input']>;
  timeZone?: InputMaybe<Scalars['String']['input']>;
  /** The linked ITSM platform user. */
  userId?: InputMaybe<Scalars['String']['input']>;
  username?: InputMaybe<Scalars['String']['input']>;
};

/** Every given condition must hold. */
export type EmployeeFilterInput = {
  /** People this connection has a source record of. */
  connectionId?: InputMaybe<Scalars['ID']['input']>;
  costCenter?: InputMaybe<Scalars['String']['input']>;
  /** Conditions on defined custom attributes (at most 5), all of which must hold. */
  customAttributes?: InputMaybe<Array<CustomAttributeFilterInput>>;
  department?: InputMaybe<Scalars['String']['input']>;
  division?: InputMaybe<Scalars['String']['input']>;
  employmentType?: InputMaybe<EmploymentType>;
  location?: InputMaybe<Scalars['String']['input']>;
  /** The manager's id: lists their direct reports. */
  managerId?: InputMaybe<Scalars['ID']['input']>;
  /** Words that must all appear in name, email or employee number. */
  search?: InputMaybe<Scalars['String']['input']>;
  source?: InputMaybe<DirectorySource>;
  status?: InputMaybe<EmploymentStatus>;
};

/** A lookup result. */
export type EmployeeMatch = {
  __typename?: 'EmployeeMatch';
  employee: Employee;
  /** The field that matched best. */
  matchedField: MatchedField;
  /** Relevance from 0 to 1; 1 is an exact match. */
  score: Scalars['Float']['output'];
};

/** One source's record of a person. */
export type EmployeeSourceRecord = {
  __typename?: 'EmployeeSourceRecord';
  /** Null for the MANUAL record (edits by an admin). */
  connectionId: Maybe<Scalars['ID']['output']>;
  connectionName: Maybe<Scalars['String']['output']>;
  externalId: Maybe<Scalars['String']['output']>;
  /** When what this source says of the person last changed. */
  lastChangedAt: Scalars['DateTimeISO']['output'];
  /** When the source last listed this record (a full sync lists every record it has; an incremental sync or a SCIM write only what it sends). For the MANUAL record, the last edit. A record the source stopped listing keeps the time of its last listing. */
  lastSeenAt: Scalars['DateTimeISO']['output'];
  source: DirectorySource;
  /** Employee fields (column names; custom attributes as custom_attributes.<key>) whose shown value this record supplies now. */
  supplies: Array<Scalars['String']['output']>;
};

/** Employment status. */
export type EmploymentStatus =
  | 'ACTIVE'
  | 'CONTRACTOR'
  | 'ON_LEAVE'
  | 'RETIRED'
  | 'SUSPENDED'
  | 'TERMINATED';

/** Type of employment. */
export type EmploymentType =
  | 'CONTRACTOR'
  | 'FREELANCE'
  | 'FULL_TIME'
  | 'INTERN'
  | 'PART_TIME'
  | 'TEMPORARY';

export type ErrorDetail = {
  __typename?: 'ErrorDetail';
  code: Scalars['String']['output'];
  message: Scalars['String']['output'];
};

export type FieldAuthority = {
  __typename?: 'FieldAuthority';
  /** The order set for this group (empty: defaults by source kind). */
  connectionIds: Array<Scalars['ID']['output']>;
  /** The order in force after MANUAL edits: the set order, then other connections by default rank and age. */
  effectiveConnectionIds: Array<Scalars['ID']['output']>;
  group: FieldGroup;
};

export type FieldAuthorityChange = {
  __typename?: 'FieldAuthorityChange';
  group: FieldGroup;
  /** Of them, people whose shown values change. */
  peopleChanged: Scalars['Int']['output'];
  /** People several sources describe, recomputed. */
  peopleRecomputed: Scalars['Int']['output'];
  preview: Scalars['Boolean']['output'];
  sample: Array<FieldAuthorityChangeSample>;
};

export type FieldAuthorityChangeSample = {
  __typename?: 'FieldAuthorityChangeSample';
  email: Maybe<Scalars['String']['output']>;
  employeeId: Scalars['ID']['output'];
  fields: Array<Scalars['String']['output']>;
};

/** IDENTITY: e-mail, username, phone, names, idp id, personal e-mail, time zone, user id; ORG_STRUCTURE: manager, department, division, cost center, location, title, company, employee number; EMPLOYMENT: status, type, start and termination dates; CUSTOM: custom attributes, key by key. */
export type FieldGroup =
  | 'CUSTOM'
  | 'EMPLOYMENT'
  | 'IDENTITY'
  | 'ORG_STRUCTURE';

/** A directory group (security group, distribution list, team…). */
export type Group = {
  __typename?: 'Group';
  /** Groups directly nested in this group. */
  childGroups: Array<Group>;
  createdAt: Scalars['DateTime']['output'];
  customAttributes: Scalars['JSON']['output'];
  description: Maybe<Scalars['String']['output']>;
  displayName: Maybe<Scalars['String']['output']>;
  externalId: Maybe<Scalars['String']['output']>;
  groupType: GroupType;
  id: Scalars['ID']['output'];
  isSecurityGroup: Scalars['Boolean']['output'];
  /** Members, counting each person once; with resolveNested, through nested groups too. */
  memberCount: Scalars['Int']['output'];
  /** Members by name (page size default 20, at most 200). With resolveNested, everyone in nested groups too. */
  members: GroupMemberConnection;
  name: Scalars['String']['output'];
  /** Groups this group is directly nested in. */
  parentGroups: Array<Group>;
  source: DirectorySource;
  syncedAt: Maybe<Scalars['DateTime']['output']>;
  updatedAt: Scalars['DateTime']['output'];
};


/** A directory group (security group, distribution list, team…). */
export type GroupMemberCountArgs = {
  resolveNested?: Scalars['Boolean']['input'];
};


/** A directory group (security group, distribution list, team…). */
export type GroupMembersArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
  resolveNested?: Scalars['Boolean']['input'];
};

export type GroupConnection = {
  __typename?: 'GroupConnection';
  edges: Array<GroupEdge>;
  pageInfo: PageInfo;
  totalCount: Scalars['Int']['output'];
};

export type GroupEdge = {
  __typename?: 'GroupEdge';
  cursor: Scalars['String']['output'];
  node: Group;
};

export type GroupFilterInput = {
  groupType?: InputMaybe<GroupType>;
  /** true: security groups only; false: everything else. */
  isSecurityGroup?: InputMaybe<Scalars['Boolean']['input']>;
  /** Part of the group name. */
  search?: InputMaybe<Scalars['String']['input']>;
  source?: InputMaybe<DirectorySource>;
};

export type GroupMemberConnection = {
  __typename?: 'GroupMemberConnection';
  edges: Array<GroupMemberEdge>;
  pageInfo: PageInfo;
  /** All members (same as the group's memberCount with the same resolveNested). */
  totalCount: Scalars['Int']['output'];
};

export type GroupMemberEdge = {
  __typename?: 'GroupMemberEdge';
  cursor: Scalars['String']['output'];
  membershipType: MembershipType;
  node: Employee;
  /** For NESTED members: the group they are a direct member of. */
  viaGroup: Maybe<Group>;
};

/** A group an employee belongs to. */
export type GroupMembership = {
  __typename?: 'GroupMembership';
  group: Group;
  membershipType: MembershipType;
  /** For NESTED membership: the group the employee is a direct member of. */
  viaGroup: Maybe<Group>;
};

/** What a directory group represents. */
export type GroupType =
  | 'BUSINESS_UNIT'
  | 'COST_CENTER'
  | 'DEPARTMENT'
  | 'DISTRIBUTION'
  | 'GROUP'
  | 'SECURITY'
  | 'TEAM';

/** A source record that matched several people: held for an admin. */
export type IdentityConflict = {
  __typename?: 'IdentityConflict';
  candidateIds: Array<Scalars['ID']['output']>;
  connectionId: Scalars['ID']['output'];
  createdAt: Scalars['DateTimeISO']['output'];
  displayName: Maybe<Scalars['String']['output']>;
  email: Maybe<Scalars['String']['output']>;
  /** The person a LINK joined it to. */
  employeeId: Maybe<Scalars['ID']['output']>;
  externalId: Scalars['String']['output'];
  id: Scalars['ID']['output'];
  /** AMBIGUOUS_MATCH: the matching keys name different people. */
  reason: Scalars['String']['output'];
  resolution: Maybe<IdentityConflictAction>;
  status: IdentityConflictStatus;
};

/** LINK: the record joins the given person; KEEP_APART: the record becomes a person of its own at the next sync. */
export type IdentityConflictAction =
  | 'KEEP_APART'
  | 'LINK';

export type IdentityConflictPage = {
  __typename?: 'IdentityConflictPage';
  /** Pass as `after` for the next page. */
  endCursor: Maybe<Scalars['ID']['output']>;
  hasNextPage: Scalars['Boolean']['output'];
  nodes: Array<IdentityConflict>;
};

export type IdentityConflictStatus =
  | 'OPEN'
  | 'RESOLVED';

/** The field a lookup matched on. */
export type MatchedField =
  | 'EMAIL'
  | 'EMPLOYEE_ID'
  | 'NAME';

/** DIRECT: a member of the group itself; NESTED: a member through a group nested inside it. */
export type MembershipType =
  | 'DIRECT'
  | 'NESTED';

export type Mutation = {
  __typename?: 'Mutation';
  /** Stops a queued or running sync; nothing of it is applied. */
  cancelSync: SyncJob;
  /** Takes fields out of a person's MANUAL record: the sources' values show again (admin). */
  clearEmployeeFields: Employee;
  /** Lets a sync that stopped at the deletion threshold apply its removals. */
  confirmSync: SyncJob;
  /** Defines a custom attribute; values people already have under its key are typed at once (admin). */
  createCustomAttributeDefinition: CustomAttributeDefinitionResult;
  /** Adds a source. Its configuration is validated and stored encrypted. */
  createDirectoryConnection: DirectoryConnection;
  /** Creates a person by hand: a MANUAL source record only (admin). */
  createEmployee: Employee;
  /** Creates a bearer token for a SCIM connection. The token is in this response only; it is stored hashed. */
  createScimToken: ScimTokenSecret;
  /** Adds an endpoint. It receives the events written from now on. The signing secret is in this response only. */
  createWebhookEndpoint: WebhookEndpointSecret;
  /** Removes a definition and the mappings to it; the values stay in the JSON customAttributes (admin). */
  deleteCustomAttributeDefinition: Scalars['Boolean']['output'];
  /** Removes a source. Its people and groups stay, no longer owned by it. */
  deleteDirectoryConnection: Scalars['ID']['output'];
  /** Removes an endpoint and its delivery log. */
  deleteWebhookEndpoint: Scalars['ID']['output'];
  /** Enables a disabled endpoint: it resumes from where it stopped, starting with the delivery that had failed. */
  enableWebhookEndpoint: WebhookEndpoint;
  /** Imports an HRIS document (the HRIS template, either form) through a push connection. */
  importDirectoryDocument: SyncJob;
  /** Sends a signed test event (type "ping") now, once, and returns its logged delivery. */
  pingWebhookEndpoint: WebhookDelivery;
  /** Sends a delivery again: one not yet delivered gets fresh attempts and keeps its place in the order; one already delivered is sent once more as a REDELIVERY, out of order. */
  redeliverWebhook: WebhookDelivery;
  /** Sends one event of your organization to an endpoint: its delivery again when it has one, else as a REDELIVERY, out of order. */
  redeliverWebhookEvent: WebhookDelivery;
  /** LINK joins the held record to employeeId; KEEP_APART makes it a person of its own at the next sync (admin). */
  resolveIdentityConflict: IdentityConflict;
  /** Revokes a SCIM token: requests with it fail with 401 from now on. */
  revokeScimToken: ScimToken;
  /** Replaces the signing secret at once. The new secret is in this response only. */
  rotateWebhookSecret: WebhookEndpointSecret;
  /** Replaces a connection's mappings; they apply from its next sync (admin). */
  setCustomAttributeMappings: Array<CustomAttributeMapping>;
  /** Sets fields of a person by hand: a MANUAL source record that leads by default and survives syncs (admin). */
  setEmployeeFields: Employee;
  /** Sets the order of connections for a field group and recomputes the people concerned; preview: the same, rolled back (admin). */
  setFieldAuthority: FieldAuthorityChange;
  /** Checks credentials and reach; returns the number of people when the source tells. */
  testDirectoryConnection: ConnectionTestResult;
  /** Queues a sync and returns its job at once (QUEUED). If the connection already has one queued or running, returns that one. */
  triggerSync: SyncJob;
  /** Changes a definition; a new type re-reads the stored values, and those that do not convert are counted in valuesRejected (admin). */
  updateCustomAttributeDefinition: CustomAttributeDefinitionResult;
  updateDirectoryConnection: DirectoryConnection;
  updateWebhookEndpoint: WebhookEndpoint;
};


export type MutationCancelSyncArgs = {
  id: Scalars['ID']['input'];
};


export type MutationClearEmployeeFieldsArgs = {
  fields: Array<Scalars['String']['input']>;
  id: Scalars['ID']['input'];
};


export type MutationConfirmSyncArgs = {
  id: Scalars['ID']['input'];
};


export type MutationCreateCustomAttributeDefinitionArgs = {
  input: CustomAttributeDefinitionInput;
};


export type MutationCreateDirectoryConnectionArgs = {
  input: DirectoryConnectionInput;
};


export type MutationCreateEmployeeArgs = {
  input: EmployeeFieldsInput;
};


export type MutationCreateScimTokenArgs = {
  connectionId: Scalars['ID']['input'];
};


export type MutationCreateWebhookEndpointArgs = {
  input: WebhookEndpointInput;
};


export type MutationDeleteCustomAttributeDefinitionArgs = {
  key: Scalars['String']['input'];
};


export type MutationDeleteDirectoryConnectionArgs = {
  id: Scalars['ID']['input'];
};


export type MutationDeleteWebhookEndpointArgs = {
  id: Scalars['ID']['input'];
};


export type MutationEnableWebhookEndpointArgs = {
  id: Scalars['ID']['input'];
};


export type MutationImportDirectoryDocumentArgs = {
  connectionId: Scalars['ID']['input'];
  document: Scalars['JSON']['input'];
  preview?: Scalars['Boolean']['input'];
};


export type MutationPingWebhookEndpointArgs = {
  id: Scalars['ID']['input'];
};


export type MutationRedeliverWebhookArgs = {
  deliveryId: Scalars['ID']['input'];
};


export type MutationRedeliverWebhookEventArgs = {
  endpointId: Scalars['ID']['input'];
  eventId: Scalars['ID']['input'];
};


export type MutationResolveIdentityConflictArgs = {
  action: IdentityConflictAction;
  employeeId?: InputMaybe<Scalars['ID']['input']>;
  id: Scalars['ID']['input'];
};


export type MutationRevokeScimTokenArgs = {
  id: Scalars['ID']['input'];
};


export type MutationRotateWebhookSecretArgs = {
  id: Scalars['ID']['input'];
};


export type MutationSetCustomAttributeMappingsArgs = {
  connectionId: Scalars['ID']['input'];
  mappings: Array<CustomAttributeMappingInput>;
};


export type MutationSetEmployeeFieldsArgs = {
  id: Scalars['ID']['input'];
  input: EmployeeFieldsInput;
};


export type MutationSetFieldAuthorityArgs = {
  connectionIds: Array<Scalars['ID']['input']>;
  group: FieldGroup;
  preview?: Scalars['Boolean']['input'];
};


export type MutationTestDirectoryConnectionArgs = {
  id: Scalars['ID']['input'];
};


export type MutationTriggerSyncArgs = {
  input: TriggerSyncInput;
};


export type MutationUpdateCustomAttributeDefinitionArgs = {
  input: CustomAttributeDefinitionChangeInput;
  key: Scalars['String']['input'];
};


export type MutationUpdateDirectoryConnectionArgs = {
  id: Scalars['ID']['input'];
  input: DirectoryConnectionInput;
};


export type MutationUpdateWebhookEndpointArgs = {
  id: Scalars['ID']['input'];
  input: WebhookEndpointInput;
};

export type OrgChart = {
  __typename?: 'OrgChart';
  /** True when a reporting cycle in the source data was met (and cut). */
  cycleDetected: Scalars['Boolean']['output'];
  /** True when people below the last level were left out. */
  maxDepthReached: Scalars['Boolean']['output'];
  /** Every node, ordered by level then name. */
  nodes: Array<OrgChartNode>;
  rootIds: Array<Scalars['ID']['output']>;
  totalNodes: Scalars['Int']['output'];
};

/** One person in an org chart; draw the tree from parentId and level. */
export type OrgChartNode = {
  __typename?: 'OrgChartNode';
  /** All current direct reports, also those beyond maxDepth. */
  directReportCount: Scalars['Int']['output'];
  employee: Employee;
  id: Scalars['ID']['output'];
  /** 0 for a root. */
  level: Scalars['Int']['output'];
  /** The node this one hangs under; null for a root. */
  parentId: Maybe<Scalars['ID']['output']>;
};

/** Relay-style page information. */
export type PageInfo = {
  __typename?: 'PageInfo';
  /** Cursor of the last edge; pass as `after` for the next page. */
  endCursor: Maybe<Scalars['String']['output']>;
  hasNextPage: Scalars['Boolean']['output'];
  /** Lists page forward only (first/after): always false, as the Relay specification allows. */
  hasPreviousPage: Scalars['Boolean']['output'];
  /** Cursor of the first edge. */
  startCursor: Maybe<Scalars['String']['output']>;
};

export type Query = {
  __typename?: 'Query';
  /** Change events after a cursor, oldest first, in commit order (admin). Without `after`: from the oldest event kept. A cursor older than the retention fails with CURSOR_EXPIRED: re-read the directory, then follow from a fresh cursor. */
  changeEvents: ChangeEventConnection;
  /** Your organization's custom attribute definitions, by key. */
  customAttributeDefinitions: Array<CustomAttributeDefinition>;
  /** A connection's mappings from source fields to custom attributes (admin). */
  customAttributeMappings: Array<CustomAttributeMapping>;
  department: Maybe<Department>;
  /** Departments with headcounts, ordered by name. */
  departments: Array<Department>;
  directoryConnection: Maybe<DirectoryConnection>;
  /** Connections of your organization (admin). */
  directoryConnections: Array<DirectoryConnection>;
  /** An employee by id; null when there is none in your organization. */
  employee: Maybe<Employee>;
  /** An employee by email (case-insensitive). */
  employeeByEmail: Maybe<Employee>;
  /** Employees ordered by name, filtered and paginated. */
  employees: EmployeeConnection;
  /** The order of connections per field group (admin). */
  fieldAuthority: Array<FieldAuthority>;
  group: Maybe<Group>;
  /** Directory groups ordered by name. */
  groups: GroupConnection;
  /** Source records held because they matched several people (admin). */
  identityConflicts: IdentityConflictPage;
  /** The most recent sync, of one source or of any. */
  latestSync: Maybe<SyncJob>;
  /** Ranked typeahead over name, email and employee number, tolerant of typos. */
  lookupEmployees: Array<EmployeeMatch>;
  /** The org chart as flat nodes (parentId, level), from rootId or from the top of the organization, down to maxDepth. */
  orgChart: OrgChart;
  /** Tokens of a SCIM connection, newest first (admin). */
  scimTokens: Array<ScimToken>;
  /** SCIM writes to a connection, newest first (admin): which token wrote what, when, and the answer. */
  scimWrites: Array<ScimWrite>;
  syncJob: Maybe<SyncJob>;
  /** Sync history, newest first. */
  syncJobs: SyncJobConnection;
  /** The delivery log of an endpoint, newest first, each delivery with its attempts (admin). */
  webhookDeliveries: WebhookDeliveryConnection;
  webhookEndpoint: Maybe<WebhookEndpoint>;
  /** Webhook endpoints of your organization, oldest first (admin). */
  webhookEndpoints: Array<WebhookEndpoint>;
};


export type QueryChangeEventsArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
  types?: InputMaybe<Array<ChangeEventType>>;
};


export type QueryCustomAttributeMappingsArgs = {
  connectionId: Scalars['ID']['input'];
};


export type QueryDepartmentArgs = {
  name: Scalars['String']['input'];
};


export type QueryDepartmentsArgs = {
  division?: InputMaybe<Scalars['String']['input']>;
};


export type QueryDirectoryConnectionArgs = {
  id: Scalars['ID']['input'];
};


export type QueryEmployeeArgs = {
  id: Scalars['ID']['input'];
};


export type QueryEmployeeByEmailArgs = {
  email: Scalars['String']['input'];
};


export type QueryEmployeesArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  filter?: InputMaybe<EmployeeFilterInput>;
  first?: InputMaybe<Scalars['Int']['input']>;
};


export type QueryGroupArgs = {
  id: Scalars['ID']['input'];
};


export type QueryGroupsArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  filter?: InputMaybe<GroupFilterInput>;
  first?: InputMaybe<Scalars['Int']['input']>;
};


export type QueryIdentityConflictsArgs = {
  after?: InputMaybe<Scalars['ID']['input']>;
  first?: Scalars['Int']['input'];
  status?: InputMaybe<IdentityConflictStatus>;
};


export type QueryLatestSyncArgs = {
  source?: InputMaybe<DirectorySource>;
};


export type QueryLookupEmployeesArgs = {
  limit?: Scalars['Int']['input'];
  query: Scalars['String']['input'];
  status?: InputMaybe<EmploymentStatus>;
};


export type QueryOrgChartArgs = {
  department?: InputMaybe<Scalars['String']['input']>;
  includeFormer?: Scalars['Boolean']['input'];
  maxDepth?: Scalars['Int']['input'];
  rootId?: InputMaybe<Scalars['ID']['input']>;
};


export type QueryScimTokensArgs = {
  connectionId: Scalars['ID']['input'];
};


export type QueryScimWritesArgs = {
  before?: InputMaybe<Scalars['ID']['input']>;
  connectionId: Scalars['ID']['input'];
  first?: Scalars['Int']['input'];
};


export type QuerySyncJobArgs = {
  id: Scalars['ID']['input'];
};


export type QuerySyncJobsArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  filter?: InputMaybe<SyncJobFilterInput>;
  first?: InputMaybe<Scalars['Int']['input']>;
};


export type QueryWebhookDeliveriesArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  endpointId: Scalars['ID']['input'];
  first?: InputMaybe<Scalars['Int']['input']>;
};


export type QueryWebhookEndpointArgs = {
  id: Scalars['ID']['input'];
};

/** Everyone below an employee, ordered by level then name. */
export type ReportConnection = {
  __typename?: 'ReportConnection';
  edges: Array<ReportEdge>;
  pageInfo: PageInfo;
  totalCount: Scalars['Int']['output'];
};

export type ReportEdge = {
  __typename?: 'ReportEdge';
  cursor: Scalars['String']['output'];
  /** 1 = direct report, 2 = report of a direct report, … */
  level: Scalars['Int']['output'];
  node: Employee;
};

/** A bearer token of a SCIM connection (its secret is shown only once). */
export type ScimToken = {
  __typename?: 'ScimToken';
  /** Not revoked: requests with it are accepted. */
  active: Scalars['Boolean']['output'];
  connectionId: Scalars['ID']['output'];
  createdAt: Scalars['DateTime']['output'];
  id: Scalars['ID']['output'];
  /** Last request made with it (to the minute). */
  lastUsedAt: Maybe<Scalars['DateTime']['output']>;
  /** The first characters of the token, to tell tokens apart (scim_…). */
  prefix: Scalars['String']['output'];
  revokedAt: Maybe<Scalars['DateTime']['output']>;
};

/** A new SCIM token. Copy the token now: it is stored hashed and never shown again. */
export type ScimTokenSecret = {
  __typename?: 'ScimTokenSecret';
  createdAt: Scalars['DateTime']['output'];
  id: Scalars['ID']['output'];
  /** Give it to the SCIM client as its bearer token (Secret Token in Entra ID). */
  token: Scalars['String']['output'];
};

/** One SCIM write to a connection (POST, PUT, PATCH, DELETE, or an operation of a /Bulk request): who, what, when, and how it was answered. */
export type ScimWrite = {
  __typename?: 'ScimWrite';
  at: Scalars['DateTime']['output'];
  /** Names of the attributes written (never their values). */
  attributes: Array<Scalars['String']['output']>;
  /** The bulkId, for an operation of a /Bulk request. */
  bulkId: Maybe<Scalars['String']['output']>;
  /** Increasing: pass it as `before` for older writes. */
  id: Scalars['ID']['output'];
  /** POST, PUT, PATCH or DELETE. */
  method: Scalars['String']['output'];
  /** create, update or delete. */
  operation: Scalars['String']['output'];
  /** The resource written (the person or group id), when known. */
  resourceId: Maybe<Scalars['ID']['output']>;
  /** User or Group. */
  resourceType: Scalars['String']['output'];
  /** The SCIM error type of a refused write. */
  scimType: Maybe<Scalars['String']['output']>;
  /** The HTTP status it was answered with (4xx: refused, nothing written). */
  status: Scalars['Int']['output'];
  /** The token that wrote (see scimTokens). */
  tokenId: Maybe<Scalars['ID']['output']>;
  /** The shown prefix of that token (scim_…). */
  tokenPrefix: Maybe<Scalars['String']['output']>;
};

export type Subscription = {
  __typename?: 'Subscription';
  /** Each change of your organization as it commits, in seq order, from any API or worker process (admin). With `after`: first the events after that cursor, then live, with no gap. */
  directoryChanged: ChangeEvent;
  /** Every change of a sync job (progress, then the final status and stats), from any worker. */
  syncJobUpdated: SyncJob;
};


export type SubscriptionDirectoryChangedArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  types?: InputMaybe<Array<ChangeEventType>>;
};


export type SubscriptionSyncJobUpdatedArgs = {
  id?: InputMaybe<Scalars['ID']['input']>;
  source?: InputMaybe<DirectorySource>;
};

/** One change a preview found. */
export type SyncChange = {
  __typename?: 'SyncChange';
  displayName: Maybe<Scalars['String']['output']>;
  email: Maybe<Scalars['String']['output']>;
  externalId: Maybe<Scalars['String']['output']>;
  /** For updates: the fields that change. */
  fields: Maybe<Array<Scalars['String']['output']>>;
  /** create, update, disable or delete. */
  kind: Scalars['String']['output'];
};

/** One sync (or preview) of a connection. */
export type SyncJob = {
  __typename?: 'SyncJob';
  attempts: Scalars['Int']['output'];
  /** For previews: a sample of the changes. */
  changes: Maybe<Array<SyncChange>>;
  completedAt: Maybe<Scalars['DateTime']['output']>;
  connection: Maybe<DirectoryConnection>;
  connectionId: Maybe<Scalars['ID']['output']>;
  durationMs: Maybe<Scalars['Int']['output']>;
  /** Record errors in all (errors lists the first 100). */
  errorCount: Scalars['Int']['output'];
  /** The first 100 record errors. */
  errors: Array<SyncRecordError>;
  /** Why the job failed, or why it waits for confirmation. */
  failure: Maybe<SyncRecordError>;
  id: Scalars['ID']['output'];
  includeGroups: Scalars['Boolean']['output'];
  /** People the sync would disable or delete. */
  pendingRemovals: Maybe<Scalars['Int']['output']>;
  /** A dry run: stats and a sample of changes, nothing written. */
  preview: Scalars['Boolean']['output'];
  progress: SyncProgress;
  queuedAt: Scalars['DateTime']['output'];
  source: DirectorySource;
  startedAt: Maybe<Scalars['DateTime']['output']>;
  /** Zeros until the sync has applied (or previewed). */
  stats: SyncStats;
  status: SyncStatus;
  syncType: SyncType;
  /** api, schedule, cli or push. */
  trigger: Scalars['String']['output'];
};

export type SyncJobConnection = {
  __typename?: 'SyncJobConnection';
  edges: Array<SyncJobEdge>;
  pageInfo: PageInfo;
};

export type SyncJobEdge = {
  __typename?: 'SyncJobEdge';
  cursor: Scalars['String']['output'];
  node: SyncJob;
};

export type SyncJobFilterInput = {
  connectionId?: InputMaybe<Scalars['ID']['input']>;
  source?: InputMaybe<DirectorySource>;
  status?: InputMaybe<SyncStatus>;
};

export type SyncProgress = {
  __typename?: 'SyncProgress';
  phase: Maybe<Scalars['String']['output']>;
  processed: Scalars['Int']['output'];
  /** Unknown while the source is still being read. */
  total: Maybe<Scalars['Int']['output']>;
};

/** A record the sync could not apply, or applied with a problem. */
export type SyncRecordError = {
  __typename?: 'SyncRecordError';
  code: Scalars['String']['output'];
  externalId: Maybe<Scalars['String']['output']>;
  message: Scalars['String']['output'];
};

export type SyncStats = {
  __typename?: 'SyncStats';
  groupsCreated: Scalars['Int']['output'];
  groupsDeleted: Scalars['Int']['output'];
  groupsErrors: Scalars['Int']['output'];
  groupsSkipped: Scalars['Int']['output'];
  groupsUpdated: Scalars['Int']['output'];
  membershipsAdded: Scalars['Int']['output'];
  membershipsRemoved: Scalars['Int']['output'];
  totalProcessed: Scalars['Int']['output'];
  /** Records held as identity conflicts for an admin. */
  usersConflicts: Scalars['Int']['output'];
  usersCreated: Scalars['Int']['output'];
  usersDeleted: Scalars['Int']['output'];
  usersDisabled: Scalars['Int']['output'];
  usersErrors: Scalars['Int']['output'];
  /** Records joined to a person another source already had (apart from usersCreated). */
  usersLinked: Scalars['Int']['output'];
  usersSkipped: Scalars['Int']['output'];
  /** Records removed from a person other sources still describe. */
  usersUnlinked: Scalars['Int']['output'];
  usersUpdated: Scalars['Int']['output'];
};

export type SyncStatus =
  | 'CANCELLED'
  | 'COMPLETED'
  | 'FAILED'
  | 'NEEDS_CONFIRMATION'
  | 'QUEUED'
  | 'RUNNING';

/** FULL re-reads everything; INCREMENTAL only changes since the last sync; MANUAL is an admin-run full sync. */
export type SyncType =
  | 'FULL'
  | 'INCREMENTAL'
  | 'MANUAL';

export type TriggerSyncInput = {
  /** The connection to sync; or give source when the organization has one connection of it. */
  connectionId?: InputMaybe<Scalars['ID']['input']>;
  includeGroups?: Scalars['Boolean']['input'];
  /** Compute the stats and a sample of changes without writing anything. */
  preview?: Scalars['Boolean']['input'];
  source?: InputMaybe<DirectorySource>;
  syncType?: SyncType;
};

/** The ITSM platform's user, extended with the directory's view of them. */
export type User = {
  __typename?: 'User';
  /** The directory entry linked to this user. */
  employee: Maybe<Employee>;
  id: Scalars['ID']['output'];
};

/** One try of a delivery. Nothing of the answer is kept but its status. */
export type WebhookAttempt = {
  __typename?: 'WebhookAttempt';
  at: Scalars['DateTime']['output'];
  attempt: Scalars['Int']['output'];
  durationMs: Scalars['Int']['output'];
  /** Null on success; HTTP_STATUS (not 2xx), REDIRECT (not followed), TIMEOUT, NETWORK, TLS_UNTRUSTED, TOO_LARGE, NOT_HTTPS or DESTINATION_NOT_ALLOWED. */
  errorClass: Maybe<Scalars['String']['output']>;
  /** A short machine reason: HTTP 500, ECONNREFUSED, CONNECT_TIMEOUT… */
  errorReason: Maybe<Scalars['String']['output']>;
  /** The receiver's HTTP status; null when no answer came. */
  statusCode: Maybe<Scalars['Int']['output']>;
};

/** One event sent to one endpoint, with its attempts. */
export type WebhookDelivery = {
  __typename?: 'WebhookDelivery';
  /** Oldest first. */
  attemptLog: Array<WebhookAttempt>;
  attempts: Scalars['Int']['output'];
  createdAt: Scalars['DateTime']['output'];
  deliveredAt: Maybe<Scalars['DateTime']['output']>;
  endpointId: Scalars['ID']['output'];
  /** The event id: the X-Hrdir-Event-Id and Idempotency-Key headers. */
  eventId: Scalars['ID']['output'];
  /** The event's sequence number (null for a ping). */
  eventSeq: Maybe<Scalars['String']['output']>;
  eventType: Scalars['String']['output'];
  id: Scalars['ID']['output'];
  kind: WebhookDeliveryKind;
  lastAttemptAt: Maybe<Scalars['DateTime']['output']>;
  lastError: Maybe<Scalars['String']['output']>;
  lastStatusCode: Maybe<Scalars['Int']['output']>;
  status: WebhookDeliveryStatus;
};

/** Deliveries of an endpoint, newest first. */
export type WebhookDeliveryConnection = {
  __typename?: 'WebhookDeliveryConnection';
  edges: Array<WebhookDeliveryEdge>;
  pageInfo: PageInfo;
};

export type WebhookDeliveryEdge = {
  __typename?: 'WebhookDeliveryEdge';
  cursor: Scalars['String']['output'];
  node: WebhookDelivery;
};

/** EVENT: a change event the endpoint took, sent in order; REDELIVERY: sent again on request, out of order; PING: a test event. */
export type WebhookDeliveryKind =
  | 'EVENT'
  | 'PING'
  | 'REDELIVERY';

/** PENDING: not delivered yet (waiting its turn, or between retries); DELIVERED: answered 2xx; FAILED: every attempt failed. */
export type WebhookDeliveryStatus =
  | 'DELIVERED'
  | 'FAILED'
  | 'PENDING';

/** Where change events of your organization are POSTed, signed (admin). The secret is never shown here. */
export type WebhookEndpoint = {
  __typename?: 'WebhookEndpoint';
  /** Events taken and not delivered yet (waiting their turn, being retried, or FAILED). */
  backlog: Scalars['Int']['output'];
  /** Failed attempts since the last successful one. */
  consecutiveFailures: Scalars['Int']['output'];
  createdAt: Scalars['DateTime']['output'];
  /** The sequence number of the last event the endpoint has taken (a 64-bit integer as a string); kept while disabled. */
  cursorSeq: Scalars['String']['output'];
  description: Maybe<Scalars['String']['output']>;
  disabledAt: Maybe<Scalars['DateTime']['output']>;
  /** Why the endpoint is disabled: by an admin, or after its deliveries kept failing. */
  disabledReason: Maybe<Scalars['String']['output']>;
  enabled: Scalars['Boolean']['output'];
  /** Event types sent (a trailing * matches a prefix); empty: every event. */
  eventTypes: Array<Scalars['String']['output']>;
  /** When the current run of failures began. */
  failingSince: Maybe<Scalars['DateTime']['output']>;
  id: Scalars['ID']['output'];
  lastSuccessAt: Maybe<Scalars['DateTime']['output']>;
  /** The first characters of the signing secret (whsec_…), to tell secrets apart. */
  secretHint: Scalars['String']['output'];
  updatedAt: Scalars['DateTime']['output'];
  url: Scalars['String']['output'];
};

export type WebhookEndpointInput = {
  description?: InputMaybe<Scalars['String']['input']>;
  /** false disables the endpoint (its cursor is kept); true enables it again and resumes. */
  enabled?: InputMaybe<Scalars['Boolean']['input']>;
  /** Event types to send (a trailing * matches a prefix); empty or left out when creating: every event. */
  eventTypes?: InputMaybe<Array<Scalars['String']['input']>>;
  /** Required when creating. https (plain http only to destinations the operator allows); checked against the outbound address policy. */
  url?: InputMaybe<Scalars['String']['input']>;
};

/** An endpoint with its signing secret. Copy the secret now: it is never shown again. */
export type WebhookEndpointSecret = {
  __typename?: 'WebhookEndpointSecret';
  endpoint: WebhookEndpoint;
  /** Verify each request with it (README: Webhooks). */
  secret: Scalars['String']['output'];
};

export type ChangeEventsQueryVariables = Exact<{
  after?: InputMaybe<Scalars['String']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
  types?: InputMaybe<Array<ChangeEventType> | ChangeEventType>;
}>;


export type ChangeEventsQuery = { __typename?: 'Query', changeEvents: { __typename?: 'ChangeEventConnection', edges: Array<{ __typename?: 'ChangeEventEdge', cursor: string, node: { __typename?: 'ChangeEvent', id: string, seq: string, cursor: string, type: ChangeEventType, occurredAt: string, origin: ChangeOrigin, connectionId: string | null, syncJobId: string | null, entityType: ChangeEntityType, entityId: string, subjectId: string | null, idempotencyKey: string, data: Record<string, unknown> } }>, pageInfo: { __typename?: 'PageInfo', hasNextPage: boolean, endCursor: string | null } } };

export type DirectoryChangedSubscriptionVariables = Exact<{
  types?: InputMaybe<Array<ChangeEventType> | ChangeEventType>;
  after?: InputMaybe<Scalars['String']['input']>;
}>;


export type DirectoryChangedSubscription = { __typename?: 'Subscription', directoryChanged: { __typename?: 'ChangeEvent', id: string, seq: string, cursor: string, type: ChangeEventType, occurredAt: string, origin: ChangeOrigin, connectionId: string | null, syncJobId: string | null, entityType: ChangeEntityType, entityId: string, subjectId: string | null, idempotencyKey: string, data: Record<string, unknown> } };

export type ChangeEventFieldsFragment = { __typename?: 'ChangeEvent', id: string, seq: string, cursor: string, type: ChangeEventType, occurredAt: string, origin: ChangeOrigin, connectionId: string | null, syncJobId: string | null, entityType: ChangeEntityType, entityId: string, subjectId: string | null, idempotencyKey: string, data: Record<string, unknown> };

export type CustomAttributeDefinitionsQueryVariables = Exact<{ [key: string]: never; }>;


export type CustomAttributeDefinitionsQuery = { __typename?: 'Query', customAttributeDefinitions: Array<{ __typename?: 'CustomAttributeDefinition', id: string, key: string, displayName: string, type: CustomAttributeType, description: string | null }> };

export type CreateCustomAttributeDefinitionMutationVariables = Exact<{
  input: CustomAttributeDefinitionInput;
}>;


export type CreateCustomAttributeDefinitionMutation = { __typename?: 'Mutation', createCustomAttributeDefinition: { __typename?: 'CustomAttributeDefinitionResult', valuesConverted: number, valuesRejected: number, definition: { __typename?: 'CustomAttributeDefinition', id: string, key: string, displayName: string, type: CustomAttributeType, description: string | null } } };

export type UpdateCustomAttributeDefinitionMutationVariables = Exact<{
  key: Scalars['String']['input'];
  input: CustomAttributeDefinitionChangeInput;
}>;


export type UpdateCustomAttributeDefinitionMutation = { __typename?: 'Mutation', updateCustomAttributeDefinition: { __typename?: 'CustomAttributeDefinitionResult', valuesConverted: number, valuesRejected: number, definition: { __typename?: 'CustomAttributeDefinition', key: string, displayName: string, type: CustomAttributeType, description: string | null } } };

export type DeleteCustomAttributeDefinitionMutationVariables = Exact<{
  key: Scalars['String']['input'];
}>;


export type DeleteCustomAttributeDefinitionMutation = { __typename?: 'Mutation', deleteCustomAttributeDefinition: boolean };

export type CustomAttributeMappingsQueryVariables = Exact<{
  connectionId: Scalars['ID']['input'];
}>;


export type CustomAttributeMappingsQuery = { __typename?: 'Query', customAttributeMappings: Array<{ __typename?: 'CustomAttributeMapping', connectionId: string, sourceField: string, attributeKey: string }> };

export type SetCustomAttributeMappingsMutationVariables = Exact<{
  connectionId: Scalars['ID']['input'];
  mappings: Array<CustomAttributeMappingInput> | CustomAttributeMappingInput;
}>;


export type SetCustomAttributeMappingsMutation = { __typename?: 'Mutation', setCustomAttributeMappings: Array<{ __typename?: 'CustomAttributeMapping', connectionId: string, sourceField: string, attributeKey: string }> };

export type EmployeesByCustomAttributesQueryVariables = Exact<{
  conditions: Array<CustomAttributeFilterInput> | CustomAttributeFilterInput;
  first?: InputMaybe<Scalars['Int']['input']>;
  after?: InputMaybe<Scalars['String']['input']>;
}>;


export type EmployeesByCustomAttributesQuery = { __typename?: 'Query', employees: { __typename?: 'EmployeeConnection', totalCount: number, pageInfo: { __typename?: 'PageInfo', hasNextPage: boolean, endCursor: string | null }, edges: Array<{ __typename?: 'EmployeeEdge', node: { __typename?: 'Employee', id: string, email: string | null } }> } };

export type EmployeeCustomAttributesQueryVariables = Exact<{
  id: Scalars['ID']['input'];
  key: Scalars['String']['input'];
}>;


export type EmployeeCustomAttributesQuery = { __typename?: 'Query', employee: { __typename?: 'Employee', id: string, customAttributes: Record<string, unknown>, customAttributeValues: Array<{ __typename?: 'CustomAttributeValue', key: string, displayName: string, type: CustomAttributeType, stringValue: string | null, numberValue: number | null, booleanValue: boolean | null, dateValue: string | null, listValue: Array<string> | null }>, customAttribute: { __typename?: 'CustomAttributeValue', key: string, type: CustomAttributeType, stringValue: string | null, numberValue: number | null, booleanValue: boolean | null, dateValue: string | null, listValue: Array<string> | null } | null } | null };

export type LookupEmployeesQueryVariables = Exact<{
  query: Scalars['String']['input'];
  limit?: Scalars['Int']['input'];
  status?: InputMaybe<EmploymentStatus>;
}>;


export type LookupEmployeesQuery = { __typename?: 'Query', lookupEmployees: Array<{ __typename?: 'EmployeeMatch', score: number, matchedField: MatchedField, employee: { __typename?: 'Employee', id: string, displayName: string, email: string | null, employeeId: string | null, status: EmploymentStatus } }> };

export type OrgChartQueryVariables = Exact<{
  rootId?: InputMaybe<Scalars['ID']['input']>;
  maxDepth?: Scalars['Int']['input'];
  department?: InputMaybe<Scalars['String']['input']>;
}>;


export type OrgChartQuery = { __typename?: 'Query', orgChart: { __typename?: 'OrgChart', rootIds: Array<string>, totalNodes: number, maxDepthReached: boolean, cycleDetected: boolean, nodes: Array<{ __typename?: 'OrgChartNode', id: string, parentId: string | null, level: number, directReportCount: number, employee: { __typename?: 'Employee', displayName: string, jobTitle: string | null, department: { __typename?: 'Department', name: string } | null } }> } };

export type DepartmentsQueryVariables = Exact<{
  division?: InputMaybe<Scalars['String']['input']>;
}>;


export type DepartmentsQuery = { __typename?: 'Query', departments: Array<{ __typename?: 'Department', name: string, division: string | null, costCenter: string | null, headcount: number, active: number, onLeave: number, contractors: number, head: { __typename?: 'Employee', displayName: string, jobTitle: string | null } | null }> };

export type GroupsQueryVariables = Exact<{
  filter?: InputMaybe<GroupFilterInput>;
  first?: InputMaybe<Scalars['Int']['input']>;
  after?: InputMaybe<Scalars['String']['input']>;
}>;


export type GroupsQuery = { __typename?: 'Query', groups: { __typename?: 'GroupConnection', totalCount: number, pageInfo: { __typename?: 'PageInfo', hasNextPage: boolean, endCursor: string | null }, edges: Array<{ __typename?: 'GroupEdge', node: { __typename?: 'Group', id: string, name: string, displayName: string | null, isSecurityGroup: boolean, groupType: GroupType, source: DirectorySource, memberCount: number } }> } };

export type GroupMembersQueryVariables = Exact<{
  id: Scalars['ID']['input'];
  resolveNested?: Scalars['Boolean']['input'];
  first?: InputMaybe<Scalars['Int']['input']>;
  after?: InputMaybe<Scalars['String']['input']>;
}>;


export type GroupMembersQuery = { __typename?: 'Query', group: { __typename?: 'Group', name: string, memberCount: number, parentGroups: Array<{ __typename?: 'Group', name: string }>, childGroups: Array<{ __typename?: 'Group', name: string }>, members: { __typename?: 'GroupMemberConnection', totalCount: number, pageInfo: { __typename?: 'PageInfo', hasNextPage: boolean, endCursor: string | null }, edges: Array<{ __typename?: 'GroupMemberEdge', membershipType: MembershipType, viaGroup: { __typename?: 'Group', name: string } | null, node: { __typename?: 'Employee', id: string, displayName: string } }> } } | null };

export type EmployeeCardQueryVariables = Exact<{
  id: Scalars['ID']['input'];
}>;


export type EmployeeCardQuery = { __typename?: 'Query', employee: { __typename?: 'Employee', id: string, displayName: string, manager: { __typename?: 'Employee', displayName: string, manager: { __typename?: 'Employee', displayName: string, directReports: { __typename?: 'EmployeeConnection', edges: Array<{ __typename?: 'EmployeeEdge', node: { __typename?: 'Employee', displayName: string, groups: Array<{ __typename?: 'GroupMembership', membershipType: MembershipType, group: { __typename?: 'Group', name: string } }> } }> } } | null } | null } | null };

export type EmployeeSummaryFragment = { __typename?: 'Employee', id: string, employeeId: string | null, email: string | null, displayName: string, jobTitle: string | null, status: EmploymentStatus, department: { __typename?: 'Department', name: string } | null };

export type EmployeeByIdQueryVariables = Exact<{
  id: Scalars['ID']['input'];
}>;


export type EmployeeByIdQuery = { __typename?: 'Query', employee: { __typename?: 'Employee', firstName: string | null, lastName: string | null, preferredName: string | null, division: string | null, costCenter: string | null, location: string | null, phone: string | null, employmentType: EmploymentType | null, startDate: string | null, terminationDate: string | null, source: DirectorySource, externalId: string | null, userId: string | null, customAttributes: Record<string, unknown>, directReportCount: number, id: string, employeeId: string | null, email: string | null, displayName: string, jobTitle: string | null, status: EmploymentStatus, manager: { __typename?: 'Employee', id: string, employeeId: string | null, email: string | null, displayName: string, jobTitle: string | null, status: EmploymentStatus, department: { __typename?: 'Department', name: string } | null } | null, department: { __typename?: 'Department', name: string } | null } | null };

export type EmployeeByEmailQueryVariables = Exact<{
  email: Scalars['String']['input'];
}>;


export type EmployeeByEmailQuery = { __typename?: 'Query', employeeByEmail: { __typename?: 'Employee', id: string, employeeId: string | null, email: string | null, displayName: string, jobTitle: string | null, status: EmploymentStatus, department: { __typename?: 'Department', name: string } | null } | null };

export type EmployeesQueryVariables = Exact<{
  filter?: InputMaybe<EmployeeFilterInput>;
  first?: InputMaybe<Scalars['Int']['input']>;
  after?: InputMaybe<Scalars['String']['input']>;
}>;


export type EmployeesQuery = { __typename?: 'Query', employees: { __typename?: 'EmployeeConnection', totalCount: number, pageInfo: { __typename?: 'PageInfo', hasNextPage: boolean, endCursor: string | null }, edges: Array<{ __typename?: 'EmployeeEdge', cursor: string, node: { __typename?: 'Employee', id: string, employeeId: string | null, email: string | null, displayName: string, jobTitle: string | null, status: EmploymentStatus, department: { __typename?: 'Department', name: string } | null } }> } };

export type DirectReportsQueryVariables = Exact<{
  id: Scalars['ID']['input'];
  first?: InputMaybe<Scalars['Int']['input']>;
  after?: InputMaybe<Scalars['String']['input']>;
  status?: InputMaybe<EmploymentStatus>;
  includeFormer?: Scalars['Boolean']['input'];
}>;


export type DirectReportsQuery = { __typename?: 'Query', employee: { __typename?: 'Employee', directReportCount: number, directReports: { __typename?: 'EmployeeConnection', totalCount: number, pageInfo: { __typename?: 'PageInfo', hasNextPage: boolean, endCursor: string | null }, edges: Array<{ __typename?: 'EmployeeEdge', node: { __typename?: 'Employee', id: string, employeeId: string | null, email: string | null, displayName: string, jobTitle: string | null, status: EmploymentStatus, department: { __typename?: 'Department', name: string } | null } }> } } | null };

export type ManagementChainQueryVariables = Exact<{
  id: Scalars['ID']['input'];
  maxDepth?: Scalars['Int']['input'];
}>;


export type ManagementChainQuery = { __typename?: 'Query', employee: { __typename?: 'Employee', displayName: string, managementChain: Array<{ __typename?: 'ChainLink', level: number, closesCycle: boolean, employee: { __typename?: 'Employee', id: string, employeeId: string | null, email: string | null, displayName: string, jobTitle: string | null, status: EmploymentStatus, department: { __typename?: 'Department', name: string } | null } }> } | null };

export type ReportsQueryVariables = Exact<{
  id: Scalars['ID']['input'];
  maxDepth?: Scalars['Int']['input'];
  first?: InputMaybe<Scalars['Int']['input']>;
  after?: InputMaybe<Scalars['String']['input']>;
}>;


export type ReportsQuery = { __typename?: 'Query', employee: { __typename?: 'Employee', reports: { __typename?: 'ReportConnection', totalCount: number, pageInfo: { __typename?: 'PageInfo', hasNextPage: boolean, endCursor: string | null }, edges: Array<{ __typename?: 'ReportEdge', level: number, node: { __typename?: 'Employee', id: string, displayName: string, manager: { __typename?: 'Employee', id: string } | null } }> } } | null };

export type EmployeeGroupsQueryVariables = Exact<{
  id: Scalars['ID']['input'];
  resolveNested?: Scalars['Boolean']['input'];
}>;


export type EmployeeGroupsQuery = { __typename?: 'Query', employee: { __typename?: 'Employee', groups: Array<{ __typename?: 'GroupMembership', membershipType: MembershipType, group: { __typename?: 'Group', id: string, name: string }, viaGroup: { __typename?: 'Group', name: string } | null }> } | null };

export type DirectoryConnectionsQueryVariables = Exact<{ [key: string]: never; }>;


export type DirectoryConnectionsQuery = { __typename?: 'Query', directoryConnections: Array<{ __typename?: 'DirectoryConnection', id: string, name: string, source: DirectorySource, status: ConnectionStatus, latestSync: { __typename?: 'SyncJob', id: string, status: SyncStatus, completedAt: string | null } | null }> };

export type TriggerSyncMutationVariables = Exact<{
  connectionId: Scalars['ID']['input'];
  syncType?: InputMaybe<SyncType>;
}>;


export type TriggerSyncMutation = { __typename?: 'Mutation', triggerSync: { __typename?: 'SyncJob', id: string, status: SyncStatus, queuedAt: string } };

export type SyncProgressSubscriptionVariables = Exact<{
  id?: InputMaybe<Scalars['ID']['input']>;
}>;


export type SyncProgressSubscription = { __typename?: 'Subscription', syncJobUpdated: { __typename?: 'SyncJob', id: string, status: SyncStatus, progress: { __typename?: 'SyncProgress', phase: string | null, processed: number, total: number | null }, stats: { __typename?: 'SyncStats', usersCreated: number, usersUpdated: number, usersDisabled: number, totalProcessed: number } } };

export type WebhookEndpointFieldsFragment = { __typename?: 'WebhookEndpoint', id: string, url: string, description: string | null, secretHint: string, eventTypes: Array<string>, enabled: boolean, disabledReason: string | null, disabledAt: string | null, cursorSeq: string, consecutiveFailures: number, failingSince: string | null, lastSuccessAt: string | null, backlog: number, createdAt: string, updatedAt: string };

export type WebhookDeliveryFieldsFragment = { __typename?: 'WebhookDelivery', id: string, endpointId: string, kind: WebhookDeliveryKind, eventSeq: string | null, eventId: string, eventType: string, status: WebhookDeliveryStatus, attempts: number, lastStatusCode: number | null, lastError: string | null, deliveredAt: string | null, attemptLog: Array<{ __typename?: 'WebhookAttempt', attempt: number, statusCode: number | null, durationMs: number, errorClass: string | null, errorReason: string | null }> };

export type CreateWebhookEndpointMutationVariables = Exact<{
  input: WebhookEndpointInput;
}>;


export type CreateWebhookEndpointMutation = { __typename?: 'Mutation', createWebhookEndpoint: { __typename?: 'WebhookEndpointSecret', secret: string, endpoint: { __typename?: 'WebhookEndpoint', id: string, url: string, description: string | null, secretHint: string, eventTypes: Array<string>, enabled: boolean, disabledReason: string | null, disabledAt: string | null, cursorSeq: string, consecutiveFailures: number, failingSince: string | null, lastSuccessAt: string | null, backlog: number, createdAt: string, updatedAt: string } } };

export type UpdateWebhookEndpointMutationVariables = Exact<{
  id: Scalars['ID']['input'];
  input: WebhookEndpointInput;
}>;


export type UpdateWebhookEndpointMutation = { __typename?: 'Mutation', updateWebhookEndpoint: { __typename?: 'WebhookEndpoint', id: string, url: string, description: string | null, secretHint: string, eventTypes: Array<string>, enabled: boolean, disabledReason: string | null, disabledAt: string | null, cursorSeq: string, consecutiveFailures: number, failingSince: string | null, lastSuccessAt: string | null, backlog: number, createdAt: string, updatedAt: string } };

export type RotateWebhookSecretMutationVariables = Exact<{
  id: Scalars['ID']['input'];
}>;


export type RotateWebhookSecretMutation = { __typename?: 'Mutation', rotateWebhookSecret: { __typename?: 'WebhookEndpointSecret', secret: string, endpoint: { __typename?: 'WebhookEndpoint', id: string, url: string, description: string | null, secretHint: string, eventTypes: Array<string>, enabled: boolean, disabledReason: string | null, disabledAt: string | null, cursorSeq: string, consecutiveFailures: number, failingSince: string | null, lastSuccessAt: string | null, backlog: number, createdAt: string, updatedAt: string } } };

export type DeleteWebhookEndpointMutationVariables = Exact<{
  id: Scalars['ID']['input'];
}>;


export type DeleteWebhookEndpointMutation = { __typename?: 'Mutation', deleteWebhookEndpoint: string };

export type EnableWebhookEndpointMutationVariables = Exact<{
  id: Scalars['ID']['input'];
}>;


export type EnableWebhookEndpointMutation = { __typename?: 'Mutation', enableWebhookEndpoint: { __typename?: 'WebhookEndpoint', id: string, url: string, description: string | null, secretHint: string, eventTypes: Array<string>, enabled: boolean, disabledReason: string | null, disabledAt: string | null, cursorSeq: string, consecutiveFailures: number, failingSince: string | null, lastSuccessAt: string | null, backlog: number, createdAt: string, updatedAt: string } };

export type PingWebhookEndpointMutationVariables = Exact<{
  id: Scalars['ID']['input'];
}>;


export type PingWebhookEndpointMutation = { __typename?: 'Mutation', pingWebhookEndpoint: { __typename?: 'WebhookDelivery', id: string, endpointId: string, kind: WebhookDeliveryKind, eventSeq: string | null, eventId: string, eventType: string, status: WebhookDeliveryStatus, attempts: number, lastStatusCode: number | null, lastError: string | null, deliveredAt: string | null, attemptLog: Array<{ __typename?: 'WebhookAttempt', attempt: number, statusCode: number | null, durationMs: number, errorClass: string | null, errorReason: string | null }> } };

export type RedeliverWebhookMutationVariables = Exact<{
  deliveryId: Scalars['ID']['input'];
}>;


export type RedeliverWebhookMutation = { __typename?: 'Mutation', redeliverWebhook: { __typename?: 'WebhookDelivery', id: string, endpointId: string, kind: WebhookDeliveryKind, eventSeq: string | null, eventId: string, eventType: string, status: WebhookDeliveryStatus, attempts: number, lastStatusCode: number | null, lastError: string | null, deliveredAt: string | null, attemptLog: Array<{ __typename?: 'WebhookAttempt', attempt: number, statusCode: number | null, durationMs: number, errorClass: string | null, errorReason: string | null }> } };

export type RedeliverWebhookEventMutationVariables = Exact<{
  endpointId: Scalars['ID']['input'];
  eventId: Scalars['ID']['input'];
}>;


export type RedeliverWebhookEventMutation = { __typename?: 'Mutation', redeliverWebhookEvent: { __typename?: 'WebhookDelivery', id: string, endpointId: string, kind: WebhookDeliveryKind, eventSeq: string | null, eventId: string, eventType: string, status: WebhookDeliveryStatus, attempts: number, lastStatusCode: number | null, lastError: string | null, deliveredAt: string | null, attemptLog: Array<{ __typename?: 'WebhookAttempt', attempt: number, statusCode: number | null, durationMs: number, errorClass: string | null, errorReason: string | null }> } };

export type WebhookEndpointsQueryVariables = Exact<{ [key: string]: never; }>;


export type WebhookEndpointsQuery = { __typename?: 'Query', webhookEndpoints: Array<{ __typename?: 'WebhookEndpoint', id: string, url: string, description: string | null, secretHint: string, eventTypes: Array<string>, enabled: boolean, disabledReason: string | null, disabledAt: string | null, cursorSeq: string, consecutiveFailures: number, failingSince: string | null, lastSuccessAt: string | null, backlog: number, createdAt: string, updatedAt: string }> };

export type WebhookEndpointQueryVariables = Exact<{
  id: Scalars['ID']['input'];
}>;


export type WebhookEndpointQuery = { __typename?: 'Query', webhookEndpoint: { __typename?: 'WebhookEndpoint', id: string, url: string, description: string | null, secretHint: string, eventTypes: Array<string>, enabled: boolean, disabledReason: string | null, disabledAt: string | null, cursorSeq: string, consecutiveFailures: number, failingSince: string | null, lastSuccessAt: string | null, backlog: number, createdAt: string, updatedAt: string } | null };

export type WebhookDeliveriesQueryVariables = Exact<{
  endpointId: Scalars['ID']['input'];
  first?: InputMaybe<Scalars['Int']['input']>;
  after?: InputMaybe<Scalars['String']['input']>;
}>;


export type WebhookDeliveriesQuery = { __typename?: 'Query', webhookDeliveries: { __typename?: 'WebhookDeliveryConnection', edges: Array<{ __typename?: 'WebhookDeliveryEdge', cursor: string, node: { __typename?: 'WebhookDelivery', id: string, endpointId: string, kind: WebhookDeliveryKind, eventSeq: string | null, eventId: string, eventType: string, status: WebhookDeliveryStatus, attempts: number, lastStatusCode: number | null, lastError: string | null, deliveredAt: string | null, attemptLog: Array<{ __typename?: 'WebhookAttempt', attempt: number, statusCode: number | null, durationMs: number, errorClass: string | null, errorReason: string | null }> } }>, pageInfo: { __typename?: 'PageInfo', hasNextPage: boolean, endCursor: string | null } } };

export const ChangeEventFieldsFragmentDoc = {"kind":"Document","definitions":[{"kind":"FragmentDefinition","name":{"kind":"Name","value":"ChangeEventFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"ChangeEvent"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"seq"}},{"kind":"Field","name":{"kind":"Name","value":"cursor"}},{"kind":"Field","name":{"kind":"Name","value":"type"}},{"kind":"Field","name":{"kind":"Name","value":"occurredAt"}},{"kind":"Field","name":{"kind":"Name","value":"origin"}},{"kind":"Field","name":{"kind":"Name","value":"connectionId"}},{"kind":"Field","name":{"kind":"Name","value":"syncJobId"}},{"kind":"Field","name":{"kind":"Name","value":"entityType"}},{"kind":"Field","name":{"kind":"Name","value":"entityId"}},{"kind":"Field","name":{"kind":"Name","value":"subjectId"}},{"kind":"Field","name":{"kind":"Name","value":"idempotencyKey"}},{"kind":"Field","name":{"kind":"Name","value":"data"}}]}}]} as unknown as DocumentNode<ChangeEventFieldsFragment, unknown>;
export const EmployeeSummaryFragmentDoc = {"kind":"Document","definitions":[{"kind":"FragmentDefinition","name":{"kind":"Name","value":"EmployeeSummary"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Employee"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"employeeId"}},{"kind":"Field","name":{"kind":"Name","value":"email"}},{"kind":"Field","name":{"kind":"Name","value":"displayName"}},{"kind":"Field","name":{"kind":"Name","value":"jobTitle"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"department"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}}]}}]}}]} as unknown as DocumentNode<EmployeeSummaryFragment, unknown>;
export const WebhookEndpointFieldsFragmentDoc = {"kind":"Document","definitions":[{"kind":"FragmentDefinition","name":{"kind":"Name","value":"WebhookEndpointFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"WebhookEndpoint"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"url"}},{"kind":"Field","name":{"kind":"Name","value":"description"}},{"kind":"Field","name":{"kind":"Name","value":"secretHint"}},{"kind":"Field","name":{"kind":"Name","value":"eventTypes"}},{"kind":"Field","name":{"kind":"Name","value":"enabled"}},{"kind":"Field","name":{"kind":"Name","value":"disabledReason"}},{"kind":"Field","name":{"kind":"Name","value":"disabledAt"}},{"kind":"Field","name":{"kind":"Name","value":"cursorSeq"}},{"kind":"Field","name":{"kind":"Name","value":"consecutiveFailures"}},{"kind":"Field","name":{"kind":"Name","value":"failingSince"}},{"kind":"Field","name":{"kind":"Name","value":"lastSuccessAt"}},{"kind":"Field","name":{"kind":"Name","value":"backlog"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"updatedAt"}}]}}]} as unknown as DocumentNode<WebhookEndpointFieldsFragment, unknown>;
export const WebhookDeliveryFieldsFragmentDoc = {"kind":"Document","definitions":[{"kind":"FragmentDefinition","name":{"kind":"Name","value":"WebhookDeliveryFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"WebhookDelivery"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"endpointId"}},{"kind":"Field","name":{"kind":"Name","value":"kind"}},{"kind":"Field","name":{"kind":"Name","value":"eventSeq"}},{"kind":"Field","name":{"kind":"Name","value":"eventId"}},{"kind":"Field","name":{"kind":"Name","value":"eventType"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"attempts"}},{"kind":"Field","name":{"kind":"Name","value":"lastStatusCode"}},{"kind":"Field","name":{"kind":"Name","value":"lastError"}},{"kind":"Field","name":{"kind":"Name","value":"deliveredAt"}},{"kind":"Field","name":{"kind":"Name","value":"attemptLog"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"attempt"}},{"kind":"Field","name":{"kind":"Name","value":"statusCode"}},{"kind":"Field","name":{"kind":"Name","value":"durationMs"}},{"kind":"Field","name":{"kind":"Name","value":"errorClass"}},{"kind":"Field","name":{"kind":"Name","value":"errorReason"}}]}}]}}]} as unknown as DocumentNode<WebhookDeliveryFieldsFragment, unknown>;
export const ChangeEventsDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"ChangeEvents"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"after"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"first"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"types"}},"type":{"kind":"ListType","type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ChangeEventType"}}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"changeEvents"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"after"},"value":{"kind":"Variable","name":{"kind":"Name","value":"after"}}},{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"Variable","name":{"kind":"Name","value":"first"}}},{"kind":"Argument","name":{"kind":"Name","value":"types"},"value":{"kind":"Variable","name":{"kind":"Name","value":"types"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"cursor"}},{"kind":"Field","name":{"kind":"Name","value":"node"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"ChangeEventFields"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"pageInfo"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"hasNextPage"}},{"kind":"Field","name":{"kind":"Name","value":"endCursor"}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"ChangeEventFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"ChangeEvent"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"seq"}},{"kind":"Field","name":{"kind":"Name","value":"cursor"}},{"kind":"Field","name":{"kind":"Name","value":"type"}},{"kind":"Field","name":{"kind":"Name","value":"occurredAt"}},{"kind":"Field","name":{"kind":"Name","value":"origin"}},{"kind":"Field","name":{"kind":"Name","value":"connectionId"}},{"kind":"Field","name":{"kind":"Name","value":"syncJobId"}},{"kind":"Field","name":{"kind":"Name","value":"entityType"}},{"kind":"Field","name":{"kind":"Name","value":"entityId"}},{"kind":"Field","name":{"kind":"Name","value":"subjectId"}},{"kind":"Field","name":{"kind":"Name","value":"idempotencyKey"}},{"kind":"Field","name":{"kind":"Name","value":"data"}}]}}]} as unknown as DocumentNode<ChangeEventsQuery, ChangeEventsQueryVariables>;
export const DirectoryChangedDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"subscription","name":{"kind":"Name","value":"DirectoryChanged"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"types"}},"type":{"kind":"ListType","type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ChangeEventType"}}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"after"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"directoryChanged"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"types"},"value":{"kind":"Variable","name":{"kind":"Name","value":"types"}}},{"kind":"Argument","name":{"kind":"Name","value":"after"},"value":{"kind":"Variable","name":{"kind":"Name","value":"after"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"ChangeEventFields"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"ChangeEventFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"ChangeEvent"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"seq"}},{"kind":"Field","name":{"kind":"Name","value":"cursor"}},{"kind":"Field","name":{"kind":"Name","value":"type"}},{"kind":"Field","name":{"kind":"Name","value":"occurredAt"}},{"kind":"Field","name":{"kind":"Name","value":"origin"}},{"kind":"Field","name":{"kind":"Name","value":"connectionId"}},{"kind":"Field","name":{"kind":"Name","value":"syncJobId"}},{"kind":"Field","name":{"kind":"Name","value":"entityType"}},{"kind":"Field","name":{"kind":"Name","value":"entityId"}},{"kind":"Field","name":{"kind":"Name","value":"subjectId"}},{"kind":"Field","name":{"kind":"Name","value":"idempotencyKey"}},{"kind":"Field","name":{"kind":"Name","value":"data"}}]}}]} as unknown as DocumentNode<DirectoryChangedSubscription, DirectoryChangedSubscriptionVariables>;
export const CustomAttributeDefinitionsDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"CustomAttributeDefinitions"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"customAttributeDefinitions"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"key"}},{"kind":"Field","name":{"kind":"Name","value":"displayName"}},{"kind":"Field","name":{"kind":"Name","value":"type"}},{"kind":"Field","name":{"kind":"Name","value":"description"}}]}}]}}]} as unknown as DocumentNode<CustomAttributeDefinitionsQuery, CustomAttributeDefinitionsQueryVariables>;
export const CreateCustomAttributeDefinitionDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"CreateCustomAttributeDefinition"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"CustomAttributeDefinitionInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"createCustomAttributeDefinition"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"definition"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"key"}},{"kind":"Field","name":{"kind":"Name","value":"displayName"}},{"kind":"Field","name":{"kind":"Name","value":"type"}},{"kind":"Field","name":{"kind":"Name","value":"description"}}]}},{"kind":"Field","name":{"kind":"Name","value":"valuesConverted"}},{"kind":"Field","name":{"kind":"Name","value":"valuesRejected"}}]}}]}}]} as unknown as DocumentNode<CreateCustomAttributeDefinitionMutation, CreateCustomAttributeDefinitionMutationVariables>;
export const UpdateCustomAttributeDefinitionDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"UpdateCustomAttributeDefinition"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"key"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"CustomAttributeDefinitionChangeInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"updateCustomAttributeDefinition"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"key"},"value":{"kind":"Variable","name":{"kind":"Name","value":"key"}}},{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"definition"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"key"}},{"kind":"Field","name":{"kind":"Name","value":"displayName"}},{"kind":"Field","name":{"kind":"Name","value":"type"}},{"kind":"Field","name":{"kind":"Name","value":"description"}}]}},{"kind":"Field","name":{"kind":"Name","value":"valuesConverted"}},{"kind":"Field","name":{"kind":"Name","value":"valuesRejected"}}]}}]}}]} as unknown as DocumentNode<UpdateCustomAttributeDefinitionMutation, UpdateCustomAttributeDefinitionMutationVariables>;
export const DeleteCustomAttributeDefinitionDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"DeleteCustomAttributeDefinition"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"key"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"deleteCustomAttributeDefinition"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"key"},"value":{"kind":"Variable","name":{"kind":"Name","value":"key"}}}]}]}}]} as unknown as DocumentNode<DeleteCustomAttributeDefinitionMutation, DeleteCustomAttributeDefinitionMutationVariables>;
export const CustomAttributeMappingsDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"CustomAttributeMappings"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"connectionId"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"customAttributeMappings"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"connectionId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"connectionId"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"connectionId"}},{"kind":"Field","name":{"kind":"Name","value":"sourceField"}},{"kind":"Field","name":{"kind":"Name","value":"attributeKey"}}]}}]}}]} as unknown as DocumentNode<CustomAttributeMappingsQuery, CustomAttributeMappingsQueryVariables>;
export const SetCustomAttributeMappingsDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"SetCustomAttributeMappings"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"connectionId"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"mappings"}},"type":{"kind":"NonNullType","type":{"kind":"ListType","type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"CustomAttributeMappingInput"}}}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"setCustomAttributeMappings"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"connectionId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"connectionId"}}},{"kind":"Argument","name":{"kind":"Name","value":"mappings"},"value":{"kind":"Variable","name":{"kind":"Name","value":"mappings"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"connectionId"}},{"kind":"Field","name":{"kind":"Name","value":"sourceField"}},{"kind":"Field","name":{"kind":"Name","value":"attributeKey"}}]}}]}}]} as unknown as DocumentNode<SetCustomAttributeMappingsMutation, SetCustomAttributeMappingsMutationVariables>;
export const EmployeesByCustomAttributesDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"EmployeesByCustomAttributes"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"conditions"}},"type":{"kind":"NonNullType","type":{"kind":"ListType","type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"CustomAttributeFilterInput"}}}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"first"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"after"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"employees"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"filter"},"value":{"kind":"ObjectValue","fields":[{"kind":"ObjectField","name":{"kind":"Name","value":"customAttributes"},"value":{"kind":"Variable","name":{"kind":"Name","value":"conditions"}}}]}},{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"Variable","name":{"kind":"Name","value":"first"}}},{"kind":"Argument","name":{"kind":"Name","value":"after"},"value":{"kind":"Variable","name":{"kind":"Name","value":"after"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"totalCount"}},{"kind":"Field","name":{"kind":"Name","value":"pageInfo"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"hasNextPage"}},{"kind":"Field","name":{"kind":"Name","value":"endCursor"}}]}},{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"node"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"email"}}]}}]}}]}}]}}]} as unknown as DocumentNode<EmployeesByCustomAttributesQuery, EmployeesByCustomAttributesQueryVariables>;
export const EmployeeCustomAttributesDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"EmployeeCustomAttributes"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"key"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"employee"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"customAttributes"}},{"kind":"Field","name":{"kind":"Name","value":"customAttributeValues"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"key"}},{"kind":"Field","name":{"kind":"Name","value":"displayName"}},{"kind":"Field","name":{"kind":"Name","value":"type"}},{"kind":"Field","name":{"kind":"Name","value":"stringValue"}},{"kind":"Field","name":{"kind":"Name","value":"numberValue"}},{"kind":"Field","name":{"kind":"Name","value":"booleanValue"}},{"kind":"Field","name":{"kind":"Name","value":"dateValue"}},{"kind":"Field","name":{"kind":"Name","value":"listValue"}}]}},{"kind":"Field","name":{"kind":"Name","value":"customAttribute"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"key"},"value":{"kind":"Variable","name":{"kind":"Name","value":"key"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"key"}},{"kind":"Field","name":{"kind":"Name","value":"type"}},{"kind":"Field","name":{"kind":"Name","value":"stringValue"}},{"kind":"Field","name":{"kind":"Name","value":"numberValue"}},{"kind":"Field","name":{"kind":"Name","value":"booleanValue"}},{"kind":"Field","name":{"kind":"Name","value":"dateValue"}},{"kind":"Field","name":{"kind":"Name","value":"listValue"}}]}}]}}]}}]} as unknown as DocumentNode<EmployeeCustomAttributesQuery, EmployeeCustomAttributesQueryVariables>;
export const LookupEmployeesDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"LookupEmployees"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"query"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"limit"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}},"defaultValue":{"kind":"IntValue","value":"5"}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"status"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"EmploymentStatus"}},"defaultValue":{"kind":"EnumValue","value":"ACTIVE"}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"lookupEmployees"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"query"},"value":{"kind":"Variable","name":{"kind":"Name","value":"query"}}},{"kind":"Argument","name":{"kind":"Name","value":"limit"},"value":{"kind":"Variable","name":{"kind":"Name","value":"limit"}}},{"kind":"Argument","name":{"kind":"Name","value":"status"},"value":{"kind":"Variable","name":{"kind":"Name","value":"status"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"score"}},{"kind":"Field","name":{"kind":"Name","value":"matchedField"}},{"kind":"Field","name":{"kind":"Name","value":"employee"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"displayName"}},{"kind":"Field","name":{"kind":"Name","value":"email"}},{"kind":"Field","name":{"kind":"Name","value":"employeeId"}},{"kind":"Field","name":{"kind":"Name","value":"status"}}]}}]}}]}}]} as unknown as DocumentNode<LookupEmployeesQuery, LookupEmployeesQueryVariables>;
export const OrgChartDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"OrgChart"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"rootId"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"maxDepth"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}},"defaultValue":{"kind":"IntValue","value":"5"}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"department"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"orgChart"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"rootId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"rootId"}}},{"kind":"Argument","name":{"kind":"Name","value":"maxDepth"},"value":{"kind":"Variable","name":{"kind":"Name","value":"maxDepth"}}},{"kind":"Argument","name":{"kind":"Name","value":"department"},"value":{"kind":"Variable","name":{"kind":"Name","value":"department"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"rootIds"}},{"kind":"Field","name":{"kind":"Name","value":"totalNodes"}},{"kind":"Field","name":{"kind":"Name","value":"maxDepthReached"}},{"kind":"Field","name":{"kind":"Name","value":"cycleDetected"}},{"kind":"Field","name":{"kind":"Name","value":"nodes"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"parentId"}},{"kind":"Field","name":{"kind":"Name","value":"level"}},{"kind":"Field","name":{"kind":"Name","value":"directReportCount"}},{"kind":"Field","name":{"kind":"Name","value":"employee"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"displayName"}},{"kind":"Field","name":{"kind":"Name","value":"jobTitle"}},{"kind":"Field","name":{"kind":"Name","value":"department"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}}]}}]}}]}}]}}]}}]} as unknown as DocumentNode<OrgChartQuery, OrgChartQueryVariables>;
export const DepartmentsDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"Departments"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"division"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"departments"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"division"},"value":{"kind":"Variable","name":{"kind":"Name","value":"division"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"division"}},{"kind":"Field","name":{"kind":"Name","value":"costCenter"}},{"kind":"Field","name":{"kind":"Name","value":"headcount"}},{"kind":"Field","name":{"kind":"Name","value":"active"}},{"kind":"Field","name":{"kind":"Name","value":"onLeave"}},{"kind":"Field","name":{"kind":"Name","value":"contractors"}},{"kind":"Field","name":{"kind":"Name","value":"head"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"displayName"}},{"kind":"Field","name":{"kind":"Name","value":"jobTitle"}}]}}]}}]}}]} as unknown as DocumentNode<DepartmentsQuery, DepartmentsQueryVariables>;
export const GroupsDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"Groups"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"filter"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"GroupFilterInput"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"first"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"after"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"groups"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"filter"},"value":{"kind":"Variable","name":{"kind":"Name","value":"filter"}}},{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"Variable","name":{"kind":"Name","value":"first"}}},{"kind":"Argument","name":{"kind":"Name","value":"after"},"value":{"kind":"Variable","name":{"kind":"Name","value":"after"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"totalCount"}},{"kind":"Field","name":{"kind":"Name","value":"pageInfo"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"hasNextPage"}},{"kind":"Field","name":{"kind":"Name","value":"endCursor"}}]}},{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"node"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"displayName"}},{"kind":"Field","name":{"kind":"Name","value":"isSecurityGroup"}},{"kind":"Field","name":{"kind":"Name","value":"groupType"}},{"kind":"Field","name":{"kind":"Name","value":"source"}},{"kind":"Field","name":{"kind":"Name","value":"memberCount"}}]}}]}}]}}]}}]} as unknown as DocumentNode<GroupsQuery, GroupsQueryVariables>;
export const GroupMembersDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"GroupMembers"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"resolveNested"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"Boolean"}}},"defaultValue":{"kind":"BooleanValue","value":true}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"first"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"after"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"group"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"memberCount"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"resolveNested"},"value":{"kind":"Variable","name":{"kind":"Name","value":"resolveNested"}}}]},{"kind":"Field","name":{"kind":"Name","value":"parentGroups"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}}]}},{"kind":"Field","name":{"kind":"Name","value":"childGroups"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}}]}},{"kind":"Field","name":{"kind":"Name","value":"members"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"resolveNested"},"value":{"kind":"Variable","name":{"kind":"Name","value":"resolveNested"}}},{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"Variable","name":{"kind":"Name","value":"first"}}},{"kind":"Argument","name":{"kind":"Name","value":"after"},"value":{"kind":"Variable","name":{"kind":"Name","value":"after"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"totalCount"}},{"kind":"Field","name":{"kind":"Name","value":"pageInfo"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"hasNextPage"}},{"kind":"Field","name":{"kind":"Name","value":"endCursor"}}]}},{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"membershipType"}},{"kind":"Field","name":{"kind":"Name","value":"viaGroup"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}}]}},{"kind":"Field","name":{"kind":"Name","value":"node"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"displayName"}}]}}]}}]}}]}}]}}]} as unknown as DocumentNode<GroupMembersQuery, GroupMembersQueryVariables>;
export const EmployeeCardDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"EmployeeCard"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"employee"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"displayName"}},{"kind":"Field","name":{"kind":"Name","value":"manager"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"displayName"}},{"kind":"Field","name":{"kind":"Name","value":"manager"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"displayName"}},{"kind":"Field","name":{"kind":"Name","value":"directReports"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"node"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"displayName"}},{"kind":"Field","name":{"kind":"Name","value":"groups"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"resolveNested"},"value":{"kind":"BooleanValue","value":true}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"membershipType"}},{"kind":"Field","name":{"kind":"Name","value":"group"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}}]}}]}}]}}]}}]}}]}}]}}]}}]}}]} as unknown as DocumentNode<EmployeeCardQuery, EmployeeCardQueryVariables>;
export const EmployeeByIdDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"EmployeeById"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"employee"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"EmployeeSummary"}},{"kind":"Field","name":{"kind":"Name","value":"firstName"}},{"kind":"Field","name":{"kind":"Name","value":"lastName"}},{"kind":"Field","name":{"kind":"Name","value":"preferredName"}},{"kind":"Field","name":{"kind":"Name","value":"division"}},{"kind":"Field","name":{"kind":"Name","value":"costCenter"}},{"kind":"Field","name":{"kind":"Name","value":"location"}},{"kind":"Field","name":{"kind":"Name","value":"phone"}},{"kind":"Field","name":{"kind":"Name","value":"employmentType"}},{"kind":"Field","name":{"kind":"Name","value":"startDate"}},{"kind":"Field","name":{"kind":"Name","value":"terminationDate"}},{"kind":"Field","name":{"kind":"Name","value":"source"}},{"kind":"Field","name":{"kind":"Name","value":"externalId"}},{"kind":"Field","name":{"kind":"Name","value":"userId"}},{"kind":"Field","name":{"kind":"Name","value":"customAttributes"}},{"kind":"Field","name":{"kind":"Name","value":"directReportCount"}},{"kind":"Field","name":{"kind":"Name","value":"manager"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"EmployeeSummary"}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"EmployeeSummary"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Employee"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"employeeId"}},{"kind":"Field","name":{"kind":"Name","value":"email"}},{"kind":"Field","name":{"kind":"Name","value":"displayName"}},{"kind":"Field","name":{"kind":"Name","value":"jobTitle"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"department"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}}]}}]}}]} as unknown as DocumentNode<EmployeeByIdQuery, EmployeeByIdQueryVariables>;
export const EmployeeByEmailDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"EmployeeByEmail"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"email"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"employeeByEmail"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"email"},"value":{"kind":"Variable","name":{"kind":"Name","value":"email"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"EmployeeSummary"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"EmployeeSummary"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Employee"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"employeeId"}},{"kind":"Field","name":{"kind":"Name","value":"email"}},{"kind":"Field","name":{"kind":"Name","value":"displayName"}},{"kind":"Field","name":{"kind":"Name","value":"jobTitle"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"department"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}}]}}]}}]} as unknown as DocumentNode<EmployeeByEmailQuery, EmployeeByEmailQueryVariables>;
export const EmployeesDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"Employees"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"filter"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"EmployeeFilterInput"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"first"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"after"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"employees"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"filter"},"value":{"kind":"Variable","name":{"kind":"Name","value":"filter"}}},{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"Variable","name":{"kind":"Name","value":"first"}}},{"kind":"Argument","name":{"kind":"Name","value":"after"},"value":{"kind":"Variable","name":{"kind":"Name","value":"after"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"totalCount"}},{"kind":"Field","name":{"kind":"Name","value":"pageInfo"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"hasNextPage"}},{"kind":"Field","name":{"kind":"Name","value":"endCursor"}}]}},{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"cursor"}},{"kind":"Field","name":{"kind":"Name","value":"node"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"EmployeeSummary"}}]}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"EmployeeSummary"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Employee"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"employeeId"}},{"kind":"Field","name":{"kind":"Name","value":"email"}},{"kind":"Field","name":{"kind":"Name","value":"displayName"}},{"kind":"Field","name":{"kind":"Name","value":"jobTitle"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"department"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}}]}}]}}]} as unknown as DocumentNode<EmployeesQuery, EmployeesQueryVariables>;
export const DirectReportsDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"DirectReports"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"first"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"after"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"status"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"EmploymentStatus"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"includeFormer"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"Boolean"}}},"defaultValue":{"kind":"BooleanValue","value":false}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"employee"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"directReportCount"}},{"kind":"Field","name":{"kind":"Name","value":"directReports"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"Variable","name":{"kind":"Name","value":"first"}}},{"kind":"Argument","name":{"kind":"Name","value":"after"},"value":{"kind":"Variable","name":{"kind":"Name","value":"after"}}},{"kind":"Argument","name":{"kind":"Name","value":"status"},"value":{"kind":"Variable","name":{"kind":"Name","value":"status"}}},{"kind":"Argument","name":{"kind":"Name","value":"includeFormer"},"value":{"kind":"Variable","name":{"kind":"Name","value":"includeFormer"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"totalCount"}},{"kind":"Field","name":{"kind":"Name","value":"pageInfo"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"hasNextPage"}},{"kind":"Field","name":{"kind":"Name","value":"endCursor"}}]}},{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"node"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"EmployeeSummary"}}]}}]}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"EmployeeSummary"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Employee"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"employeeId"}},{"kind":"Field","name":{"kind":"Name","value":"email"}},{"kind":"Field","name":{"kind":"Name","value":"displayName"}},{"kind":"Field","name":{"kind":"Name","value":"jobTitle"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"department"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}}]}}]}}]} as unknown as DocumentNode<DirectReportsQuery, DirectReportsQueryVariables>;
export const ManagementChainDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"ManagementChain"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"maxDepth"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}},"defaultValue":{"kind":"IntValue","value":"10"}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"employee"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"displayName"}},{"kind":"Field","name":{"kind":"Name","value":"managementChain"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"maxDepth"},"value":{"kind":"Variable","name":{"kind":"Name","value":"maxDepth"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"level"}},{"kind":"Field","name":{"kind":"Name","value":"closesCycle"}},{"kind":"Field","name":{"kind":"Name","value":"employee"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"EmployeeSummary"}}]}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"EmployeeSummary"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Employee"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"employeeId"}},{"kind":"Field","name":{"kind":"Name","value":"email"}},{"kind":"Field","name":{"kind":"Name","value":"displayName"}},{"kind":"Field","name":{"kind":"Name","value":"jobTitle"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"department"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}}]}}]}}]} as unknown as DocumentNode<ManagementChainQuery, ManagementChainQueryVariables>;
export const ReportsDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"Reports"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"maxDepth"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}},"defaultValue":{"kind":"IntValue","value":"10"}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"first"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"after"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"employee"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"reports"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"maxDepth"},"value":{"kind":"Variable","name":{"kind":"Name","value":"maxDepth"}}},{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"Variable","name":{"kind":"Name","value":"first"}}},{"kind":"Argument","name":{"kind":"Name","value":"after"},"value":{"kind":"Variable","name":{"kind":"Name","value":"after"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"totalCount"}},{"kind":"Field","name":{"kind":"Name","value":"pageInfo"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"hasNextPage"}},{"kind":"Field","name":{"kind":"Name","value":"endCursor"}}]}},{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"level"}},{"kind":"Field","name":{"kind":"Name","value":"node"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"displayName"}},{"kind":"Field","name":{"kind":"Name","value":"manager"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}}]}}]}}]}}]}}]}}]}}]} as unknown as DocumentNode<ReportsQuery, ReportsQueryVariables>;
export const EmployeeGroupsDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"EmployeeGroups"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"resolveNested"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"Boolean"}}},"defaultValue":{"kind":"BooleanValue","value":true}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"employee"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"groups"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"resolveNested"},"value":{"kind":"Variable","name":{"kind":"Name","value":"resolveNested"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"membershipType"}},{"kind":"Field","name":{"kind":"Name","value":"group"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}},{"kind":"Field","name":{"kind":"Name","value":"viaGroup"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}}]}}]}}]}}]}}]} as unknown as DocumentNode<EmployeeGroupsQuery, EmployeeGroupsQueryVariables>;
export const DirectoryConnectionsDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"DirectoryConnections"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"directoryConnections"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"source"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"latestSync"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"completedAt"}}]}}]}}]}}]} as unknown as DocumentNode<DirectoryConnectionsQuery, DirectoryConnectionsQueryVariables>;
export const TriggerSyncDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"TriggerSync"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"connectionId"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"syncType"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"SyncType"}},"defaultValue":{"kind":"EnumValue","value":"INCREMENTAL"}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"triggerSync"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"ObjectValue","fields":[{"kind":"ObjectField","name":{"kind":"Name","value":"connectionId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"connectionId"}}},{"kind":"ObjectField","name":{"kind":"Name","value":"syncType"},"value":{"kind":"Variable","name":{"kind":"Name","value":"syncType"}}}]}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"queuedAt"}}]}}]}}]} as unknown as DocumentNode<TriggerSyncMutation, TriggerSyncMutationVariables>;
export const SyncProgressDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"subscription","name":{"kind":"Name","value":"SyncProgress"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"syncJobUpdated"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"progress"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"phase"}},{"kind":"Field","name":{"kind":"Name","value":"processed"}},{"kind":"Field","name":{"kind":"Name","value":"total"}}]}},{"kind":"Field","name":{"kind":"Name","value":"stats"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"usersCreated"}},{"kind":"Field","name":{"kind":"Name","value":"usersUpdated"}},{"kind":"Field","name":{"kind":"Name","value":"usersDisabled"}},{"kind":"Field","name":{"kind":"Name","value":"totalProcessed"}}]}}]}}]}}]} as unknown as DocumentNode<SyncProgressSubscription, SyncProgressSubscriptionVariables>;
export const CreateWebhookEndpointDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"CreateWebhookEndpoint"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"WebhookEndpointInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"createWebhookEndpoint"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"secret"}},{"kind":"Field","name":{"kind":"Name","value":"endpoint"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"WebhookEndpointFields"}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"WebhookEndpointFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"WebhookEndpoint"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"url"}},{"kind":"Field","name":{"kind":"Name","value":"description"}},{"kind":"Field","name":{"kind":"Name","value":"secretHint"}},{"kind":"Field","name":{"kind":"Name","value":"eventTypes"}},{"kind":"Field","name":{"kind":"Name","value":"enabled"}},{"kind":"Field","name":{"kind":"Name","value":"disabledReason"}},{"kind":"Field","name":{"kind":"Name","value":"disabledAt"}},{"kind":"Field","name":{"kind":"Name","value":"cursorSeq"}},{"kind":"Field","name":{"kind":"Name","value":"consecutiveFailures"}},{"kind":"Field","name":{"kind":"Name","value":"failingSince"}},{"kind":"Field","name":{"kind":"Name","value":"lastSuccessAt"}},{"kind":"Field","name":{"kind":"Name","value":"backlog"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"updatedAt"}}]}}]} as unknown as DocumentNode<CreateWebhookEndpointMutation, CreateWebhookEndpointMutationVariables>;
export const UpdateWebhookEndpointDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"UpdateWebhookEndpoint"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"WebhookEndpointInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"updateWebhookEndpoint"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}},{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"WebhookEndpointFields"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"WebhookEndpointFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"WebhookEndpoint"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"url"}},{"kind":"Field","name":{"kind":"Name","value":"description"}},{"kind":"Field","name":{"kind":"Name","value":"secretHint"}},{"kind":"Field","name":{"kind":"Name","value":"eventTypes"}},{"kind":"Field","name":{"kind":"Name","value":"enabled"}},{"kind":"Field","name":{"kind":"Name","value":"disabledReason"}},{"kind":"Field","name":{"kind":"Name","value":"disabledAt"}},{"kind":"Field","name":{"kind":"Name","value":"cursorSeq"}},{"kind":"Field","name":{"kind":"Name","value":"consecutiveFailures"}},{"kind":"Field","name":{"kind":"Name","value":"failingSince"}},{"kind":"Field","name":{"kind":"Name","value":"lastSuccessAt"}},{"kind":"Field","name":{"kind":"Name","value":"backlog"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"updatedAt"}}]}}]} as unknown as DocumentNode<UpdateWebhookEndpointMutation, UpdateWebhookEndpointMutationVariables>;
export const RotateWebhookSecretDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"RotateWebhookSecret"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"rotateWebhookSecret"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"secret"}},{"kind":"Field","name":{"kind":"Name","value":"endpoint"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"WebhookEndpointFields"}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"WebhookEndpointFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"WebhookEndpoint"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"url"}},{"kind":"Field","name":{"kind":"Name","value":"description"}},{"kind":"Field","name":{"kind":"Name","value":"secretHint"}},{"kind":"Field","name":{"kind":"Name","value":"eventTypes"}},{"kind":"Field","name":{"kind":"Name","value":"enabled"}},{"kind":"Field","name":{"kind":"Name","value":"disabledReason"}},{"kind":"Field","name":{"kind":"Name","value":"disabledAt"}},{"kind":"Field","name":{"kind":"Name","value":"cursorSeq"}},{"kind":"Field","name":{"kind":"Name","value":"consecutiveFailures"}},{"kind":"Field","name":{"kind":"Name","value":"failingSince"}},{"kind":"Field","name":{"kind":"Name","value":"lastSuccessAt"}},{"kind":"Field","name":{"kind":"Name","value":"backlog"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"updatedAt"}}]}}]} as unknown as DocumentNode<RotateWebhookSecretMutation, RotateWebhookSecretMutationVariables>;
export const DeleteWebhookEndpointDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"DeleteWebhookEndpoint"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"deleteWebhookEndpoint"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}]}]}}]} as unknown as DocumentNode<DeleteWebhookEndpointMutation, DeleteWebhookEndpointMutationVariables>;
export const EnableWebhookEndpointDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"EnableWebhookEndpoint"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"enableWebhookEndpoint"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"WebhookEndpointFields"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"WebhookEndpointFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"WebhookEndpoint"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"url"}},{"kind":"Field","name":{"kind":"Name","value":"description"}},{"kind":"Field","name":{"kind":"Name","value":"secretHint"}},{"kind":"Field","name":{"kind":"Name","value":"eventTypes"}},{"kind":"Field","name":{"kind":"Name","value":"enabled"}},{"kind":"Field","name":{"kind":"Name","value":"disabledReason"}},{"kind":"Field","name":{"kind":"Name","value":"disabledAt"}},{"kind":"Field","name":{"kind":"Name","value":"cursorSeq"}},{"kind":"Field","name":{"kind":"Name","value":"consecutiveFailures"}},{"kind":"Field","name":{"kind":"Name","value":"failingSince"}},{"kind":"Field","name":{"kind":"Name","value":"lastSuccessAt"}},{"kind":"Field","name":{"kind":"Name","value":"backlog"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"updatedAt"}}]}}]} as unknown as DocumentNode<EnableWebhookEndpointMutation, EnableWebhookEndpointMutationVariables>;
export const PingWebhookEndpointDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"PingWebhookEndpoint"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"pingWebhookEndpoint"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"WebhookDeliveryFields"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"WebhookDeliveryFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"WebhookDelivery"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"endpointId"}},{"kind":"Field","name":{"kind":"Name","value":"kind"}},{"kind":"Field","name":{"kind":"Name","value":"eventSeq"}},{"kind":"Field","name":{"kind":"Name","value":"eventId"}},{"kind":"Field","name":{"kind":"Name","value":"eventType"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"attempts"}},{"kind":"Field","name":{"kind":"Name","value":"lastStatusCode"}},{"kind":"Field","name":{"kind":"Name","value":"lastError"}},{"kind":"Field","name":{"kind":"Name","value":"deliveredAt"}},{"kind":"Field","name":{"kind":"Name","value":"attemptLog"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"attempt"}},{"kind":"Field","name":{"kind":"Name","value":"statusCode"}},{"kind":"Field","name":{"kind":"Name","value":"durationMs"}},{"kind":"Field","name":{"kind":"Name","value":"errorClass"}},{"kind":"Field","name":{"kind":"Name","value":"errorReason"}}]}}]}}]} as unknown as DocumentNode<PingWebhookEndpointMutation, PingWebhookEndpointMutationVariables>;
export const RedeliverWebhookDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"RedeliverWebhook"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"deliveryId"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"redeliverWebhook"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"deliveryId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"deliveryId"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"WebhookDeliveryFields"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"WebhookDeliveryFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"WebhookDelivery"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"endpointId"}},{"kind":"Field","name":{"kind":"Name","value":"kind"}},{"kind":"Field","name":{"kind":"Name","value":"eventSeq"}},{"kind":"Field","name":{"kind":"Name","value":"eventId"}},{"kind":"Field","name":{"kind":"Name","value":"eventType"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"attempts"}},{"kind":"Field","name":{"kind":"Name","value":"lastStatusCode"}},{"kind":"Field","name":{"kind":"Name","value":"lastError"}},{"kind":"Field","name":{"kind":"Name","value":"deliveredAt"}},{"kind":"Field","name":{"kind":"Name","value":"attemptLog"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"attempt"}},{"kind":"Field","name":{"kind":"Name","value":"statusCode"}},{"kind":"Field","name":{"kind":"Name","value":"durationMs"}},{"kind":"Field","name":{"kind":"Name","value":"errorClass"}},{"kind":"Field","name":{"kind":"Name","value":"errorReason"}}]}}]}}]} as unknown as DocumentNode<RedeliverWebhookMutation, RedeliverWebhookMutationVariables>;
export const RedeliverWebhookEventDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"RedeliverWebhookEvent"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"endpointId"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"eventId"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"redeliverWebhookEvent"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"endpointId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"endpointId"}}},{"kind":"Argument","name":{"kind":"Name","value":"eventId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"eventId"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"WebhookDeliveryFields"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"WebhookDeliveryFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"WebhookDelivery"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"endpointId"}},{"kind":"Field","name":{"kind":"Name","value":"kind"}},{"kind":"Field","name":{"kind":"Name","value":"eventSeq"}},{"kind":"Field","name":{"kind":"Name","value":"eventId"}},{"kind":"Field","name":{"kind":"Name","value":"eventType"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"attempts"}},{"kind":"Field","name":{"kind":"Name","value":"lastStatusCode"}},{"kind":"Field","name":{"kind":"Name","value":"lastError"}},{"kind":"Field","name":{"kind":"Name","value":"deliveredAt"}},{"kind":"Field","name":{"kind":"Name","value":"attemptLog"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"attempt"}},{"kind":"Field","name":{"kind":"Name","value":"statusCode"}},{"kind":"Field","name":{"kind":"Name","value":"durationMs"}},{"kind":"Field","name":{"kind":"Name","value":"errorClass"}},{"kind":"Field","name":{"kind":"Name","value":"errorReason"}}]}}]}}]} as unknown as DocumentNode<RedeliverWebhookEventMutation, RedeliverWebhookEventMutationVariables>;
export const WebhookEndpointsDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"WebhookEndpoints"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"webhookEndpoints"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"WebhookEndpointFields"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"WebhookEndpointFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"WebhookEndpoint"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"url"}},{"kind":"Field","name":{"kind":"Name","value":"description"}},{"kind":"Field","name":{"kind":"Name","value":"secretHint"}},{"kind":"Field","name":{"kind":"Name","value":"eventTypes"}},{"kind":"Field","name":{"kind":"Name","value":"enabled"}},{"kind":"Field","name":{"kind":"Name","value":"disabledReason"}},{"kind":"Field","name":{"kind":"Name","value":"disabledAt"}},{"kind":"Field","name":{"kind":"Name","value":"cursorSeq"}},{"kind":"Field","name":{"kind":"Name","value":"consecutiveFailures"}},{"kind":"Field","name":{"kind":"Name","value":"failingSince"}},{"kind":"Field","name":{"kind":"Name","value":"lastSuccessAt"}},{"kind":"Field","name":{"kind":"Name","value":"backlog"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"updatedAt"}}]}}]} as unknown as DocumentNode<WebhookEndpointsQuery, WebhookEndpointsQueryVariables>;
export const WebhookEndpointDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"WebhookEndpoint"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"webhookEndpoint"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"WebhookEndpointFields"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"WebhookEndpointFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"WebhookEndpoint"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"url"}},{"kind":"Field","name":{"kind":"Name","value":"description"}},{"kind":"Field","name":{"kind":"Name","value":"secretHint"}},{"kind":"Field","name":{"kind":"Name","value":"eventTypes"}},{"kind":"Field","name":{"kind":"Name","value":"enabled"}},{"kind":"Field","name":{"kind":"Name","value":"disabledReason"}},{"kind":"Field","name":{"kind":"Name","value":"disabledAt"}},{"kind":"Field","name":{"kind":"Name","value":"cursorSeq"}},{"kind":"Field","name":{"kind":"Name","value":"consecutiveFailures"}},{"kind":"Field","name":{"kind":"Name","value":"failingSince"}},{"kind":"Field","name":{"kind":"Name","value":"lastSuccessAt"}},{"kind":"Field","name":{"kind":"Name","value":"backlog"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"updatedAt"}}]}}]} as unknown as DocumentNode<WebhookEndpointQuery, WebhookEndpointQueryVariables>;
export const WebhookDeliveriesDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"WebhookDeliveries"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"endpointId"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"first"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"after"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"webhookDeliveries"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"endpointId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"endpointId"}}},{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"Variable","name":{"kind":"Name","value":"first"}}},{"kind":"Argument","name":{"kind":"Name","value":"after"},"value":{"kind":"Variable","name":{"kind":"Name","value":"after"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"cursor"}},{"kind":"Field","name":{"kind":"Name","value":"node"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"WebhookDeliveryFields"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"pageInfo"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"hasNextPage"}},{"kind":"Field","name":{"kind":"Name","value":"endCursor"}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"WebhookDeliveryFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"WebhookDelivery"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"endpointId"}},{"kind":"Field","name":{"kind":"Name","value":"kind"}},{"kind":"Field","name":{"kind":"Name","value":"eventSeq"}},{"kind":"Field","name":{"kind":"Name","value":"eventId"}},{"kind":"Field","name":{"kind":"Name","value":"eventType"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"attempts"}},{"kind":"Field","name":{"kind":"Name","value":"lastStatusCode"}},{"kind":"Field","name":{"kind":"Name","value":"lastError"}},{"kind":"Field","name":{"kind":"Name","value":"deliveredAt"}},{"kind":"Field","name":{"kind":"Name","value":"attemptLog"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"attempt"}},{"kind":"Field","name":{"kind":"Name","value":"statusCode"}},{"kind":"Field","name":{"kind":"Name","value":"durationMs"}},{"kind":"Field","name":{"kind":"Name","value":"errorClass"}},{"kind":"Field","name":{"kind":"Name","value":"errorReason"}}]}}]}}]} as unknown as DocumentNode<WebhookDeliveriesQuery, WebhookDeliveriesQueryVariables>;