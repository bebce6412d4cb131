import { isAbsolute } from 'node:path';
import { z } from 'zod';
import { caCertificatePemSchema } from '../http/ca';

/** Default ceiling on a document's size: large enough for ~100k employees, small enough to stay in memory. */
export const DEFAULT_MAX_BYTES = 100 * 1024 * 1024;
/** A JavaScript string cannot hold much more than this, so a larger ceiling could never be met. */
const MAX_MAX_BYTES = 512 * 1024 * 1024;
/** Default time allowed for fetching a document from a URL (request and body). */
export const DEFAULT_TIMEOUT_MS = 30_000;

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

/** Read the document from a file on the server's disk. */
export interface HrisFileConfig {
  /** Absolute path of the JSON document. */
  file: string;
  /** Documents larger than this are refused. */
  maxBytes: number;
}

/** Fetch the document over HTTP(S). */
export interface HrisUrlConfig {
  url: string;
  /** Sent as `Authorization: Bearer …`. A secret: write-only, never returned or logged. */
  bearerToken?: string;
  /** Time allowed for the whole download, 1,000..300,000 ms. */
  timeoutMs: number;
  maxBytes: number;
  /** A private CA (PEM) trusted for this server besides the system's. */
  caCertificatePem?: string;
}

/** The document is pushed through the graph and handed to the connector in its context. */
export interface HrisPushConfig {
  push: true;
  maxBytes: number;
}

/** Settings of an HRIS JSON import connection: exactly one of file, url or push. */
export type HrisConfig = HrisFileConfig | HrisUrlConfig | HrisPushConfig;

/** Accepts http and https only; refuses credentials inside the URL (they belong in the secret bearerToken). */
function checkUrl(value: string, ctx: z.RefinementCtx): URL | undefined {
  let parsed: URL;
  try {
    parsed = new URL(value);
  } catch {
    ctx.addIssue({ code: z.ZodIssueCode.custom, message: 'must be an absolute URL', path: ['url'] });
    return undefined;
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') {
    ctx.addIssue({ code: z.ZodIssueCode.custom, message: 'must be an http or https URL', path: ['url'] });
  }
  if (parsed.username !== '' || parsed.password !== '') {
    // The URL is stored and shown in clear; a password in it would leak. The token field is the secret.
    ctx.addIssue({
      code: z.ZodIssueCode.custom,
      message: 'must not contain credentials; use bearerToken',
      path: ['url'],
    });
  }
  return parsed;
}

const rawSchema = z
  .object({
    file: z
      .string()
      .min(1)
      .refine((value) => isAbsolute(value), 'must be an absolute path')
      .optional(),
    url: z.string().min(1).optional(),
    bearerToken: z.string().min(1).optional(),
    timeoutMs: z.number().int().min(1000).max(300_000).optional(),
    caCertificatePem: caCertificatePemSchema.optional(),
    push: z.literal(true).optional(),
    maxBytes: z.number().int().min(1).max(MAX_MAX_BYTES).optional(),
  })
  .strict();

/**
 * Validates a configuration. The output has the same keys as the input (plus defaults), so a stored
 * configuration parses again unchanged.
 */
export const hrisConfigSchema: z.ZodType<HrisConfig, z.ZodTypeDef, unknown> = rawSchema
  .superRefine((input, ctx) => {
    const sources = (['file', 'url', 'push'] as const).filter((key) => input[key] !== undefined);
    if (sources.length !== 1) {
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        message:
          sources.length === 0
            ? 'give one of file, url or push'
            : `give exactly one of file, url or push (got ${sources.join(' and ')})`,
        path: sources.length === 0 ? [] : [sources[1]],
      });
      return;
    }
    if (input.url === undefined) {
      for (const key of ['bearerToken', 'timeoutMs', 'caCertificatePem'] as const) {
        if (input[key] !== undefined) {
          ctx.addIssue({ code: z.ZodIssueCode.custom, message: 'only applies to url', path: [key] });
        }
      }
      return;
    }
    const parsed = checkUrl(input.url, ctx);
    if (input.bearerToken !== undefined && parsed?.protocol === 'http:') {
      // A bearer token over plain HTTP can be read on the wire; loopback is allowed for local tools and tests.
      if (!LOOPBACK_HOSTS.has(parsed.hostname)) {
        ctx.addIssue({
          code: z.ZodIssueCode.custom,
          message: 'a bearerToken needs an https URL',
          path: ['url'],
        });
      }
    }
  })
  .transform((input): HrisConfig => {
    const maxBytes = input.maxBytes ?? DEFAULT_MAX_BYTES;
    if (input.file !== undefined) return { file: input.file, maxBytes };
    if (input.url !== undefined) {
      return {
        url: input.url,
        ...(input.bearerToken !== undefined ? { bearerToken: input.bearerToken } : {}),
        timeoutMs: input.timeoutMs ?? DEFAULT_TIMEOUT_MS,
        maxBytes,
        ...(input.caCertificatePem !== undefined ? { caCertificatePem: input.caCertificatePem } : {}),
      };
    }
    return { push: true, maxBytes };
  });

/** Parses and validates an HRIS connection's settings; throws the ZodError naming the bad field. */
export function parseHrisConfig(input: unknown): HrisConfig {
  return hrisConfigSchema.parse(input);
}

/** Narrows a configuration to its URL form. */
export function isUrlConfig(config: HrisConfig): config is HrisUrlConfig {
  return 'url' in config;
}

/** Narrows a configuration to its file form. */
export function isFileConfig(config: HrisConfig): config is HrisFileConfig {
  return 'file' in config;
}
