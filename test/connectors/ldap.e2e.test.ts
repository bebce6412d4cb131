/**
 * End to end: an LDAP connection made through the graph, synced by the job queue's worker from a real
 * slapd (10,000 people plus the escaped-DN ones), then read back from Postgres and through the graph:
 * management chains and nested group membership.
 */
import { dataOf, startTestApp, TestApp } from '../support/app';
import { createOrganization } from '../support/factories';
import { GROUPS_DN, PEOPLE_DN } from '../fakes/ldap/dataset';
import { SCIENCE_DN, SCIENCE_GROUPS_DN, SCIENCE_PEOPLE, SCIENCE_PEOPLE_DN } from '../fakes/ldap/science';
import { SlapdServer, startSlapd } from '../fakes/ldap/slapd';

const USERS = 10_000;
const TOTAL = USERS + 7;

interface Job {
  id: string;
  status: string;
  errorCount: number;
  failure: { code: string; message: string } | null;
  errors: { code: string; message: string; externalId: string | null }[];
  stats: Record<string, number>;
}

const JOB_FIELDS = `id status errorCount failure { code message } errors { code message externalId }
  stats { usersCreated usersUpdated usersDisabled usersSkipped usersErrors groupsCreated groupsUpdated groupsSkipped
          groupsErrors membershipsAdded membershipsRemoved totalProcessed }`;

describe('LDAP sync end to end', () => {
  let server: SlapdServer;
  let app: TestApp;
  let admin: string;
  let connectionId: string;

  beforeAll(async () => {
    // Both start at once; whichever fails, what the other made is kept for afterAll to remove
    // (a missing slapd must not leave this suite's database behind).
    const [slapd, started] = await Promise.allSettled([
      startSlapd({ users: USERS, science: true }),
      startTestApp({}, { sync: true }),
    ]);
    if (slapd.status === 'fulfilled') server = slapd.value;
    if (started.status === 'fulfilled') app = started.value;
    if (slapd.status === 'rejected') throw slapd.reason;
    if (started.status === 'rejected') throw started.reason;
    app.runtime!.startWorker();
    const orgId = await createOrganization(app.db.dataSource);
    admin = await app.token(orgId, ['admin']);
  }, 60_000);

  afterAll(async () => {
    await app?.stop();
    await server?.stop();
  });

  const gql = async <T>(query: string, variables: Record<string, unknown> = {}) =>
    dataOf(await app.request<T, Record<string, unknown>>(query, variables, { token: admin }));

  const sync = async (syncType: 'FULL' | 'INCREMENTAL'): Promise<Job> => {
    const { triggerSync } = await gql<{ triggerSync: Job }>(
      `mutation ($input: TriggerSyncInput!) { triggerSync(input: $input) { ${JOB_FIELDS} } }`,
      { input: { connectionId, syncType } },
    );
    for (let i = 0; i < 600; i++) {
      const { syncJob } = await gql<{ syncJob: Job }>(
        `query ($id: ID!) { syncJob(id: $id) { ${JOB_FIELDS} } }`,
        {
          id: triggerSync.id,
        },
      );
      if (!['QUEUED', 'RUNNING'].includes(syncJob.status)) return syncJob;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error('the sync did not finish');
  };

  const chainOf = async (email: string): Promise<string[]> => {
    const { employeeByEmail } = await gql<{
      employeeByEmail: { managementChain: { employee: { email: string } }[] };
    }>(
      `query ($email: String!) { employeeByEmail(email: $email) { managementChain { employee { email } } } }`,
      {
        email,
      },
    );
    return employeeByEmail.managementChain.map((link) => link.employee.email);
  };

  interface GroupNode {
    id: string;
    name: string;
    isSecurityGroup: boolean;
    direct: number;
    nested: number;
    childGroups: { name: string }[];
  }
  const groupNamed = async (name: string): Promise<GroupNode> => {
    const { groups } = await gql<{ groups: { edges: { node: GroupNode }[] } }>(
      `query ($search: String!) { groups(filter: { search: $search }, first: 10) { edges { node {
         id name isSecurityGroup direct: memberCount(resolveNested: false) nested: memberCount(resolveNested: true)
         childGroups { name } } } } }`,
      { search: name },
    );
    const node = groups.edges.map((edge) => edge.node).find((group) => group.name === name);
    if (!node) throw new Error(`no group ${name}`);
    return node;
  };

  it('creates the connection with the password write-only, and tests it', async () => {
    const password = server.reader.password;
    const { createDirectoryConnection: created } = await gql<{
      createDirectoryConnection: { id: string; settings: Record<string, unknown>; secretsSet: string[] };
    }>(
      `mutation ($input: DirectoryConnectionInput!) { createDirectoryConnection(input: $input) { id settings secretsSet } }`,
      {
        input: {
          name: 'Corporate LDAP',
          source: 'LDAP',
          config: {
            url: server.url,
            bindDn: server.reader.dn,
            bindPassword: password,
            baseDn: server.baseDn,
            userBaseDn: PEOPLE_DN,
            groupBaseDn: GROUPS_DN,
            pageSize: 500,
          },
        },
      },
    );
    connectionId = created.id;
    expect(created.secretsSet).toEqual(['bindPassword']);
    expect(created.settings).toMatchObject({ url: server.url, flavor: 'openldap', pageSize: 500 });
    expect(JSON.stringify(created)).not.toContain(password);
    const { testDirectoryConnection } = await gql<{ testDirectoryConnection: unknown }>(
      `mutation ($id: ID!) { testDirectoryConnection(id: $id) { ok userCount error { code message } } }`,
      { id: connectionId },
    );
    expect(testDirectoryConnection).toEqual({ ok: true, userCount: TOTAL, error: null });
  });

  it('syncs every person, manager, group and membership into Postgres', async () => {
    const job = await sync('FULL');
    expect(job.failure).toBeNull();
    expect(job.status).toBe('COMPLETED');
    // Cycle A ⊃ Cycle B ⊃ Cycle C ⊃ Cycle A: reported, and the membership closing it at Cycle A left out.
    expect(job.errors).toEqual([
      {
        code: 'GROUP_CYCLE',
        externalId: server.dataset.groups.find((group) => group.cn === 'Cycle C')!.entryUUID,
        message:
          'group "Cycle A" as a member of "Cycle C" closes a nesting cycle; that membership is left out',
      },
    ]);
    const groups = server.dataset.groups;
    expect(job.stats).toMatchObject({
      usersCreated: TOTAL,
      usersErrors: 0,
      groupsCreated: groups.length,
      groupsErrors: 0,
      totalProcessed: TOTAL + groups.length,
      membershipsAdded: groups.reduce((sum, group) => sum + group.users.length + group.groups.length, 0) - 1,
    });

    const [counts] = await app.db.dataSource.query(
      `SELECT count(*)::int AS people,
              count(*) FILTER (WHERE status = 'suspended')::int AS suspended,
              count(manager_id)::int AS managed,
              count(DISTINCT external_id)::int AS ids
       FROM employees WHERE connection_id = $1`,
      [connectionId],
    );
    expect(counts).toEqual({
      people: TOTAL,
      suspended: 0, // the OpenLDAP flavor has no disabled flag
      managed: TOTAL - 1,
      ids: TOTAL,
    });
    const [special] = await app.db.dataSource.query(
      `SELECT external_id, display_name, username, custom_attributes FROM employees WHERE connection_id = $1 AND email = 'jsmith@example.com'`,
      [connectionId],
    );
    expect(special).toMatchObject({
      external_id: server.dataset.person('s1').entryUUID,
      display_name: 'Smith, John',
      username: 'jsmith',
    });
  });

  it('answers management chains through the graph, across escaped DNs', async () => {
    expect(await chainOf('user09999@example.com')).toEqual([
      'user00999@example.com',
      'user00099@example.com',
      'user00009@example.com',
      'user00000@example.com',
    ]);
    // unicode → "Multi Valued+uid=mv1" → " Leading and trailing " → "a/b+c;d<e>f=g#h" → "\"Quoted\" Name" → "Smith, John" → CEO
    expect(await chainOf('hash@example.com')).toEqual([
      'unicode@example.com',
      'mv1@example.com',
      'spaces@example.com',
      'specials@example.com',
      'quoted@example.com',
      'jsmith@example.com',
      'user00000@example.com',
    ]);
  });

  it('answers nested group membership through the graph, cycles included', async () => {
    const everyone = await groupNamed('Everyone');
    expect(everyone.direct).toBe(0);
    expect(everyone.nested).toBe(TOTAL);
    expect(everyone.childGroups.map((group) => group.name).sort()).toEqual([
      'R&D, Europe',
      'Shared Services',
      'Special People',
      'dept-engineering',
      'dept-finance',
      'dept-operations',
      'dept-sales',
    ]);
    const engineering = await groupNamed('dept-engineering');
    // Shared Services brings u5 (sales) and u6 (operations).
    expect(engineering).toMatchObject({ direct: 2500, nested: 2502 });
    const cycle = await groupNamed('Cycle A');
    expect(cycle).toMatchObject({ direct: 1, nested: 3 });
    expect((await groupNamed('Cycle C')).childGroups).toEqual([]);
    const [{ both }] = await app.db.dataSource.query(
      `SELECT count(*)::int AS both FROM group_nesting a JOIN group_nesting b
         ON a.parent_group_id = b.child_group_id AND a.child_group_id = b.parent_group_id`,
    );
    expect(both).toBe(0);
    const special = await groupNamed('Special People');
    expect(special).toMatchObject({ direct: 7, nested: 7 });
  });

  it('applies only what changed on an incremental sync', async () => {
    const person = server.dataset.person('u42');
    await server.modify(person.dn, { title: ['Director of Deltas'] });
    const job = await sync('INCREMENTAL');
    expect(job.status).toBe('COMPLETED');
    expect(job.stats).toMatchObject({
      usersCreated: 0,
      usersUpdated: 1,
      usersDisabled: 0,
      totalProcessed: 1,
    });
    const [row] = await app.db.dataSource.query(
      `SELECT job_title FROM employees WHERE connection_id = $1 AND external_id = $2`,
      [connectionId, person.entryUUID],
    );
    expect(row.job_title).toBe('Director of Deltas');
    const [count] = await app.db.dataSource.query(
      `SELECT count(*)::int AS people FROM employees WHERE connection_id = $1 AND deprovisioned_at IS NULL`,
      [connectionId],
    );
    expect(count.people).toBe(TOTAL);
  });

  describe('an AD-like tree (science.ldif): groups of objectClass group, people without mail, a nesting cycle', () => {
    let scienceId: string;

    it('reports the nesting cycle as GROUP_CYCLE and stores that nesting one way only', async () => {
      const { createDirectoryConnection } = await gql<{ createDirectoryConnection: { id: string } }>(
        `mutation ($input: DirectoryConnectionInput!) { createDirectoryConnection(input: $input) { id } }`,
        {
          input: {
            name: 'Science (AD-like)',
            source: 'LDAP',
            config: {
              url: server.url,
              bindDn: server.reader.dn,
              bindPassword: server.reader.password,
              baseDn: SCIENCE_DN,
              userBaseDn: SCIENCE_PEOPLE_DN,
              groupBaseDn: SCIENCE_GROUPS_DN,
              groupFilter: '(objectClass=group)',
              attributes: {
                groupName: 'sAMAccountName',
                groupDisplayName: 'displayName',
                groupType: 'groupType',
              },
            },
          },
        },
      );
      scienceId = createDirectoryConnection.id;
      connectionId = scienceId;
      const job = await sync('FULL');
      expect(job.status).not.toBe('FAILED');
      expect(job.errors.filter((error) => error.code === 'GROUP_CYCLE')).toEqual([
        {
          code: 'GROUP_CYCLE',
          externalId: '5c1e0000-0000-4000-9000-000000000002',
          message:
            'group "Everyone in science" as a member of "Mathematicians" closes a nesting cycle; that membership is left out',
        },
      ]);
      const nesting: { parent: string; child: string }[] = await app.db.dataSource.query(
        `SELECT p.name AS parent, c.name AS child FROM group_nesting n
           JOIN directory_groups p ON p.id = n.parent_group_id JOIN directory_groups c ON c.id = n.child_group_id
         WHERE p.connection_id = $1 ORDER BY 1, 2`,
        [scienceId],
      );
      expect(nesting).toEqual([
        { parent: 'scientists', child: 'chemists' },
        { parent: 'scientists', child: 'mathematicians' },
      ]);
      const [scientists] = await app.db.dataSource.query(
        `SELECT display_name, is_security_group FROM directory_groups WHERE connection_id = $1 AND name = 'scientists'`,
        [scienceId],
      );
      expect(scientists).toEqual({ display_name: 'Everyone in science', is_security_group: true });

      // A second full sync reads the same cycle: reported again, still stored one way.
      const again = await sync('FULL');
      expect(again.errors.filter((error) => error.code === 'GROUP_CYCLE')).toHaveLength(1);
      const [{ count }] = await app.db.dataSource.query(
        `SELECT count(*)::int AS count FROM group_nesting n JOIN directory_groups p ON p.id = n.parent_group_id
         WHERE p.connection_id = $1`,
        [scienceId],
      );
      expect(count).toBe(2);
    });

    it('accepts the 11 people without mail, and their group memberships; a template gives them addresses', async () => {
      const people = async () =>
        (await app.db.dataSource.query(
          `SELECT e.username, e.email, e.display_name AS "displayName" FROM employees e
             JOIN employee_sources es ON es.employee_id = e.id
           WHERE es.connection_id = $1 AND e.deprovisioned_at IS NULL ORDER BY e.username`,
          [scienceId],
        )) as { username: string; email: string | null; displayName: string }[];
      // The syncs above: no MISSING_EMAIL, the 11 people are there, without e-mail.
      const { syncJobs } = await gql<{ syncJobs: { edges: { node: Job }[] } }>(
        `query ($id: ID!) { syncJobs(filter: { connectionId: $id }, first: 5) { edges { node { ${JOB_FIELDS} } } } }`,
        { id: scienceId },
      );
      for (const { node } of syncJobs.edges) {
        expect(node.errors.filter((error) => error.code !== 'GROUP_CYCLE')).toEqual([]);
        expect(node.stats.usersErrors).toBe(0);
      }
      const before = await people();
      expect(before).toHaveLength(SCIENCE_PEOPLE);
      expect(before.every((person) => person.email === null)).toBe(true);
      expect(before.find((person) => person.username === 'curie')?.displayName).toBe('Marie Curie');

      const members = async () =>
        (await app.db.dataSource.query(
          `SELECT g.name AS "group", string_agg(e.username, ',' ORDER BY e.username) AS people
           FROM group_members gm JOIN directory_groups g ON g.id = gm.group_id JOIN employees e ON e.id = gm.employee_id
           WHERE g.connection_id = $1 GROUP BY g.name ORDER BY g.name`,
          [scienceId],
        )) as { group: string; people: string }[];
      const expected = [
        { group: 'chemists', people: 'boyle,curie,nobel,pasteur' },
        { group: 'mathematicians', people: 'euler,gauss,riemann' },
        { group: 'scientists', people: 'einstein,galieleo,newton,tesla' },
      ];
      expect(await members()).toEqual(expected);
      // Nested membership through the graph, for a person found by id (no e-mail to find them by).
      const [riemann] = await app.db.dataSource.query(
        `SELECT e.id FROM employees e JOIN employee_sources es ON es.employee_id = e.id
         WHERE es.connection_id = $1 AND e.username = 'riemann'`,
        [scienceId],
      );
      const { employee } = await gql<{
        employee: { email: string | null; groups: { group: { name: string }; membershipType: string }[] };
      }>(
        `query ($id: ID!) { employee(id: $id) { email groups(resolveNested: true) { group { name } membershipType } } }`,
        { id: riemann.id },
      );
      expect(employee.email).toBeNull();
      expect(
        employee.groups.map((membership) => [membership.group.name, membership.membershipType]).sort(),
      ).toEqual([
        ['mathematicians', 'DIRECT'],
        ['scientists', 'NESTED'],
      ]);

      // The organization wants addresses: from the userPrincipalName, as the template says.
      await gql(
        `mutation ($id: ID!, $input: DirectoryConnectionInput!) { updateDirectoryConnection(id: $id, input: $input) { id } }`,
        {
          id: scienceId,
          input: {
            config: {
              attributes: {
                groupName: 'sAMAccountName',
                groupDisplayName: 'displayName',
                groupType: 'groupType',
                userPrincipalName: 'userPrincipalName',
              },
              identity: { emailTemplate: '{userPrincipalName}' },
            },
          },
        },
      );
      const templated = await sync('FULL');
      expect(templated.stats).toMatchObject({
        usersCreated: 0,
        usersUpdated: SCIENCE_PEOPLE,
        usersErrors: 0,
      });
      const after = await people();
      expect(after.map((person) => person.email)).toEqual(
        after.map((person) => `${person.username}@science.example.com`),
      );
      expect(await members()).toEqual(expected);
      const { employeeByEmail } = await gql<{ employeeByEmail: { id: string } | null }>(
        `{ employeeByEmail(email: "riemann@science.example.com") { id } }`,
      );
      expect(employeeByEmail).toEqual({ id: riemann.id });
    });
  });
});
