/**
 * The options of `em.find` and its siblings, typed from the entity class: `orderBy` and
 * `populate` paths are checked by `tsc` like filters are.
 */
import type { DataKeys } from '../mapping/index.js';
import type { OrderBy, PopulatePath } from '../query/index.js';
import type { FilterOptions } from './global-filters.js';

/** Row locks for `em.lock` and `find(…, { lock })`: FOR UPDATE or FOR SHARE (SQLite locks the whole database instead). */
export type LockMode = 'pessimistic-write' | 'pessimistic-read';

export type { PopulatePath } from '../query/index.js';

/**
 * How `populate` loads relations. `'select-in'` (the default): one more SELECT per relation level,
 * `WHERE key IN (…)` chunked under the bind limit. `'joined'`: the roots and every level in one
 * SELECT with LEFT JOINs — fewer round trips, but each root row is repeated once per joined member.
 */
export type PopulateStrategy = 'select-in' | 'joined';

/**
 * Options of `em.find`, `em.findOne` and `em.findAndCount`. `P` and `F` are the populate paths and
 * fields a call gives, inferred from the literals so that the result is `Loaded<T, P, F>`.
 */
export interface FindOptions<T, P extends string = PopulatePath<T>, F extends string = DataKeys<T>>
  extends FilterOptions {
  /** Default: the primary key, ascending. */
  readonly orderBy?: OrderBy<T> | undefined;
  readonly limit?: number | undefined;
  readonly offset?: number | undefined;
  /**
   * Plain hydrated instances: not put in the identity map, no snapshots, never flushed; their
   * to-one relations are unmanaged stubs holding the key.
   */
  readonly readOnly?: boolean | undefined;
  /** Locks the rows until the transaction ends; inside `em.transactional` only. */
  readonly lock?: 'pessimistic-write' | 'pessimistic-read' | undefined; // LockMode, spelled out so that tsc lists the two
  /** Relations to load with the entities, one query per relation level unless `strategy` says `'joined'`. */
  readonly populate?: readonly P[] | undefined;
  /**
   * How `populate` loads (MikroORM's option name and values). Default `'select-in'`. With
   * `'joined'`, `limit`/`offset` still count roots (a to-many join pages the roots in a subquery);
   * it cannot be combined with `lock`. An unknown value is a `QueryError`.
   * @example await em.find(Author, {}, { populate: ['books.tags'], strategy: 'joined', limit: 10 });
   */
  readonly strategy?: PopulateStrategy | undefined;
  /**
   * Partial loading: only these properties' columns are selected (the key, version and STI
   * discriminator always are); the others stay `undefined` and the flush never writes them.
   * `em.refresh` loads the whole row. A populated to-one outside the fields has its FK column
   * loaded too, so `fields: ['title'], populate: ['author']` gives the author (as MikroORM does).
   */
  readonly fields?: readonly F[] | undefined;
  /**
   * Cancels the find: when it aborts while a SELECT runs (the find's own or a populate's), the
   * statement is cancelled on the server and the find rejects with QueryCancelledError. Adds to
   * the signal of the EntityManager's fork and of the running `transactional`.
   * @example await em.find(Book, {}, { signal: AbortSignal.timeout(2000) });
   */
  readonly signal?: AbortSignal | undefined;
  /**
   * `false`: read from the primary even outside a transaction, where a replica would answer
   * (docs/scaling.md). No effect without `replicas`, nor inside a transaction (always the primary).
   */
  readonly replica?: boolean | undefined;
}

/** Options of `em.count`, `em.exists` and `em.findBySql`. */
export interface ReadOptions extends FilterOptions {
  /** Cancels the statement on the server when it aborts (QueryCancelledError); see FindOptions.signal. */
  readonly signal?: AbortSignal | undefined;
  /** `false`: read from the primary, not a replica; see FindOptions.replica. */
  readonly replica?: boolean | undefined;
}
