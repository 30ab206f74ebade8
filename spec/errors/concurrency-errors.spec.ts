import { expect } from 'chai';
import { DeadlockError, LockWaitTimeoutError, SerializationError } from '../../lib/errors';
import { describeEachDialect } from '../support/matrix';
import { byDialect, expectRaised, headline } from './support/expect-translated';
import { dialectSql, openSessions, type Raised, type Session } from './support/sessions';

const COUNTERS = 'CREATE TABLE t_errors_counters (id INTEGER PRIMARY KEY, v INTEGER NOT NULL)';
const SET_V = 'UPDATE t_errors_counters SET v = ? WHERE id = ?';

/** The failure of whichever of two racing statements the database rejected (exactly one must be). */
async function oneRejected(attempts: [Session, Promise<unknown>][], sql: string): Promise<Raised> {
  const settled = await Promise.allSettled(attempts.map(([, statement]) => statement));
  expect(settled.map((s) => s.status).sort()).to.deep.equal(['fulfilled', 'rejected']);
  const i = settled.findIndex((s) => s.status === 'rejected');
  return { error: (settled[i] as PromiseRejectedResult).reason, sql, connection: attempts[i]?.[0].connection };
}

describeEachDialect('deadlocks, serialization failures and lock waits, provoked and translated', (ctx) => {
  let a: Session;
  let b: Session;
  let close: () => Promise<void>;

  beforeEach(async () => {
    // Two pooled connections of one pool (SQLite: the writers of two pools on the same file).
    const opened = await openSessions(ctx.dialect, ctx.url, 2);
    [a, b] = opened.sessions as [Session, Session];
    close = opened.close;
    await a.query(COUNTERS);
    await a.query('INSERT INTO t_errors_counters (id, v) VALUES (1, 0), (2, 0)');
  });

  afterEach(async () => {
    await a.query('ROLLBACK').catch(() => undefined);
    await b.query('ROLLBACK').catch(() => undefined);
    await a.query('DROP TABLE IF EXISTS t_errors_counters');
    await close();
  });

  const begin = (c: Session) => c.query(ctx.dialect === 'mysql' ? 'START TRANSACTION' : 'BEGIN');

  it('two transactions locking each other’s row: DeadlockError (SQLite has no deadlock detector: the reader that would wait gets SQLITE_BUSY at once)', async () => {
    await begin(a);
    await begin(b);
    if (ctx.dialect === 'sqlite') {
      // Both hold a read lock; once one writes, the other cannot without deadlocking, so SQLite
      // answers SQLITE_BUSY at once, whatever busy_timeout says.
      await b.query('PRAGMA busy_timeout = 10000');
      await a.query('SELECT v FROM t_errors_counters');
      await b.query('SELECT v FROM t_errors_counters');
      await a.query(SET_V, [1, 1]);
      const failure = await b.failure(SET_V, [1, 2]);
      expectRaised(ctx.dialect, failure, { type: LockWaitTimeoutError, driverCode: 'SQLITE_BUSY', fatal: false });
      return;
    }
    await a.query(SET_V, [1, 1]);
    await b.query(SET_V, [1, 2]);
    const failure = await oneRejected(
      [
        [a, a.query(SET_V, [2, 2])],
        [b, b.query(SET_V, [2, 1])],
      ],
      dialectSql(ctx.dialect, SET_V),
    );
    const error = expectRaised(ctx.dialect, failure, {
      type: DeadlockError,
      fatal: false,
      driverCode: byDialect(ctx.dialect, { sqlite: '', postgres: '40P01', mysql: 'ER_LOCK_DEADLOCK' }),
    });
    expect(error.message).to.equal(
      'Deadlock: this transaction and another each waited for a lock the other held; the database chose this ' +
        'one as the victim.\n  Retry the whole transaction; it was rolled back.',
    );
  });

  it('a write that conflicts with a concurrent snapshot: SerializationError (PostgreSQL SERIALIZABLE, MariaDB innodb_snapshot_isolation; SQLite WAL answers SQLITE_BUSY)', async () => {
    if (ctx.dialect === 'postgres') {
      await a.query('BEGIN ISOLATION LEVEL SERIALIZABLE');
      await b.query('BEGIN ISOLATION LEVEL SERIALIZABLE');
      await a.query('SELECT sum(v) FROM t_errors_counters');
      await b.query('SELECT sum(v) FROM t_errors_counters');
      await a.query(SET_V, [5, 1]);
      await b.query(SET_V, [5, 2]);
      await a.query('COMMIT');
      const failure = await b.failure('COMMIT');
      expectRaised(ctx.dialect, failure, { type: SerializationError, driverCode: '40001', fatal: false });
      return;
    }
    if (ctx.dialect === 'mysql') {
      // MariaDB 10.11 raises ER_CHECKREAD (1020) under REPEATABLE READ once snapshot isolation is on.
      await b.query('SET SESSION innodb_snapshot_isolation = ON');
      await b.query('SET SESSION TRANSACTION ISOLATION LEVEL REPEATABLE READ');
      await b.query('START TRANSACTION');
      expect(await b.query('SELECT v FROM t_errors_counters WHERE id = 1')).to.deep.equal([{ v: 0 }]);
      await a.query(SET_V, [7, 1]);
      const failure = await b.failure(SET_V, [8, 1]);
      const error = expectRaised(ctx.dialect, failure, {
        type: SerializationError,
        table: 't_errors_counters',
        driverCode: 'ER_CHECKREAD',
        fatal: false,
      });
      expect(headline(error)).to.equal(
        'Serialization failure in t_errors_counters: a concurrent transaction changed data this transaction read.',
      );
      return;
    }
    // SQLite has no serialization failure. Nearest: in WAL mode (the pooled driver's for a file)
    // a reader whose snapshot another connection has since overwritten cannot write
    // (SQLITE_BUSY_SNAPSHOT, reported as SQLITE_BUSY).
    expect(await a.query('PRAGMA journal_mode')).to.deep.equal([{ journal_mode: 'wal' }]);
    await b.query('BEGIN');
    await b.query('SELECT v FROM t_errors_counters');
    await a.query(SET_V, [7, 1]);
    const failure = await b.failure(SET_V, [8, 1]);
    expectRaised(ctx.dialect, failure, { type: LockWaitTimeoutError, driverCode: 'SQLITE_BUSY', fatal: false });
  });

  it('waiting for a locked row past the lock timeout: LockWaitTimeoutError (SQLite: the database write lock past busy_timeout)', async () => {
    if (ctx.dialect === 'sqlite') {
      await a.query('BEGIN IMMEDIATE');
      await b.query('PRAGMA busy_timeout = 50');
    } else {
      await begin(a);
      await a.query('SELECT v FROM t_errors_counters WHERE id = 1 FOR UPDATE');
      await b.query(
        ctx.dialect === 'postgres' ? "SET lock_timeout = '100ms'" : 'SET SESSION innodb_lock_wait_timeout = 1',
      );
    }
    const failure = await b.failure(SET_V, [3, 1]);
    const error = expectRaised(ctx.dialect, failure, {
      type: LockWaitTimeoutError,
      fatal: false,
      driverCode: byDialect(ctx.dialect, { sqlite: 'SQLITE_BUSY', postgres: '55P03', mysql: 'ER_LOCK_WAIT_TIMEOUT' }),
    });
    expect(headline(error)).to.equal(
      byDialect(ctx.dialect, {
        sqlite: 'Lock wait timeout: another connection holds a conflicting lock on the database.',
        postgres: 'Lock wait timeout: canceling statement due to lock timeout.',
        mysql:
          'Lock wait timeout: another transaction held the lock past innodb_lock_wait_timeout (or NOWAIT found it held).',
      }),
    );
  });

  it('FOR UPDATE NOWAIT on a locked row: LockWaitTimeoutError (SQLite has no NOWAIT: busy_timeout 0)', async () => {
    let sql = 'SELECT v FROM t_errors_counters WHERE id = 1 FOR UPDATE NOWAIT';
    if (ctx.dialect === 'sqlite') {
      await a.query('BEGIN IMMEDIATE');
      await b.query('PRAGMA busy_timeout = 0');
      sql = 'BEGIN IMMEDIATE';
    } else {
      await begin(a);
      await a.query('SELECT v FROM t_errors_counters WHERE id = 1 FOR UPDATE');
    }
    const failure = await b.failure(sql);
    expectRaised(ctx.dialect, failure, {
      type: LockWaitTimeoutError,
      fatal: false,
      // MariaDB reports NOWAIT as an ordinary lock wait timeout; MySQL 8 has ER_LOCK_NOWAIT (3572).
      driverCode: byDialect(ctx.dialect, { sqlite: 'SQLITE_BUSY', postgres: '55P03', mysql: 'ER_LOCK_WAIT_TIMEOUT' }),
    });
  });
});
