import { buildSubgraphSchema, printSubgraphSchema } from '@apollo/subgraph';
import { printSchemaWithDirectives } from '@graphql-tools/utils';
import {
  GraphQLArgument,
  GraphQLEnumType,
  GraphQLInputField,
  GraphQLSchema,
  getNamedType,
  isInputObjectType,
  isObjectType,
  lexicographicSortSchema,
} from 'graphql';
import gql from 'graphql-tag';
import { buildSchema, createResolversMap } from 'type-graphql';
import { DepartmentResolver, EmployeeConnectionResolver } from './department.resolver';
import { CustomAttributeResolver, EmployeeCustomAttributesResolver } from './custom-attribute.resolver';
import { EmployeeResolver } from './employee.resolver';
import {
  GroupConnectionResolver,
  GroupMemberConnectionResolver,
  GroupMemberEdgeResolver,
  GroupMembershipResolver,
  GroupResolver,
} from './group.resolver';
import { batchEmployeeEntities, referenceResolvers } from './references';
import { ScimTokenResolver } from './scim.resolver';
import { EmployeeSourcesResolver, IdentityResolver } from './identity.resolver';
import { ConnectionResolver, SyncJobResolver } from './sync.resolver';
import { ChangeEventResolver } from './change-event.resolver';
import { UserResolver } from './user.resolver';
import { WebhookResolver } from './webhook.resolver';
import './types/enums';

/** The resolver map buildSubgraphSchema takes (its own type is not exported from the package root). */
export type SubgraphResolverMap = NonNullable<
  Extract<Parameters<typeof buildSubgraphSchema>[0], { resolvers?: unknown }>['resolvers']
>;

export const RESOLVERS = [
  EmployeeResolver,
  EmployeeConnectionResolver,
  DepartmentResolver,
  GroupResolver,
  GroupConnectionResolver,
  GroupMemberConnectionResolver,
  GroupMemberEdgeResolver,
  GroupMembershipResolver,
  UserResolver,
  ConnectionResolver,
  SyncJobResolver,
  ScimTokenResolver,
  IdentityResolver,
  EmployeeSourcesResolver,
  WebhookResolver,
  CustomAttributeResolver,
  EmployeeCustomAttributesResolver,
  ChangeEventResolver,
] as const;

const FEDERATION_LINK =
  'extend schema @link(url: "https://specs.apollo.dev/federation/v2.7", import: ["@key", "@shareable", "@external", "@requires", "@provides"])';

/**
 * The subgraph schema: type-graphql builds the types and resolvers from the classes, Apollo's
 * buildSubgraphSchema adds the federation fields (_service, _entities) and the entity resolvers.
 */
export async function buildDirectorySchema(): Promise<GraphQLSchema> {
  const schema = await buildSchema({
    resolvers: [...RESOLVERS],
    // Federation adds its own root fields; type-graphql must not insist on a complete schema.
    skipCheck: true,
    validate: false,
    // Every subscription brings its own `subscribe` (fed from Redis); type-graphql still asks for a
    // pub/sub, so it gets one that refuses to be used.
    pubSub: {
      publish() {
        throw new Error('subscriptions publish through the sync event bus');
      },
      subscribe() {
        throw new Error('subscriptions subscribe through the sync event bus');
      },
    },
  });
  const resolvers = createResolversMap(schema) as SubgraphResolverMap;
  for (const [typeName, reference] of Object.entries(referenceResolvers)) {
    resolvers[typeName] = {
      ...(resolvers[typeName] as object),
      ...reference,
    } as SubgraphResolverMap[string];
  }
  const subgraph = buildSubgraphSchema({
    typeDefs: gql`
      ${FEDERATION_LINK}
      ${printSchemaWithDirectives(lexicographicSortSchema(schema))}
    `,
    resolvers,
  });
  internEnumDefaults(subgraph);
  const entities = subgraph.getQueryType()?.getFields()._entities;
  if (entities?.resolve) entities.resolve = batchEmployeeEntities(entities.resolve);
  return subgraph;
}

/**
 * Rebuilding the schema from SDL leaves enum defaults as their names (`status = ACTIVE` arrives
 * as "ACTIVE"), while explicit values arrive as internal values ("active"). Make defaults match.
 */
function internEnumDefaults(schema: GraphQLSchema): void {
  const intern = (input: GraphQLArgument | GraphQLInputField) => {
    const type = getNamedType(input.type);
    if (!(type instanceof GraphQLEnumType) || input.defaultValue === undefined || input.defaultValue === null)
      return;
    const byName = (name: unknown) =>
      typeof name === 'string' ? (type.getValue(name)?.value ?? name) : name;
    const mutable = input as { defaultValue: unknown };
    mutable.defaultValue = Array.isArray(input.defaultValue)
      ? input.defaultValue.map(byName)
      : byName(input.defaultValue);
  };
  for (const type of Object.values(schema.getTypeMap())) {
    if (isObjectType(type)) for (const field of Object.values(type.getFields())) field.args.forEach(intern);
    if (isInputObjectType(type)) Object.values(type.getFields()).forEach(intern);
  }
}

/** The SDL the router composes, as checked in under schema/. */
export function printDirectorySdl(schema: GraphQLSchema): string {
  return printSubgraphSchema(schema);
}
