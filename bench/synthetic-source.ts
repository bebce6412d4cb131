import {
  ConnectorDefinition,
  DirectoryConnector,
  ReadRequest,
  SourceGroup,
  SourcePage,
  SourceUser,
} from '../src/connectors/types';
import { DirectorySource } from '../src/entities/enums';

export interface SyntheticShape {
  users: number;
  groups: number;
  /** Group memberships per person. */
  membershipsPerUser: number;
  /** Of the people, those changed since the cursor in an incremental read (every k-th person). */
  changeEvery?: number;
  pageSize?: number;
}

/** Person i of a deterministic directory: fan-out 8, a few departments, `membershipsPerUser` groups each. */
export function syntheticUser(i: number, shape: SyntheticShape, revision = 0): SourceUser {
  const groups: string[] = [];
  for (let k = 0; k < shape.membershipsPerUser; k++) groups.push(`g${(i * 7 + k * 131) % shape.groups}`);
  return {
    externalId: `u${i}`,
    attributes: {
      email: `user${i}@synthetic.test`,
      employeeNumber: `S${String(i).padStart(8, '0')}`,
      firstName: `First${i % 997}`,
      lastName: `Last${i % 1009}`,
      displayName: `First${i % 997} Last${i % 1009}`,
      jobTitle: revision > 0 ? `Engineer r${revision}` : 'Engineer',
      department: `Dept ${i % 12}`,
      status: 'active',
    },
    manager: i === 0 ? null : { kind: 'externalId', value: `u${Math.floor((i - 1) / 8)}` },
    groupExternalIds: groups,
  };
}

/**
 * A source that produces its pages on the fly (never the whole directory in memory), the way a
 * paging API would, so that the engine's own speed and memory are what the bench measures.
 */
export function syntheticDefinition(shape: SyntheticShape): ConnectorDefinition<unknown> {
  const pageSize = shape.pageSize ?? 1000;
  const connector = (): DirectoryConnector => ({
    source: DirectorySource.HRIS_IMPORT,
    supportsIncremental: true,
    test: async () => ({ userCount: shape.users }),
    async *users(request: ReadRequest): AsyncIterable<SourcePage<SourceUser>> {
      if (request.mode === 'incremental') {
        const every = shape.changeEvery ?? 100;
        const changed: SourceUser[] = [];
        for (let i = 0; i < shape.users; i += every) changed.push(syntheticUser(i, shape, 1));
        for (let start = 0; start < changed.length; start += pageSize)
          yield { records: changed.slice(start, start + pageSize), errors: [] };
        return;
      }
      for (let start = 0; start < shape.users; start += pageSize) {
        const records: SourceUser[] = [];
        for (let i = start; i < Math.min(shape.users, start + pageSize); i++)
          records.push(syntheticUser(i, shape));
        yield { records, errors: [] };
      }
    },
    async *groups(request: ReadRequest): AsyncIterable<SourcePage<SourceGroup>> {
      if (request.mode === 'incremental') return;
      for (let start = 0; start < shape.groups; start += pageSize) {
        const records: SourceGroup[] = [];
        for (let g = start; g < Math.min(shape.groups, start + pageSize); g++) {
          records.push({
            externalId: `g${g}`,
            attributes: { name: `Group-${g}`, groupType: g % 3 === 0 ? 'security' : 'team' },
          });
        }
        yield { records, errors: [] };
      }
    },
    nextCursor: () => 'synthetic-cursor',
  });
  return {
    source: DirectorySource.HRIS_IMPORT,
    secretFields: [],
    parseConfig: (input) => input,
    create: connector,
  };
}
