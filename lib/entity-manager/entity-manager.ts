/**
 * The EntityManager: one per unit of work (request, job). A facade: tracking is the unit of work's
 * (unit-of-work/), reading is the loader's (loading/), writing is the flush's (flush/). It holds the
 * one piece of state they share — the transaction of `transactional` while it runs.
 */
import { type Database, eitherSignal, type TransactionScope } from '../dialects/index.js';
import { EntityStateError, TransactionError, ValueError } from '../errors/index.js';
import { type FlushListener, type FlushPlan, type FlushResult, flushTarget } from '../flush/index.js';
import { checkLockMode, EntityLoader, type LockMode, type ReadOptions } from '../loading/index.js';
import type { EntityClass } from '../mapping/index.js';
import type { Filter } from '../query/index.js';
import { describeEntity, type EntityEntry, keyValues, UnitOfWork } from '../unit-of-work/index.js';
import { type AssignData, assignTo } from './assign.js';
import { type UpsertContext, type UpsertData, type UpsertOptions, upsert, writeContext } from './upsert.js';
import { type BulkOptions, deleteWhere, type UpdateChanges, updateWhere } from './bulk-dml.js';
import type { EntityManagerContext } from './em-context.js';
import { type FlushOptions, type ForkOptions, forkReads, type TransactionalOptions } from './em-options.js';
import {
  flushAlone,
  flushTransaction,
  retryTransactional,
  runTransactional,
  type TransactionalHost,
  withAttempt,
} from './em-transactions.js';
import { flushOnce, planOnly } from './em-flush.js';
import { EntityFinder } from './entity-finder.js';
import { addTo, type FlushTrial, hooksOf, trialFor } from './lifecycle.js';
import type { FlushSubscriber } from './lifecycle-types.js';

/**
 * What other layers of Tabula (dependency injection, the test suite) may reach inside an
 * EntityManager, and applications may not: set once, by the class's static block.
 * @internal
 */
export let entityManagerInternals: {
  unitOfWork(em: EntityManager): UnitOfWork;
  transaction(em: EntityManager): TransactionScope | undefined;
  /** Makes `em` run its statements and flushes in `tx` (a unit of work joining its caller's transaction). */
  joinTransaction(em: EntityManager, tx: TransactionScope | undefined): void;
  /** Marks `em` as attempt `n` of a retried unit of work: its flush events carry `attempt`. */
  setAttempt(em: EntityManager, n: number): void;
};

/**
 * @example
 * const em = orm.em.fork();
 * const ann = await em.findOneOrFail(Author, 1);
 * ann.name = 'Ann B.';
 * console.log(em.plan().describe());
 * await em.flush();
 */
export class EntityManager extends EntityFinder {
  readonly #context: EntityManagerContext;
  readonly #uow: UnitOfWork;
  protected readonly loader: EntityLoader;
  readonly #db: Database; // its replica reads and read-your-writes (docs/scaling.md)
  /** The transaction of `transactional(fn)` while it runs. */
  #tx: TransactionScope | undefined;
  /** The fork's signal: every statement of this EntityManager runs under it. */
  readonly #signal: AbortSignal | undefined;
  /** `em.addSubscriber`'s, this EntityManager's only; undefined until the first. */
  #subscribers: FlushSubscriber[] | undefined;
  /** The attempt of a retried unit of work this EntityManager runs (its flush events say so). */
  #attempt: number | undefined;

  static {
    entityManagerInternals = {
      unitOfWork: (em) => em.#uow,
      transaction: (em) => em.#tx,
      joinTransaction: (em, tx) => {
        em.#tx = tx;
      },
      setAttempt: (em, n) => {
        em.#attempt = n;
      },
    };
  }

  /** Global-filter parameters by filter name (`setFilterParams`); a fork starts with a copy. */
  readonly #filterParams: Map<string, object>;

  /** @internal use `orm.em.fork()`; `db` shares a read session (a retried attempt's commits are its caller's). */
  constructor(
    context: EntityManagerContext,
    options: ForkOptions = {},
    filterParams?: ReadonlyMap<string, object>,
    db?: Database,
  ) {
    super();
    const signal = options.signal;
    this.#context = context;
    this.#signal = signal;
    this.#db = db ?? context.db.withSession(options);
    this.#filterParams = new Map(filterParams);
    const params = this.#filterParams;
    this.#uow = new UnitOfWork(context.registry, context.hotPaths);
    this.loader = new EntityLoader({
      db: this.#db,
      uow: this.#uow,
      meta: context.meta,
      hotPaths: context.hotPaths,
      maxBindParameters: context.capabilities.maxBindParameters,
      transaction: () => this.#tx,
      signal,
      afterLoad: context.hasAfterLoad ? (entity, meta) => hooksOf(meta)?.afterLoad?.(entity, { em: this }) : undefined,
      filterParams: (name) => params.get(name),
    });
  }

  /**
   * A new, empty EntityManager sharing only metadata and the pool. With `signal`, every statement
   * it runs (finds, flushes, transactions) is cancelled on the server when the signal aborts.
   * @example const em = orm.em.fork({ signal: request.signal });
   */
  fork(options: ForkOptions = {}): EntityManager {
    return new EntityManager(this.#context, forkReads(this.#db, options), this.#filterParams);
  }

  /**
   * Sets the parameters of a global filter for every query of this EntityManager (and of forks
   * made from it afterwards); a query's `filters` option overrides them.
   * @example em.setFilterParams('tenant', { id: request.tenantId });
   */
  setFilterParams(name: string, params: object): this {
    if (typeof params !== 'object' || params === null) {
      throw new ValueError(
        `setFilterParams('${name}', …) takes an object of parameters, got ${params === null ? 'null' : typeof params}.`,
      );
    }
    this.#filterParams.set(name, params);
    return this;
  }

  /** The parameters `setFilterParams` set for a filter, or undefined. */
  getFilterParams(name: string): object | undefined {
    return this.#filterParams.get(name);
  }

  /**
   * Undoes a soft delete at the next flush: clears the `softDelete` property of a managed entity
   * (load it with `{ withDeleted: true }`). A class without `softDelete` is an EntityStateError.
   * @example const b = await em.findOneOrFail(Book, 3, { withDeleted: true }); em.restore(b); await em.flush();
   */
  restore(...entities: object[]): this {
    for (const entity of entities) {
      const entry = this.managedEntry(entity, 'restore');
      const softDelete = entry.meta.softDelete;
      if (!softDelete) throw EntityStateError.notSoftDeletable(entry.meta.className);
      (entity as Record<string, unknown>)[softDelete.property] = null;
    }
    return this;
  }

  /** Schedules entities for insertion at the next flush (and what they reach through cascade-persist relations). */
  persist(...entities: object[]): this {
    for (const e of entities) this.#uow.persist(e);
    return this;
  }

  /**
   * Schedules entities for deletion at the next flush (and what they reach through cascade-remove
   * relations). An entity whose mapper has `softDelete` is soft-deleted: an UPDATE of that column.
   */
  remove(...entities: object[]): this {
    for (const e of entities) this.#uow.remove(e);
    return this;
  }

  /**
   * What the next flush will write, without writing it or changing any state: the same statements,
   * in the same order, that `flush()` would send now.
   */
  plan(): FlushPlan {
    return planOnly(this.#uow, flushTarget(this.#context.flushDialect, { compileStatements: true }), this.trial());
  }

  /**
   * Writes every change in one transaction (a savepoint inside `transactional`). On failure
   * nothing is written and this EntityManager is exactly as before; fix the cause and flush again.
   * When `signal` aborts before COMMIT, the statement running is cancelled on the server and the
   * flush rolls back with QueryCancelledError (the EntityManager, again, as before).
   */
  flush(options: FlushOptions = {}): Promise<FlushResult> {
    const outer = this.#tx;
    const signal = eitherSignal(this.#signal, options.signal);
    const trial = this.trial();
    const listeners = this.#context.listeners;
    return flushOnce({
      uow: this.#uow,
      target: flushTarget(this.#context.flushDialect, { compileStatements: false }),
      trial,
      transaction: flushTransaction(this.#db, outer, signal),
      alone: trial ? undefined : flushAlone(this.#db, outer, signal),
      resolvesCommitOutcome: this.#db.dialect.commitOutcome !== undefined,
      resolvesLostDelete: this.#db.dialect.commitOutcome?.sessionAlive !== undefined,
      listeners: this.#attempt ? withAttempt(listeners, this.#attempt) : listeners,
      outer: outer?.raw,
    });
  }

  /**
   * One UPDATE of every row `filter` matches, in the transaction of `transactional` (else one of
   * its own); returns the rows changed. Managed instances that match take the values (and their
   * next version) without becoming dirty; their other unflushed changes stay. `{}` needs `{ all: true }`.
   * @example await em.updateWhere(Book, { author: { name: 'Ann' } }, { inPrint: false });
   */
  updateWhere<T extends object>(
    cls: EntityClass<T>,
    filter: Filter<T>,
    changes: UpdateChanges<T>,
    options: BulkOptions = {},
  ): Promise<number> {
    return updateWhere(this.bulk(), this.#context.meta(cls), filter as Filter<unknown>, changes, options);
  }

  /**
   * One DELETE of every row `filter` matches (no cascades of the unit of work: the database's
   * ON DELETE applies); returns the rows deleted and detaches the managed instances among them.
   * On a soft-deletable class, one UPDATE of the soft-delete column instead, unless `{ hard: true }`.
   * @example await em.deleteWhere(Session, { expiresAt: op({ $lt: new Date() }) });
   */
  deleteWhere<T extends object>(cls: EntityClass<T>, filter: Filter<T>, options: BulkOptions = {}): Promise<number> {
    return deleteWhere(this.bulk(), this.#context.meta(cls), filter as Filter<unknown>, options);
  }

  /** A partial update from a DTO, all checked first: a ValueError names each wrong property, and nothing is assigned. */
  assign<T extends object>(entity: T, data: AssignData<T>): T {
    return assignTo(this.bulk(), entity, data);
  }

  /** INSERT … ON CONFLICT / ON DUPLICATE KEY UPDATE by a unique key; managed entities holding the stored rows back. */
  upsert<T extends object>(cls: EntityClass<T>, data: UpsertData<T>, options: UpsertOptions<T>): Promise<T>;
  upsert<T extends object>(cls: EntityClass<T>, data: readonly UpsertData<T>[], opts: UpsertOptions<T>): Promise<T[]>;
  upsert(cls: EntityClass, data: unknown, options: UpsertOptions<unknown>): Promise<unknown> {
    return upsert(this.bulk(), cls, data, options);
  }

  /** An uninitialized instance holding only its key (the managed instance when there is one). `em.load(ref)` fills it. */
  getReference<T extends object>(cls: EntityClass<T>, key: unknown): T {
    return this.loader.getReference(cls, key);
  }

  /** Reloads an entity's columns from the database (unflushed changes are lost); fills a reference. */
  async refresh<T extends object>(entity: T): Promise<T> {
    const entry = this.managedEntry(entity, 'refresh');
    await this.loader.refresh(entry);
    // Its columns now say what the database holds: a flush of it no longer risks writing twice.
    entry.commitOutcomeUnknown = false;
    return entity;
  }

  /** Fills a reference made by `getReference` (or a populated stub) from the database; a no-op when loaded. */
  async load<T extends object>(entity: T): Promise<T> {
    const entry = this.managedEntry(entity, 'load');
    if (!entry.isInitialized) await this.loader.refresh(entry);
    return entity;
  }

  /**
   * Locks an entity's row until the transaction ends (inside `transactional` only). A `signal`
   * that aborts while it waits for the lock cancels the wait.
   */
  async lock(entity: object, mode: LockMode, options: ReadOptions = {}): Promise<void> {
    checkLockMode(this.#context.meta(entity.constructor), mode);
    if (!this.#tx) throw new TransactionError('em.lock needs a transaction: call it inside em.transactional(…).');
    await this.loader.lock(this.managedEntry(entity, 'lock'), mode, options.signal);
  }

  /** Stops tracking an entity: its changes are no longer flushed, and a find loads a new instance. */
  detach(entity: object): void {
    this.#uow.detach(entity);
  }

  /** Stops tracking every entity. */
  clear(): void {
    this.#uow.clear();
  }

  /** True when this EntityManager tracks `entity` (new, managed or removed). */
  contains(entity: object): boolean {
    return this.#uow.entryOf(entity) !== undefined;
  }

  /**
   * Runs `fn` in a transaction (a savepoint when nested) and flushes before COMMIT. If it throws,
   * everything rolls back and this EntityManager is cleared (its instances may hold state that
   * was never committed): load again.
   *
   * `isolationLevel` sets the level of an outer transaction (a nested one runs in its caller's: a
   * TransactionError). When `signal` aborts before COMMIT, the statement running is cancelled on
   * the server, everything rolls back, and the call rejects with QueryCancelledError.
   *
   * With `retries`, `fn` gets a fresh EntityManager (a fork of this one) in a new transaction for
   * each attempt, and runs again after a SerializationError or DeadlockError (or what `retryOn`
   * names), after a jittered exponential backoff. This EntityManager is left alone: it never holds
   * a failed attempt's entities, and its own unflushed changes are not part of the transaction.
   * @example await em.transactional(async (em) => { … }, { isolationLevel: 'serializable', signal });
   * @example const total = await orm.em.transactional(async (em) => transfer(em, a, b, 10), { isolationLevel: 'serializable', retries: 5 });
   */
  transactional<T>(fn: (em: EntityManager) => Promise<T>, options: TransactionalOptions = {}): Promise<T> {
    const signal = eitherSignal(this.#signal, options.signal);
    if (options.retries) {
      return retryTransactional(this.#tx, signal, options, (n) => {
        const em = new EntityManager(this.#context, { signal: this.#signal }, this.#filterParams, this.#db);
        em.#attempt = n;
        return em.transactional(fn, { isolationLevel: options.isolationLevel, signal: options.signal });
      });
    }
    const host: TransactionalHost<EntityManager> = {
      em: this,
      db: this.#db,
      outer: this.#tx,
      signal,
      setTransaction: (tx) => {
        this.#tx = tx;
      },
      flush: () => this.flush(),
      clear: () => this.clear(),
    };
    return runTransactional(host, fn, options.isolationLevel);
  }

  /**
   * Adds a flush subscriber to this EntityManager only (not its forks); those of
   * `Tabula.connect({ subscribers })` run first. Returns its remover.
   * @example const off = em.addSubscriber({ afterCommit: ({ inserted }) => notify(inserted) });
   */
  addSubscriber(subscriber: FlushSubscriber): () => void {
    return addTo((this.#subscribers ??= []), subscriber);
  }

  /** A trial for the next flush or plan, or undefined when no hook or subscriber exists (the flush then pays nothing). */
  private trial(): FlushTrial | undefined {
    return trialFor(this.#uow, this, this.#context, this.#subscribers);
  }

  /** Registers a listener for the one event each flush emits; returns its remover. */
  onFlush(listener: FlushListener): () => void {
    this.#context.listeners.add(listener);
    return () => this.#context.listeners.delete(listener);
  }

  private bulk(): UpsertContext {
    const params = (name: string) => this.#filterParams.get(name);
    return writeContext(this.#context, this.#db, this.#uow, this.loader.managed, this.#tx, params);
  }

  private managedEntry(entity: object, operation: string): EntityEntry {
    const entry = this.#uow.entryOf(entity);
    if (!entry || entry.state === 'new') {
      const meta = this.#context.meta(entity.constructor);
      this.#uow.claim(entity, meta);
      throw EntityStateError.notManaged(describeEntity(meta, keyValues(meta, entity)), operation);
    }
    return entry;
  }
}
