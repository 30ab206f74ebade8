process.env.TZ = 'America/New_York';

import { expect } from 'chai';
import pg from 'pg';
import { ConfigError } from '../../../lib/errors';
import { postgresTypes as types } from '../../../lib/dialects/postgres/types';
import { postgresTypeParser, RAW_TEXT_OIDS } from '../../../lib/dialects/postgres/types-parsers';
import { COLUMN_KINDS, type ColumnType } from '../../../lib/types/column-type';
import { expectThrown, expectValueError } from '../../types/support/expect-thrown';

const NUL_FIX = '  PostgreSQL text cannot hold U+0000: remove it, or store the data in a blob column.';

describe('postgresTypes', () => {
  it('names the SQL type of every kind', () => {
    const sql = COLUMN_KINDS.map((kind) => types.sqlType({ kind, values: ['a'] }));
    expect(sql).to.deep.equal([
      'integer',
      'bigint',
      'numeric(38,10)',
      'real',
      'double precision',
      'boolean',
      'varchar(255)',
      'text',
      'uuid',
      'date',
      'timestamptz(3)',
      'jsonb',
      'text',
      'bytea',
    ]);
  });

  it('spells decimal and string shapes, up to numeric(1000,s) and varchar(10485760)', () => {
    expect(types.sqlType({ kind: 'decimal', precision: 1000, scale: 20 })).to.equal('numeric(1000,20)');
    expect(types.sqlType({ kind: 'string', length: 10485760 })).to.equal('varchar(10485760)');
    expectThrown(
      () => types.sqlType({ kind: 'decimal', precision: 1001, scale: 0 }),
      ConfigError,
      'Column type decimal(1001,0) cannot be used on PostgreSQL: the precision must be an integer from 1 to 1000.',
    );
  });

  it('refuses enum values that text cannot hold', () => {
    expectThrown(
      () => types.sqlType({ kind: 'enum', values: ['ok', 'a\0'] }),
      ConfigError,
      'Column type enum cannot be used on PostgreSQL: the value "a\\u0000" is a string with a NUL character (U+0000) at index 1.',
    );
  });

  it('binds booleans as booleans and datetimes as ISO UTC text with Z', () => {
    expect([types.toDriver({ kind: 'boolean' }, true), types.toDriver({ kind: 'boolean' }, false)]).to.deep.equal([
      true,
      false,
    ]);
    expect(types.toDriver({ kind: 'datetime' }, new Date('2021-11-07T06:30:00.000Z'))).to.equal(
      '2021-11-07T06:30:00.000Z',
    );
    expect(types.toDriverUntyped(new Date('0001-01-01T00:00:00.000Z'))).to.equal('0001-01-01T00:00:00.000Z');
  });

  it('binds −0.0 as the text "-0", since pg would send String(-0) = "0"', () => {
    expect([types.toDriver({ kind: 'float' }, -0), types.toDriver({ kind: 'double' }, -0)]).to.deep.equal(['-0', '-0']);
    expect([types.toDriver({ kind: 'double' }, 0), types.toDriverUntyped(-0)]).to.deep.equal([0, '-0']);
  });

  it('binds bigint and decimal as exact text', () => {
    expect(types.toDriver({ kind: 'bigint' }, -(2n ** 63n))).to.equal('-9223372036854775808');
    expect(types.toDriver({ kind: 'decimal', precision: 38, scale: 9 }, '1.5')).to.equal('1.500000000');
  });

  it('reads what pg returns: jsonb already parsed (a JSON string is a JS string), timestamptz text', () => {
    expect(types.fromDriver({ kind: 'json' }, 'just a string')).to.equal('just a string');
    expect(types.fromDriver({ kind: 'json' }, { a: 1 })).to.deep.equal({ a: 1 });
    expect(types.fromDriver({ kind: 'datetime' }, '1969-07-20 20:17:40.1+00')).to.deep.equal(
      new Date('1969-07-20T20:17:40.100Z'),
    );
    expect(types.fromDriver({ kind: 'boolean' }, false)).to.equal(false);
  });

  it('refuses NUL in string, text, enum, json and untyped values, naming the column', () => {
    const nul = (column: string) =>
      `Cannot write a string with a NUL character (U+0000) at index 0 to ${column}: expected text without NUL characters.\n${NUL_FIX}`;
    const cases: [ColumnType, unknown][] = [
      [{ kind: 'string' }, '\0'],
      [{ kind: 'text' }, '\0'],
      [{ kind: 'enum', values: ['\0'] }, '\0'],
    ];
    for (const [type, value] of cases) expectValueError(() => types.toDriver(type, value, 'c'), nul('column c'), 'c');
    expectValueError(() => types.toDriverUntyped('\0'), nul('a parameter'));
    expectValueError(
      () => types.toDriver({ kind: 'json' }, { a: ['\0'] }, 'doc'),
      `Cannot write a string with a NUL character (U+0000) at index 0 at $.a[0] to column doc: expected text without NUL characters.\n${NUL_FIX}`,
      'doc',
    );
  });
});

describe('postgresTypeParser', () => {
  it('keeps int8, numeric, date, time, timestamp, timestamptz and timetz as the server text', () => {
    expect([...RAW_TEXT_OIDS].sort((a, b) => a - b)).to.deep.equal([20, 1082, 1083, 1114, 1184, 1266, 1700]);
    const samples = [
      '9223372036854775807',
      '2021-03-14',
      '07:00:00',
      '2021-03-14 07:00:00',
      '2021-03-14 07:00:00+00',
      '07:00:00+00',
      '1.50',
    ];
    const oids = [20, 1082, 1083, 1114, 1184, 1266, 1700];
    expect(oids.map((oid, i) => postgresTypeParser(pg)(oid, 'text')(samples[i] as string))).to.deep.equal(samples);
  });

  it("uses pg's default parser for every other type", () => {
    for (const oid of [16, 17, 21, 23, 700, 701, 114, 3802, 2950]) {
      expect(postgresTypeParser(pg)(oid, 'text'), String(oid)).to.equal(pg.types.getTypeParser(oid, 'text'));
    }
    expect(postgresTypeParser(pg)(23)('42')).to.equal(42);
    expect(postgresTypeParser(pg)(3802)('{"a":1}')).to.deep.equal({ a: 1 });
  });
});
