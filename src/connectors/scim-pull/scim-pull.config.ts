import { X509Certificate } from 'node:crypto';
import { isIP } from 'node:net';
import { z } from 'zod';

export const DEFAULT_SCIM_PAGE_SIZE = 100;
export const DEFAULT_SCIM_TIMEOUT_MS = 30_000;

/**
 * Settings of a connection that pulls from a SCIM 2.0 server (an HR system's /scim/v2, another
 * directory): its base URL and a bearer token (a secret: write-only, never returned or logged).
 */
export interface ScimPullConfig {
  /** The base URL the server's /Users, /Groups and /ServiceProviderConfig hang off, without a trailing slash. */
  baseUrl: string;
  bearerToken: string;
  /** An extra CA certificate (PEM) trusted for the server, besides the system's. */
  caCertificatePem?: string;
  /** Resources a page (count); lowered to the server's filter.maxResults when it says less. */
  pageSize: number;
  timeoutMs: number;
  /** Whether groups (with their members) are read too. */
  includeGroups: boolean;
  /** What `active: false` means at this source: a person who left (HR systems) or a suspended account. */
  inactiveStatus: 'terminated' | 'suspended';
}

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

const rawSchema = z
  .object({
    baseUrl: z
      .string({ message: 'must be the SCIM base URL, e.g. https://api.example.com/scim/v2' })
      .transform((value, ctx) => {
        let parsed: URL;
        try {
          parsed = new URL(value.trim());
        } catch {
          ctx.addIssue({ code: z.ZodIssueCode.custom, message: 'must be an absolute URL' });
          return z.NEVER;
        }
        // The bearer token travels on every request: TLS, except to this very machine (which the
        // outbound policy refuses anyway unless the operator allows loopback).
        const loopback =
          LOOPBACK_HOSTS.has(parsed.hostname) ||
          (isIP(parsed.hostname) === 4 && parsed.hostname.startsWith('127.'));
        if (parsed.protocol !== 'https:' && !(parsed.protocol === 'http:' && loopback)) {
          ctx.addIssue({ code: z.ZodIssueCode.custom, message: 'must be an https URL' });
          return z.NEVER;
        }
        if (parsed.username || parsed.password || parsed.search || parsed.hash) {
          ctx.addIssue({
            code: z.ZodIssueCode.custom,
            message: 'must not contain credentials, a query or a fragment',
          });
          return z.NEVER;
        }
        return `${parsed.origin}${parsed.pathname.replace(/\/+$/, '')}`;
      }),
    bearerToken: z.string({ message: 'must be the API token' }).min(1, 'must not be empty'),
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
      .number({ message: 'must be a whole number from 1 to 1000' })
      .int('must be a whole number from 1 to 1000')
      .min(1, 'must be a whole number from 1 to 1000')
      .max(1000, 'must be a whole number from 1 to 1000')
      .optional(),
    timeoutMs: z
      .number({ message: 'must be a number of milliseconds' })
      .int('must be a whole number of milliseconds')
      .min(1000, 'must be at least 1000 ms')
      .max(300_000, 'must be at most 300000 ms')
      .optional(),
    includeGroups: z.boolean({ message: 'must be true or false' }).optional(),
    inactiveStatus: z
      .enum(['terminated', 'suspended'], { message: 'must be terminated or suspended' })
      .optional(),
  })
  .strict();

export const scimPullConfigSchema: z.ZodType<ScimPullConfig, z.ZodTypeDef, unknown> = rawSchema.transform(
  (input): ScimPullConfig => ({
    baseUrl: input.baseUrl,
    bearerToken: input.bearerToken,
    ...(input.caCertificatePem !== undefined ? { caCertificatePem: input.caCertificatePem } : {}),
    pageSize: input.pageSize ?? DEFAULT_SCIM_PAGE_SIZE,
    timeoutMs: input.timeoutMs ?? DEFAULT_SCIM_TIMEOUT_MS,
    includeGroups: input.includeGroups ?? true,
    inactiveStatus: input.inactiveStatus ?? 'terminated',
  }),
);

/** Parses and validates the settings; throws the ZodError naming the bad field. */
export function parseScimPullConfig(input: unknown): ScimPullConfig {
  return scimPullConfigSchema.parse(input);
}
