import { batchUpdate } from '../../lib/sql/nodes';
import { compilerFor, expectCompiled, testSql } from './support/test-sql';

const int = { kind: 'integer' } as const;
const big = { kind: 'bigint' } as const;
const text = { kind: 'text' } as const;

describe('compiling a keyed batch UPDATE', () => {
  it('sets each row its own values in one statement: CASE per column, or unnest on PostgreSQL', () => {
    const node = batchUpdate({
      table: 'books',
      keys: [{ name: 'id', type: big }],
      columns: [
        { name: 'title', type: text },
        { name: 'stock', type: int },
      ],
      rows: [
        { key: ['1'], values: ['Dune', 3] },
        { key: ['2'], values: ['Emma', 0] },
      ],
    });
    testSql(node, {
      sqlite: {
        sql: 'UPDATE "books" SET "title" = CASE WHEN "id" = ? THEN ? WHEN "id" = ? THEN ? ELSE "title" END, "stock" = CASE WHEN "id" = ? THEN ? WHEN "id" = ? THEN ? ELSE "stock" END WHERE "id" IN (?, ?)',
        params: ['1', 'Dune', '2', 'Emma', '1', 3, '2', 0, '1', '2'],
      },
      postgres: {
        sql: 'UPDATE "books" SET "title" = "v"."title", "stock" = "v"."stock" FROM unnest($1::bigint[], $2::text[], $3::integer[]) AS "v"("id", "title", "stock") WHERE "books"."id" = "v"."id"',
        params: [
          ['1', '2'],
          ['Dune', 'Emma'],
          [3, 0],
        ],
      },
      mysql: {
        sql: 'UPDATE `books` SET `title` = CASE WHEN `id` = ? THEN ? WHEN `id` = ? THEN ? ELSE `title` END, `stock` = CASE WHEN `id` = ? THEN ? WHEN `id` = ? THEN ? ELSE `stock` END WHERE `id` IN (?, ?)',
        params: ['1', 'Dune', '2', 'Emma', '1', 3, '2', 0, '1', '2'],
      },
    });
  });

  it('matches a version too: the old version in WHERE, the new one assigned', () => {
    const node = batchUpdate({
      table: 'books',
      keys: [{ name: 'id', type: int }],
      match: [{ name: 'version', type: int }],
      columns: [
        { name: 'title', type: text },
        { name: 'version', type: int },
      ],
      rows: [
        { key: [1], match: [4], values: ['Dune', 5] },
        { key: [2], match: [1], values: ['Emma', 2] },
      ],
    });
    testSql(node, {
      sqlite: {
        sql: 'UPDATE "books" SET "title" = CASE WHEN "id" = ? THEN ? WHEN "id" = ? THEN ? ELSE "title" END, "version" = CASE WHEN "id" = ? THEN ? WHEN "id" = ? THEN ? ELSE "version" END WHERE ("id", "version") IN (VALUES (?, ?), (?, ?))',
        params: [1, 'Dune', 2, 'Emma', 1, 5, 2, 2, 1, 4, 2, 1],
      },
      postgres: {
        sql: 'UPDATE "books" SET "title" = "v"."title", "version" = "v"."version" FROM unnest($1::integer[], $2::text[], $3::integer[], $4::integer[]) AS "v"("id", "title", "version", "version_match") WHERE "books"."id" = "v"."id" AND "books"."version" = "v"."version_match"',
        params: [
          [1, 2],
          ['Dune', 'Emma'],
          [5, 2],
          [4, 1],
        ],
      },
      mysql: {
        sql: 'UPDATE `books` SET `title` = CASE WHEN `id` = ? THEN ? WHEN `id` = ? THEN ? ELSE `title` END, `version` = CASE WHEN `id` = ? THEN ? WHEN `id` = ? THEN ? ELSE `version` END WHERE (`id`, `version`) IN ((?, ?), (?, ?))',
        params: [1, 'Dune', 2, 'Emma', 1, 5, 2, 2, 1, 4, 2, 1],
      },
    });
  });

  it('matches composite keys with AND in each arm and row values in WHERE', () => {
    const node = batchUpdate({
      table: 'lines',
      keys: [
        { name: 'order_id', type: int },
        { name: 'n', type: int },
      ],
      columns: [{ name: 'qty', type: int }],
      rows: [
        { key: [1, 1], values: [5] },
        { key: [1, 2], values: [6] },
      ],
    });
    testSql(node, {
      sqlite: {
        sql: 'UPDATE "lines" SET "qty" = CASE WHEN "order_id" = ? AND "n" = ? THEN ? WHEN "order_id" = ? AND "n" = ? THEN ? ELSE "qty" END WHERE ("order_id", "n") IN (VALUES (?, ?), (?, ?))',
        params: [1, 1, 5, 1, 2, 6, 1, 1, 1, 2],
      },
      postgres: {
        sql: 'UPDATE "lines" SET "qty" = "v"."qty" FROM unnest($1::integer[], $2::integer[], $3::integer[]) AS "v"("order_id", "n", "qty") WHERE "lines"."order_id" = "v"."order_id" AND "lines"."n" = "v"."n"',
        params: [
          [1, 1],
          [1, 2],
          [5, 6],
        ],
      },
      mysql: {
        sql: 'UPDATE `lines` SET `qty` = CASE WHEN `order_id` = ? AND `n` = ? THEN ? WHEN `order_id` = ? AND `n` = ? THEN ? ELSE `qty` END WHERE (`order_id`, `n`) IN ((?, ?), (?, ?))',
        params: [1, 1, 5, 1, 2, 6, 1, 1, 1, 2],
      },
    });
  });

  it('falls back to the CASE form on PostgreSQL when a column has no type', () => {
    const node = batchUpdate({
      table: 't',
      keys: [{ name: 'id', type: int }],
      columns: ['a'],
      rows: [{ key: [1], values: ['x'] }],
    });
    expectCompiled('postgres', () => compilerFor('postgres').compile(node), {
      sql: 'UPDATE "t" SET "a" = CASE WHEN "id" = $1 THEN $2 ELSE "a" END WHERE "id" IN ($3)',
      params: [1, 'x', 1],
    });
  });

  it('keeps the unnest alias apart from a table named v and from clashing names', () => {
    const node = batchUpdate({
      table: 'v',
      keys: [{ name: 'id', type: int }],
      match: [
        { name: 'c1', type: int },
        { name: 'a', type: int },
      ],
      columns: [
        { name: 'a', type: int },
        { name: 'a_match', type: int },
      ],
      rows: [{ key: [1], match: [2, 3], values: [4, 5] }],
    });
    expectCompiled('postgres', () => compilerFor('postgres').compile(node), {
      sql: 'UPDATE "v" SET "a" = "v1"."a", "a_match" = "v1"."a_match" FROM unnest($1::integer[], $2::integer[], $3::integer[], $4::integer[], $5::integer[]) AS "v1"("id", "a", "a_match", "c1", "c4") WHERE "v"."id" = "v1"."id" AND "v"."c1" = "v1"."c1" AND "v"."a" = "v1"."c4"',
      params: [[1], [4], [5], [2], [3]],
    });
  });
});
