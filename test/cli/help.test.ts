import { runCli } from '../support/cli';

/** Every command an operator can run, as the words they type. */
const COMMANDS = [
  ['serve'],
  ['worker'],
  ['migrate'],
  ['demo'],
  ['sync'],
  ['rotate-keys'],
  ['print-schema'],
  ['org'],
  ['org', 'create'],
  ['token'],
  ['token', 'mint'],
  ['connections'],
  ['connections', 'list'],
  ['connections', 'test'],
];

describe('the command line: help and usage errors', () => {
  it('lists every command with a description', async () => {
    const run = await runCli(['--help']);
    expect(run.status).toBe(0);
    for (const [command] of COMMANDS) expect(run.stdout).toMatch(new RegExp(`^  ${command}\\b.* \\w+`, 'm'));
  });

  it.each(COMMANDS.map((words) => [words.join(' '), words]))(
    '`%s --help` prints its usage, description and options',
    async (_name, words) => {
      const run = await runCli([...(words as string[]), '--help']);
      expect(run.status).toBe(0);
      expect(run.stdout).toContain(`Usage: hr-directory ${(words as string[]).join(' ')}`);
      expect(run.stdout).toContain('Options:');
      // A description line between the usage and the options.
      expect(run.stdout.split('\n')[2]).toMatch(/\w{3,}/);
    },
  );

  it('documents the flags the README and scripts use', async () => {
    const sync = await runCli(['sync', '--help']);
    for (const flag of ['--full', '--incremental', '--preview', '--no-groups'])
      expect(sync.stdout).toContain(flag);
    expect((await runCli(['print-schema', '--help'])).stdout).toContain('--check');
    const mint = await runCli(['token', 'mint', '--help']);
    for (const flag of ['--org <id>', '--admin', '--ttl <duration>', '--allow-production'])
      expect(mint.stdout).toContain(flag);
  });

  it.each([
    [['bogus'], "unknown command 'bogus'"],
    [['serve', '--bogus'], "unknown option '--bogus'"],
    [['sync'], "missing required argument 'connection-id'"],
    [
      ['sync', '--full', '--incremental', '00000000-0000-4000-8000-000000000000'],
      "option '--incremental' cannot be used with option '--full'",
    ],
    [['org', 'create'], "missing required argument 'name'"],
    [['token', 'mint'], "required option '--org <id>' not specified"],
    [['token', 'mint', '--org'], "option '--org <id>' argument missing"],
    [['connections', 'list'], "required option '--org <id>' not specified"],
    [[], 'Usage: hr-directory'],
  ])('%j is a usage error: exit 2 with the reason on stderr', async (args, reason) => {
    const run = await runCli(args);
    expect(run.status).toBe(2);
    expect(run.stderr).toContain(reason);
    expect(run.stdout).toBe('');
  });

  it('names a bad setting without a stack trace', async () => {
    const run = await runCli(['connections', 'list', '--org', '00000000-0000-4000-8000-000000000000'], {
      PORT: 'abc',
    });
    expect(run.status).toBe(1);
    expect(run.stderr.trim()).toBe(
      'error: invalid configuration: PORT must be an integer from 0 to 65535, got "abc"',
    );
  });

  it('says when PostgreSQL cannot be reached, without a stack trace', async () => {
    const run = await runCli(['connections', 'list', '--org', '00000000-0000-4000-8000-000000000000'], {
      DATABASE_URL: 'postgres://postgres@127.0.0.1:1/nowhere',
    });
    expect(run.status).toBe(1);
    expect(run.stderr.trim()).toBe(
      'error: cannot reach PostgreSQL at 127.0.0.1:1 (DATABASE_URL): ECONNREFUSED',
    );
  });
});
