/** The types a custom attribute can have (seed 001's custom_property_definition, plus LIST of strings). */
export const CUSTOM_ATTRIBUTE_TYPES = ['string', 'number', 'boolean', 'date', 'list'] as const;
export type CustomAttributeType = (typeof CUSTOM_ATTRIBUTE_TYPES)[number];

/** A converted value: STRING and DATE (YYYY-MM-DD) are strings, LIST an array of strings. */
export type TypedValue = string | number | boolean | string[];

export type Conversion = { ok: true; value: TypedValue | null } | { ok: false; reason: string };

/** Keys are what the sources put in customAttributes: a letter, then letters, digits, _ . - (at most 100). */
export const ATTRIBUTE_KEY = /^[A-Za-z][A-Za-z0-9_.-]{0,99}$/;

const MAX_TEXT = 1_000;
const MAX_LIST = 100;
const NUMBER_TEXT = /^[-+]?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d{1,2})?$/;
const DATE_TEXT = /^(\d{4})-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])(?:[T ][0-9:.]+(?:Z|[+-]\d{2}:?\d{2})?)?$/;
const TRUE = new Set(['true', 'yes', '1']);
const FALSE = new Set(['false', 'no', '0']);

/**
 * Converts a source's value to an attribute type, or says why it cannot. null, undefined and blank
 * text are "no value" (null). The same rules as custom_attribute_cells() in the database, which
 * types values written before a definition existed (migration 1733830000000).
 */
export function convertValue(type: CustomAttributeType, value: unknown): Conversion {
  if (value === null || value === undefined) return { ok: true, value: null };
  switch (type) {
    case 'string': {
      const text = scalarText(value);
      if (text === undefined) return fail(`expected text, got ${describe(value)}`);
      if (text !== null && text.length > MAX_TEXT) return fail(`longer than ${MAX_TEXT} characters`);
      return { ok: true, value: text };
    }
    case 'number': {
      if (typeof value === 'number')
        return Number.isFinite(value) ? { ok: true, value } : fail('not a finite number');
      const text = typeof value === 'string' ? blankToNull(value) : undefined;
      if (text === null) return { ok: true, value: null };
      if (text === undefined || text.length > 40 || !NUMBER_TEXT.test(text))
        return fail(`expected a number, got ${describe(value)}`);
      return { ok: true, value: Number(text) };
    }
    case 'boolean': {
      if (typeof value === 'boolean') return { ok: true, value };
      const text = scalarText(value);
      if (text === null) return { ok: true, value: null };
      const lower = text?.toLowerCase();
      if (lower !== undefined && TRUE.has(lower)) return { ok: true, value: true };
      if (lower !== undefined && FALSE.has(lower)) return { ok: true, value: false };
      return fail(`expected true or false, got ${describe(value)}`);
    }
    case 'date': {
      const text = typeof value === 'string' ? blankToNull(value) : undefined;
      if (text === null) return { ok: true, value: null };
      const date = text === undefined ? null : calendarDate(text);
      return date ? { ok: true, value: date } : fail(`expected a date (YYYY-MM-DD), got ${describe(value)}`);
    }
    case 'list': {
      const items = Array.isArray(value) ? value : [value];
      if (items.length > MAX_LIST) return fail(`more than ${MAX_LIST} elements`);
      const list: string[] = [];
      for (const item of items) {
        const text = scalarText(item);
        if (text === undefined)
          return fail(`expected a list of text, got an element that is ${describe(item)}`);
        if (text === null) continue;
        if (text.length > MAX_TEXT) return fail(`an element is longer than ${MAX_TEXT} characters`);
        list.push(text);
      }
      return { ok: true, value: list.length > 0 ? list : null };
    }
  }
}

/** YYYY-MM-DD of a real calendar date (years 1900–2200), from a date or an ISO timestamp; else null. */
export function calendarDate(text: string): string | null {
  const match = DATE_TEXT.exec(text);
  if (!match) return null;
  const [, year, month, day] = match.map(Number);
  if (year < 1900 || year > 2200) return null;
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCMonth() === month - 1 ? text.slice(0, 10) : null;
}

function scalarText(value: unknown): string | null | undefined {
  if (typeof value === 'string') return blankToNull(value);
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  if (typeof value === 'boolean') return String(value);
  return undefined;
}

function blankToNull(text: string): string | null {
  const trimmed = text.trim();
  return trimmed === '' ? null : trimmed;
}

function fail(reason: string): Conversion {
  return { ok: false, reason };
}

/** The kind of a value, for messages: never the value itself (it may be personal data). */
export function describe(value: unknown): string {
  if (Array.isArray(value)) return 'a list';
  if (value === null) return 'null';
  if (typeof value === 'string') return 'text';
  if (typeof value === 'object') return 'an object';
  return `a ${typeof value}`;
}
