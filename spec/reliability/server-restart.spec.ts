/**
 * A database server restarted under steady load, and pooled connections that die while idle.
 *
 * Each dialect gets a throwaway server of its own (restarting the matrix's shared one would break
 * every suite after this one): PostgreSQL is restarted with `pg_ctl restart -m fast`, MariaDB is
 * shut down and started again on the same data folder and port (`ServerHandle.restart()`). Four
 * workers run small units of work (insert, find, update in one transaction) back to back
 * throughout. Measured: uncaught errors (none), the classes of the failures during the outage (all
 * typed), the time from the server accepting connections again — probed by the raw driver — to
 * the first unit that succeeds (at most a second), and that every unit after it succeeds.
 *
 * Then every idle pooled connection is terminated from the server side; the next units must run
 * on fresh connections: the dead ones are dropped at checkout, never handed to a unit of work.
 *
 * SQLite has no server to restart and no socket that can die while idle: its case is pending,
 * named as such.
 */
import { expect } from 'chai';
import { Tabula } from '../../lib';
import {
  findMariadbBinaries,
  findPostgresBinaries,
  isProcessAlive,
  type ServerHandle,
  startMariadb,
  startPostgres,
} from '../../lib/testing';
import { describeEachDialect } from '../support/matrix';
import { TallyMapper } from './support/entities';
import { type Figure, recordFigures, runs } from './support/figures';
import { type ServerAdmin, serverAdmin } from './support/server-admin';
import { steadyLoad, tallyUnit, type UnitRecord } from './support/steady-load';

const RESTARTS = runs(1, 5);
const IDLE_KILL_ROUNDS = runs(3, 30);
const RACE_ROUNDS = runs(10, 200);
const WORKERS = 4;
const POOL_SIZE = 4;
/** The bound the issue states; the measured figure is recorded. */
const FIRST_SUCCESS_BOUND_MS = 1000;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Watches a restart: `down` is when the old server process has exited (no session of the old
 * server can answer after it), `back` when the raw driver's probe first succeeds after that.
 */
async function watchOutage(admin: ServerAdmin, oldPid: number): Promise<{ down: number; back: number }> {
  let down = 0;
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (!down && !isProcessAlive(oldPid)) down = Date.now();
    if (down) {
      try {
        await admin.probe(500);
        return { down, back: Date.now() };
      } catch {
        // still down
      }
    }
    await sleep(10);
  }
  throw new Error(down ? 'the server did not come back within 60 s' : 'the old server process did not exit');
}

function countBy(records: readonly UnitRecord[]): string {
  const counts = new Map<string, number>();
  for (const r of records) if (r.error) counts.set(r.error, (counts.get(r.error) ?? 0) + 1);
  return (
    [...counts]
      .sort()
      .map(([name, n]) => `${name} ×${n}`)
      .join(', ') || 'none'
  );
}

describeEachDialect(
  'reliability: server restart under load, idle connections killed',
  (ctx) => {
    let server: ServerHandle | undefined;
    let orm: Tabula | undefined;
    let admin: ServerAdmin;
    const figures: Record<string, Figure> = {};

    before(async function () {
      this.timeout(120_000);
      const binaries = ctx.dialect === 'postgres' ? findPostgresBinaries() : findMariadbBinaries();
      if (!binaries) {
        // The matrix has a server (given by URL), but this scenario must restart one of its own.
        process.stderr.write(
          `!!!!! [server-restart] SKIPPING ${ctx.dialect}: no server binaries to start a server to restart !!!!!\n`,
        );
        this.skip();
      }
      server = ctx.dialect === 'postgres' ? await startPostgres() : await startMariadb();
      admin = serverAdmin(ctx.dialect as 'postgres' | 'mysql', server.url);
      orm = await Tabula.connect({
        url: server.url,
        mappers: [TallyMapper],
        pool: { size: POOL_SIZE, acquireTimeoutMs: 5_000, connectTimeoutMs: 2_000 },
      });
      await orm.schema.create();
    });

    after(async function () {
      this.timeout(60_000);
      await orm?.close();
      if (server) {
        const pid = server.pid;
        await server.stop();
        expect(isProcessAlive(pid), 'the restarted server stops with its handle').to.equal(false);
      }
      if (Object.keys(figures).length > 0) {
        recordFigures({
          scenario: 'server-restart',
          dialect: ctx.dialect,
          summary: `${WORKERS} workers ran insert-find-update units through ${RESTARTS} server restart(s) (pg_ctl restart -m fast; MariaDB stop and start): no uncaught error, only typed failures during the outage, the first success within ${FIRST_SUCCESS_BOUND_MS} ms of the server being back, every later unit succeeded; idle pooled connections terminated by the server were never handed to a unit.`,
          figures,
        });
      }
    });

    it('restart: no uncaught error, typed failures only, first success within a second of the server being back, then every unit succeeds', async function () {
      this.timeout(RESTARTS * 30_000 + 30_000);
      const db = orm as Tabula;
      const handle = server as ServerHandle;
      const uncaught: unknown[] = [];
      const onUncaught = (e: unknown) => uncaught.push(e);
      process.on('uncaughtException', onUncaught);
      process.on('unhandledRejection', onUncaught);
      const load = steadyLoad(db, WORKERS);
      const outages: { down: number; back: number; restartMs: number }[] = [];
      try {
        await sleep(500);
        for (let i = 0; i < RESTARTS; i++) {
          const asked = Date.now();
          const oldPid = handle.pid;
          const restarting = handle.restart();
          const outage = await watchOutage(admin, oldPid);
          await restarting;
          outages.push({ ...outage, restartMs: Date.now() - asked });
          await sleep(1_500);
        }
      } finally {
        await load.stop();
        process.off('uncaughtException', onUncaught);
        process.off('unhandledRejection', onUncaught);
      }
      const records = load.records;
      const failures = records.filter((r) => r.error);
      const latencies: number[] = [];
      for (const outage of outages) {
        const firstOk = records
          .filter((r) => !r.error && r.ended > outage.down)
          .reduce((a, r) => Math.min(a, r.ended), Number.POSITIVE_INFINITY);
        expect(firstOk, 'a unit succeeded after the restart').to.be.lessThan(Number.POSITIVE_INFINITY);
        latencies.push(firstOk - outage.back);
        const lateFailures = failures.filter((r) => r.started >= firstOk && r.started < outage.back + 1_500);
        expect(
          lateFailures.map((r) => r.error),
          'units started after the first success',
        ).to.deep.equal([]);
      }
      const classes = countBy(failures);
      Object.assign(figures, {
        restarts: outages.length,
        units: records.length,
        succeeded: records.length - failures.length,
        failedDuringOutage: failures.length,
        untypedFailures: failures.filter((r) => !r.typed).length,
        uncaught: uncaught.length,
        failureClasses: classes,
        restartMs: Math.max(...outages.map((o) => o.restartMs)),
        outageMs: Math.max(...outages.map((o) => o.back - o.down)),
        backToFirstSuccessMs: Math.max(...latencies),
      });
      expect(uncaught.map(String), 'uncaught errors').to.deep.equal([]);
      expect(
        failures.filter((r) => !r.typed).map((r) => r.error),
        `untyped failures (all: ${classes})`,
      ).to.deep.equal([]);
      expect(Math.max(...latencies), 'ms from the server back to the first successful unit').to.be.at.most(
        FIRST_SUCCESS_BOUND_MS,
      );
      expect(records.length - failures.length).to.be.greaterThan(0);
      // Nothing is left checked out or open once the load has stopped.
      expect(db.db.pool.stats().inUse, 'connections checked out').to.equal(0);
      expect(await admin.openTransactions(), 'open server transactions').to.equal(0);
    });

    it('a pooled connection terminated while idle is dropped at checkout, never handed to a unit of work', async function () {
      this.timeout(IDLE_KILL_ROUNDS * 15_000 + 10_000);
      const db = orm as Tabula;
      let killed = 0;
      let handedOut = 0;
      let unitsAfter = 0;
      for (let round = 0; round < IDLE_KILL_ROUNDS; round++) {
        // Fill the pool: every connection it holds is idle afterwards.
        await Promise.all(Array.from({ length: POOL_SIZE }, (_, i) => tallyUnit(db, `idle-${round}-warm-${i}`)));
        const idle = (await admin.sessions()).map((s) => s.id);
        expect(idle.length, 'idle pooled sessions on the server').to.be.greaterThan(0);
        await admin.terminate(idle);
        const deadline = Date.now() + 10_000;
        while ((await admin.sessions()).some((s) => idle.includes(s.id))) {
          if (Date.now() > deadline) throw new Error(`sessions ${idle.join(', ')} still on the server after 10 s`);
          await sleep(20);
        }
        killed += idle.length;
        const used = new Set<number>();
        const off = db.db.onQuery((e) => used.add(e.connectionId));
        try {
          // As many units at once as the pool holds: each needs a connection, none may be a dead one.
          await Promise.all(Array.from({ length: POOL_SIZE }, (_, i) => tallyUnit(db, `idle-${round}-after-${i}`)));
          unitsAfter += POOL_SIZE;
        } finally {
          off();
        }
        const dead = [...used].filter((id) => idle.includes(id));
        handedOut += dead.length;
        expect(dead, 'terminated sessions handed to a unit').to.deep.equal([]);
      }
      Object.assign(figures, { idleKilled: killed, deadHandedOut: handedOut, unitsAfterIdleKill: unitsAfter });
    });

    it('a unit checked out the moment the server ended its idle connection runs on another one: BEGIN finds the dead connection, not the unit', async function () {
      this.timeout(RACE_ROUNDS * 10_000 + 10_000);
      const db = orm as Tabula;
      let killed = 0;
      const failed: string[] = [];
      for (let round = 0; round < RACE_ROUNDS; round++) {
        await Promise.all(Array.from({ length: POOL_SIZE }, (_, i) => tallyUnit(db, `race-${round}-warm-${i}`)));
        const idle = (await admin.sessions()).map((s) => s.id);
        await admin.terminate(idle, { wait: false });
        killed += idle.length;
        // No wait: the sessions are ending, and this process has not read their close yet.
        const results = await Promise.allSettled(
          Array.from({ length: POOL_SIZE }, (_, i) => tallyUnit(db, `race-${round}-after-${i}`)),
        );
        for (const r of results) if (r.status === 'rejected') failed.push(String(r.reason).split('\n')[0] as string);
      }
      Object.assign(figures, { raceKilled: killed, raceUnits: RACE_ROUNDS * POOL_SIZE, raceFailed: failed.length });
      expect(failed, 'units that met a connection the server had ended').to.deep.equal([]);
    });
  },
  { only: ['postgres', 'mysql'] },
);

describe('reliability: server restart under load, idle connections killed [sqlite]', () => {
  it('does not apply to SQLite: there is no server to restart and no socket that can die while idle');
});
