import type { Entry } from 'ldapts';
import { DirectorySource } from '../sources';
import {
  ConnectionTestResult,
  ConnectorError,
  DirectoryConnector,
  MemberReference,
  ReadRequest,
  SourceGroup,
  SourcePage,
  SourceUser,
} from '../types';
import { DnSyntaxError, normalizeDn } from './dn';
import { andFilter, atLeastFilter } from './filter';
import {
  decodeCursor,
  encodeCursor,
  LdapCursor,
  nextTimestamp,
  nextUsn,
  scopeFingerprint,
} from './ldap-cursor';
import {
  EntryReader,
  mapGroupEntry,
  mapUserEntry,
  MappingContext,
  memberValues,
  parseGeneralizedTime,
  readExternalId,
} from './ldap-entry';
import { LdapSession, SearchSpec } from './ldap-session';
import { AttributeMap, effectiveAttributes, FLAVOR_DEFAULTS, FlavorProfile, LdapConfig } from './ldap.config';

/**
 * Upper bound of the DN index (users plus groups). An entry costs about 200 bytes for a 70-character
 * DN (measured: the normalized DN, the id, the map's overhead), so 100,000 entries take about 20 MB
 * and the bound about 0.4–0.6 GB. A larger directory should be split into several connections by
 * userBaseDn/groupBaseDn or filters.
 */
export const MAX_INDEX_ENTRIES = 2_000_000;

/** Values of one member attribute fetched per range request are capped by the server (AD: 1500). */
const MAX_RANGE_REQUESTS = 10_000;

/**
 * Which DN is which user or group: normalized DN → 'u'/'g' + external id. Managers and group
 * members are DNs; the engine resolves references by external id. The index is built from one
 * lightweight paged read of just the id attribute of every user and group before the first record
 * that needs it, so that each page can be mapped — and streamed — on its own. Entries without an id
 * attribute are indexed under their normalized DN, which is then also their external id.
 */
export class DnIndex {
  private readonly entries = new Map<string, string>();

  get size(): number {
    return this.entries.size;
  }

  /** Adds an entry; the first one wins when an entry is read as both a user and a group. */
  add(normalizedDn: string, type: MemberReference['type'], externalId: string): void {
    if (!this.entries.has(normalizedDn))
      this.entries.set(normalizedDn, `${type === 'user' ? 'u' : 'g'}${externalId}`);
  }

  resolve(dn: string): MemberReference | null {
    let key: string;
    try {
      key = normalizeDn(dn);
    } catch (error) {
      if (error instanceof DnSyntaxError) return null;
      throw error;
    }
    const value = this.entries.get(key);
    if (value === undefined) return null;
    return { type: value[0] === 'u' ? 'user' : 'group', externalId: value.slice(1) };
  }
}

/** What one read (users() then groups()) learns for the next cursor. */
interface ReadState {
  mode: 'full' | 'incremental';
  previous: LdapCursor | null;
  startedAt: Date;
  /** AD: the domain controller's highestCommittedUSN and identity, read before anything else. */
  highestCommittedUsn: bigint | null;
  dc: string | null;
  maxUsn: bigint | null;
  maxTime: Date | null;
}

/**
 * Users and groups from Active Directory or an LDAP server (OpenLDAP and the like), read with paged
 * searches. Full syncs read everything under the bases; incremental syncs read what changed since
 * the cursor (uSNChanged or modifyTimestamp). Removals are only seen by full syncs: an LDAP search
 * does not return deleted entries (AD keeps them in the Deleted Objects container, OpenLDAP only
 * tells a syncrepl consumer), nor entries that moved out of the bases or filters.
 */
export class LdapConnector implements DirectoryConnector {
  readonly source = DirectorySource.LDAP;
  readonly supportsIncremental = true;
  private readonly profile: FlavorProfile;
  private readonly attributes: AttributeMap;
  private readonly userBase: string;
  private readonly groupBase: string;
  private readonly userFilter: string;
  private readonly groupFilter: string;
  private readonly scope: string;
  private index: Promise<DnIndex> | undefined;
  private state: ReadState | undefined;

  constructor(private readonly config: LdapConfig) {
    this.profile = FLAVOR_DEFAULTS[config.flavor];
    this.attributes = effectiveAttributes(config);
    this.userBase = config.userBaseDn ?? config.baseDn;
    this.groupBase = config.groupBaseDn ?? config.baseDn;
    this.userFilter = config.userFilter ?? this.profile.userFilter;
    this.groupFilter = config.groupFilter ?? this.profile.groupFilter;
    this.scope = scopeFingerprint([
      config.flavor,
      config.url.toLowerCase(),
      this.userBase,
      this.groupBase,
      this.userFilter,
      this.groupFilter,
      JSON.stringify(this.attributes.externalId),
    ]);
  }

  /** Binds, checks both bases, and counts the users (a paged search that returns no attributes). */
  async test(signal: AbortSignal): Promise<ConnectionTestResult> {
    const session = await LdapSession.open(this.config, signal);
    try {
      let userCount = 0;
      for await (const page of session.pages({
        base: this.userBase,
        filter: this.userFilter,
        attributes: ['1.1'],
      })) {
        userCount += page.length;
      }
      await session.probe(this.groupBase, this.groupFilter);
      return { userCount };
    } finally {
      await session.close();
    }
  }

  async *users(request: ReadRequest): AsyncGenerator<SourcePage<SourceUser>> {
    const session = await LdapSession.open(this.config, request.signal);
    try {
      const state = await this.begin(request, session);
      const spec: SearchSpec = {
        base: this.userBase,
        filter: this.changedSince(this.userFilter, state),
        attributes: this.userAttributes(),
        binaryAttributes: this.binaryAttributes(),
      };
      for await (const entries of session.pages(spec)) {
        const context = await this.context(entries, request.signal);
        const page: SourcePage<SourceUser> = { records: [], errors: [] };
        for (const entry of entries) {
          const reader = new EntryReader(entry);
          this.noteChange(reader, state);
          const mapped = mapUserEntry(reader, context);
          if (mapped.ok) page.records.push(mapped.record);
          else page.errors.push(mapped.error);
        }
        yield page;
      }
    } finally {
      await session.close();
    }
  }

  async *groups(request: ReadRequest): AsyncGenerator<SourcePage<SourceGroup>> {
    const session = await LdapSession.open(this.config, request.signal);
    try {
      const state =
        this.state?.mode === effectiveMode(request) ? this.state : await this.begin(request, session);
      const spec: SearchSpec = {
        base: this.groupBase,
        filter: this.changedSince(this.groupFilter, state),
        attributes: this.groupAttributes(),
        binaryAttributes: this.binaryAttributes(),
      };
      for await (const entries of session.pages(spec)) {
        const context = await this.context(entries, request.signal);
        const page: SourcePage<SourceGroup> = { records: [], errors: [] };
        for (const entry of entries) {
          const reader = new EntryReader(entry);
          this.noteChange(reader, state);
          const members = await this.allMembers(reader, session);
          const mapped = mapGroupEntry(reader, members, context);
          if (mapped.ok) page.records.push(mapped.record);
          else page.errors.push(mapped.error);
        }
        yield page;
      }
    } finally {
      await session.close();
    }
  }

  nextCursor(): string | null {
    const state = this.state;
    if (!state) return null;
    if (this.profile.changeAttribute === 'uSNChanged') {
      const previous = state.previous?.kind === 'usn' ? BigInt(state.previous.next) : null;
      const next = nextUsn({ previous, highestCommitted: state.highestCommittedUsn, maxSeen: state.maxUsn });
      return next === null
        ? null
        : encodeCursor({ v: 1, kind: 'usn', next: next.toString(), dc: state.dc, scope: this.scope });
    }
    const previous = state.previous?.kind === 'time' ? parseGeneralizedTime(state.previous.next) : null;
    const next = nextTimestamp({ previous, startedAt: state.startedAt, maxSeen: state.maxTime });
    return next === null ? null : encodeCursor({ v: 1, kind: 'time', next, scope: this.scope });
  }

  /** Starts a read: checks the stored cursor, and (AD) notes the domain controller's position first. */
  private async begin(request: ReadRequest, session: LdapSession): Promise<ReadState> {
    const mode = effectiveMode(request);
    const kind = this.profile.changeAttribute === 'uSNChanged' ? 'usn' : 'time';
    const previous =
      mode === 'incremental' && request.cursor
        ? decodeCursor(request.cursor, { kind, scope: this.scope })
        : null;
    const state: ReadState = {
      mode,
      previous,
      startedAt: new Date(),
      highestCommittedUsn: null,
      dc: null,
      maxUsn: null,
      maxTime: null,
    };
    if (kind === 'usn') {
      let root: Entry | null = null;
      try {
        root = await session.read('', ['highestCommittedUSN', 'dsServiceName']);
      } catch (error) {
        // A root DSE we may not read is a root DSE without a USN: fall back to the highest seen.
        if (!(error instanceof ConnectorError) || error.code === 'TEMPORARY') throw error;
      }
      const reader = root ? new EntryReader(root) : null;
      const usn = reader?.first(['highestCommittedUSN']) ?? null;
      state.highestCommittedUsn = usn !== null && /^\d{1,20}$/.test(usn) ? BigInt(usn) : null;
      state.dc = reader?.first(['dsServiceName']) ?? null;
      if (previous?.kind === 'usn' && previous.dc !== state.dc) {
        throw new ConnectorError(
          'CURSOR_EXPIRED',
          'the stored incremental cursor belongs to another domain controller (USNs are per controller); a full sync is needed',
        );
      }
    }
    this.state = state;
    return state;
  }

  /** The filter, narrowed in incremental mode to entries changed since the cursor. */
  private changedSince(filter: string, state: ReadState): string {
    if (state.mode !== 'incremental' || !state.previous) return filter;
    return andFilter(filter, atLeastFilter(this.profile.changeAttribute, state.previous.next));
  }

  private noteChange(reader: EntryReader, state: ReadState): void {
    const value = reader.first([this.profile.changeAttribute]);
    if (value === null) return;
    if (this.profile.changeAttribute === 'uSNChanged') {
      if (!/^\d{1,20}$/.test(value)) return;
      const usn = BigInt(value);
      if (state.maxUsn === null || usn > state.maxUsn) state.maxUsn = usn;
    } else {
      const time = parseGeneralizedTime(value);
      if (time && (state.maxTime === null || time > state.maxTime)) state.maxTime = time;
    }
  }

  private async context(entries: readonly Entry[], signal: AbortSignal): Promise<MappingContext> {
    // An empty page needs nothing resolved: an incremental sync with no changes never builds the index.
    const index = entries.length > 0 ? await this.dnIndex(signal) : new DnIndex();
    return { attributes: this.attributes, resolve: (dn) => index.resolve(dn) };
  }

  private dnIndex(signal: AbortSignal): Promise<DnIndex> {
    if (!this.index) {
      const building = this.buildIndex(signal);
      this.index = building;
      // A failed or aborted build is forgotten, so that a later call tries again.
      building.catch(() => {
        if (this.index === building) this.index = undefined;
      });
    }
    return this.index;
  }

  /** Reads the id of every user and group on a connection of its own (one paged search per connection). */
  private async buildIndex(signal: AbortSignal): Promise<DnIndex> {
    const index = new DnIndex();
    const session = await LdapSession.open(this.config, signal);
    try {
      const idAttributes = [...this.attributes.externalId];
      const passes: [MemberReference['type'], string, string][] = [
        ['user', this.userBase, this.userFilter],
        ['group', this.groupBase, this.groupFilter],
      ];
      for (const [type, base, filter] of passes) {
        const spec: SearchSpec = {
          base,
          filter,
          attributes: idAttributes.length > 0 ? idAttributes : ['1.1'],
          binaryAttributes: this.binaryAttributes(),
        };
        for await (const entries of session.pages(spec)) {
          for (const entry of entries) {
            const reader = new EntryReader(entry);
            const id = readExternalId(reader, idAttributes);
            // An unreadable id is reported when the entry itself is mapped.
            if (!id.ok) continue;
            let key: string;
            try {
              key = normalizeDn(reader.dn);
            } catch (error) {
              if (error instanceof DnSyntaxError) continue;
              throw error;
            }
            index.add(key, type, id.record);
          }
          if (index.size > MAX_INDEX_ENTRIES) {
            throw new ConnectorError(
              'CONFIGURATION',
              `more than ${MAX_INDEX_ENTRIES.toLocaleString('en-US')} users and groups are in scope; split the directory into several connections (userBaseDn, groupBaseDn, filters)`,
            );
          }
        }
      }
      return index;
    } finally {
      await session.close();
    }
  }

  /**
   * The group's member DNs, all of them: when the server sends a large attribute in ranges (AD:
   * "member;range=0-1499"), the rest is read range by range with base searches on the group.
   */
  private async allMembers(reader: EntryReader, session: LdapSession): Promise<string[]> {
    const values = memberValues(reader, this.attributes.members);
    for (const name of this.attributes.members) {
      let ranged = reader.ranged(name);
      if (!ranged) continue;
      values.push(...ranged.values);
      for (let requests = 0; ranged.nextStart !== null; requests += 1) {
        if (requests >= MAX_RANGE_REQUESTS) {
          throw new ConnectorError(
            'INVALID_DATA',
            `${reader.dn}: the server kept sending more ranges of ${name}`,
          );
        }
        const attribute = `${name};range=${ranged.nextStart}-*`;
        const entry = await session.read(reader.dn, [attribute]);
        const more = entry ? new EntryReader(entry).ranged(name) : null;
        if (!more) break;
        values.push(...more.values);
        ranged = more;
      }
    }
    return values;
  }

  private userAttributes(): string[] {
    const map = this.attributes;
    return unique([
      ...map.externalId,
      ...map.username,
      ...map.userPrincipalName,
      ...map.email,
      ...map.firstName,
      ...map.lastName,
      ...map.displayName,
      ...map.jobTitle,
      ...map.department,
      ...map.company,
      ...map.employeeNumber,
      ...map.phone,
      ...map.location,
      ...map.manager,
      ...map.userAccountControl,
      this.profile.changeAttribute,
    ]);
  }

  private groupAttributes(): string[] {
    const map = this.attributes;
    return unique([
      ...map.externalId,
      ...map.groupName,
      ...map.groupDisplayName,
      ...map.groupDescription,
      ...map.members,
      ...map.groupType,
      this.profile.changeAttribute,
    ]);
  }

  /** objectGUID must reach us as bytes; ldapts matches names case-sensitively, so both spellings are listed. */
  private binaryAttributes(): string[] {
    return unique(
      this.attributes.externalId
        .filter((name) => name.toLowerCase() === 'objectguid')
        .flatMap((name) => [name, 'objectGUID']),
    );
  }
}

/** Incremental only with a cursor to start from; otherwise everything is read. */
function effectiveMode(request: ReadRequest): 'full' | 'incremental' {
  return request.mode === 'incremental' && request.cursor ? 'incremental' : 'full';
}

function unique(values: string[]): string[] {
  const seen = new Set<string>();
  return values.filter((value) => {
    const key = value.toLowerCase();
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
