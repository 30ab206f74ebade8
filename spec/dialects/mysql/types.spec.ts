process.env.TZ = 'America/New_York';

import { expect } from 'chai';
import { mysqlTypes as types } from '../../../lib/dialects/mysql/types';
import { ConfigError } from '../../../lib/errors';
import { COLUMN_KINDS } from '../../../lib/types/column-type';
import { expectThrown } from '../../types/support/expect-thrown';

describe('mysqlTypes', () => {
  it('names the SQL type of every kind', () => {
    const sql = COLUMN_KINDS.map((kind) => types.sqlType({ kind, values: ['a'] }));
    expect(sql).to.deep.equal([
      'INT',
      'BIGINT',
      'DECIMAL(38,10)',
      'FLOAT',
      'DOUBLE',
      'TINYINT(1)',
      'VARCHAR(255)',
      'LONGTEXT',
      'CHAR(36)',
      'DATE',
      'DATETIME(3)',
      'JSON',
      "ENUM('a')",
      'LONGBLOB',
    ]);
  });

  it('allows DECIMAL up to (65,30) and VARCHAR up to 16383 utf8mb4 characters', () => {
    expect(types.sqlType({ kind: 'decimal', precision: 65, scale: 30 })).to.equal('DECIMAL(65,30)');
    expect(types.sqlType({ kind: 'string', length: 16383 })).to.equal('VARCHAR(16383)');
    expectThrown(
      () => types.sqlType({ kind: 'decimal', precision: 65, scale: 31 }),
      ConfigError,
      'Column type decimal(65,31) cannot be used on MySQL: the scale must be an integer from 0 to 30.',
    );
    expectThrown(
      () => types.sqlType({ kind: 'string', length: 16384 }),
      ConfigError,
      'Column type string(16384) cannot be used on MySQL: the length must be an integer from 1 to 16383.\n' +
        '  Use a text column for longer values.',
    );
  });

  it("quotes ENUM values, doubling '", () => {
    expect(types.sqlType({ kind: 'enum', values: ["it's", 'b'] })).to.equal("ENUM('it''s','b')");
  });

  it('refuses ENUM values MySQL would not give back as written', () => {
    expectThrown(
      () => types.sqlType({ kind: 'enum', values: ['a', 'b '] }),
      ConfigError,
      'Column type enum("a", "b ") cannot be used on MySQL: MySQL strips the trailing space of "b ".',
    );
    expectThrown(
      () => types.sqlType({ kind: 'enum', values: ['a\\b'] }),
      ConfigError,
      'Column type enum("a\\\\b") cannot be used on MySQL: "a\\\\b" holds a backslash.',
    );
    expectThrown(
      () => types.sqlType({ kind: 'enum', values: ['draft', 'Draft'] }),
      ConfigError,
      'Column type enum("draft", "Draft") cannot be used on MySQL: "Draft" equals "draft" when case is ignored, as MySQL does.',
    );
  });

  it('binds bigint as text, booleans as 0/1 and datetimes as UTC DATETIME text', () => {
    expect(types.toDriver({ kind: 'bigint' }, 2n ** 63n - 1n)).to.equal('9223372036854775807');
    expect([types.toDriver({ kind: 'boolean' }, true), types.toDriver({ kind: 'boolean' }, false)]).to.deep.equal([
      1, 0,
    ]);
    expect(types.toDriver({ kind: 'datetime' }, new Date('2021-03-14T07:00:00.000Z'))).to.equal(
      '2021-03-14 07:00:00.000',
    );
    expect(types.toDriverUntyped(new Date('2021-11-07T06:30:00.000Z'))).to.equal('2021-11-07 06:30:00.000');
  });

  it('reads mysql2 values: TINYINT(1) numbers, JSON text, DATETIME text with or without fraction', () => {
    expect([types.fromDriver({ kind: 'boolean' }, 1), types.fromDriver({ kind: 'boolean' }, 0)]).to.deep.equal([
      true,
      false,
    ]);
    expect(types.fromDriver({ kind: 'json' }, '"just a string"')).to.equal('just a string');
    expect(types.fromDriver({ kind: 'datetime' }, '2021-03-14 07:00:00')).to.deep.equal(
      new Date('2021-03-14T07:00:00.000Z'),
    );
    expect(types.fromDriver({ kind: 'float' }, 0.10000000149011612)).to.equal(0.1);
  });

  it('keeps NUL characters (MySQL text holds them)', () => {
    expect(types.toDriver({ kind: 'text' }, 'a\0b')).to.equal('a\0b');
    expect(types.toDriver({ kind: 'json' }, ['\0'])).to.equal('["\\u0000"]');
  });
});
