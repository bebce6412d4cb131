import {
  DEFAULT_REPORT_FIELDS,
  DEFAULT_REST_FIELDS,
  parseWorkdayConfig,
  WorkdayFieldMap,
} from '../../src/connectors/workday/workday.config';
import {
  dateOf,
  employmentTypeOf,
  mapWorkdayGroup,
  mapWorkdayWorker,
  statusOf,
  WorkdayMappingOptions,
} from '../../src/connectors/workday/workday-mapping';
import { reportEntries } from '../../src/connectors/workday/report-entries';
import { DEFAULT_GROUP_COLUMNS } from '../../src/connectors/workday/workday.config';
import { depthOf, levelSizes, seedTenant } from '../fakes/workday/tenant';

const options = (overrides: Partial<WorkdayMappingOptions> = {}): WorkdayMappingOptions => ({
  fields: { ...DEFAULT_REPORT_FIELDS },
  customFields: {},
  today: '2026-06-15',
  departmentGroups: true,
  costCenterGroups: true,
  ...overrides,
});

/** A report entry with overrides; a key set to undefined is left out (as Workday leaves out empty values). */
const entry = (overrides: Record<string, unknown> = {}): Record<string, unknown> => {
  const base: Record<string, unknown> = {
    Employee_ID: '21007',
    Full_Name: "Siobhán O'Brien",
    First_Name: 'Siobhán',
    Last_Name: "O'Brien",
    Email: 'siobhan.obrien@acme.example',
    Business_Title: 'Senior Engineer',
    Department: 'R&D – Platform',
    Division: 'Product',
    Cost_Center: 'CC-1007',
    Location: 'Zürich',
    Work_Phone: '+41 44 555 0107',
    Company: 'Acmé Holdings, Inc.',
    Manager_ID: '21001',
    Worker_Status: 'Active',
    Employee_Type: 'Regular',
    Time_Type: 'Full time',
    Hire_Date: '2019-03-04',
    ...overrides,
  };
  for (const key of Object.keys(base)) if (base[key] === undefined) delete base[key];
  return base;
};

const mapped = (raw: unknown, opts = options()) => {
  const result = mapWorkdayWorker(raw, opts);
  if (!result.ok) throw new Error(`not mapped: ${result.error.message}`);
  return result.value;
};

describe('workday mapping: workers', () => {
  it('maps every default column of a report entry', () => {
    const { user, groups } = mapped(entry());
    expect(user).toEqual({
      externalId: '21007',
      attributes: {
        employeeNumber: '21007',
        email: 'siobhan.obrien@acme.example',
        username: null,
        displayName: "Siobhán O'Brien",
        firstName: 'Siobhán',
        lastName: "O'Brien",
        preferredName: null,
        jobTitle: 'Senior Engineer',
        department: 'R&D – Platform',
        division: 'Product',
        costCenter: 'CC-1007',
        location: 'Zürich',
        phone: '+41 44 555 0107',
        company: 'Acmé Holdings, Inc.',
        status: 'active',
        employmentType: 'full_time',
        startDate: '2019-03-04',
        terminationDate: null,
        customAttributes: {
          workdayEmployeeType: 'Regular',
          workdayTimeType: 'Full time',
          workdayWorkerStatus: 'Active',
          workdayFutureHire: false,
        },
      },
      manager: { kind: 'externalId', value: '21001' },
      groupExternalIds: ['department:R&D – Platform', 'cost_center:CC-1007'],
    });
    expect(groups).toEqual([
      { externalId: 'department:R&D – Platform', name: 'R&D – Platform', groupType: 'department' },
      { externalId: 'cost_center:CC-1007', name: 'CC-1007', groupType: 'cost_center' },
    ]);
  });

  it('keeps CJK and accented names as they are, and composes a display name when the report has none', () => {
    const { user } = mapped(
      entry({ Full_Name: undefined, First_Name: '小龙', Last_Name: '李', Preferred_Name: undefined }),
    );
    expect(user.attributes).toMatchObject({ firstName: '小龙', lastName: '李', displayName: '小龙 李' });
    const preferred = mapped(entry({ Full_Name: undefined, Preferred_Name: 'Zoë' }));
    expect(preferred.user.attributes.displayName).toBe("Zoë O'Brien");
  });

  it('reads an empty (left out) column as a cleared value, and a field mapped to null as not provided', () => {
    const cleared = mapped(entry({ Division: undefined, Manager_ID: undefined }));
    expect(cleared.user.attributes.division).toBeNull();
    expect(cleared.user.manager).toBeNull();
    const fields: WorkdayFieldMap = { ...DEFAULT_REPORT_FIELDS, division: null, managerId: null };
    const untouched = mapped(entry({ Division: undefined }), options({ fields }));
    expect('division' in untouched.user.attributes).toBe(false);
    expect('manager' in untouched.user).toBe(false);
  });

  it('keeps the stored email when the entry has none (a terminated worker loses the work address)', () => {
    const { user } = mapped(
      entry({ Email: undefined, Worker_Status: 'Terminated', Termination_Date: '2026-01-31' }),
    );
    expect('email' in user.attributes).toBe(false);
    expect(user.attributes).toMatchObject({ status: 'terminated', terminationDate: '2026-01-31' });
  });

  it('takes the first address of a multi-instance email field', () => {
    const { user } = mapped(entry({ Email: ['', 'primary@acme.example', 'second@acme.example'] }));
    expect(user.attributes.email).toBe('primary@acme.example');
  });

  it.each([
    ['Active', undefined, 'active'],
    ['On Leave', undefined, 'on_leave'],
    ['Leave of Absence', undefined, 'on_leave'],
    ['Terminated', '2026-02-01', 'terminated'],
    ['Retired', undefined, 'retired'],
    ['1', undefined, 'active'],
    ['0', undefined, 'terminated'],
  ])('maps the worker status %s (termination date %s) to %s', (status, termination, expected) => {
    const { user } = mapped(entry({ Worker_Status: status, Termination_Date: termination }));
    expect(user.attributes.status).toBe(expected);
  });

  it('derives the status from the dates when the report has no status column', () => {
    const fields: WorkdayFieldMap = { ...DEFAULT_REPORT_FIELDS, status: null };
    const past = mapped(entry({ Termination_Date: '2026-06-15' }), options({ fields }));
    expect(past.user.attributes.status).toBe('terminated');
    const planned = mapped(entry({ Termination_Date: '2026-07-01' }), options({ fields }));
    expect(planned.user.attributes).toMatchObject({ status: 'active', terminationDate: '2026-07-01' });
  });

  it('represents a future hire as active with its future start date and workdayFutureHire', () => {
    const byStatus = mapped(entry({ Worker_Status: 'Pre-Hire', Hire_Date: '2026-07-01' }));
    expect(byStatus.user.attributes).toMatchObject({
      status: 'active',
      startDate: '2026-07-01',
      customAttributes: expect.objectContaining({ workdayFutureHire: true, workdayWorkerStatus: 'Pre-Hire' }),
    });
    const byDate = mapped(entry({ Hire_Date: '2026-06-16' }));
    expect(byDate.user.attributes.customAttributes).toMatchObject({ workdayFutureHire: true });
    const today = mapped(entry({ Hire_Date: '2026-06-15' }));
    expect(today.user.attributes.customAttributes).toMatchObject({ workdayFutureHire: false });
  });

  it('leaves the stored status alone for a status it does not know, and shows the text', () => {
    const { user } = mapped(entry({ Worker_Status: 'Garden Leave (Paid)' }));
    expect('status' in user.attributes).toBe(false);
    expect(user.attributes.customAttributes).toMatchObject({ workdayWorkerStatus: 'Garden Leave (Paid)' });
  });

  it('records working contractors with the contractor status', () => {
    const { user } = mapped(entry({ Employee_Type: 'Contingent Worker' }));
    expect(user.attributes).toMatchObject({ employmentType: 'contractor', status: 'contractor' });
    const onLeave = mapped(entry({ Employee_Type: 'Contractor', Worker_Status: 'On Leave' }));
    expect(onLeave.user.attributes.status).toBe('on_leave');
  });

  it.each([
    ['Regular', 'Full time', 'full_time'],
    ['Regular', 'Part time', 'part_time'],
    ['Contractor', 'Full time', 'contractor'],
    ['Intern', null, 'intern'],
    ['Fixed Term', null, 'temporary'],
    ['Freelancer', null, 'freelance'],
    [null, 'Part time', 'part_time'],
    ['Board Member', null, null],
  ])('maps employee type %s with time type %s to %s', (type, time, expected) => {
    expect(employmentTypeOf(type, time)).toBe(expected);
  });

  it.each([
    ['2024-03-15', '2024-03-15'],
    ['2024-03-15-08:00', '2024-03-15'],
    ['2024-03-15T00:00:00.000-08:00', '2024-03-15'],
    ['3/5/2024', '2024-03-05'],
  ])('reads the date %s as %s', (text, expected) => {
    expect(dateOf(text, 'Hire_Date')).toBe(expected);
  });

  it('rejects a record with an impossible date, naming the column and the worker', () => {
    const result = mapWorkdayWorker(entry({ Hire_Date: '2024-02-30' }), options());
    expect(result).toEqual({
      ok: false,
      error: { externalId: '21007', message: 'worker 21007: Hire_Date must be a date such as 2024-03-15' },
    });
  });

  it('rejects entries without an id and values that are not text', () => {
    expect(mapWorkdayWorker(entry({ Employee_ID: undefined }), options())).toEqual({
      ok: false,
      error: { message: 'worker: the entry has no Employee_ID value' },
    });
    expect(mapWorkdayWorker(['not', 'an', 'entry'], options())).toMatchObject({ ok: false });
    const nested = mapWorkdayWorker(entry({ Location: { City: 'Zürich' } }), options());
    expect(nested).toMatchObject({
      ok: false,
      error: { message: 'worker 21007: Location must be text, got an object' },
    });
  });

  it('copies custom fields through the field map', () => {
    const { user } = mapped(
      entry({
        Badge_Number: '500007',
        Pronouns: 'she/her',
        Skills: [{ descriptor: 'Go' }, 'SQL'],
        Remote: true,
      }),
      options({
        customFields: {
          badge: 'Badge_Number',
          pronouns: 'Pronouns',
          skills: 'Skills',
          remote: 'Remote',
          missing: 'Nope',
        },
      }),
    );
    expect(user.attributes.customAttributes).toMatchObject({
      badge: '500007',
      pronouns: 'she/her',
      skills: ['Go', 'SQL'],
      remote: true,
      missing: null,
    });
  });

  it('leaves department and cost-center groups out when disabled', () => {
    const { user, groups } = mapped(entry(), options({ departmentGroups: false, costCenterGroups: false }));
    expect(user.groupExternalIds).toBeUndefined();
    expect(groups).toEqual([]);
    const noDepartment = mapped(entry({ Department: undefined }), options({ costCenterGroups: false }));
    expect(noDepartment.user.groupExternalIds).toEqual([]);
  });

  it('maps a REST worker through dotted paths into reference objects', () => {
    const rest = {
      id: '3aa5550b7fe348b98d7b5741afc65534',
      descriptor: 'Zoë Núñez',
      href: 'https://wd2-impl-services1.workday.com/ccx/api/staffing/v6/acme/workers/3aa5',
      workerId: '21042',
      primaryWorkEmail: 'zoe.nunez@acme.example',
      businessTitle: 'Designer',
      person: { firstName: 'Zoë', lastName: 'Núñez' },
      primarySupervisoryOrganization: { id: 'org1', descriptor: 'Design' },
      costCenter: { id: 'cc1', descriptor: 'CC-1002' },
      location: { id: 'l1', descriptor: '東京' },
      manager: { id: '0e44c92412d34b01ace61e80a47aaf6d', descriptor: 'Mark Smith' },
      workerStatus: 'On Leave',
      workerType: { id: 't', descriptor: 'Regular' },
      timeType: { id: 't', descriptor: 'Part time' },
      hireDate: '2021-09-01',
    };
    const { user } = mapped(rest, options({ fields: { ...DEFAULT_REST_FIELDS } }));
    expect(user).toMatchObject({
      externalId: '3aa5550b7fe348b98d7b5741afc65534',
      attributes: {
        employeeNumber: '21042',
        email: 'zoe.nunez@acme.example',
        displayName: 'Zoë Núñez',
        department: 'Design',
        costCenter: 'CC-1002',
        location: '東京',
        division: null,
        status: 'on_leave',
        employmentType: 'part_time',
        startDate: '2021-09-01',
      },
      manager: { kind: 'externalId', value: '0e44c92412d34b01ace61e80a47aaf6d' },
    });
  });
});

describe('workday mapping: statusOf', () => {
  it('trusts the status text over the dates', () => {
    expect(
      statusOf({
        statusText: 'Active',
        startDate: '2020-01-01',
        terminationDate: '2026-01-01',
        employmentType: null,
        today: '2026-06-15',
      }),
    ).toEqual({ status: 'active', futureHire: false });
  });
});

describe('workday mapping: groups report', () => {
  it('maps a group with its members and its organization type', () => {
    const result = mapWorkdayGroup(
      {
        Group_ID: 'TEAM-5',
        Group_Name: 'Équipe 5 – Ops',
        Group_Type: 'Cost Center',
        Members: [{ Employee_ID: '21001' }, { Employee_ID: '21002' }],
      },
      DEFAULT_GROUP_COLUMNS,
    );
    expect(result).toEqual({
      ok: true,
      value: {
        externalId: 'group:TEAM-5',
        attributes: {
          name: 'Équipe 5 – Ops',
          groupType: 'cost_center',
          customAttributes: { workdayOrganizationType: 'Cost Center' },
        },
        members: [
          { type: 'user', externalId: '21001' },
          { type: 'user', externalId: '21002' },
        ],
      },
    });
  });

  it('reads a single member (RaaS writes one instance as an object) and no members as an empty group', () => {
    const one = mapWorkdayGroup(
      { Group_ID: 'G', Group_Name: 'G', Members: { Employee_ID: '7' } },
      DEFAULT_GROUP_COLUMNS,
    );
    expect(one).toMatchObject({
      ok: true,
      value: { members: [{ type: 'user', externalId: '7' }], attributes: { groupType: 'group' } },
    });
    const none = mapWorkdayGroup({ Group_ID: 'G', Group_Name: 'G' }, DEFAULT_GROUP_COLUMNS);
    expect(none).toMatchObject({ ok: true, value: { members: [] } });
  });

  it('rejects a group without a name or with a member without an id', () => {
    expect(mapWorkdayGroup({ Group_ID: 'G' }, DEFAULT_GROUP_COLUMNS)).toMatchObject({
      ok: false,
      error: { externalId: 'group:G', message: 'group G: Group_Name is missing' },
    });
    expect(
      mapWorkdayGroup({ Group_ID: 'G', Group_Name: 'G', Members: [{}] }, DEFAULT_GROUP_COLUMNS),
    ).toMatchObject({
      ok: false,
      error: { message: 'group G: a member has no Employee_ID' },
    });
  });
});

async function* chunked(text: string, size: number): AsyncGenerator<Uint8Array> {
  const bytes = Buffer.from(text, 'utf8');
  for (let start = 0; start < bytes.length; start += size) yield bytes.subarray(start, start + size);
}

async function collect(text: string, size: number, pageSize = 2): Promise<unknown[][]> {
  const pages: unknown[][] = [];
  for await (const page of reportEntries(chunked(text, size), pageSize)) pages.push(page);
  return pages;
}

describe('workday report stream', () => {
  const entries = [
    { Employee_ID: '1', Name: 'Zoë "Zo" {O\'Brien}' },
    { Employee_ID: '2', Name: '李小龙 ]}[{', Members: [{ Employee_ID: '3' }] },
    { Employee_ID: '3', Name: 'back\\slash' },
  ];
  const body = JSON.stringify({ Report_Entry: entries });

  it.each([1, 2, 3, 7, 64, 100_000])(
    'cuts entries out of chunks of %i bytes (multi-byte characters split too)',
    async (size) => {
      expect(await collect(body, size)).toEqual([entries.slice(0, 2), entries.slice(2)]);
    },
  );

  it('reads an empty report and ignores other top-level keys', async () => {
    expect(await collect('{"Report_Entry":[]}', 5)).toEqual([]);
    expect(await collect(' {"Other": {"x": [1]}, "Report_Entry" : [ {"a":1} ], "More": "]"}\n', 3)).toEqual([
      [{ a: 1 }],
    ]);
  });

  it.each([
    ['a body that is not JSON', '<html>Service unavailable</html>', 'the report is not a JSON object'],
    ['an object without Report_Entry', '{"error":"x"}', 'the report has no Report_Entry list'],
    [
      'a cut-off report',
      '{"Report_Entry":[{"a":1},{"b":',
      'the report ends before its Report_Entry list does',
    ],
    ['a broken entry', '{"Report_Entry":[{"a":1,}]}', 'entry 1 of a page is not JSON'],
    ['a list of strings', '{"Report_Entry":["a"]}', 'Report_Entry holds something other than objects'],
    ['trailing garbage', '{"Report_Entry":[]} tail', 'the report does not end as a JSON object'],
  ])('refuses %s', async (_, text, message) => {
    await expect(collect(text, 4)).rejects.toThrow(message);
  });
});

describe('workday config', () => {
  const report = {
    mode: 'report',
    host: 'https://wd2-impl-services1.workday.com',
    tenant: 'acme_impl1',
    username: 'ISU_Directory',
    password: 'pa55word!',
    workersReport: 'ISU_Directory/Directory_Workers',
  };

  it('fills defaults and parses its own output again unchanged', () => {
    const config = parseWorkdayConfig(report);
    expect(config).toMatchObject({
      host: 'https://wd2-impl-services1.workday.com',
      fields: DEFAULT_REPORT_FIELDS,
      pageSize: 100,
      departmentGroups: true,
      costCenterGroups: true,
    });
    expect(parseWorkdayConfig(config)).toEqual(config);
  });

  it('merges a field map over the defaults of the mode', () => {
    const config = parseWorkdayConfig({ ...report, fields: { email: 'Work_Email', division: null } });
    expect(config.fields).toEqual({ ...DEFAULT_REPORT_FIELDS, email: 'Work_Email', division: null });
    const rest = parseWorkdayConfig({
      mode: 'rest',
      host: report.host,
      tenant: 'acme',
      clientId: 'c',
      clientSecret: 's',
      refreshToken: 'r',
    });
    expect(rest.fields).toEqual(DEFAULT_REST_FIELDS);
  });

  it.each([
    [{ host: 'http://wd2-impl-services1.workday.com' }, 'host', 'must be an https URL'],
    [{ host: 'https://wd2.workday.com/ccx/service' }, 'host', 'must be the web-services host alone'],
    [{ tenant: '../other' }, 'tenant', 'must be a Workday tenant name'],
    [{ workersReport: 'ISU/../../x' }, 'workersReport', 'must be owner/Report_Name'],
    [{ password: undefined }, 'password', 'is required in report mode'],
    [{ clientSecret: 'x' }, 'clientSecret', 'belongs to the other mode'],
    [{ fields: { id: null } }, 'fields', 'id must name a column'],
    [{ fields: { email: 'Email; DROP' } }, 'fields', 'must be a report column'],
    [{ pageSize: 101 }, 'pageSize', 'less than or equal to 100'],
  ])('refuses %j naming %s', (change, path, message) => {
    let error: unknown;
    try {
      parseWorkdayConfig({ ...report, ...change });
    } catch (caught) {
      error = caught;
    }
    expect(String(error)).toContain(message);
    expect(JSON.stringify(error)).toContain(`"${path}"`);
    expect(String(error)).not.toContain('pa55word!');
  });
});

describe('workday fake tenant', () => {
  it('has 8 management levels, every kind of worker and odd names', () => {
    expect(levelSizes(5000)).toHaveLength(8);
    expect(levelSizes(100_000).reduce((a, b) => a + b)).toBe(100_000);
    const { workers } = seedTenant(5000);
    const depths = new Set(workers.map((worker) => depthOf(workers, worker.index)));
    expect(Math.max(...depths)).toBe(8);
    const statuses = new Set(workers.map((worker) => worker.status));
    expect(statuses).toEqual(new Set(['Active', 'On Leave', 'Terminated', 'Pre-Hire']));
    expect(workers.some((worker) => worker.status === 'Active' && worker.hireDate > '2026-06-15')).toBe(true);
    expect(workers.some((worker) => worker.lastName.includes("'"))).toBe(true);
    expect(workers.some((worker) => /[\u4e00-\u9fff]/.test(worker.lastName))).toBe(true);
    expect(new Set(workers.map((worker) => worker.email)).size).toBe(5000);
  });
});
