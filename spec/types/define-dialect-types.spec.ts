import { expect } from 'chai';
import sinon from 'sinon';
import { ValueError } from '../../lib/errors';
import { COLUMN_KINDS, type ColumnKind, type ColumnType } from '../../lib/types/column-type';
import { defineDialectTypes, type SqlTypeNames } from '../../lib/types/define-dialect-types';
import { thrownBy } from './support/expect-thrown';

const SQL_TYPES = Object.fromEntries(COLUMN_KINDS.map((k) => [k, () => `sql_${k}`])) as unknown as SqlTypeNames;

const at = new Date('2021-11-07T06:30:00.000Z');

/** A value of each kind, what the default encoders bind for it, and what the default readers make of that. */
const SAMPLES: Record<ColumnKind, { type: ColumnType; value: unknown; bound: unknown; read: unknown }> = {
  integer: { type: { kind: 'integer' }, value: -0, bound: 0, read: 0 },
  bigint: { type: { kind: 'bigint' }, value: 2n ** 63n - 1n, bound: '9223372036854775807', read: 2n ** 63n - 1n },
  decimal: { type: { kind: 'decimal', precision: 5, scale: 2 }, value: '1.5', bound: '1.50', read: '1.50' },
  float: { type: { kind: 'float' }, value: 1 / 3, bound: 0.33333334, read: 0.33333334 },
  double: { type: { kind: 'double' }, value: 1 / 3, bound: 1 / 3, read: 1 / 3 },
  boolean: { type: { kind: 'boolean' }, value: true, bound: 1, read: true },
  string: { type: { kind: 'string', length: 2 }, value: '😀😀', bound: '😀😀', read: '😀😀' },
  text: { type: { kind: 'text' }, value: 'a\0b', bound: 'a\0b', read: 'a\0b' },
  uuid: {
    type: { kind: 'uuid' },
    value: 'A0000000-0000-0000-0000-00000000000F',
    bound: 'a0000000-0000-0000-0000-00000000000f',
    read: 'a0000000-0000-0000-0000-00000000000f',
  },
  date: { type: { kind: 'date' }, value: '1969-07-20', bound: '1969-07-20', read: '1969-07-20' },
  datetime: { type: { kind: 'datetime' }, value: at, bound: '2021-11-07 06:30:00.000', read: at },
  json: { type: { kind: 'json' }, value: { a: [1] }, bound: '{"a":[1]}', read: { a: [1] } },
  enum: { type: { kind: 'enum', values: ['x', 'y'] }, value: 'y', bound: 'y', read: 'y' },
  blob: { type: { kind: 'blob' }, value: Buffer.from([1]), bound: Buffer.from([1]), read: Buffer.from([1]) },
};

describe('defineDialectTypes', () => {
  const types = defineDialectTypes({ sqlTypes: SQL_TYPES });

  it('asks the dialect table for SQL types', () => {
    expect(COLUMN_KINDS.map((kind) => types.sqlType({ kind }))).to.deep.equal(COLUMN_KINDS.map((k) => `sql_${k}`));
  });

  it('checks, then encodes every kind with the defaults (text for bigint, 0/1, UTC text, JSON text)', () => {
    for (const kind of COLUMN_KINDS) {
      const { type, value, bound } = SAMPLES[kind];
      expect(types.toDriver(type, value, 'c'), kind).to.deep.equal(bound);
    }
  });

  it('reads every kind back with the default readers', () => {
    for (const kind of COLUMN_KINDS) {
      const { type, bound, read } = SAMPLES[kind];
      expect(types.fromDriver(type, bound), kind).to.deep.equal(read);
    }
  });

  it('maps null and undefined to null both ways, for every kind', () => {
    for (const kind of COLUMN_KINDS) {
      expect([types.toDriver({ kind }, null), types.toDriver({ kind }, undefined)], kind).to.deep.equal([null, null]);
      expect([types.fromDriver({ kind }, null), types.fromDriver({ kind }, undefined)], kind).to.deep.equal([
        null,
        null,
      ]);
    }
  });

  it('reads and writes numbers for bigint with bigintAsNumber', () => {
    const type = { kind: 'bigint', bigintAsNumber: true } as const;
    expect(types.toDriver(type, 42, 'n')).to.equal('42');
    expect(types.fromDriver(type, '42')).to.equal(42);
  });

  it('never calls an encoder with a value that failed its check', () => {
    const integer = sinon.spy((value: number) => value);
    const spied = defineDialectTypes({ sqlTypes: SQL_TYPES, encoders: { integer } });
    const error = thrownBy(() => spied.toDriver({ kind: 'integer' }, 1.5, 'qty'));
    expect(error).to.be.instanceOf(ValueError);
    expect((error as ValueError).column).to.equal('qty');
    expect(integer.callCount).to.equal(0);
    expect(spied.toDriver({ kind: 'integer' }, 3, 'qty')).to.equal(3);
    expect(integer.args).to.deep.equal([[3]]);
  });

  it('uses the dialect encoders and readers where given, the defaults elsewhere', () => {
    const custom = defineDialectTypes({
      sqlTypes: SQL_TYPES,
      encoders: { boolean: (value) => (value ? 'yes' : 'no') },
      readers: { json: (raw) => ({ raw }) },
    });
    expect([custom.toDriver({ kind: 'boolean' }, true), custom.toDriver({ kind: 'bigint' }, 5n)]).to.deep.equal([
      'yes',
      '5',
    ]);
    expect(custom.fromDriver({ kind: 'json' }, '1')).to.deep.equal({ raw: '1' });
    expect(custom.toDriverUntyped(false)).to.equal('no');
  });

  it('applies rejectsNul to string, text, enum, json and untyped values', () => {
    const strict = defineDialectTypes({ sqlTypes: SQL_TYPES, rejectsNul: true });
    const cases: [ColumnType, unknown][] = [
      [{ kind: 'string' }, 'a\0'],
      [{ kind: 'text' }, 'a\0'],
      [{ kind: 'enum', values: ['a\0'] }, 'a\0'],
      [{ kind: 'json' }, ['a\0']],
    ];
    for (const [type, value] of cases) {
      expect(
        thrownBy(() => strict.toDriver(type, value, 'c')),
        type.kind,
      ).to.be.instanceOf(ValueError);
      expect(types.toDriver(type, value, 'c'), type.kind).not.to.equal(null);
    }
    expect(thrownBy(() => strict.toDriverUntyped('a\0'))).to.be.instanceOf(ValueError);
    expect(types.toDriverUntyped('a\0')).to.equal('a\0');
  });
});
