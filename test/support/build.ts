import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

/** Compiles the project once per test run, for tests that start the real binary in another process. */
export function buildProject(): void {
  execFileSync(
    process.execPath,
    [join(__dirname, '../../node_modules/typescript/bin/tsc'), '-p', 'tsconfig.build.json'],
    {
      cwd: join(__dirname, '../..'),
      stdio: 'inherit',
    },
  );
}
