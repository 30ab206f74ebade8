import { expect } from 'chai';
import { ConnectionLostError, QueryTimeoutError } from '../../lib/errors';
import { describeEachDialect } from '../support/matrix';
import { byDialect, expectTranslated, headline } from './support/expect-translated';
import { openRaw, type RawConnection } from './support/raw-connection';

/** Polls until `session` is inside its sleep on the server, so a kill lands during the query. */
async function untilSleeping(observer: RawConnection, session: number): Promise<void> {
  const sql =
    observer.dialect === 'postgres'
      ? "SELECT 1 FROM pg_stat_activity WHERE pid = ? AND wait_event = 'PgSleep'"
      : "SELECT 1 FROM information_schema.processlist WHERE id = ? AND state = 'User sleep'";
  while ((await observer.query(sql, [session])).length === 0) await new Promise((r) => setTimeout(r, 20));
}

const kill = (observer: RawConnection, session: number) =>
  observer.query(observer.dialect === 'postgres' ? 'SELECT pg_terminate_backend(?)' : `KILL ${session}`, [session]);

describeEachDialect('statement timeouts and lost connections, provoked and translated', (ctx) => {
  let conn: RawConnection;
  let other: RawConnection | undefined;

  beforeEach(async () => {
    conn = await openRaw(ctx.dialect, ctx.url);
  });

  afterEach(async () => {
    await conn.close();
    await other?.close();
    other = undefined;
  });

  it('a statement past its timeout: QueryTimeoutError, connection reusable (SQLite: sqlite3_interrupt)', async () => {
    if (ctx.dialect === 'sqlite') {
      // An endless query: only the interrupt can end it (the test times out if the mapping is never reached).
      const endless = conn.failure(
        'WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r) SELECT count(*) FROM r',
      );
      const timer = setInterval(() => conn.interrupt(), 20);
      const failure = await endless.finally(() => clearInterval(timer));
      expectTranslated(ctx.dialect, failure, { type: QueryTimeoutError, driverCode: 'SQLITE_INTERRUPT', fatal: false });
      expect(await conn.query('SELECT 1 AS one')).to.deep.equal([{ one: 1 }]);
      return;
    }
    let sql = 'SET STATEMENT max_statement_time = 0.1 FOR SELECT SLEEP(2)';
    if (ctx.dialect === 'postgres') {
      await conn.query('SET statement_timeout = 100');
      sql = 'SELECT pg_sleep(2)';
    }
    const error = expectTranslated(ctx.dialect, await conn.failure(sql), {
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
      await conn.close();
      const failure = await conn.failure('SELECT 1');
      const error = expectTranslated(ctx.dialect, failure, {
        type: ConnectionLostError,
        driverCode: 'SQLITE_MISUSE',
        fatal: true,
      });
      expect(headline(error)).to.equal('The connection to the database was lost: Database is closed.');
      return;
    }
    other = await openRaw(ctx.dialect, ctx.url);
    const sleeping = conn.failure(ctx.dialect === 'postgres' ? 'SELECT pg_sleep(30)' : 'SELECT SLEEP(30)');
    await untilSleeping(other, conn.id);
    await kill(other, conn.id);
    const error = expectTranslated(ctx.dialect, await sleeping, {
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
    let conn: RawConnection;
    let other: RawConnection;

    beforeEach(async () => {
      conn = await openRaw(ctx.dialect, ctx.url);
      other = await openRaw(ctx.dialect, ctx.url);
    });

    afterEach(async () => {
      await conn.close();
      await other.close();
    });

    it('the driver reports the kill in the background, and the next query fails: both ConnectionLostError, fatal', async () => {
      await kill(other, conn.id);
      const background = { raw: await conn.backgroundError(), sql: undefined };
      expectTranslated(ctx.dialect, background, {
        type: ConnectionLostError,
        fatal: true,
        driverCode: byDialect(ctx.dialect, { sqlite: '', postgres: '57P01', mysql: 'PROTOCOL_CONNECTION_LOST' }),
      });
      const failure = await conn.failure('SELECT 1');
      // Neither driver gives a code for "this client is already broken".
      const error = expectTranslated(ctx.dialect, failure, { type: ConnectionLostError, fatal: true });
      expect((error.cause as Error).message).to.equal(
        ctx.dialect === 'postgres'
          ? 'Client has encountered a connection error and is not queryable'
          : "Can't add new command when connection is in closed state",
      );
    });
  },
  { only: ['postgres', 'mysql'] },
);
