/**
 * The backend of a larger flush (the kill graph plus 2,000 new novels, over several statements)
 * killed at a random instant in [0, the flush's undisturbed duration], measured from the call to
 * em.flush(): a kill may land before BEGIN was answered, between BEGIN and COMMIT (COMMIT in
 * flight included), or after COMMIT, on the connection back in the pool. Whatever it hits, the
 * database is all or nothing, a failed flush is a typed error with the EntityManager unchanged,
 * flushing again succeeds, and no connection or server transaction is left behind.
 */
import { expect } from 'chai';
import sinon from 'sinon';
import { Tabula } from '../../lib';
import { pivotMappers, uowMappers } from '../entity-manager/support/entities';
import { describeEachDialect } from '../support/matrix';
import { recordFigures, runs } from './support/figures';
import { checksum, emState, makeChanges, reseed } from './support/kill-graph';
import { FlushTrap, Killer, type ServerDialect, tally } from './support/kill-harness';
import { judge, type Sums } from './support/kill-verdict';

const RUNS = runs(50, 1000);
/** New rows besides the kill graph's own. */
const BULK = 2_000;
/** Low enough that the bulk rows take several INSERT statements on every dialect. */
const MAX_BIND = 1_000;

/** A small seeded generator (mulberry32), so a failing run can be repeated with KILL_SEED. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describeEachDialect(
  'reliability: the backend of a 2,000-row flush killed at a random instant',
  (ctx) => {
    let orm: Tabula | undefined;
    let admin: Tabula | undefined;
    let killer: Killer;
    let trap: FlushTrap;
    let sums: Sums;
    let statements = 0;
    /** How long undisturbed flushes of the changes took, from em.flush() to COMMIT answered. */
    const durations: number[] = [];
    /** The median undisturbed flush: the window a kill is drawn from. */
    const flushMs = () => [...durations].sort((a, b) => a - b)[Math.floor(durations.length / 2)] as number;

    before(async function () {
      this.timeout(120_000);
      orm = await Tabula.connect({
        url: ctx.url,
        mappers: [...uowMappers, ...pivotMappers],
        capabilities: { maxBindParameters: MAX_BIND },
      });
      await orm.schema.drop();
      await orm.schema.create();
      admin = await Tabula.connect({ url: ctx.url, mappers: [], pool: { size: 1 } });
      killer = new Killer(admin, ctx.dialect as ServerDialect);
      trap = new FlushTrap(orm);
      // The undisturbed flush, four times: its statements, the state it leaves, and its duration
      // (the first one only warms up).
      for (let i = 0; i < 4; i++) {
        await reseed(orm);
        const before = await checksum(orm);
        const em = orm.em.fork();
        await makeChanges(em, BULK);
        let count = 0;
        let committed = 0;
        trap.arm(async (_i, query, send) => {
          count++;
          const result = await send();
          if (/^COMMIT\b/i.test(query.sql)) committed = performance.now();
          return result;
        });
        const started = performance.now();
        await em.flush();
        if (i > 0) durations.push(committed - started);
        trap.disarm();
        statements = count;
        sums = { before, after: await checksum(orm) };
      }
    });
    after(async () => {
      sinon.restore();
      await orm?.schema.drop();
      await orm?.close();
      await admin?.close();
    });

    it('splits the flush into several statements', () => {
      // BEGIN, COMMIT, the kill graph's 18 statements, and at least two for the bulk rows.
      expect(statements).to.be.at.least(22);
    });

    it(`kills the backend at a random instant of the flush, ${RUNS} runs: all or nothing, typed errors, retry succeeds, pool full`, async function () {
      this.timeout(Math.max(120_000, RUNS * 5_000));
      const db = orm as Tabula;
      const seed = Number(process.env.KILL_SEED ?? Date.now() % 1_000_000);
      const next = random(seed);
      const started = performance.now();
      // The last COMMIT answered, to time the retries (what follows COMMIT, writing ids and
      // snapshots back, is no time a kill can reach the transaction in).
      let lastCommit = 0;
      const unlisten = db.db.onQuery((e) => {
        if (/^COMMIT\b/i.test(e.sql) && e.error === undefined) lastCommit = performance.now();
      });
      const landed: Record<string, number> = {};
      const errors: Record<string, number> = {};
      const states: Record<string, number> = {};
      const violations: string[] = [];
      let failed = 0;
      let retried = 0;
      let leaked = 0;
      let open = 0;
      for (let run = 0; run < RUNS; run++) {
        await reseed(db);
        const em = db.em.fork();
        await makeChanges(em, BULK);
        const emBefore = emState(em);
        let begun = false;
        let committed = false;
        trap.arm(async (i, query, send) => {
          const result = await send();
          if (i === 0) begun = true;
          if (/^COMMIT\b/i.test(query.sql)) committed = true;
          return result;
        });
        const delay = next() * flushMs();
        const flushed = em.flush().then(
          () => undefined,
          (e: unknown) => e ?? new Error('rejected with nothing'),
        );
        const killed = (async () => {
          await sleep(delay);
          // Where the flush was when the kill was sent (before BEGIN was answered, until COMMIT was, after).
          const phase = committed ? 'after' : begun ? 'during' : 'before';
          await killer.kill((await trap.connection()).id);
          return phase;
        })();
        const [error, phase] = await Promise.all([flushed, killed]);
        trap.disarm();
        tally(landed, phase);
        const verdict = await judge({
          orm: db,
          killer,
          sums,
          em,
          emBefore,
          error,
          redo: (fresh) => makeChanges(fresh, BULK),
        });
        // A retry is an undisturbed flush of the same changes: its duration keeps the window true to
        // this machine's pace (the flushes a kill came after would bias it towards the fast ones).
        if (verdict.retryStarted !== undefined && lastCommit > verdict.retryStarted) {
          durations.push(lastCommit - verdict.retryStarted);
        }
        tally(errors, verdict.error);
        tally(states, verdict.state);
        if (error !== undefined) {
          failed++;
          if (verdict.retried) retried++;
        }
        leaked += verdict.leaked;
        open += verdict.openTransactions;
        for (const v of verdict.violations)
          violations.push(`run ${run} (seed ${seed}, ${delay.toFixed(1)} ms, ${phase}): ${v}`);
      }
      unlisten();
      recordFigures({
        scenario: 'kill-random-instant',
        dialect: ctx.dialect,
        summary: `The backend of a flush of ${BULK + 24} rows over ${statements} statements was terminated at a random instant within its undisturbed duration; every run was checked for partial writes, typed errors, an unchanged EntityManager, a successful retry, a full pool and no open server transaction.`,
        figures: {
          runs: RUNS,
          statements,
          flushMs: Math.round(flushMs()),
          killedBefore: landed.before ?? 0,
          killedDuring: landed.during ?? 0,
          killedAfter: landed.after ?? 0,
          flushesFailed: failed,
          partialWrites: states.partial ?? 0,
          flushesSucceeded: errors.none ?? 0,
          errorClasses: Object.entries(errors)
            .filter(([k]) => k !== 'none')
            .map(([k, n]) => `${k} ${n}`)
            .join(', '),
          retriesSucceeded: retried,
          leakedConnections: leaked,
          openTransactionsAfter: open,
          violations: violations.length,
          seed,
          wallMs: Math.round(performance.now() - started),
        },
      });
      expect(violations).to.deep.equal([]);
      expect(retried).to.equal(failed);
    });
  },
  // SQLite runs in-process: there is no server backend to kill. Its crash scenario is a SIGKILLed
  // writer process (spec/reliability/sqlite-sigkill.spec.ts, scenario sqlite-sigkill).
  { only: ['postgres', 'mysql'] },
);

describeEachDialect(
  'reliability: the backend of a 2,000-row flush killed at a random instant',
  () => {
    it(
      'does not apply to SQLite, which has no server backend to kill: see the SIGKILLed writer in spec/reliability/sqlite-sigkill.spec.ts',
    );
  },
  { only: ['sqlite'] },
);
