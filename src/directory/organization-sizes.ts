import { Sql } from './sql';

/** How long a counted size is trusted: a directory grows by syncs, not by the second. */
const SIZE_TTL_MS = 60_000;
/** Organizations remembered at once; the oldest is forgotten first. */
const MAX_REMEMBERED = 10_000;

/**
 * How many people an organization has (every status), for the cost of whole-tree answers such
 * as `orgChart`, which can return all of them. Counted once a minute per organization at most.
 */
export class OrganizationSizes {
  private readonly sizes = new Map<string, { people: number; countedAt: number }>();

  constructor(
    private readonly sql: Sql,
    private readonly now: () => number = Date.now,
  ) {}

  async people(orgId: string): Promise<number> {
    const known = this.sizes.get(orgId);
    if (known && this.now() - known.countedAt < SIZE_TTL_MS) return known.people;
    const [{ people }] = await this.sql.rows<{ people: number }>(
      `SELECT count(*)::int AS people FROM employees WHERE org_id = $1`,
      [orgId],
    );
    this.sizes.delete(orgId);
    if (this.sizes.size >= MAX_REMEMBERED) this.sizes.delete(this.sizes.keys().next().value!);
    this.sizes.set(orgId, { people, countedAt: this.now() });
    return people;
  }
}
