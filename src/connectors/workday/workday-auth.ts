import { ConnectorError } from '../types';
import { describeCall, WorkdayHttp } from './workday-http';

/** How requests to the tenant are authorized. */
export interface WorkdayAuth {
  headers(signal: AbortSignal): Promise<Record<string, string>>;
  /** Drops a cached token after a 401 (true when there was one to drop, so a retry can help). */
  invalidate(): boolean;
  /** What to check when the tenant refuses the credentials. */
  readonly refusal: string;
  /** Values never to appear in a message. */
  secrets(): string[];
}

const basic = (user: string, password: string) =>
  `Basic ${Buffer.from(`${user}:${password}`, 'utf8').toString('base64')}`;

/** Report mode: the Integration System User's basic auth. */
export class IntegrationUserAuth implements WorkdayAuth {
  readonly refusal =
    "Workday refused the Integration System User's name or password (check username as user@tenant if your tenant asks for it, and that the ISU's password has not expired)";
  constructor(
    private readonly username: string,
    private readonly password: string,
  ) {}

  async headers(): Promise<Record<string, string>> {
    return { authorization: basic(this.username, this.password) };
  }

  invalidate(): boolean {
    return false;
  }

  secrets(): string[] {
    return [this.password, basic(this.username, this.password).slice(6)];
  }
}

/** Access tokens are renewed this long before Workday says they expire. */
const EXPIRY_MARGIN_MS = 60_000;
/** When the token answer states no lifetime: short enough that a revoked grant is noticed soon. */
const DEFAULT_TOKEN_LIFETIME_MS = 10 * 60_000;

/**
 * REST mode: an API client for integrations with a refresh token (OAuth 2.0 refresh-token grant at
 * /ccx/oauth2/{tenant}/token, client id and secret as basic auth). The access token is kept until
 * shortly before it expires; one request at a time asks for a new one.
 */
export class RefreshTokenAuth implements WorkdayAuth {
  readonly refusal =
    'Workday refused the access token obtained with the refresh token (the API client may lack the scope, or the token was revoked)';
  private token: { value: string; expiresAt: number } | null = null;
  private pending: Promise<string> | null = null;

  constructor(
    private readonly tokenUrl: string,
    private readonly clientId: string,
    private readonly clientSecret: string,
    private readonly refreshToken: string,
    private readonly http: WorkdayHttp,
    private readonly now: () => number,
  ) {}

  async headers(signal: AbortSignal): Promise<Record<string, string>> {
    if (this.token && this.token.expiresAt > this.now())
      return { authorization: `Bearer ${this.token.value}` };
    this.pending ??= this.fetchToken(signal).finally(() => {
      this.pending = null;
    });
    return { authorization: `Bearer ${await this.pending}` };
  }

  invalidate(): boolean {
    const had = this.token !== null;
    this.token = null;
    return had;
  }

  secrets(): string[] {
    return [this.clientSecret, this.refreshToken, ...(this.token ? [this.token.value] : [])];
  }

  private async fetchToken(signal: AbortSignal): Promise<string> {
    const where = describeCall('POST', this.tokenUrl);
    const response = await this.http.send({
      method: 'POST',
      url: this.tokenUrl,
      headers: {
        authorization: basic(this.clientId, this.clientSecret),
        'content-type': 'application/x-www-form-urlencoded',
      },
      body: new URLSearchParams({ grant_type: 'refresh_token', refresh_token: this.refreshToken }).toString(),
      signal,
    });
    const text = await response.text();
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      body = null;
    }
    const record = typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : {};
    if (response.status === 400 || response.status === 401) {
      const error = typeof record.error === 'string' ? record.error.slice(0, 40) : `HTTP ${response.status}`;
      throw new ConnectorError(
        'AUTH',
        `${where} refused the refresh token (${error}): check clientId and clientSecret, and that the refresh token was not revoked or expired`,
      );
    }
    if (response.status === 403)
      throw new ConnectorError(
        'PERMISSION',
        `${where} answered HTTP 403: the API client is not enabled for this tenant`,
      );
    if (response.status === 404)
      throw new ConnectorError('NOT_FOUND', `${where} answered HTTP 404: check host and tenant`);
    if (response.status !== 200)
      throw new ConnectorError('CONFIGURATION', `${where} answered HTTP ${response.status}`);
    if (typeof record.access_token !== 'string' || record.access_token === '')
      throw new ConnectorError('INVALID_DATA', `${where} answered without an access_token`);
    const lifetime =
      typeof record.expires_in === 'number' && record.expires_in > 0
        ? record.expires_in * 1000
        : DEFAULT_TOKEN_LIFETIME_MS;
    this.token = {
      value: record.access_token,
      expiresAt: this.now() + Math.max(lifetime / 2, lifetime - EXPIRY_MARGIN_MS),
    };
    return record.access_token;
  }
}
