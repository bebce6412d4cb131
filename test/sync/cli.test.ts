import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { startTestApp, TestApp } from '../support/app';
import { createOrganization } from '../support/factories';
import { hrisDocument, hrisPeople, writeHrisFile } from '../support/hris';

describe('the sync command', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp({}, { sync: true });
  });
  afterAll(() => app.stop());

  it('runs one sync in the foreground, draws progress and prints the stats', async () => {
    const orgId = await createOrganization(app.db.dataSource);
    const connection = await app.runtime!.connections.create(orgId, {
      name: 'CLI',
      source: 'hris_import' as never,
      config: { file: writeHrisFile(orgId, hrisDocument(hrisPeople(1500))) },
    });
    const run = spawnSync(
      process.execPath,
      [join(__dirname, '../../dist/src/main.js'), 'sync', connection.id, '--full'],
      {
        env: { ...process.env, ...app.env },
        encoding: 'utf8',
        timeout: 60_000,
      },
    );
    expect(run.status).toBe(0);
    expect(run.stderr).toMatch(/\[[-=█░]+\] 0 records/); // the progress bar, on stderr
    expect(run.stderr).toMatch(/done\s+\[[-=█░]+\] 1502 records/);
    expect(run.stdout).toMatch(/sync [0-9a-f-]{36}: completed/);
    expect(run.stdout).toMatch(/usersCreated\s*│\s*1500/);
    const [{ count }] = await app.db.dataSource.query(
      `SELECT count(*)::int AS count FROM employees WHERE connection_id = $1`,
      [connection.id],
    );
    expect(count).toBe(1500);
  });

  it('says which connection it cannot find', () => {
    const run = spawnSync(
      process.execPath,
      [join(__dirname, '../../dist/src/main.js'), 'sync', '00000000-0000-4000-8000-000000000000'],
      { env: { ...process.env, ...app.env }, encoding: 'utf8', timeout: 30_000 },
    );
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('no connection with id 00000000-0000-4000-8000-000000000000');
  });
});
