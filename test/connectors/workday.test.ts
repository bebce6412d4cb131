import { OutboundPolicy } from '../../src/connectors/http';
import { workdayConnector, WorkdayConnector } from '../../src/connectors/workday';
import { parseWorkdayConfig } from '../../src/connectors/workday/workday.config';
import { CURSOR_OVERLAP_MS, REPORT_PAGE_SIZE } from '../../src/connectors/workday/workday.connector';
import { connectorDefinition } from '../../src/connectors/registry';
import {
  ConnectorError,
  ReadRequest,
  SourceGroup,
  SourcePage,
  SourceRecordError,
} from '../../src/connectors/types';
import { DirectorySource } from '../../src/entities/enums';
import { FakeWorkday, UPDATED_SINCE_PROMPT } from '../fakes/workday/fake-workday';
import { TENANT_TODAY } from '../fakes/workday/tenant';

const PEOPLE = 5000;
const FAST_RETRY = { maxThrottleRetries: 2, maxTemporaryRetries: 2, backoffMs: 5, maxWaitMs: 2_000 };

const read = (mode: 'full' | 'incremental' = 'full', cursor: string | null = null): ReadRequest => ({
  mode,
  cursor,
  signal: new AbortController().signal,
});

async function collect<T>(
  pages: AsyncIterable<SourcePage<T>>,
): Promise<{ records: T[]; errors: SourceRecordError[]; sizes: number[] }> {
  const records: T[] = [];
  const errors: SourceRecordError[] = [];
  const sizes: number[] = [];
  for await (const page of pages) {
    records.push(...page.records);
    errors.push(...page.errors);
    sizes.push(page.records.length + page.errors.length);
  }
  return { records, errors, sizes };
}

async function failure(work: Promise<unknown>): Promise<ConnectorError> {
  try {
    await work;
  } catch (error) {
    if (error instanceof ConnectorError) return error;
    throw error;
  }
  throw new Error('expected a ConnectorError');
}

describe('workday connector against the fake tenant', () => {
  let fake: FakeWorkday;
  let clock: number;
  let outbound: OutboundPolicy;

  beforeAll(async () => {
    fake = await new FakeWorkday({ workers: PEOPLE }).start();
    outbound = new OutboundPolicy({ allowHosts: [new URL(fake.url).host] });
  });
  afterAll(() => fake.stop());
  beforeEach(() => {
    clock = Date.parse(`${TENANT_TODAY}T12:00:00.000Z`);
    fake.useClock(() => clock);
    fake.log.length = 0;
  });

  const connector = (config: Record<string, unknown>) =>
    new WorkdayConnector(parseWorkdayConfig(config), { outbound, retry: FAST_RETRY, now: () => clock });
  const reportConnector = (extra: Record<string, unknown> = {}) => connector(fake.reportConfig(extra));
  const restConnector = (extra: Record<string, unknown> = {}) => connector(fake.restConfig(extra));

  it('is registered for the WORKDAY source and keeps its secrets write-only', () => {
    expect(connectorDefinition(DirectorySource.WORKDAY)).toBe(workdayConnector);
    expect(workdayConnector.secretFields).toEqual(['password', 'clientSecret', 'refreshToken']);
  });

  describe('report mode (RaaS)', () => {
    it('tests the connection with a small "updated since" run, or counts the report without one', async () => {
      expect(await reportConnector().test(read().signal)).toEqual({ userCount: null });
      expect(fake.log.at(-1)).toMatchObject({ endpoint: 'workersReport', auth: 'basic', status: 200 });
      expect(fake.log.at(-1)?.query).toEqual({ format: 'json', [UPDATED_SINCE_PROMPT]: expect.any(String) });
      const counted = reportConnector({ updatedSincePrompt: undefined });
      expect(await counted.test(read().signal)).toEqual({ userCount: PEOPLE });
    });

    it('reads every worker, streamed in pages, with managers, statuses, future hires and odd names intact', async () => {
      const source = reportConnector();
      const users = await collect(source.users(read()));
      expect(users.errors).toEqual([]);
      expect(users.records).toHaveLength(PEOPLE);
      expect(Math.max(...users.sizes)).toBe(REPORT_PAGE_SIZE);
      const byId = new Map(users.records.map((user) => [user.externalId, user]));
      for (const worker of fake.workers) {
        const user = byId.get(worker.employeeId)!;
        expect(user.attributes.firstName).toBe(worker.firstName);
        expect(user.attributes.lastName).toBe(worker.lastName);
        expect(user.manager).toEqual(
          worker.managerIndex === null
            ? null
            : { kind: 'externalId', value: fake.workers[worker.managerIndex].employeeId },
        );
      }
      const statuses = users.records.reduce<Record<string, number>>((counts, user) => {
        const key = String(user.attributes.status);
        return { ...counts, [key]: (counts[key] ?? 0) + 1 };
      }, {});
      const expected = { terminated: 0, on_leave: 0 };
      for (const worker of fake.workers) {
        if (worker.status === 'Terminated') expected.terminated++;
        if (worker.status === 'On Leave') expected.on_leave++;
      }
      expect(statuses).toMatchObject(expected);
      expect(statuses.contractor).toBeGreaterThan(0);
      const futureHires = fake.workers.filter((worker) => worker.hireDate > TENANT_TODAY);
      expect(futureHires.length).toBeGreaterThan(0);
      for (const worker of futureHires) {
        expect(byId.get(worker.employeeId)!.attributes).toMatchObject({
          startDate: worker.hireDate,
          customAttributes: expect.objectContaining({ workdayFutureHire: true }),
        });
      }
      expect(users.records.some((user) => /^[\u4e00-\u9fff]+$/.test(String(user.attributes.lastName)))).toBe(
        true,
      );
      expect(byId.get('21000')!.attributes.customAttributes).toMatchObject({ badgeNumber: '500000' });
    });

    it('lists departments and cost centers as groups through the people, then the groups report with members', async () => {
      const source = reportConnector();
      const users = await collect(source.users(read()));
      const groups = await collect<SourceGroup>(source.groups(read()));
      expect(groups.errors).toEqual([]);
      const byType = (type: string) => groups.records.filter((group) => group.attributes.groupType === type);
      expect(byType('department')).toHaveLength(8);
      expect(byType('cost_center')).toHaveLength(40);
      expect(byType('team')).toHaveLength(fake.teams.length);
      const team = groups.records.find((group) => group.externalId === `group:${fake.teams[1].id}`)!;
      expect(team.members).toHaveLength(fake.teams[1].members.length);
      expect(users.records[3].groupExternalIds).toEqual([
        `department:${fake.workers[3].department}`,
        `cost_center:${fake.workers[3].costCenter}`,
      ]);
    });

    it('reads only the workers changed since the cursor on an incremental sync', async () => {
      const source = reportConnector();
      await collect(source.users(read()));
      const cursor = source.nextCursor()!;
      expect(Date.parse(cursor)).toBe(clock - CURSOR_OVERLAP_MS);
      clock += 3600_000;
      const changed = fake.change(100);
      fake.log.length = 0;
      const next = reportConnector();
      const users = await collect(next.users(read('incremental', cursor)));
      expect(users.records).toHaveLength(changed);
      expect(users.records[0].attributes.jobTitle).toBe('Changed Title 0');
      expect(fake.log[0].query[UPDATED_SINCE_PROMPT]).toBe('2026-06-15T11:55:00.000+00:00');
      expect(Date.parse(next.nextCursor()!)).toBe(clock - CURSOR_OVERLAP_MS);
    });

    it('answers CURSOR_EXPIRED for a cursor it did not write', async () => {
      const error = await failure(collect(reportConnector().users(read('incremental', 'not-a-date'))));
      expect(error.code).toBe('CURSOR_EXPIRED');
    });

    it('refuses a wrong password as AUTH without quoting it', async () => {
      const source = reportConnector({ password: 'wrong-password-123' });
      const error = await failure(source.test(read().signal));
      expect(error.code).toBe('AUTH');
      expect(error.message).toContain('HTTP 401');
      expect(error.message).not.toContain('wrong-password-123');
    });

    it.each([
      [{ kind: 'status', status: 403 } as const, 'PERMISSION', 'share it with the ISU'],
      [{ kind: 'status', status: 404 } as const, 'NOT_FOUND', 'owner/name'],
      [{ kind: 'malformed' } as const, 'INVALID_DATA', 'Report_Entry holds something other than objects'],
      [{ kind: 'truncated', afterEntries: 1200 } as const, 'TEMPORARY', 'cut off'],
    ])('turns %j into %s', async (injected, code, words) => {
      fake.failNext('workersReport', injected);
      const error = await failure(collect(reportConnector().users(read())));
      expect({ code: error.code, retryable: error.retryable }).toEqual({
        code,
        retryable: code === 'TEMPORARY',
      });
      expect(error.message).toContain(words);
    });

    it('waits out a 429 with Retry-After and retries a 500, then reads the report', async () => {
      fake.failNext('workersReport', { kind: 'status', status: 429, retryAfter: '1' });
      fake.failNext('workersReport', { kind: 'status', status: 500 });
      const users = await collect(reportConnector().users(read()));
      expect(users.records).toHaveLength(PEOPLE);
      expect(fake.log.map((entry) => entry.status)).toEqual([429, 500, 200]);
    });

    it('gives THROTTLED with the Retry-After it was told when the wait is too long to wait here', async () => {
      fake.failNext('workersReport', { kind: 'status', status: 429, retryAfter: '3600' });
      const error = await failure(collect(reportConnector().users(read())));
      expect(error).toMatchObject({ code: 'THROTTLED', retryAfterMs: 3600_000 });
    });

    it('gives TEMPORARY after 503s that do not stop', async () => {
      fake.failAlways('workersReport', { kind: 'status', status: 503 });
      try {
        const error = await failure(collect(reportConnector().users(read())));
        expect(error.code).toBe('TEMPORARY');
        expect(fake.log).toHaveLength(1 + FAST_RETRY.maxTemporaryRetries);
      } finally {
        fake.failAlways('workersReport', null);
      }
    });

    it('is refused by the outbound address policy when the operator has not allowed the host', async () => {
      const strict = new WorkdayConnector(parseWorkdayConfig(fake.reportConfig()), {
        outbound: new OutboundPolicy(),
        retry: FAST_RETRY,
      });
      const error = await failure(strict.test(read().signal));
      expect(error.code).toBe('DESTINATION_NOT_ALLOWED');
      expect(fake.log).toHaveLength(0);
    });
  });

  describe('REST mode', () => {
    it('tests the connection with one worker and reports the total', async () => {
      expect(await restConnector().test(read().signal)).toEqual({ userCount: PEOPLE });
      expect(fake.log.map((entry) => `${entry.endpoint} ${entry.auth} ${entry.status}`)).toEqual([
        'token basic 200',
        'workers bearer 200',
      ]);
    });

    it('pages the workers 100 at a time with one access token, and maps them', async () => {
      const source = restConnector();
      expect(source.supportsIncremental).toBe(false);
      const issued = fake.tokensIssued;
      const users = await collect(source.users(read()));
      expect(users.errors).toEqual([]);
      expect(users.records).toHaveLength(PEOPLE);
      expect(fake.tokensIssued - issued).toBe(1);
      const pages = fake.log.filter((entry) => entry.endpoint === 'workers');
      expect(pages).toHaveLength(PEOPLE / 100);
      expect(pages[1].query).toEqual({ limit: '100', offset: '100' });
      const worker = fake.workers[42];
      const user = users.records.find((record) => record.externalId === worker.wid)!;
      expect(user).toMatchObject({
        attributes: {
          employeeNumber: worker.employeeId,
          email: worker.email,
          department: worker.department,
          costCenter: worker.costCenter,
          location: worker.location,
        },
        manager: { kind: 'externalId', value: fake.workers[worker.managerIndex!].wid },
      });
      expect(source.nextCursor()).toBeNull();
    });

    it('renews an expired access token once and goes on', async () => {
      const source = restConnector();
      const issued = fake.tokensIssued;
      await source.test(read().signal);
      fake.expireTokens();
      const users = await collect(source.users(read()));
      expect(users.records).toHaveLength(PEOPLE);
      expect(fake.tokensIssued - issued).toBe(2);
      fake.failNext('workers', { kind: 'expiredToken' });
      expect(await source.test(read().signal)).toEqual({ userCount: PEOPLE });
    });

    it('gives AUTH when the refresh token is refused, without quoting it', async () => {
      const source = restConnector({ refreshToken: 'revoked-refresh-token-000' });
      const error = await failure(source.test(read().signal));
      expect(error.code).toBe('AUTH');
      expect(error.message).toContain('refresh token');
      expect(error.message).not.toContain('revoked-refresh-token-000');
    });

    it('gives AUTH when a fresh token is refused too', async () => {
      fake.failNext('workers', { kind: 'expiredToken' }, 2);
      const error = await failure(restConnector().test(read().signal));
      expect(error.code).toBe('AUTH');
    });

    it.each([
      [{ kind: 'status', status: 403 } as const, 'PERMISSION'],
      [{ kind: 'status', status: 429, retryAfter: '3600' } as const, 'THROTTLED'],
      [{ kind: 'status', status: 500 } as const, 'TEMPORARY'],
      [{ kind: 'badOffset' } as const, 'TEMPORARY'],
      [{ kind: 'malformed' } as const, 'INVALID_DATA'],
    ])('turns %j on a later page into %s', async (injected, code) => {
      const source = restConnector();
      await source.test(read().signal); // the token, and one page
      const pages = source.users(read())[Symbol.asyncIterator]();
      await pages.next();
      fake.failAlways('workers', injected);
      try {
        const error = await failure(
          (async () => {
            for (;;) if ((await pages.next()).done) return;
          })(),
        );
        expect(error.code).toBe(code);
      } finally {
        fake.failAlways('workers', null);
      }
    });

    it('gives TEMPORARY when the worker list changes while it is paged', async () => {
      const source = restConnector();
      const pages = source.users(read())[Symbol.asyncIterator]();
      await pages.next();
      const removed = fake.workers.pop()!;
      try {
        const error = await failure(
          (async () => {
            for (;;) if ((await pages.next()).done) return;
          })(),
        );
        expect(error.code).toBe('TEMPORARY');
        expect(error.message).toContain('changed while it was paged');
      } finally {
        fake.workers.push(removed);
      }
    });
  });
});
