import { expect } from 'chai';
import type { Container } from 'inversify';
import {
  OptimisticLockError,
  sql,
  StatementError,
  type Tabula,
  TransactionError,
  UniqueConstraintError,
} from 'tabula-orm';
import { runInUnitOfWork } from 'tabula-orm/di';
import { type TestDatabase, testDatabase, withRollback } from 'tabula-orm/testing';
import { expectRejection } from '../support/expect-rejection';
import { describeEachDialect } from '../support/matrix';
import {
  Article,
  articles,
  committedCounts,
  Label,
  labels,
  Newsroom,
  openKit,
  Writer,
  writers,
} from './support/kit-fixture';

/** Rows per table as the test's transaction sees them, through a fork with an empty identity map. */
async function visibleCounts(db: TestDatabase): Promise<[number, number, number]> {
  const em = db.fork();
  return [await em.count(Writer), await em.count(Article), await em.count(Label)];
}

describeEachDialect(
  'testDatabase: a transaction per test, rolled back after it',
  (ctx) => {
    let orm: Tabula;
    let app: Container;
    before(async () => {
      ({ orm, app } = await openKit(ctx.url));
    });
    after(async () => {
      await orm.schema.drop();
      await orm.close();
    });

    describe('one test after another (begin in beforeEach, rollback in afterEach)', () => {
      let db: TestDatabase;
      before(() => {
        db = testDatabase(orm);
      });
      beforeEach(() => db.begin());
      afterEach(() => db.rollback());

      it('writes through db.em, units of work of both spans and raw SQL, and reads all of it back inside', async () => {
        await articles.create(db.em, { title: 'By db.em' });
        const container = await db.container(app);
        await runInUnitOfWork(container, (s) => s.get(Newsroom).publish('Whole', 'A whole unit'));
        await runInUnitOfWork(container, (s) => s.get(Newsroom).publish('Flush', 'A flush unit'), { span: 'flush' });
        await db.transaction.execute(sql`insert into t_kit_labels (name) values (${'raw'})`);
        expect(await visibleCounts(db)).to.deep.equal([3, 3, 1]);
      });

      it('starts from the data before the suite: nothing the previous test wrote is there', async () => {
        expect(await visibleCounts(db)).to.deep.equal([0, 0, 0]);
      });

      it('goes on after a flush that fails mid-way: only that flush rolls back', async () => {
        await writers.create(db.em, { name: 'Ann' });
        const em = db.fork();
        em.persist(new Label('written first'), new Writer('Ann'));
        await expectRejection(em.flush(), UniqueConstraintError);
        await labels.create(db.em, { name: 'after the failure' });
        const names = (await db.fork().findAll(Label)).map((l) => l.name);
        expect([await visibleCounts(db), names]).to.deep.equal([[1, 0, 1], ['after the failure']]);
      });

      it('rolled that test back whole', async () => {
        expect(await visibleCounts(db)).to.deep.equal([0, 0, 0]);
      });

      it('refuses statements after one failed on the test transaction itself, and still rolls back', async () => {
        await writers.create(db.em);
        await expectRejection(db.transaction.execute(sql`insert into t_kit_missing (x) values (1)`), StatementError);
        await expectRejection(db.em.count(Writer), TransactionError);
      });

      it('rolled that one back too', async () => {
        expect(await visibleCounts(db)).to.deep.equal([0, 0, 0]);
      });

      it('runs each unit of db.container(app) as a savepoint: a failing unit rolls back alone', async () => {
        const container = await db.container(app);
        await runInUnitOfWork(container, (s) => s.get(Newsroom).publish('Cy', 'Kept'));
        await expectRejection(
          runInUnitOfWork(container, async (s) => {
            await s.get(Newsroom).publish('Cy', 'Lost');
            await s.em.flush();
            throw new TransactionError('the unit fails after its flush');
          }),
          TransactionError,
        );
        await runInUnitOfWork(container, async (outer) => {
          await outer.get(Newsroom).publish('Di', 'Outer');
          await runInUnitOfWork(outer.container, (s) => s.get(Newsroom).publish('Ed', 'Nested'), {
            propagation: 'nested',
          });
          // In the test's transaction nothing commits on its own: a new unit is a savepoint of its caller's.
          await runInUnitOfWork(outer.container, (s) => s.get(Newsroom).publish('Flo', 'New'), {
            propagation: 'requires-new',
          });
        });
        const titles = (await db.fork().findAll(Article, { orderBy: { title: 'asc' } })).map((a) => a.title);
        expect(titles).to.deep.equal(['Kept', 'Nested', 'New', 'Outer']);
      });

      it('left nothing of those units behind', async () => {
        expect(await visibleCounts(db)).to.deep.equal([0, 0, 0]);
      });

      it('retries a unit whose flush meets a stale version, inside the test transaction', async () => {
        const article = await articles.create(db.em, { words: 10 });
        const container = await db.container(app);
        let retries = 0;
        await runInUnitOfWork(
          container,
          async (s) => {
            const mine = await s.get(Newsroom).edit(article.id as number, 20);
            if (retries === 0) {
              // Someone else changes the row between this unit's read and its flush.
              await runInUnitOfWork(container, (other) => other.get(Newsroom).edit(article.id as number, 30), {
                span: 'flush',
              });
            }
            return mine;
          },
          { span: 'flush', retries: 1, retryOn: [OptimisticLockError], onRetry: () => (retries += 1) },
        );
        const stored = await db.fork().findOneOrFail(Article, article.id);
        expect([retries, stored.words, stored.version]).to.deep.equal([1, 20, 3]);
      });
    });

    describe('a suite-level transaction with a savepoint per test', () => {
      let db: TestDatabase;
      before(async () => {
        db = testDatabase(orm);
        await db.begin();
        await writers.create(db.em, { name: 'Seeded' });
      });
      after(async () => {
        await db.rollback();
        expect(await committedCounts(orm)).to.deep.equal([0, 0, 0]);
      });
      beforeEach(() => db.begin());
      afterEach(() => db.rollback());

      it('sees the suite’s data and writes beside it', async () => {
        const seeded = await db.em.findOneOrFail(Writer, { name: 'Seeded' });
        await articles.createMany(db.em, 2, { writer: seeded });
        expect([db.depth, await visibleCounts(db)]).to.deep.equal([2, [1, 2, 0]]);
      });

      it('finds the suite’s data as it was, without the previous test’s', async () => {
        expect([db.depth, await visibleCounts(db)]).to.deep.equal([2, [1, 0, 0]]);
      });
    });

    describe('withRollback', () => {
      it('rolls back a test that fails mid-flush and rejects with its error; the connection goes back', async () => {
        await expectRejection(
          withRollback(orm, async ({ em }) => {
            await writers.create(em, { name: 'Bo' });
            await articles.create(em);
            em.persist(new Writer('Bo'));
            await em.flush();
          }),
          UniqueConstraintError,
        );
        expect(await committedCounts(orm)).to.deep.equal([0, 0, 0]);
        expect(orm.db.pool.stats().inUse).to.equal(0);
      });

      it('returns what the function returns, and rolls back all the same', async () => {
        const name = await withRollback(orm, async ({ em, fork }) => {
          await writers.create(em, { name: 'Cy' });
          return (await fork().findOneOrFail(Writer, { name: 'Cy' })).name;
        });
        expect([name, await committedCounts(orm)]).to.deep.equal(['Cy', [0, 0, 0]]);
      });

      it('is a savepoint of a test database’s open transaction', async () => {
        const db = testDatabase(orm);
        await db.begin();
        try {
          await writers.create(db.em, { name: 'Outer' });
          await withRollback(db, async ({ em }) => {
            await writers.create(em, { name: 'Inner' });
            expect(await db.fork().count(Writer)).to.equal(2);
          });
          expect([db.depth, await db.fork().count(Writer)]).to.deep.equal([1, 1]);
        } finally {
          await db.rollback();
        }
      });
    });

    describe('outside begin() and rollback()', () => {
      it('says what to do instead of running statements outside any transaction', async () => {
        const db = testDatabase(orm);
        expect(() => db.em).to.throw(TransactionError, /db\.em needs an open test transaction/);
        await db.rollback();
        const level = await db.begin();
        const container = await db.container(app);
        await db.rollback();
        await expectRejection(level.em.count(Writer), TransactionError);
        await expectRejection(
          runInUnitOfWork(container, (s) => s.get(Newsroom).publish('Late', 'Too late')),
          TransactionError,
        );
        expect(await committedCounts(orm)).to.deep.equal([0, 0, 0]);
      });
    });
  },
  { sqliteMemory: true },
);
