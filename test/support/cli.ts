import { execFile } from 'node:child_process';
import { join } from 'node:path';

/** The compiled command line (jest's globalSetup builds dist/ once per run). */
export const CLI = join(__dirname, '../../dist/src/main.js');

export interface CliRun {
  /** The exit code (null when a signal ended it). */
  status: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs `node dist/src/main.js <args>` as an operator would, with this process's environment and the
 * given variables on top, and waits for it to exit. stdout and stderr are pipes (not a terminal).
 */
export function runCli(args: string[], env: NodeJS.ProcessEnv = {}, timeoutMs = 60_000): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      [CLI, ...args],
      { env: { ...process.env, ...env }, encoding: 'utf8', timeout: timeoutMs, maxBuffer: 16 * 1024 * 1024 },
      (error, stdout, stderr) => {
        if (error && typeof error.code !== 'number' && error.signal === null) return reject(error);
        resolve({ status: error ? (typeof error.code === 'number' ? error.code : null) : 0, stdout, stderr });
      },
    );
  });
}
