import { createPrivateKey, KeyObject } from 'node:crypto';
import { z } from 'zod';
import { caCertificatePemSchema } from '../http/ca';

export const OKTA_DEFAULT_PAGE_SIZE = 200;
export const OKTA_DEFAULT_RATE_LIMIT_SHARE = 0.5;
export const OKTA_DEFAULT_TIMEOUT_MS = 30_000;
export const OKTA_DEFAULT_SCOPES: readonly string[] = ['okta.users.read', 'okta.groups.read'];
export const OKTA_GROUP_TYPES = ['OKTA_GROUP', 'APP_GROUP', 'BUILT_IN'] as const;
export type OktaGroupType = (typeof OKTA_GROUP_TYPES)[number];
export const OKTA_MANAGER_REFERENCES = ['employeeNumber', 'login', 'id'] as const;
export type OktaManagerReference = (typeof OKTA_MANAGER_REFERENCES)[number];

/** Plain http is accepted for these hosts only (local tools and tests); a real org is always https. */
const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);

/** An OAuth 2.0 service app ("API Services" integration) authenticating with private_key_jwt. */
export interface OktaOAuthConfig {
  clientId: string;
  /** PEM private key (PKCS#8 or PKCS#1) whose public half is registered on the service app. */
  privateKeyPem: string;
  /** The `kid` of the registered public key; needed when the app has more than one key. */
  keyId?: string;
  scopes: string[];
}

/** Settings of an Okta connection. `apiToken` and `oauth` are secrets: exactly one is set. */
export interface OktaConfig {
  /** The org's base URL, e.g. https://acme.okta.com (normalised to its origin). */
  orgUrl: string;
  /** An SSWS API token, sent as `Authorization: SSWS …`. */
  apiToken?: string;
  oauth?: OktaOAuthConfig;
  /** Records per request, 1..200. */
  pageSize: number;
  /** The share of each rate-limit bucket this connection may use, 0.1..1; the rest is left to the org's other apps. */
  rateLimitShare: number;
  /** Time allowed per HTTP request, 1,000..300,000 ms. */
  timeoutMs: number;
  /** Profile attribute holding the manager reference. */
  managerAttribute: string;
  /** What the manager attribute holds: the manager's employee number, login, or Okta user id. */
  managerReference: OktaManagerReference;
  /** Group types to import; Okta's built-in "Everyone" group is BUILT_IN. */
  groupTypes: OktaGroupType[];
  /** A private CA (PEM) trusted for the org's host besides the system's (a proxy or private deployment). */
  caCertificatePem?: string;
}

/** The private key and the JWS algorithm it signs with. */
export interface OktaSigningKey {
  key: KeyObject;
  alg: 'RS256' | 'ES256' | 'ES384' | 'ES512';
}

const EC_ALGORITHMS: Readonly<Record<string, OktaSigningKey['alg']>> = {
  prime256v1: 'ES256',
  secp384r1: 'ES384',
  secp521r1: 'ES512',
};

/** Reads a PEM private key; throws an Error whose message never contains the key. */
export function readSigningKey(pem: string): OktaSigningKey {
  let key: KeyObject;
  try {
    key = createPrivateKey({ key: pem, format: 'pem' });
  } catch {
    throw new Error(
      'must be a PEM private key (-----BEGIN PRIVATE KEY----- or -----BEGIN RSA PRIVATE KEY-----)',
    );
  }
  if (key.asymmetricKeyType === 'rsa') {
    if ((key.asymmetricKeyDetails?.modulusLength ?? 0) < 2048)
      throw new Error('an RSA key must have 2048 bits or more');
    return { key, alg: 'RS256' };
  }
  const alg =
    key.asymmetricKeyType === 'ec' ? EC_ALGORITHMS[key.asymmetricKeyDetails?.namedCurve ?? ''] : undefined;
  if (!alg) throw new Error('must be an RSA or an EC (P-256, P-384, P-521) private key');
  return { key, alg };
}

const oauthSchema = z
  .object({
    clientId: z.string().trim().min(1).max(200),
    privateKeyPem: z.string().min(1).max(20_000),
    keyId: z.string().trim().min(1).max(200).optional(),
    scopes: z.array(z.string().trim().min(1).max(100)).min(1).max(20).optional(),
  })
  .strict()
  .superRefine((oauth, ctx) => {
    try {
      readSigningKey(oauth.privateKeyPem);
    } catch (error) {
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        message: error instanceof Error ? error.message : 'is not a usable private key',
        path: ['privateKeyPem'],
      });
    }
    if (oauth.scopes && !oauth.scopes.includes('okta.users.read')) {
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        message: 'must include okta.users.read',
        path: ['scopes'],
      });
    }
  });

const rawSchema = z
  .object({
    orgUrl: z.string().trim().min(1).max(300),
    apiToken: z.string().trim().min(1).max(500).optional(),
    oauth: oauthSchema.optional(),
    pageSize: z.number().int().min(1).max(200).optional(),
    rateLimitShare: z.number().min(0.1).max(1).optional(),
    timeoutMs: z.number().int().min(1000).max(300_000).optional(),
    managerAttribute: z
      .string()
      .regex(/^[A-Za-z][A-Za-z0-9_]{0,99}$/, 'must be an Okta profile attribute name such as managerId')
      .optional(),
    managerReference: z.enum(OKTA_MANAGER_REFERENCES).optional(),
    groupTypes: z.array(z.enum(OKTA_GROUP_TYPES)).max(OKTA_GROUP_TYPES.length).optional(),
    caCertificatePem: caCertificatePemSchema.optional(),
  })
  .strict();

/** The org URL's origin, or an issue on orgUrl. */
function checkOrgUrl(value: string, ctx: z.RefinementCtx): string | undefined {
  const issue = (message: string) => {
    ctx.addIssue({ code: z.ZodIssueCode.custom, message, path: ['orgUrl'] });
    return undefined;
  };
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return issue('must be an absolute URL such as https://acme.okta.com');
  }
  if (url.username !== '' || url.password !== '') return issue('must not contain credentials');
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && LOOPBACK_HOSTS.has(url.hostname))) {
    return issue('must be an https URL');
  }
  if ((url.pathname !== '/' && url.pathname !== '') || url.search !== '' || url.hash !== '') {
    return issue('must be the org URL alone, such as https://acme.okta.com (no path or query)');
  }
  if (/^[^.]+-admin\./i.test(url.hostname)) {
    // The Admin Console host does not serve the API; a common copy-paste mistake.
    return issue('is the Admin Console address; use the org URL without "-admin"');
  }
  return url.origin;
}

/**
 * Validates a configuration. The output has the input's keys plus defaults, so a stored configuration
 * parses again unchanged. Messages name fields, never values (the secrets go through here too).
 */
export const oktaConfigSchema: z.ZodType<OktaConfig, z.ZodTypeDef, unknown> = rawSchema
  .superRefine((input, ctx) => {
    checkOrgUrl(input.orgUrl, ctx);
    const credentials = (['apiToken', 'oauth'] as const).filter((key) => input[key] !== undefined);
    if (credentials.length === 0) {
      ctx.addIssue({ code: z.ZodIssueCode.custom, message: 'give apiToken or oauth', path: [] });
    } else if (credentials.length === 2) {
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        message: 'give either apiToken or oauth, not both (to switch, set the other to null)',
        path: ['oauth'],
      });
    }
  })
  .transform((input): OktaConfig => {
    const config: OktaConfig = {
      orgUrl: new URL(input.orgUrl).origin,
      pageSize: input.pageSize ?? OKTA_DEFAULT_PAGE_SIZE,
      rateLimitShare: input.rateLimitShare ?? OKTA_DEFAULT_RATE_LIMIT_SHARE,
      timeoutMs: input.timeoutMs ?? OKTA_DEFAULT_TIMEOUT_MS,
      managerAttribute: input.managerAttribute ?? 'managerId',
      managerReference: input.managerReference ?? 'employeeNumber',
      groupTypes: input.groupTypes ? [...new Set(input.groupTypes)] : [...OKTA_GROUP_TYPES],
    };
    if (input.apiToken !== undefined) config.apiToken = input.apiToken;
    if (input.caCertificatePem !== undefined) config.caCertificatePem = input.caCertificatePem;
    if (input.oauth !== undefined) {
      config.oauth = {
        clientId: input.oauth.clientId,
        privateKeyPem: input.oauth.privateKeyPem,
        ...(input.oauth.keyId !== undefined ? { keyId: input.oauth.keyId } : {}),
        scopes: input.oauth.scopes ? [...new Set(input.oauth.scopes)] : [...OKTA_DEFAULT_SCOPES],
      };
    }
    return config;
  });

/** Parses and validates an Okta connection's settings; throws the ZodError naming the bad field. */
export function parseOktaConfig(input: unknown): OktaConfig {
  return oktaConfigSchema.parse(input);
}
