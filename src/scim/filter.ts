import { Compare, Filter } from 'scim2-parse-filter';
import { parseFilter, Token, Tokens } from 'scim2-parse-filter/lib/src/parser';
import { invalidFilter, quote } from './errors';

export type { Filter, Compare };
export type CompareOp = Compare['op'];

const MAX_FILTER_LENGTH = 4096;
const COMPARISON_OPERATORS = new Set(['eq', 'ne', 'co', 'sw', 'ew', 'gt', 'lt', 'ge', 'le']);
const WORD = /[A-Za-z_$][\w$\-.:/]*/y;
const NUMBER = /-?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?(?=$|[\s()[\]])/y;
const STRING = /"(?:[^"\\]|\\.)*"/y;

/**
 * Parses a filter (RFC 7644 §3.4.2.2). The grammar and precedence come from scim2-parse-filter's
 * parser (not > and > or, parentheses, value paths); the tokens come from here, because its
 * tokenizer mangles escapes ("a\\" fails, "a\\b" keeps both backslashes, \u0041 is not decoded),
 * cannot read "$ref", and turns `emails[type eq "work"].value eq "x"` into a condition on two
 * different emails. Here that form means one email that matches both (Entra ID sends it), and a bare
 * word after an operator is a string (Entra ID's documentation shows `externalId eq jyoung`).
 */
export function parseScimFilter(text: string): Filter {
  if (text.length > MAX_FILTER_LENGTH)
    throw invalidFilter(`filter is longer than ${MAX_FILTER_LENGTH} characters`);
  const tokens = tokenize(text);
  const list = new Tokens(tokens);
  let filter: Filter;
  try {
    filter = parseFilter(list);
  } catch (error) {
    throw invalidFilter(`filter ${quote(text)} is not valid: ${(error as Error).message}`);
  }
  if (list.peek().type !== 'EOT')
    throw invalidFilter(`filter ${quote(text)} is not valid: unexpected ${quote(list.peek().literal)}`);
  return filter;
}

function tokenize(text: string): Token[] {
  const out: Token[] = [];
  /** Indexes in `out` of the open value-path brackets. */
  const open: number[] = [];
  let position = 0;
  const match = (pattern: RegExp): string | null => {
    pattern.lastIndex = position;
    const found = pattern.exec(text);
    if (!found) return null;
    position += found[0].length;
    return found[0];
  };
  const skipSpace = () => {
    while (position < text.length && /\s/.test(text[position])) position += 1;
  };
  const value = (): Token => {
    skipSpace();
    const quoted = match(STRING);
    if (quoted !== null) return { type: 'Quoted', literal: JSON.stringify(decodeString(quoted)) };
    const number = match(NUMBER);
    if (number !== null) return { type: 'Number', literal: number };
    const word = match(WORD);
    if (word !== null) {
      const lower = word.toLowerCase();
      if (lower === 'true' || lower === 'false' || lower === 'null') return { type: 'Word', literal: lower };
      return { type: 'Quoted', literal: JSON.stringify(word) };
    }
    throw invalidFilter(`filter ${quote(text)} is missing a value at position ${position + 1}`);
  };

  while (true) {
    skipSpace();
    if (position >= text.length) break;
    const char = text[position];
    if (char === '(' || char === ')') {
      out.push({ type: 'Bracket', literal: char });
      position += 1;
    } else if (char === '[') {
      open.push(out.length);
      out.push({ type: 'Bracket', literal: '[' });
      position += 1;
    } else if (char === ']') {
      position += 1;
      const start = open.pop();
      if (start === undefined) throw invalidFilter(`filter ${quote(text)} has an unmatched "]"`);
      if (text[position] !== '.') {
        out.push({ type: 'Bracket', literal: ']' });
        continue;
      }
      // attr[filter].sub op value  →  attr[(filter) and sub op value]
      position += 1;
      const sub = match(WORD);
      skipSpace();
      const operator = match(WORD)?.toLowerCase();
      if (!sub || !operator || (!COMPARISON_OPERATORS.has(operator) && operator !== 'pr'))
        throw invalidFilter(`filter ${quote(text)}: a sub-attribute after "]" needs a comparison`);
      const inner = out.splice(start + 1);
      out.push(
        { type: 'Bracket', literal: '(' },
        ...inner,
        { type: 'Bracket', literal: ')' },
        { type: 'Word', literal: 'and' },
        { type: 'Word', literal: sub },
        { type: 'Word', literal: operator },
      );
      if (operator !== 'pr') out.push(value());
      out.push({ type: 'Bracket', literal: ']' });
    } else if (char === '"') {
      throw invalidFilter(`filter ${quote(text)} has a value where an attribute was expected`);
    } else {
      const word = match(WORD) ?? match(NUMBER);
      if (word === null) throw invalidFilter(`filter ${quote(text)} has an unexpected ${quote(char)}`);
      out.push({ type: 'Word', literal: word });
      if (COMPARISON_OPERATORS.has(word.toLowerCase()) && out.length > 1) out.push(value());
    }
  }
  if (open.length > 0) throw invalidFilter(`filter ${quote(text)} has an unclosed "["`);
  out.push({ type: 'EOT', literal: '' });
  return out;
}

function decodeString(literal: string): string {
  try {
    return JSON.parse(literal) as string;
  } catch {
    throw invalidFilter(`${quote(literal)} is not a valid JSON string`);
  }
}

/** Whether a filter is a disjunction of `value eq "…"` (the PATCH member selector clients send). */
export function equalityValues(filter: Filter, attribute: string): string[] | null {
  if (filter.op === 'or') {
    const parts = filter.filters.map((part) => equalityValues(part, attribute));
    return parts.every((part) => part !== null) ? parts.flat() : null;
  }
  if (
    filter.op === 'eq' &&
    filter.attrPath.toLowerCase() === attribute &&
    typeof filter.compValue === 'string'
  )
    return [filter.compValue];
  return null;
}

/** The `sub eq value` pairs of a conjunction of equalities, or null if the filter is anything else. */
export function equalityConjunction(filter: Filter): Record<string, string | number | boolean> | null {
  if (filter.op === 'and') {
    const parts = filter.filters.map(equalityConjunction);
    if (parts.some((part) => part === null)) return null;
    return Object.assign({}, ...parts) as Record<string, string | number | boolean>;
  }
  if (filter.op === 'eq' && filter.compValue !== null && !filter.attrPath.includes('.'))
    return { [filter.attrPath]: filter.compValue };
  return null;
}
