import { expect } from 'chai';
import { ValueError } from '../../lib/errors';
import { describeValue, invalidValue, unreadableValue } from '../../lib/types/invalid-value';

describe('invalid-value', () => {
  describe('describeValue', () => {
    it('quotes short strings and cuts long ones after 40 characters', () => {
      expect(describeValue('abc')).to.equal('"abc"');
      expect(describeValue('x'.repeat(41))).to.equal(`"${'x'.repeat(40)}"…`);
    });

    it('names numbers (−0, NaN, Infinity), bigints, booleans, null and undefined', () => {
      expect([-0, 0, Number.NaN, Number.POSITIVE_INFINITY, 1.5].map(describeValue)).to.deep.equal([
        '-0',
        '0',
        'NaN',
        'Infinity',
        '1.5',
      ]);
      expect([12n, true, null, undefined].map(describeValue)).to.deep.equal(['12n', 'true', 'null', 'undefined']);
    });

    it('names objects by kind without dumping them', () => {
      class Money {}
      const values = [
        new Date('2021-03-14T07:00:00Z'),
        new Date(Number.NaN),
        Buffer.from([1]),
        Buffer.from([1, 2]),
        new Uint8Array(3),
        [1],
        { a: 1 },
        Object.create(null),
        new Map(),
        new Money(),
        new ArrayBuffer(1),
        Symbol('s'),
        () => 1,
      ];
      expect(values.map(describeValue)).to.deep.equal([
        'Date 2021-03-14T07:00:00.000Z',
        'an invalid Date',
        'a Buffer of 1 byte',
        'a Buffer of 2 bytes',
        'a Uint8Array of 3 bytes',
        'an array',
        'an object',
        'an object',
        'a Map',
        'a Money',
        'an ArrayBuffer',
        'a symbol',
        'a function',
      ]);
    });
  });

  describe('invalidValue', () => {
    it('names the column, what was given, what is expected and the fix', () => {
      const error = invalidValue({
        column: 'books.price',
        expected: 'a decimal string',
        value: 12.5,
        fix: 'Use "12.5".',
      });
      expect(error).to.be.instanceOf(ValueError);
      expect(error.code).to.equal('VALUE');
      expect(error.column).to.equal('books.price');
      expect(error.message).to.equal(
        'Cannot write 12.5 to column books.price: expected a decimal string.\n  Use "12.5".',
      );
    });

    it('speaks of a parameter when there is no column, and takes a description of the value', () => {
      const error = invalidValue({ expected: 'a short string', value: 'abc', got: 'a string of 3 characters' });
      expect(error.column).to.equal(undefined);
      expect(error.message).to.equal('Cannot write a string of 3 characters to a parameter: expected a short string.');
    });
  });

  describe('unreadableValue', () => {
    it('names the column kind, what the driver returned and what was expected', () => {
      const error = unreadableValue('boolean', 'true, false, 1 or 0', 2, 'Fix the data.');
      expect(error).to.be.instanceOf(ValueError);
      expect(error.message).to.equal(
        'Cannot read 2 from a boolean column: expected true, false, 1 or 0.\n  Fix the data.',
      );
    });
  });
});
