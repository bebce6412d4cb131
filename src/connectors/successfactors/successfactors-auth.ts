import { ConnectorError } from '../types';
import { HttpClient, HttpResponse } from '../http';
import { readRsaKey, SfConfig } from './successfactors.config';
import { signedAssertion } from './saml-assertion';

/** A token is renewed this long before SuccessFactors says it expires (its tokens live 24 hours). */
const RENEW_BEFORE_MS = 5 * 60_000;
const SAML2_BEARER = 'urn:ietf:params:oauth:grant-type:saml2-bearer';

/** Basic auth as username@companyId (test instances). */
export function basicAuthorization(config: SfConfig): string {
  const basic = config.basic!;
  return `Basic ${Buffer.from(`${basic.username}@${config.companyId}:${basic.password}`).toString('base64')}`;
}

/** The OAuth error body's error_description, short and without secrets. */
export function describeTokenError(response: HttpResponse): string | null {
  try {
    const body: unknown = JSON.parse(response.body.toString('utf8'));
    if (
      typeof body === 'object' &&
      body !== null &&
      'error_description' in body &&
      typeof body.error_description === 'string'
    )
      return body.error_description.slice(0, 200);
  } catch {
    // not JSON
  }
  return null;
}

/** POST /oauth/token with grant_type saml2-bearer, company_id, client_id and a freshly signed assertion. */
export class SfSamlBearerAuth {
  private token: { value: string; renewAt: number } | null = null;

  constructor(
    private readonly config: SfConfig,
    /** A client for the token endpoint: 400/401 there are AUTH (a refused assertion). */
    private readonly client: HttpClient,
    private readonly now: () => number,
  ) {}

  get tokenUrl(): string {
    return `${this.config.apiServer}/oauth/token`;
  }

  /** The Authorization header; `renew` after a 401 (a token revoked before its time). */
  async header(renew: boolean, signal: AbortSignal): Promise<string> {
    if (renew) this.token = null;
    if (this.token && this.now() < this.token.renewAt) return `Bearer ${this.token.value}`;
    const oauth = this.config.oauth!;
    const assertion = signedAssertion({
      issuer: oauth.issuer,
      audience: oauth.audience,
      userId: oauth.userId,
      clientId: oauth.clientId,
      tokenUrl: this.tokenUrl,
      now: this.now(),
      key: readRsaKey(oauth.privateKeyPem),
    });
    const form = new URLSearchParams({
      company_id: this.config.companyId,
      client_id: oauth.clientId,
      grant_type: SAML2_BEARER,
      assertion: Buffer.from(assertion, 'utf8').toString('base64'),
    });
    const body = await this.client.json({
      method: 'POST',
      url: this.tokenUrl,
      what: 'requesting an OAuth token',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: form.toString(),
      signal,
    });
    const field = (key: string): unknown =>
      typeof body === 'object' && body !== null && key in body
        ? (body as Record<string, unknown>)[key]
        : undefined;
    const accessToken = field('access_token');
    const expiresIn = field('expires_in');
    if (typeof accessToken !== 'string' || accessToken === '') {
      throw new ConnectorError('INVALID_DATA', 'POST /oauth/token answered without an access_token');
    }
    const lifetimeMs = (typeof expiresIn === 'number' ? expiresIn : Number(expiresIn) || 3600) * 1000;
    this.token = { value: accessToken, renewAt: this.now() + Math.max(0, lifetimeMs - RENEW_BEFORE_MS) };
    return `Bearer ${accessToken}`;
  }
}
