import { runSoak } from './run-soak';

/**
 * `npm run soak`: the sync soak at full length. SOAK_RUNS cases (500 by default); SOAK_SEED replays
 * a run; SOAK_SEED with SOAK_PATH (both printed with a failure) replays one case alone.
 */
describe('sync soak', () => {
  it('holds every invariant over many random cases', async () => {
    const path = process.env.SOAK_PATH || undefined;
    const runs = path ? 1 : Number(process.env.SOAK_RUNS || 500);
    const seed = process.env.SOAK_SEED ? Number(process.env.SOAK_SEED) : undefined;
    const figures = await runSoak(runs, { seed, path });
    console.log(`sync soak: ${JSON.stringify({ seed: seed ?? 'random', path, ...figures })}`);
    expect(figures.cases).toBe(runs);
  }, 3_600_000);
});
