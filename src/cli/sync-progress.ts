import { Format, Options, Params, SingleBar } from 'cli-progress';

/** What the sync pipeline reports: the phase, the records read so far and, when the source tells, how many there are. */
export interface ProgressSnapshot {
  phase: string;
  processed: number;
  total: number | null;
}

/** Unknown size: a plain line every so many records (off a terminal). */
const RECORDS_PER_LINE_WITHOUT_TOTAL = 10_000;
/** Off a terminal, a line at least this often even when nothing moves (a slow source). */
const QUIET_LINE_INTERVAL_MS = 10_000;
const BAR_SIZE = 30;
const PHASE_WIDTH = 14;

interface Payload {
  phase: string;
  knownTotal: boolean;
}

/**
 * The sync command's progress on stderr (stdout keeps the result). On a terminal a bar redrawn in
 * place (cli-progress) with records read, the source's total and an ETA when the source tells its
 * size; elsewhere (CI logs, pipes) the same text as plain lines: one per phase, one per tenth of
 * the total (or per 10,000 records when the size is unknown), and one every 10 s while nothing moves.
 */
export class SyncProgressView {
  private readonly bar: SingleBar;
  private readonly terminal: boolean;
  private last: { phase: string; step: number } = { phase: '', step: 0 };

  constructor(stream: NodeJS.WriteStream = process.stderr) {
    this.terminal = stream.isTTY === true;
    this.bar = new SingleBar({
      stream,
      format: formatProgress,
      barsize: BAR_SIZE,
      hideCursor: true,
      clearOnComplete: false,
      noTTYOutput: true,
      notTTYSchedule: QUIET_LINE_INTERVAL_MS,
      // The rate over the last 20 updates (pages): a source's pace changes between phases.
      etaBuffer: 20,
      // Times without a leading pad: "ETA 5s", "ETA 1m30s".
      autopaddingChar: '',
    });
  }

  start(): void {
    this.bar.start(0, 0, { phase: 'starting', knownTotal: false } satisfies Payload);
    this.last = { phase: 'starting', step: 0 };
  }

  /** The last snapshot (a finished job's): drawn once, and the bar gives the line back. */
  finish(snapshot: ProgressSnapshot): void {
    this.set(snapshot);
    this.bar.stop();
  }

  update(snapshot: ProgressSnapshot): void {
    const knownTotal = this.set(snapshot);
    if (this.terminal) return;
    const step = knownTotal
      ? Math.floor((10 * snapshot.processed) / snapshot.total!)
      : Math.floor(snapshot.processed / RECORDS_PER_LINE_WITHOUT_TOTAL);
    if (snapshot.phase !== this.last.phase || step > this.last.step) {
      this.last = { phase: snapshot.phase, step };
      this.bar.render();
    }
  }

  /** Ends the bar if finish() did not (an error stopped the run); a second call does nothing. */
  stop(): void {
    this.bar.stop();
  }

  private set(snapshot: ProgressSnapshot): boolean {
    const knownTotal = typeof snapshot.total === 'number' && snapshot.total > 0;
    // Without a total the bar's own total follows the count, so that nothing reads "100%".
    this.bar.setTotal(knownTotal ? Math.max(snapshot.total!, snapshot.processed) : snapshot.processed);
    this.bar.update(snapshot.processed, { phase: snapshot.phase, knownTotal } satisfies Payload);
    return knownTotal;
  }
}

/** One line of progress (exported for its unit test). */
export function formatProgress(options: Options, params: Params, payload: Payload): string {
  const phase = payload.phase.padEnd(PHASE_WIDTH);
  const elapsed = Format.TimeFormat(
    Math.round(((params.stopTime ?? Date.now()) - params.startTime) / 1000),
    options,
    1,
  );
  if (!payload.knownTotal) return `${phase} ${params.value} records read | ${elapsed}`;
  const bar = Format.BarFormat(params.progress, options);
  const percent = Math.floor(params.progress * 100);
  const counts = `${params.value}/${params.total} records ${percent}%`;
  if (params.value >= params.total) return `${phase} [${bar}] ${counts} | ${elapsed}`;
  // cli-progress gives 'NULL' or 'INF' (as a string) until it has a rate.
  const eta = typeof params.eta === 'number' ? Format.TimeFormat(params.eta, options, 1) : '…';
  return `${phase} [${bar}] ${counts} | ETA ${eta}`;
}
