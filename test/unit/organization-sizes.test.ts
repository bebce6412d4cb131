import { OrganizationSizes } from '../../src/directory/organization-sizes';
import { Sql } from '../../src/directory/sql';

/** A Sql whose counts the test answers one by one, so it sees when a count is asked for. */
function countingSql() {
  const pending: ((people: number) => void)[] = [];
  let asked: () => void = () => undefined;
  const sql = {
    rows: () =>
      new Promise<{ people: number }[]>((resolve) => {
        pending.push((people) => resolve([{ people }]));
        asked();
      }),
  } as unknown as Sql;
  return {
    sql,
    pending,
    /** Resolves once a count has been asked for and not yet answered. */
    nextCount: () =>
      new Promise<(people: number) => void>((resolve) => {
        if (pending.length) resolve(pending.shift()!);
        else asked = () => resolve(pending.shift()!);
      }),
  };
}

describe('organization sizes', () => {
  it('gives the size last counted without waiting, and counts again in the background once it is a minute old', async () => {
    const db = countingSql();
    let now = 0;
    const sizes = new OrganizationSizes(db.sql, () => now);
    // Never counted: waits for the count.
    const first = sizes.roughly('org');
    (await db.nextCount())(100);
    expect(await first).toBe(100);
    // Fresh: no count at all.
    expect(await sizes.roughly('org')).toBe(100);
    expect(db.pending).toHaveLength(0);
    // A minute old: the old size at once, one recount behind it however often it is asked.
    now = 61_000;
    expect(await sizes.roughly('org')).toBe(100);
    expect(await sizes.roughly('org')).toBe(100);
    const answer = await db.nextCount();
    expect(db.pending).toHaveLength(0);
    answer(250);
    // Once the recount's promise has settled (microtasks run before the next event-loop turn),
    // the new size is given, fresh, with no further count.
    await new Promise(setImmediate);
    expect(await sizes.roughly('org')).toBe(250);
    expect(await sizes.people('org')).toBe(250);
    expect(db.pending).toHaveLength(0);
  });
});
