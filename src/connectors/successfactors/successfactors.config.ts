import { createPrivateKey } from 'node:crypto';
import { z } from 'zod';
import {
  customFieldsSchema,
  FieldMap,
  fieldMapSchema,
  groupOptionsSchema,
  HrGroupOptions,
  parseGroupOptions,
} from '../hr-shared/hr-fields';

/** SAP advises 500 a page for server-side paging; 1,000 is the most it serves. */
export const SF_DEFAULT_PAGE_SIZE = 500;
export const SF_MAX_PAGE_SIZE = 1000;
export const SF_DEFAULT_TIMEOUT_MS = 60_000;
/** SAP's sample assertions name this issuer and audience; the OAuth server accepts them. */
export const SF_DEFAULT_SAML_PARTY = 'www.successfactors.com';

/** User fields read by default for each employee attribute (each can be replaced in `fields`). */
export const SF_DEFAULT_FIELDS: Readonly<FieldMap> = {
  employeeNumber: 'empId',
  email: 'email',
  username: 'username',
  displayName: 'defaultFullName',
  firstName: 'firstName',
  lastName: 'lastName',
  preferredName: 'nickname',
  jobTitle: 'title',
  department: 'department',
  division: 'division',
  location: 'location',
  phone: 'businessPhone',
  timeZone: 'timeZone',
  employmentType: 'employeeClass',
  startDate: 'hireDate',
};

const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);

/**
 * OAuth 2.0 with a SAML 2.0 bearer assertion (SAP's documented way to call the OData API): we build
 * an assertion for `userId`, sign it with the private key whose X.509 certificate is registered on
 * the client in "Manage OAuth2 Client Applications", and trade it at /oauth/token.
 */
export interface SfOAuthConfig {
  /** The API key of the registered OAuth client. */
  clientId: string;
  /** The SuccessFactors user the API acts as (its permission roles apply). */
  userId: string;
  /** PEM RSA private key (2048 bits or more). */
  privateKeyPem: string;
  /** Issuer and audience of the assertion. */
  issuer: string;
  audience: string;
}

/** Basic auth as `username@companyId` (test and preview instances; SAP is retiring it for production). */
export interface SfBasicConfig {
  username: string;
  password: string;
}

/** Settings of a SuccessFactors connection. `oauth` and `basic` are secrets: exactly one is set. */
export interface SfConfig {
  /** The API server of the data center, e.g. https://api4.successfactors.com. */
  apiServer: string;
  companyId: string;
  oauth?: SfOAuthConfig;
  basic?: SfBasicConfig;
  pageSize: number;
  timeoutMs: number;
  /** Attribute ← User property (an OData path such as `hr/userId` is allowed). */
  fields: FieldMap;
  /** Custom attribute ← User property (custom01…custom15 and the like). */
  customFields: Record<string, string>;
  groups: HrGroupOptions;
}

/** Reads an RSA private key; the message never contains the key. */
export function readRsaKey(pem: string) {
  let key;
  try {
    key = createPrivateKey({ key: pem, format: 'pem' });
  } catch {
    throw new Error(
      'must be a PEM private key (-----BEGIN PRIVATE KEY----- or -----BEGIN RSA PRIVATE KEY-----)',
    );
  }
  if (key.asymmetricKeyType !== 'rsa')
    throw new Error('must be an RSA private key (SAML assertions are signed RSA-SHA256)');
  if ((key.asymmetricKeyDetails?.modulusLength ?? 0) < 2048)
    throw new Error('an RSA key must have 2048 bits or more');
  return key;
}

const oauthSchema = z
  .object({
    clientId: z.string().trim().min(1).max(200),
    userId: z.string().trim().min(1).max(100),
    privateKeyPem: z.string().min(1).max(20_000),
    issuer: z.string().trim().min(1).max(200).optional(),
    audience: z.string().trim().min(1).max(200).optional(),
  })
  .strict()
  .superRefine((oauth, ctx) => {
    try {
      readRsaKey(oauth.privateKeyPem);
    } catch (error) {
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        message: (error as Error).message,
        path: ['privateKeyPem'],
      });
    }
  });

const rawSchema = z
  .object({
    apiServer: z.string().trim().min(1).max(300),
    companyId: z
      .string()
      .trim()
      .regex(/^[A-Za-z0-9_-]{1,100}$/, 'must be the company ID shown under "Show version information"'),
    oauth: oauthSchema.optional(),
    basic: z
      .object({ username: z.string().trim().min(1).max(100), password: z.string().min(1).max(500) })
      .strict()
      .optional(),
    pageSize: z.number().int().min(1).max(SF_MAX_PAGE_SIZE).optional(),
    timeoutMs: z.number().int().min(1000).max(300_000).optional(),
    fields: fieldMapSchema.optional(),
    customFields: customFieldsSchema.optional(),
    groups: groupOptionsSchema.optional(),
  })
  .strict();

function checkApiServer(value: string, ctx: z.RefinementCtx): void {
  const issue = (message: string) =>
    ctx.addIssue({ code: z.ZodIssueCode.custom, message, path: ['apiServer'] });
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return issue('must be an absolute URL such as https://api4.successfactors.com');
  }
  if (url.username || url.password) return issue('must not contain credentials');
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && LOOPBACK_HOSTS.has(url.hostname)))
    return issue('must be an https URL');
  if ((url.pathname !== '/' && url.pathname !== '') || url.search || url.hash)
    return issue('must be the API server alone, such as https://api4.successfactors.com (no path)');
}

/** Validates a configuration; messages name fields, never values (the secrets go through here too). */
export const sfConfigSchema: z.ZodType<SfConfig, z.ZodTypeDef, unknown> = rawSchema
  .superRefine((input, ctx) => {
    checkApiServer(input.apiServer, ctx);
    const given = (['oauth', 'basic'] as const).filter((key) => input[key] !== undefined);
    if (given.length === 0)
      ctx.addIssue({ code: z.ZodIssueCode.custom, message: 'give oauth or basic', path: [] });
    if (given.length === 2)
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        message: 'give either oauth or basic, not both',
        path: ['basic'],
      });
  })
  .transform((input): SfConfig => {
    const config: SfConfig = {
      apiServer: new URL(input.apiServer).origin,
      companyId: input.companyId,
      pageSize: input.pageSize ?? SF_DEFAULT_PAGE_SIZE,
      timeoutMs: input.timeoutMs ?? SF_DEFAULT_TIMEOUT_MS,
      fields: { ...SF_DEFAULT_FIELDS, ...(input.fields ?? {}) },
      customFields: input.customFields ?? {},
      groups: parseGroupOptions(input.groups),
    };
    if (input.oauth) {
      config.oauth = {
        clientId: input.oauth.clientId,
        userId: input.oauth.userId,
        privateKeyPem: input.oauth.privateKeyPem,
        issuer: input.oauth.issuer ?? SF_DEFAULT_SAML_PARTY,
        audience: input.oauth.audience ?? SF_DEFAULT_SAML_PARTY,
      };
    }
    if (input.basic) config.basic = { ...input.basic };
    return config;
  });

export function parseSfConfig(input: unknown): SfConfig {
  return sfConfigSchema.parse(input);
}
