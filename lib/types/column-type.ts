/**
 * Column types: what a column holds, independent of the database. Each dialect maps a
 * {@link ColumnType} to its SQL type and converts values both ways without loss
 * (lib/dialects/<name>/types.ts).
 */

/** The JavaScript type each column kind reads and writes. */
export interface JsTypeOfKind {
  integer: number;
  bigint: bigint;
  decimal: string;
  float: number;
  double: number;
  boolean: boolean;
  string: string;
  text: string;
  uuid: string;
  /** A calendar date without time or zone, as 'YYYY-MM-DD'. */
  date: string;
  /** An instant, stored and read as UTC on every dialect. */
  datetime: Date;
  json: unknown;
  enum: string;
  blob: Buffer;
}

export type ColumnKind = keyof JsTypeOfKind;

export const COLUMN_KINDS: readonly ColumnKind[] = [
  'integer',
  'bigint',
  'decimal',
  'float',
  'double',
  'boolean',
  'string',
  'text',
  'uuid',
  'date',
  'datetime',
  'json',
  'enum',
  'blob',
];

/** A column's type. Only the fields that apply to `kind` are read. */
export interface ColumnType {
  readonly kind: ColumnKind;
  /** string: maximum length in characters (default 255). */
  readonly length?: number | undefined;
  /** decimal: total digits (default 38; at most 65 on MySQL, 1000 on PostgreSQL). */
  readonly precision?: number | undefined;
  /** decimal: digits after the point (default 10, or the precision when that is smaller; at most 30 on MySQL). */
  readonly scale?: number | undefined;
  /** enum: the allowed values, in order. */
  readonly values?: readonly string[] | undefined;
  /**
   * bigint only: read and write JS `number` instead of `bigint`. Lossy beyond 2^53; an explicit
   * opt-in (principle 5). Values outside the safe range raise a ValueError instead of rounding.
   */
  readonly bigintAsNumber?: boolean | undefined;
  /**
   * The exact SQL type the DDL writes instead of the dialect's own (`NVARCHAR(160)`,
   * `timestamp(0) without time zone`), for a schema made elsewhere. `kind` still decides how
   * values convert; the type must hold them. Letters, digits, spaces, `_` and one `(n)` or `(p,s)`.
   */
  readonly sqlType?: string | undefined;
}

/** The JS type a column type reads and writes (the lossy bigint opt-in reads `number`). */
export type JsTypeOf<T extends ColumnType> = T extends { kind: 'bigint'; bigintAsNumber: true }
  ? number
  : JsTypeOfKind[T['kind']];
