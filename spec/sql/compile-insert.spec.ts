import { TabulaError } from '../../lib/errors';
import { column, defaultLiteral, insert } from '../../lib/sql/nodes';
import { compilerFor, expectCompiled, testSql } from './support/test-sql';

const int = { kind: 'integer' } as const;
const text = { kind: 'text' } as const;

describe('compiling INSERT', () => {
  it('inserts several rows through a VALUES list when a column has no type', () => {
    const node = insert({
      table: 'tags',
      columns: [{ name: 'id', type: int }, 'name'],
      rows: [
        [1, 'a'],
        [2, 'b'],
      ],
    });
    testSql(node, {
      sqlite: { sql: 'INSERT INTO "tags" ("id", "name") VALUES (?, ?), (?, ?)', params: [1, 'a', 2, 'b'] },
      postgres: { sql: 'INSERT INTO "tags" ("id", "name") VALUES ($1, $2), ($3, $4)', params: [1, 'a', 2, 'b'] },
      mysql: { sql: 'INSERT INTO `tags` (`id`, `name`) VALUES (?, ?), (?, ?)', params: [1, 'a', 2, 'b'] },
    });
  });

  it('binds one array per column through unnest on PostgreSQL when every column is typed', () => {
    const node = insert({
      table: 'tags',
      columns: [
        { name: 'id', type: int },
        { name: 'name', type: { kind: 'string', length: 20 } },
      ],
      rows: [
        [1, 'a'],
        [2, null],
        [3, 'c'],
      ],
    });
    testSql(node, {
      sqlite: {
        sql: 'INSERT INTO "tags" ("id", "name") VALUES (?, ?), (?, ?), (?, ?)',
        params: [1, 'a', 2, null, 3, 'c'],
      },
      postgres: {
        sql: 'INSERT INTO "tags" ("id", "name") SELECT * FROM unnest($1::integer[], $2::varchar(20)[])',
        params: [
          [1, 2, 3],
          ['a', null, 'c'],
        ],
      },
      mysql: {
        sql: 'INSERT INTO `tags` (`id`, `name`) VALUES (?, ?), (?, ?), (?, ?)',
        params: [1, 'a', 2, null, 3, 'c'],
      },
    });
  });

  it('keeps a VALUES list on PostgreSQL for one row, or when a value is not a plain parameter', () => {
    const pg = compilerFor('postgres');
    const one = insert({ table: 't', columns: [{ name: 'a', type: int }], rows: [[1]] });
    expectCompiled('postgres', () => pg.compile(one), { sql: 'INSERT INTO "t" ("a") VALUES ($1)', params: [1] });
    const withDefault = insert({ table: 't', columns: [{ name: 'a', type: int }], rows: [[1], [defaultLiteral()]] });
    expectCompiled('postgres', () => pg.compile(withDefault), {
      sql: 'INSERT INTO "t" ("a") VALUES ($1), (DEFAULT)',
      params: [1],
    });
  });

  it('writes DEFAULT as a value, except on SQLite, which has none', () => {
    testSql(insert({ table: 't', columns: ['a', 'b'], rows: [[defaultLiteral(), 1]] }), {
      sqlite: { error: TabulaError, message: 'SQLite 3.52.0 does not support DEFAULT as a value' },
      postgres: { sql: 'INSERT INTO "t" ("a", "b") VALUES (DEFAULT, $1)', params: [1] },
      mysql: { sql: 'INSERT INTO `t` (`a`, `b`) VALUES (DEFAULT, ?)', params: [1] },
    });
  });

  it('inserts a row of defaults', () => {
    testSql(insert({ table: 't', columns: [], rows: [[]], returning: [column('id')] }), {
      sqlite: { sql: 'INSERT INTO "t" DEFAULT VALUES RETURNING "id"', params: [] },
      postgres: { sql: 'INSERT INTO "t" DEFAULT VALUES RETURNING "id"', params: [] },
      mysql: { sql: 'INSERT INTO `t` () VALUES () RETURNING `id`', params: [] },
    });
  });

  it('returns columns, aliased too, where the server has INSERT … RETURNING', () => {
    const node = insert({
      table: 't',
      columns: ['name'],
      rows: [['a']],
      returning: [column('id'), { expression: column('name'), alias: 'label' }],
    });
    testSql(node, {
      sqlite: { sql: 'INSERT INTO "t" ("name") VALUES (?) RETURNING "id", "name" AS "label"', params: ['a'] },
      postgres: { sql: 'INSERT INTO "t" ("name") VALUES ($1) RETURNING "id", "name" AS "label"', params: ['a'] },
      mysql: { sql: 'INSERT INTO `t` (`name`) VALUES (?) RETURNING `id`, `name` AS `label`', params: ['a'] },
    });
    const mysql57 = compilerFor('mysql', { capabilities: { hasReturning: false, serverVersion: '8.0.36' } });
    expectCompiled('mysql', () => mysql57.compile(node), {
      error: TabulaError,
      message: 'MySQL/MariaDB 8.0.36 does not support INSERT … RETURNING',
    });
  });

  it('reads a returned bigint column as text on SQLite, keeping its label', () => {
    const big = { kind: 'bigint' } as const;
    const node = insert({
      table: 't',
      columns: ['name'],
      rows: [['a']],
      returning: [column('id', { type: big }), { expression: column('n', { type: big }), alias: 'total' }],
    });
    testSql(node, {
      sqlite: {
        sql: 'INSERT INTO "t" ("name") VALUES (?) RETURNING CAST("id" AS TEXT) AS "id", CAST("n" AS TEXT) AS "total"',
        params: ['a'],
      },
      postgres: { sql: 'INSERT INTO "t" ("name") VALUES ($1) RETURNING "id", "n" AS "total"', params: ['a'] },
      mysql: { sql: 'INSERT INTO `t` (`name`) VALUES (?) RETURNING `id`, `n` AS `total`', params: ['a'] },
    });
  });

  describe('upserts', () => {
    const base = {
      table: 'stock',
      columns: [
        { name: 'sku', type: text },
        { name: 'qty', type: int },
      ],
      rows: [['x', 1]],
    };

    it('does nothing on conflict (a no-op assignment on MySQL, never INSERT IGNORE)', () => {
      testSql(insert({ ...base, onConflict: { columns: ['sku'], action: 'nothing' } }), {
        sqlite: {
          sql: 'INSERT INTO "stock" ("sku", "qty") VALUES (?, ?) ON CONFLICT ("sku") DO NOTHING',
          params: ['x', 1],
        },
        postgres: {
          sql: 'INSERT INTO "stock" ("sku", "qty") VALUES ($1, $2) ON CONFLICT ("sku") DO NOTHING',
          params: ['x', 1],
        },
        mysql: {
          sql: 'INSERT INTO `stock` (`sku`, `qty`) VALUES (?, ?) ON DUPLICATE KEY UPDATE `sku` = `sku`',
          params: ['x', 1],
        },
      });
    });

    it('updates the named columns from the proposed row on conflict', () => {
      const node = insert({
        ...base,
        rows: [
          ['x', 1],
          ['y', 2],
        ],
        onConflict: { columns: ['sku'], action: { update: ['qty'] } },
        returning: [column('sku')],
      });
      testSql(node, {
        sqlite: {
          sql: 'INSERT INTO "stock" ("sku", "qty") VALUES (?, ?), (?, ?) ON CONFLICT ("sku") DO UPDATE SET "qty" = EXCLUDED."qty" RETURNING "sku"',
          params: ['x', 1, 'y', 2],
        },
        postgres: {
          sql: 'INSERT INTO "stock" ("sku", "qty") SELECT * FROM unnest($1::text[], $2::integer[]) ON CONFLICT ("sku") DO UPDATE SET "qty" = EXCLUDED."qty" RETURNING "sku"',
          params: [
            ['x', 'y'],
            [1, 2],
          ],
        },
        mysql: {
          sql: 'INSERT INTO `stock` (`sku`, `qty`) VALUES (?, ?), (?, ?) ON DUPLICATE KEY UPDATE `qty` = VALUES(`qty`) RETURNING `sku`',
          params: ['x', 1, 'y', 2],
        },
      });
    });

    it('names composite conflict targets', () => {
      const node = insert({
        table: 'm',
        columns: ['a', 'b', 'c'],
        rows: [[1, 2, 3]],
        onConflict: { columns: ['a', 'b'], action: { update: ['c', 'b'] } },
      });
      testSql(node, {
        sqlite: {
          sql: 'INSERT INTO "m" ("a", "b", "c") VALUES (?, ?, ?) ON CONFLICT ("a", "b") DO UPDATE SET "c" = EXCLUDED."c", "b" = EXCLUDED."b"',
          params: [1, 2, 3],
        },
        postgres: {
          sql: 'INSERT INTO "m" ("a", "b", "c") VALUES ($1, $2, $3) ON CONFLICT ("a", "b") DO UPDATE SET "c" = EXCLUDED."c", "b" = EXCLUDED."b"',
          params: [1, 2, 3],
        },
        mysql: {
          sql: 'INSERT INTO `m` (`a`, `b`, `c`) VALUES (?, ?, ?) ON DUPLICATE KEY UPDATE `c` = VALUES(`c`), `b` = VALUES(`b`)',
          params: [1, 2, 3],
        },
      });
    });
  });
});
