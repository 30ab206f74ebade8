/**
 * The contract each dialect fulfils for column types: SQL type names for DDL and lossless value
 * conversion both ways (implemented in lib/dialects/<name>/types.ts).
 */
import type { ColumnType } from './column-type.js';

export interface DialectTypes {
  /** The SQL type for DDL, e.g. `numeric(38,10)`, `datetime(3)`, `bytea`. */
  sqlType(type: ColumnType): string;
  /**
   * Checks a JS value against its column type and converts it to what the driver binds.
   * Throws ValueError naming `column` for a wrong JS type, an out-of-range number or too long a
   * string. `null` and `undefined` become `null`.
   */
  toDriver(type: ColumnType, value: unknown, column?: string): unknown;
  /** Converts what the driver returned for a column of this type back to its JS form. */
  fromDriver(type: ColumnType, raw: unknown): unknown;
  /** Converts a parameter bound without a column type (raw SQL interpolations). */
  toDriverUntyped(value: unknown): unknown;
}
