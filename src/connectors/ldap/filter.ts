/**
 * LDAP search filters (RFC 4515): escaping of values, builders for the clauses the connector adds,
 * and a strict syntax check for filters an administrator configures. A configured filter is an
 * expression, not a value, so it cannot be escaped; it is checked to be exactly one well-formed
 * filter, so that wrapping it — `(&<configured>(modifyTimestamp>=…))` — cannot be broken out of.
 * Pure: no I/O.
 */

export class FilterSyntaxError extends Error {
  override name = 'FilterSyntaxError';
}

/** An attribute description: a name or numeric OID, with options (";binary", ";lang-en"). */
const ATTRIBUTE_DESCRIPTION = /^(?:[A-Za-z][A-Za-z0-9-]*|\d+(?:\.\d+)+)(?:;[A-Za-z0-9-]+)*$/;

export function isAttributeDescription(name: string): boolean {
  return ATTRIBUTE_DESCRIPTION.test(name);
}

function checkAttribute(name: string): string {
  if (!isAttributeDescription(name)) throw new FilterSyntaxError(`"${name}" is not an attribute name`);
  return name;
}

/**
 * Escapes a value for a filter (RFC 4515 §3): '*', '(', ')', '\' and NUL become \2a, \28, \29,
 * \5c and \00. Nothing else needs escaping; non-ASCII text is left as UTF-8, which every server
 * reads (and which some client libraries decode wrongly when it is hex-escaped byte by byte).
 */
export function escapeFilterValue(value: string): string {
  return value.replace(/[*()\\\0]/g, (char) => `\\${char.charCodeAt(0).toString(16).padStart(2, '0')}`);
}

/** Escapes bytes for a filter, every byte as \xx: for binary attributes such as objectGUID. */
export function escapeFilterBytes(bytes: Uint8Array): string {
  return Array.from(bytes, (byte) => `\\${byte.toString(16).padStart(2, '0')}`).join('');
}

/** (attribute=value), the value escaped: a value can never add wildcards or clauses. */
export function equalityFilter(attribute: string, value: string): string {
  return `(${checkAttribute(attribute)}=${escapeFilterValue(value)})`;
}

/** (attribute>=value), the value escaped. */
export function atLeastFilter(attribute: string, value: string): string {
  return `(${checkAttribute(attribute)}>=${escapeFilterValue(value)})`;
}

/** (&…) of the given filters, each of which must already be a checked, parenthesized filter. */
export function andFilter(...filters: string[]): string {
  if (filters.length === 0) throw new FilterSyntaxError('an AND filter needs at least one part');
  return filters.length === 1 ? filters[0] : `(&${filters.join('')})`;
}

/**
 * Rewrites runs of \xx escapes that spell non-ASCII UTF-8 ("caf\c3\a9") as the characters themselves
 * ("café"). Same filter for the server; needed because ldapts decodes each escaped byte as a
 * character of its own, which would send "cafÃ©". Escapes of ASCII bytes are left as they are.
 */
export function unescapeUtf8Runs(filter: string): string {
  return filter.replace(/(?:\\[0-9a-fA-F]{2})+/g, (run) => {
    const bytes = Buffer.from(run.replace(/\\/g, ''), 'hex');
    if (bytes.every((byte) => byte < 0x80)) return run;
    let text: string;
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    } catch {
      return run; // not UTF-8 (a binary value): leave it to the server
    }
    return escapeFilterValue(text);
  });
}

class Scanner {
  index = 0;
  constructor(readonly text: string) {}

  get done(): boolean {
    return this.index >= this.text.length;
  }

  peek(): string {
    return this.text[this.index];
  }

  expect(char: string): void {
    if (this.peek() !== char)
      this.fail(this.done ? `expected "${char}" but the filter ends` : `expected "${char}"`);
    this.index += 1;
  }

  fail(problem: string): never {
    throw new FilterSyntaxError(`${problem} at character ${Math.min(this.index, this.text.length) + 1}`);
  }
}

/** Reads an attribute description (or a matching rule OID) up to one of the stop characters. */
function scanName(scanner: Scanner, what: string): string {
  const start = scanner.index;
  while (!scanner.done && /[A-Za-z0-9.;-]/.test(scanner.peek())) scanner.index += 1;
  const name = scanner.text.slice(start, scanner.index);
  if (!isAttributeDescription(name)) {
    scanner.index = start;
    scanner.fail(`expected ${what}`);
  }
  return name;
}

/** Reads an assertion value up to ')'; '*' is allowed only where substrings are (allowStar). */
function scanValue(scanner: Scanner, allowStar: boolean): void {
  while (!scanner.done && scanner.peek() !== ')') {
    const char = scanner.peek();
    if (char === '(' || char === '\0')
      scanner.fail(`"${char === '(' ? '(' : 'NUL'}" must be escaped in a value`);
    if (char === '*' && !allowStar) scanner.fail('"*" must be escaped here (\\2a)');
    if (char === '\\') {
      if (!/^[0-9a-fA-F]{2}$/.test(scanner.text.slice(scanner.index + 1, scanner.index + 3)))
        scanner.fail('"\\" must be followed by two hex digits');
      scanner.index += 3;
    } else scanner.index += 1;
  }
}

/** One item after the attribute: =, ~=, >=, <=, presence and substrings, or an extensible match. */
function scanItem(scanner: Scanner): void {
  if (scanner.peek() === ':') {
    scanExtensible(scanner, false);
    return;
  }
  scanName(scanner, 'an attribute name');
  const char = scanner.peek();
  if (char === ':') {
    scanExtensible(scanner, true);
    return;
  }
  if (char === '~' || char === '>' || char === '<') {
    scanner.index += 1;
    scanner.expect('=');
    scanValue(scanner, false);
    return;
  }
  scanner.expect('=');
  scanValue(scanner, true);
}

/** attr[:dn][:rule]:=value or [:dn]:rule:=value (RFC 4515 §3, "extensible"). */
function scanExtensible(scanner: Scanner, hasAttribute: boolean): void {
  let hasRule = false;
  if (/^:dn:/i.test(scanner.text.slice(scanner.index, scanner.index + 4))) scanner.index += 3;
  if (scanner.text.slice(scanner.index, scanner.index + 2) !== ':=') {
    scanner.expect(':');
    const start = scanner.index;
    while (!scanner.done && /[0-9.A-Za-z-]/.test(scanner.peek())) scanner.index += 1;
    if (scanner.index === start) scanner.fail('expected a matching rule');
    hasRule = true;
  }
  if (!hasAttribute && !hasRule) scanner.fail('expected a matching rule');
  scanner.expect(':');
  scanner.expect('=');
  scanValue(scanner, false);
}

function scanFilter(scanner: Scanner, depth: number): void {
  if (depth > 50) scanner.fail('the filter is nested too deeply');
  scanner.expect('(');
  const char = scanner.peek();
  if (char === '&' || char === '|') {
    scanner.index += 1;
    if (scanner.peek() !== '(') scanner.fail(`"${char}" must be followed by at least one filter`);
    while (scanner.peek() === '(') scanFilter(scanner, depth + 1);
  } else if (char === '!') {
    scanner.index += 1;
    scanFilter(scanner, depth + 1);
  } else if (scanner.done) {
    scanner.fail('the filter ends early');
  } else {
    scanItem(scanner);
  }
  scanner.expect(')');
}

/**
 * Checks that text is exactly one RFC 4515 filter and returns it; a bare item ("objectClass=user")
 * is parenthesized first. Throws FilterSyntaxError with the position of the first problem.
 */
export function checkFilter(text: string): string {
  const filter = text.trim();
  if (filter === '') throw new FilterSyntaxError('the filter is empty');
  const wrapped = filter.startsWith('(') ? filter : `(${filter})`;
  const scanner = new Scanner(wrapped);
  scanFilter(scanner, 0);
  if (!scanner.done) scanner.fail('unexpected text after the filter');
  return wrapped;
}
