import { expect } from 'chai';
import { checkDouble, checkFloat, FLOAT32_MAX, readDouble, readFloat, shortestFloat32 } from '../../lib/types/floats';
import { expectValueError } from './support/expect-thrown';

const FLOAT = `expected a finite number between ${-FLOAT32_MAX} and ${FLOAT32_MAX} (a 32-bit float).`;

describe('floats', () => {
  describe('shortestFloat32', () => {
    it('gives the shortest decimal naming the same 32-bit float', () => {
      expect([0.1, 1 / 3, 0.10000000149011612, 16777217, 1e-45, 123456.789].map(shortestFloat32)).to.deep.equal([
        0.1, 0.33333334, 0.1, 16777216, 1e-45, 123456.79,
      ]);
    });

    it('keeps ±0 (with its sign), NaN and ±Infinity', () => {
      expect(Object.is(shortestFloat32(-0), -0)).to.equal(true);
      expect(Object.is(shortestFloat32(0), 0)).to.equal(true);
      expect(shortestFloat32(Number.NaN)).to.be.NaN;
      expect(shortestFloat32(Number.NEGATIVE_INFINITY)).to.equal(Number.NEGATIVE_INFINITY);
    });

    it('keeps the largest float exact, since its shortest decimal would exceed it as a double', () => {
      expect(shortestFloat32(FLOAT32_MAX)).to.equal(3.4028234663852886e38);
      expect(shortestFloat32(-3.4028235e38)).to.equal(-3.4028234663852886e38);
    });
  });

  describe('checkFloat', () => {
    it('rounds to the 32-bit float now, so every dialect stores the same value', () => {
      expect([checkFloat(1 / 3, 'f'), checkFloat(16777217, 'f')]).to.deep.equal([0.33333334, 16777216]);
      expect(Object.is(checkFloat(-0, 'f'), -0)).to.equal(true);
    });

    it('refuses numbers beyond the 32-bit range, pointing to double', () => {
      expectValueError(
        () => checkFloat(3.5e38, 'f'),
        `Cannot write 3.5e+38 to column f: ${FLOAT}\n  Use a double column for larger values.`,
        'f',
      );
    });

    it('refuses NaN, Infinity and strings', () => {
      expectValueError(() => checkFloat(Number.NaN, 'f'), `Cannot write NaN to column f: ${FLOAT}`, 'f');
      expectValueError(
        () => checkFloat(Number.POSITIVE_INFINITY, 'f'),
        `Cannot write Infinity to column f: ${FLOAT}`,
        'f',
      );
      expectValueError(() => checkFloat('1', 'f'), `Cannot write "1" to column f: ${FLOAT}`, 'f');
    });
  });

  describe('checkDouble', () => {
    it('takes every finite number unchanged, −0 included', () => {
      expect([Number.MAX_VALUE, Number.MIN_VALUE, 0.1].map((v) => checkDouble(v, 'd'))).to.deep.equal([
        Number.MAX_VALUE,
        Number.MIN_VALUE,
        0.1,
      ]);
      expect(Object.is(checkDouble(-0, 'd'), -0)).to.equal(true);
    });

    it('refuses NaN, ±Infinity and non-numbers', () => {
      expectValueError(
        () => checkDouble(Number.NaN, 'd'),
        'Cannot write NaN to column d: expected a finite number.',
        'd',
      );
      expectValueError(
        () => checkDouble(Number.NEGATIVE_INFINITY, 'd'),
        'Cannot write -Infinity to column d: expected a finite number.',
        'd',
      );
      expectValueError(() => checkDouble(1n, 'd'), 'Cannot write 1n to column d: expected a finite number.', 'd');
    });
  });

  describe('readDouble and readFloat', () => {
    it('read numbers and numeric strings (NaN and Infinity included, as PostgreSQL can hold them)', () => {
      expect([readDouble(1.5), readDouble('-2.5e3'), readDouble('Infinity')]).to.deep.equal([1.5, -2500, Infinity]);
      expect(readDouble('NaN')).to.be.NaN;
      expect(Object.is(readDouble(-0), -0)).to.equal(true);
    });

    it('readFloat normalises to the shortest decimal of the 32-bit value', () => {
      expect([readFloat(0.10000000149011612), readFloat('0.33333334')]).to.deep.equal([0.1, 0.33333334]);
    });

    it('refuse what is not a number', () => {
      expectValueError(() => readDouble('abc'), 'Cannot read "abc" from a double column: expected a number.');
      expectValueError(() => readDouble(''), 'Cannot read "" from a double column: expected a number.');
      expectValueError(() => readFloat(true), 'Cannot read true from a float column: expected a number.');
    });
  });
});
