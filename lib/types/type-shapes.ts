/**
 * The parts of a column type that DDL spells out — decimal precision and scale, string length,
 * enum values — checked against what a database allows. A type it cannot create raises a
 * ConfigError when its SQL type is asked for, i.e. at schema generation, not at the first query.
 */
import type { ColumnType } from './column-type.js';
import { type DecimalShape, decimalShape } from './decimal.js';
import { invalidType } from './invalid-type.js';
import { stringLength } from './text.js';

/** What a dialect allows for decimal(p,s). */
export interface DecimalLimits {
  readonly maxPrecision: number;
  readonly maxScale: number;
}

/** The precision and scale of a decimal column, within the dialect's limits. */
export function checkDecimalShape(type: ColumnType, limits: DecimalLimits, dialect: string): DecimalShape {
  const shape = decimalShape(type);
  const { precision: p, scale: s } = shape;
  const text = `decimal(${p},${s})`;
  if (!Number.isInteger(p) || p < 1 || p > limits.maxPrecision) {
    throw invalidType(dialect, text, `the precision must be an integer from 1 to ${limits.maxPrecision}`);
  }
  const maxScale = Math.min(p, limits.maxScale);
  if (!Number.isInteger(s) || s < 0 || s > maxScale) {
    throw invalidType(dialect, text, `the scale must be an integer from 0 to ${maxScale}`);
  }
  return shape;
}

/** The length of a string column, from 1 to the dialect's maximum. */
export function checkStringShape(type: ColumnType, maxLength: number, dialect: string): number {
  const length = stringLength(type);
  if (!Number.isInteger(length) || length < 1 || length > maxLength) {
    throw invalidType(
      dialect,
      `string(${length})`,
      `the length must be an integer from 1 to ${maxLength}`,
      'Use a text column for longer values.',
    );
  }
  return length;
}

/** The values of an enum column: at least one, no duplicates. */
export function checkEnumShape(type: ColumnType, dialect: string): readonly string[] {
  const values = type.values ?? [];
  const text = `enum(${values.map((v) => JSON.stringify(v)).join(', ')})`;
  if (values.length === 0) throw invalidType(dialect, text, 'an enum needs at least one value');
  const duplicate = values.find((v, i) => values.indexOf(v) !== i);
  if (duplicate !== undefined) throw invalidType(dialect, text, `${JSON.stringify(duplicate)} is listed twice`);
  return values;
}
