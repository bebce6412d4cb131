import { createHash, randomUUID } from 'node:crypto';
import { exportJWK, generateKeyPair, JWK, KeyLike, SignJWT } from 'jose';
import { z } from 'zod';
import { ConnectorError } from '../types';
import { OktaOAuthConfig, OktaSigningKey, readSigningKey } from './okta.config';
import { describeCall, OktaBucket, OktaHttp, OktaResponse, readOktaError } from './okta-http';
import { OktaClock } from './okta-rate-limit';

/** How requests to the management API are authorised. */
export interface OktaAuth {
  /** A 401 may mean an expired token that a new one fixes. */
  readonly refreshable: boolean;
  /** Authorization (and DPoP) headers for one request. */
  headers(method: string, url: string, signal: AbortSignal): Promise<Record<string, string>>;
  /** Forgets a token Okta refused. */
  invalidate(): void;
  /** Why Okta may have answered 401. */
  refusal(): string;
  /** What Okta needs to let us read a bucket's endpoint (after a 403). */
  permissionHint(bucket: OktaBucket): string;
  /** Values that must never appear in a message. */
  secrets(): string[];
}

const SCOPE_OF: Readonly<Record<OktaBucket, string>> = {
  users: 'okta.users.read',
  groups: 'okta.groups.read',
  groupMembers: 'okta.groups.read',
  token: 'okta.users.read',
};

/** An SSWS API token: it acts with the admin roles of the admin who created it. */
export class ApiTokenAuth implements OktaAuth {
  readonly refreshable = false;

  constructor(private readonly token: string) {}

  async headers(): Promise<Record<string, string>> {
    return { authorization: `SSWS ${this.token}` };
  }

  invalidate(): void {}

  refusal(): string {
    return 'the API token is wrong or revoked, expired (Okta expires tokens unused for 30 days), or its admin was deactivated';
  }

  permissionHint(bucket: OktaBucket): string {
    const what = bucket === 'users' ? 'users' : 'groups';
    return `the API token acts with the roles of the admin who created it; that admin needs a role that can read ${what}, such as Read-Only Administrator`;
  }

  secrets(): string[] {
    return [this.token];
  }
}

const tokenResponseSchema = z.object({
  access_token: z.string().min(1),
  token_type: z.string().min(1),
  expires_in: z.number().positive(),
});

const oauthErrorSchema = z.object({ error: z.string(), error_description: z.string().optional() });

interface AccessToken {
  value: string;
  type: 'Bearer' | 'DPoP';
  /** Epoch ms after which a new token is fetched (a little before Okta's expiry). */
  renewAt: number;
}

interface DpopKey {
  privateKey: KeyLike;
  jwk: JWK;
}

const JWT_BEARER = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';
/** Lifetime of a client assertion; Okta accepts at most one hour. */
const ASSERTION_SECONDS = 300;
/** Token requests per fetch: a DPoP requirement and a nonce may each cost one round trip. */
const MAX_TOKEN_ATTEMPTS = 4;

function base64urlSha256(value: string): string {
  return createHash('sha256').update(value).digest('base64url');
}

/** The URL without query and fragment, as DPoP's htu claim wants it. */
function htuOf(url: string): string {
  const parsed = new URL(url);
  return `${parsed.origin}${parsed.pathname}`;
}

/**
 * OAuth 2.0 for Okta with a service app: client credentials, authenticated by a private_key_jwt
 * client assertion, at the org authorization server (/oauth2/v1/token). The access token is cached
 * until shortly before it expires. Service apps require DPoP by default: when Okta answers
 * invalid_dpop_proof the connector switches to DPoP (an ephemeral ES256 key per connector instance),
 * answers use_dpop_nonce with the nonce Okta gives, and sends each API call with
 * `Authorization: DPoP …` and a fresh proof bound to the token (ath).
 */
export class OAuthAuth implements OktaAuth {
  readonly refreshable = true;
  private readonly signingKey: OktaSigningKey;
  private readonly tokenUrl: string;
  private token: AccessToken | undefined;
  private readonly issued: string[] = [];
  private useDpop = false;
  private dpopNonce: string | undefined;
  private dpopKey: Promise<DpopKey> | undefined;

  constructor(
    private readonly config: OktaOAuthConfig,
    orgUrl: string,
    private readonly http: OktaHttp,
    private readonly clock: OktaClock,
  ) {
    this.signingKey = readSigningKey(config.privateKeyPem);
    this.tokenUrl = `${orgUrl}/oauth2/v1/token`;
  }

  async headers(method: string, url: string, signal: AbortSignal): Promise<Record<string, string>> {
    const token = await this.accessToken(signal);
    if (token.type === 'Bearer') return { authorization: `Bearer ${token.value}` };
    // Okta's own APIs do not ask for a nonce in resource proofs; ath binds the proof to the token.
    const proof = await this.proof(method, url, { ath: base64urlSha256(token.value) });
    return { authorization: `DPoP ${token.value}`, dpop: proof };
  }

  invalidate(): void {
    this.token = undefined;
  }

  refusal(): string {
    return "Okta refused the service app's access token, even a newly issued one";
  }

  permissionHint(bucket: OktaBucket): string {
    const what = bucket === 'users' ? 'users' : 'groups';
    return `the service app needs the ${SCOPE_OF[bucket]} scope granted (Okta API Scopes tab) and an admin role that can read ${what}, such as Read-Only Administrator (Admin roles tab)`;
  }

  secrets(): string[] {
    return [...this.issued];
  }

  private async accessToken(signal: AbortSignal): Promise<AccessToken> {
    if (this.token && this.clock.now() < this.token.renewAt) return this.token;
    this.token = await this.requestToken(signal);
    return this.token;
  }

  private async requestToken(signal: AbortSignal): Promise<AccessToken> {
    const where = describeCall('POST', this.tokenUrl);
    for (let attempt = 1; attempt <= MAX_TOKEN_ATTEMPTS; attempt++) {
      const response = await this.http.send({
        method: 'POST',
        url: this.tokenUrl,
        bucket: 'token',
        signal,
        prepare: async () => {
          const headers: Record<string, string> = { 'content-type': 'application/x-www-form-urlencoded' };
          if (this.useDpop)
            headers.dpop = await this.proof(
              'POST',
              this.tokenUrl,
              this.dpopNonce ? { nonce: this.dpopNonce } : {},
            );
          const body = new URLSearchParams({
            grant_type: 'client_credentials',
            scope: this.config.scopes.join(' '),
            client_assertion_type: JWT_BEARER,
            client_assertion: await this.assertion(),
          }).toString();
          return { headers, body };
        },
      });
      if (response.status === 200) return this.readToken(response, where);
      const error = this.readOAuthError(response);
      const nonce = response.headers.get('dpop-nonce');
      if (error?.error === 'use_dpop_nonce' && nonce && nonce !== this.dpopNonce) {
        this.useDpop = true;
        this.dpopNonce = nonce;
        continue;
      }
      if (error?.error === 'invalid_dpop_proof' && !this.useDpop) {
        this.useDpop = true; // the app requires DPoP-bound tokens (Okta's default for new service apps)
        continue;
      }
      throw this.tokenError(response, error, where);
    }
    throw new ConnectorError('AUTH', `${where}: Okta kept refusing the DPoP proof of the token request`);
  }

  private readToken(response: OktaResponse, where: string): AccessToken {
    let body: unknown;
    try {
      body = JSON.parse(response.text);
    } catch {
      throw new ConnectorError('INVALID_DATA', `${where} answered with a body that is not JSON`);
    }
    const parsed = tokenResponseSchema.safeParse(body);
    if (!parsed.success)
      throw new ConnectorError('INVALID_DATA', `${where} answered without a usable access token`);
    const { access_token: value, token_type: type, expires_in: seconds } = parsed.data;
    this.issued.push(value);
    const lifetime = seconds * 1000;
    return {
      value,
      type: type.toLowerCase() === 'dpop' ? 'DPoP' : 'Bearer',
      renewAt: this.clock.now() + lifetime - Math.min(60_000, lifetime / 4),
    };
  }

  private readOAuthError(response: OktaResponse): z.infer<typeof oauthErrorSchema> | null {
    try {
      const parsed = oauthErrorSchema.safeParse(JSON.parse(response.text));
      return parsed.success ? parsed.data : null;
    } catch {
      return null;
    }
  }

  private tokenError(
    response: OktaResponse,
    error: z.infer<typeof oauthErrorSchema> | null,
    where: string,
  ): ConnectorError {
    const okta = error ? null : readOktaError(response.text);
    const detail = error
      ? ` (${error.error}${error.error_description ? `: ${error.error_description.slice(0, 200)}` : ''})`
      : okta
        ? ` (${okta.errorCode}: ${okta.errorSummary})`
        : '';
    const said = `${where} answered HTTP ${response.status}${detail}`;
    switch (error?.error) {
      case 'invalid_client':
        return new ConnectorError(
          'AUTH',
          `${said}: check oauth.clientId, and that the service app uses public key / private key authentication with the public key of oauth.privateKeyPem (and oauth.keyId when it has several)`,
        );
      case 'invalid_scope':
        return new ConnectorError(
          'PERMISSION',
          `${said}: grant the service app the scopes ${this.config.scopes.join(', ')} (Okta API Scopes tab)`,
        );
      case 'unauthorized_client':
        return new ConnectorError(
          'CONFIGURATION',
          `${said}: the app may not use the client credentials grant; use an "API Services" app integration`,
        );
    }
    if (response.status === 404) return new ConnectorError('NOT_FOUND', `${said}: check orgUrl`);
    if (response.status === 403) return new ConnectorError('PERMISSION', said);
    return new ConnectorError('AUTH', said);
  }

  /** The client assertion: a short-lived JWT signed with the app's private key. */
  private async assertion(): Promise<string> {
    const now = Math.floor(this.clock.now() / 1000);
    return new SignJWT({})
      .setProtectedHeader({
        alg: this.signingKey.alg,
        ...(this.config.keyId ? { kid: this.config.keyId } : {}),
      })
      .setIssuer(this.config.clientId)
      .setSubject(this.config.clientId)
      .setAudience(this.tokenUrl)
      .setIssuedAt(now)
      .setExpirationTime(now + ASSERTION_SECONDS)
      .setJti(randomUUID())
      .sign(this.signingKey.key);
  }

  /** A DPoP proof for one request. */
  private async proof(method: string, url: string, claims: Record<string, string>): Promise<string> {
    const key = await this.dpop();
    return new SignJWT({ htm: method, htu: htuOf(url), ...claims })
      .setProtectedHeader({ alg: 'ES256', typ: 'dpop+jwt', jwk: key.jwk })
      .setIssuedAt(Math.floor(this.clock.now() / 1000))
      .setJti(randomUUID())
      .sign(key.privateKey);
  }

  private dpop(): Promise<DpopKey> {
    this.dpopKey ??= (async () => {
      const { privateKey, publicKey } = await generateKeyPair('ES256', { extractable: true });
      const { kty, crv, x, y } = await exportJWK(publicKey);
      return { privateKey, jwk: { kty, crv, x, y } };
    })();
    return this.dpopKey;
  }
}
