import { dataOf, startTestApp, TestApp } from '../support/app';
import { createOrganization } from '../support/factories';
import { runSync } from '../support/sync-jobs';
import { testPki } from '../fakes/graph/pki';
import {
  FAKE_AWS_ACCESS_KEY_ID,
  FAKE_AWS_SECRET_ACCESS_KEY,
  FAKE_IDENTITY_STORE_ID,
  FakeIdentityStore,
} from '../fakes/aws-identitystore/fake-identitystore';
import { awsUserId, seedAwsStore } from '../fakes/aws-identitystore/tenant';

interface Job {
  id: string;
  status: string;
  failure: { code: string; message: string } | null;
  stats: Record<string, number>;
  errors: { code: string; externalId: string | null }[];
}
const JOB_FIELDS = `id status failure { code message } errors { code externalId }
  stats { usersCreated usersUpdated usersDisabled usersSkipped usersErrors groupsCreated membershipsAdded membershipsRemoved }`;
const PEOPLE = 300;

/**
 * AWS IAM Identity Center end to end: a connection created through the graph (secret write-only),
 * tested, and synced by the worker from the fake identity store through the real AWS SDK.
 */
describe('AWS IAM Identity Center connection, end to end', () => {
  let app: TestApp;
  let store: FakeIdentityStore;
  let admin: string;
  let connectionId: string;

  beforeAll(async () => {
    store = await new FakeIdentityStore().start();
    seedAwsStore(store, { people: PEOPLE });
    app = await startTestApp({ SYNC_ATTEMPTS: '1' }, { sync: true });
    app.runtime!.startWorker();
    admin = await app.token(await createOrganization(app.db.dataSource), ['admin']);
  });
  afterAll(async () => {
    await app?.stop();
    await store?.stop();
  });

  const gql = async <T>(query: string, variables: Record<string, unknown> = {}) =>
    dataOf(await app.request<T, Record<string, unknown>>(query, variables, { token: admin }));

  const sync = (): Promise<Job> => runSync<Job>(app, admin, connectionId, JOB_FIELDS);

  it('creates the connection with its secret key write-only, and tests it', async () => {
    const { createDirectoryConnection } = await gql<{
      createDirectoryConnection: { id: string; secretsSet: string[]; settings: Record<string, unknown> };
    }>(
      `mutation ($input: DirectoryConnectionInput!) { createDirectoryConnection(input: $input) { id secretsSet settings } }`,
      {
        input: {
          name: 'AWS',
          source: 'AWS_IDENTITY_CENTER',
          config: {
            region: store.region,
            identityStoreId: FAKE_IDENTITY_STORE_ID,
            accessKeyId: FAKE_AWS_ACCESS_KEY_ID,
            secretAccessKey: FAKE_AWS_SECRET_ACCESS_KEY,
            endpoint: store.endpoint,
            caCertificatePem: testPki().caPem,
          },
        },
      },
    );
    connectionId = createDirectoryConnection.id;
    expect(createDirectoryConnection.secretsSet).toEqual(['secretAccessKey']);
    expect(JSON.stringify(createDirectoryConnection)).not.toContain(FAKE_AWS_SECRET_ACCESS_KEY);
    const { testDirectoryConnection } = await gql<{ testDirectoryConnection: unknown }>(
      `mutation ($id: ID!) { testDirectoryConnection(id: $id) { ok userCount error { code message } } }`,
      { id: connectionId },
    );
    expect(testDirectoryConnection).toEqual({ ok: true, userCount: null, error: null });
  });

  it('imports people with managers and HR attributes, and groups with their members', async () => {
    const job = await sync();
    expect(job.failure).toBeNull();
    expect(job.stats).toMatchObject({ usersCreated: PEOPLE, usersErrors: 0, groupsCreated: 9 });
    // Eight department groups split everyone once, plus All staff.
    expect(job.stats.membershipsAdded).toBe(PEOPLE * 2);
    const { employeeByEmail } = await gql<{
      employeeByEmail: {
        department: { name: string };
        costCenter: string;
        status: string;
        managementChain: unknown[];
      };
    }>(
      `query { employeeByEmail(email: "person40@example.org") { department { name } costCenter status
         managementChain { employee { email } } } }`,
    );
    // 40 → 13 → 4 → 1 → 0.
    expect(employeeByEmail.managementChain).toEqual(
      ['person13', 'person4', 'person1', 'person0'].map((name) => ({
        employee: { email: `${name}@example.org` },
      })),
    );
    expect(employeeByEmail).toMatchObject({
      department: { name: 'Engineering' },
      costCenter: 'CC-100',
      status: 'ACTIVE',
    });
  });

  it('a second full sync skips everything unchanged and removes a user deleted from the store', async () => {
    store.users = store.users.filter((user) => user.UserId !== awsUserId(299));
    for (const group of store.groups) group.members = group.members.filter((id) => id !== awsUserId(299));
    const job = await sync();
    expect(job.stats).toMatchObject({
      usersCreated: 0,
      usersUpdated: 0,
      usersDisabled: 1,
      usersSkipped: PEOPLE - 1,
    });
    expect(job.stats.membershipsRemoved).toBe(2);
  });

  it('fails the job with a typed, retry-free error when the key is revoked', async () => {
    store.keys.clear();
    const job = await sync();
    expect(job.status).toBe('FAILED');
    expect(job.failure?.code).toBe('AUTH');
    expect(job.failure?.message).not.toContain(FAKE_AWS_SECRET_ACCESS_KEY);
  });
});
