import { DirectorySource, SyncJob } from '../../src/entities';
import { dataOf, startTestApp, TestApp } from '../support/app';
import { createOrganization } from '../support/factories';
import { countStatements } from '../support/statements';

interface Connections {
  directoryConnections: { name: string; latestSync: { id: string; status: string } | null }[];
}
interface Jobs {
  syncJobs: { edges: { node: { id: string; connection: { name: string } | null } }[] };
}

/** The admin graph batches like the read graph: one statement per field, whatever the rows. */
describe('admin fields through DataLoaders', () => {
  let app: TestApp;
  let admin: string;
  let otherAdmin: string;
  const connectionIds: Record<string, string> = {};
  const latestJobIds: Record<string, string> = {};

  beforeAll(async () => {
    app = await startTestApp({}, { sync: true });
    const orgId = await createOrganization(app.db.dataSource, 'Acme');
    admin = await app.token(orgId, ['admin']);
    otherAdmin = await app.token(await createOrganization(app.db.dataSource, 'Globex'), ['admin']);
    for (const name of ['Alpha', 'Bravo', 'Charlie', 'Delta']) {
      const { createDirectoryConnection } = dataOf(
        await app.request<{ createDirectoryConnection: { id: string } }, { name: string }>(
          'mutation ($name: String!) { createDirectoryConnection(input: { name: $name, source: SCIM }) { id } }',
          { name },
          { token: admin },
        ),
      );
      connectionIds[name] = createDirectoryConnection.id;
    }
    // Three jobs each for Alpha, Bravo and Charlie (Delta has never synced), the newest last.
    const jobs = app.db.dataSource.getRepository(SyncJob);
    let minute = 0;
    for (const run of [0, 1, 2]) {
      for (const name of ['Alpha', 'Bravo', 'Charlie']) {
        const job = await jobs.save(
          jobs.create({
            orgId,
            connectionId: connectionIds[name],
            source: DirectorySource.SCIM,
            syncType: 'full',
            status: run === 2 ? 'failed' : 'completed',
            queuedAt: new Date(Date.UTC(2026, 0, 1, 9, minute++)),
          }),
        );
        latestJobIds[name] = job.id;
      }
    }
  });
  afterAll(() => app.stop());

  it('reads every connection with its latest sync in two statements', async () => {
    const { result, statements } = await countStatements(() =>
      app.request<Connections, undefined>(
        '{ directoryConnections { name latestSync { id status } } }',
        undefined,
        { token: admin },
      ),
    );
    expect(dataOf(result).directoryConnections).toEqual([
      { name: 'Alpha', latestSync: { id: latestJobIds.Alpha, status: 'FAILED' } },
      { name: 'Bravo', latestSync: { id: latestJobIds.Bravo, status: 'FAILED' } },
      { name: 'Charlie', latestSync: { id: latestJobIds.Charlie, status: 'FAILED' } },
      { name: 'Delta', latestSync: null },
    ]);
    // the connections, then the latest job of all of them
    expect(statements).toHaveLength(2);
  });

  it('reads nine jobs with their connections in two statements; a deleted connection is null, not an error', async () => {
    const query = '{ syncJobs(first: 20) { edges { node { id connection { name } } } } }';
    const { result, statements } = await countStatements(() =>
      app.request<Jobs, undefined>(query, undefined, { token: admin }),
    );
    const names = dataOf(result).syncJobs.edges.map((edge) => edge.node.connection?.name);
    expect(names).toEqual([
      'Charlie',
      'Bravo',
      'Alpha',
      'Charlie',
      'Bravo',
      'Alpha',
      'Charlie',
      'Bravo',
      'Alpha',
    ]);
    // the page of jobs, then their connections
    expect(statements).toHaveLength(2);

    dataOf(
      await app.request<unknown, { id: string }>(
        'mutation ($id: ID!) { deleteDirectoryConnection(id: $id) }',
        { id: connectionIds.Charlie },
        { token: admin },
      ),
    );
    const after = await app.request<Jobs, undefined>(query, undefined, { token: admin });
    expect(after.errors).toBeUndefined();
    expect(dataOf(after).syncJobs.edges.map((edge) => edge.node.connection?.name ?? null)).toEqual([
      null,
      'Bravo',
      'Alpha',
      null,
      'Bravo',
      'Alpha',
      null,
      'Bravo',
      'Alpha',
    ]);
  });

  it("never shows another organization's connections or jobs", async () => {
    const response = await app.request<Connections, undefined>(
      '{ directoryConnections { name latestSync { id } } }',
      undefined,
      { token: otherAdmin },
    );
    expect(dataOf(response).directoryConnections).toEqual([]);
  });
});
