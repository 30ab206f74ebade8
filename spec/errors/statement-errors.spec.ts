import { expect } from 'chai';
import mysql from 'mysql2/promise';
import { DatabaseError, StatementError } from '../../lib/errors';
import { describeEachDialect } from '../support/matrix';
import { byDialect, expectRaised, expectTranslated } from './support/expect-translated';
import { type ClosableSession, openSession } from './support/sessions';

/** A value that would be personal data: it must never reach a message. */
const SECRET = 'secret-abc@example.com';

describeEachDialect('rejected SQL and other database errors, provoked and translated', (ctx) => {
  let conn: ClosableSession;

  beforeEach(async () => {
    conn = await openSession(ctx.dialect, ctx.url);
    await conn.query(
      `CREATE TABLE t_errors_things (id INTEGER PRIMARY KEY, n INTEGER)${ctx.dialect === 'sqlite' ? ' STRICT' : ''}`,
    );
  });

  afterEach(async () => {
    await conn.query('DROP TABLE IF EXISTS t_errors_things');
    await conn.close();
  });

  it('a syntax error is a StatementError that never quotes a parameter value', async () => {
    const failure = await conn.failure('SELECT n FROM t_errors_things ORDER WHERE n = ?', [SECRET]);
    const error = expectRaised(ctx.dialect, failure, {
      type: StatementError,
      fatal: false,
      hidden: [SECRET],
      driverCode: byDialect(ctx.dialect, { sqlite: 'SQLITE_ERROR', postgres: '42601', mysql: 'ER_PARSE_ERROR' }),
    });
    expect(error.message).to.equal(
      byDialect(ctx.dialect, {
        sqlite: 'The database rejected the SQL: near "WHERE": syntax error.',
        postgres: 'The database rejected the SQL: syntax error at or near "WHERE".',
        mysql: 'The database rejected the SQL: SQL syntax error at line 1.',
      }),
    );
    // Every pooled driver binds values apart from the SQL (MySQL: a server-side prepared
    // statement), so not even the server's own message can quote one.
    expect((error.cause as Error).message).not.to.include(SECRET);
  });

  const AHEAD =
    '\n  The mappers may be ahead of the database: generate and apply a migration (tabula migration generate),' +
    '\n  or run orm.schema.update() in development; orm.schema.verify() lists every difference.';

  it('an unknown table is a StatementError with the server’s words, and says the mappers may be ahead', async () => {
    const failure = await conn.failure('SELECT * FROM t_errors_nope');
    const error = expectRaised(ctx.dialect, failure, {
      type: StatementError,
      fatal: false,
      driverCode: byDialect(ctx.dialect, { sqlite: 'SQLITE_ERROR', postgres: '42P01', mysql: 'ER_NO_SUCH_TABLE' }),
    });
    const database = new URL(ctx.url).pathname.slice(1);
    expect(error.message).to.equal(
      byDialect(ctx.dialect, {
        sqlite: 'The database rejected the SQL: no such table: t_errors_nope.',
        postgres: 'The database rejected the SQL: relation "t_errors_nope" does not exist.',
        mysql: `The database rejected the SQL: Table '${database}.t_errors_nope' doesn't exist.`,
      }) + AHEAD,
    );
  });

  it('an unknown column is a StatementError with the server’s words, and says the mappers may be ahead', async () => {
    const failure = await conn.failure('SELECT nope FROM t_errors_things');
    const error = expectRaised(ctx.dialect, failure, {
      type: StatementError,
      fatal: false,
      driverCode: byDialect(ctx.dialect, { sqlite: 'SQLITE_ERROR', postgres: '42703', mysql: 'ER_BAD_FIELD_ERROR' }),
    });
    expect(error.message).to.equal(
      byDialect(ctx.dialect, {
        sqlite: 'The database rejected the SQL: no such column: nope.',
        postgres: 'The database rejected the SQL: column "nope" does not exist.',
        mysql: "The database rejected the SQL: Unknown column 'nope' in 'SELECT'.",
      }) + AHEAD,
    );
  });

  it('a value the column type cannot take is a plain DatabaseError with the value masked (SQLite: a STRICT table)', async () => {
    const failure = await conn.failure('INSERT INTO t_errors_things (id, n) VALUES (?, ?)', [1, SECRET]);
    const error = expectRaised(ctx.dialect, failure, {
      type: DatabaseError,
      fatal: false,
      hidden: [SECRET],
      ...byDialect(ctx.dialect, {
        sqlite: { table: 't_errors_things', column: 'n', driverCode: 'SQLITE_CONSTRAINT' },
        postgres: { driverCode: '22P02' },
        mysql: { driverCode: 'ER_TRUNCATED_WRONG_VALUE_FOR_FIELD' },
      }),
    });
    const database = new URL(ctx.url).pathname.slice(1);
    expect(error.message).to.equal(
      byDialect(ctx.dialect, {
        sqlite:
          'The database reported an error (SQLITE_CONSTRAINT): cannot store TEXT value in INTEGER column t_errors_things.n.',
        postgres: 'The database reported an error (22P02): invalid input syntax for type integer: "…".',
        mysql:
          'The database reported an error (ER_TRUNCATED_WRONG_VALUE_FOR_FIELD): Incorrect integer value: ' +
          `'…' for column \`${database}\`.\`t_errors_things\`.\`n\` at row 1.`,
      }),
    );
  });
});

describeEachDialect(
  'values inlined by the bare mysql2 driver [MariaDB]',
  (ctx) => {
    // The one case on the bare driver: the pooled driver never inlines a value (see above), but
    // mysql2's query() does, and MariaDB's syntax error then quotes it ("near '… = 'secret''").
    // The translation must keep that quote out of the message whoever sent the statement.
    it('a syntax error whose server message quotes an inlined value is a StatementError without it', async () => {
      const conn = await mysql.createConnection(ctx.url);
      const sql = 'SELECT 1 ORDER WHERE n = ?';
      let raw: unknown;
      try {
        await conn.query(sql, [SECRET]);
      } catch (e) {
        raw = e;
      } finally {
        await conn.end();
      }
      expect(raw, 'the statement must fail').to.be.instanceOf(Error);
      expect((raw as Error).message).to.include(SECRET);
      const error = expectTranslated(
        'mysql',
        { raw, sql },
        {
          type: StatementError,
          fatal: false,
          hidden: [SECRET],
          driverCode: 'ER_PARSE_ERROR',
        },
      );
      expect(error.message).to.equal('The database rejected the SQL: SQL syntax error at line 1.');
    });
  },
  { only: ['mysql'] },
);
