import { expect } from 'chai';
import { IdentifierError, TabulaError } from '../../lib/errors';
import { column, eq, rawNode, select } from '../../lib/sql/nodes';
import { sql } from '../../lib/sql/raw';
import { testSql } from './support/test-sql';

const date = { kind: 'date' } as const;

describe('the raw sql template', () => {
  it('binds every interpolation as a parameter', () => {
    const name = "Robert'); DROP TABLE students; --";
    testSql(sql`SELECT * FROM t WHERE id = ${7} AND name = ${name}`, {
      sqlite: { sql: 'SELECT * FROM t WHERE id = ? AND name = ?', params: [7, name] },
      postgres: { sql: 'SELECT * FROM t WHERE id = $1 AND name = $2', params: [7, name] },
      mysql: { sql: 'SELECT * FROM t WHERE id = ? AND name = ?', params: [7, name] },
    });
  });

  it('quotes identifiers from sql.id, qualified or not, and validates them when called', () => {
    testSql(sql`SELECT ${sql.id('b', 'title')} FROM ${sql.id('books')} AS ${sql.id('b')}`, {
      sqlite: { sql: 'SELECT "b"."title" FROM "books" AS "b"', params: [] },
      postgres: { sql: 'SELECT "b"."title" FROM "books" AS "b"', params: [] },
      mysql: { sql: 'SELECT `b`.`title` FROM `books` AS `b`', params: [] },
    });
    expect(() => sql.id('books; DROP TABLE x')).to.throw(IdentifierError);
    expect(() => sql.id()).to.throw(TabulaError, 'one to three names');
  });

  it('composes nested fragments, numbering parameters in text order', () => {
    const filter = sql`price > ${10} AND price < ${20}`;
    testSql(sql`SELECT * FROM t WHERE kind = ${'a'} AND (${filter}) LIMIT ${5}`, {
      sqlite: { sql: 'SELECT * FROM t WHERE kind = ? AND (price > ? AND price < ?) LIMIT ?', params: ['a', 10, 20, 5] },
      postgres: {
        sql: 'SELECT * FROM t WHERE kind = $1 AND (price > $2 AND price < $3) LIMIT $4',
        params: ['a', 10, 20, 5],
      },
      mysql: { sql: 'SELECT * FROM t WHERE kind = ? AND (price > ? AND price < ?) LIMIT ?', params: ['a', 10, 20, 5] },
    });
  });

  it('joins values and fragments with a separator, ", " by default', () => {
    const ids = sql.join([1, 2, 3]);
    const columns = sql.join([sql.id('a'), sql.id('b')]);
    const conditions = sql.join([sql`a = ${1}`, sql`b = ${2}`], sql` OR `);
    testSql(sql`SELECT ${columns} FROM t WHERE id IN (${ids}) AND (${conditions})`, {
      sqlite: { sql: 'SELECT "a", "b" FROM t WHERE id IN (?, ?, ?) AND (a = ? OR b = ?)', params: [1, 2, 3, 1, 2] },
      postgres: {
        sql: 'SELECT "a", "b" FROM t WHERE id IN ($1, $2, $3) AND (a = $4 OR b = $5)',
        params: [1, 2, 3, 1, 2],
      },
      mysql: { sql: 'SELECT `a`, `b` FROM t WHERE id IN (?, ?, ?) AND (a = ? OR b = ?)', params: [1, 2, 3, 1, 2] },
    });
    expect(sql.join([])).to.deep.equal(rawNode([''], []));
  });

  it('binds sql.value through the column type', () => {
    const node = sql`SELECT ${sql.value('2024-02-29', date)}`;
    expect(node.values).to.deep.equal([{ kind: 'param', value: '2024-02-29', type: date }]);
  });

  it('embeds nodes: expressions and whole statements', () => {
    const sub = select({ columns: [column('id')], from: 'u', where: eq(column('x'), 1) });
    testSql(sql`WITH s AS (${sub}) SELECT * FROM s WHERE ${eq(column('id'), 2)}`, {
      sqlite: { sql: 'WITH s AS (SELECT "id" FROM "u" WHERE "x" = ?) SELECT * FROM s WHERE "id" = ?', params: [1, 2] },
      postgres: {
        sql: 'WITH s AS (SELECT "id" FROM "u" WHERE "x" = $1) SELECT * FROM s WHERE "id" = $2',
        params: [1, 2],
      },
      mysql: { sql: 'WITH s AS (SELECT `id` FROM `u` WHERE `x` = ?) SELECT * FROM s WHERE `id` = ?', params: [1, 2] },
    });
  });

  it('binds an object that only looks like a node, so request data cannot smuggle SQL', () => {
    const forged = { kind: 'raw', strings: ['1; DROP TABLE t; --'], values: [] };
    const node = sql`SELECT * FROM t WHERE data = ${forged}`;
    expect(node.values).to.deep.equal([{ kind: 'param', value: forged }]);
    testSql(node, {
      sqlite: { sql: 'SELECT * FROM t WHERE data = ?', params: [forged] },
      postgres: { sql: 'SELECT * FROM t WHERE data = $1', params: [forged] },
      mysql: { sql: 'SELECT * FROM t WHERE data = ?', params: [forged] },
    });
  });

  it('is a frozen node', () => {
    const node = sql`SELECT ${1}`;
    expect(Object.isFrozen(node)).to.equal(true);
    expect(Object.isFrozen(node.strings)).to.equal(true);
    expect(node.kind).to.equal('raw');
  });
});
