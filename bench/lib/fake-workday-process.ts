import { spawn } from 'node:child_process';
import { request } from 'node:http';
import { join } from 'node:path';
import { stopChild } from './processes';

/** A running bench/fake-workday-server.ts: how to reach it, change it and stop it. */
export interface FakeWorkdayProcess {
  origin: string;
  /** Settings of a report-mode Workday connection that reaches the fake (ISU password included). */
  config: Record<string, unknown>;
  /** Changes the business title of every k-th worker (the next "updated since" run returns them). */
  change(every: number): Promise<{ changed: number }>;
  stop(): Promise<void>;
}

/** Starts the fake Workday with `workers` workers in a process of its own. */
export function startFakeWorkday(workers: number, timeoutMs = 600_000): Promise<FakeWorkdayProcess> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [join(__dirname, '..', 'fake-workday-server.js'), String(workers)],
      {
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
    let output = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`the fake Workday did not start within ${timeoutMs} ms`));
    }, timeoutMs);
    const onExit = (code: number | null) => {
      clearTimeout(timer);
      reject(new Error(`the fake Workday exited with ${code}`));
    };
    child.once('exit', onExit);
    child.stdout.on('data', (chunk: Buffer) => {
      if (output.includes('\n')) return;
      output += chunk.toString('utf8');
      const newline = output.indexOf('\n');
      if (newline < 0) return;
      clearTimeout(timer);
      child.off('exit', onExit);
      const { origin, config } = JSON.parse(output.slice(0, newline)) as {
        origin: string;
        config: Record<string, unknown>;
      };
      resolve({
        origin,
        config,
        change: (every) =>
          new Promise((done, fail) => {
            const outgoing = request(
              `${origin}/__bench/change?every=${every}`,
              { method: 'POST' },
              (incoming) => {
                const chunks: Buffer[] = [];
                incoming.on('data', (data: Buffer) => chunks.push(data));
                incoming.on('end', () => done(JSON.parse(Buffer.concat(chunks).toString('utf8'))));
                incoming.on('error', fail);
              },
            );
            outgoing.on('error', fail);
            outgoing.end();
          }),
        stop: () => stopChild(child),
      });
    });
  });
}
