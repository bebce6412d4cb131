import { HttpClient } from '../http';
import { ConnectorError } from '../types';

/** How requests to the tenant are authorized. */
export interface WorkdayAuth {
  /** Headers for a request; `refresh` after a 401 (a token may have been revoked early). */
  headers(refresh: boolean, signal: AbortSignal): Promise<Record<string, string>>;
  /** Whether asking again after a 401 can help (a token can be renewed; a password cannot). */
  readonly renewable: boolean;
  /** What to check when the tenant refuses the credentials. */
  readonly refusal: string;
  /** Values never to appear in a message. */
  secrets(): string[];
}

const basic = (user: string, password: string) =>
  `Basic ${Buffer.from(`${user}:${password}`, 'utf8').toString('base64')}`;

/** Report mode: the Integration System User's basic auth. */
export class IntegrationUserAuth implements WorkdayAuth {
  readonly renewable = false;
  readonly refusal =
    "the Integration System User's name or password was refused (check the user name, with @tenant if your tenant asks for it, and that the ISU's password has not expired)";
  constructor(
    private readonly username: string,
    private readonly password: string,
  ) {}

  async headers(): Promise<Record<string, string>> {
    return { authorization: basic(this.username, this.password) };
  }

  secrets(): string[] {
    return [this.password, basic(this.username, this.password).slice('Basic '.length)];
  }
}

/** Access tokens are renewed this long before Workday says they expire. */
const EXPIRY_MARGIN_MS = 60_000;
/** When the token answer states no lifetime: short enough that a revoked grant is noticed soon. */
const DEFAULT_TOKEN_LIFETIME_MS = 10 * 60_000;
/** What the token request is called in messages (and how failures of it are told apart). */
export const TOKEN_REQUEST = 'renewing the access token';

/**
 * REST mode: an API client for integrations with a refresh token (OAuth 2.0 refresh-token grant at
 * /ccx/oauth2/{tenant}/token, client id and secret as basic auth). The access token is kept until
 * shortly before it expires; concurrent callers share one renewal.
 */
export class RefreshTokenAuth implements WorkdayAuth {
  readonly renewable = true;
  readonly refusal =
    'the access token obtained with the refresh token was refused (the API client may lack the Staffing scope, or the token was revoked)';
  private token: { value: string; expiresAt: number } | null = null;
  private pending: Promise<string> | null = null;

  constructor(
    private readonly tokenUrl: string,
    private readonly clientId: string,
    private readonly clientSecret: string,
    private readonly refreshToken: string,
    private readonly http: () => HttpClient,
    private readonly now: () => number,
  ) {}

  async headers(refresh: boolean, signal: AbortSignal): Promise<Record<string, string>> {
    if (refresh) this.token = null;
    if (this.token && this.token.expiresAt > this.now())
      return { authorization: `Bearer ${this.token.value}` };
    this.pending ??= this.fetchToken(signal).finally(() => {
      this.pending = null;
    });
    return { authorization: `Bearer ${await this.pending}` };
  }

  secrets(): string[] {
    return [this.clientSecret, this.refreshToken, ...(this.token ? [this.token.value] : [])];
  }

  private async fetchToken(signal: AbortSignal): Promise<string> {
    const body = await this.http().json({
      method: 'POST',
      url: this.tokenUrl,
      headers: {
        authorization: basic(this.clientId, this.clientSecret),
        'content-type': 'application/x-www-form-urlencoded',
      },
      body: new URLSearchParams({ grant_type: 'refresh_token', refresh_token: this.refreshToken }).toString(),
      what: TOKEN_REQUEST,
      signal,
    });
    const record = typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : {};
    if (typeof record.access_token !== 'string' || record.access_token === '')
      throw new ConnectorError('INVALID_DATA', `Workday answered ${TOKEN_REQUEST} without an access_token`);
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
