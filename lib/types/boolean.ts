/** boolean columns: JS booleans; MySQL and SQLite store 0/1 and return numbers. */
import { invalidValue, unreadableValue } from './invalid-value.js';

/** A boolean column takes `true` or `false` (not 0/1 or 'true'). */
export function checkBoolean(value: unknown, column?: string): boolean {
  if (typeof value === 'boolean') return value;
  throw invalidValue({ column, expected: 'true or false', value });
}

/**
 * Reads a boolean column: a boolean (pg) or 0/1 (mysql2, sqlite3). Any other number raises rather
 * than guess: TINYINT(1) and INTEGER columns can hold a 2 that another program wrote.
 */
export function readBoolean(raw: unknown): boolean {
  if (typeof raw === 'boolean') return raw;
  if (raw === 1 || raw === '1') return true;
  if (raw === 0 || raw === '0') return false;
  throw unreadableValue('boolean', 'true, false, 1 or 0', raw);
}
