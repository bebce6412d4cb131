import { Options, Params } from 'cli-progress';
import { formatProgress } from '../../src/cli/sync-progress';

const options = {
  barsize: 10,
  barCompleteString: '='.repeat(10),
  barIncompleteString: '-'.repeat(10),
  barGlue: '',
  autopaddingChar: '',
} as unknown as Options;
const params = (value: number, total: number, eta: number | string, elapsedSeconds = 5): Params =>
  ({
    value,
    total,
    progress: total ? value / total : 0,
    eta,
    startTime: 0,
    stopTime: elapsedSeconds * 1000,
    maxWidth: 120,
  }) as Params;

describe('sync progress line', () => {
  it('shows the bar, records of the total, percent and an ETA when the source tells its size', () => {
    expect(formatProgress(options, params(250, 1000, 90), { phase: 'reading users', knownTotal: true })).toBe(
      'reading users  [===-------] 250/1000 records 25% | ETA 1m30s',
    );
  });

  it('says so instead of inventing an ETA before there is a rate', () => {
    expect(
      formatProgress(options, params(0, 1000, 'NULL'), { phase: 'reading users', knownTotal: true }),
    ).toBe('reading users  [----------] 0/1000 records 0% | ETA …');
  });

  it('shows the elapsed time, not an ETA, once everything is read', () => {
    expect(formatProgress(options, params(1000, 1000, 0, 12), { phase: 'applying', knownTotal: true })).toBe(
      'applying       [==========] 1000/1000 records 100% | 12s',
    );
  });

  it('shows a count and no bar when the source does not tell its size', () => {
    expect(
      formatProgress(options, params(4200, 4200, 0), { phase: 'reading users', knownTotal: false }),
    ).toBe('reading users  4200 records read | 5s');
  });
});
