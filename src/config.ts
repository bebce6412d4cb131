import { isAbsolute } from 'node:path';
import { OutboundPolicy, OutboundPolicyError } from './connectors/http/address-policy';
import type { AttributeFilterIndexOptions } from './directory/custom-attributes/filter-index';
/** Environment → typed configuration, validated once at start. */
export interface AuthConfig {
  /** HS256 shared secret; either this or jwksUrl. */
  jwtSecret?: string;
  /** JWKS endpoint for RS256/ES256 tokens from an identity provider. */
  jwksUrl?: string;
  issuer?: string;
  audience?: string;
  /** Claim holding the organization id. */
  orgClaim: string;
  /** Claim holding the list of roles. */
  rolesClaim: string;
}

export interface LimitsConfig {
  maxQueryDepth: number;
  maxQueryCost: number;
  /** Aliased fields one operation may hold (fragments counted once per spread). */
  maxQueryAliases: number;
  /** Largest JSON answer of one operation, in bytes. */
  maxResponseBytes: number;
  /** statement_timeout of the statements a GraphQL request runs, in ms. */
  requestStatementTimeoutMs: number;
  /** Share of the database pool, in percent, that one organization's requests may hold at once. */
  poolPercentPerOrganization: number;
}

/** What the graph tells callers about itself. */
export interface GraphQLExposureConfig {
  /** `__schema` / `__type` introspection (the router reads `_service { sdl }`, which stays on). */
  introspection: boolean;
  /** "Did you mean …?" hints naming fields, types and values in error messages. */
  suggestions: boolean;
}

export interface EncryptionKey {
  id: string;
  /** 32 bytes. */
  key: Buffer;
}

export interface SyncConfig {
  /** Attempts per job for retryable failures (throttling, 5xx, timeouts). */
  attempts: number;
  /** First retry delay; doubles each attempt. */
  backoffMs: number;
  /** How long a worker's hold on a job lasts without renewal; a killed worker's job is taken over after it. */
  lockMs: number;
  concurrency: number;
  /** BullMQ queue name; separate names keep separate deployments (or test runs) on one Redis apart. */
  queueName: string;
  /** Hours over which a connection's removals add up against its deletion threshold (0: each sync alone). */
  deletionWindowHours: number;
  /** How often a worker looks for queued or running jobs whose queue entry was lost (0: never). */
  sweepIntervalMs: number;
  /** Days change events are kept for replay (CHANGE_EVENT_RETENTION_DAYS); the worker's sweep prunes older ones. */
  changeEventRetentionDays: number;
}

/** Signed webhooks: the delivery queue, retries, and the limits of each request. */
export interface WebhookConfig {
  /** BullMQ queue of deliveries; separate names keep deployments (or test runs) on one Redis apart. */
  queueName: string;
  /** Tries of one delivery; when the oldest undelivered event of an endpoint fails that often, the endpoint is disabled. */
  maxAttempts: number;
  /** Delay before the second try; doubles each try up to backoffMaxMs. */
  backoffMs: number;
  backoffMaxMs: number;
  /** An endpoint whose attempts have failed, without a success, for longer than this is disabled (0: never by time). */
  disableAfterHours: number;
  /** Time allowed to open the connection (TCP and TLS). */
  connectTimeoutMs: number;
  /** Time allowed for the whole request, connection to the last byte of the answer. */
  timeoutMs: number;
  /** How often a worker looks for events no kick announced and for deliveries whose queue entry was lost (0: never). */
  sweepIntervalMs: number;
  /** Endpoints a worker delivers to at once (each endpoint has at most one request in flight). */
  concurrency: number;
}

/** What connectors may reach on the server's side: outbound addresses and the file import directory. */
export interface ConnectorsConfig {
  /** OUTBOUND_ALLOW_PRIVATE / OUTBOUND_ALLOW_HOSTS: private, loopback and metadata addresses are refused unless listed. */
  outbound: OutboundPolicy;
  /** HRIS_IMPORT_DIR: HRIS `file` connections read only from `<dir>/<organization id>/`; none: file connections are refused. */
  importDirectory: string | null;
}

export interface AppConfig {
  databaseUrl: string;
  redisUrl: string;
  host: string;
  port: number;
  auth: AuthConfig;
  /** Key that signs pagination cursors so that they cannot be forged or edited. */
  cursorSecret: string;
  limits: LimitsConfig;
  graphql: GraphQLExposureConfig;
  /** Keys that encrypt connection configurations; the first one encrypts, all of them decrypt. */
  encryptionKeys: EncryptionKey[];
  sync: SyncConfig;
  webhooks: WebhookConfig;
  connectors: ConnectorsConfig;
  /** ATTRIBUTE_FILTER_INDEX_*: large organizations' custom attribute filters answered from memory. */
  attributeFilterIndex: AttributeFilterIndexOptions;
  production: boolean;
}

export class ConfigError extends Error {
  override name = 'ConfigError';
}

const DEV_SECRET = 'dev-only-secret-change-me-0123456789abcdef';
const DEV_ENCRYPTION_KEY = 'dev:ZGV2LW9ubHkta2V5LWNoYW5nZS1tZS0wMTIzNDU2Nzg=';

/** CONNECTION_ENCRYPTION_KEYS="id1:base64key,id2:base64key" (first = current). */
function readEncryptionKeys(raw: string): EncryptionKey[] {
  const keys = raw.split(',').map((entry, index) => {
    const [id, encoded, extra] = entry.trim().split(':');
    const key = Buffer.from(encoded ?? '', 'base64');
    if (!id || !/^[A-Za-z0-9_-]{1,32}$/.test(id) || extra !== undefined || key.length !== 32) {
      throw new ConfigError(
        `CONNECTION_ENCRYPTION_KEYS entry ${index + 1} must be "<id>:<32 bytes in base64>" (the id: letters, digits, - or _)`,
      );
    }
    return { id, key };
  });
  if (new Set(keys.map((key) => key.id)).size !== keys.length)
    throw new ConfigError('CONNECTION_ENCRYPTION_KEYS has a repeated id');
  return keys;
}

function readBoolean(env: NodeJS.ProcessEnv, name: string, fallback: boolean): boolean {
  const raw = env[name]?.trim().toLowerCase();
  if (raw === undefined || raw === '') return fallback;
  if (['1', 'true', 'on', 'yes'].includes(raw)) return true;
  if (['0', 'false', 'off', 'no'].includes(raw)) return false;
  throw new ConfigError(`${name} must be true or false, got "${env[name]}"`);
}

function readInt(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new ConfigError(`${name} must be an integer from ${min} to ${max}, got "${raw}"`);
  }
  return value;
}

/** Reads and validates the configuration. Throws ConfigError naming the bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const production = env.NODE_ENV === 'production';
  const jwtSecret = env.AUTH_JWT_SECRET || undefined;
  const jwksUrl = env.AUTH_JWKS_URL || undefined;
  if (production && !jwtSecret && !jwksUrl) {
    throw new ConfigError('set AUTH_JWT_SECRET or AUTH_JWKS_URL in production');
  }
  if (jwtSecret && jwtSecret.length < 32) {
    throw new ConfigError('AUTH_JWT_SECRET must be at least 32 characters');
  }
  const cursorSecret = env.CURSOR_SECRET || (production ? '' : DEV_SECRET);
  if (cursorSecret.length < 32) {
    throw new ConfigError('CURSOR_SECRET must be set to at least 32 characters in production');
  }
  const encryptionKeys = env.CONNECTION_ENCRYPTION_KEYS || (production ? '' : DEV_ENCRYPTION_KEY);
  if (!encryptionKeys) throw new ConfigError('set CONNECTION_ENCRYPTION_KEYS in production');
  return {
    databaseUrl: env.DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/hr_directory',
    redisUrl: env.REDIS_URL || 'redis://127.0.0.1:6379',
    host: env.HOST || '127.0.0.1',
    port: readInt(env, 'PORT', 4001, 0, 65535),
    auth: {
      jwtSecret: jwtSecret ?? (jwksUrl ? undefined : DEV_SECRET),
      jwksUrl,
      issuer: env.AUTH_ISSUER || undefined,
      audience: env.AUTH_AUDIENCE || undefined,
      orgClaim: env.AUTH_ORG_CLAIM || 'org_id',
      rolesClaim: env.AUTH_ROLES_CLAIM || 'roles',
    },
    cursorSecret,
    limits: {
      maxQueryDepth: readInt(env, 'MAX_QUERY_DEPTH', 15, 2, 100),
      maxQueryCost: readInt(env, 'MAX_QUERY_COST', 1_000_000, 100, 100_000_000),
      maxQueryAliases: readInt(env, 'MAX_QUERY_ALIASES', 50, 0, 10_000),
      maxResponseBytes: readInt(env, 'MAX_RESPONSE_BYTES', 32 * 1024 * 1024, 1024, 512 * 1024 * 1024),
      requestStatementTimeoutMs: readInt(env, 'REQUEST_STATEMENT_TIMEOUT_MS', 10_000, 0, 3_600_000),
      poolPercentPerOrganization: readInt(env, 'DB_POOL_ORG_PERCENT', 50, 1, 100),
    },
    graphql: {
      introspection: readBoolean(env, 'GRAPHQL_INTROSPECTION', !production),
      suggestions: readBoolean(env, 'GRAPHQL_SUGGESTIONS', !production),
    },
    encryptionKeys: readEncryptionKeys(encryptionKeys),
    sync: {
      attempts: readInt(env, 'SYNC_ATTEMPTS', 5, 1, 50),
      backoffMs: readInt(env, 'SYNC_BACKOFF_MS', 5_000, 10, 3_600_000),
      lockMs: readInt(env, 'SYNC_LOCK_MS', 30_000, 1_000, 3_600_000),
      concurrency: readInt(env, 'SYNC_CONCURRENCY', 2, 1, 64),
      queueName: env.SYNC_QUEUE_NAME || 'directory-sync',
      deletionWindowHours: readInt(env, 'SYNC_DELETION_WINDOW_HOURS', 24, 0, 24 * 366),
      sweepIntervalMs: readInt(env, 'SYNC_SWEEP_INTERVAL_MS', 60_000, 0, 86_400_000),
      changeEventRetentionDays: readInt(env, 'CHANGE_EVENT_RETENTION_DAYS', 30, 1, 3650),
    },
    webhooks: readWebhookConfig(env),
    connectors: readConnectorsConfig(env),
    attributeFilterIndex: {
      minPeople: readInt(env, 'ATTRIBUTE_FILTER_INDEX_MIN_PEOPLE', 10_000, 0, 100_000_000),
      maxPeople: readInt(env, 'ATTRIBUTE_FILTER_INDEX_MAX_PEOPLE', 1_000_000, 0, 100_000_000),
      rebuildIntervalMs: readInt(env, 'ATTRIBUTE_FILTER_INDEX_REBUILD_MS', 10_000, 0, 3_600_000),
    },
    production,
  };
}

/** WEBHOOK_*, validated. */
export function readWebhookConfig(env: NodeJS.ProcessEnv): WebhookConfig {
  const backoffMs = readInt(env, 'WEBHOOK_BACKOFF_MS', 30_000, 10, 86_400_000);
  const backoffMaxMs = readInt(env, 'WEBHOOK_BACKOFF_MAX_MS', Math.max(3_600_000, backoffMs), 10, 86_400_000);
  if (backoffMaxMs < backoffMs)
    throw new ConfigError('WEBHOOK_BACKOFF_MAX_MS must not be below WEBHOOK_BACKOFF_MS');
  return {
    queueName: env.WEBHOOK_QUEUE_NAME || 'directory-webhooks',
    maxAttempts: readInt(env, 'WEBHOOK_MAX_ATTEMPTS', 12, 1, 100),
    backoffMs,
    backoffMaxMs,
    disableAfterHours: readInt(env, 'WEBHOOK_DISABLE_AFTER_HOURS', 24, 0, 24 * 366),
    connectTimeoutMs: readInt(env, 'WEBHOOK_CONNECT_TIMEOUT_MS', 5_000, 100, 60_000),
    timeoutMs: readInt(env, 'WEBHOOK_TIMEOUT_MS', 15_000, 100, 300_000),
    sweepIntervalMs: readInt(env, 'WEBHOOK_SWEEP_INTERVAL_MS', 30_000, 0, 86_400_000),
    concurrency: readInt(env, 'WEBHOOK_CONCURRENCY', 8, 1, 256),
  };
}

/** OUTBOUND_ALLOW_PRIVATE, OUTBOUND_ALLOW_HOSTS and HRIS_IMPORT_DIR, validated. */
export function readConnectorsConfig(env: NodeJS.ProcessEnv): ConnectorsConfig {
  let outbound: OutboundPolicy;
  try {
    outbound = OutboundPolicy.fromEnv(env);
  } catch (error) {
    if (error instanceof OutboundPolicyError) throw new ConfigError(error.message);
    throw error;
  }
  const importDirectory = env.HRIS_IMPORT_DIR || null;
  if (importDirectory !== null && !isAbsolute(importDirectory)) {
    throw new ConfigError('HRIS_IMPORT_DIR must be an absolute path');
  }
  return { outbound, importDirectory };
}
