import { Queryable } from './store';

/** Who made a SCIM request: the token (its id and shown prefix, never the token) and what it sent. */
export interface ScimWriter {
  tokenId: string;
  tokenPrefix: string;
  /** The HTTP method of the request (or of the bulk operation). */
  method: string;
  /** Names of the attributes the request wrote (never their values). */
  attributes: string[];
  bulkId: string | null;
}

export type ScimWriteOperation = 'create' | 'update' | 'delete';

export interface ScimWriteEntry {
  operation: ScimWriteOperation;
  resourceType: 'User' | 'Group';
  resourceId: string | null;
  /** The HTTP status the write answered. */
  status: number;
  scimType?: string | null;
}

/** A row of the SCIM write log, as an admin reads it. */
export interface ScimWriteRecord extends ScimWriteEntry {
  id: string;
  scimType: string | null;
  connectionId: string;
  tokenId: string | null;
  tokenPrefix: string | null;
  method: string;
  bulkId: string | null;
  attributes: string[];
  at: Date;
}

/**
 * The log of SCIM writes (table scim_write_log): one row per write, successful ones in the write's
 * own transaction (no write without its row), refused ones after the refusal.
 */
export class ScimWriteLog {
  async record(
    q: Queryable,
    scope: { orgId: string; connectionId: string },
    writer: ScimWriter,
    entry: ScimWriteEntry,
  ): Promise<void> {
    await q.query(
      `INSERT INTO scim_write_log (org_id, connection_id, token_id, token_prefix, method, operation, resource_type,
         resource_id, bulk_id, status, scim_type, attributes)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`,
      [
        scope.orgId,
        scope.connectionId,
        writer.tokenId,
        writer.tokenPrefix,
        writer.method,
        entry.operation,
        entry.resourceType,
        entry.resourceId,
        writer.bulkId,
        entry.status,
        entry.scimType ?? null,
        writer.attributes,
      ],
    );
  }

  /** The connection's writes, newest first; `before` pages on from an entry's id. */
  async list(
    q: Queryable,
    scope: { orgId: string; connectionId: string },
    first: number,
    before: string | null,
  ): Promise<ScimWriteRecord[]> {
    return (await q.query(
      `SELECT id::text, connection_id AS "connectionId", token_id AS "tokenId", token_prefix AS "tokenPrefix", method,
         operation, resource_type AS "resourceType", resource_id AS "resourceId", bulk_id AS "bulkId", status,
         scim_type AS "scimType", attributes, at
       FROM scim_write_log WHERE org_id = $1 AND connection_id = $2 AND ($3::bigint IS NULL OR id < $3::bigint)
       ORDER BY id DESC LIMIT $4`,
      [scope.orgId, scope.connectionId, before, first],
    )) as ScimWriteRecord[];
  }
}

/** The attribute names a write names (POST/PUT body keys, PATCH paths), never a value. */
export function attributeNames(method: string, body: unknown): string[] {
  if (!body || typeof body !== 'object' || Array.isArray(body)) return [];
  const names = new Set<string>();
  const addKeys = (object: Record<string, unknown>, prefix = '') => {
    for (const [key, value] of Object.entries(object)) {
      if (['schemas', 'id', 'meta', 'password'].includes(key.toLowerCase())) continue;
      if (key.toLowerCase().startsWith('urn:') && value && typeof value === 'object' && !Array.isArray(value))
        addKeys(value as Record<string, unknown>, `${key}:`);
      else names.add(`${prefix}${key}`);
    }
  };
  if (method === 'PATCH') {
    const operations = (body as { Operations?: unknown }).Operations;
    for (const operation of Array.isArray(operations) ? operations : []) {
      if (!operation || typeof operation !== 'object') continue;
      const { path, value } = operation as { path?: unknown; value?: unknown };
      // A value filter (emails[value eq "…"]) holds a value: only the attribute is named.
      if (typeof path === 'string' && path.trim() !== '') names.add(path.replace(/\[[^\]]*\]/g, '').trim());
      else if (value && typeof value === 'object' && !Array.isArray(value))
        addKeys(value as Record<string, unknown>);
    }
  } else addKeys(body as Record<string, unknown>);
  return [...names].slice(0, 100).map((name) => name.slice(0, 200));
}
