/**
 * The EntityManager: one per unit of work (request, job). It tracks the entities it loads and
 * persists, answers finds by key from its identity map, and writes everything at `flush()` — a
 * planned, ordered, batched flush in one transaction.
 */
import type { TransactionScope } from '../dialects';
import { EntityNotFoundError, EntityStateError, TransactionError } from '../errors';
import type { EntityClass, EntityMetadata, ReferenceResolver } from '../mapping';
import { countAll, type SqlNode, select, and, type LockClause } from '../sql';
import type { FlushPlan } from '../unit-of-work';
import type { EntityEntry } from '../unit-of-work/entity-entry';
import { rootOf } from '../unit-of-work/entity-entry';
import { describeEntity, identityKey, keyInput, keyValues } from '../unit-of-work/entity-key';
import { planFlush } from '../unit-of-work/plan-flush';
import { membersOf, UnitOfWork } from '../unit-of-work/unit-of-work';
import type { EntityManagerContext } from './em-context';
import { type EqualityFilter, filterWhere, keyFilter, selectEntities } from './find-query';
import { runFlush } from './run-flush';

type Bag = Record<string, unknown>;

/** Row locks for `em.lock`: FOR UPDATE or FOR SHARE (SQLite locks the whole database instead). */
export type LockMode = 'pessimistic-write' | 'pessimistic-read';

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

  /** @internal use `orm.em.fork()` */
  constructor(readonly context: EntityManagerContext) {
    this.uow = new UnitOfWork(context.registry, context.hotPaths);
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

  /** The entity with this key, from the identity map when it is managed (no SQL), else from the database. */
  findOne<T extends object>(cls: EntityClass<T>, key: unknown): Promise<T | null>;
  findOne<T extends object>(cls: EntityClass<T>, filter: EqualityFilter): Promise<T | null>;
  findOne<T extends object>(cls: EntityClass<T>, keyOrFilter: unknown): Promise<T | null> {
    const meta = this.context.meta(cls);
    if (typeof keyOrFilter !== 'object' || keyOrFilter === null || Array.isArray(keyOrFilter)) {
      const key = Array.isArray(keyOrFilter) ? identityKey(keyOrFilter) : keyOrFilter;
      const entry = this.uow.identityMap.get(meta.inheritance?.root ?? meta, key);
      if (entry?.isInitialized && entry.state === 'managed' && entry.entity instanceof cls) {
        return Promise.resolve(entry.entity as T);
      }
      return this.findOneBy(meta, keyFilter(meta, keyInput(meta, keyOrFilter)));
    }
    return this.findOneBy(meta, keyOrFilter as EqualityFilter);
  }

  async findOneOrFail<T extends object>(cls: EntityClass<T>, keyOrFilter: unknown): Promise<T> {
    const found = await this.findOne(cls, keyOrFilter as EqualityFilter);
    if (found) return found;
    throw new EntityNotFoundError(
      cls.name,
      `No ${cls.name} matches ${JSON.stringify(keyOrFilter, (_k, v) => (typeof v === 'bigint' ? String(v) : v))}.`,
    );
  }

  /** Entities matching an equality filter, ordered by key. Managed rows come back as the managed instance, unchanged. */
  async find<T extends object>(cls: EntityClass<T>, filter: EqualityFilter = {}): Promise<T[]> {
    const meta = this.context.meta(cls);
    return (await this.loadRows(meta, selectEntities(meta, filter))) as T[];
  }

  findAll<T extends object>(cls: EntityClass<T>): Promise<T[]> {
    return this.find(cls);
  }

  async count(cls: EntityClass, filter: EqualityFilter = {}): Promise<number> {
    const meta = this.context.meta(cls);
    const where = filterWhere(meta, filter);
    const node = select({
      columns: [{ expression: countAll(), alias: 'n' }],
      from: meta.table,
      ...(where.length ? { where: and(...where) } : {}),
    });
    const [row] = await this.queryable().query(node);
    return Number(row?.n ?? 0);
  }

  /** An uninitialized instance holding only its key (the managed instance when there is one). `em.load(ref)` fills it. */
  getReference<T extends object>(cls: EntityClass<T>, key: unknown): T {
    return this.reference(this.context.meta(cls), keyInput(this.context.meta(cls), key)) as T;
  }

  /** Reloads an entity's columns from the database (unflushed changes are lost); fills a reference. */
  async refresh<T extends object>(entity: T): Promise<T> {
    const entry = this.managedEntry(entity, 'refresh');
    const rows = await this.queryable().query(
      selectEntities(entry.meta, keyFilter(entry.meta, keyValues(entry.meta, entity))),
    );
    if (!rows[0])
      throw new EntityNotFoundError(
        entry.meta.className,
        `${describeEntity(entry.meta, keyValues(entry.meta, entity))} no longer exists.`,
      );
    this.fill(entry, rows[0]);
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
    const entry = this.managedEntry(entity, 'lock');
    const lock: LockClause = { strength: mode === 'pessimistic-write' ? 'update' : 'share' };
    const node = selectEntities(entry.meta, keyFilter(entry.meta, keyValues(entry.meta, entity)), { lock });
    const rows = await this.tx.query(node);
    if (!rows[0])
      throw new EntityNotFoundError(
        entry.meta.className,
        `${describeEntity(entry.meta, keyValues(entry.meta, entity))} no longer exists.`,
      );
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
  onFlush(listener: (event: import('./flush-event').FlushEvent) => void): () => void {
    this.context.listeners.add(listener);
    return () => this.context.listeners.delete(listener);
  }

  // ---- loading ---------------------------------------------------------------------------------

  private queryable() {
    return this.tx ?? this.context.db;
  }

  private async findOneBy(meta: EntityMetadata, filter: EqualityFilter): Promise<never | null> {
    const [found] = await this.loadRows(meta, selectEntities(meta, filter, { limit: 1 }));
    return (found ?? null) as never;
  }

  private async loadRows(meta: EntityMetadata, node: SqlNode): Promise<object[]> {
    const rows = await this.queryable().query(node);
    return rows.map((row) => this.merge(meta, row));
  }

  private readonly resolver: ReferenceResolver = {
    reference: (target, key) => this.reference(target, Array.isArray(key) ? key : [key]),
  };

  /** A row → the managed instance: an existing one wins and keeps its unflushed changes. */
  private merge(meta: EntityMetadata, row: Record<string, unknown>): object {
    const paths = this.context.hotPaths(meta);
    const hydrated = paths.hydrate(row, this.resolver);
    const entityMeta = this.context.meta(hydrated.constructor);
    const key = identityKey(keyValues(entityMeta, hydrated));
    const existing = this.uow.identityMap.get(rootOf(entityMeta), key);
    if (existing) {
      if (!existing.isInitialized) this.fill(existing, row);
      return existing.entity;
    }
    const entry = this.uow.register({
      state: 'managed',
      entity: hydrated,
      meta: entityMeta,
      root: rootOf(entityMeta),
      key,
      snapshot: undefined,
      members: new Map(),
      isInitialized: true,
    });
    this.uow.snapshot(entry);
    return hydrated;
  }

  /** Overwrites an entry's instance with a row's values and takes a fresh snapshot. */
  private fill(entry: EntityEntry, row: Record<string, unknown>): void {
    const fresh = this.context.hotPaths(entry.meta).hydrate(row, this.resolver) as Bag;
    for (const property of entry.meta.properties) {
      if (property.kind === 'relation' && property.relation.joinColumns.length === 0) continue;
      (entry.entity as Bag)[property.name] = fresh[property.name];
    }
    entry.isInitialized = true;
    entry.snapshot = this.context.hotPaths(entry.meta).snapshot(entry.entity);
    entry.members = membersOf(entry.entity, entry.meta);
  }

  private reference(meta: EntityMetadata, values: readonly unknown[]): object {
    const root = rootOf(meta);
    const key = identityKey(values);
    const existing = this.uow.identityMap.get(root, key);
    if (existing) return existing.entity;
    const ref = Object.create(meta.entityClass.prototype) as Bag;
    meta.primaryKey.forEach((c, i) => {
      ref[c.property] = values[i];
    });
    this.uow.register({
      state: 'managed',
      entity: ref,
      meta,
      root,
      key,
      snapshot: undefined,
      members: new Map(),
      isInitialized: false,
    });
    return ref;
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
