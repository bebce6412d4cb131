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
  private readonly recounting = new Set<string>();

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

  /**
   * The size as last counted, even if older than a minute (then counted again in the background,
   * once at a time): for choices that only need the order of magnitude, and should not wait.
   */
  async roughly(orgId: string): Promise<number> {
    const known = this.sizes.get(orgId);
    if (!known) return this.people(orgId);
    if (this.now() - known.countedAt >= SIZE_TTL_MS && !this.recounting.has(orgId)) {
      this.recounting.add(orgId);
      void this.people(orgId)
        .catch(() => undefined)
        .finally(() => this.recounting.delete(orgId));
    }
    return known.people;
  }
}
