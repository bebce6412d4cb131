import { dataOf, TestApp } from '../support/app';

export interface ScimResponse {
  status: number;
  headers: Headers;
  /** Parsed JSON, or null for an empty body. */
  body: ScimBody;
}

/** Responses are loosely shaped JSON: tests walk into what they check (and compare leaves with expect). */
export interface ScimBody {
  [key: string]: ScimBody;
  [index: number]: ScimBody;
}

/** The elements of a JSON array in a response. */
export const items = (value: ScimBody): ScimBody[] => value as unknown as ScimBody[];

export const USER = 'urn:ietf:params:scim:schemas:core:2.0:User';
export const GROUP = 'urn:ietf:params:scim:schemas:core:2.0:Group';
export const ENTERPRISE = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';
export const PATCH_OP = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';
export const ERROR = 'urn:ietf:params:scim:api:messages:2.0:Error';

/** A SCIM client of the test app: JSON in, JSON out, a bearer token. */
export function scimClient(app: TestApp, token: string | null) {
  const base = app.url.replace(/\/graphql$/, '/scim/v2');
  return async (
    method: string,
    path: string,
    body?: unknown,
    options: { headers?: Record<string, string>; raw?: string; token?: string | null } = {},
  ): Promise<ScimResponse> => {
    const headers: Record<string, string> = { accept: 'application/scim+json', ...options.headers };
    const bearer = options.token === undefined ? token : options.token;
    if (bearer) headers.authorization = `Bearer ${bearer}`;
    if (body !== undefined || options.raw !== undefined) headers['content-type'] = 'application/scim+json';
    const response = await fetch(`${base}${path}`, {
      method,
      headers,
      body: options.raw ?? (body === undefined ? undefined : JSON.stringify(body)),
    });
    const text = await response.text();
    return {
      status: response.status,
      headers: response.headers,
      body: (text ? JSON.parse(text) : null) as ScimBody,
    };
  };
}

export type ScimClient = ReturnType<typeof scimClient>;

/** A SCIM connection with a token, created through the graph as an administrator would. */
export async function scimConnection(
  app: TestApp,
  admin: string,
  name: string,
  deletionPolicy: 'DISABLE' | 'DELETE' = 'DISABLE',
): Promise<{ connectionId: string; token: string }> {
  const gql = async <T>(query: string, variables: Record<string, unknown>) =>
    dataOf(await app.request<T, Record<string, unknown>>(query, variables, { token: admin }));
  const { createDirectoryConnection } = await gql<{ createDirectoryConnection: { id: string } }>(
    `mutation ($input: DirectoryConnectionInput!) { createDirectoryConnection(input: $input) { id } }`,
    { input: { name, source: 'SCIM', deletionPolicy } },
  );
  const { createScimToken } = await gql<{ createScimToken: { id: string; token: string } }>(
    `mutation ($id: ID!) { createScimToken(connectionId: $id) { id token createdAt } }`,
    { id: createDirectoryConnection.id },
  );
  return { connectionId: createDirectoryConnection.id, token: createScimToken.token };
}

export const patch = (...operations: unknown[]) => ({ schemas: [PATCH_OP], Operations: operations });
