import { DirectorySource } from './sources';
import type { OutboundPolicy } from './http/address-policy';

/**
 * Employee fields as a source states them. A key that is absent was not provided and leaves the
 * stored value alone; a key set to null clears it. Values are validated by the sync engine (one
 * place for every connector): email shape, ISO dates, known statuses and employment types.
 */
export interface SourceEmployeeAttributes {
  employeeNumber?: string | null;
  email?: string | null;
  displayName?: string | null;
  firstName?: string | null;
  lastName?: string | null;
  preferredName?: string | null;
  jobTitle?: string | null;
  department?: string | null;
  division?: string | null;
  costCenter?: string | null;
  location?: string | null;
  phone?: string | null;
  company?: string | null;
  username?: string | null;
  personalEmail?: string | null;
  timeZone?: string | null;
  /** One of the stored EmploymentStatus values (active, on_leave, …); anything else is rejected. */
  status?: string | null;
  /** One of the stored EmploymentType values (full_time, …). */
  employmentType?: string | null;
  /** YYYY-MM-DD (a full ISO timestamp is cut to its date). */
  startDate?: string | null;
  terminationDate?: string | null;
  idpId?: string | null;
  customAttributes?: Record<string, unknown> | null;
}

/** How a source points at a person's manager. */
export interface ManagerReference {
  kind: 'externalId' | 'email' | 'employeeNumber';
  value: string;
}

/** One person as the source describes them. */
export interface SourceUser {
  /** The person's stable id in the source (object id, DN, employee number…). */
  externalId: string;
  attributes: SourceEmployeeAttributes;
  /** undefined: not provided; null: the source says there is no manager. */
  manager?: ManagerReference | null;
  /** The complete list of groups (by external id) the person is a direct member of, when the source lists memberships on people. */
  groupExternalIds?: string[];
  /** The source reports this person as removed (incremental syncs). */
  removed?: boolean;
}

export interface SourceGroupAttributes {
  name?: string | null;
  displayName?: string | null;
  description?: string | null;
  isSecurityGroup?: boolean | null;
  /** One of the stored GroupType values (security, distribution, team, department, …). */
  groupType?: string | null;
  customAttributes?: Record<string, unknown> | null;
}

export interface MemberReference {
  type: 'user' | 'group';
  externalId: string;
}

export interface SourceGroup {
  externalId: string;
  attributes: SourceGroupAttributes;
  /** The complete membership (replaces what is stored). */
  members?: MemberReference[];
  /** Membership changes since the cursor (incremental syncs). */
  memberChanges?: { added: MemberReference[]; removed: MemberReference[] };
  /** The complete list of parent groups (by external id), for sources that state nesting on the child. */
  parentExternalIds?: string[];
  removed?: boolean;
}

/** A record the connector could not turn into a SourceUser/SourceGroup. */
export interface SourceRecordError {
  externalId?: string;
  message: string;
}

/** One page from the source: what could be read, and what could not. */
export interface SourcePage<T> {
  records: T[];
  errors: SourceRecordError[];
  /** How many records the whole stream holds, when the source tells (progress bars show an ETA). */
  total?: number | null;
}

export type SyncMode = 'full' | 'incremental';

export interface ReadRequest {
  mode: SyncMode;
  /** The cursor a previous sync returned (incremental only). */
  cursor: string | null;
  signal: AbortSignal;
}

export interface ConnectionTestResult {
  /** People the source holds, when it can tell cheaply. */
  userCount: number | null;
}

/**
 * One source of people and groups. A connector knows its source and nothing else: it never touches
 * the database. It streams pages (never the whole directory at once), honours the source's paging
 * and throttling, and fails with a ConnectorError whose code says whether a retry can help.
 */
export interface DirectoryConnector {
  readonly source: DirectorySource;
  /** Checks credentials and reach. */
  test(signal: AbortSignal): Promise<ConnectionTestResult>;
  /** Pages of people. In incremental mode, only changes since request.cursor (with removals). */
  users(request: ReadRequest): AsyncIterable<SourcePage<SourceUser>>;
  /** Pages of groups with their members. Called after users() is exhausted. */
  groups(request: ReadRequest): AsyncIterable<SourcePage<SourceGroup>>;
  /** After both streams: the cursor for the next incremental sync, or null if the source has none. */
  nextCursor(): string | null;
  /** Whether this source can sync incrementally at all. */
  readonly supportsIncremental: boolean;
}

export type ConnectorErrorCode =
  | 'AUTH' // bad or expired credentials
  | 'PERMISSION' // authenticated, not allowed
  | 'NOT_FOUND' // tenant, base DN, file or URL does not exist
  | 'THROTTLED' // rate limited; retryAfterMs says when
  | 'TEMPORARY' // 5xx, timeout, connection reset
  | 'INVALID_DATA' // the source answered with something we cannot read
  | 'CURSOR_EXPIRED' // the delta cursor is no longer valid: a full sync is needed
  | 'CONFIGURATION' // the connection's settings cannot work
  | 'DESTINATION_NOT_ALLOWED'; // the outbound address policy refused the host (private, loopback, metadata…)

const RETRYABLE: ReadonlySet<ConnectorErrorCode> = new Set(['THROTTLED', 'TEMPORARY']);

/** A failure of the source, typed so that the engine retries only what a retry can fix. */
export class ConnectorError extends Error {
  override name = 'ConnectorError';
  constructor(
    readonly code: ConnectorErrorCode,
    message: string,
    readonly retryAfterMs?: number,
  ) {
    super(message);
  }

  get retryable(): boolean {
    return RETRYABLE.has(this.code);
  }
}

/** What the engine hands a connector besides its configuration. */
export interface ConnectorContext {
  /** A pushed document (HRIS import through the graph); connectors that read their own source ignore it. */
  pushedDocument?: unknown;
  /** Which addresses outbound requests may reach (the operator's OUTBOUND_ALLOW_* settings); default: public only. */
  outbound?: OutboundPolicy;
  /** The organization the connection belongs to (file imports read only from its own directory). */
  organizationId?: string;
  /** The operator's HRIS_IMPORT_DIR; file imports are refused without it. */
  importDirectory?: string | null;
}

/**
 * A kind of connection: how its configuration is validated, which fields are secrets (write-only,
 * stored encrypted, never returned or logged), and how to build the connector.
 */
export interface ConnectorDefinition<Config> {
  source: DirectorySource;
  /** Parses and validates a configuration; throws a zod error that names the bad field. */
  parseConfig(input: unknown): Config;
  /** Top-level configuration keys whose values are secrets. */
  secretFields: readonly string[];
  create(config: Config, context: ConnectorContext): DirectoryConnector;
}
