import { expect } from 'chai';
import { ConnectionLostError, QueryTimeoutError } from '../../lib/errors';
import { describeEachDialect } from '../support/matrix';
import { byDialect, expectRaised, expectTranslated, headline } from './support/expect-translated';
import { closeSqliteHandle, nextBackgroundError, openSession, openSessions, type Session } from './support/sessions';

/** Polls until `session` is inside its sleep on the server, so a kill lands during the query. */
async function untilSleeping(observer: Session, session: number): Promise<void> {
  const sql =
    observer.dialect === 'postgres'
      ? "SELECT 1 FROM pg_stat_activity WHERE pid = ? AND wait_event = 'PgSleep'"
      : "SELECT 1 FROM information_schema.processlist WHERE id = ? AND state = 'User sleep'";
  while ((await observer.query(sql, [session])).length === 0) await new Promise((r) => setTimeout(r, 20));
}

/** Ends the server session `session` (a number from Connection.id, so safe in the SQL text). */
const kill = (observer: Session, session: number) =>
  observer.dialect === 'postgres'
    ? observer.query('SELECT pg_terminate_backend(?)', [session])
    : observer.query(`KILL ${session}`);

describeEachDialect('statement timeouts and lost connections, provoked and translated', (ctx) => {
  let conn: Session;
  let other: Session;
  let close: () => Promise<void>;

  beforeEach(async () => {
    const opened = await openSessions(ctx.dialect, ctx.url, 2);
    [conn, other] = opened.sessions as [Session, Session];
    close = opened.close;
  });

  afterEach(() => close());

  it('a statement past its timeout: QueryTimeoutError, connection reusable (SQLite: the pool’s statementTimeoutMs, sqlite3_interrupt)', async () => {
    if (ctx.dialect === 'sqlite') {
      // An endless query: only the pool's interrupt can end it (the test times out if it never comes).
      const timed = await openSession(ctx.dialect, ctx.url, { statementTimeoutMs: 50 });
      try {
        const failure = await timed.failure(
          'WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r) SELECT count(*) FROM r',
        );
        expectRaised(ctx.dialect, failure, { type: QueryTimeoutError, driverCode: 'SQLITE_INTERRUPT', fatal: false });
        expect(await timed.query('SELECT 1 AS one')).to.deep.equal([{ one: 1 }]);
      } finally {
        await timed.close();
      }
      return;
    }
    let sql = 'SET STATEMENT max_statement_time = 0.1 FOR SELECT SLEEP(2)';
    if (ctx.dialect === 'postgres') {
      await conn.query('SET statement_timeout = 100');
      sql = 'SELECT pg_sleep(2)';
    }
    const error = expectRaised(ctx.dialect, await conn.failure(sql), {
      type: QueryTimeoutError,
      fatal: false,
      driverCode: byDialect(ctx.dialect, { sqlite: '', postgres: '57014', mysql: 'ER_STATEMENT_TIMEOUT' }),
    });
    expect(headline(error)).to.equal(
      ctx.dialect === 'postgres'
        ? 'The statement was cancelled: canceling statement due to statement timeout.'
        : 'The statement was cancelled: Query execution was interrupted (max_statement_time exceeded).',
    );
    expect(await conn.query('SELECT 1 AS one')).to.deep.equal([{ one: 1 }]);
  });

  it('the session is killed during a query: ConnectionLostError, fatal (SQLite has no server: a query on a closed Database)', async () => {
    if (ctx.dialect === 'sqlite') {
      // The nearest SQLite gets to a killed session: the sqlite3 handle under the pooled
      // connection is closed.
      await closeSqliteHandle(conn.connection);
      const failure = await conn.failure('SELECT 1');
      const error = expectRaised(ctx.dialect, failure, {
        type: ConnectionLostError,
        driverCode: 'SQLITE_MISUSE',
        fatal: true,
      });
      expect(headline(error)).to.equal('The connection to the database was lost: Database is closed.');
      return;
    }
    const sleeping = conn.failure(ctx.dialect === 'postgres' ? 'SELECT pg_sleep(30)' : 'SELECT SLEEP(30)');
    await untilSleeping(other, conn.id);
    await kill(other, conn.id);
    const error = expectRaised(ctx.dialect, await sleeping, {
      type: ConnectionLostError,
      fatal: true,
      driverCode: byDialect(ctx.dialect, { sqlite: '', postgres: '57P01', mysql: 'PROTOCOL_CONNECTION_LOST' }),
    });
    expect(headline(error)).to.equal(
      ctx.dialect === 'postgres'
        ? 'The connection to the database was lost: terminating connection due to administrator command.'
        : 'The connection to the database was lost: Connection lost: The server closed the connection.',
    );
  });
});

describeEachDialect(
  'sessions killed while idle [servers only: SQLite has no server session to kill]',
  (ctx) => {
    let conn: Session;
    let other: Session;
    let close: () => Promise<void>;

    beforeEach(async () => {
      const opened = await openSessions(ctx.dialect, ctx.url, 2);
      [conn, other] = opened.sessions as [Session, Session];
      close = opened.close;
    });

    afterEach(() => close());

    it('the driver reports the kill in the background, and the next query fails: both ConnectionLostError, fatal', async () => {
      // The pooled drivers keep errors reported outside a query from crashing the process and
      // surface nothing; listening underneath shows what the dialect makes of one.
      const background = nextBackgroundError(conn.connection);
      await kill(other, conn.id);
      expectTranslated(
        ctx.dialect,
        { raw: await background, sql: undefined },
        {
          type: ConnectionLostError,
          fatal: true,
          driverCode: byDialect(ctx.dialect, { sqlite: '', postgres: '57P01', mysql: 'PROTOCOL_CONNECTION_LOST' }),
        },
      );
      const failure = await conn.failure('SELECT 1');
      // Neither driver gives a code for "this client is already broken".
      const error = expectRaised(ctx.dialect, failure, { type: ConnectionLostError, fatal: true });
      expect((error.cause as Error).message).to.equal(
        ctx.dialect === 'postgres'
          ? 'Client has encountered a connection error and is not queryable'
          : "Can't add new command when connection is in closed state",
      );
    });
  },
  { only: ['postgres', 'mysql'] },
);
