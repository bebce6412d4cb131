import { writeFileSync } from 'node:fs';
import { dataOf, startTestApp, TestApp } from '../support/app';
import { waitForSyncJob } from '../support/sync-jobs';
import { createOrganization } from '../support/factories';
import { FakeGraph, personId, seedOrganization } from '../fakes/graph';
import { HrisPerson, hrisDocument, writeHrisFile } from '../support/hris';

interface Job {
  id: string;
  status: string;
  errorCount: number;
  stats: Record<string, number>;
  errors: { code: string; message: string; externalId: string | null }[];
}

const JOB_FIELDS = `id status errorCount errors { code message externalId }
  stats { usersCreated usersUpdated usersLinked usersUnlinked usersConflicts usersDisabled usersDeleted usersSkipped usersErrors
          membershipsAdded membershipsRemoved }`;

const PEOPLE = 10_000;

/** The HR system's view of the fake tenant's people: same e-mails and employee numbers, its own ids and org data. */
function hrPeople(
  count: number,
  change: (person: HrisPerson, i: number) => void = () => undefined,
): HrisPerson[] {
  return Array.from({ length: count }, (_, i) => {
    const person: HrisPerson = {
      id: `H${i}`,
      employee_number: `E${1000 + i}`,
      email: `person${i}@contoso.test`,
      first_name: 'Hr',
      last_name: `Person${i}`,
      job_title: i === 0 ? 'Chief Executive Officer' : 'Staff Engineer',
      department: `HR-${i % 5}`,
      cost_center: `CC${i % 3}`,
      start_date: '2018-03-01',
      managers: i === 0 ? [] : [`E${1000 + Math.floor((i - 1) / 5)}`],
      groups: ['all'],
      employment_status: 'ACTIVE',
      // Half of the HR records carry the IdP's id (matched by idp id), the rest match by e-mail.
      ...(i % 2 === 0 ? { idp_id: personId(i) } : {}),
    };
    change(person, i);
    return person;
  });
}

/**
 * One person, many sources, through the real connectors: the fake Microsoft Graph tenant (Entra)
 * and an HRIS import describing the same people.
 */
describe('identity: one person, many sources', () => {
  let app: TestApp;
  let fake: FakeGraph;
  let admin: Record<string, string>;

  beforeAll(async () => {
    fake = await new FakeGraph().start();
    seedOrganization(fake.tenant, { people: PEOPLE, guests: 3 });
    app = await startTestApp({ SYNC_ATTEMPTS: '1' }, { sync: true });
    app.runtime!.startWorker();
    admin = {};
  }, 120_000);
  afterAll(async () => {
    await app?.stop();
    await fake?.stop();
  });

  const newOrg = async (): Promise<string> => {
    const orgId = await createOrganization(app.db.dataSource);
    admin[orgId] = await app.token(orgId, ['admin']);
    return orgId;
  };

  const gql = async <T>(orgId: string, query: string, variables: Record<string, unknown> = {}) =>
    dataOf(await app.request<T, Record<string, unknown>>(query, variables, { token: admin[orgId] }));

  const connect = async (orgId: string, name: string, source: string, config: Record<string, unknown>) =>
    (
      await gql<{ createDirectoryConnection: { id: string } }>(
        orgId,
        `mutation ($input: DirectoryConnectionInput!) { createDirectoryConnection(input: $input) { id } }`,
        { input: { name, source, config, deletionThresholdPercent: 100 } },
      )
    ).createDirectoryConnection.id;

  const sync = async (orgId: string, connectionId: string): Promise<Job> => {
    const { triggerSync } = await gql<{ triggerSync: Job }>(
      orgId,
      `mutation ($input: TriggerSyncInput!) { triggerSync(input: $input) { id } }`,
      { input: { connectionId, syncType: 'FULL' } },
    );
    const job = await waitForSyncJob<Job>(app, admin[orgId], triggerSync.id, JOB_FIELDS, 300_000);
    expect(job.status).toBe('COMPLETED');
    return job;
  };

  /** The directory as a reader sees it, by e-mail. */
  const directory = async (orgId: string) =>
    app.db.dataSource.query(
      `SELECT e.email, e.display_name, e.job_title, e.department, e.cost_center, e.start_date::text, e.status,
         e.employee_number, e.location, m.email AS manager, e.deprovisioned_at IS NOT NULL AS deprovisioned,
         (SELECT count(*)::int FROM employee_sources es WHERE es.employee_id = e.id) AS records
       FROM employees e LEFT JOIN employees m ON m.id = e.manager_id
       WHERE e.org_id = $1 ORDER BY e.email`,
      [orgId],
    );

  const person = async (orgId: string, email: string) =>
    (await directory(orgId)).find((row: { email: string }) => row.email === email);

  let hrFirst: { orgId: string; hr: string; entra: string; file: string };
  let idpFirst: { orgId: string; hr: string; entra: string; file: string };

  it('gives one directory whichever of Entra and the HR system syncs first', async () => {
    const setUp = async () => {
      const orgId = await newOrg();
      const file = writeHrisFile(orgId, hrisDocument(hrPeople(PEOPLE)));
      const hr = await connect(orgId, 'Workday export', 'HRIS_IMPORT', { file });
      const entra = await connect(orgId, 'Contoso Entra', 'AZURE_AD', fake.config({ pageSize: 999 }));
      return { orgId, hr, entra, file };
    };
    hrFirst = await setUp();
    idpFirst = await setUp();

    const hrJob = await sync(hrFirst.orgId, hrFirst.hr);
    expect(hrJob.stats).toMatchObject({ usersCreated: PEOPLE, usersLinked: 0, usersErrors: 0 });
    const entraJob = await sync(hrFirst.orgId, hrFirst.entra);
    // Every member joins their HR person; the three guests are people of their own.
    expect(entraJob.stats).toMatchObject({
      usersCreated: 3,
      usersLinked: PEOPLE,
      usersConflicts: 0,
      usersErrors: 0,
    });

    const entraFirst = await sync(idpFirst.orgId, idpFirst.entra);
    expect(entraFirst.stats).toMatchObject({ usersCreated: PEOPLE + 3, usersErrors: 0 });
    const hrSecond = await sync(idpFirst.orgId, idpFirst.hr);
    expect(hrSecond.stats).toMatchObject({ usersCreated: 0, usersLinked: PEOPLE, usersErrors: 0 });

    const one = await directory(hrFirst.orgId);
    const other = await directory(idpFirst.orgId);
    expect(one).toHaveLength(PEOPLE + 3);
    expect(other).toEqual(one);

    // Identity from the IdP, org structure and employment from HR, each where the other is silent.
    expect(one.find((row: { email: string }) => row.email === 'person12@contoso.test')).toEqual({
      email: 'person12@contoso.test',
      display_name: 'Person 12',
      job_title: 'Staff Engineer',
      department: 'HR-2',
      cost_center: 'CC0',
      start_date: '2018-03-01',
      status: 'active',
      employee_number: 'E1012',
      location: 'Oslo',
      manager: 'person2@contoso.test',
      deprovisioned: false,
      records: 2,
    });
    // The account Entra disables stays employed: HR leads employment.
    expect(await person(hrFirst.orgId, `person${PEOPLE - 1}@contoso.test`)).toMatchObject({
      status: 'active',
    });

    // A second run of either source changes nothing.
    expect((await sync(hrFirst.orgId, hrFirst.entra)).stats).toMatchObject({
      usersSkipped: PEOPLE + 3,
      usersUpdated: 0,
      usersCreated: 0,
    });
    expect((await sync(idpFirst.orgId, idpFirst.hr)).stats).toMatchObject({
      usersSkipped: PEOPLE,
      usersUpdated: 0,
    });
  }, 600_000);

  it('terminates a person HR terminates, though the IdP still lists them', async () => {
    const { orgId, hr, entra, file } = hrFirst;
    writeFileSync(
      file,
      JSON.stringify(
        hrisDocument(
          hrPeople(PEOPLE, (p, i) => {
            if (i === 30) {
              p.employment_status = 'TERMINATED';
              p.termination_date = '2026-11-30';
            }
          }),
        ),
      ),
    );
    expect((await sync(orgId, hr)).stats).toMatchObject({ usersUpdated: 1 });
    expect(await person(orgId, 'person30@contoso.test')).toMatchObject({ status: 'terminated', records: 2 });
    await sync(orgId, entra);
    expect(await person(orgId, 'person30@contoso.test')).toMatchObject({ status: 'terminated', records: 2 });
  }, 300_000);

  it('keeps a person current when the IdP drops their account', async () => {
    const { orgId, entra } = hrFirst;
    fake.tenant.deleteUser(personId(40));
    const job = await sync(orgId, entra);
    expect(job.stats).toMatchObject({ usersUnlinked: 1, usersDisabled: 0, usersDeleted: 0 });
    expect(await person(orgId, 'person40@contoso.test')).toMatchObject({
      status: 'active',
      deprovisioned: false,
      records: 1,
      department: 'HR-0',
    });
    const [{ count }] = await app.db.dataSource.query(
      `SELECT count(*)::int AS count FROM group_members gm JOIN directory_groups g ON g.id = gm.group_id
       JOIN employees e ON e.id = gm.employee_id WHERE e.email = 'person40@contoso.test' AND e.org_id = $1 AND g.connection_id = $2`,
      [orgId, entra],
    );
    expect(count).toBe(0);
  }, 300_000);
});
