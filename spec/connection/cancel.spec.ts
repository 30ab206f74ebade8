/**
 * What becomes of a connection whose statement an AbortSignal cancelled: kept when the statement
 * ended with the database's cancellation error, discarded when the cancel could not be sent (the
 * statement may still run on it). The failed cancel is injected by stubbing the driver pool's
 * `cancel`; the statements run on the real database.
 */
import { expect } from 'chai';
import sinon from 'sinon';
import type { DriverPool } from '../../lib/connection';
import { runCancellable } from '../../lib/connection/cancel';
import { connect } from '../../lib/dialects/connect';
import type { Database } from '../../lib/dialects/database';
import { QueryCancelledError } from '../../lib/errors';
import { type RawNode, sql } from '../../lib/sql';
import { expectRejection } from '../support/expect-rejection';
import { describeEachDialect } from '../support/matrix';

/**
 * A second or more of work on each database, failing when cancelled (MariaDB's SLEEP() would
 * return 1 instead, so it counts).
 */
function oneSecond(dialect: string): RawNode {
  if (dialect === 'postgres') return sql`select pg_sleep(1) as done`;
  if (dialect === 'mysql') {
    return sql`set statement max_recursive_iterations = 10000000 for with recursive c(x) as (select 1 union all select x + 1 from c where x < 3000000) select count(*) as done from c`;
  }
  return sql`with recursive c(x) as (select 1 union all select x + 1 from c limit 30000000) select count(*) as done from c`;
}

describeEachDialect('connection: a statement cancelled by an AbortSignal', (ctx) => {
  let db: Database;
  before(async () => {
    db = await connect({ url: ctx.url, pool: { size: ctx.dialect === 'sqlite' ? 0 : 1 } });
  });
  afterEach(() => sinon.restore());
  after(() => db.close());

  async function sessionId(): Promise<number> {
    let id = -1;
    const off = db.onQuery((e) => {
      id = e.connectionId;
    });
    await db.query(sql`select 1 as one`);
    off();
    return id;
  }

  it('keeps the connection when the statement ended with the cancellation', async () => {
    const before = await sessionId();
    const cancel = sinon.spy(driverPool(db), 'cancel');
    const started = performance.now();
    const error = await expectRejection(
      db.query(oneSecond(ctx.dialect), { signal: AbortSignal.timeout(100) }),
      QueryCancelledError,
    );
    expect(performance.now() - started).to.be.lessThan(900);
    expect(cancel.callCount).to.equal(1);
    expect(error.cause, 'the database reported the cancellation').to.not.equal(undefined);
    expect(await sessionId()).to.equal(before);
  });

  it('discards the connection, without waiting for the statement, when the cancel cannot be sent', async () => {
    const before = await sessionId();
    sinon.stub(driverPool(db), 'cancel').rejects(new Error('cancel refused'));
    const started = performance.now();
    await expectRejection(db.query(oneSecond(ctx.dialect), { signal: AbortSignal.timeout(100) }), QueryCancelledError);
    expect(performance.now() - started).to.be.lessThan(900);
    if (ctx.dialect !== 'sqlite') {
      expect(db.pool.stats().inUse).to.equal(0);
      expect(await sessionId()).to.not.equal(before);
    } else {
      // SQLite keeps its one writer handle (a new one of :memory: would be a new database) and
      // resets it once the statement ends; the next caller waits for that.
      expect(Number((await db.query<{ one: unknown }>(sql`select 1 as one`))[0]?.one)).to.equal(1);
    }
  });
});

function driverPool(db: Database): DriverPool & { cancel(...args: unknown[]): Promise<void> } {
  return (db.pool as unknown as { driverPool: DriverPool & { cancel(...args: unknown[]): Promise<void> } }).driverPool;
}

describe('connection: many statements under one signal', () => {
  it('share one abort listener: 30 at once raise no MaxListenersExceededWarning, and all are cancelled', async () => {
    const warnings: string[] = [];
    const onWarning = (w: Error) => warnings.push(w.name);
    process.on('warning', onWarning);
    try {
      const controller = new AbortController();
      const running: ((e: Error) => void)[] = [];
      // Each cancel stops one running statement with the database's cancellation error.
      const cancelled = sinon.spy(() => {
        running.shift()?.(new Error('57014 canceling statement due to user request'));
        return Promise.resolve();
      });
      const statements = Array.from({ length: 30 }, () =>
        runCancellable(controller.signal, {
          start: () => new Promise<never>((_, reject) => running.push(reject)),
          cancel: cancelled,
          translate: (e) => e as Error,
          markBroken: () => undefined,
        }),
      );
      await new Promise((r) => setTimeout(r, 10));
      controller.abort();
      const outcomes = await Promise.allSettled(statements);
      await new Promise((r) => setImmediate(r));
      expect(outcomes.every((o) => o.status === 'rejected' && o.reason instanceof QueryCancelledError)).to.equal(true);
      expect(cancelled.callCount).to.equal(30);
      expect(warnings).to.deep.equal([]);
    } finally {
      process.off('warning', onWarning);
    }
  });
});
