import { createPrivateKey, createPublicKey, generateKeyPairSync } from 'node:crypto';
import { ZodError } from 'zod';
import { connectorDefinition } from '../../src/connectors/registry';
import { successFactorsConnector, SuccessFactorsConnector } from '../../src/connectors/successfactors';
import { parseSfConfig } from '../../src/connectors/successfactors/successfactors.config';
import {
  datetimeOffsetLiteral,
  mapSfUser,
  odataDate,
  selectedProperties,
  SfMappingOptions,
} from '../../src/connectors/successfactors/successfactors-mapping';
import { signedAssertion } from '../../src/connectors/successfactors/saml-assertion';
import { ConnectorError } from '../../src/connectors/types';
import { DirectorySource } from '../../src/entities/enums';
import { FakeSuccessFactors, sfUserId } from '../fakes/successfactors/fake-successfactors';
import { collectPages, FAST_RETRY, readRequest, transportTo } from '../support/connector-reads';
import { countKinds, HR_TODAY, hrWorker, levelOf } from '../fakes/hr-tenant';

const { privateKey, publicKey } = generateKeyPairSync('rsa', {
  modulusLength: 2048,
  publicKeyEncoding: { type: 'spki', format: 'pem' },
  privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
});
const CLIENT_ID = 'NjQ2ZjA3YWItYTA2Ny00ZGI2LWE4NDktZWM2Yzc5NzdjODFk';
const PASSWORD = 'Sf-basic-pass-0123456789';
const TODAY = new Date(HR_TODAY).toISOString().slice(0, 10);

const base = { apiServer: 'https://api4.successfactors.com', companyId: 'ACMECORP' };
const oauth = { clientId: CLIENT_ID, userId: 'sfapi', privateKeyPem: privateKey };

describe('SuccessFactors configuration', () => {
  it('takes OAuth or basic, fills defaults, and parses its own output again', () => {
    const config = parseSfConfig({ ...base, oauth });
    expect(config).toMatchObject({
      pageSize: 500,
      oauth: { issuer: 'www.successfactors.com', audience: 'www.successfactors.com' },
    });
    expect(parseSfConfig(config)).toEqual(config);
    expect(parseSfConfig({ ...base, basic: { username: 'sfapi', password: PASSWORD } }).basic).toEqual({
      username: 'sfapi',
      password: PASSWORD,
    });
    expect(successFactorsConnector.secretFields).toEqual(['oauth', 'basic']);
    expect(connectorDefinition(DirectorySource.SAP_SUCCESSFACTORS)).toBe(successFactorsConnector);
  });

  it.each([
    [{ oauth: undefined }, ''],
    [{ basic: { username: 'a', password: 'b' } }, 'basic'],
    [{ apiServer: 'http://api4.successfactors.com' }, 'apiServer'],
    [{ apiServer: 'https://api4.successfactors.com/odata/v2' }, 'apiServer'],
    [{ pageSize: 1001 }, 'pageSize'],
    [{ oauth: { ...oauth, privateKeyPem: 'not a key' } }, 'oauth'],
    [{ fields: { costCenter: "custom01'" } }, 'fields'],
  ])('refuses %j', (override, field) => {
    let error: unknown;
    try {
      parseSfConfig({ ...base, oauth, ...override });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ZodError);
    expect(String((error as ZodError).issues[0].path[0] ?? '')).toBe(field);
    expect(JSON.stringify(error)).not.toContain('PRIVATE KEY-----\n');
  });
});

describe('SuccessFactors mapping', () => {
  const options: SfMappingOptions = {
    fields: { ...parseSfConfig({ ...base, oauth }).fields, costCenter: 'custom01' },
    customFields: { shirtSize: 'custom02' },
    today: '2026-06-01',
  };
  const entity = (properties: Record<string, unknown>) => ({
    __metadata: { uri: "https://api4.successfactors.com/odata/v2/User('1042')", type: 'SFOData.User' },
    userId: '1042',
    status: 'active',
    lastModifiedDateTime: '/Date(1717200000000+0000)/',
    ...properties,
  });

  it('reads OData v2 date literals and writes datetimeoffset literals', () => {
    expect(odataDate('/Date(1438560000000)/')).toBe(1438560000000);
    expect(odataDate('/Date(1438560000000+0120)/')).toBe(1438560000000);
    expect(odataDate('2015-08-03')).toBeNull();
    expect(datetimeOffsetLiteral(Date.parse('2024-01-02T03:04:05.678Z'))).toBe(
      "datetimeoffset'2024-01-02T03:04:05Z'",
    );
  });

  it('maps a user with its manager, custom fields, dates and type', () => {
    const mapped = mapSfUser(
      entity({
        empId: 'E42',
        email: 'zoe@acme.test',
        username: 'zoe',
        defaultFullName: "Zoë O'Brien",
        firstName: 'Zoë',
        lastName: "O'Brien",
        nickname: null,
        title: 'Engineer',
        department: 'R&D',
        division: 'Product',
        location: '東京',
        businessPhone: '',
        timeZone: 'Asia/Tokyo',
        employeeClass: 'Contractor',
        hireDate: '/Date(1580688000000)/',
        custom01: 'CC-4100',
        custom02: "L (men's)",
        manager: { __metadata: { type: 'SFOData.User' }, userId: '1001' },
      }),
      options,
    );
    expect(mapped).toEqual({
      ok: true,
      value: {
        lastModified: 1717200000000,
        user: {
          externalId: '1042',
          manager: { kind: 'externalId', value: '1001' },
          attributes: {
            employeeNumber: 'E42',
            email: 'zoe@acme.test',
            username: 'zoe',
            displayName: "Zoë O'Brien",
            firstName: 'Zoë',
            lastName: "O'Brien",
            preferredName: null,
            jobTitle: 'Engineer',
            department: 'R&D',
            division: 'Product',
            location: '東京',
            phone: null,
            timeZone: 'Asia/Tokyo',
            employmentType: 'contractor',
            startDate: '2020-02-03',
            costCenter: 'CC-4100',
            status: 'contractor',
            customAttributes: { shirtSize: "L (men's)", successFactorsStatus: 'active' },
          },
        },
      },
    });
  });

  it.each([
    [
      'an inactive pre-hire starting later: active with its start date',
      { status: 'inactive', hireDate: '/Date(1782864000000)/' },
      'active',
    ],
    ['an inactive leaver: terminated', { status: 'f', hireDate: '/Date(1580688000000)/' }, 'terminated'],
    ['the one-letter active form', { status: 't' }, 'active'],
  ])('%s', (_name, properties, status) => {
    const mapped = mapSfUser(entity(properties), options);
    expect(mapped.ok && mapped.value.user.attributes.status).toBe(status);
  });

  it('reads no manager from null, NO_MANAGER or itself, and nothing from a deferred link', () => {
    expect(mapSfUser(entity({ manager: null }), options)).toMatchObject({
      ok: true,
      value: { user: { manager: null } },
    });
    expect(mapSfUser(entity({ manager: { userId: 'NO_MANAGER' } }), options)).toMatchObject({
      ok: true,
      value: { user: { manager: null } },
    });
    expect(mapSfUser(entity({ manager: { userId: '1042' } }), options)).toMatchObject({
      ok: true,
      value: { user: { manager: null } },
    });
    const deferred = mapSfUser(entity({ manager: { __deferred: { uri: 'x' } } }), options);
    expect(deferred.ok && 'manager' in deferred.value.user).toBe(false);
  });

  it('turns an unusable entity into a record error', () => {
    expect(mapSfUser({ status: 'active' }, options)).toEqual({
      ok: false,
      error: { message: 'result has no userId' },
    });
    expect(mapSfUser(entity({ title: ['a'] }), options)).toEqual({
      ok: false,
      error: { externalId: '1042', message: 'title must be text' },
    });
  });

  it('selects each property once, the manager through its navigation', () => {
    const select = selectedProperties(options);
    expect(new Set(select).size).toBe(select.length);
    expect(select).toEqual(
      expect.arrayContaining([
        'userId',
        'status',
        'lastModifiedDateTime',
        'manager/userId',
        'custom01',
        'custom02',
      ]),
    );
  });
});

describe('SAML bearer assertion', () => {
  it('is signed over its canonical form and names the user, client and token URL', () => {
    const xml = signedAssertion({
      issuer: 'www.successfactors.com',
      audience: 'www.successfactors.com',
      userId: 'sfapi',
      clientId: CLIENT_ID,
      tokenUrl: 'https://api4.successfactors.com/oauth/token',
      now: Date.parse('2026-01-01T00:00:00Z'),
      key: parseSfConfigKey(),
    });
    expect(xml).toMatch(
      /^<saml2:Assertion xmlns:saml2="urn:oasis:names:tc:SAML:2\.0:assertion" ID="_[0-9a-f-]+" IssueInstant="2026-01-01T00:00:00Z" Version="2\.0"><saml2:Issuer>www\.successfactors\.com<\/saml2:Issuer><ds:Signature/,
    );
    expect(xml).toContain(
      '<saml2:NameID Format="urn:oasis:names:tc:SAML:1.1:nameid-format:unspecified">sfapi</saml2:NameID>',
    );
    expect(xml).toContain('Recipient="https://api4.successfactors.com/oauth/token"');
    expect(xml).toContain(
      `<saml2:Attribute Name="api_key"><saml2:AttributeValue>${CLIENT_ID}</saml2:AttributeValue>`,
    );
    expect(xml).not.toMatch(/\/>/);
  });
});

function parseSfConfigKey() {
  return createPrivateKey(privateKey);
}

describe('SuccessFactors connector against the fake', () => {
  const PEOPLE = 5000;
  let fake: FakeSuccessFactors;
  const connect = (override: Record<string, unknown> = {}) =>
    new SuccessFactorsConnector(
      parseSfConfig({
        apiServer: fake.url,
        companyId: fake.companyId,
        oauth,
        fields: { costCenter: 'custom01' },
        customFields: { shirtSize: 'custom02' },
        groups: { departments: true, costCenters: true },
        ...override,
      }),
      { transport: transportTo(fake.url), retry: FAST_RETRY },
    );

  beforeAll(async () => {
    fake = await new FakeSuccessFactors(PEOPLE)
      .registerClient(CLIENT_ID, createPublicKey(publicKey))
      .addBasicUser('sfapi', PASSWORD)
      .start();
  });
  afterAll(() => fake.stop());

  it('tests the connection with a SAML bearer token, and counts the users in every status', async () => {
    fake.tokenRequests = 0;
    await expect(connect().test(new AbortController().signal)).resolves.toEqual({ userCount: PEOPLE });
    expect(fake.tokenRequests).toBe(1);
  });

  it('tests the connection with basic auth as user@companyId', async () => {
    const connector = connect({ oauth: undefined, basic: { username: 'sfapi', password: PASSWORD } });
    await expect(connector.test(new AbortController().signal)).resolves.toEqual({ userCount: PEOPLE });
  });

  it('reads every user through snapshot pages of 500 with only the mapped properties', async () => {
    fake.requests.length = 0;
    fake.tokenRequests = 0;
    const connector = connect();
    const { records, errors, pages } = await collectPages(connector.users(readRequest()));
    expect(errors).toEqual([]);
    expect(pages).toBe(10);
    expect(records).toHaveLength(PEOPLE);
    expect(fake.tokenRequests).toBe(1);
    const first = fake.requests.find((request) => request.path === '/odata/v2/User')!;
    expect(first.query).toMatchObject({
      $format: 'json',
      customPageSize: '500',
      paging: 'snapshot',
      $expand: 'manager',
      $filter: "status in 't','f','T','F','e'",
    });
    expect(first.query.$select.split(',')).toContain('manager/userId');
    expect(fake.requests.filter((request) => request.query.$skiptoken)).toHaveLength(9);
    expect(Math.max(...records.map((_, index) => levelOf(index)))).toBeGreaterThanOrEqual(8);
    const kinds = countKinds(PEOPLE);
    expect(records.filter((user) => user.attributes.status === 'terminated')).toHaveLength(kinds.terminated);
    const future = records.filter((user) => (user.attributes.startDate ?? '') > TODAY);
    expect(future).toHaveLength(kinds.future_hire);
    expect(
      future.every((user) => user.attributes.status === 'active' || user.attributes.status === 'contractor'),
    ).toBe(true);
    expect(records[4]).toMatchObject({
      externalId: sfUserId(4),
      manager: { kind: 'externalId', value: sfUserId(1) },
      attributes: {
        lastName: hrWorker(4).lastName,
        costCenter: hrWorker(4).costCenter,
        customAttributes: { shirtSize: hrWorker(4).shirtSize, successFactorsStatus: 'active' },
      },
    });
    expect(records[0].manager).toBeNull();
    expect(connector.nextCursor()).toBe(new Date(hrWorker(PEOPLE - 1).lastModified - 60_000).toISOString());
  });

  it('reads only users modified since the cursor', async () => {
    const cursor = new Date(hrWorker(PEOPLE - 1).lastModified - 60_000).toISOString();
    const changed = fake.update(7, { jobTitle: 'Principal Engineer' });
    const newcomer = fake.add({ firstName: '伟', lastName: 'Nguyễn', managerIndex: 2 });
    fake.requests.length = 0;
    const connector = connect();
    const { records } = await collectPages(connector.users(readRequest('incremental', cursor)));
    // The overlap re-reads the last seeded user as well.
    expect(records.map((user) => user.externalId)).toEqual([
      sfUserId(7),
      sfUserId(PEOPLE - 1),
      sfUserId(newcomer.index),
    ]);
    expect(records[0].attributes.jobTitle).toBe('Principal Engineer');
    expect(fake.requests.at(-1)!.query.$filter).toBe(
      `status in 't','f','T','F','e' and lastModifiedDateTime gt ${datetimeOffsetLiteral(Date.parse(cursor))}`,
    );
    expect(connector.nextCursor()).toBe(new Date(newcomer.lastModified - 60_000).toISOString());
    expect(changed.lastModified).toBeLessThan(newcomer.lastModified);
  });

  it('renews a revoked token once and goes on', async () => {
    const connector = connect();
    await connector.test(new AbortController().signal);
    fake.revokeTokens();
    fake.tokenRequests = 0;
    await expect(connector.test(new AbortController().signal)).resolves.toEqual({ userCount: PEOPLE + 1 });
    expect(fake.tokenRequests).toBe(1);
  });

  it('fails with TEMPORARY when the paging snapshot expires mid-read', async () => {
    const pages = connect().users(readRequest())[Symbol.asyncIterator]();
    await pages.next();
    fake.expireSnapshots();
    await expect(pages.next()).rejects.toMatchObject({
      code: 'TEMPORARY',
      message: expect.stringContaining('snapshot expired'),
    });
  });

  it.each([
    [{ status: 403 }, 'PERMISSION'],
    [{ status: 500, times: 5 }, 'TEMPORARY'],
    [{ status: 429, retryAfter: '120' }, 'THROTTLED'],
    [{ status: 200, malformed: true }, 'INVALID_DATA'],
  ])('fails a read with %j as %s', async (failure, code) => {
    fake.fail({ ...failure, path: '/odata/v2/User' });
    const error = await collectPages(connect().users(readRequest())).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ConnectorError);
    expect((error as ConnectorError).code).toBe(code);
  });

  it('refuses wrong credentials as AUTH, without the password in the message', async () => {
    const wrongPassword = connect({
      oauth: undefined,
      basic: { username: 'sfapi', password: 'wrong-password-1' },
    });
    const error = await wrongPassword.test(new AbortController().signal).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ code: 'AUTH', message: expect.stringContaining('LGN0022') });
    expect((error as Error).message).not.toContain('wrong-password-1');
    const unknownClient = connect({ oauth: { ...oauth, clientId: 'unknown-client' } });
    await expect(unknownClient.test(new AbortController().signal)).rejects.toMatchObject({
      code: 'AUTH',
      message: expect.stringContaining('Invalid client ID'),
    });
    const otherKey = generateKeyPairSync('rsa', {
      modulusLength: 2048,
      privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
      publicKeyEncoding: { type: 'spki', format: 'pem' },
    });
    const wrongKey = connect({ oauth: { ...oauth, privateKeyPem: otherKey.privateKey } });
    await expect(wrongKey.test(new AbortController().signal)).rejects.toMatchObject({
      code: 'AUTH',
      message: expect.stringContaining('signature'),
    });
  });

  it('names a property the User entity lacks as CONFIGURATION', async () => {
    const error = await collectPages(
      connect({ fields: { costCenter: 'costCentre' } }).users(readRequest()),
    ).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ code: 'CONFIGURATION', message: expect.stringContaining('costCentre') });
  });
});
