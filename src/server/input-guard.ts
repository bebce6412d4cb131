import { DocumentNode, GraphQLError, Kind, visit } from 'graphql';

/**
 * How deep a variable's value may nest. The deepest input of the graph (an HRIS document's
 * custom properties) nests 6 levels; 100,000 levels of `[[[…]]]` overflow recursive walkers
 * further on (a RangeError, answered as an internal error).
 */
export const MAX_INPUT_DEPTH = 32;

function badInput(message: string, argument: string): GraphQLError {
  return new GraphQLError(message, {
    extensions: { code: 'BAD_USER_INPUT', argument, http: { status: 400 } },
  });
}

/**
 * The one place where every string the caller sends is checked, before anything runs: PostgreSQL
 * text cannot hold a NUL character (it fails the statement with 22021), so a NUL anywhere, in a
 * literal of the query or in a variable, is refused as BAD_USER_INPUT. Variables are walked without
 * recursion and refused past MAX_INPUT_DEPTH levels.
 */
export function assertCleanInput(
  document: DocumentNode,
  variables: Record<string, unknown> | undefined,
): void {
  visit(document, {
    [Kind.STRING](node) {
      if (node.value.includes('\u0000'))
        throw badInput('a string in the query contains a NUL character', 'query');
    },
  });
  for (const [name, value] of Object.entries(variables ?? {})) {
    const pending: [unknown, number][] = [[value, 1]];
    while (pending.length > 0) {
      const [current, depth] = pending.pop()!;
      if (typeof current === 'string') {
        if (current.includes('\u0000')) throw badInput(`$${name} contains a NUL character`, name);
      } else if (current !== null && typeof current === 'object') {
        if (depth > MAX_INPUT_DEPTH)
          throw badInput(`$${name} nests deeper than ${MAX_INPUT_DEPTH} levels`, name);
        for (const [key, item] of Object.entries(current)) {
          if (key.includes('\u0000')) throw badInput(`$${name} contains a NUL character`, name);
          pending.push([item, depth + 1]);
        }
      }
    }
  }
}
