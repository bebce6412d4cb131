import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { ResultRow } from './lib/report';
import { round } from './lib/stats';

interface ChildResult {
  peakRssMb: number;
  full: { ms: number };
  incremental?: { ms: number };
}

/** Runs one measurement in a fresh process (its peak RSS is its own) and reads its JSON line. */
function measure(mode: 'ours' | 'baseline' | 'floor', users: number): ChildResult {
  console.log(`  sync ${mode} ${users.toLocaleString('en-US')} …`);
  const output = execFileSync(process.execPath, [join(__dirname, 'sync-child.js'), mode, String(users)], {
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return JSON.parse(output.trim().split('\n').pop()!) as ChildResult;
}

/**
 * Full sync of N people (N/20 groups, 3 memberships each) through the engine, against the seed's
 * batch-of-25 single-row upserts (the baseline) and paging the source + COPY into tables with the
 * same indexes (the floor); then an incremental sync with 1% changed; optionally peak RSS at 1M.
 */
export async function runSyncScenarios(options: {
  million: boolean;
  users?: number;
  baselineUsers?: number;
}): Promise<ResultRow[]> {
  const users = options.users ?? 100_000;
  const baselineUsers = options.baselineUsers ?? users;
  const ours = measure('ours', users);
  const floor = measure('floor', users);
  const baseline = measure('baseline', baselineUsers);
  // The baseline is linear in rows (one statement each); scaled when measured on fewer people.
  const baselineMs = (baseline.full.ms * users) / baselineUsers;
  const rows: ResultRow[] = [
    {
      scenario: `full sync: ${users.toLocaleString('en-US')} people, ${(users / 20).toLocaleString('en-US')} groups, ${(3 * users).toLocaleString('en-US')} memberships`,
      size: users,
      unit: 'ms',
      ours: round(ours.full.ms, 0),
      floor: round(floor.full.ms, 0),
      peer: round(baselineMs, 0),
      peerName: 'batch-of-25 upserts',
      oursPeakRssMb: ours.peakRssMb,
      peerPeakRssMb: baseline.peakRssMb,
      target: '≥ 20× faster than the baseline; ≤ 1.5× floor',
      met: baselineMs / ours.full.ms >= 20 && ours.full.ms <= 1.5 * floor.full.ms,
      note:
        `baseline ${round(baselineMs / ours.full.ms, 1)}× slower than ours` +
        (baselineUsers !== users
          ? ` (measured on ${baselineUsers.toLocaleString('en-US')} people and scaled)`
          : '') +
        `; floor = page the same source and COPY the same people and memberships into tables with the same indexes`,
    },
    {
      scenario: `incremental sync, 1% of ${users.toLocaleString('en-US')} changed`,
      size: users,
      unit: 'ms',
      ours: round(ours.incremental?.ms ?? NaN, 0),
      floor: null,
      peer: null,
      peerName: null,
      oursPeakRssMb: ours.peakRssMb,
      target: '< 1 s end to end',
      met: (ours.incremental?.ms ?? Infinity) < 1000,
    },
  ];
  if (options.million) {
    const million = measure('ours', 1_000_000);
    rows.push({
      scenario: 'peak RSS, full sync of 1,000,000 people',
      size: 1_000_000,
      unit: 'MB',
      ours: million.peakRssMb,
      floor: null,
      peer: ours.peakRssMb,
      peerName: `ours at ${users.toLocaleString('en-US')}`,
      oursPeakRssMb: million.peakRssMb,
      target: '< 300 MB and flat from 100k to 1M',
      met: million.peakRssMb < 300 && million.peakRssMb <= ours.peakRssMb * 1.25,
      note: `full sync took ${round(million.full.ms / 1000, 1)} s`,
    });
  }
  return rows;
}
