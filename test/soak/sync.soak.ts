import { runSoak } from './run-soak';

/** `npm run soak`: the sync soak at full length (SOAK_RUNS cases, 500 by default; SOAK_SEED to replay). */
describe('sync soak', () => {
  it('holds every invariant over many random cases', async () => {
    const runs = Number(process.env.SOAK_RUNS || 500);
    const seed = process.env.SOAK_SEED ? Number(process.env.SOAK_SEED) : undefined;
    const figures = await runSoak(runs, seed);
    console.log(`sync soak: ${JSON.stringify(figures)}`);
    expect(figures.cases).toBe(runs);
  }, 3_600_000);
});
