import { unwrapResolverError } from '@apollo/server/errors';
import { logger } from '../observability/logger';
import { GraphQLError, GraphQLFormattedError } from 'graphql';
import { AuthenticationError } from '../auth/token-verifier';
import { InvalidInputError, NotFoundError } from '../directory/errors';

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
      extensions: { code: 'BAD_USER_INPUT', ...(original.argument ? { argument: original.argument } : {}) },
    };
  }
  if (original instanceof NotFoundError)
    return { ...base, message: original.message, extensions: { code: 'NOT_FOUND' } };
  if (original instanceof AuthenticationError) {
    return { ...base, message: original.message, extensions: { code: 'UNAUTHENTICATED' } };
  }
  const code = formatted.extensions?.code;
  if (original instanceof GraphQLError || (typeof code === 'string' && code !== 'INTERNAL_SERVER_ERROR')) {
    const { stacktrace: _stacktrace, ...extensions } = formatted.extensions ?? {};
    return { ...formatted, extensions };
  }
  logger.error({ err: original, path: formatted.path }, 'unexpected error while executing an operation');
  return { ...base, message: 'Internal server error', extensions: { code: 'INTERNAL_SERVER_ERROR' } };
}
