/**
 * `limit`, `offset` and a cursor's `first` are inlined into the SQL, so they must be whole,
 * non-negative numbers. They often come from a request's query string: a refusal says what kind
 * of value arrived, never the value itself (the message may reach the client).
 */
import type { EntityMetadata } from '../mapping/index.js';
import { QueryError } from '../query/index.js';

/** What kind of value `value` is, for a message that must not echo it. */
function kindOf(value: unknown, min: number): string {
  if (typeof value === 'number') {
    if (Number.isNaN(value)) return 'NaN';
    if (!Number.isFinite(value)) return 'an infinite number';
    if (!Number.isInteger(value)) return 'a fraction';
    if (value < 0) return 'a negative number';
    if (value < min) return 'a number below it';
    return 'a number past Number.MAX_SAFE_INTEGER';
  }
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return `a ${typeof value}`;
}

/** Refuses a page option that is not a whole number from `min` to Number.MAX_SAFE_INTEGER. */
export function checkRowCount(
  meta: EntityMetadata,
  option: 'limit' | 'offset' | 'first' | 'last',
  value: unknown,
  min = 0,
) {
  if (typeof value === 'number' && Number.isSafeInteger(value) && value >= min) return;
  throw QueryError.invalid(
    meta.name,
    option,
    `must be a whole number of at least ${min}, got ${kindOf(value, min)}.\n` +
      '  Parse and check numbers from a request (Number.parseInt, then a range check) before passing them.',
  );
}

/** Checks the page options of a find. */
export function checkPage(
  meta: EntityMetadata,
  options: { readonly limit?: unknown; readonly offset?: unknown },
): void {
  if (options.limit !== undefined) checkRowCount(meta, 'limit', options.limit);
  if (options.offset !== undefined) checkRowCount(meta, 'offset', options.offset);
}
