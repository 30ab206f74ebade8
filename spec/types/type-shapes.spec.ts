import { expect } from 'chai';
import { ConfigError } from '../../lib/errors';
import { checkDecimalShape, checkEnumShape, checkStringShape } from '../../lib/types/type-shapes';
import { expectThrown } from './support/expect-thrown';

const LIMITS = { maxPrecision: 65, maxScale: 30 };

describe('type-shapes', () => {
  describe('checkDecimalShape', () => {
    it('gives the shape within the limits, defaults included', () => {
      expect(checkDecimalShape({ kind: 'decimal' }, LIMITS, 'MySQL')).to.deep.equal({ precision: 38, scale: 10 });
      expect(checkDecimalShape({ kind: 'decimal', precision: 65, scale: 30 }, LIMITS, 'MySQL')).to.deep.equal({
        precision: 65,
        scale: 30,
      });
    });

    it('refuses a precision outside 1..max', () => {
      expectThrown(
        () => checkDecimalShape({ kind: 'decimal', precision: 66, scale: 2 }, LIMITS, 'MySQL'),
        ConfigError,
        'Column type decimal(66,2) cannot be used on MySQL: the precision must be an integer from 1 to 65.',
      );
      expectThrown(
        () => checkDecimalShape({ kind: 'decimal', precision: 0, scale: 0 }, LIMITS, 'MySQL'),
        ConfigError,
        'Column type decimal(0,0) cannot be used on MySQL: the precision must be an integer from 1 to 65.',
      );
    });

    it('refuses a scale above the precision or the dialect maximum, or a fraction', () => {
      expectThrown(
        () => checkDecimalShape({ kind: 'decimal', precision: 10, scale: 11 }, LIMITS, 'MySQL'),
        ConfigError,
        'Column type decimal(10,11) cannot be used on MySQL: the scale must be an integer from 0 to 10.',
      );
      expectThrown(
        () => checkDecimalShape({ kind: 'decimal', precision: 60, scale: 31 }, LIMITS, 'MySQL'),
        ConfigError,
        'Column type decimal(60,31) cannot be used on MySQL: the scale must be an integer from 0 to 30.',
      );
      expectThrown(
        () => checkDecimalShape({ kind: 'decimal', precision: 10, scale: 1.5 }, LIMITS, 'MySQL'),
        ConfigError,
        'Column type decimal(10,1.5) cannot be used on MySQL: the scale must be an integer from 0 to 10.',
      );
    });
  });

  describe('checkStringShape', () => {
    it('gives the length, 255 by default', () => {
      expect(checkStringShape({ kind: 'string' }, 1000, 'X')).to.equal(255);
      expect(checkStringShape({ kind: 'string', length: 1 }, 100, 'X')).to.equal(1);
    });

    it('refuses lengths outside 1..max, pointing to text', () => {
      expectThrown(
        () => checkStringShape({ kind: 'string', length: 16384 }, 16383, 'MySQL'),
        ConfigError,
        'Column type string(16384) cannot be used on MySQL: the length must be an integer from 1 to 16383.\n' +
          '  Use a text column for longer values.',
      );
      expectThrown(
        () => checkStringShape({ kind: 'string', length: 0 }, 16383, 'MySQL'),
        ConfigError,
        'Column type string(0) cannot be used on MySQL: the length must be an integer from 1 to 16383.\n' +
          '  Use a text column for longer values.',
      );
    });
  });

  describe('checkEnumShape', () => {
    it('gives the values', () => {
      expect(checkEnumShape({ kind: 'enum', values: ['a', 'b'] }, 'X')).to.deep.equal(['a', 'b']);
    });

    it('refuses no values and duplicates', () => {
      expectThrown(
        () => checkEnumShape({ kind: 'enum' }, 'SQLite'),
        ConfigError,
        'Column type enum() cannot be used on SQLite: an enum needs at least one value.',
      );
      expectThrown(
        () => checkEnumShape({ kind: 'enum', values: ['a', 'b', 'a'] }, 'SQLite'),
        ConfigError,
        'Column type enum("a", "b", "a") cannot be used on SQLite: "a" is listed twice.',
      );
    });
  });
});
