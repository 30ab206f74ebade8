/**
 * The read-side conversions of every column kind, shared by all dialects: from what the drivers
 * return (configured as lib/dialects/<name>/types.ts describes) to the JS type of the kind.
 */
import { readBlob } from './blob.js';
import { readBoolean } from './boolean.js';
import { readCalendarDate } from './calendar-date.js';
import type { ColumnKind, ColumnType } from './column-type.js';
import { decimalShape, readDecimal } from './decimal.js';
import { readDouble, readFloat } from './floats.js';
import { readBigint, readBigintAsNumber, readInteger } from './integers.js';
import { readJsonText } from './json-value.js';
import { readText, readUuid } from './text.js';
import { readDateTime } from './utc-datetime.js';

/** Converts a non-null driver value of one kind; throws ValueError for what the kind cannot hold. */
export type ValueReader = (raw: unknown, type: ColumnType) => unknown;

export type ValueReaders = { readonly [K in ColumnKind]: ValueReader };

export const DEFAULT_READERS: ValueReaders = {
  integer: (raw) => readInteger(raw),
  bigint: (raw, type) => (type.bigintAsNumber ? readBigintAsNumber(raw) : readBigint(raw)),
  decimal: (raw, type) => readDecimal(raw, decimalShape(type)),
  float: (raw) => readFloat(raw),
  double: (raw) => readDouble(raw),
  boolean: (raw) => readBoolean(raw),
  string: (raw) => readText(raw, 'string'),
  text: (raw) => readText(raw, 'text'),
  uuid: (raw) => readUuid(raw),
  date: (raw) => readCalendarDate(raw),
  datetime: (raw) => readDateTime(raw),
  json: (raw) => readJsonText(raw),
  enum: (raw) => readText(raw, 'enum'),
  blob: (raw) => readBlob(raw),
};
