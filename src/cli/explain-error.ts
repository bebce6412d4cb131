import { AuthenticationError } from '../auth/token-verifier';
import { ConfigError } from '../config';
import { describeErrorForLog, sqlState } from '../db/error-log';
import { InvalidInputError, NotFoundError } from '../directory/errors';
import { SecretBoxError } from '../directory/secret-box';
import { CliFailure, EXIT } from './output';

/** Network errors (pg, ioredis) carry an errno code such as ECONNREFUSED. */
const UNREACHABLE = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ETIMEDOUT', 'EHOSTUNREACH']);

/**
 * What to tell the operator about an error that ended a command, and with which exit code. Errors
 * the operator caused or can fix get one line; anything else is a bug and keeps its stack (through
 * describeErrorForLog, so that a database error never prints a statement's parameters).
 */
export function explainError(error: unknown, databaseUrl?: string): { message: string; exitCode: number } {
  if (error instanceof CliFailure) return { message: error.message, exitCode: error.exitCode };
  if (error instanceof ConfigError)
    return { message: `invalid configuration: ${error.message}`, exitCode: EXIT.failed };
  if (error instanceof InvalidInputError) return { message: error.message, exitCode: EXIT.usage };
  if (error instanceof NotFoundError || error instanceof AuthenticationError)
    return { message: error.message, exitCode: EXIT.failed };
  if (error instanceof SecretBoxError)
    return {
      message: `${error.message} (is CONNECTION_ENCRYPTION_KEYS the one the server uses?)`,
      exitCode: EXIT.failed,
    };
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code === 'string' && UNREACHABLE.has(code))
    return {
      message: `cannot reach ${databaseUrl ? `PostgreSQL at ${hostOf(databaseUrl)} (DATABASE_URL)` : 'a service'}: ${code}`,
      exitCode: EXIT.failed,
    };
  const state = sqlState(error);
  if (state === '3D000')
    return {
      message: `the database in DATABASE_URL does not exist: create it, then run "migrate"`,
      exitCode: EXIT.failed,
    };
  if (state === '42P01')
    return {
      message: `the database has no directory tables yet: run "migrate" first`,
      exitCode: EXIT.failed,
    };
  const described = describeErrorForLog(error);
  if (typeof described === 'string')
    return { message: `unexpected error: ${described}`, exitCode: EXIT.failed };
  // A database error's stack comes without its first line (the message, masked here).
  const stack = typeof described.stack === 'string' ? described.stack : '';
  const text = stack.startsWith(`${String(described.name)}:`)
    ? stack
    : `${String(described.message)}\n${stack}`;
  return { message: `unexpected error: ${text.trimEnd()}`, exitCode: EXIT.failed };
}

/** host:port of a connection URL, without the user or password. */
function hostOf(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.hostname}:${parsed.port || '5432'}`;
  } catch {
    return '(unparsable URL)';
  }
}
