import { TabulaError } from '../../lib/errors';
import { arithmetic, column, defaultLiteral, deleteFrom, eq, inList, update } from '../../lib/sql/nodes';
import { compilerFor, expectCompiled, testSql } from './support/test-sql';

const int = { kind: 'integer' } as const;

describe('compiling UPDATE', () => {
  it('assigns values and expressions to the rows matching WHERE', () => {
    const node = update({
      table: 'books',
      set: [
        { column: 'title', value: 'Dune' },
        { column: 'version', value: arithmetic(column('version'), '+', 1) },
      ],
      where: eq(column('id', { type: int }), 7),
    });
    testSql(node, {
      sqlite: {
        sql: 'UPDATE "books" SET "title" = ?, "version" = "version" + ? WHERE "id" = ?',
        params: ['Dune', 1, 7],
      },
      postgres: {
        sql: 'UPDATE "books" SET "title" = $1, "version" = "version" + $2 WHERE "id" = $3',
        params: ['Dune', 1, 7],
      },
      mysql: {
        sql: 'UPDATE `books` SET `title` = ?, `version` = `version` + ? WHERE `id` = ?',
        params: ['Dune', 1, 7],
      },
    });
  });

  it('updates every row without WHERE', () => {
    testSql(update({ table: 't', set: [{ column: 'a', value: null }] }), {
      sqlite: { sql: 'UPDATE "t" SET "a" = ?', params: [null] },
      postgres: { sql: 'UPDATE "t" SET "a" = $1', params: [null] },
      mysql: { sql: 'UPDATE `t` SET `a` = ?', params: [null] },
    });
  });

  it('assigns DEFAULT except on SQLite', () => {
    testSql(update({ table: 't', set: [{ column: 'a', value: defaultLiteral() }] }), {
      sqlite: { error: TabulaError, message: 'does not support DEFAULT as a value' },
      postgres: { sql: 'UPDATE "t" SET "a" = DEFAULT', params: [] },
      mysql: { sql: 'UPDATE `t` SET `a` = DEFAULT', params: [] },
    });
  });

  it('returns columns where the server has UPDATE … RETURNING, and MariaDB refuses it by name', () => {
    const node = update({
      table: 't',
      set: [{ column: 'a', value: 1 }],
      where: eq(column('id'), 2),
      returning: [column('id')],
    });
    testSql(node, {
      sqlite: { sql: 'UPDATE "t" SET "a" = ? WHERE "id" = ? RETURNING "id"', params: [1, 2] },
      postgres: { sql: 'UPDATE "t" SET "a" = $1 WHERE "id" = $2 RETURNING "id"', params: [1, 2] },
      mysql: {
        error: TabulaError,
        message:
          'MySQL/MariaDB 10.11.19-MariaDB does not support UPDATE … RETURNING.\n  Read the rows back with a SELECT instead.',
      },
    });
  });
});

describe('compiling DELETE', () => {
  it('deletes the rows matching WHERE and returns columns', () => {
    const node = deleteFrom({ table: 't', where: inList(column('id'), [1, 2]), returning: [column('id')] });
    testSql(node, {
      sqlite: { sql: 'DELETE FROM "t" WHERE "id" IN (?, ?) RETURNING "id"', params: [1, 2] },
      postgres: { sql: 'DELETE FROM "t" WHERE "id" IN ($1, $2) RETURNING "id"', params: [1, 2] },
      mysql: { sql: 'DELETE FROM `t` WHERE `id` IN (?, ?) RETURNING `id`', params: [1, 2] },
    });
  });

  it('deletes every row without WHERE', () => {
    testSql(deleteFrom({ table: 't' }), {
      sqlite: { sql: 'DELETE FROM "t"', params: [] },
      postgres: { sql: 'DELETE FROM "t"', params: [] },
      mysql: { sql: 'DELETE FROM `t`', params: [] },
    });
  });

  it('refuses DELETE … RETURNING where the server lacks it', () => {
    const mysql8 = compilerFor('mysql', { capabilities: { hasDeleteReturning: false, serverVersion: '8.0.36' } });
    expectCompiled('mysql', () => mysql8.compile(deleteFrom({ table: 't', returning: [column('id')] })), {
      error: TabulaError,
      message: 'MySQL/MariaDB 8.0.36 does not support DELETE … RETURNING',
    });
  });
});
