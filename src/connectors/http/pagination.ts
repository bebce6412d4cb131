/**
 * The target of the Link header relation `rel` (RFC 8288). Several Link headers may arrive joined
 * with ", " (fetch, proxies), so the value is split at each "<".
 */
export function linkTarget(header: string | string[] | null | undefined, rel = 'next'): string | null {
  if (!header) return null;
  const values = Array.isArray(header) ? header : [header];
  for (const value of values) {
    for (const part of value.split(/,(?=\s*<)/)) {
      const match = /^\s*<([^>]*)>(.*)$/.exec(part);
      if (!match) continue;
      const relation = /;\s*rel\s*=\s*(?:"([^"]*)"|([^\s;,]+))/i.exec(match[2]);
      const relations = (relation?.[1] ?? relation?.[2] ?? '').toLowerCase().split(/\s+/);
      if (relations.includes(rel.toLowerCase())) return match[1];
    }
  }
  return null;
}

/** A next-page URL given by the server, resolved against the page it came from; null when it is absent. */
export function resolveNextUrl(next: unknown, current: string): string | null {
  if (typeof next !== 'string' || next === '') return null;
  return new URL(next, current).toString();
}

/** Offset paging: the offsets to ask for after `offset`, until a short page or the stated total. */
export interface OffsetPage {
  offset: number;
  limit: number;
}

/** The next offset page, or null when the last page has been read (a short page, or total reached). */
export function nextOffsetPage(
  current: OffsetPage,
  received: number,
  total?: number | null,
): OffsetPage | null {
  const next = current.offset + received;
  if (received === 0 || received < current.limit) return null;
  if (total !== undefined && total !== null && next >= total) return null;
  return { offset: next, limit: current.limit };
}
