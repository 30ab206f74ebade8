/**
 * `EntityRepository<T>`: the EntityManager's operations for one entity class, bound to the
 * scope's EntityManager. Resolve it with `scope.get(repositoryToken(Book))`.
 */
import type { EntityManager } from '../entity-manager/index.js';
import type { FindOptions } from '../loading/index.js';
import type { DataKeys, EntityClass } from '../mapping/index.js';
import type { Filter, KeyValue, Loaded, LoadedMark, PopulatePath } from '../query/index.js';

/**
 * @example
 * const books = scope.get(repositoryToken(Book));
 * const cheap = await books.find({ price: op({ $lt: '10.00' }) }, { orderBy: { price: 'asc' } });
 */
export class EntityRepository<T extends object> {
  constructor(
    /** The EntityManager of the scope this repository was resolved in. */
    readonly em: EntityManager,
    readonly entityClass: EntityClass<T>,
  ) {}

  find<P extends PopulatePath<T> = never, F extends DataKeys<T> = never>(
    filter: Filter<T> = {},
    options: FindOptions<T, P, F> = {},
  ): Promise<Loaded<T, P, F>[]> {
    return this.em.find(this.entityClass, filter, options);
  }

  findOne<P extends PopulatePath<T> = never, F extends DataKeys<T> = never>(
    keyOrFilter: KeyValue | Filter<T>,
    options: FindOptions<T, P, F> = {},
  ): Promise<Loaded<T, P, F> | null> {
    return this.em.findOne(this.entityClass, keyOrFilter, options);
  }

  findOneOrFail<P extends PopulatePath<T> = never, F extends DataKeys<T> = never>(
    keyOrFilter: KeyValue | Filter<T>,
    options: FindOptions<T, P, F> = {},
  ): Promise<Loaded<T, P, F>> {
    return this.em.findOneOrFail(this.entityClass, keyOrFilter, options);
  }

  count(filter: Filter<T> = {}): Promise<number> {
    return this.em.count(this.entityClass, filter);
  }

  persist(...entities: (T | LoadedMark<T>)[]): this {
    this.em.persist(...entities);
    return this;
  }

  remove(...entities: (T | LoadedMark<T>)[]): this {
    this.em.remove(...entities);
    return this;
  }
}
