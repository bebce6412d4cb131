/**
 * A fake AWS IAM Identity Center identity store API, speaking what the real one speaks: the
 * awsJson1_1 protocol (POST /, `X-Amz-Target: AWSIdentityStore.<Operation>`,
 * `Content-Type: application/x-amz-json-1.1`), Signature Version 4 (verified here with the test
 * key), NextToken paging with MaxResults at most 100, errors as `{"__type", "Message"}` with the
 * documented exception names (ThrottlingException with Retry-After, AccessDeniedException,
 * ResourceNotFoundException, ValidationException, InternalServerException).
 *
 * Wire format: the service model aws/aws-sdk-js-v3 codegen/sdk-codegen/aws-models/identitystore.json
 * (operations ListUsers, ListGroups, ListGroupMemberships; the User shape with Extensions
 * "aws:identitystore:enterprise") and the AWS JSON 1.1 protocol and SigV4 signing documentation.
 */
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer, Server } from 'node:https';
import { AddressInfo } from 'node:net';
import { testPki } from '../graph/pki';

export interface FakeAwsUser {
  UserId: string;
  UserName: string;
  DisplayName?: string;
  Name?: { GivenName?: string; FamilyName?: string; Formatted?: string };
  NickName?: string;
  Title?: string;
  UserType?: string;
  Timezone?: string;
  UserStatus?: 'ENABLED' | 'DISABLED';
  Emails?: { Value: string; Type?: string; Primary?: boolean }[];
  PhoneNumbers?: { Value: string; Type?: string; Primary?: boolean }[];
  Addresses?: { Locality?: string; Country?: string; Type?: string; Primary?: boolean }[];
  ExternalIds?: { Issuer: string; Id: string }[];
  enterprise?: {
    employeeNumber?: string;
    costCenter?: string;
    organization?: string;
    division?: string;
    department?: string;
    manager?: { value: string };
  };
}

export interface FakeAwsGroup {
  GroupId: string;
  DisplayName: string;
  Description?: string;
  members: string[];
}

/** A failure the next matching requests get, as AWS sends it. */
export interface InjectedAwsFailure {
  /** Operation it applies to (ListUsers…), or any. */
  operation?: string;
  status: number;
  type: string;
  retryAfterSeconds?: number;
  /** How many requests get it. */
  times: number;
  /** Send a body that is not JSON instead of an error document. */
  garbage?: boolean;
}

export const FAKE_AWS_ACCESS_KEY_ID = 'AKIAFAKEIDENTITYSTORE';
export const FAKE_AWS_SECRET_ACCESS_KEY = 'fake/secret+key/for+tests/only0123456789';
export const FAKE_IDENTITY_STORE_ID = 'd-9067abcdef';

const MAX_RESULTS = 100;

export class FakeIdentityStore {
  users: FakeAwsUser[] = [];
  groups: FakeAwsGroup[] = [];
  region = 'eu-west-1';
  identityStoreId = FAKE_IDENTITY_STORE_ID;
  /** Access key id → secret; requests signed with anything else are refused. */
  keys = new Map([[FAKE_AWS_ACCESS_KEY_ID, FAKE_AWS_SECRET_ACCESS_KEY]]);
  /** Access keys allowed to authenticate but not to read (AccessDeniedException). */
  deniedKeys = new Set<string>();
  failures: InjectedAwsFailure[] = [];
  /** Requests served, by operation. */
  readonly calls = new Map<string, number>();
  private server: Server | undefined;

  get endpoint(): string {
    const address = this.server?.address() as AddressInfo;
    return `https://127.0.0.1:${address.port}`;
  }

  async start(): Promise<this> {
    const pki = testPki();
    this.server = createServer({ cert: pki.serverCertPem, key: pki.serverKeyPem }, (request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => this.handle(request, Buffer.concat(chunks), response));
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    return this;
  }

  async stop(): Promise<void> {
    if (!this.server) return;
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server!.close(() => resolve()));
  }

  private handle(request: IncomingMessage, body: Buffer, response: ServerResponse): void {
    const send = (status: number, document: unknown, headers: Record<string, string> = {}) => {
      response.writeHead(status, {
        'content-type': 'application/x-amz-json-1.1',
        'x-amzn-requestid': `req-${Math.random().toString(16).slice(2)}`,
        ...headers,
      });
      response.end(JSON.stringify(document));
    };
    const error = (status: number, type: string, message: string, headers: Record<string, string> = {}) =>
      send(status, { __type: type, Message: message }, headers);

    const target = String(request.headers['x-amz-target'] ?? '');
    const [service, operation] = target.split('.');
    if (request.method !== 'POST' || request.url !== '/' || service !== 'AWSIdentityStore')
      return error(400, 'UnknownOperationException', 'unknown operation');
    if (!String(request.headers['content-type'] ?? '').startsWith('application/x-amz-json-1.1'))
      return error(400, 'SerializationException', 'expected application/x-amz-json-1.1');
    const signer = this.verifySignature(request, body);
    if (signer === 'unknown-key')
      return error(
        400,
        'UnrecognizedClientException',
        'The security token included in the request is invalid.',
      );
    if (signer === 'bad-signature')
      return error(400, 'InvalidSignatureException', 'The request signature we calculated does not match.');
    this.calls.set(operation, (this.calls.get(operation) ?? 0) + 1);

    const failure = this.failures.find(
      (entry) => entry.times > 0 && (!entry.operation || entry.operation === operation),
    );
    if (failure) {
      failure.times -= 1;
      if (failure.garbage) {
        response.writeHead(failure.status, { 'content-type': 'application/x-amz-json-1.1' });
        response.end('<html>bad gateway</html>');
        return;
      }
      return error(
        failure.status,
        failure.type,
        `injected ${failure.type}`,
        failure.retryAfterSeconds !== undefined ? { 'retry-after': String(failure.retryAfterSeconds) } : {},
      );
    }
    if (this.deniedKeys.has(signer))
      return error(
        400,
        'AccessDeniedException',
        `User is not authorized to perform: identitystore:${operation}`,
      );

    let input: Record<string, unknown>;
    try {
      input = JSON.parse(body.toString('utf8') || '{}');
    } catch {
      return error(400, 'SerializationException', 'body is not JSON');
    }
    if (input.IdentityStoreId !== this.identityStoreId)
      return error(400, 'ResourceNotFoundException', 'Identity store not found');
    const maxResults = input.MaxResults === undefined ? MAX_RESULTS : Number(input.MaxResults);
    if (!Number.isInteger(maxResults) || maxResults < 1 || maxResults > MAX_RESULTS)
      return error(400, 'ValidationException', 'MaxResults must be between 1 and 100');
    let offset = 0;
    if (input.NextToken !== undefined) {
      const decoded = /^tok:(\d+):([\w-]+)$/.exec(Buffer.from(String(input.NextToken), 'base64').toString());
      if (!decoded || decoded[2] !== operation) return error(400, 'ValidationException', 'Invalid NextToken');
      offset = Number(decoded[1]);
    }
    const page = <T>(items: T[]) => {
      const slice = items.slice(offset, offset + maxResults);
      const next = offset + maxResults < items.length ? offset + maxResults : null;
      return {
        slice,
        ...(next !== null ? { NextToken: Buffer.from(`tok:${next}:${operation}`).toString('base64') } : {}),
      };
    };

    switch (operation) {
      case 'ListUsers': {
        const withEnterprise =
          Array.isArray(input.Extensions) && input.Extensions.includes('aws:identitystore:enterprise');
        const { slice, ...rest } = page(this.users);
        return send(200, {
          Users: slice.map((user) => this.userDocument(user, withEnterprise)),
          ...rest,
        });
      }
      case 'ListGroups': {
        const { slice, ...rest } = page(this.groups);
        return send(200, {
          Groups: slice.map((group) => ({
            GroupId: group.GroupId,
            DisplayName: group.DisplayName,
            ...(group.Description ? { Description: group.Description } : {}),
            IdentityStoreId: this.identityStoreId,
          })),
          ...rest,
        });
      }
      case 'ListGroupMemberships': {
        const group = this.groups.find((entry) => entry.GroupId === input.GroupId);
        if (!group) return error(400, 'ResourceNotFoundException', 'Group not found');
        const { slice, ...rest } = page(group.members);
        return send(200, {
          GroupMemberships: slice.map((userId) => ({
            IdentityStoreId: this.identityStoreId,
            MembershipId: `m-${group.GroupId}-${userId}`.slice(0, 47),
            GroupId: group.GroupId,
            MemberId: { UserId: userId },
          })),
          ...rest,
        });
      }
      default:
        return error(400, 'UnknownOperationException', `unknown operation ${operation}`);
    }
  }

  private userDocument(user: FakeAwsUser, withEnterprise: boolean): Record<string, unknown> {
    const { enterprise, ...plain } = user;
    return {
      ...plain,
      IdentityStoreId: this.identityStoreId,
      CreatedAt: 1_700_000_000,
      UpdatedAt: 1_760_000_000,
      ...(withEnterprise && enterprise ? { Extensions: { 'aws:identitystore:enterprise': enterprise } } : {}),
    };
  }

  /**
   * Checks an AWS Signature Version 4 header against the known keys: the access key id it names, or
   * 'unknown-key' / 'bad-signature'.
   */
  private verifySignature(request: IncomingMessage, body: Buffer): string {
    const header = String(request.headers.authorization ?? '');
    const match =
      /^AWS4-HMAC-SHA256 Credential=([^/]+)\/(\d{8})\/([^/]+)\/([^/]+)\/aws4_request, ?SignedHeaders=([^,]+), ?Signature=([0-9a-f]{64})$/.exec(
        header,
      );
    if (!match) return 'unknown-key';
    const [, keyId, date, region, service, signedHeaders, signature] = match;
    const secret = this.keys.get(keyId);
    if (!secret || service !== 'identitystore' || region !== this.region) return 'unknown-key';
    const amzDate = String(request.headers['x-amz-date'] ?? '');
    const canonicalHeaders = signedHeaders
      .split(';')
      .map(
        (name) =>
          `${name}:${String(request.headers[name] ?? '')
            .trim()
            .replace(/\s+/g, ' ')}\n`,
      )
      .join('');
    const canonicalRequest = [
      request.method,
      '/',
      '',
      canonicalHeaders,
      signedHeaders,
      createHash('sha256').update(body).digest('hex'),
    ].join('\n');
    const scope = `${date}/${region}/${service}/aws4_request`;
    const stringToSign = [
      'AWS4-HMAC-SHA256',
      amzDate,
      scope,
      createHash('sha256').update(canonicalRequest).digest('hex'),
    ].join('\n');
    const hmac = (key: Buffer | string, data: string) => createHmac('sha256', key).update(data).digest();
    const signingKey = hmac(hmac(hmac(hmac(`AWS4${secret}`, date), region), service), 'aws4_request');
    const expected = createHmac('sha256', signingKey).update(stringToSign).digest();
    return timingSafeEqual(expected, Buffer.from(signature, 'hex')) ? keyId : 'bad-signature';
  }
}
