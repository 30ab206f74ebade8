/** integer (32-bit) and bigint (64-bit) columns: checks on write, exact conversion on read. */
import { invalidValue, unreadableValue } from './invalid-value.js';

export const INT32_MIN = -2147483648;
export const INT32_MAX = 2147483647;
export const INT64_MIN = -(2n ** 63n);
export const INT64_MAX = 2n ** 63n - 1n;

const INTEGER_TEXT = /^-?\d+$/;

/** An integer column takes a JS integer number in the int32 range (−0 is written as 0). */
export function checkInteger(value: unknown, column?: string): number {
  if (typeof value === 'number' && Number.isInteger(value) && value >= INT32_MIN && value <= INT32_MAX) {
    return value === 0 ? 0 : value;
  }
  const isTooLarge = typeof value === 'number' && Number.isInteger(value);
  throw invalidValue({
    column,
    expected: `an integer number between ${INT32_MIN} and ${INT32_MAX}`,
    value,
    fix: isTooLarge ? 'Use a bigint column for larger values.' : undefined,
  });
}

/** A bigint column takes a JS bigint in the int64 range. */
export function checkBigint(value: unknown, column?: string): bigint {
  if (typeof value === 'bigint' && value >= INT64_MIN && value <= INT64_MAX) return value;
  throw invalidValue({
    column,
    expected: `a bigint between ${INT64_MIN}n and ${INT64_MAX}n`,
    value,
    fix:
      typeof value === 'number'
        ? 'Write a bigint (42n or BigInt(value)), or map the column with bigintAsNumber to read and write numbers.'
        : undefined,
  });
}

/** The lossy opt-in `bigintAsNumber`: a JS integer number that is exact in a double (±(2^53−1)). */
export function checkSafeInteger(value: unknown, column?: string): bigint {
  if (typeof value === 'number' && Number.isSafeInteger(value)) return BigInt(value);
  throw invalidValue({
    column,
    expected: `an integer number between ${-Number.MAX_SAFE_INTEGER} and ${Number.MAX_SAFE_INTEGER}`,
    value,
    fix:
      typeof value === 'number' && Number.isInteger(value)
        ? 'Beyond 2^53 a number is no longer exact: map the column without bigintAsNumber and use bigint.'
        : undefined,
  });
}

/** Reads an integer column: drivers return numbers; integer strings and bigints are accepted too. */
export function readInteger(raw: unknown): number {
  if (typeof raw === 'number' && Number.isInteger(raw)) return raw;
  if (typeof raw === 'string' && INTEGER_TEXT.test(raw)) {
    const n = Number(raw);
    if (Number.isSafeInteger(n)) return n;
  }
  if (typeof raw === 'bigint' && raw >= -Number.MAX_SAFE_INTEGER && raw <= Number.MAX_SAFE_INTEGER) return Number(raw);
  throw unreadableValue('integer', 'an integer', raw);
}

/**
 * Reads a bigint column from an integer string (pg, mysql2 with bigNumberStrings, SQLite's
 * CAST(x AS TEXT)), a bigint, or a number that is still exact.
 */
export function readBigint(raw: unknown): bigint {
  if (typeof raw === 'string' && INTEGER_TEXT.test(raw)) return BigInt(raw);
  if (typeof raw === 'bigint') return raw;
  if (typeof raw === 'number' && Number.isSafeInteger(raw)) return BigInt(raw);
  throw unreadableValue(
    'bigint',
    'an integer string or a safe integer number',
    raw,
    typeof raw === 'number' && Number.isInteger(raw)
      ? 'The driver already rounded it: select bigint columns as text (SQLite: CAST(x AS TEXT)).'
      : undefined,
  );
}

/** Reads a bigint column mapped with `bigintAsNumber`; a value beyond ±(2^53−1) raises instead of rounding. */
export function readBigintAsNumber(raw: unknown): number {
  const exact = readBigint(raw);
  if (exact >= -Number.MAX_SAFE_INTEGER && exact <= Number.MAX_SAFE_INTEGER) return Number(exact);
  throw unreadableValue(
    'bigint',
    `an integer between ${-Number.MAX_SAFE_INTEGER} and ${Number.MAX_SAFE_INTEGER} (bigintAsNumber)`,
    raw,
    'Map the column without bigintAsNumber to read it exactly as a bigint.',
  );
}
