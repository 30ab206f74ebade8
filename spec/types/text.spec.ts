import { expect } from 'chai';
import {
  checkEnum,
  checkText,
  checkUuid,
  checkWellFormed,
  codePointLength,
  readText,
  readUuid,
  stringLength,
} from '../../lib/types/text';
import { expectValueError } from './support/expect-thrown';

const POSTGRES = { rejectsNul: true };
const OTHERS = { rejectsNul: false };

describe('text', () => {
  describe('codePointLength', () => {
    it('counts an emoji as one character and a combining accent as its own', () => {
      expect(['', 'abc', '😀', '👍🏽', 'e\u0301', '😀'.repeat(3)].map(codePointLength)).to.deep.equal([
        0, 3, 1, 2, 2, 3,
      ]);
    });
  });

  describe('stringLength', () => {
    it('is 255 unless declared', () => {
      expect([stringLength({ kind: 'string' }), stringLength({ kind: 'string', length: 20 })]).to.deep.equal([255, 20]);
    });
  });

  describe('checkText', () => {
    it('takes up to the length in characters, however many UTF-16 units or bytes', () => {
      expect(checkText('😀'.repeat(5), 'name', OTHERS, 5)).to.equal('😀😀😀😀😀');
      expect(checkText('', 'name', OTHERS, 5)).to.equal('');
    });

    it('refuses one character too many, counting characters', () => {
      expectValueError(
        () => checkText('😀'.repeat(6), 'name', OTHERS, 5),
        'Cannot write a string of 6 characters to column name: expected a string of at most 5 characters.\n' +
          '  Shorten the value, or declare a longer string (or a text) column.',
        'name',
      );
    });

    it('refuses non-strings', () => {
      expectValueError(
        () => checkText(5, 'name', OTHERS, 5),
        'Cannot write 5 to column name: expected a string of at most 5 characters.',
        'name',
      );
      expectValueError(
        () => checkText(null, 'notes', OTHERS),
        'Cannot write null to column notes: expected a string.',
        'notes',
      );
    });

    it('keeps NUL where the database can, and refuses it on PostgreSQL', () => {
      expect(checkText('a\0b', 'notes', OTHERS)).to.equal('a\0b');
      expectValueError(
        () => checkText('a\0b', 'notes', POSTGRES),
        'Cannot write a string with a NUL character (U+0000) at index 1 to column notes: expected text without NUL characters.\n' +
          '  PostgreSQL text cannot hold U+0000: remove it, or store the data in a blob column.',
        'notes',
      );
    });
  });

  describe('checkWellFormed', () => {
    it('refuses a lone surrogate, which UTF-8 cannot hold', () => {
      const message = (at: number) =>
        `Cannot write a string with a lone UTF-16 surrogate at index ${at} to column notes: expected well-formed Unicode text.\n` +
        '  A lone surrogate cannot be encoded as UTF-8; the database would get U+FFFD instead.';
      expectValueError(() => checkWellFormed('ab\uD83D', 'notes', OTHERS), message(2), 'notes');
      expectValueError(() => checkWellFormed('\uDE00x', 'notes', OTHERS), message(0), 'notes');
    });

    it('accepts surrogate pairs', () => {
      expect(() => checkWellFormed('😀\uD83D\uDE00', 'notes', POSTGRES)).not.to.throw();
    });
  });

  describe('checkEnum', () => {
    it('takes exactly one of the values', () => {
      expect(checkEnum('draft', ['draft', 'published'], 'status')).to.equal('draft');
    });

    it('refuses anything else, case included', () => {
      expectValueError(
        () => checkEnum('Draft', ['draft', 'published'], 'status'),
        'Cannot write "Draft" to column status: expected one of "draft", "published".',
        'status',
      );
      expectValueError(
        () => checkEnum(1, ['draft'], 'status'),
        'Cannot write 1 to column status: expected one of "draft".',
        'status',
      );
    });
  });

  describe('checkUuid', () => {
    it('takes the 8-4-4-4-12 form in any case and lower-cases it', () => {
      expect(checkUuid('123E4567-E89B-12D3-A456-426614174000', 'id')).to.equal('123e4567-e89b-12d3-a456-426614174000');
    });

    it('refuses other forms', () => {
      for (const value of [
        '123e4567e89b12d3a456426614174000',
        '{123e4567-e89b-12d3-a456-426614174000}',
        'g23e4567-e89b-12d3-a456-426614174000',
      ]) {
        expectValueError(
          () => checkUuid(value, 'id'),
          `Cannot write ${JSON.stringify(value)} to column id: expected a UUID string like "123e4567-e89b-12d3-a456-426614174000".`,
          'id',
        );
      }
    });
  });

  describe('readText and readUuid', () => {
    it('read strings; uuids in lower case', () => {
      expect(readText('a\0b', 'text')).to.equal('a\0b');
      expect(readUuid('123E4567-E89B-12D3-A456-426614174000')).to.equal('123e4567-e89b-12d3-a456-426614174000');
    });

    it('refuse what is not a string or a uuid', () => {
      expectValueError(
        () => readText(Buffer.from('a'), 'enum'),
        'Cannot read a Buffer of 1 byte from an enum column: expected a string.',
      );
      expectValueError(() => readUuid('nope'), 'Cannot read "nope" from a uuid column: expected a UUID string.');
    });
  });
});
