import { expect } from 'chai';
import { batchUpdate } from '../../lib/sql/nodes';
import { compileOn, compilerFor, expectCompiled, testSql } from './support/test-sql';

const int = { kind: 'integer' } as const;
const big = { kind: 'bigint' } as const;
const text = { kind: 'text' } as const;

describe('compiling a keyed batch UPDATE', () => {
  it('sets each row its own values from one derived table joined by key: VALUES, unnest or UNION ALL', () => {
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
        sql: 'UPDATE "books" SET "title" = "v"."title", "stock" = "v"."stock" FROM (SELECT column1 AS "id", column2 AS "title", column3 AS "stock" FROM (VALUES (?, ?, ?), (?, ?, ?))) AS "v" WHERE "books"."id" = "v"."id"',
        params: ['1', 'Dune', 3, '2', 'Emma', 0],
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
        sql: 'UPDATE `books` JOIN (SELECT ? AS `id`, ? AS `title`, ? AS `stock` UNION ALL SELECT ?, ?, ?) AS `v` ON `books`.`id` = `v`.`id` SET `books`.`title` = `v`.`title`, `books`.`stock` = `v`.`stock`',
        params: ['1', 'Dune', 3, '2', 'Emma', 0],
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
        sql: 'UPDATE "books" SET "title" = "v"."title", "version" = "v"."version" FROM (SELECT column1 AS "id", column2 AS "title", column3 AS "version", column4 AS "version_match" FROM (VALUES (?, ?, ?, ?), (?, ?, ?, ?))) AS "v" WHERE "books"."id" = "v"."id" AND "books"."version" = "v"."version_match"',
        params: [1, 'Dune', 5, 4, 2, 'Emma', 2, 1],
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
        sql: 'UPDATE `books` JOIN (SELECT ? AS `id`, ? AS `title`, ? AS `version`, ? AS `version_match` UNION ALL SELECT ?, ?, ?, ?) AS `v` ON `books`.`id` = `v`.`id` AND `books`.`version` = `v`.`version_match` SET `books`.`title` = `v`.`title`, `books`.`version` = `v`.`version`',
        params: [1, 'Dune', 5, 4, 2, 'Emma', 2, 1],
      },
    });
  });

  it('matches composite keys on every key column', () => {
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
        sql: 'UPDATE "lines" SET "qty" = "v"."qty" FROM (SELECT column1 AS "order_id", column2 AS "n", column3 AS "qty" FROM (VALUES (?, ?, ?), (?, ?, ?))) AS "v" WHERE "lines"."order_id" = "v"."order_id" AND "lines"."n" = "v"."n"',
        params: [1, 1, 5, 1, 2, 6],
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
        sql: 'UPDATE `lines` JOIN (SELECT ? AS `order_id`, ? AS `n`, ? AS `qty` UNION ALL SELECT ?, ?, ?) AS `v` ON `lines`.`order_id` = `v`.`order_id` AND `lines`.`n` = `v`.`n` SET `lines`.`qty` = `v`.`qty`',
        params: [1, 1, 5, 1, 2, 6],
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

  it('falls back to the CASE form on SQLite before 3.33, which has no UPDATE … FROM', () => {
    const node = batchUpdate({
      table: 't',
      keys: [{ name: 'id', type: int }],
      columns: [{ name: 'a', type: text }],
      rows: [
        { key: [1], values: ['x'] },
        { key: [2], values: ['y'] },
      ],
    });
    const old = compilerFor('sqlite', { capabilities: { serverVersion: '3.32.3' } });
    expectCompiled('sqlite', () => old.compile(node), {
      sql: 'UPDATE "t" SET "a" = CASE WHEN "id" = ? THEN ? WHEN "id" = ? THEN ? ELSE "a" END WHERE "id" IN (?, ?)',
      params: [1, 'x', 2, 'y', 1, 2],
    });
  });

  it('keeps the derived table apart from a table named v on SQLite and MySQL too', () => {
    const node = batchUpdate({
      table: 'v',
      keys: [{ name: 'id', type: int }],
      columns: [{ name: 'a', type: int }],
      rows: [{ key: [1], values: [2] }],
    });
    expectCompiled('sqlite', () => compilerFor('sqlite').compile(node), {
      sql: 'UPDATE "v" SET "a" = "v1"."a" FROM (SELECT column1 AS "id", column2 AS "a" FROM (VALUES (?, ?))) AS "v1" WHERE "v"."id" = "v1"."id"',
      params: [1, 2],
    });
    expectCompiled('mysql', () => compilerFor('mysql').compile(node), {
      sql: 'UPDATE `v` JOIN (SELECT ? AS `id`, ? AS `a`) AS `v1` ON `v`.`id` = `v1`.`id` SET `v`.`a` = `v1`.`a`',
      params: [1, 2],
    });
  });

  it('binds each row once: the statement grows linearly with the rows', () => {
    const rows = Array.from({ length: 1000 }, (_, i) => ({ key: [i], match: [1], values: [`t${i}`, 2] }));
    const node = batchUpdate({
      table: 't',
      keys: [{ name: 'id', type: int }],
      match: [{ name: 'version', type: int }],
      columns: [
        { name: 'title', type: text },
        { name: 'version', type: int },
      ],
      rows,
    });
    expect(compileOn('sqlite', node).params).to.have.length(4000);
    expect(compileOn('mysql', node).params).to.have.length(4000);
    expect(compileOn('postgres', node).params).to.have.length(4);
  });
});
