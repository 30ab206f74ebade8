/**
 * The backend of a flush killed right before each of its statements, from BEGIN to COMMIT: the
 * flush rejects with a typed error, the database holds none of it, the EntityManager is as it
 * was, flushing again writes it all, and no connection or server transaction is left behind.
 *
 * The flush (support/kill-graph.ts) holds every kind of step: multi-row INSERTs of several
 * classes, cycle-break UPDATEs, UPDATEs, pivot links and unlinks, DELETEs. It is recorded once,
 * undisturbed, which gives the statement indices and the state it leaves. Each run then reseeds,
 * makes the same changes in a fresh EntityManager, and a trap on the flush's connection
 * terminates its backend from an admin session (pg_terminate_backend / KILL CONNECTION), waits
 * until the server has dropped it, and only then lets statement i go.
 */
import { expect } from 'chai';
import sinon from 'sinon';
import { Tabula } from '../../lib';
import { CommitOutcomeUnknownError } from '../../lib/errors';
import { pivotMappers, uowMappers } from '../entity-manager/support/entities';
import { describeEachDialect } from '../support/matrix';
import { recordFigures, runs } from './support/figures';
import { checksum, emState, makeChanges, reseed } from './support/kill-graph';
import { FlushTrap, Killer, type ServerDialect, statementLabel, tally } from './support/kill-harness';
import { judge, type Sums, type Verdict } from './support/kill-verdict';

const RUNS = runs(100, 1000);

describeEachDialect(
  'reliability: the backend killed before each statement of a flush',
  (ctx) => {
    let orm: Tabula | undefined;
    let admin: Tabula | undefined;
    let killer: Killer;
    let trap: FlushTrap;
    let sums: Sums;
    /** The statements of the undisturbed flush, BEGIN and COMMIT included. */
    let statements: string[] = [];
    let stepKinds: string[] = [];
    let planned: string[] = [];

    before(async () => {
      orm = await Tabula.connect({ url: ctx.url, mappers: [...uowMappers, ...pivotMappers] });
      await orm.schema.drop();
      await orm.schema.create();
      admin = await Tabula.connect({ url: ctx.url, mappers: [], pool: { size: 1 } });
      killer = new Killer(admin, ctx.dialect as ServerDialect);
      trap = new FlushTrap(orm);

      await reseed(orm);
      const before = await checksum(orm);
      const em = orm.em.fork();
      await makeChanges(em);
      const plan = em.plan();
      stepKinds = [...new Set(plan.steps.map((s) => s.kind))];
      planned = plan.steps.flatMap((s) => s.statements.map((st) => st.sql));
      const seen: string[] = [];
      trap.arm((_i, query, send) => {
        seen.push(query.sql);
        return send();
      });
      await em.flush();
      trap.disarm();
      statements = seen;
      sums = { before, after: await checksum(orm) };
    });
    after(async () => {
      sinon.restore();
      await orm?.schema.drop();
      await orm?.close();
      await admin?.close();
    });

    it('flushes every kind of step in one transaction', () => {
      expect(stepKinds).to.include.members(['insert', 'break-cycle', 'update', 'unlink', 'link', 'delete']);
      expect(statements[0]).to.match(/^(BEGIN|START TRANSACTION)\b/i);
      expect(statements.at(-1)).to.match(/^COMMIT\b/i);
      // Every statement em.plan() announced ran, in its order, and so has an index to be killed at.
      expect(statements.filter((s) => planned.includes(s))).to.deep.equal(planned);
      expect(planned).to.have.length.at.least(18);
      expect(sums.after).not.to.equal(sums.before);
    });

    it(`kills the backend before each statement, ${RUNS}+ runs: all or nothing, typed errors, EntityManager unchanged, retry succeeds, pool full`, async function () {
      this.timeout(Math.max(60_000, RUNS * 2_000));
      const db = orm as Tabula;
      const started = performance.now();
      const rounds = Math.ceil(RUNS / statements.length);
      const errors: Record<string, number> = {};
      const states: Record<string, number> = {};
      const violations: string[] = [];
      let total = 0;
      let retried = 0;
      let leaked = 0;
      let open = 0;
      for (let round = 0; round < rounds; round++) {
        for (let index = 0; index < statements.length; index++) {
          const verdict = await killBefore(db, index);
          total++;
          tally(errors, verdict.error);
          tally(states, verdict.state);
          if (verdict.retried) retried++;
          leaked += verdict.leaked;
          open += verdict.openTransactions;
          const label = `${index} ${statementLabel(statements[index] as string)}`;
          for (const v of verdict.violations) violations.push(`round ${round}, statement ${label}: ${v}`);
        }
      }
      recordFigures({
        scenario: 'kill-every-statement',
        dialect: ctx.dialect,
        summary:
          'The backend of a flush (multi-row INSERTs of 4 classes, 2 cycle breaks, UPDATEs, pivot links/unlinks, DELETEs) was terminated before each of its statements, BEGIN to COMMIT; every run was checked for partial writes, typed errors, an unchanged EntityManager, a successful retry, a full pool and no open server transaction.',
        figures: {
          runs: total,
          statementIndices: statements.length,
          partialWrites: states.partial ?? 0,
          errorClasses: Object.entries(errors)
            .filter(([k]) => k !== 'none')
            .map(([k, n]) => `${k} ${n}`)
            .join(', '),
          retriesSucceeded: retried,
          leakedConnections: leaked,
          openTransactionsAfter: open,
          violations: violations.length,
          wallMs: Math.round(performance.now() - started),
        },
      });
      expect(violations).to.deep.equal([]);
      expect(total).to.be.at.least(RUNS);
      expect(retried).to.equal(total);
    });

    /** One run: reseed, make the changes, kill the backend right before statement `index`, judge. */
    async function killBefore(db: Tabula, index: number): Promise<Verdict> {
      await reseed(db);
      const em = db.em.fork();
      await makeChanges(em);
      const emBefore = emState(em);
      trap.arm(async (i, _query, send) => {
        if (i === index) await killer.kill((await trap.connection()).id);
        return send();
      });
      const error = await em.flush().then(
        () => undefined,
        (e: unknown) => e ?? new Error('rejected with nothing'),
      );
      const connection = trap.disarm();
      const verdict = await judge({ orm: db, killer, sums, em, emBefore, error, redo: (fresh) => makeChanges(fresh) });
      if (connection && !connection.isReleased) verdict.violations.push('the killed connection was not released');
      // The outcome is unknown only when COMMIT itself was lost; before it, nothing had committed.
      if (error instanceof CommitOutcomeUnknownError && !/^COMMIT\b/i.test(statements[index] as string)) {
        verdict.violations.push('CommitOutcomeUnknownError for a statement before COMMIT');
      }
      return verdict;
    }
  },
  // SQLite runs in-process: there is no server backend to kill. Its crash scenario is a SIGKILLed
  // writer process (spec/reliability/sqlite-sigkill.spec.ts, scenario sqlite-sigkill).
  { only: ['postgres', 'mysql'] },
);

describeEachDialect(
  'reliability: the backend killed before each statement of a flush',
  () => {
    it(
      'does not apply to SQLite, which has no server backend to kill: see the SIGKILLed writer in spec/reliability/sqlite-sigkill.spec.ts',
    );
  },
  { only: ['sqlite'] },
);
