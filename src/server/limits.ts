import { ApolloServerPlugin } from '@apollo/server';
import {
  DocumentNode,
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
  visit,
} from 'graphql';
import { ComplexityEstimator, getComplexity } from 'graphql-query-complexity';
import { LimitsConfig } from '../config';
import { DEFAULT_PAGE_SIZE } from '../directory/pagination';
import { RequestContext } from '../resolvers/context';
import { assertCleanInput } from './input-guard';

/** Items a list without a page size is assumed to hold, for cost estimates. */
const UNSIZED_LIST_ITEMS = 10;

/**
 * List fields that can hold every person of the organization (an org chart of the whole company):
 * their items are the organization's size, not a guess.
 */
const ORGANIZATION_SIZED_LISTS = new Set(['OrgChart.nodes']);
/** Root fields that return an organization-sized list somewhere below them. */
const ORGANIZATION_SIZED_ROOTS = new Set(['orgChart']);

/**
 * Cost = 1 per field + children × the items the field can return: the organization's size for
 * lists that can hold all of it (`people`, when known), `first`, `limit`, `maxDepth` or the number
 * of representations when given, the default page size for connections, a guess for other lists.
 */
export function costEstimator(people: number | null): ComplexityEstimator {
  return ({ args, childComplexity, field, type }) => {
    let items = 1;
    const list =
      isListType(getNullableType(field.type)) && !/(Edge|Membership)$/.test(getNamedType(field.type).name);
    if (people !== null && ORGANIZATION_SIZED_LISTS.has(`${type.name}.${field.name}`)) items = people;
    else if (Array.isArray(args.representations)) items = args.representations.length;
    else if (typeof args.first === 'number') items = args.first;
    else if (typeof args.limit === 'number') items = args.limit;
    else if (field.args.some((arg) => arg.name === 'first')) items = DEFAULT_PAGE_SIZE;
    else if (list && typeof args.maxDepth === 'number') items = args.maxDepth;
    else if (list) items = UNSIZED_LIST_ITEMS;
    return 1 + childComplexity * Math.max(items, 1);
  };
}

export const directoryCostEstimator: ComplexityEstimator = costEstimator(null);

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

/**
 * Aliased fields in an operation, fragments counted once per spread; stops counting past `limit`.
 * (Each fragment is counted once and remembered, so nested spreads cannot make this exponential.)
 */
export function operationAliases(
  operation: OperationDefinitionNode,
  fragments: Record<string, FragmentDefinitionNode>,
  limit: number,
): number {
  const perFragment = new Map<string, number>();
  const count = (selectionSet: SelectionSetNode | undefined, visiting: Set<string>): number => {
    let total = 0;
    for (const selection of selectionSet?.selections ?? []) {
      if (total > limit) break;
      if (selection.kind === Kind.FIELD) {
        if (selection.alias) total++;
        total += count(selection.selectionSet, visiting);
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        total += count(selection.selectionSet, visiting);
      } else {
        const name = selection.name.value;
        if (!perFragment.has(name)) {
          const fragment = fragments[name];
          if (!fragment || visiting.has(name)) continue;
          perFragment.set(name, count(fragment.selectionSet, new Set([...visiting, name])));
        }
        total += perFragment.get(name)!;
      }
    }
    return total;
  };
  return count(operation.selectionSet, new Set());
}

function asksForOrganizationSizedList(document: DocumentNode): boolean {
  let found = false;
  visit(document, {
    Field(node) {
      if (ORGANIZATION_SIZED_ROOTS.has(node.name.value)) found = true;
    },
  });
  return found;
}

function limitError(message: string, code: string, extensions: Record<string, unknown> = {}): GraphQLError {
  return new GraphQLError(message, { extensions: { code, ...extensions, http: { status: 400 } } });
}

/**
 * Rejects, before any resolver runs: strings with a NUL and over-nested variables
 * (BAD_USER_INPUT), operations with too many aliases (TOO_MANY_ALIASES), too deep
 * (QUERY_TOO_DEEP) or too costly (QUERY_TOO_COSTLY), all as HTTP 400.
 */
export function limitsPlugin(
  schema: GraphQLSchema,
  limits: LimitsConfig,
): ApolloServerPlugin<RequestContext> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ document, operation, request, contextValue }) {
          if (!operation) return;
          assertCleanInput(document, request.variables);
          const fragments: Record<string, FragmentDefinitionNode> = {};
          for (const definition of document.definitions) {
            if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments[definition.name.value] = definition;
          }
          const aliases = operationAliases(operation, fragments, limits.maxQueryAliases);
          if (aliases > limits.maxQueryAliases) {
            throw limitError(
              `Query has more than ${limits.maxQueryAliases} aliased fields; send fewer, or several requests`,
              'TOO_MANY_ALIASES',
              { maxAliases: limits.maxQueryAliases },
            );
          }
          const depth = operationDepth(operation, fragments);
          if (depth > limits.maxQueryDepth) {
            throw limitError(
              `Query is ${depth} levels deep; the limit is ${limits.maxQueryDepth}`,
              'QUERY_TOO_DEEP',
            );
          }
          const people =
            contextValue.principal && asksForOrganizationSizedList(document)
              ? await contextValue.directory.sizes.people(contextValue.principal.orgId)
              : null;
          let cost: number;
          try {
            cost = getComplexity({
              schema,
              query: document,
              operationName: request.operationName ?? undefined,
              variables: request.variables ?? {},
              estimators: [costEstimator(people)],
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
            throw limitError(
              `Query cost ${cost} exceeds the limit of ${limits.maxQueryCost}; ask for fewer items`,
              'QUERY_TOO_COSTLY',
              { cost, maxCost: limits.maxQueryCost },
            );
          }
        },
      };
    },
  };
}

/**
 * Apollo's `stringifyResult` with a size cap: an answer longer than `maxBytes` (or too long for a
 * string at all) is replaced by a RESPONSE_TOO_LARGE error, so that one caller cannot make the
 * process hold or send hundreds of megabytes.
 */
export function boundedStringify(maxBytes: number): (result: unknown) => string {
  const tooLarge = JSON.stringify({
    errors: [
      {
        message: `The response is larger than ${maxBytes} bytes; ask for fewer items or fields`,
        extensions: { code: 'RESPONSE_TOO_LARGE', maxBytes },
      },
    ],
  });
  return (result) => {
    let text: string;
    try {
      text = JSON.stringify(result);
    } catch (error) {
      if (error instanceof RangeError) return tooLarge;
      throw error;
    }
    // A character is at least one byte: only long strings need their UTF-8 length measured.
    if (text.length > maxBytes || (text.length * 3 > maxBytes && Buffer.byteLength(text) > maxBytes))
      return tooLarge;
    return text;
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
