/**
 * A transaction per test: `testDatabase(orm)` opens one in `begin()` (a savepoint when one is
 * already open) and rolls it back in `rollback()`. The test works through an EntityManager inside
 * it, and through a container whose units of work nest inside it as savepoints, so nothing a test
 * writes survives it — on SQLite, PostgreSQL and MySQL/MariaDB alike.
 */
import type { Container } from 'inversify';
import type { TransactionScope } from '../dialects/index.js';
import { type EntityManager, entityManagerInternals } from '../entity-manager/index.js';
import { TransactionError } from '../errors/index.js';
import type { Tabula } from '../tabula.js';
import { type HeldTransaction, holdTransaction } from './held-transaction.js';

type DiModule = typeof import('../di/index.js');

/**
 * The inversify integration, loaded on first use rather than at the top, so 'tabula-orm/testing'
 * works without inversify installed. The CommonJS build (and the specs, run through tsx) has
 * `require`, which shares the instance of the application's `require('tabula-orm/di')`; the ESM
 * build has none and takes `import()`, which shares the instance of its `import`.
 */
async function loadDi(): Promise<DiModule> {
  return typeof require === 'function' ? (require('../di/index.js') as DiModule) : import('../di/index.js');
}

/** One open level of a test database: a transaction, or a savepoint of the level below. */
export interface TestTransaction {
  /** An EntityManager inside this transaction: arrange with it; its flushes are savepoints. */
  readonly em: EntityManager;
  /** The transaction itself, for raw statements (`await t.transaction.query(sql`…`)`). */
  readonly transaction: TransactionScope;
  /**
   * A new EntityManager in the same transaction with an empty identity map: it reads what was
   * written, not what `em` holds in memory.
   */
  fork(): EntityManager;
  /**
   * A child container of the application's container (`tabulaModule` loaded) whose units of work
   * — `runInUnitOfWork`, `httpUnitOfWork`, any propagation or span — run as savepoints inside this
   * transaction. Only this method loads inversify.
   */
  container(app: Container): Promise<Container>;
}

/** Its methods are bound, so `withRollback(orm, async ({ em, fork, container }) => …)` works. */
class TestLevel implements TestTransaction {
  readonly #forks: EntityManager[] = [];
  readonly em: EntityManager;

  constructor(
    private readonly orm: Tabula,
    readonly held: HeldTransaction,
  ) {
    this.em = this.fork();
  }

  get transaction(): TransactionScope {
    return this.held.tx;
  }

  readonly fork = (): EntityManager => {
    const em = this.orm.em.fork();
    entityManagerInternals.joinTransaction(em, this.held.tx);
    this.#forks.push(em);
    return em;
  };

  readonly container = async (app: Container): Promise<Container> => {
    const { containerJoining } = await loadDi();
    return containerJoining(app, this.em);
  };

  /** Forgets every entity: they may hold ids and versions that the rollback took back. */
  clear(): void {
    // The EntityManagers stay joined to the ended transaction, so a late statement is refused
    // (TransactionError) instead of running outside any transaction.
    for (const em of this.#forks) em.clear();
  }
}

/**
 * Transactions for tests, one level per `begin()`. See `testDatabase`.
 */
export class TestDatabase {
  readonly #levels: TestLevel[] = [];

  /** @internal use `testDatabase(orm)` */
  constructor(readonly orm: Tabula) {}

  /**
   * Opens a transaction, or a savepoint of the one already open (so a suite can seed once in
   * `before` and each test roll back to that point).
   */
  async begin(): Promise<TestTransaction> {
    const below = this.#levels.at(-1);
    const held = await holdTransaction(
      below ? (fn) => below.transaction.transaction(fn) : (fn) => this.orm.db.transaction(fn),
    );
    const level = new TestLevel(this.orm, held);
    this.#levels.push(level);
    return level;
  }

  /**
   * Rolls back the innermost open level and forgets its entities. Does nothing when none is open,
   * so an `afterEach` after a failed `begin` does not hide that failure.
   */
  async rollback(): Promise<void> {
    const level = this.#levels.pop();
    if (!level) return;
    level.clear();
    await level.held.rollback();
  }

  /** How many levels are open. */
  get depth(): number {
    return this.#levels.length;
  }

  /** The EntityManager of the innermost level. */
  get em(): EntityManager {
    return this.top('em').em;
  }

  /** The innermost level's transaction. */
  get transaction(): TransactionScope {
    return this.top('transaction').transaction;
  }

  /** A new EntityManager in the innermost level's transaction. */
  fork(): EntityManager {
    return this.top('fork()').fork();
  }

  /** A container whose units of work nest in the innermost level (see TestTransaction.container). */
  container(app: Container): Promise<Container> {
    return this.top('container()').container(app);
  }

  private top(what: string): TestLevel {
    const level = this.#levels.at(-1);
    if (!level) {
      throw new TransactionError(
        `db.${what} needs an open test transaction.\n  Call await db.begin() first (in beforeEach), and db.rollback() in afterEach.`,
      );
    }
    return level;
  }
}

/**
 * A transaction per test. Everything the test writes — through `db.em`, through units of work
 * started from `db.container(app)`, through raw statements on `db.transaction` — is rolled back
 * in `afterEach`; the next test starts from the same data. Create the schema before, outside any
 * test transaction (MySQL commits DDL implicitly).
 *
 * @example
 * const db = testDatabase(orm);
 * beforeEach(() => db.begin());
 * afterEach(() => db.rollback());
 * it('places an order', async () => {
 *   const book = await books.create(db.em, { stock: 3 });
 *   const container = await db.container(app);
 *   await runInUnitOfWork(container, (s) => s.get(OrderService).place({ bookId: book.id!, … }));
 *   expect((await db.fork().findOneOrFail(Book, book.id)).stock).to.equal(2);
 * });
 */
export function testDatabase(orm: Tabula): TestDatabase {
  return new TestDatabase(orm);
}

/**
 * Runs `fn` in a transaction that is rolled back afterwards, whatever `fn` does (a savepoint of
 * the innermost level when given a test database).
 *
 * @example
 * await withRollback(orm, async ({ em }) => {
 *   await authors.create(em);
 *   expect(await em.count(Author)).to.equal(1);
 * });
 */
export async function withRollback<R>(
  target: Tabula | TestDatabase,
  fn: (transaction: TestTransaction) => Promise<R>,
): Promise<R> {
  const db = target instanceof TestDatabase ? target : new TestDatabase(target);
  const depth = db.depth;
  const level = await db.begin();
  try {
    return await fn(level);
  } finally {
    while (db.depth > depth) await db.rollback();
  }
}
