import { Command, CommanderError, Option } from 'commander';
import { AppConfig, loadConfig } from '../config';
import { logger } from '../observability/logger';
import { EXIT } from './output';

// The commands load on use: `--help` and usage errors answer without loading the server, the
// resolvers and the connectors' SDKs (seconds on a busy machine).
const serverCommands = () => import('./server-commands');
const organizationCommands = () => import('./organization-commands');
const connectionCommands = () => import('./connection-commands');
const syncCommand = () => import('./sync-command');

const SERVER_ENVIRONMENT = `
Environment (see the configuration table in README.md):
  DATABASE_URL, REDIS_URL, HOST, PORT, AUTH_JWT_SECRET or AUTH_JWKS_URL, CURSOR_SECRET,
  CONNECTION_ENCRYPTION_KEYS, NODE_ENV, LOG_LEVEL, and the limits and SYNC_* settings.`;

const DATABASE_ENVIRONMENT = `
Environment: DATABASE_URL, and CONNECTION_ENCRYPTION_KEYS for connection settings.`;

/** What the program's actions need from the process around them. */
interface ProgramState {
  /** Set by serve, worker and demo: the process lives on after the action returns. */
  keepsRunning: boolean;
  /** The configuration an action loaded (for explaining a database error). */
  config: AppConfig | null;
}

/**
 * The command line (commander): every command with its description, arguments, options and
 * `--help`. Actions load the configuration from the environment themselves, so that `--help` and
 * `print-schema` work without one.
 */
export function buildProgram(state: ProgramState): Command {
  const configure = (options: { quiet?: boolean } = {}): AppConfig => {
    // Short commands print results on stdout: log lines only for warnings unless asked for.
    if (options.quiet && !process.env.LOG_LEVEL) logger.level = 'warn';
    state.config = loadConfig();
    return state.config;
  };

  const program = new Command('hr-directory')
    .description(
      'The company directory subgraph: serve the API, run sync workers, and administer organizations, tokens and connections.\n' +
        'Run as `node dist/src/main.js <command>` after `npm run build`.',
    )
    .showHelpAfterError('(add --help for usage)')
    .configureHelp({ sortSubcommands: false, showGlobalOptions: false })
    .exitOverride();

  program
    .command('serve')
    .description('serve the subgraph (GraphQL over HTTP and WebSocket, SCIM, health, metrics, GraphiQL)')
    .addHelpText('after', SERVER_ENVIRONMENT)
    .action(async () => {
      state.keepsRunning = true;
      await (await serverCommands()).serve(configure());
    });

  program
    .command('worker')
    .description(
      'run sync jobs and webhook deliveries from the queues (run as many as the syncs need; they share Redis)',
    )
    .addHelpText('after', SERVER_ENVIRONMENT)
    .action(async () => {
      state.keepsRunning = true;
      await (await serverCommands()).worker(configure());
    });

  program
    .command('migrate')
    .description('apply pending database migrations (run before starting a new version)')
    .addHelpText('after', '\nEnvironment: DATABASE_URL.')
    .action(async () => {
      await (await serverCommands()).migrate(configure());
    });

  program
    .command('demo')
    .description(
      'create the database if needed, migrate, import a sample organization of 2,000 people, then serve it with a worker and print an admin token',
    )
    .addHelpText('after', SERVER_ENVIRONMENT)
    .action(async () => {
      state.keepsRunning = true;
      await (await serverCommands()).demo(configure());
    });

  program
    .command('sync')
    .description(
      'run one sync of a connection in the foreground: a progress bar on stderr (plain lines when stderr is not a terminal), the outcome and stats on stdout; exits 1 unless the sync completed',
    )
    .argument('<connection-id>', 'the connection to sync (see `connections list`)')
    .addOption(new Option('--full', 'read everything and handle people the source no longer lists'))
    .addOption(
      new Option('--incremental', 'read only changes since the last sync (the default)').conflicts('full'),
    )
    .option('--preview', 'compute what would change and roll it back')
    .option('--no-groups', 'skip groups and memberships')
    .addHelpText(
      'after',
      '\nEnvironment: DATABASE_URL, REDIS_URL, CONNECTION_ENCRYPTION_KEYS, HRIS_IMPORT_DIR, OUTBOUND_*.',
    )
    .action(async (connectionId: string, options: { full?: boolean; preview?: boolean; groups: boolean }) => {
      await (
        await syncCommand()
      ).runSyncCommand(configure({ quiet: true }), connectionId, {
        syncType: options.full ? 'full' : 'incremental',
        preview: Boolean(options.preview),
        includeGroups: options.groups,
      });
    });

  program
    .command('rotate-keys')
    .description(
      "re-encrypt every connection's settings and webhook secret with the first key of CONNECTION_ENCRYPTION_KEYS",
    )
    .addHelpText('after', DATABASE_ENVIRONMENT)
    .action(async () => {
      await (await serverCommands()).rotateKeys(configure({ quiet: true }));
    });

  program
    .command('print-schema')
    .description('write the subgraph SDL to schema/schema.graphql')
    .option('--check', 'write nothing; exit 1 when schema/schema.graphql differs from the code')
    .action(async (options: { check?: boolean }) => {
      await (await serverCommands()).printSchema(Boolean(options.check));
    });

  const org = program.command('org').description('organizations (tenants)');
  org
    .command('create')
    .description('create an organization and print its id')
    .argument('<name>', 'display name, e.g. "Acme Corp"')
    .option(
      '--slug <slug>',
      'unique short name (lower-case letters, digits, dashes); default: made from the name',
    )
    .addHelpText(
      'after',
      '\nExample:\n  ORG_ID=$(node dist/src/main.js org create "Acme Corp")\n\nEnvironment: DATABASE_URL.',
    )
    .action(async (name: string, options: { slug?: string }) => {
      await (
        await organizationCommands()
      ).createOrganizationCommand(configure({ quiet: true }), name, options);
    });

  const token = program.command('token').description('bearer tokens for development');
  token
    .command('mint')
    .description(
      'print an HS256 bearer token signed with AUTH_JWT_SECRET for a member (or, with --admin, an admin) of an organization',
    )
    .requiredOption('--org <id>', 'organization id (from `org create`)')
    .option('--admin', 'give the admin role (connections, syncs, SCIM tokens)')
    .option('--ttl <duration>', 'lifetime: a number and s, m, h or d, at most 365d', '30d')
    .option('--subject <sub>', "the token's sub claim (default: cli-admin or cli-user)")
    .option(
      '--allow-production',
      'mint even with NODE_ENV=production (a break-glass token; keep the ttl short)',
    )
    .addHelpText(
      'after',
      '\nRefused when AUTH_JWKS_URL is set (the identity provider signs those tokens) and, unless\n' +
        '--allow-production, when NODE_ENV=production. The claims follow AUTH_ORG_CLAIM, AUTH_ROLES_CLAIM,\n' +
        'AUTH_ISSUER and AUTH_AUDIENCE, as the server verifies them.\n\n' +
        'Example:\n  export TOKEN=$(node dist/src/main.js token mint --org "$ORG_ID" --admin --ttl 8h)\n\n' +
        'Environment: AUTH_JWT_SECRET, AUTH_*, NODE_ENV, DATABASE_URL (the organization must exist).',
    )
    .action(
      async (options: {
        org: string;
        admin?: boolean;
        ttl: string;
        subject?: string;
        allowProduction?: boolean;
      }) => {
        await (await organizationCommands()).mintTokenCommand(configure({ quiet: true }), options);
      },
    );

  const connections = program.command('connections').description('directory connections (sources)');
  connections
    .command('list')
    .description(
      "list an organization's connections: id, source, name, status, last sync (never settings or secrets)",
    )
    .requiredOption('--org <id>', 'organization id')
    .option('--json', 'print a JSON array instead of a table')
    .addHelpText('after', DATABASE_ENVIRONMENT)
    .action(async (options: { org: string; json?: boolean }) => {
      await (await connectionCommands()).listConnectionsCommand(configure({ quiet: true }), options);
    });
  connections
    .command('test')
    .description(
      "check a connection's credentials and reach, as the testDirectoryConnection mutation does; exits 1 when the test fails",
    )
    .argument('<connection-id>', 'the connection to test')
    .addHelpText(
      'after',
      '\nEnvironment: DATABASE_URL, CONNECTION_ENCRYPTION_KEYS, HRIS_IMPORT_DIR, OUTBOUND_*.',
    )
    .action(async (connectionId: string) => {
      await (await connectionCommands()).testConnectionCommand(configure({ quiet: true }), connectionId);
    });

  return program;
}

/**
 * Runs the command line. Exit codes: 0 done, 1 the command failed (message on stderr, no stack
 * unless it is a bug), 2 the command line is wrong. Long-running commands keep the process alive.
 */
export async function runCli(argv: string[]): Promise<void> {
  const state: ProgramState = { keepsRunning: false, config: null };
  const program = buildProgram(state);
  try {
    await program.parseAsync(argv, { from: 'user' });
  } catch (error) {
    // commander has printed its message (or the help) already.
    if (error instanceof CommanderError) process.exit(error.exitCode === 0 ? EXIT.ok : EXIT.usage);
    const { explainError } = await import('./explain-error');
    const { message, exitCode } = explainError(error, state.config?.databaseUrl);
    process.stderr.write(`error: ${message}\n`);
    process.exit(exitCode);
  }
  if (!state.keepsRunning) process.exit(process.exitCode ?? EXIT.ok);
}
