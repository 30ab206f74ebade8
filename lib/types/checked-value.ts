/**
 * The write-side checks of every column kind, shared by all dialects: each takes what the user
 * gave and returns it checked and normalised, or throws a ValueError naming the column — before
 * any SQL runs. Dialects then only encode the checked value for their driver.
 */
import { checkBlob } from './blob.js';
import { checkBoolean } from './boolean.js';
import { checkCalendarDate } from './calendar-date.js';
import type { ColumnKind, ColumnType } from './column-type.js';
import { checkDecimal, decimalShape } from './decimal.js';
import { checkDouble, checkFloat } from './floats.js';
import { checkBigint, checkInteger, checkSafeInteger } from './integers.js';
import { checkJson } from './json-value.js';
import { checkEnum, checkText, checkUuid, stringLength, type TextRules } from './text.js';
import { checkDateTime } from './utc-datetime.js';

/** What each kind's check returns: the value in the form the dialect encoders start from. */
export interface CheckedValueOfKind {
  integer: number;
  /** Also for `bigintAsNumber` columns, whose safe integer numbers are checked and made exact. */
  bigint: bigint;
  /** Canonical: no leading zeros, exactly `scale` digits after the point. */
  decimal: string;
  /** Rounded to the shortest decimal of its 32-bit float. */
  float: number;
  double: number;
  boolean: boolean;
  string: string;
  text: string;
  /** Lower case. */
  uuid: string;
  /** 'YYYY-MM-DD'. */
  date: string;
  datetime: Date;
  /** The JSON text. */
  json: string;
  enum: string;
  blob: Buffer;
}

export type ValueChecker<K extends ColumnKind> = (
  type: ColumnType,
  value: unknown,
  column: string | undefined,
) => CheckedValueOfKind[K];

export type ValueCheckers = { readonly [K in ColumnKind]: ValueChecker<K> };

/** The checks of every kind, for a database with these text rules. */
export function valueCheckers(rules: TextRules): ValueCheckers {
  return {
    integer: (_type, value, column) => checkInteger(value, column),
    bigint: (type, value, column) =>
      type.bigintAsNumber ? checkSafeInteger(value, column) : checkBigint(value, column),
    decimal: (type, value, column) => checkDecimal(value, decimalShape(type), column),
    float: (_type, value, column) => checkFloat(value, column),
    double: (_type, value, column) => checkDouble(value, column),
    boolean: (_type, value, column) => checkBoolean(value, column),
    string: (type, value, column) => checkText(value, column, rules, stringLength(type)),
    text: (_type, value, column) => checkText(value, column, rules),
    uuid: (_type, value, column) => checkUuid(value, column),
    date: (_type, value, column) => checkCalendarDate(value, column),
    datetime: (_type, value, column) => checkDateTime(value, column),
    json: (_type, value, column) => checkJson(value, column, rules),
    enum: (type, value, column) => checkText(checkEnum(value, type.values ?? [], column), column, rules),
    blob: (_type, value, column) => checkBlob(value, column),
  };
}
