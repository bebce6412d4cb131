import { dataOf, startTestApp, TestApp } from '../support/app';
import { createOrganization } from '../support/factories';
import { runSync } from '../support/sync-jobs';
import { testPki } from '../fakes/graph/pki';
import { FakeScimServer, SCIM_TOKEN, seedScimTenant } from '../fakes/scim-server/fake-scim-server';
import { ENTERPRISE, GROUP, scimClient, scimConnection, USER } from '../scim/support';

interface Job {
  id: string;
  status: string;
  failure: { code: string; message: string } | null;
  stats: Record<string, number>;
}
const JOB_FIELDS = `id status failure { code message }
  stats { usersCreated usersUpdated usersDisabled usersSkipped usersErrors groupsCreated membershipsAdded }`;

interface Person {
  email: string;
  displayName: string;
  firstName: string | null;
  lastName: string | null;
  jobTitle: string | null;
  costCenter: string | null;
  employeeId: string | null;
  status: string;
  department: { name: string } | null;
  manager: { email: string } | null;
  groups: { group: { name: string } }[];
}
const PERSON_FIELDS = `email displayName firstName lastName jobTitle costCenter employeeId status
  department { name } manager { email } groups(resolveNested: false) { group { name } }`;

/**
 * Pulling from a SCIM server, end to end through the worker: from a fake HR system shaped on
 * AlexisHR, and from this project's own SCIM server (people pushed into one organization and pulled
 * into another: the two directories come out equal).
 */
describe('SCIM pull connection, end to end', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp({ SYNC_ATTEMPTS: '1' }, { sync: true });
    app.runtime!.startWorker();
  });
  afterAll(() => app?.stop());

  const asAdmin =
    (token: string) =>
    async <T>(query: string, variables: Record<string, unknown> = {}) =>
      dataOf(await app.request<T, Record<string, unknown>>(query, variables, { token }));

  async function pullConnection(admin: string, config: Record<string, unknown>): Promise<string> {
    const { createDirectoryConnection } = await asAdmin(admin)<{
      createDirectoryConnection: { id: string; secretsSet: string[] };
    }>(
      `mutation ($input: DirectoryConnectionInput!) { createDirectoryConnection(input: $input) { id secretsSet } }`,
      { input: { name: 'HR over SCIM', source: 'SCIM_PULL', config } },
    );
    expect(createDirectoryConnection.secretsSet).toEqual(['bearerToken']);
    return createDirectoryConnection.id;
  }

  const sync = (admin: string, connectionId: string, syncType: 'FULL' | 'INCREMENTAL' = 'FULL') =>
    runSync<Job>(app, admin, connectionId, JOB_FIELDS, syncType);

  async function directory(admin: string): Promise<Person[]> {
    const { employees } = await asAdmin(admin)<{ employees: { edges: { node: Person }[] } }>(
      `query { employees(first: 100) { edges { node { ${PERSON_FIELDS} } } } }`,
    );
    return employees.edges
      .map(({ node }) => ({
        ...node,
        groups: [...node.groups].sort((a, b) => a.group.name.localeCompare(b.group.name)),
      }))
      .sort((a, b) => a.email.localeCompare(b.email));
  }

  it('imports an HR system over SCIM, then only what changed', async () => {
    const fake = await new FakeScimServer().start();
    try {
      seedScimTenant(fake, 60);
      const admin = await app.token(await createOrganization(app.db.dataSource), ['admin']);
      const connectionId = await pullConnection(admin, {
        baseUrl: fake.baseUrl,
        bearerToken: SCIM_TOKEN,
        caCertificatePem: testPki().caPem,
      });
      const first = await sync(admin, connectionId);
      expect(first.failure).toBeNull();
      expect(first.stats).toMatchObject({ usersCreated: 60, usersErrors: 0, groupsCreated: 5 });
      const people = await directory(admin);
      const seven = people.find((person) => person.email === 'person7@example.se')!;
      expect(seven).toMatchObject({
        manager: { email: 'person2@example.se' },
        costCenter: 'CODE-7',
        employeeId: '8',
      });

      fake.users[7].title = 'Head of Tech';
      fake.users[7].lastModified = new Date().toISOString();
      const second = await sync(admin, connectionId, 'INCREMENTAL');
      expect(second.failure).toBeNull();
      expect(second.stats.usersUpdated).toBe(1);
      expect(
        fake.requests.some((request) => request.query.get('filter')?.startsWith('meta.lastModified gt')),
      ).toBe(true);
    } finally {
      await fake.stop();
    }
  });

  it("pulls from this project's own SCIM server into another organization: both directories are equal", async () => {
    const adminA = await app.token(await createOrganization(app.db.dataSource), ['admin']);
    const { token } = await scimConnection(app, adminA, 'Okta push');
    const scim = scimClient(app, token);
    const ids: string[] = [];
    for (let index = 0; index < 12; index += 1) {
      const manager = index === 0 ? undefined : ids[Math.floor((index - 1) / 3)];
      const created = await scim('POST', '/Users', {
        schemas: [USER, ENTERPRISE],
        userName: `member${index}@example.com`,
        name: { givenName: `Given${index}`, familyName: `Family${index}` },
        displayName: `Given${index} Family${index}`,
        title: `Title ${index}`,
        active: index !== 11,
        emails: [{ value: `member${index}@example.com`, type: 'work', primary: true }],
        [ENTERPRISE]: {
          employeeNumber: `N${index}`,
          costCenter: `CC${index % 3}`,
          department: index % 2 ? 'Odd' : 'Even',
          ...(manager ? { manager: { value: manager } } : {}),
        },
      });
      expect(created.status).toBe(201);
      ids.push(String(created.body.id));
    }
    expect(
      (
        await scim('POST', '/Groups', {
          schemas: [GROUP],
          displayName: 'Pushed',
          members: ids.slice(0, 5).map((value) => ({ value })),
        })
      ).status,
    ).toBe(201);

    const adminB = await app.token(await createOrganization(app.db.dataSource), ['admin']);
    const connectionId = await pullConnection(adminB, {
      baseUrl: app.url.replace(/\/graphql$/, '/scim/v2'),
      bearerToken: token,
      inactiveStatus: 'terminated',
    });
    const job = await sync(adminB, connectionId);
    expect(job.failure).toBeNull();
    expect(job.stats).toMatchObject({
      usersCreated: 12,
      usersErrors: 0,
      groupsCreated: 1,
      membershipsAdded: 5,
    });
    const pushed = await directory(adminA);
    const pulled = await directory(adminB);
    expect(pulled).toHaveLength(12);
    expect(pulled).toEqual(pushed);
  });
});
