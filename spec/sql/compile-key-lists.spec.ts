import { expect } from 'chai';
import { column, deleteFrom, inList, notInList, param, row, select, ValueRows } from '../../lib/sql/nodes';
import { mysqlTypes } from '../../lib/dialects/mysql/types';
import { postgresTypes } from '../../lib/dialects/postgres/types';
import { sqliteTypes } from '../../lib/dialects/sqlite/types';
import { compileOn, compilerFor, DIALECTS, expectCompiled, testSql } from './support/test-sql';

const int = { kind: 'integer' } as const;
const big = { kind: 'bigint' } as const;
const id = column('id', { type: big });
const version = column('version', { type: int });

/** `id IN ('1', '2', '3')` on each dialect: as a list of values and as rows held flat alike. */
const THREE_KEYS = {
  sqlite: { sql: 'DELETE FROM "t" WHERE "id" IN (?, ?, ?)', params: ['1', '2', '3'] },
  postgres: { sql: 'DELETE FROM "t" WHERE "id" = ANY($1::bigint[])', params: [['1', '2', '3']] },
  mysql: { sql: 'DELETE FROM `t` WHERE `id` IN (?, ?, ?)', params: ['1', '2', '3'] },
};

/** `(id, version) IN (('1', 3), ('2', 5))` on each dialect, both ways too. */
const TWO_PAIRS = {
  sqlite: { sql: 'DELETE FROM "t" WHERE ("id", "version") IN (VALUES (?, ?), (?, ?))', params: ['1', 3, '2', 5] },
  postgres: {
    sql: 'DELETE FROM "t" WHERE ("id", "version") IN (SELECT * FROM unnest($1::bigint[], $2::integer[]))',
    params: [
      ['1', '2'],
      [3, 5],
    ],
  },
  mysql: { sql: 'DELETE FROM `t` WHERE (`id`, `version`) IN ((?, ?), (?, ?))', params: ['1', 3, '2', 5] },
};

describe('compiling key lists', () => {
  it('binds a typed key list as one array on PostgreSQL: = ANY($1::type[])', () => {
    testSql(deleteFrom({ table: 't', where: inList(id, ['1', '2', '3']) }), THREE_KEYS);
  });

  it('binds a negated typed key list as <> ALL, which treats NULLs as NOT IN does', () => {
    expectCompiled('postgres', () => compileOn('postgres', select({ from: 't', where: notInList(id, ['1', '2']) })), {
      sql: 'SELECT * FROM "t" WHERE "id" <> ALL($1::bigint[])',
      params: [['1', '2']],
    });
  });

  it('binds typed row values as one array per column on PostgreSQL: IN (SELECT * FROM unnest(…))', () => {
    const where = inList(row(id, version), [
      ['1', 3],
      ['2', 5],
    ]);
    testSql(deleteFrom({ table: 't', where }), TWO_PAIRS);
  });

  it('keeps a literal list on PostgreSQL for one value, an untyped column or a non-parameter value', () => {
    const pg = compilerFor('postgres');
    expectCompiled('postgres', () => pg.compile(deleteFrom({ table: 't', where: inList(id, ['1']) })), {
      sql: 'DELETE FROM "t" WHERE "id" IN ($1)',
      params: ['1'],
    });
    expectCompiled('postgres', () => pg.compile(deleteFrom({ table: 't', where: inList(column('id'), [1, 2]) })), {
      sql: 'DELETE FROM "t" WHERE "id" IN ($1, $2)',
      params: [1, 2],
    });
    const mixed = inList(row(id, column('x')), [
      ['1', 2],
      ['3', 4],
    ]);
    expectCompiled('postgres', () => pg.compile(deleteFrom({ table: 't', where: mixed })), {
      sql: 'DELETE FROM "t" WHERE ("id", "x") IN (($1, $2), ($3, $4))',
      params: ['1', 2, '3', 4],
    });
    const expression = inList(id, [param('1', { type: big }), column('other')]);
    expectCompiled('postgres', () => pg.compile(deleteFrom({ table: 't', where: expression })), {
      sql: 'DELETE FROM "t" WHERE "id" IN ($1, "other")',
      params: ['1'],
    });
  });

  it('compiles 100,000 typed key pairs to two binds on PostgreSQL', () => {
    const pairs = Array.from({ length: 100_000 }, (_, i) => [String(i + 1), 1]);
    const compiled = compileOn('postgres', deleteFrom({ table: 't', where: inList(row(id, version), pairs) }));
    expect(compiled.sql).to.equal(
      'DELETE FROM "t" WHERE ("id", "version") IN (SELECT * FROM unnest($1::bigint[], $2::integer[]))',
    );
    expect(compiled.params.map((p) => (p as unknown[]).length)).to.deep.equal([100_000, 100_000]);
  });

  describe('rows held flat (ValueRows), as a flush binds its keys', () => {
    const idSpec = { name: 'id', type: big };
    const versionSpec = { name: 'version', type: int };

    it('compiles one key column exactly as the list of the same values', () => {
      const flat = ValueRows.flat([idSpec], ['1', '2', '3'], 'keys');
      testSql(deleteFrom({ table: 't', where: inList(id, flat) }), THREE_KEYS);
    });

    it('compiles key and version pairs exactly as the list of the same tuples', () => {
      const flat = ValueRows.flat([idSpec, versionSpec], ['1', 3, '2', 5], 'keys');
      testSql(deleteFrom({ table: 't', where: inList(row(id, version), flat) }), TWO_PAIRS);
    });

    it('converts each cell by the type of its column with the dialect types, one column and key + version', () => {
      const at = { name: 'at', type: { kind: 'datetime' } } as const;
      const when = new Date('2024-05-06T07:08:09.123Z');
      const single = deleteFrom({
        table: 't',
        where: inList(column('at', { type: at.type }), ValueRows.flat([at], [when, when], 'k')),
      });
      const pairs = ValueRows.flat([idSpec, at], [1n, when, 2n, when], 'k');
      const keyed = deleteFrom({ table: 't', where: inList(row(id, column('at', { type: at.type })), pairs) });
      const types = { sqlite: sqliteTypes, postgres: postgresTypes, mysql: mysqlTypes };
      const text = '2024-05-06 07:08:09.123';
      const iso = '2024-05-06T07:08:09.123Z';
      const expected = {
        sqlite: [
          [text, text],
          ['1', text, '2', text],
        ],
        postgres: [
          [[iso, iso]],
          [
            ['1', '2'],
            [iso, iso],
          ],
        ],
        mysql: [
          [text, text],
          ['1', text, '2', text],
        ],
      };
      for (const dialect of DIALECTS) {
        const compiler = compilerFor(dialect, { types: types[dialect] });
        expect([compiler.compile(single).params, compiler.compile(keyed).params], dialect).to.deep.equal(
          expected[dialect],
        );
      }
    });

    it('keeps one key a literal on PostgreSQL, binds a negated list as <> ALL, and compiles no rows to a false predicate', () => {
      const pg = compilerFor('postgres');
      expectCompiled(
        'postgres',
        () => pg.compile(deleteFrom({ table: 't', where: inList(id, ValueRows.flat([idSpec], ['7'], 'k')) })),
        {
          sql: 'DELETE FROM "t" WHERE "id" IN ($1)',
          params: ['7'],
        },
      );
      const negated = notInList(id, ValueRows.flat([idSpec], ['1', '2'], 'k'));
      expectCompiled('postgres', () => pg.compile(select({ from: 't', where: negated })), {
        sql: 'SELECT * FROM "t" WHERE "id" <> ALL($1::bigint[])',
        params: [['1', '2']],
      });
      const none = compileOn(
        'sqlite',
        deleteFrom({ table: 't', where: inList(id, ValueRows.flat([idSpec], [], 'k')) }),
      );
      expect(none.sql).to.equal('DELETE FROM "t" WHERE 1 = 0');
      expect(none.params).to.deep.equal([]);
    });

    it("refuses rows whose width is not the left side's", () => {
      const flat = ValueRows.flat([idSpec, versionSpec], ['1', 3], 'keys');
      expect(() => inList(id, flat)).to.throw('inList: rows of 2 columns compared with 1 items.');
    });
  });
});
