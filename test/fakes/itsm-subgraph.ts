import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginInlineTraceDisabled } from '@apollo/server/plugin/disabled';
import { startStandaloneServer } from '@apollo/server/standalone';
import { buildSubgraphSchema } from '@apollo/subgraph';
import { DocumentNode } from 'graphql';
import gql from 'graphql-tag';
import { SubgraphResolverMap } from '../../src/resolvers/schema';

/**
 * A stand-in for the ITSM platform's own subgraph: it owns tickets and users, and points at the
 * directory's Employee by email (a key it cannot resolve itself) for ticket assignees. Like real
 * ITSM graphs it has its own Relay `PageInfo` (shareable, as Federation asks of value types) and
 * its own `DateTime` and `JSON` scalars, which the directory defines as well.
 */
export const ITSM_TYPE_DEFS: DocumentNode = gql`
  extend schema @link(url: "https://specs.apollo.dev/federation/v2.7", import: ["@key", "@shareable"])

  scalar DateTime
  scalar JSON

  type PageInfo @shareable {
    hasNextPage: Boolean!
    hasPreviousPage: Boolean!
    startCursor: String
    endCursor: String
  }

  type Ticket @key(fields: "id") {
    id: ID!
    title: String!
    priority: String!
    openedAt: DateTime!
    customFields: JSON
    requester: User!
    assignee: Employee
  }

  type TicketEdge {
    cursor: String!
    node: Ticket!
  }

  type TicketConnection {
    edges: [TicketEdge!]!
    pageInfo: PageInfo!
  }

  type User @key(fields: "id") {
    id: ID!
    username: String!
  }

  # As the directory declares it: people may have no e-mail (String!, not String, composes only with a hint).
  type Employee @key(fields: "email", resolvable: false) {
    email: String
  }

  type Query {
    tickets: [Ticket!]!
    ticket(id: ID!): Ticket
    ticketPage(first: Int!): TicketConnection!
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
  openedAt: string;
  customFields: Record<string, unknown> | null;
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
    openedAt: '2026-03-02T09:15:00Z',
    customFields: { asset: 'LT-4411' },
  },
  {
    id: 'TCK-2',
    title: 'Shared mailbox request',
    priority: 'LOW',
    requesterId: 'usr_nobody',
    assigneeEmail: null,
    openedAt: '2026-03-03T14:40:00Z',
    customFields: null,
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

const resolvers: SubgraphResolverMap = {
  Query: {
    tickets: () => ITSM_TICKETS,
    ticket: (_root: unknown, args: { id: string }) => findTicket(args.id),
    ticketPage: (_root: unknown, args: { first: number }) => {
      const tickets = ITSM_TICKETS.slice(0, Math.max(0, args.first));
      const edges = tickets.map((ticket) => ({ cursor: `ticket:${ticket.id}`, node: ticket }));
      return {
        edges,
        pageInfo: {
          hasNextPage: tickets.length < ITSM_TICKETS.length,
          hasPreviousPage: false,
          startCursor: edges[0]?.cursor ?? null,
          endCursor: edges[edges.length - 1]?.cursor ?? null,
        },
      };
    },
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
