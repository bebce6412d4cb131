import { writeFileSync } from 'node:fs';
import {
  CreateCustomAttributeDefinitionDocument,
  CustomAttributeMappingsDocument,
  EmployeeCustomAttributesDocument,
  EmployeesByCustomAttributesDocument,
  SetCustomAttributeMappingsDocument,
} from '../generated/graphql';
import { dataOf, GraphQLResponse, startTestApp, TestApp } from '../support/app';
import { createOrganization } from '../support/factories';
import { HrisPerson, hrisDocument, hrisPeople, writeHrisFile } from '../support/hris';
import { waitForSyncJob } from '../support/sync-jobs';

interface Job {
  id: string;
  status: string;
  errorCount: number;
  stats: Record<string, number>;
  errors: { code: string; message: string; externalId: string | null }[];
}

const JOB_FIELDS = `id status errorCount errors { code message externalId } stats { usersCreated usersUpdated usersErrors }`;
const codeOf = (response: GraphQLResponse<unknown>) => response.errors?.[0]?.extensions?.code;

/**
 * A real HRIS import (seed 001's custom_properties) through the sync pipeline: a connection's
 * mappings move and type its fields, same-named fields are typed in place, other fields stay as
 * they were, and a value that does not convert is reported while the person is applied.
 */
describe('custom attributes on sync', () => {
  let app: TestApp;
  let orgId: string;
  let admin: string;
  let connectionId: string;
  let file: string;
  let people: HrisPerson[];

  beforeAll(async () => {
    app = await startTestApp({ SYNC_ATTEMPTS: '1' }, { sync: true });
    app.runtime!.startWorker();
    orgId = await createOrganization(app.db.dataSource);
    admin = await app.token(orgId, ['admin']);
    people = hrisPeople(4).map((person) => ({ ...person, custom_properties: {} }));
    file = writeHrisFile(orgId, hrisDocument(people));
    const { createDirectoryConnection } = await gql<{ createDirectoryConnection: { id: string } }>(
      `mutation ($input: DirectoryConnectionInput!) { createDirectoryConnection(input: $input) { id } }`,
      {
        input: {
          name: 'BambooHR export',
          source: 'HRIS_IMPORT',
          config: { file },
          deletionThresholdPercent: 100,
        },
      },
    );
    connectionId = createDirectoryConnection.id;
    for (const [key, type] of [
      ['division', 'STRING'],
      ['extension', 'NUMBER'],
      ['startedOn', 'DATE'],
      ['remote', 'BOOLEAN'],
      ['badges', 'LIST'],
    ])
      dataOf(
        await app.request(
          CreateCustomAttributeDefinitionDocument,
          { input: { key, type: type as never } },
          { token: admin },
        ),
      );
  });
  afterAll(async () => app?.stop());

  const gql = async <T>(query: string, variables: Record<string, unknown> = {}) =>
    dataOf(await app.request<T, Record<string, unknown>>(query, variables, { token: admin }));

  async function sync(): Promise<Job> {
    const { triggerSync } = await gql<{ triggerSync: { id: string } }>(
      `mutation ($input: TriggerSyncInput!) { triggerSync(input: $input) { id } }`,
      { input: { connectionId, syncType: 'FULL' } },
    );
    return waitForSyncJob<Job>(app, admin, triggerSync.id, JOB_FIELDS);
  }

  const emails = async (conditions: Record<string, unknown>[]) =>
    dataOf(
      await app.request(
        EmployeesByCustomAttributesDocument,
        { conditions: conditions as never, first: 50 },
        { token: admin },
      ),
    )
      .employees.edges.map((edge) => edge.node.email)
      .sort();

  const personByEmail = async (email: string) => {
    const [row] = await app.db.dataSource.query(
      `SELECT id, job_title AS "jobTitle", custom_attributes AS "customAttributes" FROM employees WHERE org_id = $1 AND email = $2`,
      [orgId, email],
    );
    return row as { id: string; jobTitle: string; customAttributes: Record<string, unknown> } | undefined;
  };

  it('keeps and validates mappings per connection, with typed errors', async () => {
    const set = (
      mappings: { sourceField: string; attributeKey: string }[],
      id = connectionId,
      token = admin,
    ) => app.request(SetCustomAttributeMappingsDocument, { connectionId: id, mappings }, { token });
    expect(codeOf(await set([{ sourceField: 'office_extension', attributeKey: 'nope' }]))).toBe(
      'UNKNOWN_CUSTOM_ATTRIBUTE',
    );
    expect(
      codeOf(
        await set([
          { sourceField: 'office_extension', attributeKey: 'extension' },
          { sourceField: 'office_extension', attributeKey: 'startedOn' },
        ]),
      ),
    ).toBe('INVALID_ATTRIBUTE_MAPPING');
    expect(
      codeOf(
        await set([
          { sourceField: 'phone_ext', attributeKey: 'extension' },
          { sourceField: 'office_extension', attributeKey: 'extension' },
        ]),
      ),
    ).toBe('INVALID_ATTRIBUTE_MAPPING');
    expect(codeOf(await set([{ sourceField: ' ', attributeKey: 'extension' }]))).toBe(
      'INVALID_ATTRIBUTE_MAPPING',
    );

    // Another organization's admin cannot see or change this connection's mappings.
    const otherOrg = await createOrganization(app.db.dataSource);
    const stranger = await app.token(otherOrg, ['admin']);
    expect(codeOf(await set([], connectionId, stranger))).toBe('NOT_FOUND');
    expect(
      codeOf(await app.request(CustomAttributeMappingsDocument, { connectionId }, { token: stranger })),
    ).toBe('NOT_FOUND');
    expect(codeOf(await set([], connectionId, await app.token(orgId)))).toBe('FORBIDDEN');

    const mapped = dataOf(
      await set([
        { sourceField: 'office_extension', attributeKey: 'extension' },
        { sourceField: 'hire_date', attributeKey: 'startedOn' },
      ]),
    ).setCustomAttributeMappings;
    expect(mapped.map((mapping) => `${mapping.sourceField}→${mapping.attributeKey}`)).toEqual([
      'hire_date→startedOn',
      'office_extension→extension',
    ]);
    const { customAttributeMappings } = dataOf(
      await app.request(CustomAttributeMappingsDocument, { connectionId }, { token: admin }),
    );
    expect(customAttributeMappings).toHaveLength(2);
  });

  it('maps and types values on sync, reports a bad value and still applies the person', async () => {
    people[0].custom_properties = {
      division: 'North America',
      office_extension: '1234',
      hire_date: '2020-01-02T08:00:00Z',
      remote: 'true',
      badges: ['first-aid', 'fire-warden'],
      shoe_size: 42,
    };
    people[1].custom_properties = { division: 'Europe', office_extension: 'ext. 5678', remote: false };
    people[2].custom_properties = { division: 'Europe', hire_date: '2020-02-30', badges: { nested: true } };
    writeFileSync(file, JSON.stringify(hrisDocument(people)));
    const job = await sync();
    expect(job.status).toBe('COMPLETED');
    expect(job.stats).toMatchObject({ usersCreated: 4, usersErrors: 0 });
    const problems = job.errors.map(
      (error) => `${error.externalId}:${error.code}:${error.message.split(':')[0]}`,
    );
    expect(problems.sort()).toEqual([
      'P1:INVALID_CUSTOM_ATTRIBUTE:custom attribute "extension" (NUMBER) from source field "office_extension"',
      'P2:INVALID_CUSTOM_ATTRIBUTE:custom attribute "badges" (LIST) from source field "badges"',
      'P2:INVALID_CUSTOM_ATTRIBUTE:custom attribute "startedOn" (DATE) from source field "hire_date"',
    ]);
    expect(job.errorCount).toBe(3);
    // The message names the problem, never the value.
    expect(job.errors.map((error) => error.message).join(' ')).not.toContain('5678');

    // Mapped fields moved and typed; same-named fields typed in place; the rest kept as given.
    const ada = await personByEmail('person0@acme.test');
    expect(ada?.customAttributes).toEqual({
      division: 'North America',
      extension: 1234,
      startedOn: '2020-01-02',
      remote: true,
      badges: ['first-aid', 'fire-warden'],
      shoe_size: 42,
    });
    // The person with a bad value is there with everything else.
    const bea = await personByEmail('person1@acme.test');
    expect(bea?.jobTitle).toBe('Engineer');
    expect(bea?.customAttributes).toEqual({ division: 'Europe', remote: false });

    expect(await emails([{ key: 'extension', equals: 1234 }])).toEqual(['person0@acme.test']);
    expect(await emails([{ key: 'division', equals: 'Europe' }])).toEqual([
      'person1@acme.test',
      'person2@acme.test',
    ]);
    expect(await emails([{ key: 'startedOn', lt: '2021-01-01' }])).toEqual(['person0@acme.test']);
    expect(await emails([{ key: 'remote', exists: true }])).toEqual([
      'person0@acme.test',
      'person1@acme.test',
    ]);
    expect(await emails([{ key: 'badges', equals: 'fire-warden' }])).toEqual(['person0@acme.test']);

    const { employee } = dataOf(
      await app.request(
        EmployeeCustomAttributesDocument,
        { id: ada!.id, key: 'extension' },
        { token: admin },
      ),
    );
    expect(employee?.customAttribute).toMatchObject({ type: 'NUMBER', numberValue: 1234 });
  });

  it('takes the corrected value at the next sync, keeps the stored one over a bad value, clears on null', async () => {
    people[1].custom_properties = { division: 'Europe', office_extension: 5678, remote: false };
    people[0].custom_properties = { office_extension: 'oops', badges: null };
    people[2].custom_properties = { division: 'Europe' };
    writeFileSync(file, JSON.stringify(hrisDocument(people)));
    const job = await sync();
    expect(job.status).toBe('COMPLETED');
    expect(job.errors.map((error) => `${error.externalId}:${error.code}`)).toEqual([
      'P0:INVALID_CUSTOM_ATTRIBUTE',
    ]);
    expect(await emails([{ key: 'extension', gte: 5000 }])).toEqual(['person1@acme.test']);
    expect(await emails([{ key: 'extension', equals: 1234 }])).toEqual(['person0@acme.test']);
    expect(await emails([{ key: 'badges', exists: true }])).toEqual([]);
    expect((await personByEmail('person0@acme.test'))?.customAttributes).not.toHaveProperty('badges');
  });
});
