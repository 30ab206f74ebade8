import {
  and,
  arithmetic,
  caseWhen,
  column,
  countAll,
  eq,
  exists,
  fn,
  gt,
  gte,
  ilike,
  inList,
  isNotNull,
  isNull,
  like,
  lt,
  lte,
  ne,
  not,
  notExists,
  notInList,
  nullLiteral,
  or,
  row,
  select,
} from '../../lib/sql/nodes';
import { sql } from '../../lib/sql/raw';
import { onAll, testSql } from './support/test-sql';

/** Compiles `SELECT * FROM "t" WHERE <condition>` so each dialect's quoting and placeholders show. */
const where = (condition: Parameters<typeof select>[0]['where']) => select({ from: 't', where: condition });
const a = column('a');
const b = column('b');

describe('compiling expressions', () => {
  it('quotes column references, qualified or not', () => {
    testSql(select({ columns: [a, column('b', { table: 'x' })], from: 't' }), {
      sqlite: { sql: 'SELECT "a", "x"."b" FROM "t"', params: [] },
      postgres: { sql: 'SELECT "a", "x"."b" FROM "t"', params: [] },
      mysql: { sql: 'SELECT `a`, `x`.`b` FROM `t`', params: [] },
    });
  });

  it('compiles the six comparison operators with numbered or positional placeholders', () => {
    testSql(where(and(eq(a, 1), ne(a, 2), lt(a, 3), lte(a, 4), gt(a, 5), gte(a, 6))), {
      sqlite: {
        sql: 'SELECT * FROM "t" WHERE "a" = ? AND "a" <> ? AND "a" < ? AND "a" <= ? AND "a" > ? AND "a" >= ?',
        params: [1, 2, 3, 4, 5, 6],
      },
      postgres: {
        sql: 'SELECT * FROM "t" WHERE "a" = $1 AND "a" <> $2 AND "a" < $3 AND "a" <= $4 AND "a" > $5 AND "a" >= $6',
        params: [1, 2, 3, 4, 5, 6],
      },
      mysql: {
        sql: 'SELECT * FROM `t` WHERE `a` = ? AND `a` <> ? AND `a` < ? AND `a` <= ? AND `a` > ? AND `a` >= ?',
        params: [1, 2, 3, 4, 5, 6],
      },
    });
  });

  it('parenthesises OR inside AND, AND inside OR, and every NOT', () => {
    testSql(where(and(eq(a, 1), or(eq(b, 2), not(and(eq(a, 3), eq(b, 4)))))), {
      sqlite: {
        sql: 'SELECT * FROM "t" WHERE "a" = ? AND ("b" = ? OR NOT ("a" = ? AND "b" = ?))',
        params: [1, 2, 3, 4],
      },
      postgres: {
        sql: 'SELECT * FROM "t" WHERE "a" = $1 AND ("b" = $2 OR NOT ("a" = $3 AND "b" = $4))',
        params: [1, 2, 3, 4],
      },
      mysql: {
        sql: 'SELECT * FROM `t` WHERE `a` = ? AND (`b` = ? OR NOT (`a` = ? AND `b` = ?))',
        params: [1, 2, 3, 4],
      },
    });
    testSql(where(or(and(eq(a, 1), eq(b, 2)), eq(a, 3))), {
      sqlite: { sql: 'SELECT * FROM "t" WHERE ("a" = ? AND "b" = ?) OR "a" = ?', params: [1, 2, 3] },
      postgres: { sql: 'SELECT * FROM "t" WHERE ("a" = $1 AND "b" = $2) OR "a" = $3', params: [1, 2, 3] },
      mysql: { sql: 'SELECT * FROM `t` WHERE (`a` = ? AND `b` = ?) OR `a` = ?', params: [1, 2, 3] },
    });
  });

  it('compiles an empty AND to a true predicate and an empty OR to a false one', () => {
    testSql(where(and(and(), or())), {
      ...onAll({ sql: 'SELECT * FROM "t" WHERE 1 = 1 AND (1 = 0)', params: [] }),
      mysql: { sql: 'SELECT * FROM `t` WHERE 1 = 1 AND (1 = 0)', params: [] },
    });
  });

  it('compiles IN and NOT IN over a list of values', () => {
    testSql(where(and(inList(a, [1, 2]), notInList(b, ['x']))), {
      sqlite: { sql: 'SELECT * FROM "t" WHERE "a" IN (?, ?) AND "b" NOT IN (?)', params: [1, 2, 'x'] },
      postgres: { sql: 'SELECT * FROM "t" WHERE "a" IN ($1, $2) AND "b" NOT IN ($3)', params: [1, 2, 'x'] },
      mysql: { sql: 'SELECT * FROM `t` WHERE `a` IN (?, ?) AND `b` NOT IN (?)', params: [1, 2, 'x'] },
    });
  });

  it('compiles an empty IN list to false and an empty NOT IN list to true, never to IN ()', () => {
    testSql(where(or(inList(a, []), notInList(b, []))), {
      sqlite: { sql: 'SELECT * FROM "t" WHERE 1 = 0 OR 1 = 1', params: [] },
      postgres: { sql: 'SELECT * FROM "t" WHERE 1 = 0 OR 1 = 1', params: [] },
      mysql: { sql: 'SELECT * FROM `t` WHERE 1 = 0 OR 1 = 1', params: [] },
    });
  });

  it('compiles IN over a subquery, numbering its parameters in order', () => {
    const sub = select({ columns: [column('id')], from: 'u', where: eq(column('x'), 9) });
    testSql(where(and(eq(b, 1), inList(a, sub), eq(b, 2))), {
      sqlite: {
        sql: 'SELECT * FROM "t" WHERE "b" = ? AND "a" IN (SELECT "id" FROM "u" WHERE "x" = ?) AND "b" = ?',
        params: [1, 9, 2],
      },
      postgres: {
        sql: 'SELECT * FROM "t" WHERE "b" = $1 AND "a" IN (SELECT "id" FROM "u" WHERE "x" = $2) AND "b" = $3',
        params: [1, 9, 2],
      },
      mysql: {
        sql: 'SELECT * FROM `t` WHERE `b` = ? AND `a` IN (SELECT `id` FROM `u` WHERE `x` = ?) AND `b` = ?',
        params: [1, 9, 2],
      },
    });
  });

  it('compiles row values, and a row IN list as a VALUES table on SQLite', () => {
    testSql(
      where(
        inList(row(a, b), [
          [1, 'x'],
          [2, 'y'],
        ]),
      ),
      {
        sqlite: { sql: 'SELECT * FROM "t" WHERE ("a", "b") IN (VALUES (?, ?), (?, ?))', params: [1, 'x', 2, 'y'] },
        postgres: { sql: 'SELECT * FROM "t" WHERE ("a", "b") IN (($1, $2), ($3, $4))', params: [1, 'x', 2, 'y'] },
        mysql: { sql: 'SELECT * FROM `t` WHERE (`a`, `b`) IN ((?, ?), (?, ?))', params: [1, 'x', 2, 'y'] },
      },
    );
  });

  it('compiles IS NULL and IS NOT NULL', () => {
    testSql(where(and(isNull(a), isNotNull(b))), {
      sqlite: { sql: 'SELECT * FROM "t" WHERE "a" IS NULL AND "b" IS NOT NULL', params: [] },
      postgres: { sql: 'SELECT * FROM "t" WHERE "a" IS NULL AND "b" IS NOT NULL', params: [] },
      mysql: { sql: 'SELECT * FROM `t` WHERE `a` IS NULL AND `b` IS NOT NULL', params: [] },
    });
  });

  it('compiles LIKE with its escape character, negated too', () => {
    testSql(where(or(like(a, 'x\\_%'), like(b, 'y!%', { escape: '!', negated: true }))), {
      sqlite: {
        sql: `SELECT * FROM "t" WHERE "a" LIKE ? ESCAPE '\\' OR NOT ("b" LIKE ? ESCAPE '!')`,
        params: ['x\\_%', 'y!%'],
      },
      postgres: {
        sql: `SELECT * FROM "t" WHERE "a" LIKE $1 ESCAPE '\\' OR NOT ("b" LIKE $2 ESCAPE '!')`,
        params: ['x\\_%', 'y!%'],
      },
      mysql: {
        sql: "SELECT * FROM `t` WHERE `a` LIKE ? ESCAPE '\\' OR NOT (`b` LIKE ? ESCAPE '!')",
        params: ['x\\_%', 'y!%'],
      },
    });
  });

  it('compiles ILIKE natively on PostgreSQL and as LOWER(x) LIKE LOWER(y) elsewhere', () => {
    testSql(where(ilike(a, '%ann%')), {
      sqlite: { sql: `SELECT * FROM "t" WHERE LOWER("a") LIKE LOWER(?) ESCAPE '\\'`, params: ['%ann%'] },
      postgres: { sql: `SELECT * FROM "t" WHERE "a" ILIKE $1 ESCAPE '\\'`, params: ['%ann%'] },
      mysql: { sql: "SELECT * FROM `t` WHERE LOWER(`a`) LIKE LOWER(?) ESCAPE '\\'", params: ['%ann%'] },
    });
  });

  it('compiles EXISTS and NOT EXISTS', () => {
    const sub = select({ from: 'u', where: eq(column('t_id', { table: 'u' }), column('id', { table: 't' })) });
    testSql(where(and(exists(sub), notExists(sub))), {
      sqlite: {
        sql: 'SELECT * FROM "t" WHERE EXISTS (SELECT * FROM "u" WHERE "u"."t_id" = "t"."id") AND NOT EXISTS (SELECT * FROM "u" WHERE "u"."t_id" = "t"."id")',
        params: [],
      },
      postgres: {
        sql: 'SELECT * FROM "t" WHERE EXISTS (SELECT * FROM "u" WHERE "u"."t_id" = "t"."id") AND NOT EXISTS (SELECT * FROM "u" WHERE "u"."t_id" = "t"."id")',
        params: [],
      },
      mysql: {
        sql: 'SELECT * FROM `t` WHERE EXISTS (SELECT * FROM `u` WHERE `u`.`t_id` = `t`.`id`) AND NOT EXISTS (SELECT * FROM `u` WHERE `u`.`t_id` = `t`.`id`)',
        params: [],
      },
    });
  });

  it('compiles arithmetic, parenthesising nested operations', () => {
    testSql(where(gt(arithmetic(arithmetic(a, '+', b), '*', 2), arithmetic(a, '/', arithmetic(b, '-', 1)))), {
      sqlite: { sql: 'SELECT * FROM "t" WHERE ("a" + "b") * ? > "a" / ("b" - ?)', params: [2, 1] },
      postgres: { sql: 'SELECT * FROM "t" WHERE ("a" + "b") * $1 > "a" / ("b" - $2)', params: [2, 1] },
      mysql: { sql: 'SELECT * FROM `t` WHERE (`a` + `b`) * ? > `a` / (`b` - ?)', params: [2, 1] },
    });
  });

  it('compiles CASE WHEN with and without ELSE', () => {
    const node = select({
      columns: [
        {
          expression: caseWhen(
            [
              { when: eq(a, 1), result: 'one' },
              { when: eq(a, 2), result: b },
            ],
            'many',
          ),
          alias: 'n',
        },
        caseWhen([{ when: isNull(a), result: nullLiteral() }]),
      ],
      from: 't',
    });
    testSql(node, {
      sqlite: {
        sql: 'SELECT CASE WHEN "a" = ? THEN ? WHEN "a" = ? THEN "b" ELSE ? END AS "n", CASE WHEN "a" IS NULL THEN NULL END FROM "t"',
        params: [1, 'one', 2, 'many'],
      },
      postgres: {
        sql: 'SELECT CASE WHEN "a" = $1 THEN $2 WHEN "a" = $3 THEN "b" ELSE $4 END AS "n", CASE WHEN "a" IS NULL THEN NULL END FROM "t"',
        params: [1, 'one', 2, 'many'],
      },
      mysql: {
        sql: 'SELECT CASE WHEN `a` = ? THEN ? WHEN `a` = ? THEN `b` ELSE ? END AS `n`, CASE WHEN `a` IS NULL THEN NULL END FROM `t`',
        params: [1, 'one', 2, 'many'],
      },
    });
  });

  it('compiles every whitelisted function; LENGTH counts characters (CHAR_LENGTH on MySQL)', () => {
    const fns = [
      countAll(),
      fn('count', a),
      fn('sum', a),
      fn('avg', a),
      fn('min', a),
      fn('max', a),
      fn('lower', b),
      fn('upper', b),
      fn('coalesce', a, b, nullLiteral()),
      fn('abs', a),
      fn('length', b),
    ];
    const list = (q: string) =>
      `COUNT(*), COUNT(${q}a${q}), SUM(${q}a${q}), AVG(${q}a${q}), MIN(${q}a${q}), MAX(${q}a${q}), LOWER(${q}b${q}), UPPER(${q}b${q}), COALESCE(${q}a${q}, ${q}b${q}, NULL), ABS(${q}a${q})`;
    testSql(select({ columns: fns, from: 't' }), {
      sqlite: { sql: `SELECT ${list('"')}, LENGTH("b") FROM "t"`, params: [] },
      postgres: { sql: `SELECT ${list('"')}, LENGTH("b") FROM "t"`, params: [] },
      mysql: { sql: `SELECT ${list('`')}, CHAR_LENGTH(\`b\`) FROM \`t\``, params: [] },
    });
  });

  it('embeds a raw fragment as an expression, in parentheses as an operand', () => {
    testSql(where(and(sql`${a} % 2 = ${1}`, eq(b, 3))), {
      sqlite: { sql: 'SELECT * FROM "t" WHERE ("a" % 2 = ?) AND "b" = ?', params: [1, 3] },
      postgres: { sql: 'SELECT * FROM "t" WHERE ("a" % 2 = $1) AND "b" = $2', params: [1, 3] },
      mysql: { sql: 'SELECT * FROM `t` WHERE (`a` % 2 = ?) AND `b` = ?', params: [1, 3] },
    });
  });
});
