import { composeServices } from '@apollo/composition';
import { ApolloGateway, GraphQLDataSourceProcessOptions, RemoteGraphQLDataSource } from '@apollo/gateway';
import { ApolloServer } from '@apollo/server';
import { startStandaloneServer } from '@apollo/server/standalone';
import { parse } from 'graphql';
import { Employee } from '../../src/entities';
import { startItsmSubgraph, ItsmSubgraph } from '../fakes/itsm-subgraph';
import { GraphQLResponse, dataOf, startTestApp, TestApp } from '../support/app';
import { createEmployee, createOrganization, setManager } from '../support/factories';

interface GatewayContext {
  authorization?: string;
}

/** Passes the caller's bearer token on to every subgraph, as the ITSM router is configured to. */
class AuthForwardingDataSource extends RemoteGraphQLDataSource<GatewayContext> {
  override willSendRequest({ request, context }: GraphQLDataSourceProcessOptions<GatewayContext>): void {
    const authorization: unknown = context.authorization;
    if (typeof authorization === 'string' && request.http)
      request.http.headers.set('authorization', authorization);
  }
}

interface ChainLinkResult {
  level: number;
  employee: { displayName: string };
}
interface TicketsWithChains {
  tickets: {
    id: string;
    title: string;
    requester: {
      id: string;
      employee: { id: string; displayName: string; managementChain: ChainLinkResult[] } | null;
    };
  }[];
}
interface TicketAssignee {
  ticket: {
    title: string;
    assignee: { email: string; displayName: string; manager: { displayName: string } | null } | null;
  } | null;
}
interface EmployeeUser {
  employee: { displayName: string; user: { id: string; username: string } | null } | null;
}
interface TicketRoundTrip {
  ticket: {
    requester: {
      username: string;
      employee: { displayName: string; user: { username: string } | null } | null;
    };
  } | null;
}

const TICKETS_WITH_CHAINS = `{
  tickets {
    id
    title
    requester {
      id
      employee { id displayName managementChain { level employee { displayName } } }
    }
  }
}`;

const TICKET_ASSIGNEE = (id: string) => `{
  ticket(id: "${id}") {
    title
    assignee { email displayName manager { displayName } }
  }
}`;

const chainOf = (employee: { managementChain: ChainLinkResult[] } | null) =>
  employee?.managementChain.map((link) => [link.level, link.employee.displayName]);

function errorCodes(response: GraphQLResponse<unknown>): unknown[] {
  return (response.errors ?? []).map((error) => error.extensions?.code);
}

/**
 * The directory and a fake ITSM subgraph composed into one supergraph and served by a real
 * Apollo Gateway, every hop over HTTP.
 *
 *   Acme:   Ada (CEO) ← Bob ← Fay (ITSM user usr_fay)
 *   Globex: Gil, also linked to ITSM user usr_fay (another person in another tenant)
 */
describe('federation through a gateway', () => {
  let app: TestApp;
  let itsm: ItsmSubgraph;
  let gatewayServer: ApolloServer<GatewayContext>;
  let gatewayUrl: string;
  let acmeToken: string;
  let globexToken: string;
  let compositionHints: string[];
  const people: Record<string, Employee> = {};

  async function gatewayRequest<T>(query: string, token?: string): Promise<GraphQLResponse<T>> {
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (token) headers.authorization = `Bearer ${token}`;
    const response = await fetch(gatewayUrl, { method: 'POST', headers, body: JSON.stringify({ query }) });
    const body = (await response.json()) as Omit<GraphQLResponse<T>, 'status'>;
    return { status: response.status, ...body };
  }

  beforeAll(async () => {
    [app, itsm] = await Promise.all([startTestApp(), startItsmSubgraph()]);
    const ds = app.db.dataSource;

    const acme = await createOrganization(ds, 'Acme');
    for (const name of ['Ada', 'Bob', 'Fay']) {
      people[name] = await createEmployee(ds, acme, {
        firstName: name,
        lastName: 'Acme',
        displayName: `${name} Acme`,
        email: `${name.toLowerCase()}@acme.test`,
        userId: name === 'Fay' ? 'usr_fay' : null,
      });
    }
    await setManager(ds, people.Bob.id, people.Ada.id);
    await setManager(ds, people.Fay.id, people.Bob.id);

    const globex = await createOrganization(ds, 'Globex');
    people.Gil = await createEmployee(ds, globex, {
      firstName: 'Gil',
      lastName: 'Globex',
      displayName: 'Gil Globex',
      email: 'gil@globex.test',
      userId: 'usr_fay',
    });

    [acmeToken, globexToken] = await Promise.all([app.token(acme), app.token(globex)]);

    // The SDL the router would fetch: `_service { sdl }` needs no token.
    const serviceResponse = await app.request<{ _service: { sdl: string } }, undefined>(
      '{ _service { sdl } }',
    );
    const directorySdl = dataOf(serviceResponse)._service.sdl;
    const composition = composeServices([
      { name: 'directory', url: app.url, typeDefs: parse(directorySdl) },
      { name: 'itsm', url: itsm.url, typeDefs: itsm.typeDefs },
    ]);
    if (composition.errors) {
      throw new Error(`composition failed: ${composition.errors.map((error) => error.message).join('\n')}`);
    }
    compositionHints = composition.hints.map((hint) => `${hint.definition.code}: ${hint.message}`);

    const gateway = new ApolloGateway({
      supergraphSdl: composition.supergraphSdl,
      buildService: ({ url }) => new AuthForwardingDataSource({ url }),
    });
    gatewayServer = new ApolloServer<GatewayContext>({ gateway });
    ({ url: gatewayUrl } = await startStandaloneServer(gatewayServer, {
      listen: { port: 0, host: '127.0.0.1' },
      context: async ({ req }) => ({ authorization: req.headers.authorization }),
    }));
  });

  afterAll(async () => {
    await gatewayServer?.stop();
    await itsm?.stop();
    await app?.stop();
  });

  it('composes the served directory SDL with the ITSM subgraph cleanly', () => {
    // Composition errors fail beforeAll; hints (inconsistent descriptions, unused types…) show up here.
    expect(compositionHints).toEqual([]);
  });

  it("serves both subgraphs' pages and scalars through the shared Relay PageInfo", async () => {
    interface Pages {
      ticketPage: {
        pageInfo: { hasNextPage: boolean; startCursor: string | null };
        edges: { node: { openedAt: string; customFields: unknown } }[];
      };
      employees: {
        pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; startCursor: string; endCursor: string };
        edges: { cursor: string; node: { displayName: string; createdAt: string } }[];
      };
    }
    const data = dataOf(
      await gatewayRequest<Pages>(
        `{
          ticketPage(first: 1) {
            pageInfo { hasNextPage startCursor }
            edges { node { openedAt customFields } }
          }
          employees(first: 2) {
            pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
            edges { cursor node { displayName createdAt } }
          }
        }`,
        acmeToken,
      ),
    );
    expect(data.ticketPage).toEqual({
      pageInfo: { hasNextPage: true, startCursor: 'ticket:TCK-1' },
      edges: [{ node: { openedAt: '2026-03-02T09:15:00Z', customFields: { asset: 'LT-4411' } } }],
    });
    const { pageInfo, edges } = data.employees;
    expect(edges.map((edge) => edge.node.displayName)).toEqual(['Ada Acme', 'Bob Acme']);
    expect(pageInfo).toEqual({
      hasNextPage: true,
      hasPreviousPage: false,
      startCursor: edges[0].cursor,
      endCursor: edges[1].cursor,
    });
    expect(Number.isNaN(Date.parse(edges[0].node.createdAt))).toBe(false);
  });

  it("follows a ticket's requester into the directory and up their management chain", async () => {
    const data = dataOf(await gatewayRequest<TicketsWithChains>(TICKETS_WITH_CHAINS, acmeToken));
    const [laptop, mailbox] = data.tickets;
    expect(laptop.title).toBe('Laptop will not boot');
    expect(laptop.requester).toMatchObject({
      id: 'usr_fay',
      employee: { id: people.Fay.id, displayName: 'Fay Acme' },
    });
    expect(chainOf(laptop.requester.employee)).toEqual([
      [1, 'Bob Acme'],
      [2, 'Ada Acme'],
    ]);
    // usr_nobody has no linked directory entry: null, not an error.
    expect(mailbox.requester).toEqual({ id: 'usr_nobody', employee: null });
  });

  it("resolves the same ITSM user to the caller's own organization only", async () => {
    const response = await gatewayRequest<TicketsWithChains>(TICKETS_WITH_CHAINS, globexToken);
    const data = dataOf(response);
    expect(data.tickets[0].requester.employee).toEqual({
      id: people.Gil.id,
      displayName: 'Gil Globex',
      managementChain: [],
    });
    expect(JSON.stringify(response)).not.toContain('Acme');
  });

  it("forwards the caller's bearer token to every subgraph", async () => {
    itsm.receivedAuthorization.length = 0;
    dataOf(await gatewayRequest<TicketsWithChains>(TICKETS_WITH_CHAINS, acmeToken));
    expect(itsm.receivedAuthorization).toEqual([`Bearer ${acmeToken}`]);
  });

  it('without a token, still serves the ITSM part and reports UNAUTHENTICATED for the directory part', async () => {
    const response = await gatewayRequest<TicketsWithChains>(TICKETS_WITH_CHAINS);
    // The gateway answers 200 with partial data: the directory's 401 becomes one error
    // ("401: Unauthorized", code UNAUTHENTICATED, the subgraph's response under extensions.response)
    // and every field the directory should have filled is null.
    expect(response.status).toBe(200);
    expect(errorCodes(response)).toContain('UNAUTHENTICATED');
    expect(response.data?.tickets.map((ticket) => [ticket.title, ticket.requester.employee])).toEqual([
      ['Laptop will not boot', null],
      ['Shared mailbox request', null],
    ]);

    const directoryOnly = await gatewayRequest<EmployeeUser>(
      `{ employee(id: "${people.Fay.id}") { displayName } }`,
    );
    expect(errorCodes(directoryOnly)).toContain('UNAUTHENTICATED');
    expect(directoryOnly.data).toEqual({ employee: null });
  });

  it("resolves a ticket's assignee by the Employee email key", async () => {
    const data = dataOf(await gatewayRequest<TicketAssignee>(TICKET_ASSIGNEE('TCK-1'), acmeToken));
    expect(data.ticket).toEqual({
      title: 'Laptop will not boot',
      assignee: { email: 'bob@acme.test', displayName: 'Bob Acme', manager: { displayName: 'Ada Acme' } },
    });
    const unassigned = dataOf(await gatewayRequest<TicketAssignee>(TICKET_ASSIGNEE('TCK-2'), acmeToken));
    expect(unassigned.ticket?.assignee).toBeNull();
    // Another organization has nobody with that email: the assignee is simply unknown to it.
    const elsewhere = dataOf(await gatewayRequest<TicketAssignee>(TICKET_ASSIGNEE('TCK-1'), globexToken));
    expect(elsewhere.ticket).toEqual({ title: 'Laptop will not boot', assignee: null });
  });

  it("crosses back into the ITSM for an employee's user", async () => {
    const fay = dataOf(
      await gatewayRequest<EmployeeUser>(
        `{ employee(id: "${people.Fay.id}") { displayName user { id username } } }`,
        acmeToken,
      ),
    );
    expect(fay.employee).toEqual({ displayName: 'Fay Acme', user: { id: 'usr_fay', username: 'fay.itsm' } });
    const ada = dataOf(
      await gatewayRequest<EmployeeUser>(
        `{ employee(id: "${people.Ada.id}") { displayName user { id } } }`,
        acmeToken,
      ),
    );
    expect(ada.employee).toEqual({ displayName: 'Ada Acme', user: null });

    // ITSM → directory → ITSM in one operation.
    const roundTrip = dataOf(
      await gatewayRequest<TicketRoundTrip>(
        '{ ticket(id: "TCK-1") { requester { username employee { displayName user { username } } } } }',
        acmeToken,
      ),
    );
    expect(roundTrip.ticket?.requester).toEqual({
      username: 'fay.itsm',
      employee: { displayName: 'Fay Acme', user: { username: 'fay.itsm' } },
    });
  });
});
