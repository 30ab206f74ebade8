/**
 * Pessimistic locks, statement timeouts and cancellation, measured on each database:
 * - `FOR UPDATE` (find with `lock: 'pessimistic-write'`) blocks a second writer until the first
 *   commits; the blocked time is about the time the lock was held, and no update is lost;
 * - `NOWAIT` fails fast with LockWaitTimeoutError, `SKIP LOCKED` returns only the unlocked rows;
 * - a statement timeout raises QueryTimeoutError and the same pooled connection then works;
 * - an AbortSignal aborted while a statement waits cancels it on the server (gone from
 *   pg_stat_activity / the process list within a second), the transaction rolls back, the caller
 *   gets QueryCancelledError, and the pool is whole again; an already-aborted signal sends nothing.
 * SQLite has no row locks: one writer at a time, so FOR UPDATE compiles to nothing and the second
 * writer waits for the writer connection; NOWAIT and SKIP LOCKED are refused with UnsupportedError.
 */
import { expect } from 'chai';
import {
  type EntityManager,
  LockWaitTimeoutError,
  QueryCancelledError,
  op,
  QueryTimeoutError,
  type Tabula,
  UnsupportedError,
} from '../../lib';
import { type SqlNode, column, eq, gt, type LockClause, select, sql } from '../../lib/sql';
import { expectRejection } from '../support/expect-rejection';
import { describeEachDialect } from '../support/matrix';
import { type Figure, recordFigures } from './support/figures';
import { balances, barrier, LockAccount, msUntil, openAccounts, resetAccounts, sleep } from './support/lock-accounts';
import { runningStatements, serverIdOf, slowStatement, waitingOnLock } from './support/server-activity';

const HOLD_MS = 400;
const TABLE = 't_rel_lock_accounts';

const lockedSelect = (wait: LockClause['wait'], where = gt(column('id'), 0)): SqlNode =>
  select({
    columns: [column('id')],
    from: TABLE,
    where,
    orderBy: [column('id')],
    lock: wait ? { strength: 'update', wait } : { strength: 'update' },
  });

describeEachDialect('reliability: locks and timeouts', (ctx) => {
  let orm: Tabula | undefined;
  const figures: Record<string, Figure> = {};
  before(async () => {
    orm = await openAccounts(ctx.url);
  });
  beforeEach(async () => resetAccounts(db(), 4, 100));
  after(async () => {
    recordFigures({
      scenario: 'locks-and-timeouts',
      dialect: ctx.dialect,
      summary:
        ctx.dialect === 'sqlite'
          ? 'A second writer waits for the single writer; NOWAIT / SKIP LOCKED refused; a statement timeout and an abort interrupt the statement and the connection goes on.'
          : 'FOR UPDATE blocks a second writer for the hold time, NOWAIT fails fast, SKIP LOCKED skips; a timeout leaves the connection usable; an abort cancels the statement on the server and rolls back.',
      figures,
    });
    await orm?.schema.drop();
    await orm?.close();
  });
  const db = () => orm as Tabula;
  const rowLocks = () => ctx.dialect !== 'sqlite';

  it('FOR UPDATE blocks a second writer until the first commits (no lost update)', async () => {
    const locked = barrier(2);
    let blockedMs = 0;
    const first = db()
      .em.fork()
      .transactional(async (em) => {
        const [account] = await em.find(LockAccount, { id: 1 }, { lock: 'pessimistic-write' });
        await locked.arrive();
        await sleep(HOLD_MS);
        (account as LockAccount).balance += 10;
      });
    await locked.arrive();
    const started = performance.now();
    const second = db()
      .em.fork()
      .transactional(async (em) => {
        const [account] = await em.find(LockAccount, { id: 1 }, { lock: 'pessimistic-write' });
        blockedMs = performance.now() - started;
        (account as LockAccount).balance += 1;
      });
    await Promise.all([first, second]);
    // The second writer read the row after the first committed: both increments are there.
    expect((await balances(db()))[0]).to.equal(111);
    // Generous bounds on a shared machine: it waited for (most of) the hold, and not for ever.
    expect(blockedMs).to.be.greaterThan(HOLD_MS * 0.75);
    expect(blockedMs).to.be.lessThan(HOLD_MS + 3000);
    figures.holdMs = HOLD_MS;
    figures.blockedMs = Math.round(blockedMs);
  });

  if (ctx.dialect === 'sqlite') {
    it('refuses NOWAIT and SKIP LOCKED with UnsupportedError (SQLite locks the whole database, not rows)', async () => {
      for (const wait of ['nowait', 'skip-locked'] as const) {
        const error = await expectRejection(
          db().db.transaction((tx) => tx.query(lockedSelect(wait))),
          UnsupportedError,
        );
        expect(error.message).to.match(wait === 'nowait' ? /NOWAIT/ : /SKIP LOCKED/);
      }
      figures.nowait = 'unsupported';
      figures.skipLocked = 'unsupported';
    });
  }

  // SQLite: refused with UnsupportedError, asserted above.
  if (ctx.dialect !== 'sqlite') {
    it('NOWAIT fails fast with LockWaitTimeoutError while another transaction holds the row', async () => {
      const held = barrier(2);
      const release = barrier(2);
      const holder = db().db.transaction(async (tx) => {
        await tx.query(lockedSelect(undefined, eq(column('id'), 1)));
        await held.arrive();
        await release.arrive();
      });
      await held.arrive();
      const started = performance.now();
      const error = await expectRejection(
        db().db.transaction((tx) => tx.query(lockedSelect('nowait', eq(column('id'), 1)))),
        LockWaitTimeoutError,
      );
      const nowaitMs = performance.now() - started;
      await release.arrive();
      await holder;
      expect(error.code).to.equal('LOCK_WAIT_TIMEOUT');
      expect(nowaitMs).to.be.lessThan(1000);
      figures.nowaitMs = Math.round(nowaitMs);
    });

    it('SKIP LOCKED returns only the rows nobody holds', async () => {
      const held = barrier(2);
      const release = barrier(2);
      const holder = db()
        .em.fork()
        .transactional(async (em) => {
          await em.find(LockAccount, { id: op({ $in: [1, 3] }) }, { lock: 'pessimistic-write' });
          await held.arrive();
          await release.arrive();
        });
      await held.arrive();
      const rows = await db().db.transaction((tx) => tx.query<{ id: unknown }>(lockedSelect('skip-locked')));
      await release.arrive();
      await holder;
      expect(rows.map((r) => Number(r.id))).to.deep.equal([2, 4]);
      figures.skipLockedRows = rows.length;
    });
  }

  it('a statement timeout raises QueryTimeoutError and the same pooled connection then works', async () => {
    const timed = await openAccounts(ctx.url, { size: 1, statementTimeoutMs: 300 });
    try {
      const before = await serverIdOf(timed, ctx.dialect);
      const started = performance.now();
      await expectRejection(timed.db.query(slowStatement(ctx.dialect, 30)), QueryTimeoutError);
      const timeoutMs = performance.now() - started;
      expect(timeoutMs).to.be.lessThan(10_000);
      // One connection in the pool: the next statement runs on the one that timed out.
      expect(await serverIdOf(timed, ctx.dialect)).to.equal(before);
      expect(await timed.em.fork().count(LockAccount)).to.equal(4);
      figures.timeoutMs = Math.round(timeoutMs);
    } finally {
      await timed.close();
    }
  });

  it('an AbortSignal cancels the waiting statement on the server, rolls back, and leaves the pool whole', async () => {
    const unitOrm = await openAccounts(ctx.url, { size: 1 });
    // Holds account 2 so the unit's locking read waits (SQLite: the unit runs a long statement).
    const holder = rowLocks() ? await holdRow(db(), 2) : undefined;
    try {
      const unitConnection = await serverIdOf(unitOrm, ctx.dialect);
      const controller = new AbortController();
      let settled = false;
      const unit = unitOrm.em.fork().transactional(
        async (em) => {
          const account = await em.findOneOrFail(LockAccount, 1);
          account.balance = 0;
          await em.flush();
          await slowRead(em, ctx.dialect);
        },
        { signal: controller.signal },
      );
      unit.then(
        () => (settled = true),
        () => (settled = true),
      );
      const running = async () =>
        ctx.dialect === 'sqlite' ? !settled : (await runningStatements(db(), ctx.dialect, unitConnection)) > 0;
      if (ctx.dialect === 'sqlite') await sleep(300);
      else await msUntil(() => waitingOnLock(db(), ctx.dialect, unitConnection));
      const aborted = performance.now();
      controller.abort(new Error('client went away'));
      const goneMs = await msUntil(async () => !(await running()), 5000, 5);
      const error = await expectRejection(unit, QueryCancelledError);
      const rejectMs = performance.now() - aborted;
      expect((error.reason as Error).message).to.equal('client went away');
      expect(goneMs).to.be.lessThan(1000);
      holder?.release();
      await holder?.done;
      // The UPDATE before the wait was rolled back.
      expect((await balances(db()))[0]).to.equal(100);
      // The pool's one connection is back, trusted: the same server session answers.
      expect(unitOrm.db.pool.stats().inUse).to.equal(0);
      expect(await serverIdOf(unitOrm, ctx.dialect)).to.equal(unitConnection);
      figures.abortToGoneMs = Math.round(goneMs);
      figures.abortToRejectMs = Math.round(rejectMs);
    } finally {
      holder?.release();
      await holder?.done.catch(() => undefined);
      await unitOrm.close();
    }
  });

  it('an AbortSignal ends an em.stream loop with QueryCancelledError and gives its connection back', async () => {
    const controller = new AbortController();
    const seen: number[] = [];
    const loop = (async () => {
      for await (const account of db().em.fork().stream(LockAccount, {}, { signal: controller.signal, batchSize: 1 })) {
        seen.push(account.id);
        if (seen.length === 2) controller.abort(new Error('enough'));
      }
    })();
    const error = await expectRejection(loop, QueryCancelledError);
    expect((error.reason as Error).message).to.equal('enough');
    expect(seen).to.deep.equal([1, 2]);
    expect(db().db.pool.stats().inUse).to.equal(0);
    expect(await db().em.fork().count(LockAccount)).to.equal(4);
  });

  it('an already-aborted signal sends nothing', async () => {
    const sent: string[] = [];
    const off = db().db.onQuery((e) => sent.push(e.sql));
    try {
      const signal = AbortSignal.abort();
      const em = db().em.fork();
      await expectRejection(em.find(LockAccount, {}, { signal }), QueryCancelledError);
      await expectRejection(em.count(LockAccount, {}, { signal }), QueryCancelledError);
      let ran = false;
      await expectRejection(
        em.transactional(
          async () => {
            ran = true;
          },
          { signal },
        ),
        QueryCancelledError,
      );
      await expectRejection(db().db.query(sql`select 1`, { signal }), QueryCancelledError);
      const account = await em.findOneOrFail(LockAccount, 1);
      account.balance = 5;
      await expectRejection(em.flush({ signal }), QueryCancelledError);
      expect(ran).to.equal(false);
      expect(sent.filter((s) => !/^select .* from .*t_rel_lock_accounts.* where/i.test(s))).to.deep.equal([]);
      // The find by key above is the one statement sent; the flush sent nothing.
      expect(sent).to.have.length(1);
      expect((await balances(db()))[0]).to.equal(100);
    } finally {
      off();
    }
  });
});

/** Locks account `id` in a transaction of its own, until `release()`. */
async function holdRow(orm: Tabula, id: number): Promise<{ release(): void; done: Promise<void> }> {
  const held = barrier(2);
  let release!: () => void;
  const released = new Promise<void>((resolve) => {
    release = resolve;
  });
  const done = orm.db.transaction(async (tx) => {
    await tx.query(lockedSelect(undefined, eq(column('id'), id)));
    await held.arrive();
    await released;
  });
  await held.arrive();
  return { release, done };
}

/** A read that takes seconds: a wait for the row lock of account 2 (SQLite: a long computation). */
async function slowRead(em: EntityManager, dialect: string): Promise<void> {
  if (dialect === 'sqlite') {
    await em.findBySql(LockAccount, slowStatement('sqlite', 30));
    return;
  }
  await em.find(LockAccount, { id: 2 }, { lock: 'pessimistic-write' });
}
