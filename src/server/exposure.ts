import { GraphQLFormattedError } from 'graphql';

type ErrorFormatter = (formatted: GraphQLFormattedError, error: unknown) => GraphQLFormattedError;

/**
 * Drops graphql-js's "Did you mean …?" hints from every error message. Apollo's own switch
 * (hideSchemaDetailsFromClientErrors) covers validation only; variable coercion ("Value "ACTIV"
 * does not exist in "EmploymentStatus" enum. Did you mean …?") names the schema too.
 */
export function withoutSuggestions(format: ErrorFormatter): ErrorFormatter {
  return (formatted, error) => {
    const result = format(formatted, error);
    const message = result.message.replace(/ ?Did you mean .+?\?$/s, '');
    return message === result.message ? result : { ...result, message };
  };
}
