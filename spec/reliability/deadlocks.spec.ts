/**
 * Deadlocks and serialization failures between two units of work, on each database:
 * - two units update accounts 1 and 2 in opposite order, a barrier between their first and second
 *   UPDATE so they really interleave: in every run exactly one gets DeadlockError and the other
 *   commits, and the balances say every committed unit wrote both rows;
 * - write skew under SERIALIZABLE: two units each read the total and withdraw from a different
 *   account as if alone. PostgreSQL's SSI refuses one with SerializationError (not a deadlock);
 *   MariaDB's serializable is lock-based (reads take shared locks), so the same skew becomes a
 *   deadlock, and the test asserts that;
 * - SQLite has one writer at a time: the second unit waits for the first to commit, so two units
 *   never deadlock.
 */
import { expect } from 'chai';
import { DeadlockError, type EntityManager, SerializationError, type Tabula } from '../../lib';
import { entityManagerInternals } from '../../lib/entity-manager';
import { sql } from '../../lib/sql';
import { describeEachDialect } from '../support/matrix';
import { type Figure, recordFigures, runs } from './support/figures';
import { balances, barrier, LockAccount, openAccounts, resetAccounts } from './support/lock-accounts';

interface RunOutcome {
  readonly committed: number;
  readonly deadlocks: number;
  readonly serialization: number;
  readonly other: unknown[];
}

function tally(results: PromiseSettledResult<unknown>[]): RunOutcome {
  const failures = results.flatMap((r) => (r.status === 'rejected' ? [r.reason as unknown] : []));
  return {
    committed: results.length - failures.length,
    deadlocks: failures.filter((e) => e instanceof DeadlockError).length,
    serialization: failures.filter((e) => e instanceof SerializationError).length,
    other: failures.filter((e) => !(e instanceof DeadlockError) && !(e instanceof SerializationError)),
  };
}

describeEachDialect('reliability: deadlocks and serialization failures', (ctx) => {
  let orm: Tabula | undefined;
  /** PostgreSQL checks for a deadlock after deadlock_timeout (1 s by default); lowered per transaction where allowed. */
  let deadlockTimeout: string | undefined;
  before(async () => {
    orm = await openAccounts(ctx.url);
    if (ctx.dialect === 'postgres') {
      const [row] = await db().db.query<{ su: string }>(sql`select current_setting('is_superuser') as su`);
      deadlockTimeout = row?.su === 'on' ? '20ms' : undefined;
    }
  });
  after(async () => {
    await orm?.schema.drop();
    await orm?.close();
  });
  const db = () => orm as Tabula;

  /** SET LOCAL in the unit's own transaction: the setting ends with it. */
  async function fastDeadlockCheck(em: EntityManager): Promise<void> {
    if (deadlockTimeout === undefined) return;
    const tx = entityManagerInternals.transaction(em);
    await tx?.execute(sql`set local deadlock_timeout = '20ms'`);
  }

  /** One unit: +1 on `first`, wait for the other unit, +1 on `second`; each UPDATE flushed at once. */
  function unit(first: number, second: number, interleave: { arrive(): Promise<void> } | undefined) {
    return db()
      .em.fork()
      .transactional(async (em) => {
        await fastDeadlockCheck(em);
        const a = await em.findOneOrFail(LockAccount, first);
        a.balance += 1;
        await em.flush();
        await interleave?.arrive();
        const b = await em.findOneOrFail(LockAccount, second);
        b.balance += 1;
        await em.flush();
      });
  }

  if (ctx.dialect !== 'sqlite') {
    it('two units updating two rows in opposite order: in every run exactly one DeadlockError, the other commits', async function () {
      // Without a lowered deadlock_timeout each PostgreSQL run waits a second for the check.
      const count = ctx.dialect === 'postgres' && deadlockTimeout === undefined ? runs(5, 100) : runs(100, 1000);
      this.timeout(30_000 + count * 1500);
      await resetAccounts(db(), 2);
      const started = performance.now();
      let exactlyOne = 0;
      let commits = 0;
      const otherErrors: unknown[] = [];
      for (let run = 0; run < count; run++) {
        const meet = barrier(2);
        const outcome = tally(await Promise.allSettled([unit(1, 2, meet), unit(2, 1, meet)]));
        commits += outcome.committed;
        otherErrors.push(...outcome.other);
        if (outcome.deadlocks === 1 && outcome.committed === 1) exactlyOne++;
      }
      const wallMs = performance.now() - started;
      recordFigures({
        scenario: 'deadlocks',
        dialect: ctx.dialect,
        summary: `${count} runs of two units locking two rows in opposite order: one DeadlockError and one commit each run, balances consistent.`,
        figures: {
          runs: count,
          exactlyOneDeadlockRuns: exactlyOne,
          commits,
          otherErrors: otherErrors.length,
          wallMs: Math.round(wallMs),
          ...(ctx.dialect === 'postgres' ? { deadlockTimeout: deadlockTimeout ?? '1s (default)' } : {}),
        },
      });
      expect(otherErrors.map(String)).to.deep.equal([]);
      expect(exactlyOne).to.equal(count);
      // Every committed unit added 1 to both rows; the victims added nothing.
      expect(await balances(db())).to.deep.equal([commits, commits]);
    });
  } else {
    it('two units in opposite order never deadlock: the second waits for the one writer, both commit', async () => {
      const count = runs(100, 1000);
      await resetAccounts(db(), 2);
      const started = performance.now();
      let commits = 0;
      const failures: unknown[] = [];
      for (let run = 0; run < count; run++) {
        // No barrier: the second unit cannot write before the first commits, so it would wait for ever.
        const outcome = tally(await Promise.allSettled([unit(1, 2, undefined), unit(2, 1, undefined)]));
        commits += outcome.committed;
        failures.push(...outcome.other);
        expect(outcome.deadlocks).to.equal(0);
      }
      recordFigures({
        scenario: 'deadlocks',
        dialect: 'sqlite',
        summary: `${count} runs of two units in opposite order: SQLite has one writer, the second unit waits, no deadlock, both commit.`,
        figures: {
          runs: count,
          exactlyOneDeadlockRuns: 0,
          commits,
          otherErrors: failures.length,
          wallMs: Math.round(performance.now() - started),
        },
      });
      expect(failures.map(String)).to.deep.equal([]);
      expect(commits).to.equal(2 * count);
      expect(await balances(db())).to.deep.equal([commits, commits]);
    });
  }

  /** Each unit reads the total, waits for the other to have read it too, then withdraws 150 from its own account. */
  function skewed(own: number, readBoth: { arrive(): Promise<void> } | undefined) {
    return db()
      .em.fork()
      .transactional(
        async (em) => {
          await fastDeadlockCheck(em);
          const all = await em.find(LockAccount);
          const total = all.reduce((sum, a) => sum + a.balance, 0);
          await readBoth?.arrive();
          // Alone, each unit is right: the total stays >= 0. Together they would leave -100.
          if (total - 150 >= 0) (all.find((a) => a.id === own) as LockAccount).balance -= 150;
        },
        { isolationLevel: 'serializable' },
      );
  }

  async function writeSkewRuns(
    count: number,
    interleave: boolean,
  ): Promise<{ outcomes: RunOutcome[]; wallMs: number }> {
    const outcomes: RunOutcome[] = [];
    const started = performance.now();
    for (let run = 0; run < count; run++) {
      await resetAccounts(db(), 2, 100);
      const meet = interleave ? barrier(2) : undefined;
      outcomes.push(tally(await Promise.allSettled([skewed(1, meet), skewed(2, meet)])));
      // Whatever happened, the invariant held: never both withdrawals.
      expect((await balances(db())).reduce((a, b) => a + b, 0)).to.equal(50);
    }
    return { outcomes, wallMs: performance.now() - started };
  }

  function recordSerialization(count: number, outcomes: RunOutcome[], wallMs: number, summary: string): void {
    const sum = (pick: (o: RunOutcome) => number) => outcomes.reduce((n, o) => n + pick(o), 0);
    const figures: Record<string, Figure> = {
      runs: count,
      commits: sum((o) => o.committed),
      serializationErrors: sum((o) => o.serialization),
      deadlocks: sum((o) => o.deadlocks),
      otherErrors: sum((o) => o.other.length),
      wallMs: Math.round(wallMs),
    };
    recordFigures({ scenario: 'serialization', dialect: ctx.dialect, summary, figures });
  }

  // What SERIALIZABLE does with write skew differs per engine: [committed, SerializationError, DeadlockError] per run.
  const skew = {
    postgres: {
      title:
        'write skew under SERIALIZABLE: one unit fails with SerializationError (not DeadlockError), the other commits',
      summary:
        'Write skew under SERIALIZABLE: SSI refuses one unit with SerializationError each run, the other commits.',
      interleave: true,
      expected: [1, 1, 0],
    },
    mysql: {
      title:
        'write skew under SERIALIZABLE on MariaDB: reads take shared locks, so the skew is a deadlock — one DeadlockError, the other commits',
      summary:
        'Write skew under SERIALIZABLE: InnoDB reads take shared locks, both UPDATEs wait on each other, one DeadlockError each run, the other commits.',
      interleave: true,
      expected: [1, 0, 1],
    },
    sqlite: {
      title:
        'write skew under SERIALIZABLE on SQLite: the units run one after the other, the second sees the first and withdraws nothing',
      summary:
        "Write skew under SERIALIZABLE: SQLite runs one writer at a time, so the second unit reads the first one's withdrawal; both commit, no error.",
      interleave: false,
      expected: [2, 0, 0],
    },
  }[ctx.dialect];
  it(skew.title, async () => {
    const count = runs(20, 500);
    const { outcomes, wallMs } = await writeSkewRuns(count, skew.interleave);
    recordSerialization(count, outcomes, wallMs, skew.summary);
    for (const o of outcomes) {
      expect(o.other.map(String)).to.deep.equal([]);
      expect([o.committed, o.serialization, o.deadlocks]).to.deep.equal(skew.expected);
    }
  });
});
