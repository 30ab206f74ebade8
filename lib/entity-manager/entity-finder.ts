/**
 * The reading half of the EntityManager: finds, counts, keyset pages, populate, streams and the
 * query builder, each answered by the EntityManager's loader (loading/). A file of its own so that
 * entity-manager.ts holds the state and the writes; applications see one class, EntityManager.
 */
import { EntityNotFoundError } from '../errors/index.js';
import type {
  CursorOptions,
  CursorPage,
  EntityLoader,
  FilterOptions,
  FindOptions,
  PopulateOptions,
  ReadOptions,
  StreamOptions,
  Unchecked,
} from '../loading/index.js';
import type { DataKeys, EntityClass } from '../mapping/index.js';
import type {
  EntityType,
  Filter,
  KeyValue,
  Loaded,
  PopulatePath,
  QueryBuilder,
  WithPopulated,
} from '../query/index.js';
import type { RawNode } from '../sql/index.js';

/** The finds of an EntityManager (see EntityManager). */
export abstract class EntityFinder {
  /** The EntityManager's loader. @internal */
  protected abstract readonly loader: EntityLoader;

  /**
   * The entity with this key, from the identity map when it is managed (no SQL), else from the
   * database; or the first entity a filter matches. Concurrent finds of one key share one query.
   * @example const ann = await em.findOne(Author, 1); const bob = await em.findOne(Author, { email: 'bob@example.com' });
   */
  findOne<T extends object, P extends PopulatePath<T> = never, F extends DataKeys<T> = never>(
    cls: EntityClass<T>,
    keyOrFilter: KeyValue | Filter<T> | undefined,
    options?: FindOptions<T, P, F>,
  ): Promise<Loaded<T, P, F> | null> {
    return this.loader.findOne(cls, keyOrFilter, options as Unchecked) as Promise<never>;
  }

  /** As `findOne`, but an `EntityNotFoundError` when nothing matches. */
  async findOneOrFail<T extends object, P extends PopulatePath<T> = never, F extends DataKeys<T> = never>(
    cls: EntityClass<T>,
    keyOrFilter: KeyValue | Filter<T> | undefined,
    options: FindOptions<T, P, F> = {},
  ): Promise<Loaded<T, P, F>> {
    const found = await this.loader.findOne(cls, keyOrFilter, options as Unchecked);
    if (found) return found as never;
    throw EntityNotFoundError.noMatch(cls.name, keyOrFilter);
  }

  /**
   * Entities matching a filter, ordered by key unless `orderBy` says otherwise. Managed rows come
   * back as the managed instance, with their unflushed changes.
   * @example await em.find(Book, { price: op({ $gte: '10.00' }) }, { orderBy: { price: 'desc' }, limit: 20, populate: ['author'] });
   */
  find<T extends object, P extends PopulatePath<T> = never, F extends DataKeys<T> = never>(
    cls: EntityClass<T>,
    filter: Filter<T> = {},
    options: FindOptions<T, P, F> = {},
  ): Promise<Loaded<T, P, F>[]> {
    return this.loader.find(cls, filter, options as Unchecked) as Promise<never>;
  }

  /**
   * Entities from a raw SELECT: each row carries the entity's columns under their column names
   * (a missing key column is a `QueryError`). Managed rows come back as the managed instance, with
   * their unflushed changes. Values interpolated in the template are bound parameters.
   * @example await em.findBySql(Author, sql`select * from authors where lower(name) like ${pattern}`);
   */
  findBySql<T extends object>(cls: EntityClass<T>, query: RawNode, options: ReadOptions = {}): Promise<T[]> {
    return this.loader.findBySql(cls, query, options);
  }

  /** Every entity of a class (`find(cls, {}, options)`). */
  findAll<T extends object, P extends PopulatePath<T> = never, F extends DataKeys<T> = never>(
    cls: EntityClass<T>,
    options: FindOptions<T, P, F> = {},
  ): Promise<Loaded<T, P, F>[]> {
    return this.loader.find(cls, {}, options as Unchecked) as Promise<never>;
  }

  /** The number of rows a filter matches. */
  count<T extends object>(cls: EntityClass<T>, filter: Filter<T> = {}, options: ReadOptions = {}): Promise<number> {
    return this.loader.count(cls, filter, options);
  }

  /** Whether a filter matches any row (reads at most one). */
  exists<T extends object>(cls: EntityClass<T>, filter: Filter<T> = {}, options: ReadOptions = {}): Promise<boolean> {
    return this.loader.exists(cls, filter, options);
  }

  /** A page by `limit`/`offset` and the total the filter matches: `[items, total]`. */
  findAndCount<T extends object, P extends PopulatePath<T> = never, F extends DataKeys<T> = never>(
    cls: EntityClass<T>,
    filter: Filter<T> = {},
    options: FindOptions<T, P, F> = {},
  ): Promise<[Loaded<T, P, F>[], number]> {
    return this.loader.findAndCount(cls, filter, options as Unchecked) as Promise<never>;
  }

  /**
   * Keyset pagination: `first` entities after the cursor, in `orderBy` then key order. Cursors are
   * opaque and stay valid while rows are inserted or deleted.
   * @example
   * const page1 = await em.findByCursor(Book, {}, { orderBy: { title: 'asc' }, first: 20 });
   * const page2 = await em.findByCursor(Book, {}, { orderBy: { title: 'asc' }, first: 20, after: page1.endCursor });
   */
  findByCursor<T extends object, P extends PopulatePath<T> = never>(
    cls: EntityClass<T>,
    filter: Filter<T>,
    options: CursorOptions<T, P>,
  ): Promise<CursorPage<Loaded<T, P>>> {
    return this.loader.findByCursor(cls, filter, options as Unchecked) as Promise<never>;
  }

  /**
   * Loads relations into entities in memory, one SELECT per level for all; loaded ones from memory.
   * @example const [post] = await em.populate(await em.find(Post, { id: 1 }), ['comments.author']);
   */
  async populate<I extends object, P extends PopulatePath<EntityType<I>>>(
    entities: I,
    paths: readonly P[],
    options: PopulateOptions = {},
  ): Promise<WithPopulated<I, P>> {
    await this.loader.populate(Array.isArray(entities) ? entities : [entities], paths, options);
    return entities as never;
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
  ): AsyncIterable<Loaded<T>> {
    return this.loader.stream(cls, filter, options) as AsyncIterable<Loaded<T>>;
  }

  /**
   * A typed query builder on `cls`: joins, GROUP BY / HAVING, aggregates and subqueries, answered
   * as typed rows (`getRows`), managed entities (`getEntities`) or a count. See docs/query-builder.md.
   * @example
   * const top = await em.createQueryBuilder(Invoice)
   *   .select((i) => ({ customer: i.customer.customerId, spent: sum(i.total) }))
   *   .groupBy((i) => [i.customer.customerId]).orderBy((_, out) => [desc(out.spent)]).limit(5).getRows();
   */
  createQueryBuilder<T extends object>(cls: EntityClass<T>, options: FilterOptions = {}): QueryBuilder<T> {
    return this.loader.createQueryBuilder(cls, options);
  }
}
