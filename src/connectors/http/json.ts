import { ConnectorError } from '../types';

/** Nesting deeper than this is refused before parsing: no directory document nests anywhere near it, and deep nesting overflows the stack. */
export const DEFAULT_MAX_JSON_DEPTH = 64;

export interface JsonLimits {
  /** Bytes; larger bodies are refused (the transport has already capped what it reads). */
  maxBytes?: number;
  /** Arrays and objects nested deeper than this are refused. */
  maxDepth?: number;
}

/** The deepest nesting of arrays and objects in JSON text, stopping as soon as it passes `limit`. */
export function jsonDepthExceeds(text: string, limit: number): boolean {
  let depth = 0;
  let inString = false;
  for (let index = 0; index < text.length; index += 1) {
    const char = text.charCodeAt(index);
    if (inString) {
      if (char === 0x5c)
        index += 1; // backslash: skip the escaped character
      else if (char === 0x22) inString = false;
      continue;
    }
    if (char === 0x22) inString = true;
    else if (char === 0x7b || char === 0x5b) {
      depth += 1;
      if (depth > limit) return true;
    } else if (char === 0x7d || char === 0x5d) depth -= 1;
  }
  return false;
}

/**
 * A JSON body → value, or INVALID_DATA naming `what` (never quoting the body: it may hold personal
 * data). Accepts a UTF-8 byte order mark.
 */
export function parseJsonBody(
  body: Buffer | Uint8Array | string,
  what: string,
  limits: JsonLimits = {},
): unknown {
  const size = typeof body === 'string' ? Buffer.byteLength(body) : body.byteLength;
  if (limits.maxBytes !== undefined && size > limits.maxBytes) {
    throw new ConnectorError('INVALID_DATA', `${what} is larger than ${limits.maxBytes} bytes`);
  }
  const text = (
    typeof body === 'string'
      ? body
      : Buffer.from(body.buffer, body.byteOffset, body.byteLength).toString('utf8')
  ).replace(/^\uFEFF/, '');
  const maxDepth = limits.maxDepth ?? DEFAULT_MAX_JSON_DEPTH;
  if (jsonDepthExceeds(text, maxDepth)) {
    throw new ConnectorError('INVALID_DATA', `${what} nests deeper than ${maxDepth} levels`);
  }
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new ConnectorError('INVALID_DATA', `${what} is not valid JSON`);
  }
}
