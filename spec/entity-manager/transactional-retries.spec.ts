/**
 * `em.transactional(fn, { retries })`: after a SerializationError or DeadlockError the callback
 * runs again from the start with a fresh EntityManager in a new transaction — never a replay of
 * the SQL it sent — so the retried attempt reads what the winner wrote. Real conflicts on each
 * database (write skew under SERIALIZABLE, two units locking two rows in opposite order), and the
 * rules: which errors are retried, what the calling EntityManager sees, the attempt in the flush
 * event, the backoff, and what is refused.
 */
import { expect } from 'chai';
import sinon from 'sinon';
import {
  CommitOutcomeUnknownError,
  DeadlockError,
  type EntityManager,
  type FlushEvent,
  OptimisticLockError,
  SerializationError,
  Tabula,
  TransactionError,
  UniqueConstraintError,
  ValueError,
} from '../../lib';
import { Connection } from '../../lib/connection';
import { entityManagerInternals } from '../../lib/entity-manager';
import { defineEntity, p } from '../../lib/mapping';
import { sql } from '../../lib/sql';
import { expectRejection } from '../support/expect-rejection';
import { describeEachDialect } from '../support/matrix';
import { balances, barrier, LockAccount, LockAccountMapper, resetAccounts } from '../reliability/support/lock-accounts';

class RetryCounter {
  constructor(
    public id: number,
    public value: number,
    public version = 1,
  ) {}
}

const RetryCounterMapper = defineEntity(RetryCounter, {
  table: 't_retry_counters',
  properties: {
    id: p.integer().primaryKey(),
    value: p.integer(),
    version: p.integer().version(),
  },
});

describeEachDialect('em.transactional with retries', (ctx) => {
  let orm: Tabula | undefined;
  const db = () => orm as Tabula;
  before(async () => {
    orm = await Tabula.connect({ url: ctx.url, mappers: [LockAccountMapper, RetryCounterMapper] });
  });
  beforeEach(async () => {
    await resetAccounts(db(), 2, 100);
    const em = db().em.fork();
    const existing = await em.findOne(RetryCounter, 1);
    if (existing) em.remove(existing);
    await em.flush();
    em.persist(new RetryCounter(1, 0));
    await em.flush();
  });
  afterEach(() => sinon.restore());
  after(async () => {
    await orm?.schema.drop();
    await orm?.close();
  });

  /** Reads the total, waits (first attempt only) for the other unit to have read it too, withdraws 150 when the total allows. */
  function skewed(own: number, meet: { arrive(): Promise<void> } | undefined, retried: string[]) {
    let attempt = 0;
    return db().em.transactional(
      async (em) => {
        attempt++;
        const all = await em.find(LockAccount);
        const total = all.reduce((sum, a) => sum + a.balance, 0);
        if (attempt === 1) await meet?.arrive();
        if (total - 150 >= 0) (all.find((a) => a.id === own) as LockAccount).balance -= 150;
        return attempt;
      },
      { isolationLevel: 'serializable', retries: 5, onRetry: (e) => retried.push(e.name) },
    );
  }

  it('write skew under SERIALIZABLE: the loser runs again, reads the winner’s write, and both calls succeed with the invariant kept', async () => {
    const retried: string[] = [];
    // SQLite has one writer: an interleaving barrier would wait for ever, and there is nothing to retry.
    const meet = ctx.dialect === 'sqlite' ? undefined : barrier(2);
    const attempts = await Promise.all([skewed(1, meet, retried), skewed(2, meet, retried)]);
    const after = await balances(db());
    // Exactly one withdrawal: the retried attempt saw a total of 50 and withdrew nothing.
    expect(after.reduce((a, b) => a + b, 0)).to.equal(50);
    const expected = { postgres: ['SerializationError'], mysql: ['DeadlockError'], sqlite: [] }[ctx.dialect];
    expect(retried).to.deep.equal(expected);
    expect([...attempts].sort()).to.deep.equal(ctx.dialect === 'sqlite' ? [1, 1] : [1, 2]);
  });

  if (ctx.dialect !== 'sqlite') {
    it('two units locking two rows in opposite order: the deadlock victim runs again and both commit', async function () {
      this.timeout(20_000);
      const meet = barrier(2);
      const retried: string[] = [];
      const unit = (first: number, second: number) => {
        let attempt = 0;
        return db().em.transactional(
          async (em) => {
            attempt++;
            // Locking reads: under READ COMMITTED a plain read of a row another unit is changing
            // sees the old value, and writing it back would lose that unit's increment.
            const write = { lock: 'pessimistic-write' } as const;
            (await em.findOneOrFail(LockAccount, first, write)).balance += 1;
            await em.flush();
            if (attempt === 1) await meet.arrive();
            (await em.findOneOrFail(LockAccount, second, write)).balance += 1;
          },
          { retries: 3, onRetry: (e) => retried.push(e.name) },
        );
      };
      await Promise.all([unit(1, 2), unit(2, 1)]);
      expect(retried).to.deep.equal(['DeadlockError']);
      expect(await balances(db())).to.deep.equal([102, 102]);
    });
  }

  /** Makes the first `times` UPDATEs fail with `error` before they reach the database. */
  function failUpdates(error: () => Error, times = 1): void {
    const original = Connection.prototype.run;
    let left = times;
    sinon.stub(Connection.prototype, 'run').callsFake(function (this: Connection, query) {
      if (left > 0 && /^\s*update\b/i.test(query.sql)) {
        left--;
        return Promise.reject(error());
      }
      return original.call(this, query);
    });
  }

  it('each attempt gets a fresh EntityManager; the caller’s stays empty; flush events carry the attempt', async () => {
    failUpdates(() => new DeadlockError('injected deadlock'));
    const events: FlushEvent[] = [];
    const off = db().em.onFlush((e) => events.push(e));
    const caller = db().em.fork();
    const seen: EntityManager[] = [];
    try {
      const value = await caller.transactional(
        async (em) => {
          seen.push(em);
          const c = await em.findOneOrFail(RetryCounter, 1);
          c.value += 1;
          return c.value;
        },
        { retries: 2, backoff: () => 0 },
      );
      expect(value).to.equal(1);
    } finally {
      off();
    }
    expect(seen).to.have.length(2);
    expect(seen[0]).to.not.equal(seen[1]);
    expect(seen).to.not.include(caller);
    expect(await caller.findOne(RetryCounter, 1, { fields: ['value'] })).to.include({ value: 1 });
    expect(events.map((e) => [e.outcome, e.attempt])).to.deep.equal([
      ['rolled-back', 1],
      ['committed', 2],
    ]);
  });

  it('gives up after the allowed retries with the last error, having waited the backoff before each retry', async () => {
    failUpdates(() => new SerializationError('injected serialization failure'), 10);
    const waits: number[] = [];
    let attempts = 0;
    await expectRejection(
      db().em.transactional(
        async (em) => {
          attempts++;
          (await em.findOneOrFail(RetryCounter, 1)).value += 1;
        },
        {
          retries: 3,
          backoff: (n) => {
            waits.push(n);
            return 1;
          },
        },
      ),
      SerializationError,
    );
    expect([attempts, waits]).to.deep.equal([4, [1, 2, 3]]);
    const fresh = await db().em.fork().findOneOrFail(RetryCounter, 1);
    expect(fresh.value).to.equal(0);
  });

  it('never retries an error that is not retryable: a duplicate key runs once', async () => {
    let attempts = 0;
    await expectRejection(
      db().em.transactional(
        async (em) => {
          attempts++;
          em.persist(new RetryCounter(1, 5));
        },
        { retries: 3 },
      ),
      UniqueConstraintError,
    );
    expect(attempts).to.equal(1);
  });

  it('retries an OptimisticLockError only when retryOn names it', async () => {
    const conflicting = (retryOn?: readonly (typeof OptimisticLockError)[]) => {
      let attempts = 0;
      const run = db().em.transactional(
        async (em) => {
          attempts++;
          const c = await em.findOneOrFail(RetryCounter, 1);
          // Behind the EntityManager's back, after its read: a new version (rolled back with the attempt).
          // (In the unit's own transaction, so that SQLite's single writer does not wait for itself.)
          if (attempts === 1) {
            const tx = entityManagerInternals.transaction(em);
            await tx?.execute(sql`update t_retry_counters set value = value + 10, version = version + 1`);
          }
          c.value += 1;
        },
        { retries: 2, ...(retryOn ? { retryOn } : {}) },
      );
      return { run, attempts: () => attempts };
    };
    const plain = conflicting();
    await expectRejection(plain.run, OptimisticLockError);
    expect(plain.attempts()).to.equal(1);
    expect((await db().em.fork().findOneOrFail(RetryCounter, 1)).value).to.equal(0);
    const opted = conflicting([OptimisticLockError]);
    await opted.run;
    expect(opted.attempts()).to.equal(2);
    expect((await db().em.fork().findOneOrFail(RetryCounter, 1)).value).to.equal(1);
  });

  /** The rejection's message, after checking its class. */
  const messageOf = async (promise: Promise<unknown>, type: abstract new (...args: never[]) => Error) =>
    (await expectRejection(promise, type)).message;

  it('refuses what cannot be retried safely: a nested transactional, CommitOutcomeUnknownError in retryOn, bad options', async () => {
    let ran = 0;
    const work = async () => {
      ran++;
    };
    await db()
      .em.fork()
      .transactional(async (em) => {
        const nested = await messageOf(em.transactional(work, { retries: 2 }), TransactionError);
        expect(nested).to.match(/nested transactional\(\) cannot retry/);
      });
    const unknown = await messageOf(
      db().em.transactional(work, { retries: 1, retryOn: [CommitOutcomeUnknownError] }),
      TransactionError,
    );
    expect(unknown).to.match(/CommitOutcomeUnknownError/);
    expect(await messageOf(db().em.transactional(work, { retries: -1 }), ValueError)).to.match(/retries/);
    const backoff = { baseMs: Number.NaN };
    expect(await messageOf(db().em.transactional(work, { retries: 1, backoff }), ValueError)).to.match(
      /backoff.baseMs/,
    );
    expect(ran).to.equal(0);
  });
});
