import { AppConfig } from '../config';
import { assertId } from '../directory/errors';
import { OrganizationStore } from '../directory/organizations';
import { createConnectionServices } from '../jobs/services';
import { withDatabase } from './organization-commands';
import { CliFailure, print } from './output';

/** `connections list --org <id>`: id, source, name, status and last sync; never settings or secrets. */
export async function listConnectionsCommand(
  config: AppConfig,
  options: { org: string; json?: boolean },
): Promise<void> {
  const orgId = assertId(options.org, '--org');
  const rows = await withDatabase(config, async (dataSource) => {
    await new OrganizationStore(dataSource).get(orgId);
    return createConnectionServices(config, dataSource).connections.list(orgId);
  });
  const listed = rows.map((row) => ({
    id: row.id,
    source: row.source,
    name: row.name,
    status: row.status,
    lastSyncAt: row.lastSyncAt?.toISOString() ?? null,
    lastSyncCount: row.lastSyncCount,
  }));
  if (options.json) {
    print(JSON.stringify(listed, null, 2));
    return;
  }
  if (listed.length === 0) {
    print('no connections (create one with the createDirectoryConnection mutation)');
    return;
  }
  printTable(
    ['ID', 'SOURCE', 'NAME', 'STATUS', 'LAST SYNC'],
    listed.map((row) => [
      row.id,
      row.source,
      row.name,
      row.status,
      row.lastSyncAt ? `${row.lastSyncAt} (${row.lastSyncCount ?? 0} people)` : 'never',
    ]),
  );
}

/** `connections test <id>`: the same test as the testDirectoryConnection mutation. */
export async function testConnectionCommand(config: AppConfig, connectionId: string): Promise<void> {
  const outcome = await withDatabase(config, async (dataSource) => {
    const { connections, tester } = createConnectionServices(config, dataSource);
    const orgId = await connections.organizationOf(connectionId);
    return tester.test(await connections.get(orgId, connectionId));
  });
  if (!outcome.ok) {
    throw new CliFailure(`connection test failed: ${outcome.error?.code}: ${outcome.error?.message}`);
  }
  print(
    outcome.userCount === null
      ? 'ok: the source answered (it does not tell how many people it holds)'
      : `ok: the source holds ${outcome.userCount} people`,
  );
}

function printTable(headers: string[], rows: string[][]): void {
  const widths = headers.map((header, column) =>
    Math.max(header.length, ...rows.map((row) => row[column].length)),
  );
  const line = (cells: string[]) =>
    cells
      .map((cell, column) => (column === cells.length - 1 ? cell : cell.padEnd(widths[column])))
      .join('  ');
  print(line(headers));
  for (const row of rows) print(line(row));
}
