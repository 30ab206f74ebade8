import { expect } from 'chai';
import sinon from 'sinon';
import {
  CommitOutcomeUnknownError,
  ConnectionLostError,
  type EntityManager,
  OptimisticLockError,
  StatementError,
  TransactionError,
  UniqueConstraintError,
  UnitOfWorkAbortedError,
} from 'tabula-orm';
import { repositoryToken, runInUnitOfWork } from 'tabula-orm/di';
import { Connection } from '../../lib/connection';
import { expectRejection } from '../support/expect-rejection';
import { describeEachDialect } from '../support/matrix';
import { Account, closeDi, type DiFixture, Ledger, Note, openDi, rows } from './support/fixture';

const notes = async (f: DiFixture) => (await rows(f.orm, Note)).map((n) => `${n.request}:${n.text}`);
const balances = async (f: DiFixture) => (await rows(f.orm, Account)).map((a) => [a.owner, a.balance, a.version]);

describeEachDialect('di: runInUnitOfWork', (ctx) => {
  let f: DiFixture | undefined;
  before(async () => {
    f = await openDi(ctx.url);
  });
  beforeEach(async () => {
    const em = fx().orm.em.fork();
    em.persist(new Account('ann', 100), new Account('bob', 50));
    await em.flush();
  });
  afterEach(async () => {
    const em = fx().orm.em.fork();
    em.remove(...(await em.find(Note)), ...(await em.find(Account)));
    await em.flush();
  });
  after(() => closeDi(f));
  const fx = () => f as DiFixture;

  it('flushes the scope once at the end and commits', async () => {
    const result = await runInUnitOfWork(fx().container, async (scope) => {
      await scope.get(Ledger).withdraw('ann', 30);
      scope.get(repositoryToken(Note)).persist(new Note('job', 'withdrew 30'));
      return 'done';
    });
    expect(result).to.equal('done');
    expect(await balances(fx())).to.deep.equal([
      ['ann', 70, 2],
      ['bob', 50, 1],
    ]);
    expect(await notes(fx())).to.deep.equal(['job:withdrew 30']);
  });

  it('writes nothing of a failed unit, an explicit flush in the middle included', async () => {
    const error = new Error('boom');
    let thrown: unknown;
    try {
      await runInUnitOfWork(fx().container, async (scope) => {
        await scope.get(Ledger).withdraw('ann', 30);
        scope.em.persist(new Note('job', 'first'));
        await scope.em.flush();
        scope.em.persist(new Note('job', 'second'));
        throw error;
      });
    } catch (e) {
      thrown = e;
    }
    expect(thrown).to.equal(error);
    expect(await balances(fx())).to.deep.equal([
      ['ann', 100, 1],
      ['bob', 50, 1],
    ]);
    expect(await notes(fx())).to.deep.equal([]);
  });

  it("with span 'flush', a failing final flush writes nothing", async () => {
    await expectRejection(
      runInUnitOfWork(
        fx().container,
        async (scope) => {
          scope.em.persist(new Note('job', 'kept?'), new Account('ann', 1));
        },
        { span: 'flush' },
      ),
      UniqueConstraintError,
    );
    expect(await notes(fx())).to.deep.equal([]);
  });

  it('retries an optimistic-lock conflict in a fresh scope and reports it', async () => {
    const retried: string[] = [];
    let attempts = 0;
    const ems: EntityManager[] = [];
    await runInUnitOfWork(
      fx().container,
      async (scope) => {
        attempts += 1;
        ems.push(scope.em);
        const account = await scope.get(Ledger).withdraw('bob', 10);
        if (attempts === 1) {
          // Another unit of work changes the row after this one read it.
          const other = fx().orm.em.fork();
          const stale = await other.findOneOrFail(Account, { owner: 'bob' });
          stale.balance = 0;
          await other.flush();
        }
        return account;
      },
      {
        span: 'flush',
        retries: 2,
        retryOn: [OptimisticLockError],
        onRetry: (e, n) => retried.push(`${e.name}#${n}`),
      },
    );
    expect(retried).to.deep.equal(['OptimisticLockError#1']);
    expect(ems[0]).to.not.equal(ems[1]);
    expect(await balances(fx())).to.deep.equal([
      ['ann', 100, 1],
      ['bob', -10, 3],
    ]);
  });

  it('never retries a CommitOutcomeUnknownError: the first attempt may have committed', async () => {
    const original = Connection.prototype.run;
    sinon.stub(Connection.prototype, 'run').callsFake(function (this: Connection, query) {
      if (/^COMMIT\b/i.test(query.sql)) return Promise.reject(new ConnectionLostError('injected: connection lost'));
      // PostgreSQL looks the outcome up on a fresh connection: that lookup is refused too.
      if (/pg_xact_status/.test(query.sql)) return Promise.reject(new StatementError('injected: permission denied'));
      return original.call(this, query);
    });
    let attempts = 0;
    const retried: string[] = [];
    try {
      for (const span of ['whole', 'flush'] as const) {
        await expectRejection(
          runInUnitOfWork(
            fx().container,
            async (scope) => {
              attempts++;
              scope.em.persist(new Note('job', span));
              // Two statements, so that even the 'flush' span's flush has a COMMIT to lose
              // (a one-statement flush goes without a transaction: docs/unit-of-work.md, "Round trips").
              (await scope.em.findOneOrFail(Account, { owner: 'ann' })).balance += 1;
            },
            { span, retries: 3, onRetry: (e) => retried.push(e.name) },
          ),
          CommitOutcomeUnknownError,
        );
      }
    } finally {
      sinon.restore();
    }
    expect([attempts, retried]).to.deep.equal([2, []]);
  });

  it('gives up after the allowed retries with the OptimisticLockError', async () => {
    await expectRejection(
      runInUnitOfWork(
        fx().container,
        async (scope) => {
          await scope.get(Ledger).withdraw('bob', 10);
          const other = fx().orm.em.fork();
          (await other.findOneOrFail(Account, { owner: 'bob' })).balance += 1;
          await other.flush();
        },
        { span: 'flush', retries: 1, retryOn: [OptimisticLockError] },
      ),
      OptimisticLockError,
    );
    expect(await balances(fx())).to.deep.equal([
      ['ann', 100, 1],
      ['bob', 52, 3],
    ]);
  });

  it('does not retry an OptimisticLockError unless retryOn names it', async () => {
    let attempts = 0;
    await expectRejection(
      runInUnitOfWork(
        fx().container,
        async (scope) => {
          attempts++;
          await scope.get(Ledger).withdraw('bob', 10);
          const other = fx().orm.em.fork();
          (await other.findOneOrFail(Account, { owner: 'bob' })).balance += 1;
          await other.flush();
        },
        { span: 'flush', retries: 3 },
      ),
      OptimisticLockError,
    );
    expect(attempts).to.equal(1);
    expect(await balances(fx())).to.deep.equal([
      ['ann', 100, 1],
      ['bob', 51, 2],
    ]);
  });

  it('rolls back with UnitOfWorkAbortedError when the signal fires before COMMIT', async () => {
    const abort = new AbortController();
    await expectRejection(
      runInUnitOfWork(
        fx().container,
        async (scope) => {
          scope.em.persist(new Note('job', 'abandoned'));
          abort.abort('client disconnected');
        },
        { signal: abort.signal },
      ),
      UnitOfWorkAbortedError,
    );
    expect(await notes(fx())).to.deep.equal([]);
  });

  describe('propagation', () => {
    it("'required' joins the caller's scope: same EntityManager, one commit by the caller", async () => {
      await runInUnitOfWork(fx().container, async (outer) => {
        const inner = await runInUnitOfWork(outer.container, async (scope) => {
          scope.em.persist(new Note('inner', 'joined'));
          return scope;
        });
        expect(inner).to.equal(outer);
        expect(outer.em.plan().steps.map((s) => [s.kind, s.rows.length])).to.deep.equal([['insert', 1]]);
      });
      expect(await notes(fx())).to.deep.equal(['inner:joined']);
    });

    it("'requires-new' commits on its own, and survives the caller's rollback", async () => {
      const error = new Error('outer fails');
      let thrown: unknown;
      try {
        await runInUnitOfWork(
          fx().container,
          async (outer) => {
            outer.em.persist(new Note('outer', 'lost'));
            await runInUnitOfWork(
              outer.container,
              async (scope) => {
                expect(scope.em).to.not.equal(outer.em);
                scope.em.persist(new Note('inner', 'kept'));
              },
              { propagation: 'requires-new' },
            );
            throw error;
          },
          // The caller reads outside a transaction, so the new unit's writes cannot wait on its locks.
          { span: 'flush' },
        );
      } catch (e) {
        thrown = e;
      }
      expect(thrown).to.equal(error);
      expect(await notes(fx())).to.deep.equal(['inner:kept']);
    });

    it("'nested' rolls back only its savepoint; the caller commits the rest", async () => {
      await runInUnitOfWork(fx().container, async (outer) => {
        outer.em.persist(new Note('outer', 'kept'));
        await outer.em.flush();
        const failure = new Error('nested fails');
        let thrown: unknown;
        try {
          await runInUnitOfWork(
            outer.container,
            async (scope) => {
              expect(scope.em).to.not.equal(outer.em);
              scope.em.persist(new Note('nested', 'rolled back'));
              await scope.em.flush();
              throw failure;
            },
            { propagation: 'nested' },
          );
        } catch (e) {
          thrown = e;
        }
        expect(thrown).to.equal(failure);
        await runInUnitOfWork(outer.container, async (scope) => scope.em.persist(new Note('nested', 'kept')), {
          propagation: 'nested',
        });
      });
      expect(await notes(fx())).to.deep.equal(['outer:kept', 'nested:kept']);
    });

    it("'nested' needs the caller's transaction", async () => {
      const error = await expectRejection(
        runInUnitOfWork(
          fx().container,
          (outer) => runInUnitOfWork(outer.container, async () => 1, { propagation: 'nested' }),
          { span: 'flush' },
        ),
        TransactionError,
      );
      expect(error.message).to.match(/span: 'whole'/);
    });
  });
});
