import { FakeWorkday } from '../test/fakes/workday/fake-workday';

/**
 * The fake Workday of test/fakes/workday in a process of its own, for the sync bench (the process
 * under test then holds only the sync's own memory):
 *
 *   node dist/bench/fake-workday-server.js <workers>
 *
 * prints one JSON line, {"origin", "config"} (config: a report-mode connection's settings that reach
 * it, ISU password included), then serves until killed. POST /__bench/change?every=k changes the
 * business title of every k-th worker, so that the next "updated since" run returns them.
 */
const workers = Number(process.argv[2]);
if (!Number.isSafeInteger(workers) || workers < 1) {
  console.error('usage: fake-workday-server <workers>');
  process.exit(2);
}

async function main(): Promise<void> {
  const fake = await new FakeWorkday({
    workers,
    today: new Date().toISOString().slice(0, 10),
    benchControl: true,
    chunkEntries: 500,
  }).start();
  console.log(JSON.stringify({ origin: fake.url, config: fake.reportConfig() }));
  const stop = () => {
    void fake.stop().then(() => process.exit(0));
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
