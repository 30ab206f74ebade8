/**
 * float (32-bit) and double (64-bit) columns. A float keeps about 7 significant digits: Tabula
 * writes and reads it as the shortest decimal that names the same 32-bit float, so every dialect
 * gives back the same JS number (PostgreSQL prints real that way; MySQL's binary protocol and
 * SQLite's 64-bit REAL would otherwise return 0.10000000149011612 or the unrounded double).
 */
import { invalidValue, unreadableValue } from './invalid-value.js';

/** The largest finite 32-bit float. */
export const FLOAT32_MAX = 3.4028234663852886e38;

/**
 * The shortest decimal that rounds to the same 32-bit float as `x` (±0, ±Infinity and NaN
 * unchanged). Near the largest float the shortest decimal would exceed it as a double, which MySQL
 * refuses as out of range; there the exact float is kept.
 */
export function shortestFloat32(x: number): number {
  if (x === 0 || !Number.isFinite(x)) return x;
  const single = Math.fround(x);
  for (let digits = 1; digits <= 9; digits++) {
    const candidate = Number(single.toPrecision(digits));
    if (Math.fround(candidate) === single && Math.abs(candidate) <= FLOAT32_MAX) return candidate;
  }
  return single;
}

/** A double column takes a finite JS number (NaN and ±Infinity are not portable: MySQL has neither). */
export function checkDouble(value: unknown, column?: string): number {
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  throw invalidValue({ column, expected: 'a finite number', value });
}

/** A float column takes a finite JS number that rounds to a finite 32-bit float; it is rounded now. */
export function checkFloat(value: unknown, column?: string): number {
  if (typeof value === 'number' && Number.isFinite(value) && Number.isFinite(Math.fround(value))) {
    return shortestFloat32(value);
  }
  throw invalidValue({
    column,
    expected: `a finite number between ${-FLOAT32_MAX} and ${FLOAT32_MAX} (a 32-bit float)`,
    value,
    fix: typeof value === 'number' && Number.isFinite(value) ? 'Use a double column for larger values.' : undefined,
  });
}

/** Reads a double column: a number, or a numeric string from a driver that sends text. */
export function readDouble(raw: unknown): number {
  const n = numberOf(raw);
  if (n === undefined) throw unreadableValue('double', 'a number', raw);
  return n;
}

/** Reads a float column, normalised to the shortest decimal of its 32-bit value. */
export function readFloat(raw: unknown): number {
  const n = numberOf(raw);
  if (n === undefined) throw unreadableValue('float', 'a number', raw);
  return shortestFloat32(n);
}

function numberOf(raw: unknown): number | undefined {
  if (typeof raw === 'number') return raw;
  if (typeof raw !== 'string' || raw.trim() === '') return undefined;
  const n = Number(raw);
  return Number.isNaN(n) && raw !== 'NaN' ? undefined : n;
}
