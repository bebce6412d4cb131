/**
 * The incremental cursor: where the next incremental sync starts reading, as the lower bound of a
 * `(changeAttribute>=value)` clause.
 *
 * - Active Directory (uSNChanged): the domain controller's highestCommittedUSN read from the root
 *   DSE *before* the sync read anything, plus one. Every change committed during or after the read
 *   gets a higher USN, so none is missed. USNs are local to one domain controller, so the cursor
 *   records which one (dsServiceName) and expires when another one answers. A server without
 *   highestCommittedUSN falls back to the highest uSNChanged seen, plus one.
 * - OpenLDAP (modifyTimestamp, one-second resolution): the newest modifyTimestamp seen, plus one
 *   second — unless it falls within OVERLAP_MS of when the read started, in which case the cursor is
 *   the start time minus OVERLAP_MS. Changes made while a long paged read runs (to entries already
 *   read) are then read again next time instead of being lost, and so are changes made in the same
 *   second as the newest one seen. The overlap also absorbs clock skew between us and the server up
 *   to its length. Re-reading an unchanged entry is harmless: the engine skips it.
 *
 * The cursor also records a fingerprint of what was read (flavor, server, bases, filters): a cursor
 * made under other settings expires, because entries newly in scope would never be seen otherwise.
 */
import { createHash } from 'node:crypto';
import { ConnectorError } from '../types';
import { formatGeneralizedTime, parseGeneralizedTime } from './ldap-entry';

export const OVERLAP_MS = 10 * 60 * 1000;

export type LdapCursor =
  | { v: 1; kind: 'usn'; next: string; dc: string | null; scope: string }
  | { v: 1; kind: 'time'; next: string; scope: string };

const USN = /^\d{1,20}$/;
const TIME = /^\d{14}Z$/;

export function scopeFingerprint(parts: readonly (string | undefined)[]): string {
  return createHash('sha256').update(JSON.stringify(parts)).digest('hex').slice(0, 16);
}

export function encodeCursor(cursor: LdapCursor): string {
  return JSON.stringify(cursor);
}

function expired(reason: string): ConnectorError {
  return new ConnectorError(
    'CURSOR_EXPIRED',
    `the stored incremental cursor ${reason}; a full sync is needed`,
  );
}

/** Reads a stored cursor, or throws CURSOR_EXPIRED when it cannot be used with these settings. */
export function decodeCursor(
  text: string,
  expected: { kind: LdapCursor['kind']; scope: string },
): LdapCursor {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw expired('cannot be read');
  }
  if (typeof value !== 'object' || value === null) throw expired('cannot be read');
  const record = value as Record<string, unknown>;
  if (record.v !== 1 || typeof record.next !== 'string' || typeof record.scope !== 'string') {
    throw expired('cannot be read');
  }
  if (record.kind !== expected.kind) throw expired('was made for another kind of directory');
  if (record.scope !== expected.scope) throw expired('was made with other connection settings');
  if (record.kind === 'usn') {
    if (!USN.test(record.next)) throw expired('cannot be read');
    const dc = record.dc;
    if (dc !== null && typeof dc !== 'string') throw expired('cannot be read');
    return { v: 1, kind: 'usn', next: record.next, dc, scope: record.scope };
  }
  if (!TIME.test(record.next) || parseGeneralizedTime(record.next) === null) throw expired('cannot be read');
  return { v: 1, kind: 'time', next: record.next, scope: record.scope };
}

/** The next USN cursor value: from highestCommittedUSN when known, else from the highest seen. */
export function nextUsn(options: {
  previous: bigint | null;
  highestCommitted: bigint | null;
  maxSeen: bigint | null;
}): bigint | null {
  const candidate =
    options.highestCommitted !== null
      ? options.highestCommitted + 1n
      : options.maxSeen !== null
        ? options.maxSeen + 1n
        : null;
  if (candidate === null) return options.previous;
  return options.previous !== null && options.previous > candidate ? options.previous : candidate;
}

/** The next timestamp cursor value (see the module comment); null when nothing is known yet. */
export function nextTimestamp(options: {
  previous: Date | null;
  startedAt: Date;
  maxSeen: Date | null;
}): string | null {
  let candidate: Date | null = null;
  if (options.maxSeen !== null) {
    const settled = options.startedAt.getTime() - OVERLAP_MS;
    const seen = options.maxSeen.getTime();
    // Whole seconds: filters compare at one-second resolution.
    candidate =
      seen < settled
        ? new Date(Math.floor(seen / 1000) * 1000 + 1000)
        : new Date(Math.floor(settled / 1000) * 1000);
  }
  const best =
    candidate === null
      ? options.previous
      : options.previous !== null && options.previous > candidate
        ? options.previous
        : candidate;
  return best === null ? null : formatGeneralizedTime(best);
}
