import { ApolloServerOptionsWithGateway } from '@apollo/server';
import {
  astFromValue,
  DocumentNode,
  ExecutionResult,
  getNamedType,
  getNullableType,
  GraphQLError,
  GraphQLInputType,
  GraphQLSchema,
  isInputObjectType,
  isListType,
  Kind,
  OperationDefinitionNode,
  getVariableValues,
  printSchema,
  typeFromAST,
  valueFromASTUntyped,
  VariableDefinitionNode,
} from 'graphql';
import { CompiledQuery, compileQuery, isCompiledQuery } from 'graphql-jit';
import { RequestContext } from '../resolvers/context';

type GatewayInterface = ApolloServerOptionsWithGateway<RequestContext>['gateway'];
type Executor = NonNullable<Awaited<ReturnType<GatewayInterface['load']>>['executor']>;

/**
 * Executes HTTP operations with graphql-jit instead of graphql-js. Whole-tree answers resolve
 * 10–30k fields per response, and graphql-js's generic walk (argument coercion, paths, a promise
 * check per field) cost more than the SQL behind them; graphql-jit compiles each operation once into
 * a function specialised for its selection set. Apollo Server takes a custom executor only through
 * its gateway interface, so this class is that interface over our own, fixed schema: parsing,
 * validation, the depth and cost limits and every plugin still run in Apollo as before.
 *
 * Compiled operations are kept per parsed document (a WeakMap), so they live exactly as long as
 * Apollo's own document cache keeps the parse.
 */
export class CompiledExecutor implements GatewayInterface {
  private readonly compiled = new WeakMap<DocumentNode, Map<string, CompiledOperation>>();

  constructor(private readonly schema: GraphQLSchema) {}

  onSchemaLoadOrUpdate(
    callback: Parameters<GatewayInterface['onSchemaLoadOrUpdate']>[0],
  ): ReturnType<GatewayInterface['onSchemaLoadOrUpdate']> {
    callback({ apiSchema: this.schema, coreSupergraphSdl: printSchema(this.schema) });
    return () => undefined;
  }

  async load(): ReturnType<GatewayInterface['load']> {
    const executor: Executor = async (request) => {
      const operation = this.operation(request.document, request.operationName ?? undefined);
      if (!isCompiledQuery(operation.compiled)) return { errors: toGraphQLErrors(operation.compiled.errors) };
      // Variables are coerced by graphql-js first: its errors name the variable's node, which is how
      // Apollo recognises BAD_USER_INPUT. graphql-jit's own coercion then receives the input with
      // every default filled in, as it wrongly rejects an omitted non-null value that has one.
      const input = request.request.variables ?? {};
      const coerced = getVariableValues(this.schema, operation.variables, input);
      if (coerced.errors) return { errors: coerced.errors };
      const result = await operation.compiled.query(
        undefined,
        request.context,
        withDefaults(this.schema, operation.variables, input),
      );
      const errors = toGraphQLErrors(result.errors);
      return (errors ? { ...result, errors } : result) as Awaited<ReturnType<Executor>>;
    };
    return { executor };
  }

  async stop(): Promise<void> {}

  private operation(document: DocumentNode, operationName: string | undefined): CompiledOperation {
    let byName = this.compiled.get(document);
    if (!byName) {
      byName = new Map();
      this.compiled.set(document, byName);
    }
    const key = operationName ?? '';
    let operation = byName.get(key);
    if (!operation) {
      const definition = document.definitions.find(
        (node): node is OperationDefinitionNode =>
          node.kind === Kind.OPERATION_DEFINITION && (!operationName || node.name?.value === operationName),
      );
      operation = {
        compiled: compileQuery(this.schema, document, operationName),
        variables: definition?.variableDefinitions ?? [],
      };
      byName.set(key, operation);
    }
    return operation;
  }
}

interface CompiledOperation {
  compiled: CompiledQuery | ExecutionResult;
  variables: readonly VariableDefinitionNode[];
}

/** The variables as sent, with each omitted variable or input field that has a default set to it. */
function withDefaults(
  schema: GraphQLSchema,
  definitions: readonly VariableDefinitionNode[],
  input: Record<string, unknown>,
): Record<string, unknown> {
  const variables = { ...input };
  for (const definition of definitions) {
    const name = definition.variable.name.value;
    const type = typeFromAST(schema, definition.type) as GraphQLInputType | undefined;
    if (!type) continue;
    if (variables[name] === undefined) {
      if (definition.defaultValue) variables[name] = valueFromASTUntyped(definition.defaultValue);
    } else variables[name] = fillInputDefaults(variables[name], type);
  }
  return variables;
}

function fillInputDefaults(value: unknown, type: GraphQLInputType): unknown {
  const named = getNamedType(type);
  if (value === null || typeof value !== 'object' || !isInputObjectType(named)) return value;
  const nullable = getNullableType(type);
  if (isListType(nullable)) {
    return Array.isArray(value)
      ? value.map((item) => fillInputDefaults(item, nullable.ofType))
      : fillInputDefaults(value, nullable.ofType);
  }
  const filled: Record<string, unknown> = { ...(value as Record<string, unknown>) };
  for (const field of Object.values(named.getFields())) {
    if (filled[field.name] !== undefined)
      filled[field.name] = fillInputDefaults(filled[field.name], field.type);
    else if (field.defaultValue !== undefined) {
      // Defaults are stored as internal values (an enum's value, not its name): sent as a caller would.
      const literal = astFromValue(field.defaultValue, field.type);
      if (literal) filled[field.name] = valueFromASTUntyped(literal);
    }
  }
  return filled;
}

/**
 * graphql-jit's errors are its own lightweight class; Apollo and the error formatter read
 * `originalError`, `path` and `extensions` from graphql-js's, so they are rebuilt as those.
 */
function toGraphQLErrors(errors: readonly GraphQLError[] | undefined): GraphQLError[] | undefined {
  return errors?.map((error) => {
    const rebuilt = new GraphQLError(error.message, {
      path: error.path,
      originalError: error.originalError ?? undefined,
      extensions: error.extensions,
    });
    // graphql-js derives locations from nodes, which graphql-jit does not keep: carried over as given.
    Object.defineProperty(rebuilt, 'locations', { value: error.locations, enumerable: true });
    return rebuilt;
  });
}
