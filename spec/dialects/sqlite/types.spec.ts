process.env.TZ = 'America/New_York';

import { expect } from 'chai';
import { sqliteTypes as types } from '../../../lib/dialects/sqlite/types';
import { ConfigError } from '../../../lib/errors';
import { COLUMN_KINDS } from '../../../lib/types/column-type';
import { expectThrown, expectValueError } from '../../types/support/expect-thrown';

describe('sqliteTypes', () => {
  it('names the SQL type of every kind', () => {
    const sql = COLUMN_KINDS.map((kind) => types.sqlType({ kind, values: ['a'] }));
    expect(sql).to.deep.equal([
      'INTEGER',
      'INTEGER',
      'TEXT',
      'REAL',
      'REAL',
      'INTEGER',
      'TEXT',
      'TEXT',
      'TEXT',
      'TEXT',
      'TEXT',
      'TEXT',
      'TEXT',
      'BLOB',
    ]);
  });

  it('still checks decimal, string and enum shapes, so a mapping fails the same way everywhere', () => {
    expectThrown(
      () => types.sqlType({ kind: 'decimal', precision: 5, scale: 6 }),
      ConfigError,
      'Column type decimal(5,6) cannot be used on SQLite: the scale must be an integer from 0 to 5.',
    );
    expectThrown(
      () => types.sqlType({ kind: 'enum', values: [] }),
      ConfigError,
      'Column type enum() cannot be used on SQLite: an enum needs at least one value.',
    );
  });

  it('checks string lengths itself, since TEXT has none', () => {
    expect(types.toDriver({ kind: 'string', length: 3 }, '😀😀😀', 'code')).to.equal('😀😀😀');
    expectValueError(
      () => types.toDriver({ kind: 'string', length: 3 }, 'abcd', 'code'),
      'Cannot write a string of 4 characters to column code: expected a string of at most 3 characters.\n' +
        '  Shorten the value, or declare a longer string (or a text) column.',
      'code',
    );
  });

  it('stores decimals as canonical text, so that NUMERIC affinity never rounds them', () => {
    expect(types.toDriver({ kind: 'decimal', precision: 38, scale: 9 }, '12345678901234567890.123456789')).to.equal(
      '12345678901234567890.123456789',
    );
    expect(types.toDriver({ kind: 'decimal', precision: 6, scale: 2 }, '-000.5')).to.equal('-0.50');
  });

  it('binds bigint as text, booleans as 0/1, datetimes as UTC text and float rounded to 32 bits', () => {
    expect(types.toDriver({ kind: 'bigint' }, -(2n ** 63n))).to.equal('-9223372036854775808');
    expect(types.toDriver({ kind: 'boolean' }, true)).to.equal(1);
    expect(types.toDriver({ kind: 'datetime' }, new Date('1969-07-20T20:17:40.123Z'))).to.equal(
      '1969-07-20 20:17:40.123',
    );
    expect(types.toDriver({ kind: 'float' }, 1 / 3)).to.equal(0.33333334);
  });

  it('reads bigint from CAST(x AS TEXT) strings and from numbers that are still exact', () => {
    expect(types.fromDriver({ kind: 'bigint' }, '-9223372036854775808')).to.equal(-(2n ** 63n));
    expect(types.fromDriver({ kind: 'bigint' }, 42)).to.equal(42n);
    expect(types.fromDriver({ kind: 'bigint', bigintAsNumber: true }, 42)).to.equal(42);
  });

  it('reads JSON text, 0/1 booleans and REAL floats as their 32-bit value', () => {
    expect(types.fromDriver({ kind: 'json' }, '{"a":[1]}')).to.deep.equal({ a: [1] });
    expect(types.fromDriver({ kind: 'boolean' }, 0)).to.equal(false);
    expect(types.fromDriver({ kind: 'float' }, 1 / 3)).to.equal(0.33333334);
  });
});
