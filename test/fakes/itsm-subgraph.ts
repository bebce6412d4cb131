import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginInlineTraceDisabled } from '@apollo/server/plugin/disabled';
import { startStandaloneServer } from '@apollo/server/standalone';
import { buildSubgraphSchema } from '@apollo/subgraph';
import { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper';
import { DocumentNode } from 'graphql';
import gql from 'graphql-tag';

/**
 * A stand-in for the ITSM platform's own subgraph: it owns tickets and users, and points at the
 * directory's Employee by email (a key it cannot resolve itself) for ticket assignees.
 */
export const ITSM_TYPE_DEFS: DocumentNode = gql`
  extend schema @link(url: "https://specs.apollo.dev/federation/v2.7", import: ["@key"])

  type Ticket @key(fields: "id") {
    id: ID!
    title: String!
    priority: String!
    requester: User!
    assignee: Employee
  }

  type User @key(fields: "id") {
    id: ID!
    username: String!
  }

  type Employee @key(fields: "email", resolvable: false) {
    email: String!
  }

  type Query {
    tickets: [Ticket!]!
    ticket(id: ID!): Ticket
  }
`;

export interface ItsmUser {
  id: string;
  username: string;
}

export interface ItsmTicket {
  id: string;
  title: string;
  priority: string;
  requesterId: string;
  assigneeEmail: string | null;
}

export const ITSM_USERS: readonly ItsmUser[] = [
  { id: 'usr_fay', username: 'fay.itsm' },
  { id: 'usr_nobody', username: 'nobody.itsm' },
];

export const ITSM_TICKETS: readonly ItsmTicket[] = [
  {
    id: 'TCK-1',
    title: 'Laptop will not boot',
    priority: 'HIGH',
    requesterId: 'usr_fay',
    assigneeEmail: 'bob@acme.test',
  },
  {
    id: 'TCK-2',
    title: 'Shared mailbox request',
    priority: 'LOW',
    requesterId: 'usr_nobody',
    assigneeEmail: null,
  },
];

export interface ItsmSubgraph {
  url: string;
  typeDefs: DocumentNode;
  /** The Authorization header of every request the ITSM subgraph received, in order (null when absent). */
  receivedAuthorization: (string | null)[];
  stop(): Promise<void>;
}

const findUser = (id: string): ItsmUser | null => ITSM_USERS.find((user) => user.id === id) ?? null;
const findTicket = (id: string): ItsmTicket | null => ITSM_TICKETS.find((ticket) => ticket.id === id) ?? null;

const resolvers: GraphQLResolverMap<unknown> = {
  Query: {
    tickets: () => ITSM_TICKETS,
    ticket: (_root: unknown, args: { id: string }) => findTicket(args.id),
  },
  Ticket: {
    __resolveReference: (reference: { id: string }) => findTicket(reference.id),
    requester: (ticket: ItsmTicket) => ({ id: ticket.requesterId }),
    assignee: (ticket: ItsmTicket) => (ticket.assigneeEmail ? { email: ticket.assigneeEmail } : null),
  },
  User: {
    __resolveReference: (reference: { id: string }) => findUser(reference.id),
    username: (user: { id: string }) => findUser(user.id)?.username ?? null,
  },
};

/** Starts the fake ITSM subgraph on a free port on 127.0.0.1. */
export async function startItsmSubgraph(): Promise<ItsmSubgraph> {
  const receivedAuthorization: (string | null)[] = [];
  const server = new ApolloServer({
    schema: buildSubgraphSchema({ typeDefs: ITSM_TYPE_DEFS, resolvers }),
    plugins: [ApolloServerPluginInlineTraceDisabled()],
  });
  const { url } = await startStandaloneServer(server, {
    listen: { port: 0, host: '127.0.0.1' },
    context: async ({ req }) => {
      receivedAuthorization.push(req.headers.authorization ?? null);
      return {};
    },
  });
  return { url, typeDefs: ITSM_TYPE_DEFS, receivedAuthorization, stop: () => server.stop() };
}
