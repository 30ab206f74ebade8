/**
 * The EntityManager: one per unit of work (request, job). It tracks the entities it loads and
 * persists, answers finds by key from its identity map, and writes everything at `flush()` — a
 * planned, ordered, batched flush in one transaction.
 */
import type { Queryable, TransactionScope } from '../dialects';
import { EntityNotFoundError, EntityStateError, TransactionError } from '../errors';
import type { EntityClass, EntityMetadata } from '../mapping';
import type { Filter, KeyValue } from '../query';
import type { QueryBuilder } from '../query';
import type { RawNode } from '../sql';
import type { FlushPlan } from '../unit-of-work';
import type { EntityEntry } from '../unit-of-work/entity-entry';
import { describeEntity, identityKey, keyInput, keyValues } from '../unit-of-work/entity-key';
import { planFlush } from '../flush/plan-flush';
import { UnitOfWork } from '../unit-of-work/unit-of-work';
import { type BulkContext, type BulkOptions, deleteWhere, type UpdateChanges, updateWhere } from './bulk-dml';
import type { EntityManagerContext } from './em-context';
import { findBySql } from '../loading/find-by-sql';
import type { FindOptions, LockMode } from '../loading/find-options';
import {
  countSelect,
  findSelect,
  keyFilter,
  lockClause,
  type Materializer,
  readOnlyMaterializer,
  selectEntities,
} from '../loading/find-select';
import { type CursorOptions, type CursorPage, cursorPage } from '../loading/pagination';
import { fieldColumns, partialSelect } from '../loading/partial-fields';
import { populate, populateTree } from '../loading/populate';
import { findJoined, populateJoined, populateStrategy } from '../loading/populate-joined';
import { ManagedMaterializer } from '../loading/managed-materializer';
import { entityManagerQueryBuilder } from '../loading/query-builder-entry';
import { runFlush } from '../flush/run-flush';
import { type StreamOptions, streamFrom } from '../loading/stream';

/** The options of a find given none (shared, frozen: the common call allocates nothing). */
const NO_OPTIONS: FindOptions<never> = Object.freeze({});

export type { LockMode } from '../loading/find-options';

/**
 * @example
 * const em = orm.em.fork();
 * const ann = await em.findOneOrFail(Author, 1);
 * ann.name = 'Ann B.';
 * console.log(em.plan().describe());
 * await em.flush();
 */
export class EntityManager {
  /** @internal */
  readonly uow: UnitOfWork;
  /** @internal the transaction of `transactional(fn)` while it runs. */
  tx: TransactionScope | undefined;
  /** Rows into managed instances through the identity map. */
  private readonly managed: ManagedMaterializer;

  /** @internal use `orm.em.fork()` */
  constructor(readonly context: EntityManagerContext) {
    this.uow = new UnitOfWork(context.registry, context.hotPaths);
    this.managed = new ManagedMaterializer(this.uow, context);
  }

  /** A new, empty EntityManager sharing only metadata and the pool. */
  fork(): EntityManager {
    return new EntityManager(this.context);
  }

  /** Schedules entities for insertion at the next flush (and what they reach through cascade-persist relations). */
  persist(...entities: object[]): this {
    for (const e of entities) this.uow.persist(e);
    return this;
  }

  /** Schedules entities for deletion at the next flush (and what they reach through cascade-remove relations). */
  remove(...entities: object[]): this {
    for (const e of entities) this.uow.remove(e);
    return this;
  }

  /** What the next flush will write, without writing it or changing any state. */
  plan(): FlushPlan {
    return this.planWith(this.context.capabilities.hasReturning, false, true);
  }

  /** @internal `compile: false` for the plan a flush runs: it compiles each statement at execution. */
  planWith(hasReturning: boolean, oneRowPerStatement: boolean, compile: boolean): FlushPlan {
    const dialect = this.context.db.dialect;
    return planFlush(this.uow, {
      maxBindParameters: this.context.capabilities.maxBindParameters,
      compile: (node) => dialect.compile(node),
      hasReturning,
      insertOneRowPerStatement: oneRowPerStatement,
      compileStatements: compile,
    });
  }

  /**
   * Writes every change in one transaction (a savepoint inside `transactional`). On failure
   * nothing is written and this EntityManager is exactly as before; fix the cause and flush again.
   */
  flush(): Promise<FlushPlan> {
    return runFlush(this);
  }

  /**
   * The entity with this key, from the identity map when it is managed (no SQL), else from the
   * database; or the first entity a filter matches. Concurrent finds of one key share one query.
   * @example const ann = await em.findOne(Author, 1); const bob = await em.findOne(Author, { email: 'bob@example.com' });
   */
  findOne<T extends object>(
    cls: EntityClass<T>,
    key: KeyValue | undefined,
    options?: FindOptions<T>,
  ): Promise<T | null>;
  findOne<T extends object>(cls: EntityClass<T>, filter: Filter<T>, options?: FindOptions<T>): Promise<T | null>;
  findOne<T extends object>(
    cls: EntityClass<T>,
    keyOrFilter: unknown,
    options: FindOptions<T> = NO_OPTIONS,
  ): Promise<T | null> {
    const meta = this.context.meta(cls);
    if (options.strategy !== undefined) {
      try {
        populateStrategy(meta, options.strategy);
      } catch (e) {
        return Promise.reject(e);
      }
    }
    if (typeof keyOrFilter === 'object' && keyOrFilter !== null && !Array.isArray(keyOrFilter)) {
      return this.findFirst(meta, keyOrFilter as Filter<T>, options);
    }
    const key = Array.isArray(keyOrFilter) ? identityKey(keyOrFilter) : keyOrFilter;
    // The identity-map hit is the hot path (a loop of findOne by key): nothing is built before it.
    if (!options.readOnly && !options.lock) {
      const entry = this.uow.identityMap.get(meta.inheritance?.root ?? meta, key);
      if (entry?.isInitialized && entry.state === 'managed' && entry.entity instanceof cls) {
        const found = entry.entity as T;
        return options.populate?.length
          ? this.populated(meta, [found], options).then(() => found)
          : Promise.resolve(found);
      }
    }
    const filter = keyFilter(meta, keyInput(meta, keyOrFilter)) as Filter<T>;
    if (Object.keys(options).length > 0) return this.findFirst(meta, filter, options);
    // Two finds of one key before either answers would send two SELECTs for one row.
    let byKey = this.inFlight.get(meta);
    if (!byKey) this.inFlight.set(meta, (byKey = new Map()));
    const pending = byKey.get(key);
    if (pending) return pending as Promise<T | null>;
    const query = this.findFirst(meta, filter, options).finally(() => byKey.delete(key));
    byKey.set(key, query);
    return query;
  }

  async findOneOrFail<T extends object>(
    cls: EntityClass<T>,
    keyOrFilter: KeyValue | Filter<T> | undefined,
    options: FindOptions<T> = {},
  ): Promise<T> {
    const found = await this.findOne(cls, keyOrFilter as Filter<T>, options);
    if (found) return found;
    throw new EntityNotFoundError(
      cls.name,
      `No ${cls.name} matches ${JSON.stringify(keyOrFilter, (_k, v) => (typeof v === 'bigint' ? String(v) : v))}.`,
    );
  }

  /**
   * Entities matching a filter, ordered by key unless `orderBy` says otherwise. Managed rows come
   * back as the managed instance, with their unflushed changes.
   * @example await em.find(Book, { price: { $gte: '10.00' } }, { orderBy: { price: 'desc' }, limit: 20, populate: ['author'] });
   */
  async find<T extends object>(
    cls: EntityClass<T>,
    filter: Filter<T> = {},
    options: FindOptions<T> = {},
  ): Promise<T[]> {
    const meta = this.context.meta(cls);
    const tree = populateTree(meta, options.populate ?? []);
    const strategy = populateStrategy(meta, options.strategy);
    const materializer = this.materializer(options.readOnly);
    const loaded = options.fields ? fieldColumns(meta, options.fields as readonly string[]) : undefined;
    if (strategy === 'joined' && tree.size > 0) {
      const query = { filter, options, ...(loaded ? { loaded } : {}) };
      return (await findJoined(this.populateContext(materializer), meta, tree, query)) as T[];
    }
    const node = findSelect(meta, filter, options, this.context.db.dialect.types);
    const rows = await this.queryable(options.lock).query(loaded ? partialSelect(meta, node, loaded) : node);
    const entities = rows.map((row) => materializer.entity(meta, row, loaded)) as T[];
    if (tree.size > 0) await populate(this.populateContext(materializer), meta, entities, tree);
    return entities;
  }

  /**
   * Entities from a raw SELECT: each row carries the entity's columns under their column names
   * (a missing key column is a `QueryError`). Managed rows come back as the managed instance, with
   * their unflushed changes. Values interpolated in the template are bound parameters.
   * @example await em.findBySql(Author, sql`select * from authors where lower(name) like ${pattern}`);
   */
  async findBySql<T extends object>(cls: EntityClass<T>, query: RawNode): Promise<T[]> {
    return (await findBySql(this.queryable(), this.context.meta(cls), query, this.managed)) as T[];
  }

  findAll<T extends object>(cls: EntityClass<T>, options: FindOptions<T> = {}): Promise<T[]> {
    return this.find(cls, {}, options);
  }

  /** The number of rows a filter matches. */
  async count<T extends object>(cls: EntityClass<T>, filter: Filter<T> = {}): Promise<number> {
    const [row] = await this.queryable().query(
      countSelect(this.context.meta(cls), filter, this.context.db.dialect.types),
    );
    return Number(row?.n ?? 0);
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
    return updateWhere(this.bulk(), this.context.meta(cls), filter as Filter<unknown>, changes, options);
  }

  /**
   * One DELETE of every row `filter` matches (no cascades of the unit of work: the database's
   * ON DELETE applies); returns the rows deleted and detaches the managed instances among them.
   * @example await em.deleteWhere(Session, { expiresAt: { $lt: new Date() } });
   */
  deleteWhere<T extends object>(cls: EntityClass<T>, filter: Filter<T>, options: BulkOptions = {}): Promise<number> {
    return deleteWhere(this.bulk(), this.context.meta(cls), filter as Filter<unknown>, options);
  }

  /** Whether a filter matches any row (reads at most one). */
  async exists<T extends object>(cls: EntityClass<T>, filter: Filter<T> = {}): Promise<boolean> {
    const node = findSelect(this.context.meta(cls), filter, { limit: 1 }, this.context.db.dialect.types);
    return (await this.queryable().query(node)).length > 0;
  }

  /**
   * A typed query builder on `cls`: joins, GROUP BY / HAVING, aggregates and subqueries, answered
   * as typed rows (`getRows`), managed entities (`getEntities`) or a count. See docs/query-builder.md.
   * @example
   * const top = await em.createQueryBuilder(Invoice)
   *   .select((i) => ({ customer: i.customer.customerId, spent: sum(i.total) }))
   *   .groupBy((i) => [i.customer.customerId]).orderBy((_, out) => [desc(out.spent)]).limit(5).getRows();
   */
  createQueryBuilder<T extends object>(cls: EntityClass<T>): QueryBuilder<T> {
    return entityManagerQueryBuilder<T>(this.context, this.context.meta(cls), () => this.queryable(), this.managed);
  }

  /** A page by `limit`/`offset` and the total the filter matches: `[items, total]`. */
  async findAndCount<T extends object>(
    cls: EntityClass<T>,
    filter: Filter<T> = {},
    options: FindOptions<T> = {},
  ): Promise<[T[], number]> {
    const items = await this.find(cls, filter, options);
    return [items, await this.count(cls, filter)];
  }

  /**
   * Keyset pagination: `first` entities after the cursor, in `orderBy` then key order. Cursors are
   * opaque and stay valid while rows are inserted or deleted.
   * @example
   * const page1 = await em.findByCursor(Book, {}, { orderBy: { title: 'asc' }, first: 20 });
   * const page2 = await em.findByCursor(Book, {}, { orderBy: { title: 'asc' }, first: 20, after: page1.endCursor });
   */
  async findByCursor<T extends object>(
    cls: EntityClass<T>,
    filter: Filter<T>,
    options: CursorOptions<T>,
  ): Promise<CursorPage<T>> {
    const meta = this.context.meta(cls);
    return cursorPage(meta, filter, options, {
      find: (where, findOptions) => this.find(cls, where, findOptions),
      populate: (items) => this.populated(meta, items, options),
    });
  }

  /**
   * The matching entities one at a time, read from a held connection without buffering the result.
   * Untracked (plain instances) unless `tracked: true`. Outside `transactional` only.
   * @example for await (const book of em.stream(Book, { inPrint: true })) write(book);
   */
  stream<T extends object>(
    cls: EntityClass<T>,
    filter: Filter<T> = {},
    options: StreamOptions<T> = {},
  ): AsyncIterable<T> {
    if (this.tx)
      throw new TransactionError('em.stream reads on a connection of its own: call it outside em.transactional(…).');
    return streamFrom<T>(this.context.db, this.context.meta(cls), filter, options, this.materializer(!options.tracked));
  }

  /** An uninitialized instance holding only its key (the managed instance when there is one). `em.load(ref)` fills it. */
  getReference<T extends object>(cls: EntityClass<T>, key: unknown): T {
    return this.managed.reference(this.context.meta(cls), keyInput(this.context.meta(cls), key)) as T;
  }

  /** Reloads an entity's columns from the database (unflushed changes are lost); fills a reference. */
  async refresh<T extends object>(entity: T): Promise<T> {
    const entry = this.managedEntry(entity, 'refresh');
    this.managed.fill(entry, await this.rowOf(entry, this.queryable()));
    return entity;
  }

  /** Fills a reference made by `getReference` (or a populated stub) from the database; a no-op when loaded. */
  async load<T extends object>(entity: T): Promise<T> {
    const entry = this.managedEntry(entity, 'load');
    return entry.isInitialized ? entity : this.refresh(entity);
  }

  /** Stops tracking an entity: its changes are no longer flushed, and a find loads a new instance. */
  detach(entity: object): void {
    this.uow.detach(entity);
  }

  /** Stops tracking every entity. */
  clear(): void {
    this.uow.clear();
  }

  /** True when this EntityManager tracks `entity` (new, managed or removed). */
  contains(entity: object): boolean {
    return this.uow.entryOf(entity) !== undefined;
  }

  /** Locks an entity's row until the transaction ends (inside `transactional` only). */
  async lock(entity: object, mode: LockMode): Promise<void> {
    if (!this.tx) throw new TransactionError('em.lock needs a transaction: call it inside em.transactional(…).');
    await this.rowOf(this.managedEntry(entity, 'lock'), this.tx, mode);
  }

  /** The row of a managed entity, read by its key (and locked); EntityNotFoundError when it is gone. */
  private async rowOf(entry: EntityEntry, on: Queryable, lock?: LockMode): Promise<Record<string, unknown>> {
    const key = keyValues(entry.meta, entry.entity);
    const node = selectEntities(entry.meta, keyFilter(entry.meta, key), lock ? { lock: lockClause(lock) } : {});
    const [row] = await on.query(node);
    if (!row)
      throw new EntityNotFoundError(entry.meta.className, `${describeEntity(entry.meta, key)} no longer exists.`);
    return row;
  }

  /**
   * Runs `fn` in a transaction (a savepoint when nested) and flushes before COMMIT. If it throws,
   * everything rolls back and this EntityManager is cleared (its instances may hold state that
   * was never committed): load again.
   */
  async transactional<T>(fn: (em: EntityManager) => Promise<T>): Promise<T> {
    const outer = this.tx;
    const body = async (tx: TransactionScope) => {
      this.tx = tx;
      try {
        const result = await fn(this);
        await this.flush();
        return result;
      } finally {
        this.tx = outer;
      }
    };
    try {
      return outer ? await outer.transaction(body) : await this.context.db.transaction(body);
    } catch (e) {
      if (!outer) this.clear();
      throw e;
    }
  }

  /** Registers a listener for the one event each flush emits; returns its remover. */
  onFlush(listener: (event: import('../flush/flush-event').FlushEvent) => void): () => void {
    this.context.listeners.add(listener);
    return () => this.context.listeners.delete(listener);
  }

  // ---- loading ---------------------------------------------------------------------------------

  /** Where statements run; a lock needs the transaction of `transactional`. */
  private queryable(lock?: LockMode) {
    if (lock && !this.tx)
      throw new TransactionError(`A ${lock} lock needs a transaction: find inside em.transactional(…).`);
    return this.tx ?? this.context.db;
  }

  private async findFirst<T extends object>(
    meta: EntityMetadata,
    filter: Filter<T>,
    options: FindOptions<T>,
  ): Promise<T | null> {
    const [found] = await this.find<T>(meta.entityClass as EntityClass<T>, filter, { ...options, limit: 1 });
    return found ?? null;
  }

  /** In-flight finds by key, per class: the promise a concurrent find of the same key joins. */
  private readonly inFlight = new Map<EntityMetadata, Map<unknown, Promise<unknown>>>();

  private populated<T>(meta: EntityMetadata, entities: readonly T[], options: FindOptions<T>): Promise<void> {
    const tree = populateTree(meta, options.populate ?? []);
    const joined = populateStrategy(meta, options.strategy) === 'joined';
    const context = this.populateContext(this.materializer(options.readOnly));
    return (joined ? populateJoined : populate)(context, meta, entities as readonly object[], tree);
  }

  private populateContext(materializer: Materializer) {
    return {
      queryable: this.queryable(),
      types: this.context.db.dialect.types,
      maxBindParameters: this.context.capabilities.maxBindParameters,
      materializer,
    };
  }

  private materializer(readOnly: boolean | undefined): Materializer {
    return readOnly ? readOnlyMaterializer(this.context.hotPaths) : this.managed;
  }

  private bulk(): BulkContext {
    const { db, capabilities, hotPaths } = this.context;
    return {
      tx: this.tx,
      db,
      types: db.dialect.types,
      capabilities,
      uow: this.uow,
      hotPaths,
      reference: (meta, key) => this.managed.reference(meta, key),
    };
  }

  private managedEntry(entity: object, operation: string): EntityEntry {
    const entry = this.uow.entryOf(entity);
    if (!entry || entry.state === 'new') {
      const meta = this.context.meta(entity.constructor);
      this.uow.claim(entity, meta);
      throw EntityStateError.notManaged(describeEntity(meta, keyValues(meta, entity)), operation);
    }
    return entry;
  }
}
