import { DataSource } from 'typeorm';
import { ADMIN_ROLE } from '../auth/principal';
import { signDevToken, TokenVerifier } from '../auth/token-verifier';
import { AppConfig } from '../config';
import { createDataSource } from '../db/data-source';
import { assertId, InvalidInputError } from '../directory/errors';
import { OrganizationStore } from '../directory/organizations';
import { CliFailure, print } from './output';

/** Opens a small pool for one short command and closes it whatever happens. */
export async function withDatabase<T>(
  config: AppConfig,
  work: (dataSource: DataSource) => Promise<T>,
): Promise<T> {
  const dataSource = createDataSource({ url: config.databaseUrl, poolSize: 1 });
  await dataSource.initialize();
  try {
    return await work(dataSource);
  } finally {
    await dataSource.destroy();
  }
}

/** `org create <name> [--slug]`: prints the new organization's id (alone, for `ORG_ID=$(…)`). */
export async function createOrganizationCommand(
  config: AppConfig,
  name: string,
  options: { slug?: string },
): Promise<void> {
  const organization = await withDatabase(config, (dataSource) =>
    new OrganizationStore(dataSource).create({ name, slug: options.slug }),
  );
  process.stderr.write(`created organization "${organization.name}" (slug ${organization.slug})\n`);
  print(organization.id);
}

export interface MintOptions {
  org: string;
  admin?: boolean;
  ttl: string;
  subject?: string;
  allowProduction?: boolean;
}

/** A number and a unit (s, m, h, d), at most 365 days. */
const TTL = /^([1-9]\d{0,5})([smhd])$/;
const SECONDS_PER_UNIT: Record<string, number> = { s: 1, m: 60, h: 3_600, d: 86_400 };
const MAX_TTL_SECONDS = 365 * 86_400;

/**
 * `token mint --org <id> [--admin] [--ttl 30d]`: an HS256 bearer token signed with AUTH_JWT_SECRET,
 * with the claims the server reads (AUTH_ORG_CLAIM, AUTH_ROLES_CLAIM, AUTH_ISSUER, AUTH_AUDIENCE).
 * A development convenience: refused with NODE_ENV=production unless --allow-production, and
 * impossible with AUTH_JWKS_URL (the identity provider's keys sign those tokens, not this secret).
 */
export async function mintTokenCommand(config: AppConfig, options: MintOptions): Promise<void> {
  if (config.auth.jwksUrl) {
    throw new CliFailure(
      'AUTH_JWKS_URL is set: the server accepts only tokens signed by your identity provider, which this command cannot mint',
    );
  }
  if (config.production && !options.allowProduction) {
    throw new CliFailure(
      'refusing to mint a token with NODE_ENV=production: production tokens come from your identity provider. ' +
        'If you mean it (a break-glass admin token), add --allow-production and keep the ttl short.',
    );
  }
  const secret = config.auth.jwtSecret;
  if (!secret) throw new CliFailure('set AUTH_JWT_SECRET to the secret the server verifies tokens with');
  const ttl = TTL.exec(options.ttl);
  if (!ttl || Number(ttl[1]) * SECONDS_PER_UNIT[ttl[2]] > MAX_TTL_SECONDS) {
    throw new InvalidInputError(
      `--ttl must be a number and a unit (s, m, h or d) of at most 365 days, such as 8h or 30d; got "${options.ttl.slice(0, 20)}"`,
      'ttl',
    );
  }
  const orgId = assertId(options.org, '--org');
  await withDatabase(config, (dataSource) => new OrganizationStore(dataSource).get(orgId));
  const roles = options.admin ? [ADMIN_ROLE] : [];
  const token = await signDevToken(
    secret,
    {
      orgId,
      roles,
      subject: options.subject ?? (options.admin ? 'cli-admin' : 'cli-user'),
      expiresIn: options.ttl,
    },
    config.auth,
  );
  // The server's own verifier must accept what this prints; a mismatch is a bug, not a token.
  await new TokenVerifier(config.auth).verify(token);
  if (!process.env.AUTH_JWT_SECRET)
    process.stderr.write('note: signed with the development secret (AUTH_JWT_SECRET is not set)\n');
  print(token);
}
