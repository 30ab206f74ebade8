/**
 * How the generated hydrator reads each column: the dialect's `fromDriver` is asked once per
 * column type, at generation time, with probe values already in the kind's JS form. Where it
 * returns every probe unchanged, the generated code skips the call for values of that form (a
 * `typeof` guard) and calls the converter only for other shapes (SQLite's 0/1 booleans, pg's
 * datetime strings). Where it returns every value of every shape unchanged (pg's parsed json), the
 * raw value is used as it is.
 */
import type { ColumnType } from '../../types/index.js';
import type { DialectTypes } from '../../types/index.js';

export type ReadPlan =
  /** The converter is the identity for everything: assign the raw value. */
  | { readonly kind: 'raw' }
  /** Identity for values passing `guard` (an expression over `v`); convert the others. */
  | { readonly kind: 'guarded'; readonly guard: (v: string) => string }
  /** Always convert. */
  | { readonly kind: 'convert' };

interface Probes {
  readonly guard?: (v: string) => string;
  readonly values: readonly unknown[];
}

const typeIs = (name: string) => (v: string) => `typeof ${v} === "${name}"`;
const NUMBER = typeIs('number');
const STRING = typeIs('string');
const TEXTS = ['', 'a', 'ABC', ' padded ', 'e\u0301', '\u{1F600}', '1', 'null', '{"a":1}', '2021-03-14'];

function probesOf(type: ColumnType): Probes {
  switch (type.kind) {
    case 'integer':
      return { guard: NUMBER, values: [0, 1, -1, 42, 2147483647, -2147483648] };
    case 'bigint':
      // 2 ** 60 is outside the lossy opt-in's range: a reader that rejects it keeps being called.
      return type.bigintAsNumber
        ? { guard: NUMBER, values: [0, 1, -1, Number.MAX_SAFE_INTEGER, Number.MIN_SAFE_INTEGER, 2 ** 60] }
        : { guard: typeIs('bigint'), values: [0n, 1n, -1n, 2n ** 63n - 1n, -(2n ** 63n)] };
    case 'float':
    case 'double':
      // 0.123456789 and 2 ** 24 + 1 change when rounded to 32 bits, so a float reader that rounds is kept.
      return { guard: NUMBER, values: [0, -0, 1, 0.1, 1.5, -2.25, 123.456, 0.123456789, 2 ** 24 + 1, 1e300] };
    case 'boolean':
      return { guard: typeIs('boolean'), values: [true, false] };
    case 'decimal':
      return { guard: STRING, values: ['0', '1', '-1.5', '12.50', '12345678901234567890.123456789'] };
    case 'string':
    case 'text':
      return { guard: STRING, values: TEXTS };
    case 'enum':
      return { guard: STRING, values: type.values ?? [] };
    case 'uuid':
      return {
        guard: STRING,
        values: ['0190a6b2-7c1e-7a3b-8c4d-5e6f7a8b9c0d', '0190A6B2-7C1E-7A3B-8C4D-5E6F7A8B9C0D'],
      };
    case 'date':
      return { guard: STRING, values: ['1970-01-01', '2024-02-29', '0001-01-01', '9999-12-31'] };
    case 'datetime':
      return {
        guard: (v) => `${v} instanceof Date`,
        values: [new Date(0), new Date('2021-03-14T07:00:00.000Z'), new Date(-1e12)],
      };
    case 'blob':
      return { guard: (v) => `${v} instanceof Buffer`, values: [Buffer.alloc(0), Buffer.from([1, 2, 3])] };
    case 'json':
      return { values: [0, 1.5, true, 'x', '{"a":1}', '[1]', 'null', { a: 1 }, [1, 2], []] };
  }
}

/** Asks `types.fromDriver` once per column type (not per row) which read this column needs. */
export function readPlanOf(types: DialectTypes, type: ColumnType): ReadPlan {
  const probes = probesOf(type);
  const unchanged = probes.values.every((value) => {
    try {
      return Object.is(types.fromDriver(type, value), value);
    } catch {
      return false;
    }
  });
  if (!unchanged || probes.values.length === 0) return { kind: 'convert' };
  return probes.guard === undefined ? { kind: 'raw' } : { kind: 'guarded', guard: probes.guard };
}
