import { decodeJwt } from 'jose';
import { TokenVerifier } from '../../src/auth/token-verifier';
import { loadConfig } from '../../src/config';
import { DirectorySource } from '../../src/entities';
import { dataOf, startTestApp, TestApp } from '../support/app';
import { runCli } from '../support/cli';
import { hrisDocument, hrisPeople, writeHrisFile } from '../support/hris';

const CONNECTIONS = `{ directoryConnections { id name } }`;

describe('the command line: organizations, tokens and connections', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp({}, { sync: true });
  });
  afterAll(() => app.stop());

  const cli = (args: string[], env: NodeJS.ProcessEnv = {}) => runCli(args, { ...app.env, ...env });

  /** `org create` + `token mint --admin`, as the README's first steps do. */
  async function organizationWithAdminToken(name: string): Promise<{ orgId: string; token: string }> {
    const created = await cli(['org', 'create', name]);
    expect(created).toMatchObject({ status: 0 });
    const orgId = created.stdout.trim();
    const minted = await cli(['token', 'mint', '--org', orgId, '--admin']);
    expect(minted).toMatchObject({ status: 0 });
    return { orgId, token: minted.stdout.trim() };
  }

  it('creates an organization and mints a token that the running server accepts', async () => {
    const created = await cli(['org', 'create', 'Acme Corp (Europe)']);
    expect(created.status).toBe(0);
    expect(created.stdout).toMatch(/^[0-9a-f-]{36}\n$/); // the id alone: ORG_ID=$(… org create …)
    expect(created.stderr).toContain('slug acme-corp-europe');
    const orgId = created.stdout.trim();

    const admin = await cli(['token', 'mint', '--org', orgId, '--admin', '--ttl', '2h']);
    expect(admin.status).toBe(0);
    const adminToken = admin.stdout.trim();
    const claims = decodeJwt(adminToken);
    expect(claims).toMatchObject({ org_id: orgId, roles: ['admin'], sub: 'cli-admin' });
    expect(claims.exp! - claims.iat!).toBe(2 * 3600);
    expect(dataOf(await app.request(CONNECTIONS, {}, { token: adminToken }))).toEqual({
      directoryConnections: [],
    });

    const member = await cli(['token', 'mint', '--org', orgId]);
    expect(member.status).toBe(0);
    const memberToken = member.stdout.trim();
    expect(decodeJwt(memberToken)).toMatchObject({ roles: [], sub: 'cli-user' });
    const refused = await app.request(CONNECTIONS, {}, { token: memberToken });
    expect(refused.errors?.[0].extensions?.code).toBe('FORBIDDEN');
  });

  it('refuses a taken slug, a bad slug, an unknown organization and a bad ttl, naming each', async () => {
    expect(await cli(['org', 'create', 'Slugged', '--slug', 'taken-slug'])).toMatchObject({ status: 0 });
    const taken = await cli(['org', 'create', 'Other', '--slug', 'taken-slug']);
    expect(taken).toMatchObject({ status: 2, stdout: '' });
    expect(taken.stderr).toBe('error: an organization with slug "taken-slug" already exists\n');
    const bad = await cli(['org', 'create', 'Other', '--slug', 'Not A Slug']);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('slug must be 1 to 63 lower-case letters');

    const unknown = await cli(['token', 'mint', '--org', '00000000-0000-4000-8000-000000000000']);
    expect(unknown).toMatchObject({ status: 1, stdout: '' });
    expect(unknown.stderr).toBe('error: no organization with id 00000000-0000-4000-8000-000000000000\n');
    const notAnId = await cli(['token', 'mint', '--org', 'acme']);
    expect(notAnId.status).toBe(2);
    expect(notAnId.stderr).toBe('error: --org is not a valid id: "acme"\n');
    const { orgId } = await organizationWithAdminToken('TTL Corp');
    const ttl = await cli(['token', 'mint', '--org', orgId, '--ttl', '400d']);
    expect(ttl.status).toBe(2);
    expect(ttl.stderr).toContain('--ttl must be a number and a unit');
  });

  it('refuses to mint in production unless told, and then signs what the production verifier accepts', async () => {
    const { orgId } = await organizationWithAdminToken('Prod Corp');
    const production = {
      NODE_ENV: 'production',
      CURSOR_SECRET: 'cursor-secret-that-is-long-enough-0123456789',
    };
    const refused = await cli(['token', 'mint', '--org', orgId, '--admin'], production);
    expect(refused).toMatchObject({ status: 1, stdout: '' });
    expect(refused.stderr).toContain('refusing to mint a token with NODE_ENV=production');
    expect(refused.stderr).toContain('--allow-production');

    const allowed = await cli(
      ['token', 'mint', '--org', orgId, '--admin', '--ttl', '15m', '--allow-production'],
      production,
    );
    expect(allowed.status).toBe(0);
    const verifier = new TokenVerifier(loadConfig({ ...app.env, ...production }).auth);
    await expect(verifier.verify(allowed.stdout.trim())).resolves.toMatchObject({ orgId, roles: ['admin'] });

    const jwks = await cli(['token', 'mint', '--org', orgId], { AUTH_JWKS_URL: 'https://idp.example/jwks' });
    expect(jwks.status).toBe(1);
    expect(jwks.stderr).toContain('AUTH_JWKS_URL is set');
  });

  it('lists connections without their settings or secrets, and tests them as the mutation does', async () => {
    const { orgId, token } = await organizationWithAdminToken('Connected Corp');
    const file = await app.runtime!.connections.create(orgId, {
      name: 'People export',
      source: DirectorySource.HRIS_IMPORT,
      config: { file: writeHrisFile(orgId, hrisDocument(hrisPeople(12))) },
    });
    const secret = 'bearer-secret-never-printed-0123456789';
    const unreachable = await app.runtime!.connections.create(orgId, {
      name: 'HR API',
      source: DirectorySource.HRIS_IMPORT,
      config: { url: 'https://127.0.0.1:1/people.json', bearerToken: secret },
    });

    const table = await cli(['connections', 'list', '--org', orgId]);
    expect(table.status).toBe(0);
    const lines = table.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^ID\s+SOURCE\s+NAME\s+STATUS\s+LAST SYNC$/);
    expect(lines).toHaveLength(3);
    expect(lines[1]).toMatch(new RegExp(`^${unreachable.id}\\s+hris_import\\s+HR API\\s+active\\s+never$`));
    expect(lines[2]).toMatch(new RegExp(`^${file.id}\\s+hris_import\\s+People export\\s+active\\s+never$`));
    expect(table.stdout + table.stderr).not.toContain(secret);

    const json = await cli(['connections', 'list', '--org', orgId, '--json']);
    expect(json.status).toBe(0);
    expect(json.stdout).not.toContain(secret);
    expect(JSON.parse(json.stdout)).toEqual([
      {
        id: unreachable.id,
        source: 'hris_import',
        name: 'HR API',
        status: 'active',
        lastSyncAt: null,
        lastSyncCount: null,
      },
      {
        id: file.id,
        source: 'hris_import',
        name: 'People export',
        status: 'active',
        lastSyncAt: null,
        lastSyncCount: null,
      },
    ]);

    const ok = await cli(['connections', 'test', file.id]);
    expect(ok).toMatchObject({ status: 0, stdout: 'ok: the source holds 12 people\n' });
    const viaGraphQL = dataOf(
      await app.request(
        `mutation ($id: ID!) { testDirectoryConnection(id: $id) { ok userCount error { code message } } }`,
        { id: unreachable.id },
        { token },
      ),
    ) as { testDirectoryConnection: { error: { code: string; message: string } } };
    const failed = await cli(['connections', 'test', unreachable.id]);
    expect(failed).toMatchObject({ status: 1, stdout: '' });
    const { code, message } = viaGraphQL.testDirectoryConnection.error;
    expect(failed.stderr).toBe(`error: connection test failed: ${code}: ${message}\n`);
    expect(failed.stderr).not.toContain(secret);

    const missing = await cli(['connections', 'test', '00000000-0000-4000-8000-000000000000']);
    expect(missing).toMatchObject({
      status: 1,
      stderr: 'error: no connection with id 00000000-0000-4000-8000-000000000000\n',
    });
    expect((await cli(['connections', 'list', '--org', '00000000-0000-4000-8000-000000000000'])).status).toBe(
      1,
    );
  });
});
