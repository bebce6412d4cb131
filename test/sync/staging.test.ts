import { randomUUID } from 'node:crypto';
import { Sql } from '../../src/directory/sql';
import { Staging } from '../../src/directory/sync/staging';
import { validateGroup, validateUser } from '../../src/directory/sync/validate';
import { SourceGroup, SourceUser } from '../../src/connectors/types';
import { readAhead } from '../../src/jobs/sync-pipeline';
import { createTestDatabase, TestDatabase } from '../support/databases';
import { person } from '../fakes/scripted-connector';

const staged = (user: SourceUser) => {
  const result = validateUser(user);
  if (!result.ok) throw new Error(result.message);
  return result.value;
};

/** Staging writes people and memberships with COPY: what goes in must come back unchanged. */
describe('staging', () => {
  let db: TestDatabase;
  let sql: Sql;

  beforeAll(async () => {
    db = await createTestDatabase();
    sql = new Sql(db.dataSource);
  });
  afterAll(() => db.drop());

  it('keeps text with tabs, newlines, backslashes and quotes exactly, and group ids as a list', async () => {
    const jobId = randomUUID();
    const staging = new Staging(sql, jobId);
    const awkward = 'Tab\there\nnew line \\ back\\slash "quoted" {braces} \\N';
    await staging.addUsers([
      staged(
        person(1, {
          attributes: { email: 'u1@scripted.test', jobTitle: awkward, customAttributes: { note: awkward } },
          groupExternalIds: ['g,1', 'g "2"', 'g\\3'],
        }),
      ),
      staged({ externalId: 'gone', attributes: {}, removed: true }),
    ]);
    const rows = await db.dataSource.query(
      `SELECT external_id, removed, data, group_ids, manager_given, manager_kind, manager_value, new_id, seq
       FROM sync_stage_users WHERE job_id = $1 ORDER BY seq`,
      [jobId],
    );
    expect(rows).toHaveLength(2);
    expect(rows[0]).toMatchObject({
      external_id: 'u1',
      removed: false,
      group_ids: ['g,1', 'g "2"', 'g\\3'],
      manager_given: true,
      manager_kind: 'externalId',
      manager_value: 'u0',
    });
    expect(rows[0].data.job_title).toBe(awkward);
    expect(rows[0].data.custom_attributes).toEqual({ note: awkward });
    expect(rows[0].new_id).toMatch(/^[0-9a-f-]{36}$/);
    // Removed people are never created, so they get no id.
    expect(rows[1]).toMatchObject({ external_id: 'gone', removed: true, new_id: null, group_ids: null });
    await staging.clear();
  });

  it('keeps the first of a person listed twice, in one page or across pages, and names the repeats', async () => {
    const jobId = randomUUID();
    const staging = new Staging(sql, jobId);
    const first = await staging.addUsers(
      [person(1), person(2), person(1, { attributes: { email: 'x@y.test' } })].map(staged),
    );
    expect(first).toEqual(['u1']);
    // The second page repeats u2 (already staged): COPY refuses it, the page goes in by INSERT.
    const second = await staging.addUsers(
      [person(3), person(2, { attributes: { email: 'z@y.test' } }), person(4)].map(staged),
    );
    expect(second).toEqual(['u2']);
    const rows = await db.dataSource.query(
      `SELECT external_id, data->>'email' AS email FROM sync_stage_users WHERE job_id = $1 ORDER BY seq`,
      [jobId],
    );
    expect(rows).toEqual([
      { external_id: 'u1', email: 'u1@scripted.test' },
      { external_id: 'u2', email: 'u2@scripted.test' },
      { external_id: 'u3', email: 'u3@scripted.test' },
      { external_id: 'u4', email: 'u4@scripted.test' },
    ]);
    await staging.clear();
  });

  it('stages complete member lists and member changes of groups', async () => {
    const jobId = randomUUID();
    const staging = new Staging(sql, jobId);
    const groups: SourceGroup[] = [
      {
        externalId: 'g\t1',
        attributes: { name: 'One' },
        members: [
          { type: 'user', externalId: 'u\\1' },
          { type: 'group', externalId: 'g2' },
        ],
      },
      {
        externalId: 'g2',
        attributes: {},
        memberChanges: {
          added: [{ type: 'user', externalId: 'u2' }],
          removed: [{ type: 'user', externalId: 'u3' }],
        },
      },
    ];
    const duplicates = await staging.addGroups(
      groups.map((group) => {
        const result = validateGroup(group);
        if (!result.ok) throw new Error(result.message);
        return { staged: result.value, source: group };
      }),
    );
    expect(duplicates).toEqual([]);
    const members = await db.dataSource.query(
      `SELECT group_external_id AS g, member_type AS t, member_external_id AS x, op FROM sync_stage_members
       WHERE job_id = $1 ORDER BY 1, 3`,
      [jobId],
    );
    expect(members).toEqual([
      { g: 'g\t1', t: 'group', x: 'g2', op: 'set' },
      { g: 'g\t1', t: 'user', x: 'u\\1', op: 'set' },
      { g: 'g2', t: 'user', x: 'u2', op: 'add' },
      { g: 'g2', t: 'user', x: 'u3', op: 'remove' },
    ]);
    await staging.clear();
  });
});

describe('readAhead', () => {
  /** Pages 1..n, noting when each is fetched and whether the source was closed. */
  const source = (n: number, failAt?: number) => {
    const log: string[] = [];
    async function* pages(): AsyncGenerator<number> {
      try {
        for (let page = 1; page <= n; page++) {
          log.push(`fetch ${page}`);
          await new Promise((resolve) => setImmediate(resolve));
          if (page === failAt) throw new Error(`page ${page} failed`);
          yield page;
        }
      } finally {
        log.push('closed');
      }
    }
    return { log, pages: pages() };
  };

  it('fetches the next page while the current one is handled, in order', async () => {
    const { log, pages } = source(3);
    const seen: number[] = [];
    for await (const page of readAhead(pages)) {
      log.push(`handle ${page}`);
      seen.push(page);
    }
    expect(seen).toEqual([1, 2, 3]);
    // The source is asked for the page after 3 (there is none) before page 3 is handled.
    expect(log).toEqual(['fetch 1', 'fetch 2', 'handle 1', 'fetch 3', 'handle 2', 'closed', 'handle 3']);
  });

  it('closes the source when the caller stops early, and reports a failure of the page ahead once', async () => {
    const early = source(5);
    for await (const page of readAhead(early.pages)) if (page === 2) break;
    expect(early.log.at(-1)).toBe('closed');
    expect(early.log).not.toContain('fetch 4');

    const failing = source(3, 2);
    const seen: number[] = [];
    await expect(
      (async () => {
        for await (const page of readAhead(failing.pages)) seen.push(page);
      })(),
    ).rejects.toThrow('page 2 failed');
    expect(seen).toEqual([1]);
  });
});
