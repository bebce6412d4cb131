// The AST shape is scim2-parse-filter's (public entry), which scim-patch reads too; the parsing is ours.
import type { Compare, Filter } from 'scim2-parse-filter';
import { invalidFilter, quote } from './errors';

export type { Filter, Compare };
export type CompareOp = Compare['op'];

const MAX_FILTER_LENGTH = 4096;
const COMPARISON_OPERATORS = new Set(['eq', 'ne', 'co', 'sw', 'ew', 'gt', 'lt', 'ge', 'le']);
const WORD = /[A-Za-z_$][\w$\-.:/]*/y;
const NUMBER = /-?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?(?=$|[\s()[\]])/y;
const STRING = /"(?:[^"\\]|\\.)*"/y;

interface Token {
  type: 'Number' | 'Quoted' | 'Bracket' | 'Word' | 'EOT';
  literal: string;
}

/**
 * Parses a filter (RFC 7644 §3.4.2.2): not binds tighter than and, and tighter than or; parentheses
 * and value paths. The AST is scim2-parse-filter's, but neither its tokenizer nor its parser is used:
 * the tokenizer mangles escapes ("a\\" fails, "a\\b" keeps both backslashes, \u0041 is not decoded),
 * cannot read "$ref", and turns `emails[type eq "work"].value eq "x"` into a condition on two
 * different emails, and the parser is not part of its public entry. Here that form means one email
 * that matches both (Entra ID sends it), and a bare word after an operator is a string (Entra ID's
 * documentation shows `externalId eq jyoung`).
 */
export function parseScimFilter(text: string): Filter {
  if (text.length > MAX_FILTER_LENGTH)
    throw invalidFilter(`filter is longer than ${MAX_FILTER_LENGTH} characters`);
  const parser = new FilterParser(tokenize(text), text);
  const filter = parser.disjunction();
  parser.expectEnd();
  return filter;
}

/** Recursive descent over the tokens: disjunction → conjunction → negation → primary. */
class FilterParser {
  private index = 0;
  constructor(
    private readonly tokens: Token[],
    private readonly text: string,
  ) {}

  disjunction(): Filter {
    return this.logical('or', () => this.conjunction());
  }

  expectEnd(): void {
    const next = this.peek();
    if (next.type !== 'EOT') throw this.invalid(`unexpected ${quote(next.literal)}`);
  }

  private conjunction(): Filter {
    return this.logical('and', () => this.negation());
  }

  /** `a op b op c` as one node with every operand (as scim2-parse-filter builds it). */
  private logical(op: 'and' | 'or', operand: () => Filter): Filter {
    const filters = [operand()];
    while (this.atWord(op)) {
      this.index += 1;
      filters.push(operand());
    }
    return filters.length === 1 ? filters[0] : { op, filters };
  }

  private negation(): Filter {
    if (this.atWord('not')) {
      this.index += 1;
      return { op: 'not', filter: this.negation() };
    }
    return this.primary();
  }

  private primary(): Filter {
    const token = this.shift();
    if (token.type === 'Bracket' && token.literal === '(') {
      const inner = this.disjunction();
      this.expectBracket(')');
      return inner;
    }
    if (token.type !== 'Word') throw this.invalid(`expected an attribute, found ${describe(token)}`);
    const attrPath = token.literal;
    const next = this.shift();
    const op = next.literal.toLowerCase();
    if (next.type === 'Word' && COMPARISON_OPERATORS.has(op)) {
      return { op: op as CompareOp, attrPath, compValue: this.value() };
    }
    if (next.type === 'Word' && op === 'pr') return { op: 'pr', attrPath };
    if (next.type === 'Bracket' && next.literal === '[') {
      const valFilter = this.disjunction();
      this.expectBracket(']');
      return { op: '[]', attrPath, valFilter };
    }
    throw this.invalid(`expected an operator after ${quote(attrPath)}, found ${describe(next)}`);
  }

  private value(): Compare['compValue'] {
    const token = this.shift();
    if (token.type === 'Quoted') return JSON.parse(token.literal) as string;
    if (token.type === 'Number') return Number(token.literal);
    if (token.type === 'Word' && token.literal === 'true') return true;
    if (token.type === 'Word' && token.literal === 'false') return false;
    if (token.type === 'Word' && token.literal === 'null') return null;
    throw this.invalid(`expected a value, found ${describe(token)}`);
  }

  private expectBracket(literal: ')' | ']'): void {
    const token = this.shift();
    if (token.type !== 'Bracket' || token.literal !== literal)
      throw this.invalid(`expected "${literal}", found ${describe(token)}`);
  }

  private atWord(word: string): boolean {
    const token = this.peek();
    return token.type === 'Word' && token.literal.toLowerCase() === word;
  }

  private peek(): Token {
    return this.tokens[this.index] ?? EOT;
  }

  private shift(): Token {
    const token = this.peek();
    if (token.type !== 'EOT') this.index += 1;
    return token;
  }

  private invalid(reason: string) {
    return invalidFilter(`filter ${quote(this.text)} is not valid: ${reason}`);
  }
}

const EOT: Token = { type: 'EOT', literal: '' };

function describe(token: Token): string {
  return token.type === 'EOT' ? 'the end' : quote(token.literal);
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
  out.push(EOT);
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
