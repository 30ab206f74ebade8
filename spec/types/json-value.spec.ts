import { expect } from 'chai';
import { checkJson, readJsonText } from '../../lib/types/json-value';
import { expectValueError } from './support/expect-thrown';

const OTHERS = { rejectsNul: false };
const POSTGRES = { rejectsNul: true };
const EXPECTED = 'expected a JSON value (null, a boolean, a finite number, a string, an array or a plain object).';

describe('json-value', () => {
  describe('checkJson', () => {
    it('returns the JSON text of values JSON keeps as they are', () => {
      const value = {
        a: [1, 'two', null, true, { b: -1.5e-7 }],
        'x-y': {},
        c: Object.assign(Object.create(null), { d: 1 }),
      };
      expect(checkJson(value, 'doc', OTHERS)).to.equal('{"a":[1,"two",null,true,{"b":-1.5e-7}],"x-y":{},"c":{"d":1}}');
      expect(['s', 0, false, null, []].map((v) => checkJson(v, 'doc', OTHERS))).to.deep.equal([
        '"s"',
        '0',
        'false',
        'null',
        '[]',
      ]);
    });

    it('drops object properties whose value is undefined, as JSON.stringify does', () => {
      expect(checkJson({ a: undefined, b: 1 }, 'doc', OTHERS)).to.equal('{"b":1}');
    });

    it('refuses values JSON would change or lose, naming the path', () => {
      const cases: [unknown, string, string?][] = [
        [{ a: Number.NaN }, 'NaN at $.a'],
        [[1, Number.POSITIVE_INFINITY], 'Infinity at $[1]'],
        [
          { 'my key': [{ at: new Date('2021-03-14T07:00:00.000Z') }] },
          'Date 2021-03-14T07:00:00.000Z at $["my key"][0].at',
          'Convert it first (date.toISOString()); JSON would give it back as a string.',
        ],
        [{ id: 1n }, '1n at $.id', 'Convert it to a string first; JSON has no bigint.'],
        [[undefined], 'undefined at $[0]', 'An undefined array element would come back as null: write null.'],
        [{ m: new Map() }, 'a Map at $.m'],
        [{ f: () => 1 }, 'a function at $.f'],
        [undefined, 'undefined at $', 'An undefined array element would come back as null: write null.'],
        [Buffer.from('x'), 'a Buffer of 1 byte at $'],
      ];
      for (const [value, got, fix] of cases) {
        const hint = fix === undefined ? '' : `\n  ${fix}`;
        expectValueError(
          () => checkJson(value, 'doc', OTHERS),
          `Cannot write ${got} to column doc: ${EXPECTED}${hint}`,
          'doc',
        );
      }
    });

    it('refuses a cycle, naming where it closes', () => {
      const root: Record<string, unknown> = { list: [] };
      (root.list as unknown[]).push({ back: root });
      expectValueError(
        () => checkJson(root, 'doc', OTHERS),
        `Cannot write a circular reference at $.list[0].back to column doc: ${EXPECTED}\n` +
          '  JSON cannot hold a cycle: break it or write a copy without it.',
        'doc',
      );
    });

    it('accepts the same object twice when it is not a cycle', () => {
      const shared = { n: 1 };
      expect(checkJson([shared, shared], 'doc', OTHERS)).to.equal('[{"n":1},{"n":1}]');
    });

    it('keeps NUL in strings except on PostgreSQL, where jsonb refuses it (in values and keys)', () => {
      expect(checkJson({ s: 'a\0b' }, 'doc', OTHERS)).to.equal('{"s":"a\\u0000b"}');
      expectValueError(
        () => checkJson({ ['k\0']: 1 }, 'doc', POSTGRES),
        'Cannot write a string with a NUL character (U+0000) at index 1 at $["k\\u0000"] to column doc: expected text without NUL characters.\n' +
          '  PostgreSQL text cannot hold U+0000: remove it, or store the data in a blob column.',
        'doc',
      );
    });

    it('refuses lone surrogates in strings', () => {
      expectValueError(
        () => checkJson(['\uD800'], 'doc', OTHERS),
        'Cannot write a string with a lone UTF-16 surrogate at index 0 at $[0] to column doc: expected well-formed Unicode text.\n' +
          '  A lone surrogate cannot be encoded as UTF-8; the database would get U+FFFD instead.',
        'doc',
      );
    });
  });

  describe('readJsonText', () => {
    it('parses JSON text (from a string or a Buffer)', () => {
      expect(readJsonText('{"a":[1,"😀"]}')).to.deep.equal({ a: [1, '😀'] });
      expect(readJsonText('"just a string"')).to.equal('just a string');
      expect(readJsonText(Buffer.from('[true]'))).to.deep.equal([true]);
    });

    it('refuses text that is not JSON, with the parser message', () => {
      expectValueError(
        () => readJsonText('{oops'),
        `Cannot read "{oops" from a json column: expected JSON text.\n  ${jsonParseMessage('{oops')}`,
      );
      expectValueError(() => readJsonText(12), 'Cannot read 12 from a json column: expected JSON text.');
    });
  });
});

function jsonParseMessage(text: string): string {
  try {
    JSON.parse(text);
  } catch (e) {
    return (e as Error).message;
  }
  throw new Error('expected invalid JSON');
}
