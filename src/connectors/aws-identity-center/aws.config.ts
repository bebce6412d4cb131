import { X509Certificate } from 'node:crypto';
import { z } from 'zod';

export const DEFAULT_AWS_PAGE_SIZE = 100;
export const DEFAULT_AWS_TIMEOUT_MS = 30_000;

/**
 * Settings of an AWS IAM Identity Center connection (its identity store), defaults filled in.
 * Credentials: an access key of an IAM user or role given here (the secret key and session token
 * are secrets: write-only, never returned or logged), or, only where the operator allows it, the
 * server's own standard credential chain (see operatorAllowsDefaultCredentials).
 */
export interface AwsIdentityCenterConfig {
  /** Region of the Identity Center instance, e.g. eu-west-1. */
  region: string;
  /** d-1234567890 (or the UUID form AWS also issues). */
  identityStoreId: string;
  accessKeyId?: string;
  secretAccessKey?: string;
  /** For temporary credentials (an assumed role). */
  sessionToken?: string;
  /** An https endpoint other than the region's public one (a VPC endpoint, FIPS). */
  endpoint?: string;
  /** An extra CA certificate (PEM) trusted for the endpoint, besides the system's. */
  caCertificatePem?: string;
  /** Records per page, 1..100 (the API's maximum). */
  pageSize: number;
  /** Time allowed for each request, 1,000..300,000 ms. */
  timeoutMs: number;
}

/**
 * The server's own AWS credentials (instance role, environment, SSO profile) may serve a connection
 * only when the operator says so: otherwise any tenant admin could read any identity store those
 * credentials reach just by naming its id.
 */
export function operatorAllowsDefaultCredentials(env: NodeJS.ProcessEnv = process.env): boolean {
  return env.AWS_CONNECTIONS_DEFAULT_CREDENTIALS === 'true';
}

const REGION = /^[a-z]{2}(-[a-z]+)+-\d{1,2}$/;
const IDENTITY_STORE_ID = /^(d-[0-9a-f]{10}|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/;
const ACCESS_KEY_ID = /^(AKIA|ASIA)[A-Z0-9]{12,124}$/;

const rawSchema = z
  .object({
    region: z
      .string({ message: 'must be an AWS region such as eu-west-1' })
      .transform((value) => value.trim())
      .refine((value) => REGION.test(value), 'must be an AWS region such as eu-west-1'),
    identityStoreId: z
      .string({ message: 'must be the identity store id (d-1234567890)' })
      .transform((value) => value.trim())
      .refine(
        (value) => IDENTITY_STORE_ID.test(value),
        'must be the identity store id: d- and 10 lower-case letters or digits (IAM Identity Center → Settings)',
      ),
    accessKeyId: z
      .string({ message: 'must be an access key id' })
      .transform((value) => value.trim())
      .refine((value) => ACCESS_KEY_ID.test(value), 'must be an access key id (AKIA… or ASIA…)')
      .optional(),
    secretAccessKey: z.string({ message: 'must be a string' }).min(1, 'must not be empty').optional(),
    sessionToken: z.string({ message: 'must be a string' }).min(1, 'must not be empty').optional(),
    endpoint: z
      .string({ message: 'must be an https URL' })
      .transform((value, ctx) => {
        let parsed: URL;
        try {
          parsed = new URL(value.trim());
        } catch {
          ctx.addIssue({ code: z.ZodIssueCode.custom, message: 'must be an absolute https URL' });
          return z.NEVER;
        }
        if (
          parsed.protocol !== 'https:' ||
          parsed.username ||
          parsed.password ||
          parsed.search ||
          parsed.hash
        ) {
          // Signed requests carry the access key id; keep them on TLS.
          ctx.addIssue({
            code: z.ZodIssueCode.custom,
            message: 'must be an https URL without credentials, a query or a fragment',
          });
          return z.NEVER;
        }
        return `${parsed.origin}${parsed.pathname.replace(/\/+$/, '')}`;
      })
      .optional(),
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
      .number({ message: 'must be a whole number from 1 to 100' })
      .int('must be a whole number from 1 to 100')
      .min(1, 'must be a whole number from 1 to 100')
      .max(100, 'must be a whole number from 1 to 100')
      .optional(),
    timeoutMs: z
      .number({ message: 'must be a number of milliseconds' })
      .int('must be a whole number of milliseconds')
      .min(1000, 'must be at least 1000 ms')
      .max(300_000, 'must be at most 300000 ms')
      .optional(),
  })
  .strict();

/** Validates a configuration; the output keeps the input's keys (plus defaults), so it parses again unchanged. */
export const awsIdentityCenterConfigSchema: z.ZodType<AwsIdentityCenterConfig, z.ZodTypeDef, unknown> =
  rawSchema
    .superRefine((input, ctx) => {
      const keyParts = [input.accessKeyId, input.secretAccessKey].filter(
        (value) => value !== undefined,
      ).length;
      if (keyParts === 1) {
        ctx.addIssue({
          code: z.ZodIssueCode.custom,
          message: 'give both accessKeyId and secretAccessKey, or neither',
          path: [input.accessKeyId === undefined ? 'accessKeyId' : 'secretAccessKey'],
        });
      }
      if (input.sessionToken !== undefined && keyParts !== 2) {
        ctx.addIssue({
          code: z.ZodIssueCode.custom,
          message: 'a sessionToken goes with accessKeyId and secretAccessKey',
          path: ['sessionToken'],
        });
      }
      if (keyParts === 0 && !operatorAllowsDefaultCredentials()) {
        ctx.addIssue({
          code: z.ZodIssueCode.custom,
          message:
            'give accessKeyId and secretAccessKey (this server does not lend its own AWS credentials to connections)',
          path: ['accessKeyId'],
        });
      }
    })
    .transform((input): AwsIdentityCenterConfig => ({
      region: input.region,
      identityStoreId: input.identityStoreId,
      ...(input.accessKeyId !== undefined ? { accessKeyId: input.accessKeyId } : {}),
      ...(input.secretAccessKey !== undefined ? { secretAccessKey: input.secretAccessKey } : {}),
      ...(input.sessionToken !== undefined ? { sessionToken: input.sessionToken } : {}),
      ...(input.endpoint !== undefined ? { endpoint: input.endpoint } : {}),
      ...(input.caCertificatePem !== undefined ? { caCertificatePem: input.caCertificatePem } : {}),
      pageSize: input.pageSize ?? DEFAULT_AWS_PAGE_SIZE,
      timeoutMs: input.timeoutMs ?? DEFAULT_AWS_TIMEOUT_MS,
    }));

/** Parses and validates the settings; throws the ZodError naming the bad field. */
export function parseAwsIdentityCenterConfig(input: unknown): AwsIdentityCenterConfig {
  return awsIdentityCenterConfigSchema.parse(input);
}
