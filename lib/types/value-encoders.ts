/**
 * The last step of a write: a checked value (see checked-value.ts) in the form the driver binds.
 * The defaults suit mysql2 and sqlite3; a dialect overrides what its driver needs differently.
 */
import type { CheckedValueOfKind } from './checked-value.js';
import type { ColumnKind } from './column-type.js';
import { formatUtcDateTime } from './utc-datetime.js';

export type ValueEncoder<K extends ColumnKind> = (value: CheckedValueOfKind[K]) => unknown;

export type ValueEncoders = { readonly [K in ColumnKind]: ValueEncoder<K> };

const same = <T>(value: T): T => value;

export const DEFAULT_ENCODERS: ValueEncoders = {
  integer: same,
  // Bound as text: the INTEGER / BIGINT column converts it exactly, where a JS number would round.
  bigint: (value) => value.toString(),
  decimal: same,
  float: same,
  double: same,
  boolean: (value) => (value ? 1 : 0),
  string: same,
  text: same,
  uuid: same,
  date: same,
  datetime: formatUtcDateTime,
  json: same,
  enum: same,
  blob: same,
};
