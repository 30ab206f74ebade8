/**
 * Parameters bound without a column type (raw SQL interpolations): the JS type alone decides,
 * with the same checks and encodings as the typed kinds it corresponds to.
 */
import { checkBlob } from './blob.js';
import type { ValueEncoders } from './value-encoders.js';
import { checkDouble } from './floats.js';
import { invalidValue } from './invalid-value.js';
import { checkBigint } from './integers.js';
import { checkJson } from './json-value.js';
import { checkWellFormed, type TextRules } from './text.js';
import { checkDateTime } from './utc-datetime.js';

const EXPECTED = 'a string, number, bigint, boolean, Date, Buffer, null, array or plain object';

/** Converts an untyped parameter for the driver, encoded as the dialect encodes the matching kind. */
export function encodeUntyped(value: unknown, encoders: ValueEncoders, rules: TextRules): unknown {
  switch (typeof value) {
    case 'undefined':
      return null;
    case 'string':
      checkWellFormed(value, undefined, rules);
      return encoders.text(value);
    case 'number':
      return encoders.double(checkDouble(value));
    case 'bigint':
      return encoders.bigint(checkBigint(value));
    case 'boolean':
      return encoders.boolean(value);
    case 'object':
      if (value === null) return null;
      if (value instanceof Date) return encoders.datetime(checkDateTime(value));
      if (value instanceof Uint8Array) return encoders.blob(checkBlob(value));
      if (Array.isArray(value) || isPlainObject(value)) return encoders.json(checkJson(value, undefined, rules));
      break;
  }
  throw invalidValue({ expected: EXPECTED, value });
}

function isPlainObject(value: object): boolean {
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}
