/**
 * `Filter<T>`: the filter language, typed from an entity class's properties — the same types the
 * mapper was checked against by `defineEntity` — so a wrong path or a value of the wrong type is a
 * `tsc` error. Scalars take a value or operators; to-one relations and embeddables take a nested
 * filter (a relation also an entity or its key); to-many relations take `$some`/`$every`/`$none`.
 */
import type { DataKeys } from '../mapping/index.js';

/** Values stored in one column. */
export type ScalarValue = string | number | bigint | boolean | Date | Buffer;

/** A related entity's key, as `{ author: 3 }` compares it (composite keys: the values in key order). */
export type KeyValue = string | number | bigint | readonly (string | number | bigint)[];

type IsNullable<V> = null extends V ? true : undefined extends V ? true : false;
type OrNull<V, N> = N extends true ? V | null : V;

/** Operators on a column of JS type `V` (`N`: whether it may be NULL). `$like`/`$ilike` on text only. */
export interface ValueOperators<V, N extends boolean = boolean> {
  readonly $eq?: OrNull<V, N>;
  readonly $ne?: OrNull<V, N>;
  readonly $gt?: V;
  readonly $gte?: V;
  readonly $lt?: V;
  readonly $lte?: V;
  readonly $in?: readonly V[];
  readonly $nin?: readonly V[];
  /** Case-sensitive LIKE, `\` escapes; build patterns from user text with `like.contains(…)`. */
  readonly $like?: [V] extends [string] ? string : never;
  /** Case-insensitive LIKE (see docs/querying.md for what folds on SQLite). */
  readonly $ilike?: [V] extends [string] ? string : never;
  /** `true`: IS NULL, `false`: IS NOT NULL. Only on nullable columns. */
  readonly $null?: N extends true ? boolean : never;
}

/** A scalar property: a value (equality; `null` is IS NULL) or an operator object. */
export type ValueCondition<V, N extends boolean> = OrNull<V, N> | ValueOperators<V, N>;

/** Operators on a to-one relation's key: `{ author: { $in: [1, 2] } }`. */
export interface KeyOperators<N extends boolean> {
  readonly $eq?: OrNull<KeyValue, N>;
  readonly $ne?: OrNull<KeyValue, N>;
  readonly $in?: readonly KeyValue[];
  readonly $nin?: readonly KeyValue[];
  readonly $null?: N extends true ? boolean : never;
}

/**
 * A to-one relation or an embeddable: a nested filter on its properties, or (relations) the
 * related entity itself, its key, or key operators. `null` / `$null` where it may be absent.
 */
export type ObjectCondition<U, N extends boolean> = Filter<U> | OrNull<U | KeyValue, N> | KeyOperators<N>;

/** A to-many relation: which of the related rows must match. A bare filter means `$some`. */
export type ToManyCondition<E> =
  | Filter<E>
  | {
      /** At least one related row matches. */
      readonly $some?: Filter<E>;
      /** Every related row matches (true when there is none). */
      readonly $every?: Filter<E>;
      /** No related row matches (with `{}`: there is no related row). */
      readonly $none?: Filter<E>;
    };

/** What a property of type `V` accepts in a filter. */
export type Condition<V> = unknown extends V
  ? { readonly $null?: boolean }
  : [NonNullable<V>] extends [ScalarValue]
    ? ValueCondition<NonNullable<V>, IsNullable<V>>
    : NonNullable<V> extends readonly (infer E)[]
      ? ToManyCondition<E>
      : ObjectCondition<NonNullable<V>, IsNullable<V>>;

/** The logical combinators of a filter. */
export interface LogicalFilter<T> {
  /** All of the filters match (the same as listing their properties side by side). */
  readonly $and?: readonly Filter<T>[];
  /** At least one of the filters matches. */
  readonly $or?: readonly Filter<T>[];
  /** The filter does not match (SQL's three-valued logic: a NULL comparison matches neither way). */
  readonly $not?: Filter<T>;
}

/**
 * A filter on entities of class `T`. Properties side by side must all match.
 * @example
 * const cheapByA: Filter<Book> = { price: { $lt: '10.00' }, author: { name: { $like: 'A%' } } };
 */
export type Filter<T> = { readonly [K in DataKeys<T>]?: Condition<T[K]> } & LogicalFilter<T>;

/** The value operators, as the compiler knows them. */
export const VALUE_OPERATORS = [
  '$eq',
  '$ne',
  '$gt',
  '$gte',
  '$lt',
  '$lte',
  '$in',
  '$nin',
  '$like',
  '$ilike',
  '$null',
] as const;
export type ValueOperator = (typeof VALUE_OPERATORS)[number];

export const LOGICAL_OPERATORS = ['$and', '$or', '$not'] as const;
export const TO_MANY_OPERATORS = ['$some', '$every', '$none'] as const;
