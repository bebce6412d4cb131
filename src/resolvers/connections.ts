import { CursorCodec, CursorKey, EmployeeRecord, Page } from '../directory';
import { EmployeeConnection, EmployeeType } from './types/employee.type';

/** Builds the edges and pageInfo of a connection from a page of rows. */
export function toEdges<T, E>(
  cursors: CursorCodec,
  list: string,
  page: Page<T>,
  keyOf: (row: T) => CursorKey,
  edgeOf: (row: T, cursor: string) => E,
): { edges: E[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } } {
  const edges = page.rows.map((row) => edgeOf(row, cursors.encode(list, keyOf(row))));
  const last = page.rows[page.rows.length - 1];
  return {
    edges,
    pageInfo: {
      hasNextPage: page.hasNextPage,
      endCursor: last === undefined ? null : cursors.encode(list, keyOf(last)),
    },
  };
}

export const employeeKey = (row: EmployeeRecord): CursorKey => [row.displayName, row.id];

export function employeeConnection(
  cursors: CursorCodec,
  list: string,
  page: Page<EmployeeRecord>,
  countTotal: () => Promise<number>,
): EmployeeConnection {
  const { edges, pageInfo } = toEdges(cursors, list, page, employeeKey, (row, cursor) => ({
    cursor,
    node: row as EmployeeType,
  }));
  return { edges, pageInfo, countTotal };
}
