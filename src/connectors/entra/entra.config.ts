import { createPrivateKey } from 'node:crypto';
import { z } from 'zod';
import { caCertificatePemSchema } from '../http/ca';

export const DEFAULT_AUTHORITY_HOST = 'https://login.microsoftonline.com';
export const DEFAULT_GRAPH_BASE_URL = 'https://graph.microsoft.com/v1.0';
export const DEFAULT_PAGE_SIZE = 999;
export const DEFAULT_TIMEOUT_MS = 30_000;

/** An app credential in certificate form: the private key and the thumbprint Entra knows the certificate by. */
export interface EntraCertificate {
  privateKeyPem: string;
  /** Hex SHA-1 thumbprint, as the Entra portal shows it (a 64-digit SHA-256 thumbprint is accepted too). */
  thumbprint: string;
}

/** Settings of a Microsoft Entra ID (Azure AD) connection, defaults filled in. */
export interface EntraConfig {
  tenantId: string;
  clientId: string;
  /** Exactly one of clientSecret and certificate. Both are secrets: write-only, never returned or logged. */
  clientSecret?: string;
  certificate?: EntraCertificate;
  /** Origin of the Microsoft identity platform (sovereign clouds have their own). */
  authorityHost: string;
  /** Microsoft Graph root including the version segment, without a trailing slash. */
  graphBaseUrl: string;
  /** Records per Graph page (Prefer: odata.maxpagesize), 1..999. */
  pageSize: number;
  /** Time allowed for each HTTP request, 1,000..300,000 ms. */
  timeoutMs: number;
  /** An extra CA certificate (PEM) trusted for the authority and Graph, besides the system's. */
  caCertificatePem?: string;
  /** Whether guest accounts (userType Guest) are imported. */
  includeGuests: boolean;
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** A verified domain such as contoso.onmicrosoft.com: Entra accepts it wherever the tenant id goes. */
const TENANT_DOMAIN = /^(?=.{4,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/i;
/** Multi-tenant aliases: the client credentials flow needs one definite tenant. */
const TENANT_ALIASES = new Set(['common', 'organizations', 'consumers']);

/**
 * An https origin (authority) or an https base URL (Graph): no credentials, query or fragment.
 * Returns the normalised form (no trailing slash).
 */
function httpsUrl(kind: 'origin' | 'base') {
  return z.string().transform((value, ctx) => {
    let parsed: URL;
    try {
      parsed = new URL(value.trim());
    } catch {
      ctx.addIssue({ code: z.ZodIssueCode.custom, message: 'must be an absolute URL' });
      return z.NEVER;
    }
    if (parsed.protocol !== 'https:') {
      // Client secrets and bearer tokens travel on these connections.
      ctx.addIssue({ code: z.ZodIssueCode.custom, message: 'must be an https URL' });
      return z.NEVER;
    }
    if (parsed.username !== '' || parsed.password !== '' || parsed.search !== '' || parsed.hash !== '') {
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        message: 'must not contain credentials, a query or a fragment',
      });
      return z.NEVER;
    }
    if (kind === 'origin' && parsed.pathname !== '/') {
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        message: 'must be the host only (e.g. https://login.microsoftonline.com), without a path',
      });
      return z.NEVER;
    }
    return kind === 'origin' ? parsed.origin : `${parsed.origin}${parsed.pathname.replace(/\/+$/, '')}`;
  });
}

const certificateSchema = z
  .object({
    privateKeyPem: z.string({ message: 'must be a PEM private key' }).superRefine((value, ctx) => {
      try {
        const key = createPrivateKey(value);
        // Entra signs client assertions with RS256/PS256 only.
        if (key.asymmetricKeyType !== 'rsa') {
          ctx.addIssue({ code: z.ZodIssueCode.custom, message: 'must be an RSA private key' });
        }
      } catch {
        // Never echo the value or the parser's message: both may quote the key.
        ctx.addIssue({
          code: z.ZodIssueCode.custom,
          message:
            'is not a readable unencrypted PEM private key (BEGIN PRIVATE KEY or BEGIN RSA PRIVATE KEY)',
        });
      }
    }),
    thumbprint: z
      .string({ message: 'must be the hex thumbprint of the certificate' })
      .transform((value) => value.replace(/[\s:]/g, '').toUpperCase())
      .refine(
        (value) => /^[0-9A-F]{40}$/.test(value) || /^[0-9A-F]{64}$/.test(value),
        'must be the certificate thumbprint: 40 hex digits (SHA-1, as the Entra portal shows it) or 64 (SHA-256)',
      ),
  })
  .strict();

const rawSchema = z
  .object({
    tenantId: z
      .string({ message: 'must be the directory (tenant) id' })
      .transform((value) => value.trim())
      .superRefine((value, ctx) => {
        if (TENANT_ALIASES.has(value.toLowerCase())) {
          ctx.addIssue({
            code: z.ZodIssueCode.custom,
            message: 'must name one tenant (its id or a verified domain), not a multi-tenant alias',
          });
        } else if (!GUID.test(value) && !TENANT_DOMAIN.test(value)) {
          ctx.addIssue({
            code: z.ZodIssueCode.custom,
            message: 'must be the directory (tenant) id, a GUID, or a verified domain of the tenant',
          });
        }
      }),
    clientId: z
      .string({ message: 'must be the application (client) id' })
      .transform((value) => value.trim())
      .refine((value) => GUID.test(value), 'must be the application (client) id, a GUID'),
    clientSecret: z.string({ message: 'must be a string' }).min(1, 'must not be empty').optional(),
    certificate: certificateSchema.optional(),
    authorityHost: httpsUrl('origin').optional(),
    graphBaseUrl: httpsUrl('base').optional(),
    pageSize: z
      .number({ message: 'must be a whole number from 1 to 999' })
      .int('must be a whole number from 1 to 999')
      .min(1, 'must be a whole number from 1 to 999')
      .max(999, 'must be a whole number from 1 to 999')
      .optional(),
    timeoutMs: z
      .number({ message: 'must be a number of milliseconds' })
      .int('must be a whole number of milliseconds')
      .min(1000, 'must be at least 1000 ms')
      .max(300_000, 'must be at most 300000 ms')
      .optional(),
    caCertificatePem: caCertificatePemSchema.optional(),
    includeGuests: z.boolean({ message: 'must be true or false' }).optional(),
  })
  .strict();

/**
 * Validates a configuration. The output has the same keys as the input (plus defaults), so a stored
 * configuration parses again unchanged.
 */
export const entraConfigSchema: z.ZodType<EntraConfig, z.ZodTypeDef, unknown> = rawSchema
  .superRefine((input, ctx) => {
    const given = (['clientSecret', 'certificate'] as const).filter((key) => input[key] !== undefined);
    if (given.length !== 1) {
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        message:
          given.length === 0
            ? 'give one credential: clientSecret or certificate'
            : 'give one credential, clientSecret or certificate, not both',
        path: given.length === 0 ? [] : ['certificate'],
      });
    }
  })
  .transform((input): EntraConfig => ({
    tenantId: input.tenantId,
    clientId: input.clientId,
    ...(input.clientSecret !== undefined ? { clientSecret: input.clientSecret } : {}),
    ...(input.certificate !== undefined ? { certificate: input.certificate } : {}),
    authorityHost: input.authorityHost ?? DEFAULT_AUTHORITY_HOST,
    graphBaseUrl: input.graphBaseUrl ?? DEFAULT_GRAPH_BASE_URL,
    pageSize: input.pageSize ?? DEFAULT_PAGE_SIZE,
    timeoutMs: input.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    ...(input.caCertificatePem !== undefined ? { caCertificatePem: input.caCertificatePem } : {}),
    includeGuests: input.includeGuests ?? true,
  }));

/** Parses and validates an Entra connection's settings; throws the ZodError naming the bad field. */
export function parseEntraConfig(input: unknown): EntraConfig {
  return entraConfigSchema.parse(input);
}
