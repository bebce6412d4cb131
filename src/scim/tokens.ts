import { createHash, randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import { InvalidInputError, NotFoundError } from '../directory/errors';
import { DirectoryConnection, DirectorySource, ScimToken } from '../entities';
import { ScimWriteLog, ScimWriteRecord } from './write-log';

export const TOKEN_PREFIX = 'scim_';
const PREFIX_SHOWN = TOKEN_PREFIX.length + 6;

/** A token as created: the only time its secret is available. */
export interface ScimTokenSecret {
  id: string;
  token: string;
  createdAt: Date;
}

/** Who a valid token speaks for. */
export interface ScimCaller {
  tokenId: string;
  /** The token's shown prefix (scim_…): names it in logs without revealing it. */
  prefix: string;
  orgId: string;
  connection: DirectoryConnection;
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/**
 * Bearer tokens of SCIM connections: random, shown once, kept as SHA-256 (a token has 256 bits of
 * randomness, so a fast hash is enough: there is nothing to brute-force), revocable.
 */
export class ScimTokenStore {
  constructor(private readonly dataSource: DataSource) {}

  private get repository() {
    return this.dataSource.getRepository(ScimToken);
  }

  async create(orgId: string, connectionId: string, createdBy: string | null): Promise<ScimTokenSecret> {
    await this.scimConnection(orgId, connectionId);
    const token = `${TOKEN_PREFIX}${randomBytes(32).toString('base64url')}`;
    const row = await this.repository.save(
      this.repository.create({
        orgId,
        connectionId,
        tokenHash: hashToken(token),
        prefix: token.slice(0, PREFIX_SHOWN),
        createdBy,
        lastUsedAt: null,
        revokedAt: null,
      }),
    );
    return { id: row.id, token, createdAt: row.createdAt };
  }

  async list(orgId: string, connectionId: string): Promise<ScimToken[]> {
    await this.scimConnection(orgId, connectionId);
    return this.repository.find({ where: { orgId, connectionId }, order: { createdAt: 'DESC', id: 'ASC' } });
  }

  /** Revokes a token (again: no change). Requests with it fail with 401 from now on. */
  async revoke(orgId: string, id: string): Promise<ScimToken> {
    await this.dataSource.query(
      `UPDATE scim_tokens SET revoked_at = coalesce(revoked_at, now()) WHERE org_id = $1 AND id = $2`,
      [orgId, id],
    );
    const row = await this.repository.findOne({ where: { orgId, id } });
    if (!row) throw new NotFoundError(`no SCIM token with id ${id}`);
    return row;
  }

  /** The connection's SCIM write log, newest first (see ScimWriteLog). */
  async writes(
    orgId: string,
    connectionId: string,
    first: number,
    before: string | null,
  ): Promise<ScimWriteRecord[]> {
    await this.scimConnection(orgId, connectionId);
    return new ScimWriteLog().list(this.dataSource.manager, { orgId, connectionId }, first, before);
  }

  /** The organization and connection of a live token, or null. Notes the use (at most once a minute). */
  async authenticate(token: string): Promise<ScimCaller | null> {
    if (!token.startsWith(TOKEN_PREFIX) || token.length > 200) return null;
    const [row] = await this.dataSource.query(
      `SELECT t.id, t.prefix, t.org_id AS "orgId", t.connection_id AS "connectionId",
         (t.last_used_at IS NULL OR t.last_used_at < now() - interval '1 minute') AS stale
       FROM scim_tokens t JOIN directory_connections c ON c.id = t.connection_id AND c.org_id = t.org_id
       WHERE t.token_hash = $1 AND t.revoked_at IS NULL AND c.source = $2`,
      [hashToken(token), DirectorySource.SCIM],
    );
    if (!row) return null;
    if (row.stale)
      await this.dataSource.query(`UPDATE scim_tokens SET last_used_at = now() WHERE id = $1`, [row.id]);
    const connection = await this.dataSource
      .getRepository(DirectoryConnection)
      .findOne({ where: { id: row.connectionId, orgId: row.orgId } });
    if (!connection) return null;
    return { tokenId: row.id, prefix: row.prefix, orgId: row.orgId, connection };
  }

  private async scimConnection(orgId: string, connectionId: string): Promise<DirectoryConnection> {
    const connection = await this.dataSource
      .getRepository(DirectoryConnection)
      .findOne({ where: { orgId, id: connectionId } });
    if (!connection) throw new NotFoundError(`no connection with id ${connectionId}`);
    if (connection.source !== DirectorySource.SCIM)
      throw new InvalidInputError(
        `connection "${connection.name}" is a ${connection.source} connection; SCIM tokens are for SCIM connections`,
        'connectionId',
      );
    return connection;
  }
}
