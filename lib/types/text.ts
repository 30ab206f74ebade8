/**
 * string, text, enum and uuid columns. Lengths are counted in characters as the databases count
 * them (Unicode code points, so an emoji is one, a letter plus a combining accent two), and only
 * well-formed Unicode is written: a lone UTF-16 surrogate cannot be encoded as UTF-8, and the
 * drivers would silently replace it with U+FFFD.
 */
import type { ColumnType } from './column-type.js';
import { invalidValue, unreadableValue } from './invalid-value.js';

export const DEFAULT_STRING_LENGTH = 255;

/** `String.prototype.isWellFormed` (Node 20; not in the ES2022 library types this package compiles against). */
type WellFormedCheck = string & { isWellFormed(): boolean };

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const UUID_TEXT = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The declared length of a string column (255 when unspecified). */
export function stringLength(type: ColumnType): number {
  return type.length ?? DEFAULT_STRING_LENGTH;
}

/** Counts Unicode code points (a surrogate pair is one character). */
export function codePointLength(text: string): number {
  let count = text.length;
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    if (unit >= 0xd800 && unit <= 0xdbff && i + 1 < text.length) {
      const next = text.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        count--;
        i++;
      }
    }
  }
  return count;
}

/** Options of the text checks that depend on the database. */
export interface TextRules {
  /** PostgreSQL: text cannot hold the NUL character (U+0000). */
  readonly rejectsNul?: boolean;
}

/** Checks a text value: a well-formed string, at most `maxLength` characters when given. */
export function checkText(value: unknown, column: string | undefined, rules: TextRules, maxLength?: number): string {
  if (typeof value !== 'string') {
    const expected = maxLength === undefined ? 'a string' : `a string of at most ${maxLength} characters`;
    throw invalidValue({ column, expected, value });
  }
  checkWellFormed(value, column, rules);
  if (maxLength !== undefined && value.length > maxLength) {
    const length = codePointLength(value);
    if (length > maxLength) {
      throw invalidValue({
        column,
        expected: `a string of at most ${maxLength} characters`,
        value,
        got: `a string of ${length} characters`,
        fix: 'Shorten the value, or declare a longer string (or a text) column.',
      });
    }
  }
  return value;
}

/** Checks that a string can be stored as it is (also used for untyped parameters). */
export function checkWellFormed(value: string, column: string | undefined, rules: TextRules): void {
  const problem = textProblem(value, rules);
  if (problem) throw invalidValue({ column, value, ...problem });
}

/** What is wrong with a string for the database, if anything: a lone surrogate, or NUL on PostgreSQL. */
export function textProblem(
  value: string,
  rules: TextRules,
): { expected: string; got: string; fix: string } | undefined {
  // The builtin answers a one-byte string at once; the regex only runs to say where the surrogate is.
  const lone = (value as WellFormedCheck).isWellFormed() ? null : LONE_SURROGATE.exec(value);
  if (lone) {
    return {
      expected: 'well-formed Unicode text',
      got: `a string with a lone UTF-16 surrogate at index ${lone.index}`,
      fix: 'A lone surrogate cannot be encoded as UTF-8; the database would get U+FFFD instead.',
    };
  }
  const nulAt = rules.rejectsNul ? value.indexOf('\0') : -1;
  if (nulAt < 0) return undefined;
  return {
    expected: 'text without NUL characters',
    got: `a string with a NUL character (U+0000) at index ${nulAt}`,
    fix: 'PostgreSQL text cannot hold U+0000: remove it, or store the data in a blob column.',
  };
}

/** An enum column takes one of its values, exactly. */
export function checkEnum(value: unknown, values: readonly string[], column?: string): string {
  if (typeof value === 'string' && values.includes(value)) return value;
  throw invalidValue({ column, expected: `one of ${values.map((v) => JSON.stringify(v)).join(', ')}`, value });
}

/** A uuid column takes the 8-4-4-4-12 hex form, in any case; it is written in lower case. */
export function checkUuid(value: unknown, column?: string): string {
  if (typeof value === 'string' && UUID_TEXT.test(value)) return value.toLowerCase();
  throw invalidValue({ column, expected: 'a UUID string like "123e4567-e89b-12d3-a456-426614174000"', value });
}

/** Reads a string, text or enum column. */
export function readText(raw: unknown, kind: 'string' | 'text' | 'enum'): string {
  if (typeof raw === 'string') return raw;
  throw unreadableValue(kind, 'a string', raw);
}

/** Reads a uuid column (PostgreSQL prints lower case; CHAR(36) and TEXT give what was written). */
export function readUuid(raw: unknown): string {
  if (typeof raw === 'string' && UUID_TEXT.test(raw)) return raw.toLowerCase();
  throw unreadableValue('uuid', 'a UUID string', raw);
}
