/**
 * The read path of one EntityManager: finds by key (answered from the identity map when the entity
 * is managed), filters, counts, raw SQL, cursors, streams and the query builder, each turning rows
 * into entities through a materializer and populating what was asked for. It holds no transaction
 * of its own: it asks its EntityManager where statements run.
 */
import { type Database, eitherSignal, type Queryable, underSignal } from '../dialects/index.js';
import { EntityNotFoundError, TransactionError } from '../errors/index.js';
import type { EntityClass, EntityMetadata, HotPaths } from '../mapping/index.js';
import { type Filter, QueryError, type QueryBuilder } from '../query/index.js';
import { describeValue } from '../types/index.js';
import type { RawNode } from '../sql/index.js';
import {
  describeEntity,
  type EntityEntry,
  identityKey,
  keyInput,
  keyValues,
  type UnitOfWork,
} from '../unit-of-work/index.js';
import { findBySql } from './find-by-sql.js';
import type { FindOptions, LockMode, ReadOptions } from './find-options.js';
import { checkLockMode, countSelect, findSelect, keyFilter, selectByKey } from './find-select.js';
import { ManagedMaterializer } from './managed-materializer.js';
import { checkPage } from './page-options.js';
import { type Materializer, readOnlyMaterializer } from './materializer.js';
import { type CursorOptions, type CursorPage, cursorPage } from './pagination.js';
import { fieldColumns, partialSelect } from './partial-fields.js';
import { type PopulateContext, populate, populatedForeignKeys, populateTree } from './populate.js';
import { type FilterOptions, filterConditions, withConditions } from './global-filters.js';
import type { FilterParamsLookup } from './global-filters.js';
import { findJoined, populateJoined, populateStrategy } from './populate-joined.js';
import { entityManagerQueryBuilder } from './query-builder-entry.js';
import { referenceKey } from './reference-key.js';
import { type StreamOptions, streamFrom } from './stream.js';

/**
 * The options of a find as the EntityManager hands them over, already checked against the class:
 * relating its generic `FindOptions<T, P, F>` to the loader's `FindOptions<T>` again made `tsc`
 * explore the Loaded types of every registered class.
 */
export type Unchecked = FindOptions<never, never, never> & CursorOptions<never, never>;

/** Options of `em.populate`: the global filters of the related rows, and a signal. */
export interface PopulateOptions extends FilterOptions {
  /** Cancels the SELECTs on the server when it aborts (QueryCancelledError); see FindOptions.signal. */
  readonly signal?: AbortSignal | undefined;
}

/** The options of a find given none (shared, frozen: the common call allocates nothing). */
const NO_OPTIONS: FindOptions<never> = Object.freeze({});

/** What the read path needs from its EntityManager (never the EntityManager itself). */
export interface LoadingContext {
  readonly db: Database;
  readonly uow: UnitOfWork;
  /** Metadata by class. */
  meta(cls: Function): EntityMetadata;
  hotPaths(meta: EntityMetadata): HotPaths;
  readonly maxBindParameters: number;
  /** The transaction of `em.transactional` while it runs. */
  transaction(): Queryable | undefined;
  /** The signal of the EntityManager's fork: every statement of the loader runs under it. */
  readonly signal?: AbortSignal | undefined;
  /** Called for each row hydrated into a managed instance; absent when no mapper has an afterLoad hook. */
  readonly afterLoad?: ((entity: object, meta: EntityMetadata) => void) | undefined;
  /** The global-filter parameters of `em.setFilterParams`, by filter name. */
  readonly filterParams?: FilterParamsLookup | undefined;
}

export class EntityLoader {
  /** Rows into managed instances through the identity map. */
  readonly managed: ManagedMaterializer;
  /** In-flight finds by key, per class: the promise a concurrent find of the same key joins. */
  private readonly inFlight = new Map<EntityMetadata, Map<unknown, Promise<unknown>>>();
  // Read on the findOne-by-key hot path, held here rather than reached through the context.
  private readonly identityMap: UnitOfWork['identityMap'];
  private readonly metaOf: (cls: Function) => EntityMetadata;

  constructor(private readonly context: LoadingContext) {
    this.identityMap = context.uow.identityMap;
    this.metaOf = context.meta;
    const types = context.db.dialect.types;
    this.managed = new ManagedMaterializer(context.uow, {
      hotPaths: (meta) => context.hotPaths(meta),
      meta: (cls) => context.meta(cls),
      types,
      afterLoad: context.afterLoad,
    });
  }

  // A loop of findOne asks for one class again and again: its metadata is kept in front of the Map.
  private lastClass: Function | undefined;
  private lastMeta: EntityMetadata | undefined;

  findOne<T extends object>(cls: EntityClass<T>, keyOrFilter: unknown, options: FindOptions<T> = NO_OPTIONS) {
    let meta: EntityMetadata;
    if (cls === this.lastClass) meta = this.lastMeta as EntityMetadata;
    else {
      meta = this.metaOf(cls);
      this.lastClass = cls;
      this.lastMeta = meta;
    }
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
      const entry = this.identityMap.get(meta.inheritance?.root ?? meta, key);
      if (entry?.isInitialized && entry.state === 'managed' && entry.entity instanceof cls) {
        const found = entry.entity as T;
        return options.populate?.length
          ? this.populated(meta, [found], options).then(() => found)
          : Promise.resolve(found);
      }
    }
    const filter = keyFilter<T>(meta, keyInput(meta, keyOrFilter));
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

  async find<T extends object>(cls: EntityClass<T>, filter: Filter<T>, options: FindOptions<T>): Promise<T[]> {
    const meta = this.context.meta(cls);
    if (options.lock !== undefined) checkLockMode(meta, options.lock);
    if (options.limit !== undefined || options.offset !== undefined) checkPage(meta, options);
    const tree = populateTree(meta, options.populate ?? []);
    const strategy = populateStrategy(meta, options.strategy);
    const materializer = this.materializer(options.readOnly);
    filter = this.filtered(meta, filter, options);
    const loaded = options.fields
      ? fieldColumns(meta, [...options.fields, ...populatedForeignKeys(meta, tree)])
      : undefined;
    if (strategy === 'joined' && tree.size > 0) {
      const query = { filter, options, ...(loaded ? { loaded } : {}) };
      const on = this.queryable(undefined, options.signal, options.replica);
      return (await findJoined(this.populateContext(materializer, on, options), meta, tree, query)) as T[];
    }
    const node = findSelect(meta, filter, options, this.types);
    const on = this.queryable(options.lock, options.signal, options.replica);
    const rows = await on.query(loaded ? partialSelect(meta, node, loaded) : node);
    const entities = materializer.entities(meta, rows, loaded) as T[];
    if (tree.size > 0) await populate(this.populateContext(materializer, on, options), meta, entities, tree);
    return entities;
  }

  async findAndCount<T extends object>(cls: EntityClass<T>, filter: Filter<T>, options: FindOptions<T>) {
    const items = await this.find(cls, filter, options);
    const { signal, filters, withDeleted, replica } = options;
    return [items, await this.count(cls, filter, { signal, filters, withDeleted, replica })] as const;
  }

  async findBySql<T extends object>(cls: EntityClass<T>, query: RawNode, options: ReadOptions = {}): Promise<T[]> {
    const on = this.queryable(undefined, options.signal, options.replica);
    return (await findBySql(on, this.context.meta(cls), query, this.managed)) as T[];
  }

  async count<T extends object>(cls: EntityClass<T>, filter: Filter<T>, options: ReadOptions = {}): Promise<number> {
    const on = this.queryable(undefined, options.signal, options.replica);
    const meta = this.context.meta(cls);
    const [row] = await on.query(countSelect(meta, this.filtered(meta, filter, options), this.types));
    return Number(row?.n ?? 0);
  }

  async exists<T extends object>(cls: EntityClass<T>, filter: Filter<T>, options: ReadOptions = {}): Promise<boolean> {
    const meta = this.context.meta(cls);
    const node = findSelect(meta, this.filtered(meta, filter, options), { limit: 1 }, this.types);
    return (await this.queryable(undefined, options.signal, options.replica).query(node)).length > 0;
  }

  createQueryBuilder<T extends object>(cls: EntityClass<T>, options: FilterOptions = NO_OPTIONS): QueryBuilder<T> {
    const meta = this.context.meta(cls);
    const params = this.context.filterParams;
    const builder = entityManagerQueryBuilder<T>(
      this.context.db.dialect,
      meta,
      () => this.queryable(),
      this.managed,
      (m) => (m.filters.length === 0 ? undefined : filterConditions(m, options, params)),
    );
    const conditions = filterConditions(meta, options, params);
    return conditions ? builder.where({ $and: conditions } as unknown as Filter<T>) : builder;
  }

  findByCursor<T extends object>(cls: EntityClass<T>, filter: Filter<T>, options: CursorOptions<T>) {
    const meta = this.context.meta(cls);
    return cursorPage(meta, filter, options, {
      find: (where, findOptions) => this.find(cls, where, findOptions),
      populate: async (items, paths, boundary) => {
        if (options.populate?.length) await this.populated(meta, items, options);
        // The cursors read the order's to-one relations: loaded on the page's first and last items.
        if (paths.length > 0) await this.populated(meta, boundary, { ...options, populate: paths } as FindOptions<T>);
      },
    }) as Promise<CursorPage<T>>;
  }

  stream<T extends object>(cls: EntityClass<T>, filter: Filter<T>, options: StreamOptions<T>): AsyncIterable<T> {
    if (this.context.transaction())
      throw new TransactionError('em.stream reads on a connection of its own: call it outside em.transactional(…).');
    const meta = this.context.meta(cls);
    const signal = eitherSignal(this.context.signal, options.signal);
    const where = this.filtered(meta, filter, options);
    return streamFrom<T>(this.context.db, meta, where, { ...options, signal }, this.materializer(!options.tracked));
  }

  /**
   * Loads `paths` into entities already in memory, select-in: one SELECT per relation level (per
   * chunk of keys) for all of them; loaded relations are answered from memory without SQL.
   */
  async populate(entities: readonly object[], paths: readonly string[], options: PopulateOptions): Promise<void> {
    const byClass = new Map<EntityMetadata, object[]>();
    for (const entity of entities) {
      if (typeof entity !== 'object' || entity === null)
        throw new QueryError(`em.populate takes entities, got ${describeValue(entity)}.`, '');
      const meta = this.context.meta(entity.constructor);
      const group = byClass.get(meta) ?? [];
      group.push(entity);
      byClass.set(meta, group);
    }
    const context = this.populateContext(this.managed, this.queryable(undefined, options.signal), options);
    const trees = [...byClass].map(([meta, group]) => [meta, group, populateTree(meta, paths)] as const);
    for (const [meta, group, tree] of trees) await populate(context, meta, group, tree);
  }

  getReference<T extends object>(cls: EntityClass<T>, key: unknown): T {
    const meta = this.context.meta(cls);
    return this.managed.reference(meta, referenceKey(meta, key, this.types)) as T;
  }

  /** Reloads a managed entity's columns (its unflushed changes are lost); fills a reference. */
  async refresh(entry: EntityEntry): Promise<void> {
    this.managed.fill(entry, await this.rowOf(entry, this.queryable()));
  }

  /** Locks a managed entity's row in the running transaction. */
  async lock(entry: EntityEntry, mode: LockMode, signal?: AbortSignal): Promise<void> {
    await this.rowOf(entry, this.queryable(mode, signal), mode);
  }

  /** The row of a managed entity, read by its key (and locked); EntityNotFoundError when it is gone. */
  private async rowOf(entry: EntityEntry, on: Queryable, lock?: LockMode): Promise<Record<string, unknown>> {
    const key = keyValues(entry.meta, entry.entity);
    const [row] = await on.query(selectByKey(entry.meta, key, lock));
    if (!row)
      throw new EntityNotFoundError(entry.meta.className, `${describeEntity(entry.meta, key)} no longer exists.`);
    return row;
  }

  private get types() {
    return this.context.db.dialect.types;
  }

  /**
   * Where statements run; a lock needs the transaction of `transactional`. Outside one, reads go
   * through the database's reader (a replica when there are replicas, unless `replica: false`).
   * Under the fork's signal and the call's (the transaction adds its own).
   */
  private queryable(lock?: LockMode, signal?: AbortSignal, replica?: boolean): Queryable {
    const tx = this.context.transaction();
    if (lock && !tx) throw new TransactionError(`A ${lock} lock needs a transaction: find inside em.transactional(…).`);
    const on = tx ?? (replica === false ? this.context.db : this.context.db.reader);
    const bound = this.context.signal;
    if (signal === undefined && bound === undefined) return on;
    return underSignal(on, eitherSignal(bound, signal));
  }

  private async findFirst<T extends object>(
    meta: EntityMetadata,
    filter: Filter<T>,
    options: FindOptions<T>,
  ): Promise<T | null> {
    const [found] = await this.find<T>(meta.entityClass as EntityClass<T>, filter, { ...options, limit: 1 });
    return found ?? null;
  }

  private populated<T>(meta: EntityMetadata, entities: readonly T[], options: FindOptions<T>): Promise<void> {
    const tree = populateTree(meta, options.populate ?? []);
    const joined = populateStrategy(meta, options.strategy) === 'joined';
    const context = this.populateContext(
      this.materializer(options.readOnly),
      this.queryable(undefined, options.signal, options.replica),
      options,
    );
    return (joined ? populateJoined : populate)(context, meta, entities as readonly object[], tree);
  }

  private populateContext(materializer: Materializer, queryable: Queryable, options: FilterOptions): PopulateContext {
    const params = this.context.filterParams;
    return {
      queryable,
      types: this.types,
      maxBindParameters: this.context.maxBindParameters,
      materializer,
      conditions: (related) => filterConditions(related, options, params),
    };
  }

  /** `filter` and the conditions of `meta`'s active global filters (the filter itself when none apply). */
  private filtered<T>(meta: EntityMetadata, filter: Filter<T>, options: FilterOptions): Filter<T> {
    if (meta.filters.length === 0) return filter;
    return withConditions(filter, filterConditions(meta, options, this.context.filterParams));
  }

  private materializer(readOnly: boolean | undefined): Materializer {
    return readOnly ? readOnlyMaterializer((meta) => this.context.hotPaths(meta)) : this.managed;
  }
}
