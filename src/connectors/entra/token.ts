import {
  AuthError,
  ConfidentialClientApplication,
  Configuration,
  INetworkModule,
  LogLevel,
  NetworkRequestOptions,
  NetworkResponse,
  ServerError,
} from '@azure/msal-node';
import { ConnectorError } from '../types';
import { EntraConfig } from './entra.config';
import { headerValue, HttpTransport, parseRetryAfter, TransportError } from '../http';

/** What the identity platform last said when MSAL talked to it, for turning MSAL's errors into ours. */
type AuthorityProblem =
  | { kind: 'network'; message: string; untrusted: boolean }
  | { kind: 'http'; status: number; codes: string[]; retryAfterMs?: number }
  | { kind: 'invalid'; message: string };

/** The scope of an app-only token for Graph: the Graph origin (not its version path) + /.default. */
export function graphScope(graphBaseUrl: string): string {
  return `${new URL(graphBaseUrl).origin}/.default`;
}

/** AADSTS codes, from the error_codes list or the description ("AADSTS7000215: …"). */
function aadCodes(body: unknown): string[] {
  if (typeof body !== 'object' || body === null) return [];
  const codes: string[] = [];
  if ('error_codes' in body && Array.isArray(body.error_codes)) {
    for (const code of body.error_codes)
      if (typeof code === 'number' || typeof code === 'string') codes.push(String(code));
  }
  if ('error_description' in body && typeof body.error_description === 'string') {
    for (const match of body.error_description.matchAll(/AADSTS(\d+)/g)) codes.push(match[1]);
  }
  return [...new Set(codes)];
}

/**
 * MSAL's network module, over our HTTPS transport: MSAL talks to the authority with the
 * connection's CA and timeout, and only to the authority's origin. Each call leaves a note of what
 * went wrong, because MSAL folds network and discovery failures into generic errors.
 */
class AuthorityNetwork implements INetworkModule {
  lastProblem: AuthorityProblem | null = null;

  constructor(
    private readonly transport: HttpTransport,
    private readonly authorityOrigin: string,
    private readonly timeoutMs: number,
  ) {}

  sendGetRequestAsync<T>(url: string, options?: NetworkRequestOptions): Promise<NetworkResponse<T>> {
    return this.send<T>('GET', url, options);
  }

  sendPostRequestAsync<T>(url: string, options?: NetworkRequestOptions): Promise<NetworkResponse<T>> {
    return this.send<T>('POST', url, options);
  }

  private async send<T>(
    method: 'GET' | 'POST',
    url: string,
    options?: NetworkRequestOptions,
  ): Promise<NetworkResponse<T>> {
    this.lastProblem = null;
    if (new URL(url).origin !== this.authorityOrigin) {
      // Instance discovery or region lookups elsewhere are not needed (the authority is configured as
      // known) and would leave the network the connection was configured for.
      this.lastProblem = {
        kind: 'invalid',
        message: `MSAL asked for ${new URL(url).origin}, which is not the authority`,
      };
      throw new Error('request outside the authority refused');
    }
    let response;
    try {
      response = await this.transport.send({
        method,
        url,
        headers: options?.headers ?? {},
        body: method === 'POST' ? (options?.body ?? '') : undefined,
        timeoutMs: this.timeoutMs,
      });
    } catch (error) {
      this.lastProblem = {
        kind: 'network',
        message: error instanceof TransportError ? error.message : 'the authority could not be reached',
        untrusted: error instanceof TransportError && error.untrusted,
      };
      throw error;
    }
    let body: unknown;
    try {
      body = JSON.parse(response.body.toString('utf8'));
    } catch {
      this.lastProblem =
        response.status >= 400
          ? { kind: 'http', status: response.status, codes: [] }
          : {
              kind: 'invalid',
              message: `the authority answered HTTP ${response.status} with something other than JSON`,
            };
      throw new Error('unreadable answer from the authority');
    }
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(response.headers)) {
      if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(', ') : value;
    }
    if (response.status >= 400) {
      this.lastProblem = {
        kind: 'http',
        status: response.status,
        codes: aadCodes(body),
        retryAfterMs: parseRetryAfter(headerValue(response.headers, 'retry-after')),
      };
    }
    return { status: response.status, headers, body: body as T };
  }
}

/** AADSTS codes that mean the credentials (secret, certificate, application) were refused. */
const CREDENTIAL_CODES: Readonly<Record<string, string>> = {
  '7000215': 'the client secret is not valid (use the secret value, not its id)',
  '7000222': 'the client secret has expired; create a new one in the app registration',
  '700027':
    'the certificate assertion was refused (is the certificate uploaded to the app registration, with this thumbprint?)',
  '700024': 'the certificate assertion is outside its validity period (check the server clock)',
  '700016':
    'no application with this client id exists in the tenant (check clientId, and that the app is consented in this tenant)',
  '7000112': 'the application is disabled in the tenant',
  '500011': 'the resource principal (Microsoft Graph) was not found in the tenant',
  '700023': 'the client credentials were refused',
  '7000218': 'the request has neither a client secret nor a client assertion',
};
const TENANT_CODES = new Set(['90002', '900023', '90033', '500208']);
const SCOPE_CODES = new Set(['1002012', '70011']);

/**
 * App-only tokens for Microsoft Graph from Microsoft Entra, through MSAL's client credentials flow.
 * One MSAL application per connector: its cache hands out the same token until it nears expiry, so
 * a sync of many pages asks the authority once.
 */
export class EntraTokenProvider {
  private app: ConfidentialClientApplication | undefined;
  private readonly network: AuthorityNetwork;
  private readonly scope: string;
  private pending: Promise<string> | undefined;

  constructor(
    private readonly config: EntraConfig,
    transport: HttpTransport,
  ) {
    this.network = new AuthorityNetwork(transport, config.authorityHost, config.timeoutMs);
    this.scope = graphScope(config.graphBaseUrl);
  }

  /** A token, from the cache when it is still good; forceRefresh skips the cache (after a 401). */
  async token(signal: AbortSignal, forceRefresh = false): Promise<string> {
    signal.throwIfAborted();
    // Concurrent callers share one request to the authority.
    if (!this.pending || forceRefresh) {
      const acquiring = this.acquire(forceRefresh);
      this.pending = acquiring;
      acquiring
        .finally(() => {
          if (this.pending === acquiring) this.pending = undefined;
        })
        .catch(() => undefined);
    }
    const token = await this.pending;
    signal.throwIfAborted();
    return token;
  }

  private async acquire(forceRefresh: boolean): Promise<string> {
    const app = this.application();
    try {
      const result = await app.acquireTokenByClientCredential({
        scopes: [this.scope],
        skipCache: forceRefresh,
        // Never let an environment variable (MSAL_FORCE_REGION) send us to another endpoint.
        azureRegion: 'DisableMsalForceRegion',
      });
      if (!result?.accessToken) {
        throw new ConnectorError(
          'INVALID_DATA',
          'Microsoft Entra answered the token request without a token',
        );
      }
      return result.accessToken;
    } catch (error) {
      throw this.redact(this.describe(error));
    }
  }

  private application(): ConfidentialClientApplication {
    if (this.app) return this.app;
    const { config } = this;
    const authorityHost = new URL(config.authorityHost).host;
    const certificate = config.certificate;
    const configuration: Configuration = {
      auth: {
        clientId: config.clientId,
        authority: `${config.authorityHost}/${config.tenantId}`,
        // The authority is the one configured: no instance discovery against the public cloud.
        knownAuthorities: [authorityHost],
        ...(config.clientSecret !== undefined ? { clientSecret: config.clientSecret } : {}),
        ...(certificate
          ? {
              clientCertificate:
                certificate.thumbprint.length === 64
                  ? { thumbprintSha256: certificate.thumbprint, privateKey: certificate.privateKeyPem }
                  : { thumbprint: certificate.thumbprint, privateKey: certificate.privateKeyPem },
            }
          : {}),
      },
      system: {
        networkClient: this.network,
        loggerOptions: {
          logLevel: LogLevel.Error,
          piiLoggingEnabled: false,
          loggerCallback: () => undefined,
        },
      },
    };
    try {
      this.app = new ConfidentialClientApplication(configuration);
    } catch {
      throw new ConnectorError(
        'CONFIGURATION',
        'the Entra credentials cannot be used (check the certificate and thumbprint)',
      );
    }
    return this.app;
  }

  private describe(error: unknown): ConnectorError {
    if (error instanceof ConnectorError) return error;
    const tenant = `tenant ${this.config.tenantId}`;
    const problem = this.network.lastProblem;
    if (error instanceof ServerError || (error instanceof AuthError && problem?.kind === 'http')) {
      const status =
        error instanceof ServerError && error.status
          ? error.status
          : problem?.kind === 'http'
            ? problem.status
            : 0;
      const codes = new Set<string>(problem?.kind === 'http' ? problem.codes : []);
      if (error instanceof ServerError && error.errorNo !== undefined) codes.add(String(error.errorNo));
      for (const match of (error.errorMessage ?? '').matchAll(/AADSTS(\d+)/g)) codes.add(match[1]);
      const listed = [...codes].map((code) => `AADSTS${code}`).join(', ');
      const said = listed ? ` (${listed})` : error.errorCode ? ` (${error.errorCode})` : '';
      for (const code of codes) {
        if (CREDENTIAL_CODES[code]) {
          return new ConnectorError(
            'AUTH',
            `Microsoft Entra refused the app's credentials${said}: ${CREDENTIAL_CODES[code]}`,
          );
        }
        if (TENANT_CODES.has(code)) {
          return new ConnectorError(
            'NOT_FOUND',
            `Microsoft Entra does not know ${tenant}${said}: check tenantId (and authorityHost for sovereign clouds)`,
          );
        }
        if (SCOPE_CODES.has(code)) {
          return new ConnectorError(
            'CONFIGURATION',
            `Microsoft Entra refused the scope ${this.scope}${said}: check graphBaseUrl`,
          );
        }
      }
      if (status === 429) {
        const retryAfterMs = problem?.kind === 'http' ? problem.retryAfterMs : undefined;
        return new ConnectorError(
          'THROTTLED',
          `Microsoft Entra is throttling token requests${said}`,
          retryAfterMs,
        );
      }
      if (status >= 500 || error.errorCode === 'temporarily_unavailable') {
        return new ConnectorError(
          'TEMPORARY',
          `Microsoft Entra could not issue a token (HTTP ${status})${said}`,
        );
      }
      if (
        error.errorCode === 'invalid_client' ||
        error.errorCode === 'unauthorized_client' ||
        status === 401
      ) {
        return new ConnectorError('AUTH', `Microsoft Entra refused the app's credentials${said}`);
      }
      return new ConnectorError('AUTH', `Microsoft Entra refused the token request for ${tenant}${said}`);
    }
    if (error instanceof AuthError) {
      if (problem?.kind === 'network') {
        return new ConnectorError(
          problem.untrusted ? 'CONFIGURATION' : 'TEMPORARY',
          `Microsoft Entra could not be reached: ${problem.message}`,
        );
      }
      if (error.errorCode === 'endpoints_resolution_error' || error.errorCode === 'openid_config_error') {
        return new ConnectorError(
          'NOT_FOUND',
          `the OpenID configuration of ${tenant} could not be read from ${this.config.authorityHost}: check tenantId and authorityHost`,
        );
      }
      if (problem?.kind === 'invalid') {
        return new ConnectorError('INVALID_DATA', `Microsoft Entra: ${problem.message}`);
      }
      if (error.errorCode === 'network_error') {
        return new ConnectorError('TEMPORARY', 'Microsoft Entra could not be reached');
      }
      return new ConnectorError('CONFIGURATION', `the token request could not be made (${error.errorCode})`);
    }
    return new ConnectorError('TEMPORARY', 'the token request failed unexpectedly');
  }

  /** Belt and braces: whatever a message was built from, no credential leaves in it. */
  private redact(error: ConnectorError): ConnectorError {
    const secrets = [this.config.clientSecret, this.config.certificate?.privateKeyPem].filter(
      (value): value is string => typeof value === 'string' && value.length >= 4,
    );
    let message = error.message;
    for (const secret of secrets) message = message.split(secret).join('[redacted]');
    return message === error.message ? error : new ConnectorError(error.code, message, error.retryAfterMs);
  }
}
