import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * The operator settings every test process runs with (jest setupFiles): the fakes listen on
 * loopback, which the outbound address policy refuses unless allowed, and HRIS file imports read
 * from one import directory. Tests of the policy itself pass their own.
 */
export const TEST_OUTBOUND_ALLOW_PRIVATE = '127.0.0.1/32,::1/128';
export const TEST_HRIS_IMPORT_DIR = join(tmpdir(), 'hrdir-test-imports');

process.env.OUTBOUND_ALLOW_PRIVATE ??= TEST_OUTBOUND_ALLOW_PRIVATE;
process.env.HRIS_IMPORT_DIR ??= TEST_HRIS_IMPORT_DIR;
