/**
 * decimal(p,s) columns, read and written as strings so that no digit is lost. The canonical form is
 * the one PostgreSQL and MySQL print: no leading zeros, exactly `scale` digits after the point, no
 * minus sign on zero — SQLite, which stores the text as given, gets that form too.
 */
import type { ColumnType } from './column-type.js';
import { invalidValue, unreadableValue } from './invalid-value.js';

export const DEFAULT_DECIMAL_PRECISION = 38;
export const DEFAULT_DECIMAL_SCALE = 10;

export interface DecimalShape {
  /** Total significant digits. */
  readonly precision: number;
  /** Digits after the point. */
  readonly scale: number;
}

const DECIMAL_TEXT = /^(-)?(\d+)(?:\.(\d+))?$/;

/** Precision 38 and scale 10 where unspecified; a precision below 10 alone gives scale = precision. */
export function decimalShape(type: ColumnType): DecimalShape {
  const precision = type.precision ?? DEFAULT_DECIMAL_PRECISION;
  return { precision, scale: type.scale ?? Math.min(DEFAULT_DECIMAL_SCALE, precision) };
}

/** Checks a decimal string against the column's precision and scale; returns its canonical form. */
export function checkDecimal(value: unknown, shape: DecimalShape, column?: string): string {
  const { precision, scale } = shape;
  const expected =
    scale === 0
      ? `an integer string like "-1234" with at most ${precision} digits (decimal(${precision},0))`
      : `a decimal string like "-1234.5" with at most ${precision - scale} digits before the point and ${scale} after (decimal(${precision},${scale}))`;
  const match = typeof value === 'string' ? DECIMAL_TEXT.exec(value) : null;
  if (!match) {
    const fix =
      typeof value === 'number' ? 'Decimals are strings so that they stay exact: write "12.50", not 12.5.' : undefined;
    throw invalidValue({ column, expected, value, fix });
  }
  const whole = stripLeadingZeros(match[2] ?? '');
  const fraction = stripTrailingZeros(match[3] ?? '');
  if (whole.length > precision - scale) {
    throw invalidValue({ column, expected, value, fix: 'Widen the column (a larger precision) for larger values.' });
  }
  if (fraction.length > scale) {
    throw invalidValue({ column, expected, value, fix: `Round the value to ${scale} digits after the point first.` });
  }
  return canonical(match[1] === '-', whole, fraction, scale);
}

/** Reads a decimal column: the driver's string (or a number SQLite stored) in canonical form. */
export function readDecimal(raw: unknown, shape: DecimalShape): string {
  const text = typeof raw === 'number' && Number.isFinite(raw) ? plainNumberText(raw) : raw;
  const match = typeof text === 'string' ? DECIMAL_TEXT.exec(text) : null;
  if (!match) throw unreadableValue('decimal', 'a decimal string', raw);
  return canonical(
    match[1] === '-',
    stripLeadingZeros(match[2] ?? ''),
    stripTrailingZeros(match[3] ?? ''),
    shape.scale,
  );
}

function canonical(isNegative: boolean, whole: string, fraction: string, scale: number): string {
  const sign = isNegative && (whole !== '' || fraction !== '') ? '-' : '';
  const digits = whole === '' ? '0' : whole;
  const width = Math.max(scale, fraction.length);
  return width === 0 ? `${sign}${digits}` : `${sign}${digits}.${fraction.padEnd(width, '0')}`;
}

function stripLeadingZeros(digits: string): string {
  let i = 0;
  while (i < digits.length && digits[i] === '0') i++;
  return digits.slice(i);
}

function stripTrailingZeros(digits: string): string {
  let end = digits.length;
  while (end > 0 && digits[end - 1] === '0') end--;
  return digits.slice(0, end);
}

// String(1e21) is '1e+21': numbers that print in exponent form are spelled out.
function plainNumberText(n: number): string {
  const text = String(n);
  if (!text.includes('e')) return text;
  return Math.abs(n) >= 1 ? BigInt(n).toString() : n.toFixed(20);
}
