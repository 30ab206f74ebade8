import { expect } from 'chai';
import { encodeUntyped } from '../../lib/types/untyped-value';
import { DEFAULT_ENCODERS } from '../../lib/types/value-encoders';
import { expectValueError } from './support/expect-thrown';

const RULES = { rejectsNul: false };
const encode = (value: unknown) => encodeUntyped(value, DEFAULT_ENCODERS, RULES);
const EXPECTED = 'expected a string, number, bigint, boolean, Date, Buffer, null, array or plain object.';

describe('untyped-value', () => {
  it('binds null and undefined as null', () => {
    expect([encode(null), encode(undefined)]).to.deep.equal([null, null]);
  });

  it('binds strings, numbers and booleans as their kinds do', () => {
    expect([encode('a\0b'), encode(1.5), encode(true), encode(false)]).to.deep.equal(['a\0b', 1.5, 1, 0]);
  });

  it('binds a bigint as text, a Date as UTC text, bytes as a Buffer', () => {
    expect(encode(-(2n ** 63n))).to.equal('-9223372036854775808');
    expect(encode(new Date('2021-03-14T07:00:00.000Z'))).to.equal('2021-03-14 07:00:00.000');
    expect(encode(new Uint8Array([1, 2]))).to.deep.equal(Buffer.from([1, 2]));
  });

  it('binds plain objects and arrays as JSON text', () => {
    expect([encode({ a: [1] }), encode([true, null])]).to.deep.equal(['{"a":[1]}', '[true,null]']);
  });

  it('refuses what it cannot bind without loss', () => {
    expectValueError(() => encode(Number.NaN), 'Cannot write NaN to a parameter: expected a finite number.');
    expectValueError(
      () => encode(2n ** 63n),
      'Cannot write 9223372036854775808n to a parameter: expected a bigint between -9223372036854775808n and 9223372036854775807n.',
    );
    expectValueError(
      () => encode(new Date(Number.NaN)),
      'Cannot write an invalid Date to a parameter: expected a valid Date from 0001-01-01T00:00:00.000Z to 9999-12-31T23:59:59.999Z.',
    );
    expectValueError(() => encode(new Set()), `Cannot write a Set to a parameter: ${EXPECTED}`);
    expectValueError(() => encode(Symbol('s')), `Cannot write a symbol to a parameter: ${EXPECTED}`);
    expectValueError(() => encode(() => 1), `Cannot write a function to a parameter: ${EXPECTED}`);
    expectValueError(
      () => encode('\uD800'),
      'Cannot write a string with a lone UTF-16 surrogate at index 0 to a parameter: expected well-formed Unicode text.\n' +
        '  A lone surrogate cannot be encoded as UTF-8; the database would get U+FFFD instead.',
    );
  });
});
