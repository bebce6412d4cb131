import { runSoak } from '../soak/run-soak';

/**
 * The short, seeded run of the sync soak (test/soak/sync-model.ts); `npm run soak` runs 500 cases.
 */
describe('sync soak (seeded, short)', () => {
  it('keeps the directory equal to the source through faults, within the threshold, no job stuck', async () => {
    const figures = await runSoak(30, { seed: 20261201 });
    expect(figures.cases).toBe(30);
  }, 120_000);
});
