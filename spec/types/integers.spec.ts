import { expect } from 'chai';
import {
  checkBigint,
  checkInteger,
  checkSafeInteger,
  readBigint,
  readBigintAsNumber,
  readInteger,
} from '../../lib/types/integers';
import { expectValueError } from './support/expect-thrown';

const INT32 = 'expected an integer number between -2147483648 and 2147483647.';
const INT64 = 'expected a bigint between -9223372036854775808n and 9223372036854775807n.';
const SAFE = 'expected an integer number between -9007199254740991 and 9007199254740991.';

describe('integers', () => {
  describe('checkInteger', () => {
    it('takes integers in the int32 range and writes −0 as 0', () => {
      expect([2147483647, -2147483648, 0, 42].map((v) => checkInteger(v, 'n'))).to.deep.equal([
        2147483647, -2147483648, 0, 42,
      ]);
      expect(Object.is(checkInteger(-0, 'n'), 0)).to.equal(true);
    });

    it('refuses values outside int32, pointing to bigint', () => {
      expectValueError(
        () => checkInteger(2147483648, 'n'),
        `Cannot write 2147483648 to column n: ${INT32}\n  Use a bigint column for larger values.`,
        'n',
      );
      expectValueError(
        () => checkInteger(-2147483649, 'n'),
        `Cannot write -2147483649 to column n: ${INT32}\n  Use a bigint column for larger values.`,
        'n',
      );
    });

    it('refuses NaN, fractions, strings and bigints', () => {
      expectValueError(() => checkInteger(Number.NaN, 'n'), `Cannot write NaN to column n: ${INT32}`, 'n');
      expectValueError(() => checkInteger(1.5, 'n'), `Cannot write 1.5 to column n: ${INT32}`, 'n');
      expectValueError(() => checkInteger('1', 'n'), `Cannot write "1" to column n: ${INT32}`, 'n');
      expectValueError(() => checkInteger(1n, 'n'), `Cannot write 1n to column n: ${INT32}`, 'n');
    });
  });

  describe('checkBigint', () => {
    it('takes bigints in the int64 range', () => {
      expect(checkBigint(2n ** 63n - 1n, 'id')).to.equal(9223372036854775807n);
      expect(checkBigint(-(2n ** 63n), 'id')).to.equal(-9223372036854775808n);
    });

    it('refuses bigints outside int64', () => {
      expectValueError(
        () => checkBigint(2n ** 63n, 'id'),
        `Cannot write 9223372036854775808n to column id: ${INT64}`,
        'id',
      );
      expectValueError(
        () => checkBigint(-(2n ** 63n) - 1n, 'id'),
        `Cannot write -9223372036854775809n to column id: ${INT64}`,
        'id',
      );
    });

    it('refuses numbers, naming both fixes', () => {
      expectValueError(
        () => checkBigint(42, 'id'),
        `Cannot write 42 to column id: ${INT64}\n` +
          '  Write a bigint (42n or BigInt(value)), or map the column with bigintAsNumber to read and write numbers.',
        'id',
      );
      expectValueError(() => checkBigint('42', 'id'), `Cannot write "42" to column id: ${INT64}`, 'id');
    });
  });

  describe('checkSafeInteger (bigintAsNumber)', () => {
    it('takes safe integers and makes them exact bigints', () => {
      expect(checkSafeInteger(Number.MAX_SAFE_INTEGER, 'id')).to.equal(9007199254740991n);
      expect(checkSafeInteger(-Number.MAX_SAFE_INTEGER, 'id')).to.equal(-9007199254740991n);
    });

    it('refuses integers beyond ±(2^53−1) instead of rounding them', () => {
      expectValueError(
        () => checkSafeInteger(2 ** 53, 'id'),
        `Cannot write 9007199254740992 to column id: ${SAFE}\n` +
          '  Beyond 2^53 a number is no longer exact: map the column without bigintAsNumber and use bigint.',
        'id',
      );
    });

    it('refuses bigints, fractions and NaN', () => {
      expectValueError(() => checkSafeInteger(1n, 'id'), `Cannot write 1n to column id: ${SAFE}`, 'id');
      expectValueError(() => checkSafeInteger(0.5, 'id'), `Cannot write 0.5 to column id: ${SAFE}`, 'id');
      expectValueError(() => checkSafeInteger(Number.NaN, 'id'), `Cannot write NaN to column id: ${SAFE}`, 'id');
    });
  });

  describe('readInteger', () => {
    it('reads numbers, integer strings and safe bigints', () => {
      expect([readInteger(7), readInteger('-2147483648'), readInteger(5n)]).to.deep.equal([7, -2147483648, 5]);
    });

    it('refuses fractions and unsafe values', () => {
      expectValueError(() => readInteger(1.5), 'Cannot read 1.5 from an integer column: expected an integer.');
      expectValueError(
        () => readInteger('9007199254740993'),
        'Cannot read "9007199254740993" from an integer column: expected an integer.',
      );
    });
  });

  describe('readBigint', () => {
    it('reads integer strings exactly, bigints, and safe numbers', () => {
      expect(readBigint('9223372036854775807')).to.equal(9223372036854775807n);
      expect(readBigint('-9223372036854775808')).to.equal(-9223372036854775808n);
      expect(readBigint(12n)).to.equal(12n);
      expect(readBigint(Number.MAX_SAFE_INTEGER)).to.equal(9007199254740991n);
    });

    it('refuses a number the driver already rounded, pointing to CAST(x AS TEXT)', () => {
      expectValueError(
        () => readBigint(2 ** 60),
        'Cannot read 1152921504606847000 from a bigint column: expected an integer string or a safe integer number.\n' +
          '  The driver already rounded it: select bigint columns as text (SQLite: CAST(x AS TEXT)).',
      );
      expectValueError(
        () => readBigint('1.5'),
        'Cannot read "1.5" from a bigint column: expected an integer string or a safe integer number.',
      );
    });
  });

  describe('readBigintAsNumber', () => {
    it('reads values within ±(2^53−1) as numbers', () => {
      expect(readBigintAsNumber('9007199254740991')).to.equal(Number.MAX_SAFE_INTEGER);
      expect(readBigintAsNumber('-9007199254740991')).to.equal(-Number.MAX_SAFE_INTEGER);
    });

    it('raises for values a number cannot hold exactly', () => {
      expectValueError(
        () => readBigintAsNumber('9007199254740992'),
        'Cannot read "9007199254740992" from a bigint column: expected an integer between -9007199254740991 and 9007199254740991 (bigintAsNumber).\n' +
          '  Map the column without bigintAsNumber to read it exactly as a bigint.',
      );
    });
  });
});
