/**
 * `OrderBy<T>`: sorting by properties, through embeddables and to-one relations, typed from the
 * entity class like filters are: `{ price: 'desc', author: { name: 'asc' } }`. Keys sort in the
 * order they are written.
 */
import type { DataKeys } from '../mapping/index.js';
import type { ScalarValue } from './filter.js';

export type OrderDirection = 'asc' | 'desc';

/** How a property of type `V` sorts: a direction for a column, a nested order for a to-one object. */
export type OrderCondition<V> = unknown extends V
  ? never
  : [NonNullable<V>] extends [ScalarValue]
    ? OrderDirection
    : NonNullable<V> extends readonly unknown[]
      ? never
      : OrderBy<NonNullable<V>>;

/**
 * The sort order of a query on entities of class `T`.
 * @example const order: OrderBy<Track> = { album: { title: 'asc' }, milliseconds: 'desc' };
 */
export type OrderBy<T> = { readonly [K in DataKeys<T>]?: OrderCondition<T[K]> };
