import { QueryFailedError } from 'typeorm';

/** PostgreSQL's code for a statement cancelled by statement_timeout (or a cancel request). */
export const QUERY_CANCELED = '57014';
/** PostgreSQL's code for a character it cannot store in text (a NUL). */
export const CHARACTER_NOT_IN_REPERTOIRE = '22021';

/** The SQLSTATE of a database error (TypeORM's wrapper or pg's own), if it is one. */
export function sqlState(error: unknown): string | undefined {
  if (error instanceof QueryFailedError) {
    const code = (error.driverError as { code?: unknown } | undefined)?.code;
    return typeof code === 'string' ? code : undefined;
  }
  // pg's DatabaseError (outside TypeORM) has a severity and a string code.
  const { code, severity } =
    error instanceof Error ? (error as Error & { code?: unknown; severity?: unknown }) : {};
  return typeof code === 'string' && typeof severity === 'string' ? code : undefined;
}

/** Quoted values, key details "(email)=(jane@…)" and literals after a colon, as PostgreSQL messages carry them. */
const VALUES_IN_MESSAGE = /"[^"]*"|'[^']*'|\([^)]*\)=\([^)]*\)|: .*$/g;

/**
 * What may be logged of an error: its class, message and stack, and for database errors the
 * SQLSTATE, the constraint and the statement's first words, never the statement's parameters,
 * and with the values PostgreSQL quotes in its messages (a duplicate e-mail, a bad uuid) masked.
 * TypeORM's QueryFailedError carries `parameters` (personal data) and logging it whole prints them.
 */
export function describeErrorForLog(error: unknown): Record<string, unknown> | string {
  if (!(error instanceof Error))
    return typeof error === 'string' ? error : `non-error thrown (${typeof error})`;
  const state = sqlState(error);
  if (state === undefined) return { name: error.name, message: error.message, stack: error.stack };
  const driver = (error instanceof QueryFailedError ? error.driverError : error) as {
    constraint?: unknown;
    table?: unknown;
  };
  const statement = error instanceof QueryFailedError ? error.query : undefined;
  const masked = error.message.replace(VALUES_IN_MESSAGE, (value) => (value.startsWith(':') ? ': …' : '…'));
  return {
    name: error.name,
    code: state,
    message: masked,
    ...(typeof driver.constraint === 'string' ? { constraint: driver.constraint } : {}),
    ...(typeof driver.table === 'string' ? { table: driver.table } : {}),
    ...(statement ? { statement: statement.replace(/\s+/g, ' ').trim().slice(0, 120) } : {}),
    stack: error.stack?.split('\n').slice(1).join('\n'),
  };
}
