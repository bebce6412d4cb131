import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { round } from './stats';

/** One row of the results table: our figure, the floor, the peer, the ratios, the target. */
export interface ResultRow {
  scenario: string;
  size: number;
  unit: string;
  ours: number | null;
  floor: number | null;
  peer: number | null;
  peerName: string | null;
  /** Statements our server sent for one request, when counted. */
  statements?: number | null;
  oursPeakRssMb?: number | null;
  peerPeakRssMb?: number | null;
  target: string;
  met: boolean | null;
  note?: string;
}

const ratio = (a: number | null, b: number | null) =>
  a !== null && b !== null && b > 0 ? round(a / b) : null;

export function printAndSave(rows: ResultRow[], directory: string): void {
  const header = [
    'scenario',
    'size',
    'ours',
    'floor',
    'peer',
    'ours/floor',
    'ours/peer',
    'stmts',
    'RSS ours/peer MB',
    'target',
    'met',
  ];
  const lines = rows.map((row) => [
    row.scenario,
    row.size.toLocaleString('en-US'),
    row.ours === null ? '—' : `${row.ours} ${row.unit}`,
    row.floor === null ? '—' : `${row.floor} ${row.unit}`,
    row.peer === null ? '—' : `${row.peer} ${row.unit} (${row.peerName})`,
    fmt(ratio(row.ours, row.floor)),
    fmt(ratio(row.ours, row.peer)),
    row.statements === undefined || row.statements === null ? '—' : String(row.statements),
    `${row.oursPeakRssMb ?? '—'} / ${row.peerPeakRssMb ?? '—'}`,
    row.target,
    row.met === null ? '—' : row.met ? 'yes' : 'NO',
  ]);
  const widths = header.map((title, index) =>
    Math.max(title.length, ...lines.map((line) => line[index].length)),
  );
  const render = (cells: string[]) => cells.map((cell, index) => cell.padEnd(widths[index])).join(' │ ');
  console.log(`\n${render(header)}\n${widths.map((width) => '─'.repeat(width)).join('─┼─')}`);
  for (const line of lines) console.log(render(line));
  for (const row of rows) if (row.note) console.log(`  ${row.scenario}: ${row.note}`);

  mkdirSync(directory, { recursive: true });
  const stamp = new Date().toISOString();
  const json = rows.map((row) => ({
    ...row,
    oursOverFloor: ratio(row.ours, row.floor),
    oursOverPeer: ratio(row.ours, row.peer),
  }));
  writeFileSync(
    join(directory, 'latest.json'),
    JSON.stringify({ measuredAt: stamp, node: process.version, rows: json }, null, 2) + '\n',
  );
  const markdown = [
    `Measured ${stamp} on Node ${process.version} (${process.platform}, ${cpus().length} cores).`,
    '',
    `| ${header.join(' | ')} |`,
    `| ${header.map(() => '---').join(' | ')} |`,
    ...lines.map((line) => `| ${line.join(' | ')} |`),
    '',
    ...rows.filter((row) => row.note).map((row) => `- **${row.scenario}**: ${row.note}`),
    '',
  ].join('\n');
  writeFileSync(join(directory, 'latest.md'), markdown);
  console.log(`\nwrote ${join(directory, 'latest.json')} and latest.md`);
}

function fmt(value: number | null): string {
  return value === null ? '—' : `${value}×`;
}
