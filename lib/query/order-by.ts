/**
 * `OrderBy<T>`: sorting by properties, through embeddables and to-one relations, typed from the
 * entity class like filters are: `{ price: 'desc', author: { name: 'asc' } }`. Keys sort in the
 * order they are written.
 */
import type { CompileError } from '../errors/index.js';
import type { DataKeys } from '../mapping/index.js';
import type { ScalarValue } from './filter.js';

export type OrderDirection = 'asc' | 'desc';

/** How a property `K` of type `V` sorts: a direction for a column, a nested order for a to-one object. */
export type OrderCondition<V, K extends string = string> = unknown extends V
  ? CompileError<`${K} is a json property, which has no order: sort by a column of a known type`>
  : [NonNullable<V>] extends [ScalarValue]
    ? OrderDirection | CompileError<`${K} sorts 'asc' or 'desc'`>
    : NonNullable<V> extends readonly unknown[]
      ? CompileError<`${K} is a to-many relation, which has no one value to sort by: sort by columns and to-one relations`>
      : OrderBy<NonNullable<V>> | CompileError<`${K} sorts by its own properties: { ${K}: { property: 'asc' } }`>;

/**
 * The sort order of a query on entities of class `T`.
 * @example const order: OrderBy<Track> = { album: { title: 'asc' }, milliseconds: 'desc' };
 */
export type OrderBy<T> = { readonly [K in DataKeys<T>]?: OrderCondition<T[K], K> };
