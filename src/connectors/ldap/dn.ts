/**
 * Distinguished names (RFC 4514): parsing, escaping, and a normalized form for comparing DNs that
 * different parts of a directory spell differently. A server returns an entry's DN in one form
 * ("cn=Smith\2C John,ou=people,dc=example,dc=com") and a `member` or `manager` value pointing at
 * it in another ("CN=smith\, john,OU=People,DC=Example,DC=com", "uid=b+cn=A,…" for "cn=A+uid=b,…").
 * Pure: no I/O.
 */

/** One attribute type and value of an RDN. */
export interface Ava {
  /** The attribute type as written ("CN", "cn", "2.5.4.3"). */
  type: string;
  /** The value with escapes resolved; for a #hex (BER) value, the hex digits after '#', lower case. */
  value: string;
  /** The value was written as #hex (an encoded value, kept as bytes rather than read as text). */
  hex?: boolean;
}

/** A relative distinguished name: one or more AVAs (more than one for a multi-valued RDN, "cn=A+uid=b"). */
export type Rdn = Ava[];

export class DnSyntaxError extends Error {
  override name = 'DnSyntaxError';
}

/** RFC 4514 §3: the characters that end a value (',' and '+'; ';' is the RFC 2253/1779 separator still met in the wild). */
const SEPARATORS = new Set([',', '+', ';']);
/** Characters that may follow a backslash as themselves (RFC 4514 §3 `special`, plus '=' which §2.4 lets be escaped). */
const ESCAPABLE = new Set(['"', '+', ',', ';', '<', '>', '\\', ' ', '#', '=']);
const HEX = /^[0-9a-fA-F]{2}$/;
const DESCR = /^[A-Za-z][A-Za-z0-9-]*$/;
const NUMERIC_OID = /^\d+(?:\.\d+)*$/;

/**
 * Common attribute types that servers may spell as OIDs in DNs; compared by name so that
 * "2.5.4.3=Jane" and "cn=Jane" match.
 */
const OID_NAMES: Readonly<Record<string, string>> = {
  '2.5.4.3': 'cn',
  '2.5.4.4': 'sn',
  '2.5.4.5': 'serialnumber',
  '2.5.4.6': 'c',
  '2.5.4.7': 'l',
  '2.5.4.8': 'st',
  '2.5.4.9': 'street',
  '2.5.4.10': 'o',
  '2.5.4.11': 'ou',
  '2.5.4.12': 'title',
  '0.9.2342.19200300.100.1.1': 'uid',
  '0.9.2342.19200300.100.1.25': 'dc',
};

class Reader {
  index = 0;
  constructor(readonly text: string) {}

  get done(): boolean {
    return this.index >= this.text.length;
  }

  peek(): string {
    return this.text[this.index];
  }

  skipSpaces(): void {
    while (!this.done && this.peek() === ' ') this.index += 1;
  }

  fail(problem: string): never {
    throw new DnSyntaxError(`${problem} at character ${this.index + 1} of the DN`);
  }
}

function readType(reader: Reader): string {
  reader.skipSpaces();
  const start = reader.index;
  while (!reader.done && reader.peek() !== '=' && !SEPARATORS.has(reader.peek())) reader.index += 1;
  let type = reader.text.slice(start, reader.index).trim();
  if (reader.done || reader.peek() !== '=') reader.fail(`"${type || '(empty)'}" is not followed by "="`);
  reader.index += 1; // '='
  // RFC 1779 spelled numeric types "OID.2.5.4.3".
  if (/^oid\./i.test(type)) type = type.slice(4);
  if (!DESCR.test(type) && !NUMERIC_OID.test(type)) {
    reader.index = start;
    reader.fail(`"${type}" is not an attribute type`);
  }
  return type;
}

/** A #hex value (RFC 4514 §2.4: the BER encoding of a value whose type has no string form). */
function readHexValue(reader: Reader): string {
  reader.index += 1; // '#'
  const start = reader.index;
  while (!reader.done && /[0-9a-fA-F]/.test(reader.peek())) reader.index += 1;
  const digits = reader.text.slice(start, reader.index);
  if (digits.length === 0 || digits.length % 2 !== 0)
    reader.fail('a "#" value needs an even number of hex digits');
  reader.skipSpaces();
  if (!reader.done && !SEPARATORS.has(reader.peek())) reader.fail('unexpected character after a "#" value');
  return digits.toLowerCase();
}

/** The RFC 2253 quoted form ("cn=\"Smith, John\""), accepted when reading only. */
function readQuotedValue(reader: Reader): string {
  reader.index += 1; // opening quote
  const bytes: Buffer[] = [];
  for (;;) {
    if (reader.done) reader.fail('a quoted value is not closed');
    const char = reader.peek();
    if (char === '"') break;
    if (char === '\\') bytes.push(readEscape(reader));
    else {
      bytes.push(Buffer.from(char, 'utf8'));
      reader.index += 1;
    }
  }
  reader.index += 1; // closing quote
  reader.skipSpaces();
  if (!reader.done && !SEPARATORS.has(reader.peek()))
    reader.fail('unexpected character after a quoted value');
  return Buffer.concat(bytes).toString('utf8');
}

/** A backslash pair: "\," stands for itself, "\2C" for a byte (runs of them form UTF-8 sequences). */
function readEscape(reader: Reader): Buffer {
  const next = reader.text.slice(reader.index + 1, reader.index + 3);
  if (HEX.test(next)) {
    reader.index += 3;
    return Buffer.from([parseInt(next, 16)]);
  }
  const char = reader.text[reader.index + 1];
  if (char === undefined || !ESCAPABLE.has(char))
    reader.fail('"\\" must be followed by a special character or two hex digits');
  reader.index += 2;
  return Buffer.from(char, 'utf8');
}

function readStringValue(reader: Reader): string {
  const bytes: Buffer[] = [];
  /** Bytes up to the last escaped one: unescaped trailing spaces are not part of the value. */
  let keep = 0;
  let length = 0;
  // Unescaped leading spaces are not part of the value either (RFC 4514 asks for them to be escaped).
  reader.skipSpaces();
  while (!reader.done && !SEPARATORS.has(reader.peek())) {
    const char = reader.peek();
    let piece: Buffer;
    if (char === '\\') {
      piece = readEscape(reader);
      bytes.push(piece);
      length += piece.length;
      keep = length;
      continue;
    }
    // A character outside the BMP is two UTF-16 units; take both.
    const codePoint = reader.text.codePointAt(reader.index) ?? 0;
    const whole = String.fromCodePoint(codePoint);
    piece = Buffer.from(whole, 'utf8');
    reader.index += whole.length;
    bytes.push(piece);
    length += piece.length;
    if (char !== ' ') keep = length;
  }
  return Buffer.concat(bytes).subarray(0, keep).toString('utf8');
}

/**
 * Parses a DN into its RDNs, leftmost (most specific) first. Lenient where servers and tools are:
 * spaces around separators and '=', ';' as a separator, RFC 2253 quoted values, "OID." prefixes.
 * Throws DnSyntaxError naming the position of the first problem. The empty DN is the root: [].
 */
export function parseDn(dn: string): Rdn[] {
  const reader = new Reader(dn);
  reader.skipSpaces();
  if (reader.done) return [];
  const rdns: Rdn[] = [];
  let rdn: Rdn = [];
  for (;;) {
    const type = readType(reader);
    reader.skipSpaces();
    let ava: Ava;
    if (!reader.done && reader.peek() === '#') ava = { type, value: readHexValue(reader), hex: true };
    else if (!reader.done && reader.peek() === '"') ava = { type, value: readQuotedValue(reader) };
    else ava = { type, value: readStringValue(reader) };
    rdn.push(ava);
    if (reader.done) break;
    const separator = reader.peek();
    reader.index += 1;
    if (separator !== '+') {
      rdns.push(rdn);
      rdn = [];
    }
    reader.skipSpaces();
    if (reader.done) reader.fail('the DN ends with a separator');
  }
  rdns.push(rdn);
  return rdns;
}

/**
 * Escapes an attribute value for use in a DN (RFC 4514 §2.4): the characters ", + , ; < > \ and
 * NUL anywhere, '#' or a space at the start, a space at the end. Everything else, non-ASCII
 * included, is written as itself (UTF-8 on the wire).
 */
export function escapeDnValue(value: string): string {
  let escaped = '';
  for (let i = 0; i < value.length; i += 1) {
    const char = value[i];
    if (char === '\0') escaped += '\\00';
    else if ('"+,;<>\\'.includes(char)) escaped += `\\${char}`;
    else if ((i === 0 && (char === ' ' || char === '#')) || (i === value.length - 1 && char === ' ')) {
      escaped += `\\${char}`;
    } else escaped += char;
  }
  return escaped;
}

/** Writes RDNs back as an RFC 4514 string, keeping types and values as they are. */
export function formatDn(rdns: readonly Rdn[]): string {
  return rdns
    .map((rdn) =>
      rdn.map((ava) => `${ava.type}=${ava.hex ? `#${ava.value}` : escapeDnValue(ava.value)}`).join('+'),
    )
    .join(',');
}

/** A type as compared: names are case-insensitive, and a few well-known OIDs stand for their names. */
function normalizeType(type: string): string {
  const lowered = type.toLowerCase();
  return OID_NAMES[lowered] ?? lowered;
}

/**
 * A value as compared, after the string preparation of RFC 4518 for the case-ignoring matching
 * rules that naming attributes (cn, uid, ou, dc…) use: Unicode compatibility normalization, case
 * folding, and insignificant spaces (leading, trailing, and runs) removed.
 */
function normalizeValue(ava: Ava): string {
  if (ava.hex) return `#${ava.value}`;
  return ava.value.normalize('NFKC').toLowerCase().replace(/\s+/g, ' ').trim();
}

/**
 * The comparison key of a DN: equal for every spelling of the same name (type case, OID types,
 * escaping style, value case and insignificant spaces, order of a multi-valued RDN's parts), and
 * itself a valid RFC 4514 DN. Throws DnSyntaxError for text that is not a DN.
 *
 * Values are compared case-insensitively, as the naming attributes' matching rules do; a directory
 * whose naming attribute is case-exact and that holds two entries differing only by case would see
 * them as one.
 */
export function normalizeDn(dn: string): string {
  return parseDn(dn)
    .map((rdn) =>
      rdn
        .map((ava) => {
          const value = normalizeValue(ava);
          return `${normalizeType(ava.type)}=${ava.hex ? value : escapeDnValue(value)}`;
        })
        .sort()
        .join('+'),
    )
    .join(',');
}

/** The value of a DN's first (leftmost) AVA, e.g. "Smith, John" for "cn=Smith\, John,ou=people,…". */
export function leafValue(dn: string): string | null {
  const [first] = parseDn(dn);
  const ava = first?.[0];
  return ava && !ava.hex ? ava.value : null;
}
