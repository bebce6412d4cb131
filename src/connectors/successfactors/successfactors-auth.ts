import { ConnectorError } from '../types';
import { HttpTransport } from '../hr-shared/http-transport';
import { readRsaKey, SfConfig } from './successfactors.config';
import { signedAssertion } from './saml-assertion';

/** A token is renewed this long before SuccessFactors says it expires (its tokens live 24 hours). */
const RENEW_BEFORE_MS = 5 * 60_000;
const SAML2_BEARER = 'urn:ietf:params:oauth:grant-type:saml2-bearer';

/** The Authorization header of the OData calls. */
export interface SfAuth {
  header(signal: AbortSignal): Promise<string>;
  /** Called after a 401: the next header is fresh. Answers false when nothing can be renewed. */
  invalidate(): boolean;
  /** Secrets to keep out of every message. */
  readonly secrets: string[];
}

export class SfBasicAuth implements SfAuth {
  readonly secrets: string[];
  private readonly value: string;

  constructor(config: SfConfig) {
    const basic = config.basic!;
    this.value = `Basic ${Buffer.from(`${basic.username}@${config.companyId}:${basic.password}`).toString('base64')}`;
    this.secrets = [basic.password, this.value];
  }

  async header(): Promise<string> {
    return this.value;
  }

  invalidate(): boolean {
    return false;
  }
}

/** POST /oauth/token with grant_type saml2-bearer, company_id, client_id and a freshly signed assertion. */
export class SfSamlBearerAuth implements SfAuth {
  private token: { value: string; renewAt: number } | null = null;
  readonly secrets: string[] = [];

  constructor(
    private readonly config: SfConfig,
    private readonly transport: HttpTransport,
    private readonly now: () => number,
  ) {}

  get tokenUrl(): string {
    return `${this.config.apiServer}/oauth/token`;
  }

  invalidate(): boolean {
    this.token = null;
    return true;
  }

  async header(signal: AbortSignal): Promise<string> {
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
    const response = await this.transport.send({
      method: 'POST',
      url: this.tokenUrl,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: form.toString(),
      signal,
      vendor: 'SuccessFactors',
    });
    let body: unknown = null;
    try {
      body = JSON.parse(response.text);
    } catch {
      // reported below by status
    }
    const field = (key: string): unknown =>
      typeof body === 'object' && body !== null && key in body
        ? (body as Record<string, unknown>)[key]
        : undefined;
    if (response.status !== 200) {
      const reason =
        typeof field('error_description') === 'string'
          ? String(field('error_description')).slice(0, 200)
          : '';
      const message = `POST /oauth/token answered HTTP ${response.status}${reason ? ` (${reason})` : ''}`;
      if (response.status === 400 || response.status === 401)
        throw new ConnectorError(
          'AUTH',
          `${message}: check clientId, userId, companyId and the certificate registered on the OAuth client`,
        );
      if (response.status === 403) throw new ConnectorError('PERMISSION', message);
      throw new ConnectorError('INVALID_DATA', message);
    }
    const accessToken = field('access_token');
    const expiresIn = field('expires_in');
    if (typeof accessToken !== 'string' || accessToken === '') {
      throw new ConnectorError('INVALID_DATA', 'POST /oauth/token answered without an access_token');
    }
    const lifetimeMs = (typeof expiresIn === 'number' ? expiresIn : Number(expiresIn) || 3600) * 1000;
    this.token = { value: accessToken, renewAt: this.now() + Math.max(0, lifetimeMs - RENEW_BEFORE_MS) };
    this.secrets.push(accessToken);
    return `Bearer ${accessToken}`;
  }
}
