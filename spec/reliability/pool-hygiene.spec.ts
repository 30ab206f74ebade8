/**
 * Pool hygiene: more concurrent units than connections (the ones that wait past
 * `pool.acquireTimeoutMs` get a PoolTimeoutError, the others their connection), then thousands of
 * units failing at random points — a throw in the callback, a constraint violation, a statement
 * error, a transaction timeout, mid-flush, a failed savepoint, isolation-level and read-only
 * transactions — on every dialect. Afterwards: no connection checked out (pool stats), no
 * transaction open on the server (`pg_stat_activity`, `information_schema.innodb_trx`; SQLite:
 * BEGIN IMMEDIATE succeeds), and every pooled connection in the state of a fresh one.
 */
import { expect } from 'chai';
import { PoolTimeoutError, sql, Tabula, TabulaError, TransientError } from '../../lib';
import type { Connection } from '../../lib/connection';
import { Random } from '../../lib/testing';
import { describeEachDialect } from '../support/matrix';
import { Tally, TallyMapper } from './support/entities';
import { PlannedFailure, runUnit, TAKEN, UNIT_KINDS, type UnitKind } from './support/failing-units';
import { type Figure, recordFigures, runs } from './support/figures';
import { serverAdmin } from './support/server-admin';
import { sessionState } from './support/session-state';

const UNITS = runs(5_000, 50_000);
const ACQUIRE_TIMEOUT_MS = 500;
const SEED = process.env.TABULA_SEED ?? String(Date.now());

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Units that hold a connection each until `release()`. */
function holdConnections(orm: Tabula, count: number) {
  let release: () => void = () => undefined;
  const gate = new Promise<void>((r) => (release = r));
  const held = Array.from({ length: count }, () => orm.db.transaction(() => gate));
  return { release, done: () => Promise.all(held) };
}

describeEachDialect('reliability: pool exhaustion and units failing at random points', (ctx) => {
  let orm: Tabula | undefined;
  /** SQLite: the one writer; servers: three connections. */
  const size = () => (ctx.dialect === 'sqlite' ? 1 : 3);
  const figures: Record<string, Figure> = {};

  before(async () => {
    orm = await Tabula.connect({
      url: ctx.url,
      mappers: [TallyMapper],
      pool: { size: ctx.dialect === 'sqlite' ? 0 : size(), acquireTimeoutMs: ACQUIRE_TIMEOUT_MS },
    });
    await orm.schema.drop();
    await orm.schema.create();
    const em = orm.em.fork();
    em.persist(new Tally(TAKEN));
    await em.flush();
  });
  after(async () => {
    await orm?.schema.drop();
    await orm?.close();
    if (Object.keys(figures).length > 0) {
      recordFigures({
        scenario: 'pool-hygiene',
        dialect: ctx.dialect,
        summary: `Twice as many concurrent units as connections, then ${UNITS.toLocaleString('en-US')} units failing at random points (throw, constraint, statement error, timeout, mid-flush, savepoint, isolation and read-only transactions): PoolTimeoutError exactly where the wait passed the acquire timeout; afterwards 0 connections checked out, 0 open server transactions, every pooled connection in a fresh one's state.`,
        figures,
      });
    }
  });

  it('pool exhaustion: a unit waiting past acquireTimeoutMs gets a PoolTimeoutError, one whose connection frees in time runs', async function () {
    this.timeout(20_000);
    const db = orm as Tabula;
    const waiting = size() * 2;
    // Every connection held past the timeout: each waiting unit times out.
    let hold = holdConnections(db, size());
    await sleep(20);
    const started = Date.now();
    const late = await Promise.allSettled(Array.from({ length: waiting }, () => db.db.query(sql`select 1 as one`)));
    const waitedMs = Date.now() - started;
    hold.release();
    await hold.done();
    const timedOut = late.filter((r) => r.status === 'rejected' && r.reason instanceof PoolTimeoutError);
    expect(timedOut.length, 'units timed out while every connection was held').to.equal(waiting);
    const error = (timedOut[0] as PromiseRejectedResult).reason as PoolTimeoutError;
    expect(error.poolSize).to.equal(size());
    expect(error.waitedMs).to.be.at.least(ACQUIRE_TIMEOUT_MS - 5);
    expect(waitedMs).to.be.at.least(ACQUIRE_TIMEOUT_MS - 5);
    // Connections freed well within the timeout: every waiting unit runs.
    hold = holdConnections(db, size());
    await sleep(20);
    const served = Promise.allSettled(Array.from({ length: waiting }, () => db.db.query(sql`select 1 as one`)));
    await sleep(ACQUIRE_TIMEOUT_MS / 5);
    hold.release();
    await hold.done();
    const servedResults = await served;
    expect(servedResults.map((r) => r.status)).to.deep.equal(Array(waiting).fill('fulfilled'));
    expect(db.db.pool.stats()).to.include({ inUse: 0, waiting: 0 });
    Object.assign(figures, {
      poolSize: size(),
      acquireTimeoutMs: ACQUIRE_TIMEOUT_MS,
      exhaustedWaiters: waiting,
      poolTimeouts: timedOut.length,
      timedOutAfterMs: waitedMs,
      servedAfterWait: servedResults.length,
    });
  });

  it(`${UNITS.toLocaleString('en-US')} units failing at random points leave no checked-out connection, no open transaction, no session state`, async function () {
    this.timeout(UNITS * 20 + 60_000);
    const db = orm as Tabula;
    const random = new Random(`pool-hygiene ${ctx.dialect} ${SEED}`);
    const sessions = new Set<number>();
    const off = db.db.onQuery((e) => sessions.add(e.connectionId));
    const byKind = new Map<UnitKind, { ok: number; failed: number; transient: number }>();
    const byError = new Map<string, number>();
    const untyped: string[] = [];
    let next = 0;
    // Twice as many workers as connections, so units also wait for each other.
    const worker = async () => {
      while (next < UNITS) {
        const n = next++;
        const kind = random.pick(UNIT_KINDS);
        const tally = byKind.get(kind) ?? { ok: 0, failed: 0, transient: 0 };
        byKind.set(kind, tally);
        try {
          await runUnit(db, kind, `u${n}`, random);
          tally.ok++;
        } catch (e) {
          tally.failed++;
          // A deadlock victim (InnoDB, between concurrent inserts into one unique index) may be any unit.
          if (e instanceof TransientError) tally.transient++;
          const name = (e as Error)?.constructor?.name ?? typeof e;
          byError.set(name, (byError.get(name) ?? 0) + 1);
          if (!(e instanceof TabulaError) && !(e instanceof PlannedFailure)) {
            untyped.push(`${kind}: ${String(e)}`);
          }
        }
      }
    };
    try {
      await Promise.all(Array.from({ length: size() * 2 }, worker));
    } finally {
      off();
    }
    expect(untyped, 'failures that are neither typed nor the unit’s own').to.deep.equal([]);
    for (const kind of ['unique-violation', 'statement-error', 'fails-mid-flush', 'read-only-writes'] as const) {
      expect(byKind.get(kind)?.ok, `${kind} units that succeeded`).to.equal(0);
    }
    const succeeds = byKind.get('succeeds');
    expect((succeeds?.failed ?? 0) - (succeeds?.transient ?? 0), 'units meant to succeed that failed').to.equal(0);

    // A broken SQLite writer is reset (ROLLBACK, pragmas) before it counts as free again.
    for (let i = 0; i < 200 && db.db.pool.stats().inUse > 0; i++) await sleep(5);
    const stats = db.db.pool.stats();
    expect(stats, 'pool after the units').to.include({ inUse: 0, waiting: 0 });

    let openTransactions = 0;
    if (ctx.dialect !== 'sqlite') {
      openTransactions = await serverAdmin(ctx.dialect, ctx.url).openTransactions([...sessions]);
      expect(openTransactions, 'transactions open on the server among the pool’s sessions').to.equal(0);
    }

    // Every pooled connection at once (so none is skipped), compared with a brand-new connection.
    const fresh = await Tabula.connect({ url: ctx.url, mappers: [TallyMapper] });
    let expected: Record<string, unknown>;
    try {
      expected = await fresh.db.pool.withConnection((c) => sessionState(c, ctx.dialect));
    } finally {
      await fresh.close();
    }
    const held: Connection[] = await Promise.all(Array.from({ length: size() }, () => db.db.pool.acquire()));
    let leftover = 0;
    try {
      for (const c of held) {
        const state = await sessionState(c, ctx.dialect);
        if (JSON.stringify(state) !== JSON.stringify(expected)) leftover++;
        expect(state, `session state of pooled connection ${c.id}`).to.deep.equal(expected);
      }
    } finally {
      for (const c of held) db.db.pool.release(c);
    }
    // The rows of failed units are gone: only the units that committed wrote.
    const committed = (['succeeds', 'savepoint-fails', 'transaction-timeout'] as const).reduce(
      (n, kind) => n + (byKind.get(kind)?.ok ?? 0),
      0,
    );
    const [count] = await db.db.query<{ n: number | string }>(sql`select count(*) as n from t_rel_tally`);
    expect(Number(count?.n), 'rows: the taken one plus one per committed unit').to.equal(1 + committed);

    Object.assign(figures, {
      units: UNITS,
      failed: [...byKind.values()].reduce((n, t) => n + t.failed, 0),
      errorClasses: [...byError]
        .sort()
        .map(([name, n]) => `${name} ×${n}`)
        .join(', '),
      untypedFailures: untyped.length,
      sessionsUsed: sessions.size,
      checkedOutAfter: stats.inUse,
      openTransactionsAfter: openTransactions,
      connectionsChecked: held.length,
      leftoverSessionState: leftover,
    });
  });
});
