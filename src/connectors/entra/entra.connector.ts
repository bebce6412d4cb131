import { DirectorySource } from '../sources';
import {
  ConnectionTestResult,
  ConnectorError,
  DirectoryConnector,
  ReadRequest,
  SourceGroup,
  SourcePage,
  SourceRecordError,
  SourceUser,
  SyncMode,
} from '../types';
import { EntraConfig } from './entra.config';
import {
  GROUP_SELECT,
  GroupAssembler,
  isObject,
  mapGroup,
  mapUser,
  MappedGroup,
  mergeUsers,
  USER_SELECT,
} from './entra-mapping';
import { DEFAULT_RETRY_POLICY, describeUrl, GraphClient, RetryPolicy } from './graph-client';
import { defaultOutboundPolicy, HttpTransport, OutboundPolicy } from '../http';
import { EntraTokenProvider } from './token';

/** Application permissions that allow each read, least privileged first. */
export const USER_PERMISSIONS = ['User.Read.All', 'Directory.Read.All'];
export const GROUP_PERMISSIONS = ['GroupMember.Read.All', 'Group.Read.All', 'Directory.Read.All'];

/**
 * Bumped whenever the $select lists change: Graph encodes them into its delta links, so a cursor
 * from an older version would keep reading the old properties. A changed version forces a full sync.
 */
const CURSOR_VERSION = 1;

/**
 * Groups a page at most. A group comes with its members (members@delta): 999 groups of 60 people
 * are 60k member objects and 5 MB of JSON a page, and what a page leaves behind for the garbage
 * collector is what sets the sync's peak memory (364 MB instead of 262 MB at 100k people).
 */
const GROUP_PAGE_SIZE = 100;

/** What nextCursor() stores: both delta links, and the settings they were made under. */
interface EntraCursor {
  v: number;
  includeGuests: boolean;
  users: string;
  groups: string | null;
}

/** Options that are not settings of the connection (tests shorten the waits). */
export interface EntraConnectorOptions {
  retry?: RetryPolicy;
  /** Which addresses may be reached (the operator's policy); default: this process's environment. */
  outbound?: OutboundPolicy;
}

/** One Graph delta page as documented: value, and exactly one of nextLink and deltaLink. */
interface DeltaPage {
  value: unknown[];
  nextLink: string | null;
  deltaLink: string | null;
}

function readDeltaPage(body: unknown, url: string): DeltaPage {
  const where = describeUrl(url);
  if (!isObject(body) || !Array.isArray(body.value)) {
    throw new ConnectorError('INVALID_DATA', `Microsoft Graph answered ${where} without a "value" list`);
  }
  const next = body['@odata.nextLink'];
  const delta = body['@odata.deltaLink'];
  const nextLink = typeof next === 'string' && next !== '' ? next : null;
  const deltaLink = typeof delta === 'string' && delta !== '' ? delta : null;
  if (!nextLink && !deltaLink) {
    throw new ConnectorError(
      'INVALID_DATA',
      `Microsoft Graph answered ${where} with neither @odata.nextLink nor @odata.deltaLink`,
    );
  }
  return { value: body.value, nextLink, deltaLink };
}

/**
 * Microsoft Entra ID (Azure AD) through Microsoft Graph delta queries: the first sync reads every
 * user and group (a delta round from nothing), later ones only what changed since the stored delta
 * links. Users come with their manager (manager@delta), groups with their members (members@delta),
 * nested groups included. App-only token from MSAL (client secret or certificate).
 */
export class EntraConnector implements DirectoryConnector {
  readonly source = DirectorySource.AZURE_AD;
  readonly supportsIncremental = true;
  private readonly transport: HttpTransport;
  private readonly tokens: EntraTokenProvider;
  readonly graph: GraphClient;
  private usersDeltaLink: string | null = null;
  private groupsDeltaLink: string | null = null;
  /** The request of the current read, to know which links nextCursor() may carry over. */
  private lastRead: ReadRequest | null = null;

  constructor(
    private readonly config: EntraConfig,
    options: EntraConnectorOptions = {},
  ) {
    // Client secrets and bearer tokens travel here: https only.
    this.transport = new HttpTransport({
      outbound: options.outbound ?? defaultOutboundPolicy(),
      caCertificatePem: config.caCertificatePem,
      requireHttps: true,
    });
    this.tokens = new EntraTokenProvider(config, this.transport);
    this.graph = new GraphClient(
      this.transport,
      this.tokens,
      new URL(config.graphBaseUrl).origin,
      config.timeoutMs,
      options.retry ?? DEFAULT_RETRY_POLICY,
    );
  }

  async test(signal: AbortSignal): Promise<ConnectionTestResult> {
    const text = await this.graph.getText(`${this.config.graphBaseUrl}/users/$count`, {
      what: 'counting users',
      permissions: USER_PERMISSIONS,
      // $count on directory objects is an advanced query.
      headers: { consistencylevel: 'eventual' },
      signal,
    });
    const count = Number(text.replace(/^\uFEFF/, '').trim());
    if (!Number.isSafeInteger(count) || count < 0) {
      throw new ConnectorError(
        'INVALID_DATA',
        'Microsoft Graph answered /users/$count with something other than a number',
      );
    }
    return { userCount: count };
  }

  async *users(request: ReadRequest): AsyncGenerator<SourcePage<SourceUser>> {
    this.lastRead = request;
    this.usersDeltaLink = null;
    const options = { mode: request.mode, includeGuests: this.config.includeGuests };
    let url =
      request.mode === 'incremental'
        ? this.readCursor(request.cursor).users
        : this.initialUrl('users', USER_SELECT);
    for (;;) {
      const page = await this.deltaPage(
        url,
        'reading users',
        USER_PERMISSIONS,
        request,
        this.config.pageSize,
      );
      const byId = new Map<string, SourceUser>();
      const errors: SourceRecordError[] = [];
      for (const raw of page.value) {
        const mapped = mapUser(raw, options);
        if (!mapped.ok) errors.push(mapped.error);
        else if (mapped.user) {
          const earlier = byId.get(mapped.user.externalId);
          byId.set(mapped.user.externalId, earlier ? mergeUsers(earlier, mapped.user) : mapped.user);
        }
      }
      yield { records: [...byId.values()], errors };
      if (page.nextLink) {
        url = page.nextLink;
        continue;
      }
      this.usersDeltaLink = page.deltaLink;
      return;
    }
  }

  async *groups(request: ReadRequest): AsyncGenerator<SourcePage<SourceGroup>> {
    this.groupsDeltaLink = null;
    let mode: SyncMode = request.mode;
    let url: string;
    if (request.mode === 'incremental') {
      const stored = this.readCursor(request.cursor).groups;
      // Groups were left out of the sync that stored the cursor: read them in full (complete
      // member lists are as good in an incremental sync; only deleted groups wait for a full sync).
      mode = stored ? 'incremental' : 'full';
      url = stored ?? this.initialUrl('groups', GROUP_SELECT);
    } else {
      url = this.initialUrl('groups', GROUP_SELECT);
    }
    const assembler = new GroupAssembler(mode);
    for (;;) {
      const page = await this.deltaPage(
        url,
        'reading groups',
        GROUP_PERMISSIONS,
        request,
        Math.min(this.config.pageSize, GROUP_PAGE_SIZE),
      );
      const chunks: MappedGroup[] = page.value.map(mapGroup);
      const { records, errors } = assembler.add(chunks);
      if (records.length > 0 || errors.length > 0) yield { records, errors };
      if (page.nextLink) {
        url = page.nextLink;
        continue;
      }
      const rest = assembler.flush();
      if (rest.length > 0) yield { records: rest, errors: [] };
      this.groupsDeltaLink = page.deltaLink;
      return;
    }
  }

  nextCursor(): string | null {
    if (!this.usersDeltaLink) return null;
    let groups = this.groupsDeltaLink;
    if (!groups && this.lastRead?.mode === 'incremental') {
      // groups() was not called (a sync without groups): keep the groups' place for the next one.
      groups = this.readCursor(this.lastRead.cursor).groups;
    }
    const cursor: EntraCursor = {
      v: CURSOR_VERSION,
      includeGuests: this.config.includeGuests,
      users: this.usersDeltaLink,
      groups,
    };
    return JSON.stringify(cursor);
  }

  private initialUrl(collection: 'users' | 'groups', select: readonly string[]): string {
    return `${this.config.graphBaseUrl}/${collection}/delta?$select=${select.join(',')}`;
  }

  private async deltaPage(
    url: string,
    what: string,
    permissions: string[],
    request: ReadRequest,
    pageSize: number,
  ): Promise<DeltaPage> {
    const body = await this.graph.getJson(url, {
      what,
      permissions,
      delta: request.mode,
      // $top is not supported on users/groups delta; the page size is a preference.
      headers: { prefer: `odata.maxpagesize=${pageSize}` },
      signal: request.signal,
    });
    return readDeltaPage(body, url);
  }

  /** The stored cursor, if it still fits this connection; otherwise CURSOR_EXPIRED (a full sync follows). */
  private readCursor(cursor: string | null): EntraCursor {
    const expired = (why: string) =>
      new ConnectorError('CURSOR_EXPIRED', `the stored delta cursor ${why}; a full sync is needed`);
    if (!cursor) throw expired('is missing');
    let parsed: unknown;
    try {
      parsed = JSON.parse(cursor);
    } catch {
      throw expired('is not readable');
    }
    if (
      !isObject(parsed) ||
      parsed.v !== CURSOR_VERSION ||
      typeof parsed.users !== 'string' ||
      !(parsed.groups === null || typeof parsed.groups === 'string') ||
      typeof parsed.includeGuests !== 'boolean'
    ) {
      throw expired('comes from another version of the connector');
    }
    if (parsed.includeGuests !== this.config.includeGuests)
      throw expired('was made with another includeGuests setting');
    const origin = new URL(this.config.graphBaseUrl).origin;
    for (const link of [parsed.users, parsed.groups]) {
      if (link === null) continue;
      let linkOrigin: string;
      try {
        linkOrigin = new URL(link).origin;
      } catch {
        throw expired('is not readable');
      }
      if (linkOrigin !== origin) throw expired('points at another Graph endpoint');
    }
    return { v: parsed.v, includeGuests: parsed.includeGuests, users: parsed.users, groups: parsed.groups };
  }
}
