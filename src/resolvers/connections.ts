import { CursorCodec, CursorKey, EmployeeRecord, Page } from '../directory';
import { EmployeeConnection, EmployeeType } from './types/employee.type';
import { PageInfo } from './types/page-info.type';

/** Builds the edges and pageInfo of a connection from a page of rows. */
export function toEdges<T, E>(
  cursors: CursorCodec,
  list: string,
  page: Page<T>,
  keyOf: (row: T) => CursorKey,
  edgeOf: (row: T, cursor: string) => E,
): { edges: E[]; pageInfo: PageInfo } {
  const cursorsOfRows = page.rows.map((row) => cursors.encode(list, keyOf(row)));
  const edges = page.rows.map((row, index) => edgeOf(row, cursorsOfRows[index]));
  return {
    edges,
    pageInfo: {
      hasNextPage: page.hasNextPage,
      hasPreviousPage: false,
      startCursor: cursorsOfRows[0] ?? null,
      endCursor: cursorsOfRows[cursorsOfRows.length - 1] ?? null,
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
