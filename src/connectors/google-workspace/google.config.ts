import { createPrivateKey, X509Certificate } from 'node:crypto';
import { z } from 'zod';

export const DEFAULT_GOOGLE_API_ROOT = 'https://admin.googleapis.com/';
export const DEFAULT_GOOGLE_TOKEN_URL = 'https://oauth2.googleapis.com/token';
export const DEFAULT_GOOGLE_PAGE_SIZE = 500;
export const DEFAULT_GOOGLE_TIMEOUT_MS = 30_000;

/**
 * Settings of a Google Workspace connection: a service account with domain-wide delegation that
 * acts as one of the customer's admins. The private key is a secret (write-only, never returned or
 * logged). Exactly one of `domain` (one domain of the account) and `customer` (the whole account,
 * `my_customer` by default).
 */
export interface GoogleWorkspaceConfig {
  serviceAccountEmail: string;
  privateKey: string;
  delegatedAdminEmail: string;
  domain?: string;
  customer?: string;
  /** Admin SDK root (https, with a trailing slash): only a private API gateway needs another one. */
  apiRootUrl: string;
  /** OAuth 2.0 token endpoint the signed service-account assertion is exchanged at. */
  tokenUrl: string;
  /** An extra CA certificate (PEM) trusted for both, besides the system's. */
  caCertificatePem?: string;
  /** Users a page (maxResults), 1..500; groups and members pages are at most 200. */
  pageSize: number;
  timeoutMs: number;
  /** Whether suspended and archived users are imported (as suspended / terminated). */
  includeSuspended: boolean;
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const DOMAIN = /^(?=.{4,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/i;
const CUSTOMER = /^(my_customer|C[0-9a-z]{6,12})$/;

function httpsUrl(withSlash: boolean) {
  return z.string().transform((value, ctx) => {
    let parsed: URL;
    try {
      parsed = new URL(value.trim());
    } catch {
      ctx.addIssue({ code: z.ZodIssueCode.custom, message: 'must be an absolute https URL' });
      return z.NEVER;
    }
    if (parsed.protocol !== 'https:' || parsed.username || parsed.password || parsed.search || parsed.hash) {
      // Signed assertions and bearer tokens travel on these connections.
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        message: 'must be an https URL without credentials, a query or a fragment',
      });
      return z.NEVER;
    }
    const path = parsed.pathname.replace(/\/+$/, '');
    return withSlash ? `${parsed.origin}${path}/` : `${parsed.origin}${path}`;
  });
}

const email = (what: string) =>
  z
    .string({ message: `must be ${what}` })
    .transform((value) => value.trim().toLowerCase())
    .refine((value) => EMAIL.test(value), `must be ${what}`);

const rawSchema = z
  .object({
    serviceAccountEmail: email('the service account e-mail (…@….iam.gserviceaccount.com)'),
    privateKey: z
      .string({ message: 'must be the PEM private key of the service account' })
      .superRefine((value, ctx) => {
        try {
          if (createPrivateKey(value).asymmetricKeyType !== 'rsa')
            ctx.addIssue({ code: z.ZodIssueCode.custom, message: 'must be an RSA private key' });
        } catch {
          // Never echo the value or the parser's message: both may quote the key.
          ctx.addIssue({
            code: z.ZodIssueCode.custom,
            message: 'is not a readable PEM private key (the private_key of the JSON key file)',
          });
        }
      }),
    delegatedAdminEmail: email('the e-mail of the admin the service account acts as'),
    domain: z
      .string({ message: 'must be a domain of the Workspace account' })
      .transform((value) => value.trim().toLowerCase())
      .refine((value) => DOMAIN.test(value), 'must be a domain of the Workspace account, e.g. example.com')
      .optional(),
    customer: z
      .string({ message: 'must be a customer id' })
      .transform((value) => value.trim())
      .refine((value) => CUSTOMER.test(value), 'must be my_customer or the customer id (C0…)')
      .optional(),
    apiRootUrl: httpsUrl(true).optional(),
    tokenUrl: httpsUrl(false).optional(),
    caCertificatePem: z
      .string({ message: 'must be a PEM certificate' })
      .refine((value) => {
        try {
          return new X509Certificate(value).ca;
        } catch {
          return false;
        }
      }, 'must be a PEM CA certificate (BEGIN CERTIFICATE, basicConstraints CA:TRUE)')
      .optional(),
    pageSize: z
      .number({ message: 'must be a whole number from 1 to 500' })
      .int('must be a whole number from 1 to 500')
      .min(1, 'must be a whole number from 1 to 500')
      .max(500, 'must be a whole number from 1 to 500')
      .optional(),
    timeoutMs: z
      .number({ message: 'must be a number of milliseconds' })
      .int('must be a whole number of milliseconds')
      .min(1000, 'must be at least 1000 ms')
      .max(300_000, 'must be at most 300000 ms')
      .optional(),
    includeSuspended: z.boolean({ message: 'must be true or false' }).optional(),
  })
  .strict();

export const googleWorkspaceConfigSchema: z.ZodType<GoogleWorkspaceConfig, z.ZodTypeDef, unknown> = rawSchema
  .superRefine((input, ctx) => {
    if (input.domain !== undefined && input.customer !== undefined)
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        message: 'give domain or customer, not both',
        path: ['customer'],
      });
  })
  .transform((input): GoogleWorkspaceConfig => ({
    serviceAccountEmail: input.serviceAccountEmail,
    privateKey: input.privateKey,
    delegatedAdminEmail: input.delegatedAdminEmail,
    ...(input.domain !== undefined
      ? { domain: input.domain }
      : { customer: input.customer ?? 'my_customer' }),
    apiRootUrl: input.apiRootUrl ?? DEFAULT_GOOGLE_API_ROOT,
    tokenUrl: input.tokenUrl ?? DEFAULT_GOOGLE_TOKEN_URL,
    ...(input.caCertificatePem !== undefined ? { caCertificatePem: input.caCertificatePem } : {}),
    pageSize: input.pageSize ?? DEFAULT_GOOGLE_PAGE_SIZE,
    timeoutMs: input.timeoutMs ?? DEFAULT_GOOGLE_TIMEOUT_MS,
    includeSuspended: input.includeSuspended ?? true,
  }));

/** Parses and validates the settings; throws the ZodError naming the bad field. */
export function parseGoogleWorkspaceConfig(input: unknown): GoogleWorkspaceConfig {
  return googleWorkspaceConfigSchema.parse(input);
}
