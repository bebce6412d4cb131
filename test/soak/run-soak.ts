import fc from 'fast-check';
import { createTestDatabase, TestDatabase } from '../support/databases';
import { caseArbitrary, SyncSoak } from './sync-model';

export interface SoakSelection {
  /** fast-check's seed (printed with any failure); random when absent. */
  seed?: number;
  /**
   * fast-check's path of one case (printed with any failure, e.g. "48"): replays that case alone,
   * with the seed it was found with.
   */
  path?: string;
}

/** Runs the sync soak for numRuns cases (seeded when a seed is given) and returns its figures. */
export async function runSoak(numRuns: number, selection: SoakSelection = {}) {
  const db: TestDatabase = await createTestDatabase();
  const started = Date.now();
  try {
    const soak = new SyncSoak(db.dataSource);
    await soak.prepareBystander();
    await fc.assert(
      fc.asyncProperty(caseArbitrary(), (input) => soak.runCase(input)),
      { numRuns, seed: selection.seed, path: selection.path, endOnFailure: true },
    );
    return { ...soak.figures, durationMs: Date.now() - started };
  } finally {
    await db.drop();
  }
}
