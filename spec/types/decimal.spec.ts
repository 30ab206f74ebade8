import { expect } from 'chai';
import { checkDecimal, decimalShape, readDecimal } from '../../lib/types/decimal';
import { expectValueError } from './support/expect-thrown';

const SHAPE_10_2 = { precision: 10, scale: 2 };
const EXPECTED_10_2 =
  'expected a decimal string like "-1234.5" with at most 8 digits before the point and 2 after (decimal(10,2)).';

describe('decimal', () => {
  describe('decimalShape', () => {
    it('defaults to decimal(38,10); a precision alone keeps scale 10 or the precision if smaller', () => {
      expect(decimalShape({ kind: 'decimal' })).to.deep.equal({ precision: 38, scale: 10 });
      expect(decimalShape({ kind: 'decimal', precision: 20 })).to.deep.equal({ precision: 20, scale: 10 });
      expect(decimalShape({ kind: 'decimal', precision: 5 })).to.deep.equal({ precision: 5, scale: 5 });
      expect(decimalShape({ kind: 'decimal', precision: 12, scale: 0 })).to.deep.equal({ precision: 12, scale: 0 });
    });
  });

  describe('checkDecimal', () => {
    it('returns the canonical form: no leading zeros, the scale padded, no minus on zero', () => {
      const values = ['1.5', '007.10', '-0.00', '-0', '12345678.99', '0.01', '-12.3', '5.100'];
      expect(values.map((v) => checkDecimal(v, SHAPE_10_2, 'price'))).to.deep.equal([
        '1.50',
        '7.10',
        '0.00',
        '0.00',
        '12345678.99',
        '0.01',
        '-12.30',
        '5.10',
      ]);
    });

    it('keeps 38 digits exactly', () => {
      const shape = { precision: 38, scale: 9 };
      expect(checkDecimal('12345678901234567890123456789.123456789', shape, 'x')).to.equal(
        '12345678901234567890123456789.123456789',
      );
    });

    it('writes scale 0 without a point', () => {
      expect(checkDecimal('0042', { precision: 5, scale: 0 }, 'n')).to.equal('42');
    });

    it('refuses too many digits after the point instead of rounding', () => {
      expectValueError(
        () => checkDecimal('1.234', SHAPE_10_2, 'price'),
        `Cannot write "1.234" to column price: ${EXPECTED_10_2}\n  Round the value to 2 digits after the point first.`,
        'price',
      );
    });

    it('refuses too many digits before the point', () => {
      expectValueError(
        () => checkDecimal('123456789', SHAPE_10_2, 'price'),
        `Cannot write "123456789" to column price: ${EXPECTED_10_2}\n  Widen the column (a larger precision) for larger values.`,
        'price',
      );
    });

    it('refuses numbers, saying why decimals are strings', () => {
      expectValueError(
        () => checkDecimal(12.5, SHAPE_10_2, 'price'),
        `Cannot write 12.5 to column price: ${EXPECTED_10_2}\n  Decimals are strings so that they stay exact: write "12.50", not 12.5.`,
        'price',
      );
    });

    it('refuses other spellings: exponent, plus sign, bare point, spaces, empty', () => {
      for (const value of ['1e3', '+1', '.5', '5.', ' 1', '', '1,5', '--1']) {
        expectValueError(
          () => checkDecimal(value, SHAPE_10_2, 'price'),
          `Cannot write ${JSON.stringify(value)} to column price: ${EXPECTED_10_2}`,
          'price',
        );
      }
    });

    it('words the scale-0 expectation without a point', () => {
      expectValueError(
        () => checkDecimal('1.5', { precision: 3, scale: 0 }, 'n'),
        'Cannot write "1.5" to column n: expected an integer string like "-1234" with at most 3 digits (decimal(3,0)).\n' +
          '  Round the value to 0 digits after the point first.',
        'n',
      );
    });
  });

  describe('readDecimal', () => {
    it('gives the canonical form of what the driver returned', () => {
      expect(readDecimal('12345678901234567890.123456789', { precision: 38, scale: 9 })).to.equal(
        '12345678901234567890.123456789',
      );
      expect(readDecimal('1.5', SHAPE_10_2)).to.equal('1.50');
      expect(readDecimal('-0.00', SHAPE_10_2)).to.equal('0.00');
    });

    it('keeps digits past the scale that another program stored in SQLite text', () => {
      expect(readDecimal('1.23456', SHAPE_10_2)).to.equal('1.23456');
    });

    it('reads numbers that SQLite stored, spelled out without exponent', () => {
      expect(readDecimal(1.5, SHAPE_10_2)).to.equal('1.50');
      expect(readDecimal(1e21, SHAPE_10_2)).to.equal('1000000000000000000000.00');
      expect(readDecimal(-1e-7, { precision: 20, scale: 8 })).to.equal('-0.00000010');
    });

    it('refuses NaN and other text', () => {
      expectValueError(
        () => readDecimal('NaN', SHAPE_10_2),
        'Cannot read "NaN" from a decimal column: expected a decimal string.',
      );
      expectValueError(
        () => readDecimal(Number.POSITIVE_INFINITY, SHAPE_10_2),
        'Cannot read Infinity from a decimal column: expected a decimal string.',
      );
    });
  });
});
