import { expect } from 'chai';
import { IdentifierError } from '../../lib/errors';
import { quoteIdentifier, validateIdentifier } from '../../lib/sql/identifier';
import { column, insert, select, table } from '../../lib/sql/nodes';

describe('validateIdentifier', () => {
  it('accepts letters, digits, _ and $ after a letter or _', () => {
    for (const name of ['a', '_x', 'Book_2', 'price$eur', 'A'.repeat(63)]) {
      expect(validateIdentifier(name)).to.equal(name);
    }
  });

  it('rejects quotes, spaces, dots, dashes, a leading digit or $, and the empty name', () => {
    for (const name of ['', '1a', '$a', 'a b', 'a.b', 'a-b', 'a"b', 'a`b', "a'b", 'a;', 'é', 'a\0']) {
      expect(() => validateIdentifier(name), JSON.stringify(name)).to.throw(IdentifierError);
    }
  });

  it('rejects names over 63 characters and says how long they are', () => {
    expect(() => validateIdentifier('a'.repeat(64))).to.throw(IdentifierError, '64 characters, at most 63');
  });

  it('names the bad identifier and what it was meant to be', () => {
    expect(() => validateIdentifier('x"; drop table t; --', 'column name')).to.throw(
      IdentifierError,
      'Invalid SQL column name "x\\"; drop table t; --"',
    );
  });

  it('rejects a value that is not a string', () => {
    expect(() => validateIdentifier(42 as unknown as string)).to.throw(IdentifierError);
  });

  it('quotes with the given character and validates again', () => {
    expect(quoteIdentifier('books', '"')).to.equal('"books"');
    expect(quoteIdentifier('books', '`')).to.equal('`books`');
    expect(() => quoteIdentifier('bo"oks', '"')).to.throw(IdentifierError);
  });
});

describe('identifier validation at node creation', () => {
  it('validates table names, aliases, column names and select aliases', () => {
    expect(() => table('bad name')).to.throw(IdentifierError, 'table name');
    expect(() => table('books', 'b b')).to.throw(IdentifierError, 'table alias');
    expect(() => column('x y')).to.throw(IdentifierError, 'column name');
    expect(() => column('x', { table: 't t' })).to.throw(IdentifierError, 'table name');
    expect(() => select({ columns: [{ expression: column('a'), alias: 'a-b' }] })).to.throw(IdentifierError, 'alias');
    expect(() => insert({ table: 't', columns: ['ok', 'not ok'], rows: [[1, 2]] })).to.throw(IdentifierError);
  });
});
