/**
 * A fake SCIM 2.0 service provider an HR system exposes (shaped on AlexisHR's, seed 004: bearer
 * token, /scim/v2/Users with the enterprise extension, profileUrl, photos, work and home e-mails and
 * addresses), speaking RFC 7644: ListResponse pages by startIndex/count (§3.4.2.4) capped at the
 * advertised filter.maxResults, the `meta.lastModified gt "…"` filter (§3.4.2.2), /Groups with
 * members, /ServiceProviderConfig (RFC 7643 §5), errors as urn:ietf:params:scim:api:messages:2.0:Error
 * with status and scimType (§3.12), 429 with Retry-After.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer, Server } from 'node:https';
import { AddressInfo } from 'node:net';
import { testPki } from '../graph/pki';

export const SCIM_TOKEN = 'alexis-api-key-0123456789abcdef';
const ENTERPRISE = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';
const LIST = 'urn:ietf:params:scim:api:messages:2.0:ListResponse';
const ERROR = 'urn:ietf:params:scim:api:messages:2.0:Error';

export interface FakeScimUser {
  id: string;
  userName: string;
  givenName: string;
  familyName: string;
  active: boolean;
  title?: string;
  workEmail: string;
  homeEmail?: string;
  department?: string;
  costCenter?: string;
  employeeNumber?: string;
  managerId?: string;
  workCity?: string;
  homeCity?: string;
  lastModified: string;
}

export interface FakeScimGroup {
  id: string;
  displayName: string;
  members: { value: string; type: 'User' | 'Group' }[];
}

export interface InjectedScimFailure {
  path?: string;
  status: number;
  retryAfterSeconds?: number;
  garbage?: boolean;
  times: number;
}

export class FakeScimServer {
  users: FakeScimUser[] = [];
  groups: FakeScimGroup[] = [];
  /** What /ServiceProviderConfig says; null answers 404 (a server without discovery). */
  serviceProviderConfig: { filter: boolean; maxResults: number } | null = { filter: true, maxResults: 50 };
  failures: InjectedScimFailure[] = [];
  readonly requests: { path: string; query: URLSearchParams }[] = [];
  private server: Server | undefined;

  get baseUrl(): string {
    return `https://127.0.0.1:${(this.server?.address() as AddressInfo).port}/scim/v2`;
  }

  async start(): Promise<this> {
    const pki = testPki();
    this.server = createServer({ cert: pki.serverCertPem, key: pki.serverKeyPem }, (request, response) =>
      this.handle(request, response),
    );
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    return this;
  }

  async stop(): Promise<void> {
    if (!this.server) return;
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server!.close(() => resolve()));
  }

  private handle(request: IncomingMessage, response: ServerResponse): void {
    const url = new URL(request.url ?? '/', 'https://fake');
    const path = url.pathname.replace(/^\/scim\/v2/, '');
    this.requests.push({ path, query: url.searchParams });
    const send = (status: number, body: unknown, headers: Record<string, string> = {}) => {
      response.writeHead(status, { 'content-type': 'application/scim+json; charset=utf-8', ...headers });
      response.end(JSON.stringify(body));
    };
    const error = (status: number, detail: string, scimType?: string, headers: Record<string, string> = {}) =>
      send(
        status,
        { schemas: [ERROR], status: String(status), ...(scimType ? { scimType } : {}), detail },
        headers,
      );

    if (request.headers.authorization !== `Bearer ${SCIM_TOKEN}`) return error(401, 'Authorization failure');
    const failure = this.failures.find((entry) => entry.times > 0 && (!entry.path || entry.path === path));
    if (failure) {
      failure.times -= 1;
      if (failure.garbage) {
        response.writeHead(failure.status, { 'content-type': 'text/html' });
        response.end('<html>oops</html>');
        return;
      }
      return error(
        failure.status,
        'injected failure',
        undefined,
        failure.retryAfterSeconds !== undefined ? { 'retry-after': String(failure.retryAfterSeconds) } : {},
      );
    }
    if (path === '/ServiceProviderConfig') {
      if (!this.serviceProviderConfig) return error(404, 'Resource not found');
      return send(200, {
        schemas: ['urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig'],
        patch: { supported: false },
        bulk: { supported: false, maxOperations: 0, maxPayloadSize: 0 },
        filter: {
          supported: this.serviceProviderConfig.filter,
          maxResults: this.serviceProviderConfig.maxResults,
        },
        changePassword: { supported: false },
        sort: { supported: false },
        etag: { supported: false },
        authenticationSchemes: [
          { type: 'oauthbearertoken', name: 'OAuth Bearer Token', description: 'API key' },
        ],
      });
    }
    let resources: unknown[];
    if (path === '/Users') {
      let users = this.users;
      const filter = url.searchParams.get('filter');
      if (filter) {
        const match = /^meta\.lastModified gt "([^"]+)"$/i.exec(filter.trim());
        if (!match || !this.serviceProviderConfig?.filter)
          return error(400, 'Unsupported filter', 'invalidFilter');
        const since = Date.parse(match[1]);
        users = users.filter((user) => Date.parse(user.lastModified) > since);
      }
      resources = users.map((user) => this.userResource(user));
    } else if (path === '/Groups') {
      resources = this.groups.map((group) => ({
        schemas: ['urn:ietf:params:scim:schemas:core:2.0:Group'],
        id: group.id,
        displayName: group.displayName,
        members: group.members.map((member) => ({
          ...member,
          $ref: `${this.baseUrl}/${member.type === 'User' ? 'Users' : 'Groups'}/${member.value}`,
        })),
        meta: { resourceType: 'Group' },
      }));
    } else {
      return error(404, 'Resource not found');
    }
    const startIndex = Math.max(1, Number(url.searchParams.get('startIndex') ?? 1) || 1);
    const max = this.serviceProviderConfig?.maxResults ?? 100;
    const count = Math.min(max, Math.max(0, Number(url.searchParams.get('count') ?? max) || 0));
    const slice = resources.slice(startIndex - 1, startIndex - 1 + count);
    send(200, {
      schemas: [LIST],
      totalResults: resources.length,
      startIndex,
      itemsPerPage: slice.length,
      Resources: slice,
    });
  }

  /** A user exactly as AlexisHR shows one (seed 004). */
  private userResource(user: FakeScimUser): unknown {
    return {
      schemas: ['urn:ietf:params:scim:schemas:core:2.0:User', ENTERPRISE],
      id: user.id,
      userName: user.userName,
      name: { givenName: user.givenName, familyName: user.familyName },
      active: user.active,
      [ENTERPRISE]: {
        ...(user.employeeNumber ? { employeeNumber: user.employeeNumber } : {}),
        organization: 'Example AB',
        division: 'Division 123',
        ...(user.costCenter ? { costCenter: user.costCenter } : {}),
        ...(user.department ? { department: user.department } : {}),
        ...(user.managerId
          ? { manager: { value: user.managerId, $ref: `${this.baseUrl}/Users/${user.managerId}` } }
          : {}),
      },
      meta: {
        resourceType: 'User',
        created: '2021-04-19T09:48:04.317Z',
        lastModified: user.lastModified,
        location: null,
      },
      displayName: `${user.givenName} ${user.familyName}`,
      profileUrl: `https://files.example/${user.id}.jpeg`,
      ...(user.title ? { title: user.title } : {}),
      emails: [
        { value: user.workEmail, display: user.workEmail, type: 'work', primary: true },
        ...(user.homeEmail ? [{ value: user.homeEmail, display: user.homeEmail, type: 'home' }] : []),
      ],
      phoneNumbers: [{ value: '+4623456789', type: 'work', primary: true }],
      photos: [{ value: `https://files.example/${user.id}.jpeg`, type: 'photo' }],
      addresses: [
        ...(user.homeCity
          ? [
              {
                streetAddress: 'Street 1',
                locality: user.homeCity,
                postalCode: '12345',
                country: 'SE',
                type: 'home',
                primary: true,
              },
            ]
          : []),
        ...(user.workCity ? [{ locality: user.workCity, country: 'SE', type: 'work' }] : []),
      ],
    };
  }
}

const FIRST = ['Åsa', 'Björn', "D'Arcy", 'Zoë', '美咲', 'Łukasz', 'Linnéa', 'Olle'];
const LAST = ['Öberg', "O'Neill", 'Lindqvist', '山田', 'Kowalski', 'Ek'];

/** A tenant of `people` in a management tree of fan-out 3, some inactive, one group per department plus All. */
export function seedScimTenant(fake: FakeScimServer, people: number): void {
  const departments = ['Tech', 'Sales', 'People', 'Finance'];
  fake.users = Array.from({ length: people }, (_, index) => ({
    id: `usr_${String(index).padStart(5, '0')}`,
    userName: `person${index}@example.se`,
    givenName: FIRST[index % FIRST.length],
    familyName: LAST[index % LAST.length],
    active: index % 29 !== 28,
    title: index === 0 ? 'CEO' : `Role ${index % 9}`,
    workEmail: `person${index}@example.se`,
    homeEmail: `p${index}@home.example`,
    department: departments[index % departments.length],
    costCenter: `CODE-${index % 12}`,
    employeeNumber: String(index + 1),
    managerId: index === 0 ? undefined : `usr_${String(Math.floor((index - 1) / 3)).padStart(5, '0')}`,
    workCity: 'Stockholm',
    homeCity: 'Uppsala',
    lastModified: new Date(Date.UTC(2025, 0, 1) + index * 3_600_000).toISOString(),
  }));
  const deptGroups = departments.map((department, d) => ({
    id: `grp_${department.toLowerCase()}`,
    displayName: department,
    members: fake.users
      .filter((_, index) => index % departments.length === d)
      .map((user) => ({ value: user.id, type: 'User' as const })),
  }));
  fake.groups = [
    ...deptGroups,
    {
      id: 'grp_all',
      displayName: 'Everyone',
      members: deptGroups.map((group) => ({ value: group.id, type: 'Group' as const })),
    },
  ];
}
