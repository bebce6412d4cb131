import { buildSubgraphSchema, printSubgraphSchema } from '@apollo/subgraph';
import { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper';
import { printSchemaWithDirectives } from '@graphql-tools/utils';
import { GraphQLSchema, lexicographicSortSchema } from 'graphql';
import gql from 'graphql-tag';
import { buildSchema, createResolversMap } from 'type-graphql';
import { DepartmentResolver, EmployeeConnectionResolver } from './department.resolver';
import { EmployeeResolver } from './employee.resolver';
import {
  GroupConnectionResolver,
  GroupMemberConnectionResolver,
  GroupMemberEdgeResolver,
  GroupMembershipResolver,
  GroupResolver,
} from './group.resolver';
import { referenceResolvers } from './references';
import { UserResolver } from './user.resolver';
import './types/enums';

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
  });
  const resolvers = createResolversMap(schema) as GraphQLResolverMap<unknown>;
  for (const [typeName, reference] of Object.entries(referenceResolvers)) {
    resolvers[typeName] = {
      ...(resolvers[typeName] as object),
      ...reference,
    } as GraphQLResolverMap<unknown>[string];
  }
  return buildSubgraphSchema({
    typeDefs: gql`
      ${FEDERATION_LINK}
      ${printSchemaWithDirectives(lexicographicSortSchema(schema))}
    `,
    resolvers,
  });
}

/** The SDL the router composes, as checked in under schema/. */
export function printDirectorySdl(schema: GraphQLSchema): string {
  return printSubgraphSchema(schema);
}
