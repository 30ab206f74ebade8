import { TabulaError } from '../../lib/errors';
import { column, countAll, eq, fn, gt, type LockClause, select, table } from '../../lib/sql/nodes';
import { compilerFor, expectCompiled, testSql } from './support/test-sql';

const id = column('id', { table: 'b' });

describe('compiling SELECT', () => {
  it('compiles DISTINCT, aliased columns, an aliased table, joins, WHERE, GROUP BY, HAVING and ORDER BY', () => {
    const node = select({
      distinct: true,
      columns: [
        { expression: column('name', { table: 'a' }), alias: 'author' },
        { expression: countAll(), alias: 'books' },
      ],
      from: table('books', 'b'),
      joins: [
        { table: table('authors', 'a'), on: eq(column('id', { table: 'a' }), column('author_id', { table: 'b' })) },
        { type: 'left', table: 'covers', on: eq(column('book_id', { table: 'covers' }), id) },
      ],
      where: gt(column('price', { table: 'b' }), 10),
      groupBy: [column('name', { table: 'a' })],
      having: gt(countAll(), 1),
      orderBy: [{ expression: column('author'), direction: 'desc' }, column('books')],
    });
    testSql(node, {
      sqlite: {
        sql: 'SELECT DISTINCT "a"."name" AS "author", COUNT(*) AS "books" FROM "books" AS "b" INNER JOIN "authors" AS "a" ON "a"."id" = "b"."author_id" LEFT JOIN "covers" ON "covers"."book_id" = "b"."id" WHERE "b"."price" > ? GROUP BY "a"."name" HAVING COUNT(*) > ? ORDER BY "author" DESC, "books" ASC',
        params: [10, 1],
      },
      postgres: {
        sql: 'SELECT DISTINCT "a"."name" AS "author", COUNT(*) AS "books" FROM "books" AS "b" INNER JOIN "authors" AS "a" ON "a"."id" = "b"."author_id" LEFT JOIN "covers" ON "covers"."book_id" = "b"."id" WHERE "b"."price" > $1 GROUP BY "a"."name" HAVING COUNT(*) > $2 ORDER BY "author" DESC, "books" ASC',
        params: [10, 1],
      },
      mysql: {
        sql: 'SELECT DISTINCT `a`.`name` AS `author`, COUNT(*) AS `books` FROM `books` AS `b` INNER JOIN `authors` AS `a` ON `a`.`id` = `b`.`author_id` LEFT JOIN `covers` ON `covers`.`book_id` = `b`.`id` WHERE `b`.`price` > ? GROUP BY `a`.`name` HAVING COUNT(*) > ? ORDER BY `author` DESC, `books` ASC',
        params: [10, 1],
      },
    });
  });

  it('selects * when no columns are given, and works without FROM', () => {
    testSql(select({ from: 't' }), {
      sqlite: { sql: 'SELECT * FROM "t"', params: [] },
      postgres: { sql: 'SELECT * FROM "t"', params: [] },
      mysql: { sql: 'SELECT * FROM `t`', params: [] },
    });
    testSql(select({ columns: [{ expression: fn('abs', column('x')), alias: 'y' }] }), {
      sqlite: { sql: 'SELECT ABS("x") AS "y"', params: [] },
      postgres: { sql: 'SELECT ABS("x") AS "y"', params: [] },
      mysql: { sql: 'SELECT ABS(`x`) AS `y`', params: [] },
    });
  });

  it('orders NULLs first or last: NULLS FIRST/LAST, or an IS NULL key on MySQL where the default differs', () => {
    const x = column('x');
    const node = select({
      from: 't',
      orderBy: [
        { expression: x, direction: 'asc', nulls: 'first' },
        { expression: x, direction: 'asc', nulls: 'last' },
        { expression: x, direction: 'desc', nulls: 'first' },
        { expression: x, direction: 'desc', nulls: 'last' },
      ],
    });
    const standard = '"x" ASC NULLS FIRST, "x" ASC NULLS LAST, "x" DESC NULLS FIRST, "x" DESC NULLS LAST';
    testSql(node, {
      sqlite: { sql: `SELECT * FROM "t" ORDER BY ${standard}`, params: [] },
      postgres: { sql: `SELECT * FROM "t" ORDER BY ${standard}`, params: [] },
      mysql: {
        sql: 'SELECT * FROM `t` ORDER BY `x` ASC, `x` IS NULL ASC, `x` ASC, `x` IS NULL DESC, `x` DESC, `x` DESC',
        params: [],
      },
    });
  });

  it('binds a parameter of an emulated MySQL nulls order twice, in text order', () => {
    const node = select({
      from: 't',
      orderBy: [{ expression: fn('coalesce', column('x'), column('y')), direction: 'asc', nulls: 'last' }],
      limit: 3,
    });
    expectCompiled('mysql', () => compilerFor('mysql').compile(node), {
      sql: 'SELECT * FROM `t` ORDER BY COALESCE(`x`, `y`) IS NULL ASC, COALESCE(`x`, `y`) ASC LIMIT 3',
      params: [],
    });
  });

  it('inlines LIMIT and OFFSET', () => {
    testSql(select({ from: 't', limit: 10, offset: 20 }), {
      sqlite: { sql: 'SELECT * FROM "t" LIMIT 10 OFFSET 20', params: [] },
      postgres: { sql: 'SELECT * FROM "t" LIMIT 10 OFFSET 20', params: [] },
      mysql: { sql: 'SELECT * FROM `t` LIMIT 10 OFFSET 20', params: [] },
    });
    testSql(select({ from: 't', limit: 0 }), {
      sqlite: { sql: 'SELECT * FROM "t" LIMIT 0', params: [] },
      postgres: { sql: 'SELECT * FROM "t" LIMIT 0', params: [] },
      mysql: { sql: 'SELECT * FROM `t` LIMIT 0', params: [] },
    });
  });

  it('writes an OFFSET without LIMIT as each dialect requires', () => {
    testSql(select({ from: 't', offset: 5 }), {
      sqlite: { sql: 'SELECT * FROM "t" LIMIT -1 OFFSET 5', params: [] },
      postgres: { sql: 'SELECT * FROM "t" OFFSET 5', params: [] },
      mysql: { sql: 'SELECT * FROM `t` LIMIT 18446744073709551615 OFFSET 5', params: [] },
    });
  });

  it('validates LIMIT and OFFSET again in the compiler (a hand-built node skips the factory)', () => {
    const forged = { ...select({ from: 't' }), limit: 1.5 } as ReturnType<typeof select>;
    expectCompiled('postgres', () => compilerFor('postgres').compile(forged), {
      error: TabulaError,
      message: 'limit must be a non-negative safe integer',
    });
  });

  describe('row locks', () => {
    const locked = (lock: LockClause) => select({ from: 't', where: eq(column('id'), 1), lock, limit: 1 });

    it('compiles FOR UPDATE; SQLite compiles it to nothing (a write transaction locks the database)', () => {
      testSql(locked({ strength: 'update' }), {
        sqlite: { sql: 'SELECT * FROM "t" WHERE "id" = ? LIMIT 1', params: [1] },
        postgres: { sql: 'SELECT * FROM "t" WHERE "id" = $1 LIMIT 1 FOR UPDATE', params: [1] },
        mysql: { sql: 'SELECT * FROM `t` WHERE `id` = ? LIMIT 1 FOR UPDATE', params: [1] },
      });
    });

    it('compiles FOR SHARE, LOCK IN SHARE MODE on MySQL', () => {
      testSql(locked({ strength: 'share' }), {
        sqlite: { sql: 'SELECT * FROM "t" WHERE "id" = ? LIMIT 1', params: [1] },
        postgres: { sql: 'SELECT * FROM "t" WHERE "id" = $1 LIMIT 1 FOR SHARE', params: [1] },
        mysql: { sql: 'SELECT * FROM `t` WHERE `id` = ? LIMIT 1 LOCK IN SHARE MODE', params: [1] },
      });
    });

    it('compiles NOWAIT and SKIP LOCKED, which SQLite refuses', () => {
      testSql(locked({ strength: 'update', wait: 'nowait' }), {
        sqlite: { error: TabulaError, message: 'SQLite 3.52.0 does not support NOWAIT' },
        postgres: { sql: 'SELECT * FROM "t" WHERE "id" = $1 LIMIT 1 FOR UPDATE NOWAIT', params: [1] },
        mysql: { sql: 'SELECT * FROM `t` WHERE `id` = ? LIMIT 1 FOR UPDATE NOWAIT', params: [1] },
      });
      testSql(locked({ strength: 'share', wait: 'skip-locked' }), {
        sqlite: { error: TabulaError, message: 'SQLite 3.52.0 does not support SKIP LOCKED' },
        postgres: { sql: 'SELECT * FROM "t" WHERE "id" = $1 LIMIT 1 FOR SHARE SKIP LOCKED', params: [1] },
        mysql: { sql: 'SELECT * FROM `t` WHERE `id` = ? LIMIT 1 LOCK IN SHARE MODE SKIP LOCKED', params: [1] },
      });
    });

    it('refuses what the server lacks, naming it and the version', () => {
      const noWaits = { supportsNowait: false, supportsSkipLocked: false, serverVersion: '10.5.1-MariaDB' };
      const mysql = compilerFor('mysql', { capabilities: noWaits });
      expectCompiled('mysql', () => mysql.compile(locked({ strength: 'update', wait: 'nowait' })), {
        error: TabulaError,
        message: 'MySQL/MariaDB 10.5.1-MariaDB does not support NOWAIT',
      });
      expectCompiled('mysql', () => mysql.compile(locked({ strength: 'update', wait: 'skip-locked' })), {
        error: TabulaError,
        message: 'does not support SKIP LOCKED',
      });
      const noLocks = compilerFor('postgres', { capabilities: { supportsRowLocks: false } });
      expectCompiled('postgres', () => noLocks.compile(locked({ strength: 'share' })), {
        error: TabulaError,
        message: 'PostgreSQL 15.18 does not support row locks (FOR SHARE)',
      });
    });
  });
});
