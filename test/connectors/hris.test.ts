import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { createServer as createHttpsServer } from 'node:https';
import { createServer, IncomingHttpHeaders, Server, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ZodError } from 'zod';
import { DirectorySource } from '../../src/entities/enums';
import { hrisConnector, HrisConfig } from '../../src/connectors/hris';
import {
  HrisEntry,
  HrisMappedDocument,
  locateJsonError,
  mapHrisDocument,
  parseHrisJson,
  toPages,
} from '../../src/connectors/hris/hris-document';
import { OutboundPolicy, parseRetryAfter } from '../../src/connectors/http';
import { testPki } from '../fakes/graph';
import {
  ConnectorContext,
  ConnectorError,
  DirectoryConnector,
  SourceGroup,
  SourcePage,
  SourceRecordError,
  SourceUser,
} from '../../src/connectors/types';

// ---------------------------------------------------------------------------------------------
// Fixtures (built in code; shapes follow the HRIS template's two documented forms)

/** The template's capitalised example, with plausible values. */
function capitalisedExample(): Record<string, unknown> {
  return {
    System: { URL: 'https://hris.example.test' },
    Employees: [
      {
        'Employee Number': '123456',
        Company: 'Example Corp',
        'First Name': 'John',
        'Last Name': 'Doe',
        'Preferred Name': 'Johnny',
        'Display Full Name': 'Johnny Doe',
        'Canonical Name': 'John Doe',
        Username: 'john.doe',
        Email: ' John.Doe@Example.TEST ',
        'IDP ID': '1234-5678-9012',
        'Personal Email': 'johnny@mail.example.test',
        'Home Location': 'City A',
        'Work Location': 'City B',
        'Cost Center': '001',
        Department: '002',
        Managers: ['987654'],
        Groups: ['team-1', 'dept-1'],
        'Employment Status': 'ACTIVE',
        'Is Active': true,
        'Start Date': '2021-05-01T00:00:00Z',
        'Termination Date': null,
        'Job Title': 'Software Engineer',
        'Employment Types': ['FULL_TIME'],
        'Primary Time Zone': 'America/New_York',
      },
    ],
    // As in the template's example: a group without any id, which cannot be mapped.
    Groups: [{ 'Group Type': 'TEAM', Parent: 'dept-1' }],
  };
}

/** The template's snake_case API example with custom properties. */
function snakeCaseExample(): Record<string, unknown> {
  return {
    name: 'BambooHR',
    hris_type: 'BambooHR',
    custom_property_definition: {
      employee_properties: { division: 'STRING', office_extension: 'STRING' },
      group_properties: { headquarters_location: 'STRING' },
    },
    system: {
      name: 'BambooHR',
      id: 'BambooHR',
      url: 'https://acme.hris.example.test',
      idp_providers: ['okta'],
    },
    employees: [
      {
        name: 'Charlotte Abbott',
        id: '1',
        custom_properties: { division: 'North America', office_extension: '1234' },
        employee_number: '1',
        email: 'cabbott@acme.example.test',
        work_location: 'Lindon, Utah',
        job_title: 'Sr. HR Administrator',
      },
      {
        name: 'Cheryl Barnet',
        id: '10',
        custom_properties: { division: 'North America', office_extension: '5678' },
        employee_number: '10',
        email: 'cbarnet@acme.example.test',
        work_location: 'Lindon, Utah',
        job_title: 'VP of Customer Success',
      },
    ],
    groups: [
      {
        name: 'North America-Human Resources',
        id: 'North America-Human Resources',
        group_type: 'Department',
        custom_properties: { headquarters_location: 'Lindon, Utah' },
      },
    ],
  };
}

function records<T>(entries: HrisEntry<T>[]): T[] {
  return entries.flatMap((entry) => (entry.ok ? [entry.record] : []));
}

function errors<T>(entries: HrisEntry<T>[]): SourceRecordError[] {
  return entries.flatMap((entry) => (entry.ok ? [] : [entry.error]));
}

/** Maps a document holding only the given employees and returns the mapped users. */
function usersOf(employees: unknown[], extra: Record<string, unknown> = {}): SourceUser[] {
  return records(mapHrisDocument({ Employees: employees, ...extra }).users);
}

function oneUser(employee: Record<string, unknown>): SourceUser {
  const [user] = usersOf([employee]);
  if (!user) throw new Error('no user mapped');
  return user;
}

function groupById(document: HrisMappedDocument, id: string): SourceGroup {
  const group = records(document.groups).find((candidate) => candidate.externalId === id);
  if (!group) throw new Error(`no group ${id}`);
  return group;
}

async function collect<T>(pages: AsyncIterable<SourcePage<T>>): Promise<SourcePage<T>[]> {
  const result: SourcePage<T>[] = [];
  for await (const page of pages) result.push(page);
  return result;
}

function request(signal: AbortSignal = new AbortController().signal) {
  return { mode: 'full' as const, cursor: null, signal };
}

function connectorFor(input: unknown, context: ConnectorContext = {}): DirectoryConnector {
  return hrisConnector.create(hrisConnector.parseConfig(input), context);
}

async function failure(promise: Promise<unknown>): Promise<ConnectorError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof ConnectorError) return error;
    throw error;
  }
  throw new Error('expected a ConnectorError');
}

// ---------------------------------------------------------------------------------------------

describe('HRIS document mapping', () => {
  it('maps the capitalised template example', () => {
    const document = mapHrisDocument(capitalisedExample());
    expect(document.userCount).toBe(1);
    expect(records(document.users)).toEqual([
      {
        externalId: '123456',
        attributes: {
          employeeNumber: '123456',
          email: 'john.doe@example.test',
          firstName: 'John',
          lastName: 'Doe',
          preferredName: 'Johnny',
          displayName: 'Johnny Doe',
          username: 'john.doe',
          idpId: '1234-5678-9012',
          personalEmail: 'johnny@mail.example.test',
          location: 'City B',
          company: 'Example Corp',
          costCenter: '001',
          department: '002',
          jobTitle: 'Software Engineer',
          timeZone: 'America/New_York',
          startDate: '2021-05-01',
          terminationDate: null,
          status: 'active',
          employmentType: 'full_time',
          customAttributes: { homeLocation: 'City A', canonicalName: 'John Doe' },
        },
        manager: { kind: 'employeeNumber', value: '987654' },
        groupExternalIds: ['team-1', 'dept-1'],
      },
    ]);
    // The id-less group is reported; the groups the employee lists still exist.
    expect(errors(document.groups)).toEqual([
      { message: expect.stringMatching(/^Groups\[0\]: .*"Group ID"/) },
    ]);
    expect(records(document.groups)).toEqual([
      {
        externalId: 'team-1',
        attributes: { name: 'team-1', groupType: 'group' },
        members: [{ type: 'user', externalId: '123456' }],
      },
      {
        externalId: 'dept-1',
        attributes: { name: 'dept-1', groupType: 'group' },
        members: [{ type: 'user', externalId: '123456' }],
      },
    ]);
  });

  it('maps the snake_case template example with custom properties', () => {
    const document = mapHrisDocument(snakeCaseExample());
    expect(document.userCount).toBe(2);
    expect(errors(document.users)).toEqual([]);
    expect(records(document.users)).toEqual([
      {
        externalId: '1',
        attributes: {
          employeeNumber: '1',
          email: 'cabbott@acme.example.test',
          displayName: 'Charlotte Abbott',
          location: 'Lindon, Utah',
          jobTitle: 'Sr. HR Administrator',
          customAttributes: { division: 'North America', office_extension: '1234' },
        },
      },
      {
        externalId: '10',
        attributes: {
          employeeNumber: '10',
          email: 'cbarnet@acme.example.test',
          displayName: 'Cheryl Barnet',
          location: 'Lindon, Utah',
          jobTitle: 'VP of Customer Success',
          customAttributes: { division: 'North America', office_extension: '5678' },
        },
      },
    ]);
    expect(records(document.groups)).toEqual([
      {
        externalId: 'North America-Human Resources',
        attributes: {
          name: 'North America-Human Resources',
          groupType: 'department',
          customAttributes: { headquarters_location: 'Lindon, Utah' },
        },
        members: [],
      },
    ]);
  });

  it('reads top-level keys case-insensitively', () => {
    const document = mapHrisDocument({ EMPLOYEES: [{ 'Employee Number': '1' }], groups: [] });
    expect(records(document.users).map((user) => user.externalId)).toEqual(['1']);
  });

  it('leaves absent properties absent in a partial record', () => {
    const user = oneUser({ 'Employee Number': '7', 'Job Title': 'CTO', 'Last Name': 'Ng' });
    expect(user).toEqual({
      externalId: '7',
      attributes: { employeeNumber: '7', jobTitle: 'CTO', lastName: 'Ng' },
    });
    expect(Object.keys(user)).toEqual(['externalId', 'attributes']);
    // Half a name does not overwrite a stored display name.
    expect('displayName' in user.attributes).toBe(false);
  });

  it('clears with explicit nulls', () => {
    const user = oneUser({
      'Employee Number': '7',
      Email: null,
      Department: null,
      'Termination Date': null,
      'Employment Status': null,
      'Employment Types': null,
      'Canonical Name': null,
      Managers: [],
      Groups: [],
    });
    expect(user).toEqual({
      externalId: '7',
      attributes: {
        employeeNumber: '7',
        email: null,
        department: null,
        terminationDate: null,
        status: null,
        employmentType: null,
        customAttributes: { canonicalName: null },
      },
      manager: null,
      groupExternalIds: [],
    });
    expect(oneUser({ 'Employee Number': '7', Managers: null }).manager).toBeNull();
    expect(oneUser({ employee_number: '7', custom_properties: null }).attributes.customAttributes).toBeNull();
  });

  it('composes a display name from the name parts when no full name is given', () => {
    expect(oneUser({ id: '1', first_name: 'Ada', last_name: 'Lovelace' }).attributes.displayName).toBe(
      'Ada Lovelace',
    );
    expect(
      oneUser({ id: '1', first_name: 'Robert', preferred_name: 'Bob', last_name: 'Smith' }).attributes
        .displayName,
    ).toBe('Bob Smith');
  });

  it.each([
    [{ 'Employment Status': 'ACTIVE' }, 'active'],
    [{ 'Employment Status': 'PENDING' }, 'active'],
    [{ 'Employment Status': 'INACTIVE' }, 'terminated'],
    [{ 'Employment Status': 'inactive', 'Is Active': true }, 'terminated'],
    [{ 'Is Active': false }, 'terminated'],
    [{ 'Is Active': true }, 'active'],
    [{ 'Employment Status': 'On_Leave' }, 'on_leave'],
    [{ 'Employment Status': 'Sabbatical' }, 'sabbatical'],
    [{ 'Employment Status': 'ACTIVE', 'Employment Types': ['CONTRACTOR'] }, 'contractor'],
    [{ 'Employment Status': 'PENDING', 'Employment Types': ['FREELANCE'] }, 'contractor'],
    [{ 'Employment Status': 'INACTIVE', 'Employment Types': ['CONTRACTOR'] }, 'terminated'],
    [{ 'Is Active': true, 'Employment Types': ['FULL_TIME', 'CONTRACTOR'] }, 'contractor'],
  ])('maps status %j to %s', (properties, status) => {
    expect(oneUser({ 'Employee Number': '1', ...properties }).attributes.status).toBe(status);
  });

  it.each([
    [['FULL_TIME'], 'full_time'],
    [['PART_TIME'], 'part_time'],
    [['INTERN'], 'intern'],
    [['CONTRACTOR'], 'contractor'],
    [['FREELANCE'], 'freelance'],
    [['TEMPORARY'], 'temporary'],
    [['Seasonal'], 'seasonal'],
    ['PART_TIME', 'part_time'],
    [[], null],
  ])('maps employment types %j to %s', (types, employmentType) => {
    const user = oneUser({ 'Employee Number': '1', 'Employment Types': types });
    expect(user.attributes.employmentType).toBe(employmentType);
    expect('status' in user.attributes).toBe(false);
  });

  it('cuts timestamps to dates and keeps unreadable dates for the engine to reject', () => {
    const user = oneUser({
      'Employee Number': '1',
      'Start Date': '2019-11-30T22:15:00.000-05:00',
      'Termination Date': 'next monday',
    });
    expect(user.attributes.startDate).toBe('2019-11-30');
    expect(user.attributes.terminationDate).toBe('next monday');
    expect(oneUser({ employee_number: '1', start_date: '2020-02-29' }).attributes.startDate).toBe(
      '2020-02-29',
    );
  });

  it('refers to managers by employee number when the values are employee numbers', () => {
    const users = usersOf([
      { id: 'u-1', employee_number: '100', name: 'Boss' },
      { id: 'u-2', employee_number: '200', name: 'Report', managers: ['100'] },
    ]);
    expect(users.map((user) => user.externalId)).toEqual(['u-1', 'u-2']);
    expect(users[1]?.manager).toEqual({ kind: 'employeeNumber', value: '100' });
    expect('manager' in (users[0] ?? {})).toBe(false);
  });

  it('refers to managers by id when the document has ids and the values match them', () => {
    const users = usersOf([
      { id: 'u-1', employee_number: '100', name: 'Boss' },
      { id: 'u-2', employee_number: '200', name: 'Report', managers: ['u-1'] },
      { id: 'u-3', employee_number: '300', name: 'Other', managers: ['u-1', 'u-2'] },
    ]);
    expect(users[1]?.manager).toEqual({ kind: 'externalId', value: 'u-1' });
    expect(users[2]?.manager).toEqual({ kind: 'externalId', value: 'u-1' });
    // Numeric ids in the document are read as text.
    const numeric = usersOf([
      { id: 5, name: 'Five' },
      { id: 6, name: 'Six', managers: [5] },
    ]);
    expect(numeric[1]?.manager).toEqual({ kind: 'externalId', value: '5' });
  });

  it('maps groups with parents, types and complete member lists', () => {
    const document = mapHrisDocument({
      Employees: [
        { 'Employee Number': '1', Groups: ['platform', 'cc-1'] },
        { 'Employee Number': '2', Groups: ['platform', 'platform'] },
        { 'Employee Number': '3' },
      ],
      Groups: [
        { ID: 'eng', Name: 'Engineering', 'Group Type': 'DEPARTMENT' },
        { ID: 'platform', Name: 'Platform', 'Group Type': 'TEAM', Parent: 'eng' },
        { 'Group ID': 'cc-1', 'Group Type': 'Cost Center', Parent: null },
        { Name: 'Sales EMEA', 'Group Type': 'BUSINESS_UNIT' },
        { id: 'misc', 'Group Type': 'Guild' },
      ],
    });
    expect(errors(document.groups)).toEqual([]);
    expect(records(document.groups)).toEqual([
      { externalId: 'eng', attributes: { name: 'Engineering', groupType: 'department' }, members: [] },
      {
        externalId: 'platform',
        attributes: { name: 'Platform', groupType: 'team' },
        members: [
          { type: 'user', externalId: '1' },
          { type: 'user', externalId: '2' },
        ],
        parentExternalIds: ['eng'],
      },
      {
        externalId: 'cc-1',
        attributes: { name: 'cc-1', groupType: 'cost_center' },
        members: [{ type: 'user', externalId: '1' }],
        parentExternalIds: [],
      },
      {
        externalId: 'Sales EMEA',
        attributes: { name: 'Sales EMEA', groupType: 'business_unit' },
        members: [],
      },
      { externalId: 'misc', attributes: { name: 'misc', groupType: 'guild' }, members: [] },
    ]);
    expect(records(document.users)[1]?.groupExternalIds).toEqual(['platform']);
  });

  it('emits groups that are only referenced by employees or as a parent', () => {
    const document = mapHrisDocument({
      Employees: [{ 'Employee Number': '1', Groups: ['ghost'] }],
      Groups: [{ ID: 'child', Name: 'Child', Parent: 'ancestor' }],
    });
    expect(groupById(document, 'ghost')).toEqual({
      externalId: 'ghost',
      attributes: { name: 'ghost', groupType: 'group' },
      members: [{ type: 'user', externalId: '1' }],
    });
    expect(groupById(document, 'ancestor')).toEqual({
      externalId: 'ancestor',
      attributes: { name: 'ancestor', groupType: 'group' },
      members: [],
    });
  });

  it('reports malformed records with their index and reads the others', () => {
    const document = mapHrisDocument({
      Employees: [
        'not a record',
        { 'First Name': 'Nobody' },
        { 'Employee Number': '5', Email: { address: 'x' } },
        { 'Employee Number': '6', 'Is Active': 'maybe' },
        { 'Employee Number': '7', Email: 'seven@example.test' },
        { 'Employee Number': '7', Email: 'again@example.test' },
        null,
      ],
      Groups: [42, { ID: 'ok', Name: 'OK' }, { ID: 'bad', custom_properties: 'nope' }],
    });
    expect(records(document.users).map((user) => user.externalId)).toEqual(['7']);
    expect(document.userCount).toBe(1);
    expect(errors(document.users)).toEqual([
      { message: 'Employees[0]: expected an object, got a string' },
      { message: 'Employees[1]: the record has neither "id" nor "Employee Number"' },
      { externalId: '5', message: 'Employees[2]: "Email" must be a string, got an object' },
      { externalId: '6', message: 'Employees[3]: "Is Active" must be true or false, got a string' },
      { externalId: '7', message: 'Employees[5]: duplicate employee id "7"; Employees[4] is used' },
      { message: 'Employees[6]: expected an object, got null' },
    ]);
    expect(errors(document.groups)).toEqual([
      { message: 'Groups[0]: expected an object, got a number' },
      { externalId: 'bad', message: 'Groups[2]: "custom_properties" must be an object, got a string' },
    ]);
    expect(records(document.groups).map((group) => group.externalId)).toEqual(['ok']);
  });

  it('refuses documents that are not an HRIS document', () => {
    for (const document of [
      [],
      null,
      'text',
      { employees: 'many' },
      { System: {} },
      { Employees: [], Groups: 3 },
    ]) {
      expect(() => mapHrisDocument(document)).toThrow(ConnectorError);
    }
    expect(() => mapHrisDocument({ System: {} })).toThrow(/no "Employees" list/);
    expect(mapHrisDocument({ Employees: [], Groups: null }).groups).toEqual([]);
  });

  it('pages records and carries errors on the page they fall in', () => {
    const entries: HrisEntry<number>[] = [
      { ok: true, record: 1 },
      { ok: false, error: { message: 'bad' } },
      { ok: true, record: 2 },
      { ok: true, record: 3 },
    ];
    expect([...toPages(entries, 2)]).toEqual([
      { records: [1, 2], errors: [{ message: 'bad' }] },
      { records: [3], errors: [] },
    ]);
    expect([...toPages([], 2)]).toEqual([]);
  });
});

describe('HRIS JSON parsing', () => {
  it('parses text and bytes, with or without a byte order mark', () => {
    expect(parseHrisJson('\uFEFF{"a":1}')).toEqual({ a: 1 });
    expect(parseHrisJson(Buffer.from('\uFEFF{"a":"é"}', 'utf8'))).toEqual({ a: 'é' });
  });

  it('locates syntax errors without quoting the document', () => {
    const cases: Array<[string, RegExp]> = [
      ['{\n  "ssn": "078-05-1120",\n  "x": secretvalue\n}', /line 3, column 8 \(character 33\)/],
      ['{"ssn": "078-05-1120",}', /line 1, column 23/],
      ['{"ssn": "078-05-1120"', /end of input|line 1, column 22/],
    ];
    for (const [text, position] of cases) {
      const error = (() => {
        try {
          parseHrisJson(text);
        } catch (caught) {
          return caught;
        }
        return undefined;
      })();
      expect(error).toBeInstanceOf(ConnectorError);
      const { code, message } = error as ConnectorError;
      expect(code).toBe('INVALID_DATA');
      expect(message).toMatch(position);
      expect(message).not.toMatch(/078-05|secret|ssn/);
    }
  });

  it('refuses bytes that are not UTF-8', () => {
    expect(() => parseHrisJson(Uint8Array.from([0x7b, 0xff, 0x7d]))).toThrow(/not valid UTF-8/);
  });

  it('finds the same error offsets as V8 where V8 states one', () => {
    const invalid = [
      '{"a":1,}',
      '{"a" 1}',
      '[1,2',
      '{"a":1} x',
      '{"a":"b\nc"}',
      '{"a":01}',
      '"\\q"',
      '[-]',
      '[1.]',
      '[1e]',
    ];
    for (const text of invalid) {
      let message = '';
      try {
        JSON.parse(text);
      } catch (error) {
        message = (error as Error).message;
      }
      const stated = /at position (\d+)/.exec(message);
      const offset = locateJsonError(text);
      expect(offset).toBeGreaterThanOrEqual(0);
      if (stated) expect([text, offset]).toEqual([text, Number(stated[1])]);
    }
    for (const text of ['{}', '[]', ' {"a":[1,-2.5e3,true,false,null,{"b":"\\u00e9"}]} ', '"x"', '0']) {
      expect(locateJsonError(text)).toBe(-1);
    }
    expect(locateJsonError('[1, tru')).toBe(7);
    expect(locateJsonError('{"a": x}')).toBe(6);
  });
});

describe('HRIS configuration', () => {
  it('declares the bearer token as its only secret and the HRIS import source', () => {
    expect(hrisConnector.secretFields).toEqual(['bearerToken']);
    expect(hrisConnector.source).toBe(DirectorySource.HRIS_IMPORT);
  });

  it('accepts each source and fills defaults', () => {
    expect(hrisConnector.parseConfig({ file: '/data/hris.json' })).toEqual({
      file: '/data/hris.json',
      maxBytes: 100 * 1024 * 1024,
    });
    expect(
      hrisConnector.parseConfig({ url: 'https://hris.example.test/export.json', bearerToken: 't' }),
    ).toEqual({
      url: 'https://hris.example.test/export.json',
      bearerToken: 't',
      timeoutMs: 30_000,
      maxBytes: 100 * 1024 * 1024,
    });
    expect(hrisConnector.parseConfig({ push: true, maxBytes: 2048 })).toEqual({ push: true, maxBytes: 2048 });
  });

  it('parses its own output unchanged (stored configurations stay valid)', () => {
    const parsed: HrisConfig = hrisConnector.parseConfig({
      url: 'https://hris.example.test/x',
      timeoutMs: 5000,
    });
    expect(hrisConnector.parseConfig(parsed)).toEqual(parsed);
  });

  it.each([
    ['file and url', { file: '/data/hris.json', url: 'https://hris.example.test/x' }],
    ['no source', {}],
    ['an unknown key', { file: '/data/hris.json', delimiter: ';' }],
    ['a relative path', { file: 'hris.json' }],
    ['push false', { push: false }],
    ['a timeout below 1s', { url: 'https://hris.example.test/x', timeoutMs: 500 }],
    ['a timeout above 300s', { url: 'https://hris.example.test/x', timeoutMs: 300_001 }],
    ['a token without a URL', { file: '/data/hris.json', bearerToken: 't' }],
    ['a non-http URL', { url: 'ftp://hris.example.test/x' }],
    ['credentials in the URL', { url: 'https://user:pw@hris.example.test/x' }],
    ['a token over plain http', { url: 'http://hris.example.test/x', bearerToken: 't' }],
    ['a zero maxBytes', { push: true, maxBytes: 0 }],
    ['not an object', 'file'],
  ])('rejects %s with a zod error', (_label, input) => {
    expect(() => hrisConnector.parseConfig(input)).toThrow(ZodError);
  });

  it('names the bad field', () => {
    try {
      hrisConnector.parseConfig({ file: '/data/hris.json', url: 'https://hris.example.test/x' });
      throw new Error('expected a zod error');
    } catch (error) {
      expect(error).toBeInstanceOf(ZodError);
      expect((error as ZodError).issues[0]?.message).toMatch(/exactly one of file, url or push/);
    }
  });
});

describe('HRIS connector: file and pushed documents', () => {
  /** The operator's HRIS_IMPORT_DIR; the organization's files live in dir/<organization id>/. */
  let root: string;
  let dir: string;
  const ORGANIZATION = '2b0d4a8e-5c1f-4f7a-9a53-0c6e3e4d1a01';
  const OTHER_ORGANIZATION = '7f3c9b12-8e4d-4c2a-b1f0-5d6e7a8b9c0d';
  const files: ConnectorContext = {};

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'hris-test-'));
    dir = join(root, ORGANIZATION);
    await mkdir(dir);
    await mkdir(join(root, OTHER_ORGANIZATION));
    files.importDirectory = root;
    files.organizationId = ORGANIZATION;
  });

  afterAll(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it('reads a document from disk once per connector', async () => {
    const file = join(dir, 'export.json');
    await writeFile(file, JSON.stringify(capitalisedExample()));
    const connector = connectorFor({ file }, files);
    expect(connector.supportsIncremental).toBe(false);
    expect(await connector.test(new AbortController().signal)).toEqual({ userCount: 1 });
    const users = await collect(connector.users(request()));
    expect(users.map((page) => page.records.map((user) => user.externalId))).toEqual([['123456']]);
    // Served from the cached document: the file is no longer needed.
    await rm(file);
    const groups = await collect(connector.groups(request()));
    expect(groups[0]?.records.map((group) => group.externalId)).toEqual(['team-1', 'dept-1']);
    expect(groups[0]?.errors).toHaveLength(1);
    expect(connector.nextCursor()).toBeNull();
  });

  it('reports a missing file as NOT_FOUND', async () => {
    const error = await failure(
      connectorFor({ file: join(dir, 'absent.json') }, files).test(new AbortController().signal),
    );
    expect(error.code).toBe('NOT_FOUND');
    expect(error.retryable).toBe(false);
  });

  it('reports unreadable JSON as INVALID_DATA without its content', async () => {
    const file = join(dir, 'broken.json');
    await writeFile(file, '{"Employees": [{"Employee Number": "1", "Email": jane@example.test}]}');
    const error = await failure(collect(connectorFor({ file }, files).users(request())));
    expect(error.code).toBe('INVALID_DATA');
    expect(error.message).toMatch(/line 1, column \d+/);
    expect(error.message).not.toContain('jane');
  });

  it('refuses a document larger than maxBytes', async () => {
    const file = join(dir, 'large.json');
    await writeFile(file, JSON.stringify(snakeCaseExample()));
    const error = await failure(
      connectorFor({ file, maxBytes: 100 }, files).test(new AbortController().signal),
    );
    expect(error.code).toBe('INVALID_DATA');
    expect(error.message).toMatch(/larger than the 100 bytes limit/);
  });

  it('refuses file imports when the operator has not set an import directory', async () => {
    const file = join(dir, 'export.json');
    await writeFile(file, JSON.stringify(capitalisedExample()));
    const error = await failure(
      connectorFor({ file }, { organizationId: ORGANIZATION }).test(new AbortController().signal),
    );
    expect(error.code).toBe('CONFIGURATION');
    expect(error.message).toMatch(/HRIS_IMPORT_DIR/);
  });

  it("answers the same for a missing file, another organization's export, a way out and a directory", async () => {
    const theirs = join(root, OTHER_ORGANIZATION, 'export.json');
    await writeFile(theirs, JSON.stringify(capitalisedExample()));
    const link = join(dir, 'link.json');
    await symlink(theirs, link);
    const paths = [
      '/etc/shadow',
      '/etc/passwd',
      join(dir, 'absent.json'),
      theirs,
      link,
      `${dir}/../${OTHER_ORGANIZATION}/export.json`,
      dir,
    ];
    const answers = await Promise.all(
      paths.map(async (file) => {
        const error = await failure(connectorFor({ file }, files).test(new AbortController().signal));
        return { code: error.code, message: error.message.replace(file, '<file>') };
      }),
    );
    for (const answer of answers) expect(answer).toEqual(answers[0]);
    expect(answers[0]?.code).toBe('NOT_FOUND');
  });

  it('reads a pushed document, parsed or as text', async () => {
    const parsed = connectorFor({ push: true }, { pushedDocument: snakeCaseExample() });
    expect(await parsed.test(new AbortController().signal)).toEqual({ userCount: 2 });
    const text = connectorFor({ push: true }, { pushedDocument: JSON.stringify(snakeCaseExample()) });
    const pages = await collect(text.users(request()));
    expect(pages[0]?.records.map((user) => user.externalId)).toEqual(['1', '10']);
  });

  it('needs a pushed document when configured for push', async () => {
    const error = await failure(collect(connectorFor({ push: true }).users(request())));
    expect(error.code).toBe('CONFIGURATION');
    expect(error.message).toBe('no document was pushed for this sync');
    const large = await failure(
      connectorFor({ push: true, maxBytes: 64 }, { pushedDocument: snakeCaseExample() }).test(
        new AbortController().signal,
      ),
    );
    expect(large.code).toBe('INVALID_DATA');
  });

  it('pages 2,500 employees as 1,000 / 1,000 / 500 and groups by 1,000', async () => {
    const employees = Array.from({ length: 2500 }, (_, i) => ({
      id: `e${i}`,
      name: `Person ${i}`,
      groups: ['all'],
    }));
    const groups = Array.from({ length: 1200 }, (_, i) => ({ id: `g${i}`, name: `Group ${i}` }));
    const connector = connectorFor({ push: true }, { pushedDocument: { employees, groups } });
    const userPages = await collect(connector.users(request()));
    expect(userPages.map((page) => page.records.length)).toEqual([1000, 1000, 500]);
    expect(userPages[2]?.records[499]?.externalId).toBe('e2499');
    const groupPages = await collect(connector.groups(request()));
    expect(groupPages.map((page) => page.records.length)).toEqual([1000, 201]);
    expect(groupPages[1]?.records[200]?.members).toHaveLength(2500);
  });

  it('stops when the request is aborted', async () => {
    const controller = new AbortController();
    controller.abort();
    const connector = connectorFor({ push: true }, { pushedDocument: snakeCaseExample() });
    await expect(collect(connector.users(request(controller.signal)))).rejects.toMatchObject({
      name: 'AbortError',
    });
    // An aborted read does not poison the connector.
    expect(await collect(connector.users(request()))).toHaveLength(1);
  });
});

describe('HRIS connector: URL documents', () => {
  const TOKEN = 'hris-token-3f9a7c1d5e';
  let server: Server;
  let base: string;
  const seen: IncomingHttpHeaders[] = [];

  function answer(
    response: ServerResponse,
    status: number,
    headers: Record<string, string>,
    body = '',
  ): void {
    response.writeHead(status, headers);
    response.end(body);
  }

  beforeAll(async () => {
    server = createServer((req, res) => {
      seen.push(req.headers);
      const path = req.url ?? '/';
      if (path.startsWith('/doc')) {
        if (req.headers.authorization !== `Bearer ${TOKEN}`) return answer(res, 401, {});
        return answer(res, 200, { 'content-type': 'application/json' }, JSON.stringify(snakeCaseExample()));
      }
      if (path.startsWith('/redirect?to=')) {
        return answer(res, 302, { location: decodeURIComponent(path.slice('/redirect?to='.length)) });
      }
      if (path === '/forbidden') return answer(res, 403, {});
      if (path === '/missing') return answer(res, 404, {});
      if (path === '/throttled') return answer(res, 429, { 'retry-after': '7' });
      if (path === '/down') return answer(res, 503, {});
      if (path === '/teapot') return answer(res, 418, {});
      if (path === '/not-json') return answer(res, 200, {}, '<html>oops</html>');
      if (path === '/slow') {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.write('{"employees": ['); // and never finishes
        return undefined;
      }
      return answer(res, 500, {});
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  const connect = (path: string, extra: Record<string, unknown> = {}) =>
    connectorFor({ url: `${base}${path}`, bearerToken: TOKEN, ...extra });

  async function urlFailure(path: string, extra: Record<string, unknown> = {}): Promise<ConnectorError> {
    const error = await failure(connect(path, extra).test(new AbortController().signal));
    expect(error.message).not.toContain(TOKEN);
    return error;
  }

  it('fetches the document with the bearer token', async () => {
    const connector = connect('/doc?signature=abc');
    expect(await connector.test(new AbortController().signal)).toEqual({ userCount: 2 });
    expect(seen.at(-1)?.authorization).toBe(`Bearer ${TOKEN}`);
    const before = seen.length;
    const pages = await collect(connector.users(request()));
    expect(pages[0]?.records).toHaveLength(2);
    expect(seen.length).toBe(before); // cached: fetched once
  });

  it('maps a refused token to AUTH', async () => {
    const connector = connectorFor({ url: `${base}/doc`, bearerToken: 'wrong-token' });
    const error = await failure(connector.test(new AbortController().signal));
    expect(error.code).toBe('AUTH');
    expect(error.message).not.toContain('wrong-token');
  });

  it('maps HTTP statuses to error codes', async () => {
    expect((await urlFailure('/forbidden')).code).toBe('PERMISSION');
    expect((await urlFailure('/missing')).code).toBe('NOT_FOUND');
    expect((await urlFailure('/teapot')).code).toBe('CONFIGURATION');
    expect((await urlFailure('/not-json')).code).toBe('INVALID_DATA');
  });

  it('maps 429 to THROTTLED with Retry-After', async () => {
    const error = await urlFailure('/throttled');
    expect(error.code).toBe('THROTTLED');
    expect(error.retryAfterMs).toBe(7000);
    expect(error.retryable).toBe(true);
  });

  it('reads Retry-After as seconds or an HTTP date', () => {
    const now = Date.parse('2024-01-01T00:00:00Z');
    expect(parseRetryAfter('7', now)).toBe(7000);
    expect(parseRetryAfter('Mon, 01 Jan 2024 00:00:30 GMT', now)).toBe(30_000);
    expect(parseRetryAfter('Sun, 31 Dec 2023 00:00:00 GMT', now)).toBe(0);
    expect(parseRetryAfter('soon', now)).toBeUndefined();
    expect(parseRetryAfter(null, now)).toBeUndefined();
  });

  it('maps 503 to a retryable TEMPORARY', async () => {
    const error = await urlFailure('/down');
    expect(error.code).toBe('TEMPORARY');
    expect(error.retryable).toBe(true);
  });

  it('times out a slow server as TEMPORARY', async () => {
    const started = Date.now();
    const error = await urlFailure('/slow', { timeoutMs: 1000 });
    expect(error.code).toBe('TEMPORARY');
    expect(error.message).toMatch(/within 1000 ms/);
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it('maps an unreachable host to TEMPORARY', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const connector = connectorFor({ url: `http://127.0.0.1:${port}/doc`, bearerToken: TOKEN });
    const error = await failure(connector.test(new AbortController().signal));
    expect(error.code).toBe('TEMPORARY');
    expect(error.message).not.toContain(TOKEN);
  });

  it('refuses private destinations without the operator allowance, alike, also through a redirect', async () => {
    // Only this fake's own host:port is allowed, as an operator would name one internal server.
    const outbound = new OutboundPolicy({ allowHosts: [new URL(base).host] });
    const targets = [
      'http://127.0.0.1:5432/',
      `http://127.0.0.1:${new URL(base).port === '1' ? 2 : 1}/`,
      'http://169.254.169.254/latest/meta-data/',
    ];
    const answers: Array<{ code: string; message: string }> = [];
    for (const target of targets) {
      for (const url of [target, `${base}/redirect?to=${encodeURIComponent(target)}`]) {
        const error = await failure(connectorFor({ url }, { outbound }).test(new AbortController().signal));
        answers.push({ code: error.code, message: error.message });
      }
    }
    for (const answer of answers) expect(answer).toEqual(answers[0]);
    expect(answers[0]?.code).toBe('DESTINATION_NOT_ALLOWED');
    const allowed = await connectorFor({ url: `${base}/doc`, bearerToken: TOKEN }, { outbound }).test(
      new AbortController().signal,
    );
    expect(allowed).toEqual({ userCount: 2 });
  });

  it('trusts a private CA given in caCertificatePem, and says CONFIGURATION without it', async () => {
    const pki = testPki();
    const secure = createHttpsServer({ cert: pki.serverCertPem, key: pki.serverKeyPem }, (_req, res) =>
      answer(res, 200, { 'content-type': 'application/json' }, JSON.stringify(snakeCaseExample())),
    );
    await new Promise<void>((resolve) => secure.listen(0, '127.0.0.1', resolve));
    const url = `https://127.0.0.1:${(secure.address() as AddressInfo).port}/doc`;
    try {
      const untrusted = await failure(
        connectorFor({ url, bearerToken: TOKEN }).test(new AbortController().signal),
      );
      expect(untrusted.code).toBe('CONFIGURATION');
      expect(untrusted.message).toMatch(/not trusted .*caCertificatePem/);
      const trusted = connectorFor({ url, bearerToken: TOKEN, caCertificatePem: pki.caPem });
      expect(await trusted.test(new AbortController().signal)).toEqual({ userCount: 2 });
    } finally {
      secure.closeAllConnections();
      await new Promise<void>((resolve) => secure.close(() => resolve()));
    }
  });

  it('refuses a download larger than maxBytes', async () => {
    const error = await urlFailure('/doc', { maxBytes: 64 });
    expect(error.code).toBe('INVALID_DATA');
  });
});
