import fc from 'fast-check';
import { createTestDatabase, TestDatabase } from '../support/databases';
import { caseArbitrary, SyncSoak } from './sync-model';

/** Runs the sync soak for numRuns cases (seeded when seed is given) and returns its figures. */
export async function runSoak(numRuns: number, seed?: number) {
  const db: TestDatabase = await createTestDatabase();
  const started = Date.now();
  try {
    const soak = new SyncSoak(db.dataSource);
    await soak.prepareBystander();
    await fc.assert(
      fc.asyncProperty(caseArbitrary(), (input) => soak.runCase(input)),
      { numRuns, seed, endOnFailure: true },
    );
    return { ...soak.figures, durationMs: Date.now() - started };
  } finally {
    await db.drop();
  }
}
