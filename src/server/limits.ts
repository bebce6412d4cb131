import { ApolloServerPlugin } from '@apollo/server';
import {
  FieldNode,
  FragmentDefinitionNode,
  GraphQLError,
  GraphQLSchema,
  Kind,
  OperationDefinitionNode,
  SelectionSetNode,
  getNamedType,
  getNullableType,
  isListType,
} from 'graphql';
import { ComplexityEstimator, getComplexity } from 'graphql-query-complexity';
import { LimitsConfig } from '../config';
import { DEFAULT_PAGE_SIZE } from '../directory/pagination';
import { RequestContext } from '../resolvers/context';

/** Items a list without a page size is assumed to hold, for cost estimates. */
const UNSIZED_LIST_ITEMS = 10;

/**
 * Cost = 1 per field + children × the items the field can return: `first`, `limit` or the number of
 * representations when given, the default page size for connections, a guess for other lists.
 */
export const directoryCostEstimator: ComplexityEstimator = ({ args, childComplexity, field }) => {
  let items = 1;
  if (Array.isArray(args.representations)) items = args.representations.length;
  else if (typeof args.first === 'number') items = args.first;
  else if (typeof args.limit === 'number') items = args.limit;
  else if (field.args.some((arg) => arg.name === 'first')) items = DEFAULT_PAGE_SIZE;
  else if (
    isListType(getNullableType(field.type)) &&
    !/(Edge|Membership)$/.test(getNamedType(field.type).name)
  ) {
    items = UNSIZED_LIST_ITEMS;
  }
  return 1 + childComplexity * Math.max(items, 1);
};

function selectionDepth(
  selectionSet: SelectionSetNode | undefined,
  fragments: Record<string, FragmentDefinitionNode>,
  visited: Set<string>,
): number {
  if (!selectionSet) return 0;
  let deepest = 0;
  for (const selection of selectionSet.selections) {
    if (selection.kind === Kind.FIELD) {
      if ((selection as FieldNode).name.value.startsWith('__')) continue;
      deepest = Math.max(deepest, 1 + selectionDepth(selection.selectionSet, fragments, visited));
    } else if (selection.kind === Kind.INLINE_FRAGMENT) {
      deepest = Math.max(deepest, selectionDepth(selection.selectionSet, fragments, visited));
    } else {
      const name = selection.name.value;
      const fragment = fragments[name];
      if (!fragment || visited.has(name)) continue;
      deepest = Math.max(
        deepest,
        selectionDepth(fragment.selectionSet, fragments, new Set([...visited, name])),
      );
    }
  }
  return deepest;
}

export function operationDepth(
  operation: OperationDefinitionNode,
  fragments: Record<string, FragmentDefinitionNode>,
): number {
  return selectionDepth(operation.selectionSet, fragments, new Set());
}

/** Rejects operations that are too deep or too expensive before any resolver runs. */
export function limitsPlugin(
  schema: GraphQLSchema,
  limits: LimitsConfig,
): ApolloServerPlugin<RequestContext> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ document, operation, request }) {
          if (!operation) return;
          const fragments: Record<string, FragmentDefinitionNode> = {};
          for (const definition of document.definitions) {
            if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments[definition.name.value] = definition;
          }
          const depth = operationDepth(operation, fragments);
          if (depth > limits.maxQueryDepth) {
            throw new GraphQLError(`Query is ${depth} levels deep; the limit is ${limits.maxQueryDepth}`, {
              extensions: { code: 'QUERY_TOO_DEEP', http: { status: 400 } },
            });
          }
          let cost: number;
          try {
            cost = getComplexity({
              schema,
              query: document,
              operationName: request.operationName ?? undefined,
              variables: request.variables ?? {},
              estimators: [directoryCostEstimator],
            });
          } catch (error) {
            // Costs come from the variables' values; graphql-js's coercion error for a variable that
            // does not fit its type is the caller's to fix, not an internal error.
            if (error instanceof GraphQLError && error.nodes?.[0]?.kind === Kind.VARIABLE_DEFINITION) {
              throw new GraphQLError(error.message, {
                nodes: error.nodes,
                extensions: { code: 'BAD_USER_INPUT', http: { status: 400 } },
              });
            }
            throw error;
          }
          if (cost > limits.maxQueryCost) {
            throw new GraphQLError(
              `Query cost ${cost} exceeds the limit of ${limits.maxQueryCost}; ask for fewer items`,
              {
                extensions: {
                  code: 'QUERY_TOO_COSTLY',
                  cost,
                  maxCost: limits.maxQueryCost,
                  http: { status: 400 },
                },
              },
            );
          }
        },
      };
    },
  };
}

/**
 * Everything but the router's `_service { sdl }` needs a verified caller. (Tokens that are present
 * but invalid are rejected earlier, while the context is built.)
 */
export function authenticationPlugin(): ApolloServerPlugin<RequestContext> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ contextValue, operation }) {
          if (contextValue.principal || !operation) return;
          const onlyServiceSdl = operation.selectionSet.selections.every(
            (selection) =>
              selection.kind === Kind.FIELD &&
              (selection.name.value === '_service' || selection.name.value === '__typename'),
          );
          if (operation.operation === 'query' && onlyServiceSdl) return;
          throw new GraphQLError('Authentication required: send a bearer token', {
            extensions: { code: 'UNAUTHENTICATED', http: { status: 401 } },
          });
        },
      };
    },
  };
}
