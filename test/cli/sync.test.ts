import { DirectorySource } from '../../src/entities';
import { startTestApp, TestApp } from '../support/app';
import { runCli } from '../support/cli';
import { createOrganization } from '../support/factories';
import { hrisDocument, hrisPeople, writeHrisFile } from '../support/hris';

describe('the sync command', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp({}, { sync: true });
  });
  afterAll(() => app.stop());

  it('runs one sync in the foreground: plain progress lines with the total and an ETA off a terminal, then the stats', async () => {
    const orgId = await createOrganization(app.db.dataSource);
    // 2,500 people: the HRIS connector reads pages of 1,000 and tells the total on each.
    const connection = await app.runtime!.connections.create(orgId, {
      name: 'CLI',
      source: DirectorySource.HRIS_IMPORT,
      config: { file: writeHrisFile(orgId, hrisDocument(hrisPeople(2500))) },
    });
    const run = await runCli(['sync', connection.id, '--full'], app.env);
    expect(run.status).toBe(0);
    // Progress goes to stderr (stdout keeps the result), one line at a time when it is not a terminal.
    const lines = run.stderr.split('\n');
    expect(run.stderr).not.toContain(String.fromCharCode(27)); // no escape sequences off a terminal
    expect(run.stderr).not.toContain('\r');
    expect(lines).toContainEqual(expect.stringMatching(/^starting\s+0 records read \| /));
    expect(lines).toContainEqual(
      expect.stringMatching(/^reading users\s+\[[=-]{30}\] 1000\/2500 records 40% \| ETA +\d+s$/),
    );
    expect(lines).toContainEqual(
      expect.stringMatching(/^reading users\s+\[[=-]{30}\] 2000\/2500 records 80% \| ETA +\d+s$/),
    );
    expect(lines).toContainEqual(
      expect.stringMatching(/^reading users\s+\[={30}\] 2500\/2500 records 100% \| /),
    );
    expect(lines.filter((line) => line.startsWith('done'))).toEqual([
      expect.stringMatching(/^done\s+\[={30}\] 2502\/2502 records 100% \| /),
    ]);
    expect(run.stdout).toMatch(/sync [0-9a-f-]{36}: completed/);
    expect(run.stdout).toMatch(/usersCreated\s*│\s*2500/);
    const [{ count }] = await app.db.dataSource.query(
      `SELECT count(*)::int AS count FROM employees WHERE connection_id = $1`,
      [connection.id],
    );
    expect(count).toBe(2500);
  });

  it('says which connection it cannot find, and that a malformed id is not one', async () => {
    const missing = await runCli(['sync', '00000000-0000-4000-8000-000000000000'], app.env);
    expect(missing.status).toBe(1);
    expect(missing.stderr).toBe('error: no connection with id 00000000-0000-4000-8000-000000000000\n');
    const malformed = await runCli(['sync', 'not-an-id', '--full'], app.env);
    expect(malformed.status).toBe(2);
    expect(malformed.stderr).toBe('error: connection id is not a valid id: "not-an-id"\n');
  });

  it('exits 1 when the sync fails, with the reason', async () => {
    const orgId = await createOrganization(app.db.dataSource);
    const connection = await app.runtime!.connections.create(orgId, {
      name: 'Vanished file',
      source: DirectorySource.HRIS_IMPORT,
      config: { file: writeHrisFile(orgId, hrisDocument(hrisPeople(3))).replace('export.json', 'gone.json') },
    });
    const run = await runCli(['sync', connection.id], app.env);
    expect(run.status).toBe(1);
    expect(run.stdout).toMatch(/sync [0-9a-f-]{36}: failed \(.+\)/);
  });
});
