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
  /** Keys that encrypt connection configurations; the first one encrypts, all of them decrypt. */
  encryptionKeys: EncryptionKey[];
  sync: SyncConfig;
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
      maxQueryCost: readInt(env, 'MAX_QUERY_COST', 100_000, 100, 100_000_000),
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
    },
    production,
  };
}
