/**
 * Reads `{"Report_Entry": [ {...}, {...} ]}` as it arrives: a RaaS report is one response (Workday
 * does not page custom reports), tens of megabytes for a large tenant, so its entries are cut out of
 * the stream one by one and handed on in pages instead of parsing the whole body at once.
 */

/** The body is not a report: the caller turns this into INVALID_DATA. */
export class MalformedReport extends Error {}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;

type Phase = 'before' | 'entries' | 'after';

/**
 * Pages of parsed entries (each page at most `pageSize`). Only the top-level `Report_Entry` list is
 * read; other top-level keys are skipped. Throws MalformedReport when the body is not JSON of that
 * shape or ends early (a dropped connection mid-report must not look like a short report).
 */
export async function* reportEntries(
  chunks: AsyncIterable<Uint8Array>,
  pageSize: number,
): AsyncGenerator<unknown[]> {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  let phase: Phase = 'before';
  let head = ''; // text before the list, until the key is found
  let buffer = ''; // text of the entry being cut
  let depth = 0;
  let inString = false;
  let escaped = false;
  const page: unknown[] = [];
  let tail = '';

  const decode = (chunk: Uint8Array | undefined): string => {
    try {
      return chunk ? decoder.decode(chunk, { stream: true }) : decoder.decode();
    } catch {
      throw new MalformedReport('the report is not valid UTF-8');
    }
  };

  const consume = (text: string): void => {
    let start = 0;
    if (phase === 'before') {
      head += text;
      const found = /^\s*\{[\s\S]*?"Report_Entry"\s*:\s*\[/.exec(head);
      if (!found) {
        if (!/^\s*(\{[\s\S]*)?$/.test(head)) throw new MalformedReport('the report is not a JSON object');
        if (head.length > 1_000_000) throw new MalformedReport('the report has no Report_Entry list');
        return;
      }
      text = head.slice(found[0].length);
      head = '';
      phase = 'entries';
    }
    if (phase === 'after') {
      tail += text;
      return;
    }
    for (let i = 0; i < text.length; i++) {
      const code = text.charCodeAt(i);
      if (inString) {
        if (escaped) escaped = false;
        else if (code === BACKSLASH) escaped = true;
        else if (code === QUOTE) inString = false;
        continue;
      }
      if (code === QUOTE) {
        if (depth === 0) throw new MalformedReport('Report_Entry holds something other than objects');
        inString = true;
      } else if (code === OPEN_BRACE || code === OPEN_BRACKET) {
        if (depth === 0) start = i;
        depth += 1;
      } else if (code === CLOSE_BRACE || code === CLOSE_BRACKET) {
        if (depth === 0) {
          if (code !== CLOSE_BRACKET)
            throw new MalformedReport('the Report_Entry list is not closed properly');
          phase = 'after';
          tail = text.slice(i + 1);
          return;
        }
        depth -= 1;
        if (depth === 0) {
          const entry = buffer + text.slice(start, i + 1);
          buffer = '';
          try {
            page.push(JSON.parse(entry));
          } catch {
            throw new MalformedReport(`entry ${page.length + 1} of a page is not JSON`);
          }
        }
      } else if (depth === 0 && code !== 0x2c && code > 0x20) {
        throw new MalformedReport('Report_Entry holds something other than objects');
      }
    }
    if (depth > 0) buffer += text.slice(depth > 0 && buffer === '' ? start : 0);
  };

  for await (const chunk of chunks) {
    consume(decode(chunk));
    if (page.length >= pageSize) {
      // A chunk can complete several pages' worth of entries: hand them on page by page.
      while (page.length >= pageSize) yield page.splice(0, pageSize);
    }
  }
  consume(decode(undefined));
  if (phase === 'before') throw new MalformedReport('the report has no Report_Entry list');
  if (phase === 'entries') throw new MalformedReport('the report ends before its Report_Entry list does');
  if (!/^\s*(,[\s\S]*)?\}\s*$/.test(tail))
    throw new MalformedReport('the report does not end as a JSON object');
  if (page.length > 0) yield page;
}
