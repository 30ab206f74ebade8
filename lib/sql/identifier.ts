/**
 * SQL identifiers (tables, columns, aliases, constraints, indexes). Tabula accepts only plain
 * names, so quoting never has to escape anything and no identifier can carry SQL.
 */
import { IdentifierError } from '../errors/index.js';

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_$]*$/;

/** PostgreSQL truncates longer names silently (NAMEDATALEN 64), which could merge two names. */
export const MAX_IDENTIFIER_LENGTH = 63;

/**
 * Returns `name` when it is a valid identifier: a letter or `_`, then letters, digits, `_` or `$`,
 * at most 63 characters. Throws {@link IdentifierError} naming the identifier otherwise.
 *
 * @example validateIdentifier('book_title') // 'book_title'
 */
export function validateIdentifier(name: string, what = 'identifier'): string {
  if (typeof name !== 'string' || !IDENTIFIER.test(name)) {
    throw new IdentifierError(
      `Invalid SQL ${what} ${JSON.stringify(name)}: use a letter or _ followed by letters, digits, _ or $.`,
    );
  }
  if (name.length > MAX_IDENTIFIER_LENGTH) {
    throw new IdentifierError(
      `Invalid SQL ${what} ${JSON.stringify(name)}: ${name.length} characters, at most ${MAX_IDENTIFIER_LENGTH} are allowed.`,
    );
  }
  return name;
}

/** Validates every name of a list (column lists of keys, indexes, conflict targets). */
export function validateIdentifiers(names: readonly string[], what = 'identifier'): readonly string[] {
  return Object.freeze(names.map((n) => validateIdentifier(n, what)));
}

/**
 * Quotes a validated identifier with `quote` (`"` or a backtick). Validation runs again here so
 * that a hand-built node that skipped its factory still cannot inject SQL.
 */
export function quoteIdentifier(name: string, quote: string): string {
  validateIdentifier(name);
  return `${quote}${name}${quote}`;
}
