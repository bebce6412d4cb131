import { ZodError } from 'zod';
import { bambooHrConnector, BambooHrConnector } from '../../src/connectors/bamboohr';
import { parseBambooHrConfig } from '../../src/connectors/bamboohr/bamboohr.config';
import {
  mapBambooHrRow,
  BambooHrMappingOptions,
  requestedFields,
} from '../../src/connectors/bamboohr/bamboohr-mapping';
import { ConnectorError } from '../../src/connectors/types';
import { HttpTransport } from '../../src/connectors/http';
import { DirectorySource } from '../../src/entities/enums';
import { connectorDefinition } from '../../src/connectors/registry';
import { FakeBambooHr } from '../fakes/bamboohr/fake-bamboohr';
import { collectPages, FAST_RETRY, readRequest, transportTo } from '../support/connector-reads';
import { countKinds, HR_TODAY, hrWorker, levelOf } from '../fakes/hr-tenant';

const KEY = 'bamboo-api-key-0123456789abcdef';
const TODAY = new Date(HR_TODAY).toISOString().slice(0, 10);

const options = (): BambooHrMappingOptions => {
  const config = parseBambooHrConfig({
    companyDomain: 'acme',
    apiKey: KEY,
    customFields: { shirtSize: 'customShirtSize' },
    fields: { costCenter: 'customCostCenter' },
  });
  return { ...config, today: '2026-06-01' };
};

describe('BambooHR configuration', () => {
  it('fills defaults, keeps the key a secret field, and parses its own output again', () => {
    const config = parseBambooHrConfig({ companyDomain: 'acme', apiKey: KEY });
    expect(config).toMatchObject({
      baseUrl: 'https://api.bamboohr.com/api/gateway.php',
      pageSize: 500,
      dataset: 'employee',
      idField: 'employeeId',
      supervisorIdField: 'supervisorEId',
    });
    expect(parseBambooHrConfig(config)).toEqual(config);
    expect(bambooHrConnector.secretFields).toEqual(['apiKey']);
    expect(connectorDefinition(DirectorySource.BAMBOOHR)).toBe(bambooHrConnector);
  });

  it.each([
    [{ companyDomain: 'acme.bamboohr.com' }, 'companyDomain'],
    [{ baseUrl: 'http://api.example.com/api/gateway.php' }, 'baseUrl'],
    [{ baseUrl: 'https://user:pw@api.bamboohr.com/' }, 'baseUrl'],
    [{ pageSize: 1001 }, 'pageSize'],
    [{ fields: { costCenter: 'x) or (1' } }, 'fields'],
    [{ fields: { salary: 'payRate' } }, 'fields'],
    [{ customFields: { 'bad key': 'x' } }, 'customFields'],
  ])('refuses %j, naming %s and never the key', (override, field) => {
    let error: unknown;
    try {
      parseBambooHrConfig({ companyDomain: 'acme', apiKey: KEY, ...override });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ZodError);
    expect((error as ZodError).issues[0].path[0]).toBe(field);
    expect(JSON.stringify(error)).not.toContain(KEY);
  });
});

describe('BambooHR mapping', () => {
  const row = (fields: Record<string, unknown>) => ({
    fields: { employeeId: '1042', status: 'Active', ...fields },
  });

  it('maps the standard fields, the supervisor, custom fields and the type', () => {
    const mapped = mapBambooHrRow(
      row({
        employeeNumber: 'E42',
        workEmail: 'zoe@acme.test',
        firstName: 'Zoë',
        lastName: "O'Brien",
        preferredName: null,
        jobTitle: 'Engineer',
        department: 'R&D',
        division: 'Product',
        location: '東京',
        workPhone: '+1 555',
        employmentHistoryStatus: 'Part-Time',
        hireDate: '2020-02-03',
        terminationDate: '0000-00-00',
        supervisorEId: '1001',
        customCostCenter: 'CC-4100',
        customShirtSize: "L (men's)",
      }),
      options(),
    );
    expect(mapped).toEqual({
      ok: true,
      value: {
        externalId: '1042',
        manager: { kind: 'externalId', value: '1001' },
        attributes: {
          employeeNumber: 'E42',
          email: 'zoe@acme.test',
          firstName: 'Zoë',
          lastName: "O'Brien",
          preferredName: null,
          displayName: "Zoë O'Brien",
          jobTitle: 'Engineer',
          department: 'R&D',
          division: 'Product',
          location: '東京',
          phone: '+1 555',
          employmentType: 'part_time',
          startDate: '2020-02-03',
          terminationDate: null,
          costCenter: 'CC-4100',
          status: 'active',
          customAttributes: { shirtSize: "L (men's)", bambooHrStatus: 'Active' },
        },
      },
    });
  });

  it.each([
    ['a future hire: active, with a start date ahead', { hireDate: '2026-07-01' }, 'active', '2026-07-01'],
    ['a leaver whose last day is ahead: still active', { terminationDate: '2026-06-20' }, 'active', null],
    [
      'an inactive person: terminated',
      { status: 'Inactive', terminationDate: '2026-05-01' },
      'terminated',
      null,
    ],
    ['an active contractor', { employmentHistoryStatus: 'Contractor' }, 'contractor', null],
  ])('%s', (_name, fields, status, startDate) => {
    const mapped = mapBambooHrRow(row({ hireDate: '2020-01-01', ...fields }), options());
    expect(mapped.ok && mapped.value.attributes.status).toBe(status);
    if (startDate) expect(mapped.ok && mapped.value.attributes.startDate).toBe(startDate);
  });

  it('leaves absent fields alone, clears blank ones, and says "no manager" for an empty supervisor', () => {
    const mapped = mapBambooHrRow(
      { fields: { employeeId: '7', jobTitle: '', supervisorEId: null } },
      options(),
    );
    expect(mapped).toEqual({
      ok: true,
      value: { externalId: '7', manager: null, attributes: { jobTitle: null } },
    });
  });

  it('turns an unusable row into a record error and keeps going', () => {
    expect(mapBambooHrRow({ nope: 1 }, options())).toEqual({
      ok: false,
      error: { message: 'row has no fields object' },
    });
    expect(mapBambooHrRow(row({ employeeId: 'abc' }), options()).ok).toBe(false);
    expect(mapBambooHrRow(row({ supervisorEId: 'Jane' }), options())).toEqual({
      ok: false,
      error: { externalId: '1042', message: 'supervisorEId must be an employee id' },
    });
    expect(mapBambooHrRow(row({ firstName: { a: 1 } }), options())).toEqual({
      ok: false,
      error: { externalId: '1042', message: 'field firstName must be text' },
    });
  });

  it('asks for each field once', () => {
    const fields = requestedFields(options());
    expect(new Set(fields).size).toBe(fields.length);
    expect(fields.slice(0, 3)).toEqual(['employeeId', 'status', 'supervisorEId']);
    expect(fields).toEqual(expect.arrayContaining(['customCostCenter', 'customShirtSize', 'workEmail']));
  });
});

describe('BambooHR connector against the fake', () => {
  const PEOPLE = 5000;
  let fake: FakeBambooHr;
  const connect = (override: Record<string, unknown> = {}) =>
    new BambooHrConnector(
      parseBambooHrConfig({
        companyDomain: 'acme',
        apiKey: KEY,
        baseUrl: fake.url,
        customFields: { shirtSize: 'customShirtSize' },
        fields: { costCenter: 'customCostCenter' },
        groups: { departments: true, costCenters: true },
        ...override,
      }),
      {
        transport: transportTo(fake.url),
        retry: FAST_RETRY,
        now: () => HR_TODAY + 3600_000,
      },
    );

  beforeAll(async () => {
    fake = await new FakeBambooHr(PEOPLE).addApiKey(KEY).start();
  });
  afterAll(() => fake.stop());

  it('tests the connection and counts the employees', async () => {
    await expect(connect().test(new AbortController().signal)).resolves.toEqual({ userCount: PEOPLE });
  });

  it('reads every worker in pages of 500, with managers 8+ levels deep, statuses and groups', async () => {
    fake.requests.length = 0;
    const connector = connect();
    const { records, errors, pages } = await collectPages(connector.users(readRequest()));
    expect(errors).toEqual([]);
    expect(pages).toBe(10);
    expect(records).toHaveLength(PEOPLE);
    expect(fake.requests.every((request) => (request.body as { pageSize: number }).pageSize === 500)).toBe(
      true,
    );
    expect(Math.max(...records.map((_, index) => levelOf(index)))).toBeGreaterThanOrEqual(8);
    const kinds = countKinds(PEOPLE);
    const byStatus = records.reduce<Record<string, number>>(
      (all, user) => ({
        ...all,
        [String(user.attributes.status)]: (all[String(user.attributes.status)] ?? 0) + 1,
      }),
      {},
    );
    expect(byStatus.terminated).toBe(kinds.terminated);
    const future = records.filter((user) => (user.attributes.startDate ?? '') > TODAY);
    expect(future).toHaveLength(kinds.future_hire);
    expect(future.every((user) => user.attributes.status !== 'terminated')).toBe(true);
    const third = records[3];
    expect(third).toMatchObject({
      externalId: '1003',
      manager: { kind: 'externalId', value: '1000' },
      attributes: {
        firstName: hrWorker(3).firstName,
        lastName: hrWorker(3).lastName,
        costCenter: hrWorker(3).costCenter,
      },
    });
    expect(records[0].manager).toBeNull();
    expect(third.groupExternalIds).toEqual([
      `department:${hrWorker(3).department}`,
      `cost_center:${hrWorker(3).costCenter}`,
    ]);
    const groups: unknown[] = [];
    for await (const page of connector.groups(readRequest())) groups.push(...page.records);
    expect(groups).toHaveLength(16);
    expect(groups).toContainEqual({
      externalId: 'department:R&D',
      attributes: expect.objectContaining({ groupType: 'department', name: 'R&D' }),
    });
    expect(connector.nextCursor()).toBe(new Date(HR_TODAY + 3600_000 - 60_000).toISOString());
  });

  it('reads only what changed since the cursor: updates, newcomers and deletions', async () => {
    const cursor = fake.now();
    fake.update(5, { jobTitle: 'Principal Engineer' });
    const newcomer = fake.add({ firstName: '美咲', lastName: "D'Angelo", managerIndex: 0 });
    fake.remove(9);
    fake.requests.length = 0;
    const connector = connect();
    const { records, errors } = await collectPages(connector.users(readRequest('incremental', cursor)));
    expect(errors).toEqual([]);
    expect(records.map((user) => [user.externalId, Boolean(user.removed)]).sort()).toEqual([
      ['1005', false],
      ['1009', true],
      [String(newcomer.id), false],
    ]);
    expect(records.find((user) => user.externalId === '1005')?.attributes.jobTitle).toBe(
      'Principal Engineer',
    );
    expect(fake.requests[0]).toMatchObject({
      method: 'GET',
      path: '/api/gateway.php/acme/v1/employees/changed',
    });
    expect((fake.requests[1].body as { filter: string }).filter).toBe(`employeeId in (1005,${newcomer.id})`);
    expect(Date.parse(connector.nextCursor()!)).toBeGreaterThanOrEqual(Date.parse(cursor) - 60_000);
  });

  it('asks for a full sync when the cursor is unusable', async () => {
    await expect(
      collectPages(connect().users(readRequest('incremental', 'yesterday'))),
    ).rejects.toMatchObject({
      code: 'CURSOR_EXPIRED',
    });
  });

  it.each([
    [{ status: 401 }, 'AUTH'],
    [{ status: 403 }, 'PERMISSION'],
    [{ status: 503, times: 5 }, 'TEMPORARY'],
    [{ status: 429, retryAfter: '3600' }, 'THROTTLED'],
    [{ status: 200, malformed: true }, 'INVALID_DATA'],
  ])('fails a read with %j as %s, without the key in the message', async (failure, code) => {
    fake.fail(failure);
    let error: unknown;
    try {
      await collectPages(connect().users(readRequest()));
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConnectorError);
    expect((error as ConnectorError).code).toBe(code);
    if (code === 'THROTTLED') expect((error as ConnectorError).retryAfterMs).toBe(3_600_000);
    expect((error as Error).message).not.toContain(KEY);
  });

  it('is refused by the outbound policy when the fake is not allowed, before any request', async () => {
    fake.requests.length = 0;
    const connector = new BambooHrConnector(
      parseBambooHrConfig({ companyDomain: 'acme', apiKey: KEY, baseUrl: fake.url }),
      {
        transport: new HttpTransport(),
      },
    );
    await expect(connector.test(new AbortController().signal)).rejects.toMatchObject({
      code: 'DESTINATION_NOT_ALLOWED',
    });
    expect(fake.requests).toEqual([]);
  });

  it('waits out a short 429 and a passing 502, and goes on', async () => {
    fake.fail({ status: 429, retryAfter: '1' });
    fake.fail({ status: 502 });
    const { records } = await collectPages(connect({ pageSize: 1000 }).users(readRequest()));
    expect(records).toHaveLength(PEOPLE + 1 - 1);
  });

  it('refuses an unknown key as AUTH', async () => {
    const connector = new BambooHrConnector(
      parseBambooHrConfig({ companyDomain: 'acme', apiKey: 'wrong-key-000000', baseUrl: fake.url }),
      { transport: transportTo(fake.url) },
    );
    await expect(connector.test(new AbortController().signal)).rejects.toMatchObject({
      code: 'AUTH',
      message: expect.stringContaining('Invalid API key'),
    });
  });
});
