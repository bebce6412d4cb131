import {
  ConnectorDefinition,
  ConnectorError,
  DirectoryConnector,
  ReadRequest,
  SourceGroup,
  SourcePage,
  SourceUser,
} from '../../src/connectors/types';
import { DirectorySource } from '../../src/entities';

/** What the source answers to one read, full or incremental. */
export interface ScriptedRead {
  users: SourceUser[];
  groups?: SourceGroup[];
  nextCursor: string;
  /** Records the source lists but the connector cannot read (reported as page errors). */
  unreadable?: { users?: string[]; groups?: string[] };
  /** Fail with this instead (e.g. CURSOR_EXPIRED for an incremental read). */
  fail?: ConnectorError;
}

/**
 * A source that answers from a script: `full` for full reads, `changes[cursor]` for incremental
 * ones. It records the requests it got, so tests can see which mode the engine chose.
 */
export class ScriptedSource {
  full: ScriptedRead = { users: [], nextCursor: 'c0' };
  changes: Record<string, ScriptedRead> = {};
  readonly requests: { mode: string; cursor: string | null }[] = [];
  private held: { reached: () => void; released: Promise<void> } | null = null;

  /**
   * Holds the next read before its first page (a worker frozen mid-read): `reached` resolves once
   * a run is held there, release() lets it go on.
   */
  holdNextRead(): { reached: Promise<void>; release: () => void } {
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    let reached!: () => void;
    const reachedPromise = new Promise<void>((resolve) => (reached = resolve));
    this.held = { reached, released };
    return { reached: reachedPromise, release };
  }

  definition(): ConnectorDefinition<unknown> {
    return {
      source: DirectorySource.HRIS_IMPORT,
      secretFields: [],
      parseConfig: (input) => input,
      create: () => this.connector(),
    };
  }

  private connector(): DirectoryConnector {
    let answer: ScriptedRead | null = null;
    const takeHold = async () => {
      const held = this.held;
      this.held = null;
      if (!held) return;
      held.reached();
      await held.released;
    };
    const read = (request: ReadRequest): ScriptedRead => {
      if (answer) return answer;
      this.requests.push({ mode: request.mode, cursor: request.cursor });
      const chosen = request.mode === 'full' ? this.full : this.changes[request.cursor ?? ''];
      if (!chosen) throw new ConnectorError('CURSOR_EXPIRED', `unknown cursor ${request.cursor}`);
      if (chosen.fail) throw chosen.fail;
      answer = chosen;
      return chosen;
    };
    return {
      source: DirectorySource.HRIS_IMPORT,
      supportsIncremental: true,
      test: async () => ({ userCount: this.full.users.length }),
      async *users(request): AsyncIterable<SourcePage<SourceUser>> {
        answer = null;
        const { users, unreadable } = read(request);
        await takeHold();
        for (let start = 0; start < users.length; start += 100)
          yield { records: users.slice(start, start + 100), errors: [] };
        const errors = (unreadable?.users ?? []).map((externalId) => ({
          externalId,
          message: 'unreadable record',
        }));
        if (errors.length > 0) yield { records: [], errors };
      },
      async *groups(request): AsyncIterable<SourcePage<SourceGroup>> {
        const { groups, unreadable } = read(request);
        const errors = (unreadable?.groups ?? []).map((externalId) => ({
          externalId,
          message: 'unreadable record',
        }));
        yield { records: groups ?? [], errors };
      },
      nextCursor: () => answer?.nextCursor ?? null,
    };
  }
}

export function person(index: number, extra: Partial<SourceUser> = {}): SourceUser {
  return {
    externalId: `u${index}`,
    attributes: {
      email: `u${index}@scripted.test`,
      firstName: `User${index}`,
      lastName: 'Scripted',
      status: 'active',
    },
    manager: index === 0 ? null : { kind: 'externalId', value: `u${Math.floor((index - 1) / 4)}` },
    ...extra,
  };
}
