/**
 * The scope's AbortSignal reaches its EntityManager: a statement running when the request goes
 * away is cancelled on the server (not only the next one refused), the unit rolls back, and
 * runInUnitOfWork rejects with UnitOfWorkAbortedError whose cause is the QueryCancelledError.
 */
import { expect } from 'chai';
import { QueryCancelledError, UnitOfWorkAbortedError } from 'tabula-orm';
import { runInUnitOfWork, type TransactionSpan } from 'tabula-orm/di';
import { sql } from 'tabula-orm/sql';
import { expectRejection } from '../support/expect-rejection';
import { describeEachDialect } from '../support/matrix';
import { Account, closeDi, type DiFixture, Ledger, openDi, rows } from './support/fixture';

/** A read of the accounts that takes about 30 s unless cancelled (SQLite has no sleep: a long count). */
function slowRead(dialect: string) {
  if (dialect === 'postgres') return sql`select * from t_di_accounts where pg_sleep(30) is not null`;
  if (dialect === 'mysql') return sql`select * from t_di_accounts where sleep(30) = 1`;
  return sql`select * from t_di_accounts where (with recursive c(x) as (select 1 union all select x + 1 from c limit 900000000) select count(*) from c) < 0`;
}

describeEachDialect('di: an abort cancels the statement running in the unit of work', (ctx) => {
  let f: DiFixture | undefined;
  before(async () => {
    f = await openDi(ctx.url);
    const em = fx().orm.em.fork();
    em.persist(new Account('ann', 100));
    await em.flush();
  });
  after(() => closeDi(f));
  const fx = () => f as DiFixture;

  for (const span of ['whole', 'flush'] as TransactionSpan[]) {
    it(`span '${span}': UnitOfWorkAbortedError caused by QueryCancelledError, long before the statement would end; nothing written`, async () => {
      const abort = new AbortController();
      const started = performance.now();
      const unit = runInUnitOfWork(
        fx().container,
        async (scope) => {
          await scope.get(Ledger).withdraw('ann', 30);
          setTimeout(() => abort.abort('client disconnected'), 200);
          await scope.em.findBySql(Account, slowRead(ctx.dialect));
        },
        { signal: abort.signal, span },
      );
      const error = await expectRejection(unit, UnitOfWorkAbortedError);
      expect(error.cause).to.be.instanceOf(QueryCancelledError);
      expect((error.cause as QueryCancelledError).reason).to.equal('client disconnected');
      // The statement would run 30 s: it was stopped, not waited for.
      expect(performance.now() - started).to.be.lessThan(10_000);
      expect((await rows(fx().orm, Account)).map((a) => a.balance)).to.deep.equal([100]);
      expect(fx().orm.db.pool.stats().inUse).to.equal(0);
    });
  }
});
