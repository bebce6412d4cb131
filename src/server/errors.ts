import { unwrapResolverError } from '@apollo/server/errors';
import { logger } from '../observability/logger';
import { GraphQLError, GraphQLFormattedError } from 'graphql';
import { AuthenticationError } from '../auth/token-verifier';
import { CHARACTER_NOT_IN_REPERTOIRE, describeErrorForLog, QUERY_CANCELED, sqlState } from '../db/error-log';
import {
  DestinationNotAllowedError,
  AmbiguousEmailError,
  InvalidInputError,
  NotFoundError,
  OrganizationNotFoundError,
} from '../directory/errors';
import { CustomAttributeError } from '../directory/custom-attributes/errors';
import { QueueUnavailableError } from '../directory/sync-jobs';
import { CursorExpiredError } from '../directory/change-events';

/**
 * The edge where domain errors become GraphQL errors with a code. Anything unexpected is logged
 * here and reaches the caller only as INTERNAL_SERVER_ERROR, never with its message or stack.
 */
export function formatError(formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError {
  const original = unwrapResolverError(error);
  const base = { message: formatted.message, locations: formatted.locations, path: formatted.path };
  if (original instanceof InvalidInputError) {
    return {
      ...base,
      message: original.message,
      extensions: {
        code: original instanceof DestinationNotAllowedError ? original.code : 'BAD_USER_INPUT',
        ...(original.argument ? { argument: original.argument } : {}),
      },
    };
  }
  if (original instanceof CustomAttributeError) {
    return {
      ...base,
      message: original.message,
      extensions: { code: original.code, ...(original.argument ? { argument: original.argument } : {}) },
    };
  }
  if (original instanceof QueueUnavailableError)
    return { ...base, message: original.message, extensions: { code: original.code } };
  if (original instanceof AmbiguousEmailError)
    return {
      ...base,
      message: original.message,
      extensions: { code: original.code, people: original.people },
    };
  if (original instanceof CursorExpiredError)
    return { ...base, message: original.message, extensions: { code: 'CURSOR_EXPIRED' } };
  if (original instanceof NotFoundError)
    return { ...base, message: original.message, extensions: { code: 'NOT_FOUND' } };
  if (original instanceof OrganizationNotFoundError)
    return { ...base, message: original.message, extensions: { code: 'ORGANIZATION_NOT_FOUND' } };
  if (original instanceof AuthenticationError) {
    return { ...base, message: original.message, extensions: { code: 'UNAUTHENTICATED' } };
  }
  const state = sqlState(original);
  if (state === QUERY_CANCELED) {
    return {
      ...base,
      message: 'The request took too long in the database and was stopped; ask for less',
      extensions: { code: 'QUERY_TIMEOUT' },
    };
  }
  if (state === CHARACTER_NOT_IN_REPERTOIRE) {
    return {
      ...base,
      message: 'A string contains a character that cannot be stored',
      extensions: { code: 'BAD_USER_INPUT' },
    };
  }
  const code = formatted.extensions?.code;
  if (original instanceof GraphQLError || (typeof code === 'string' && code !== 'INTERNAL_SERVER_ERROR')) {
    const { stacktrace: _stacktrace, ...extensions } = formatted.extensions ?? {};
    return { ...formatted, extensions };
  }
  // Never the error object itself: a database error carries the statement's parameters (personal data).
  logger.error(
    { cause: describeErrorForLog(original), path: formatted.path },
    'unexpected error while executing an operation',
  );
  return { ...base, message: 'Internal server error', extensions: { code: 'INTERNAL_SERVER_ERROR' } };
}
