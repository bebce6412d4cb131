import { generateKeyPairSync } from 'node:crypto';
import { GOOGLE_SCOPES } from '../../src/connectors/google-workspace/google.connector';
import { dataOf, startTestApp, TestApp } from '../support/app';
import { createOrganization } from '../support/factories';
import { runSync } from '../support/sync-jobs';
import { testPki } from '../fakes/graph/pki';
import { FakeGoogleWorkspace } from '../fakes/google-workspace/fake-google';
import { GOOGLE_ADMIN_EMAIL, googleEmail, seedGoogleWorkspace } from '../fakes/google-workspace/tenant';

interface Job {
  id: string;
  status: string;
  failure: { code: string; message: string } | null;
  stats: Record<string, number>;
}
const JOB_FIELDS = `id status failure { code message }
  stats { usersCreated usersUpdated usersDisabled usersSkipped usersErrors groupsCreated membershipsAdded }`;
const PEOPLE = 300;
const SERVICE_ACCOUNT = 'directory-sync@example-project.iam.gserviceaccount.com';

/** Google Workspace end to end: a connection made through the graph and synced by the worker from the fake. */
describe('Google Workspace connection, end to end', () => {
  const keys = generateKeyPairSync('rsa', {
    modulusLength: 2048,
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  });
  let app: TestApp;
  let fake: FakeGoogleWorkspace;
  let admin: string;
  let connectionId: string;

  beforeAll(async () => {
    fake = await new FakeGoogleWorkspace().start();
    seedGoogleWorkspace(fake, { people: PEOPLE });
    fake.registerServiceAccount(SERVICE_ACCOUNT, keys.publicKey, GOOGLE_SCOPES);
    app = await startTestApp({ SYNC_ATTEMPTS: '1' }, { sync: true });
    app.runtime!.startWorker();
    admin = await app.token(await createOrganization(app.db.dataSource), ['admin']);
  });
  afterAll(async () => {
    await app?.stop();
    await fake?.stop();
  });

  const gql = async <T>(query: string, variables: Record<string, unknown> = {}) =>
    dataOf(await app.request<T, Record<string, unknown>>(query, variables, { token: admin }));

  const sync = (): Promise<Job> => runSync<Job>(app, admin, connectionId, JOB_FIELDS);

  it('creates the connection with the private key write-only, and tests it', async () => {
    const { createDirectoryConnection } = await gql<{
      createDirectoryConnection: { id: string; secretsSet: string[] };
    }>(
      `mutation ($input: DirectoryConnectionInput!) { createDirectoryConnection(input: $input) { id secretsSet settings } }`,
      {
        input: {
          name: 'Google',
          source: 'GOOGLE_WORKSPACE',
          config: {
            serviceAccountEmail: SERVICE_ACCOUNT,
            privateKey: keys.privateKey,
            delegatedAdminEmail: GOOGLE_ADMIN_EMAIL,
            apiRootUrl: fake.apiRootUrl,
            tokenUrl: fake.tokenUrl,
            caCertificatePem: testPki().caPem,
          },
        },
      },
    );
    connectionId = createDirectoryConnection.id;
    expect(createDirectoryConnection.secretsSet).toEqual(['privateKey']);
    expect(JSON.stringify(createDirectoryConnection)).not.toContain('PRIVATE KEY');
    const { testDirectoryConnection } = await gql<{ testDirectoryConnection: unknown }>(
      `mutation ($id: ID!) { testDirectoryConnection(id: $id) { ok userCount error { code message } } }`,
      { id: connectionId },
    );
    expect(testDirectoryConnection).toEqual({ ok: true, userCount: null, error: null });
  });

  it('imports people with managers and custom schemas, and nested groups', async () => {
    const job = await sync();
    expect(job.failure).toBeNull();
    expect(job.stats).toMatchObject({ usersCreated: PEOPLE, usersErrors: 0, groupsCreated: 9 });
    const { employeeByEmail } = await gql<{
      employeeByEmail: {
        status: string;
        customAttributes: Record<string, unknown>;
        managementChain: { employee: { email: string } }[];
        groups: { membershipType: string; group: { name: string } }[];
      };
    }>(
      `query ($email: String!) { employeeByEmail(email: $email) { status customAttributes
         managementChain { employee { email } } groups(resolveNested: true) { membershipType group { name } } } }`,
      { email: googleEmail(40) },
    );
    // 40 → 13 → 4 → 1 → 0; person 40 is suspended.
    expect(employeeByEmail.managementChain.map((link) => link.employee.email)).toEqual(
      [13, 4, 1, 0].map(googleEmail),
    );
    expect(employeeByEmail.status).toBe('SUSPENDED');
    expect(employeeByEmail.customAttributes).toMatchObject({
      orgUnitPath: '/Engineering',
      'Employment.Badge': 'B-40',
    });
    expect(
      employeeByEmail.groups.map((entry) => `${entry.membershipType} ${entry.group.name}`).sort(),
    ).toEqual(['DIRECT Engineering team', 'NESTED All staff']);
    const second = await sync();
    expect(second.stats).toMatchObject({ usersCreated: 0, usersUpdated: 0, usersSkipped: PEOPLE });
  });
});
