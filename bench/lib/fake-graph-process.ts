import { spawn } from 'node:child_process';
import { request } from 'node:https';
import { join } from 'node:path';
import { stopChild } from './processes';

/** A running bench/fake-graph-server.ts: how to reach it, change it and stop it. */
export interface FakeGraphProcess {
  /** Settings of an Entra connection that reaches the fake (client secret and test CA included). */
  config: Record<string, unknown>;
  /** Changes the job title of every k-th person (the next delta round returns them). */
  change(every: number): Promise<{ changed: number }>;
  stop(): Promise<void>;
}

/**
 * Starts the fake Graph with a tenant of `users` people in a process of its own (seeding 1M people
 * takes a while and several GB, none of which should count against the process under test).
 */
export function startFakeGraph(users: number, timeoutMs = 600_000): Promise<FakeGraphProcess> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ['--max-old-space-size=16384', join(__dirname, '..', 'fake-graph-server.js'), String(users)],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    let output = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`the fake Graph did not start within ${timeoutMs} ms`));
    }, timeoutMs);
    const onExit = (code: number | null) => {
      clearTimeout(timer);
      reject(new Error(`the fake Graph exited with ${code}`));
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
        config,
        change: (every) =>
          new Promise((done, fail) => {
            const outgoing = request(
              `${origin}/__bench/change?every=${every}`,
              { method: 'POST', ca: String(config.caCertificatePem) },
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
