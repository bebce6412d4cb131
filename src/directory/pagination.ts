import { createHmac, timingSafeEqual } from 'node:crypto';
import { InvalidInputError, assertIntInRange } from './errors';

/** Keyset position inside an ordered list: the sort values of the last row seen. */
export type CursorKey = readonly (string | number)[];

export interface PageRequest {
  first: number;
  after: CursorKey | null;
}

export interface Page<T> {
  rows: T[];
  hasNextPage: boolean;
}

export const DEFAULT_PAGE_SIZE = 20;
export const MAX_PAGE_SIZE = 100;
export const MAX_MEMBER_PAGE_SIZE = 200;

/**
 * Opaque, tamper-checked cursors: base64url(JSON of the keyset and the list it belongs to) and an
 * HMAC, so a cursor can be neither forged nor replayed against another list.
 */
export class CursorCodec {
  constructor(private readonly secret: string) {}

  encode(list: string, key: CursorKey): string {
    const body = Buffer.from(JSON.stringify({ l: list, k: key })).toString('base64url');
    return `${body}.${this.sign(body)}`;
  }

  decode(list: string, cursor: string, argument = 'after'): CursorKey {
    const [body, signature, extra] = cursor.split('.');
    if (!body || !signature || extra !== undefined || !this.verify(body, signature)) {
      throw new InvalidInputError(`${argument} is not a valid cursor`, argument);
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(Buffer.from(body, 'base64url').toString('utf8'));
    } catch {
      throw new InvalidInputError(`${argument} is not a valid cursor`, argument);
    }
    const value = parsed as { l?: unknown; k?: unknown };
    if (value.l !== list || !Array.isArray(value.k)) {
      throw new InvalidInputError(`${argument} is a cursor from another list`, argument);
    }
    return value.k as CursorKey;
  }

  /** Validates first/after the way every connection in the graph does. */
  pageRequest(
    list: string,
    first: number | null | undefined,
    after: string | null | undefined,
    max = MAX_PAGE_SIZE,
  ): PageRequest {
    const size = assertIntInRange(first ?? DEFAULT_PAGE_SIZE, 'first', 1, max);
    return { first: size, after: after ? this.decode(list, after) : null };
  }

  private sign(body: string): string {
    return createHmac('sha256', this.secret).update(body).digest('base64url').slice(0, 22);
  }

  private verify(body: string, signature: string): boolean {
    const expected = Buffer.from(this.sign(body));
    const given = Buffer.from(signature);
    return expected.length === given.length && timingSafeEqual(expected, given);
  }
}

/** Cuts a fetched first+1 rows down to a page. */
export function toPage<T>(rows: T[], first: number): Page<T> {
  return rows.length > first
    ? { rows: rows.slice(0, first), hasNextPage: true }
    : { rows, hasNextPage: false };
}

/** Reads a keyset cursor of the given shape, or fails as bad input. */
export function keyParts<T extends readonly ('string' | 'number')[]>(key: CursorKey, shape: T): CursorKey {
  if (key.length !== shape.length || key.some((part, index) => typeof part !== shape[index])) {
    throw new InvalidInputError('after is not a valid cursor for this list', 'after');
  }
  return key;
}
