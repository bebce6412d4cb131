import { createRemoteJWKSet, errors, JWTPayload, jwtVerify, JWTVerifyGetKey, SignJWT } from 'jose';
import { AuthConfig } from '../config';
import { isId } from '../directory/errors';
import { Principal } from './principal';

/** A token was missing, malformed, expired or not ours. The message is safe to show the caller. */
export class AuthenticationError extends Error {
  override name = 'AuthenticationError';
}

/** Verifies bearer JWTs (HS256 shared secret, or keys from a JWKS endpoint) into a Principal. */
export class TokenVerifier {
  private readonly key: Uint8Array | JWTVerifyGetKey;

  constructor(private readonly config: AuthConfig) {
    if (config.jwksUrl) {
      this.key = createRemoteJWKSet(new URL(config.jwksUrl), {
        timeoutDuration: 5_000,
        cooldownDuration: 30_000,
      });
    } else if (config.jwtSecret) {
      this.key = new TextEncoder().encode(config.jwtSecret);
    } else {
      throw new Error('TokenVerifier needs a JWT secret or a JWKS URL');
    }
  }

  /** Reads an Authorization header value. Returns null when there is none. */
  async verifyHeader(header: string | undefined | null): Promise<Principal | null> {
    if (!header) return null;
    const match = /^Bearer\s+(\S+)$/i.exec(header.trim());
    if (!match) throw new AuthenticationError('Authorization header must be "Bearer <token>"');
    return this.verify(match[1]);
  }

  async verify(token: string): Promise<Principal> {
    let payload: JWTPayload;
    try {
      const options = {
        issuer: this.config.issuer,
        audience: this.config.audience,
        requiredClaims: ['exp'],
        algorithms: this.config.jwksUrl ? ['RS256', 'RS384', 'RS512', 'ES256', 'ES384', 'PS256'] : ['HS256'],
      };
      payload =
        typeof this.key === 'function'
          ? (await jwtVerify(token, this.key, options)).payload
          : (await jwtVerify(token, this.key, options)).payload;
    } catch (error) {
      throw new AuthenticationError(describe(error));
    }
    const orgId = payload[this.config.orgClaim];
    if (typeof orgId !== 'string' || !isId(orgId)) {
      throw new AuthenticationError(`token has no valid "${this.config.orgClaim}" claim`);
    }
    const rawRoles = payload[this.config.rolesClaim];
    const roles = Array.isArray(rawRoles)
      ? rawRoles.filter((role): role is string => typeof role === 'string')
      : [];
    return {
      orgId: orgId.toLowerCase(),
      roles,
      subject: payload.sub ?? 'unknown',
      ...(typeof payload.exp === 'number' ? { expiresAt: payload.exp * 1000 } : {}),
    };
  }
}

function describe(error: unknown): string {
  if (error instanceof errors.JWTExpired) return 'token has expired';
  if (error instanceof errors.JWTClaimValidationFailed) return `token claim "${error.claim}" is not valid`;
  if (error instanceof errors.JWSSignatureVerificationFailed) return 'token signature is not valid';
  if (error instanceof errors.JOSEAlgNotAllowed) return 'token algorithm is not accepted';
  if (error instanceof errors.JWKSNoMatchingKey) return 'token was signed with an unknown key';
  if (error instanceof errors.JWKSTimeout) return 'could not fetch signing keys in time';
  return 'token is not a valid JWT';
}

/** Signs an HS256 token (for the demo and for tests). */
export async function signDevToken(
  secret: string,
  claims: { orgId: string; roles?: string[]; subject?: string; expiresIn?: string },
  config: Pick<AuthConfig, 'orgClaim' | 'rolesClaim' | 'issuer' | 'audience'> = {
    orgClaim: 'org_id',
    rolesClaim: 'roles',
  },
): Promise<string> {
  let jwt = new SignJWT({ [config.orgClaim]: claims.orgId, [config.rolesClaim]: claims.roles ?? [] })
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(claims.subject ?? 'dev')
    .setIssuedAt()
    .setExpirationTime(claims.expiresIn ?? '30d');
  if (config.issuer) jwt = jwt.setIssuer(config.issuer);
  if (config.audience) jwt = jwt.setAudience(config.audience);
  return jwt.sign(new TextEncoder().encode(secret));
}
