import { writeFileSync } from 'node:fs';
import { dataOf, startTestApp, TestApp } from '../support/app';
import { waitForSyncJob } from '../support/sync-jobs';
import { createEmployee, createOrganization } from '../support/factories';
import { HrisPerson, hrisDocument, hrisPeople, writeHrisFile } from '../support/hris';
import { scimClient, scimConnection, USER } from '../scim/support';

interface Job {
  id: string;
  status: string;
  stats: Record<string, number>;
  errors: { code: string; message: string; externalId: string | null }[];
}

const JOB_FIELDS = `id status errors { code message externalId }
  stats { usersCreated usersUpdated usersLinked usersUnlinked usersConflicts usersSkipped usersErrors usersDisabled }`;

/**
 * Conflicts, field authority, manual edits and SCIM pushes over an HR system and a second source,
 * through the graph as an administrator uses them.
 */
describe('identity: conflicts, authority, manual edits', () => {
  let app: TestApp;
  let orgId: string;
  let admin: string;
  let hr: string;
  let hrFile: string;
  let people: HrisPerson[];

  beforeAll(async () => {
    app = await startTestApp({ SYNC_ATTEMPTS: '1' }, { sync: true });
    app.runtime!.startWorker();
    orgId = await createOrganization(app.db.dataSource);
    admin = await app.token(orgId, ['admin']);
    people = hrisPeople(6);
    hrFile = writeHrisFile(orgId, hrisDocument(people));
    hr = await connect('BambooHR export', { file: hrFile });
    await sync(hr);
  });
  afterAll(async () => app?.stop());

  const gql = async <T>(query: string, variables: Record<string, unknown> = {}) =>
    dataOf(await app.request<T, Record<string, unknown>>(query, variables, { token: admin }));

  async function connect(name: string, config: Record<string, unknown>): Promise<string> {
    const { createDirectoryConnection } = await gql<{ createDirectoryConnection: { id: string } }>(
      `mutation ($input: DirectoryConnectionInput!) { createDirectoryConnection(input: $input) { id } }`,
      { input: { name, source: 'HRIS_IMPORT', config, deletionThresholdPercent: 100 } },
    );
    return createDirectoryConnection.id;
  }

  async function sync(connectionId: string): Promise<Job> {
    const { triggerSync } = await gql<{ triggerSync: Job }>(
      `mutation ($input: TriggerSyncInput!) { triggerSync(input: $input) { id } }`,
      { input: { connectionId, syncType: 'FULL' } },
    );
    const job = await waitForSyncJob<Job>(app, admin, triggerSync.id, JOB_FIELDS);
    expect(job.status).toBe('COMPLETED');
    return job;
  }

  const byEmail = async (email: string) =>
    (
      await app.db.dataSource.query(
        `SELECT id, email, display_name, job_title, department, location, phone, status, user_id,
           (SELECT count(*)::int FROM employee_sources es WHERE es.employee_id = e.id) AS records
         FROM employees e WHERE org_id = $1 AND email = $2`,
        [orgId, email],
      )
    )[0];

  it('holds a record matching two people as a conflict, and links it or keeps it apart on request', async () => {
    // A second system whose records name person1 by e-mail and person2 by employee number.
    const payroll = [
      {
        id: 'X1',
        email: 'person1@acme.test',
        employee_number: 'E000002',
        first_name: 'Ambi',
        last_name: 'Guous',
      },
      {
        id: 'X2',
        email: 'stranger@acme.test',
        employee_number: 'E000002',
        first_name: 'Two',
        last_name: 'Way',
      },
      {
        id: 'X3',
        email: 'person4@acme.test',
        first_name: 'Clear',
        last_name: 'Match',
        job_title: 'Payroll title',
      },
    ];
    const payrollFile = writeHrisFile(orgId, hrisDocument(payroll, []));
    const other = await connect('Payroll', { file: payrollFile });
    const job = await sync(other);
    expect(job.stats).toMatchObject({ usersLinked: 2, usersConflicts: 1, usersCreated: 0 });
    expect(job.errors).toEqual([expect.objectContaining({ code: 'IDENTITY_CONFLICT', externalId: 'X1' })]);
    const { identityConflicts } = await gql<{
      identityConflicts: {
        nodes: { id: string; externalId: string; candidateIds: string[]; status: string }[];
      };
    }>(
      `{ identityConflicts(status: OPEN) { nodes { id externalId candidateIds status email } hasNextPage } }`,
    );
    expect(identityConflicts.nodes).toHaveLength(1);
    const [conflict] = identityConflicts.nodes;
    const person1 = await byEmail('person1@acme.test');
    const person2 = await byEmail('person2@acme.test');
    expect(conflict.candidateIds.sort()).toEqual([person1.id, person2.id].sort());
    // Nothing merged: person1 and person2 keep only their HR record.
    expect(person1.records).toBe(1);

    const { resolveIdentityConflict } = await gql<{
      resolveIdentityConflict: { status: string; employeeId: string };
    }>(
      `mutation ($id: ID!, $employeeId: ID) { resolveIdentityConflict(id: $id, action: LINK, employeeId: $employeeId) { status employeeId } }`,
      { id: conflict.id, employeeId: person1.id },
    );
    expect(resolveIdentityConflict).toEqual({ status: 'RESOLVED', employeeId: person1.id });
    expect(await byEmail('person1@acme.test')).toMatchObject({ records: 2 });
    // The next sync finds the record linked: no conflict any more.
    expect((await sync(other)).stats).toMatchObject({ usersConflicts: 0, usersErrors: 0 });

    // KEEP_APART: two people share an employee number (one entered by hand); a record with it is
    // held, and kept apart it becomes a person of its own.
    await createEmployee(app.db.dataSource, orgId, { employeeNumber: 'E000005', email: 'dup@acme.test' });
    writeFileSync(
      payrollFile,
      JSON.stringify(
        hrisDocument(
          [
            ...payroll,
            {
              id: 'X4',
              email: 'fresh@acme.test',
              employee_number: 'E000005',
              first_name: 'F',
              last_name: 'Resh',
            },
          ],
          [],
        ),
      ),
    );
    expect((await sync(other)).stats).toMatchObject({ usersConflicts: 1, usersCreated: 0 });
    const open = await gql<{ identityConflicts: { nodes: { id: string; externalId: string }[] } }>(
      `{ identityConflicts(status: OPEN) { nodes { id externalId } } }`,
    );
    expect(open.identityConflicts.nodes.map((node) => node.externalId)).toEqual(['X4']);
    await gql(`mutation ($id: ID!) { resolveIdentityConflict(id: $id, action: KEEP_APART) { status } }`, {
      id: open.identityConflicts.nodes[0].id,
    });
    expect((await sync(other)).stats).toMatchObject({ usersCreated: 1, usersConflicts: 0 });
    expect(await byEmail('fresh@acme.test')).toMatchObject({ records: 1 });
  });

  it('recomputes people when the order of a field group changes: preview, then apply', async () => {
    // Payroll (created second) says person4's title; HR (older) leads ORG_STRUCTURE by default.
    expect(await byEmail('person4@acme.test')).toMatchObject({ job_title: 'Engineer', records: 2 });
    const { fieldAuthority } = await gql<{
      fieldAuthority: { group: string; effectiveConnectionIds: string[] }[];
    }>(`{ fieldAuthority { group connectionIds effectiveConnectionIds } }`);
    const order = fieldAuthority.find((row) => row.group === 'ORG_STRUCTURE')!.effectiveConnectionIds;
    expect(order[0]).toBe(hr);
    const reversed = [...order].reverse();
    const change = (preview: boolean) =>
      gql<{ setFieldAuthority: { peopleChanged: number; sample: { email: string; fields: string[] }[] } }>(
        `mutation ($ids: [ID!]!, $preview: Boolean!) { setFieldAuthority(group: ORG_STRUCTURE, connectionIds: $ids, preview: $preview) {
           group preview peopleRecomputed peopleChanged sample { employeeId email fields } } }`,
        { ids: reversed, preview },
      );
    const preview = (await change(true)).setFieldAuthority;
    expect(preview.peopleChanged).toBeGreaterThanOrEqual(1);
    expect(preview.sample).toContainEqual(
      expect.objectContaining({ email: 'person4@acme.test', fields: expect.arrayContaining(['job_title']) }),
    );
    expect(await byEmail('person4@acme.test')).toMatchObject({ job_title: 'Engineer' });
    const applied = (await change(false)).setFieldAuthority;
    expect(applied.peopleChanged).toBe(preview.peopleChanged);
    expect(await byEmail('person4@acme.test')).toMatchObject({ job_title: 'Payroll title' });
    // Back to HR first.
    await change(false).then(() =>
      gql(
        `mutation ($ids: [ID!]!) { setFieldAuthority(group: ORG_STRUCTURE, connectionIds: $ids) { peopleChanged } }`,
        {
          ids: order,
        },
      ),
    );
    expect(await byEmail('person4@acme.test')).toMatchObject({ job_title: 'Engineer' });
  });

  it('keeps a manual override through a full sync, and the sources show again when it is cleared', async () => {
    const person = await byEmail('person3@acme.test');
    const { setEmployeeFields } = await gql<{ setEmployeeFields: { location: string; jobTitle: string } }>(
      `mutation ($id: ID!) { setEmployeeFields(id: $id, input: { location: "Remote", jobTitle: "Founder", userId: "itsm-42" }) {
         location jobTitle sources { source connectionId supplies } } }`,
      { id: person.id },
    );
    expect(setEmployeeFields).toMatchObject({ location: 'Remote', jobTitle: 'Founder' });
    writeFileSync(
      hrFile,
      JSON.stringify(
        hrisDocument(people.map((p, i) => (i === 3 ? { ...p, job_title: 'Principal Engineer' } : p))),
      ),
    );
    expect((await sync(hr)).stats).toMatchObject({ usersUpdated: 1 });
    expect(await byEmail('person3@acme.test')).toMatchObject({
      job_title: 'Founder',
      location: 'Remote',
      user_id: 'itsm-42',
      records: 2,
    });
    const { employee } = await gql<{
      employee: { sources: { source: string; connectionId: string | null; supplies: string[] }[] };
    }>(
      `query ($id: ID!) { employee(id: $id) { sources { source connectionId connectionName externalId lastSeenAt supplies } } }`,
      {
        id: person.id,
      },
    );
    expect(employee.sources).toContainEqual(
      expect.objectContaining({
        source: 'MANUAL',
        connectionId: null,
        supplies: expect.arrayContaining(['job_title', 'user_id']),
      }),
    );
    expect(employee.sources).toContainEqual(
      expect.objectContaining({
        connectionId: hr,
        supplies: expect.arrayContaining(['department', 'email']),
      }),
    );
    await gql(`mutation ($id: ID!) { clearEmployeeFields(id: $id, fields: ["jobTitle"]) { jobTitle } }`, {
      id: person.id,
    });
    expect(await byEmail('person3@acme.test')).toMatchObject({
      job_title: 'Principal Engineer',
      location: 'Remote',
    });

    const { createEmployee } = await gql<{ createEmployee: { id: string; email: string; source: string } }>(
      `mutation { createEmployee(input: { email: "Contractor@Acme.test", firstName: "Con", lastName: "Tractor", department: "Ops" }) {
         id email displayName source } }`,
    );
    expect(createEmployee).toMatchObject({ email: 'contractor@acme.test', source: 'MANUAL' });
    await sync(hr);
    expect(await byEmail('contractor@acme.test')).toMatchObject({ department: 'Ops', records: 1 });
    const filtered = await gql<{ employees: { edges: { node: { email: string } }[] } }>(
      `query ($c: ID!) { employees(first: 50, filter: { connectionId: $c }) { edges { node { email } } } }`,
      { c: hr },
    );
    expect(filtered.employees.edges.map((edge) => edge.node.email)).not.toContain('contractor@acme.test');
    expect(filtered.employees.edges.map((edge) => edge.node.email)).toContain('person3@acme.test');
  });

  it('sets a manager by hand that outranks the HR system through a full sync, refuses bad managers, and clears back to HR', async () => {
    const [p0, p1, p2, p4] = await Promise.all([0, 1, 2, 4].map((i) => byEmail(`person${i}@acme.test`)));
    const managerOf = async (id: string) =>
      (await app.db.dataSource.query(`SELECT manager_id FROM employees WHERE id = $1`, [id]))[0].manager_id;
    expect(await managerOf(p4.id)).toBe(p0.id);
    const set = async (id: string, managerId: unknown) =>
      app.request<{ setEmployeeFields: { manager: { id: string } | null } }, Record<string, unknown>>(
        `mutation ($id: ID!, $managerId: ID) { setEmployeeFields(id: $id, input: { managerId: $managerId }) { manager { id } } }`,
        { id, managerId },
        { token: admin },
      );
    const { setEmployeeFields } = dataOf(await set(p4.id, p2.id));
    expect(setEmployeeFields.manager).toEqual({ id: p2.id });

    // HR moves person 4 under person 1 and changes their title: the title shows, the hand-set manager stays.
    people = people.map((p, i) =>
      i === 3
        ? { ...p, job_title: 'Principal Engineer' } // as the test before left the file
        : i === 4
          ? { ...p, managers: ['E000001'], job_title: 'Lead Engineer' }
          : p,
    );
    writeFileSync(hrFile, JSON.stringify(hrisDocument(people)));
    const job = await sync(hr);
    expect(job.stats).toMatchObject({ usersUpdated: 1 });
    expect(job.errors).toEqual([]);
    expect(await byEmail('person4@acme.test')).toMatchObject({ job_title: 'Lead Engineer' });
    expect(await managerOf(p4.id)).toBe(p2.id);
    const { employee } = await gql<{
      employee: { manager: { id: string }; sources: { source: string; supplies: string[] }[] };
    }>(`query ($id: ID!) { employee(id: $id) { manager { id } sources { source supplies } } }`, {
      id: p4.id,
    });
    expect(employee.manager).toEqual({ id: p2.id });
    expect(employee.sources.find((record) => record.source === 'MANUAL')?.supplies).toContain('manager_id');
    expect(employee.sources.find((record) => record.source === 'HRIS_IMPORT')?.supplies).not.toContain(
      'manager_id',
    );
    // A second, unchanged full sync changes nothing either.
    expect((await sync(hr)).stats).toMatchObject({ usersUpdated: 0 });
    expect(await managerOf(p4.id)).toBe(p2.id);

    // Bad managers: typed errors, nothing changed.
    const otherOrg = await createOrganization(app.db.dataSource);
    const stranger = await createEmployee(app.db.dataSource, otherOrg);
    for (const [managerId, message] of [
      [p4.id, /own manager/],
      ['not-an-id', /employee id/],
      ['00000000-0000-4000-8000-000000000000', /no person of your organization/],
      [stranger.id, /no person of your organization/],
    ] as const) {
      const response = await set(p4.id, managerId);
      expect(response.errors?.[0]).toMatchObject({
        message: expect.stringMatching(message),
        extensions: { code: 'BAD_USER_INPUT', argument: 'managerId' },
      });
    }
    // Person 2 under person 4 would close a cycle (4 reports to 2).
    const cycle = await set(p2.id, p4.id);
    expect(cycle.errors?.[0]).toMatchObject({
      message: expect.stringMatching(/cycle/),
      extensions: { code: 'BAD_USER_INPUT', argument: 'managerId' },
    });
    expect(await managerOf(p2.id)).toBe(p0.id);
    expect(await managerOf(p4.id)).toBe(p2.id);

    // Cleared: HR's manager (now person 1) shows again; the MANUAL record, empty, goes.
    const { clearEmployeeFields } = await gql<{ clearEmployeeFields: { manager: { id: string } } }>(
      `mutation ($id: ID!) { clearEmployeeFields(id: $id, fields: ["managerId"]) { manager { id } } }`,
      { id: p4.id },
    );
    expect(clearEmployeeFields.manager).toEqual({ id: p1.id });
    expect(await byEmail('person4@acme.test')).toMatchObject({ records: 2 }); // HR and payroll
    expect((await sync(hr)).stats).toMatchObject({ usersUpdated: 0 });
    expect(await managerOf(p4.id)).toBe(p1.id);
  });

  it('says when the source last listed a record: a full sync lists everyone, a record it stops listing keeps its last listing', async () => {
    const sourcesOf = async (id: string) =>
      (
        await gql<{
          employee: { sources: { connectionId: string | null; lastSeenAt: string; lastChangedAt: string }[] };
        }>(`query ($id: ID!) { employee(id: $id) { sources { connectionId lastSeenAt lastChangedAt } } }`, {
          id,
        })
      ).employee.sources.find((record) => record.connectionId === hr)!;
    // Person 5: only HR describes them; person 2: HR and payroll.
    const [steady, changing] = await Promise.all([
      byEmail('person5@acme.test'),
      byEmail('person2@acme.test'),
    ]);
    const before = await sourcesOf(steady.id);
    const changingBefore = await sourcesOf(changing.id);

    people = people.map((p, i) => (i === 2 ? { ...p, department: 'Research' } : p));
    writeFileSync(hrFile, JSON.stringify(hrisDocument(people)));
    await sync(hr);
    // Person 5 is unchanged: listed again (seen now), but what HR says of them has not changed.
    const after = await sourcesOf(steady.id);
    expect(Date.parse(after.lastSeenAt)).toBeGreaterThan(Date.parse(before.lastSeenAt));
    expect(after.lastChangedAt).toBe(before.lastChangedAt);
    const changingAfter = await sourcesOf(changing.id);
    expect(Date.parse(changingAfter.lastChangedAt)).toBeGreaterThan(Date.parse(changingBefore.lastChangedAt));
    expect(changingAfter.lastSeenAt).toBe(after.lastSeenAt);

    // HR stops listing person 5 (only HR describes them: disabled, record kept): their record
    // keeps the time of the last listing that had them, through later syncs too.
    writeFileSync(hrFile, JSON.stringify(hrisDocument(people.filter((_, i) => i !== 5))));
    expect((await sync(hr)).stats).toMatchObject({ usersDisabled: 1 });
    expect((await sourcesOf(steady.id)).lastSeenAt).toBe(after.lastSeenAt);
    await sync(hr);
    expect((await sourcesOf(steady.id)).lastSeenAt).toBe(after.lastSeenAt);
    const other = await sourcesOf(changing.id);
    expect(Date.parse(other.lastSeenAt)).toBeGreaterThan(Date.parse(after.lastSeenAt));

    // Listed again: seen now, and current again.
    writeFileSync(hrFile, JSON.stringify(hrisDocument(people)));
    await sync(hr);
    expect((await sourcesOf(steady.id)).lastSeenAt).toBe((await sourcesOf(changing.id)).lastSeenAt);
    expect(await byEmail('person5@acme.test')).toMatchObject({ status: 'active' });
  });

  it('joins a SCIM-pushed user to the HR person with the same e-mail', async () => {
    const { token } = await scimConnection(app, admin, 'Okta SCIM');
    const scim = scimClient(app, token);
    const hrPerson = await byEmail('person5@acme.test');
    const user = {
      schemas: [USER],
      userName: 'person5@acme.test',
      externalId: 'okta-5',
      name: { givenName: 'Pat', familyName: 'Five' },
      displayName: 'Pat Five',
      phoneNumbers: [{ value: '+1 555 0105', type: 'work' }],
    };
    const created = await scim('POST', '/Users', user);
    expect(created.status).toBe(201);
    expect(created.body.id).toBe(hrPerson.id);
    // Identity from the IdP, org structure still HR's.
    expect(await byEmail('person5@acme.test')).toMatchObject({
      display_name: 'Pat Five',
      phone: '+1 555 0105',
      department: hrPerson.department,
      records: 2,
    });
    const read = await scim('GET', `/Users/${hrPerson.id}`);
    expect(read.status).toBe(200);
    expect(read.body.externalId).toBe('okta-5');

    // The same user put twice (a PUT states every attribute, the POST did not): the second leaves
    // the SCIM record unchanged, and seen now.
    expect((await scim('PUT', `/Users/${hrPerson.id}`, user)).status).toBe(200);
    const scimRecord = async () =>
      (
        await gql<{ employee: { sources: { source: string; lastSeenAt: string; lastChangedAt: string }[] } }>(
          `query ($id: ID!) { employee(id: $id) { sources { source lastSeenAt lastChangedAt } } }`,
          { id: hrPerson.id },
        )
      ).employee.sources.find((record) => record.source === 'SCIM')!;
    const first = await scimRecord();
    const replaced = await scim('PUT', `/Users/${hrPerson.id}`, user);
    expect(replaced.status).toBe(200);
    const again = await scimRecord();
    expect(Date.parse(again.lastSeenAt)).toBeGreaterThan(Date.parse(first.lastSeenAt));
    expect(again.lastChangedAt).toBe(first.lastChangedAt);
  });
});
