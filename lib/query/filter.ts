/**
 * `Filter<T>`: the filter language, typed from an entity class's properties — the same types the
 * mapper was checked against by `defineEntity` — so a wrong path or a value of the wrong type is a
 * `tsc` error. Scalars take a value or operators branded by `op()`; to-one relations and embeddables take a nested
 * filter (a relation also an entity or its key); to-many relations take `$some`/`$every`/`$none`.
 */
import type { CompileError } from '../errors/index.js';
import type { DataKeys } from '../mapping/index.js';
import type { ComparedWith, TypeName } from '../types/index.js';
import type { LoadedAs } from './loaded.js';
import type { Op } from './op.js';

/** Values stored in one column. */
export type ScalarValue = string | number | bigint | boolean | Date | Buffer;

/** A related entity's key, as `{ author: 3 }` compares it (composite keys: the values in key order). */
export type KeyValue = string | number | bigint | readonly (string | number | bigint)[];

/**
 * A composite key's values in key order, as a filter takes them: every array of key values fits.
 * Not an array type on purpose: TypeScript stops explaining an error inside a union that holds
 * one, so with it `{ album: { artist: { name: 42 } } }` would be reported at `album` instead of
 * at `name`. (`concat` keeps typed arrays and other array-likes out, as the array type did.)
 */
export interface CompositeKey {
  readonly length: number;
  readonly [index: number]: string | number | bigint;
  readonly concat: unknown;
}

type IsNullable<V> = null extends V ? true : undefined extends V ? true : false;
type OrNull<V, N> = N extends true ? V | null : V;

// The sentences a wrong filter shows, with the property's name and the fix. Unions holding them
// are built inside conditional types so that `tsc` prints their members, not an alias name.
type ValueSentence<K extends string, V, N> = N extends true
  ? `${K} is ${TypeName<V>} or null: compare it with ${ComparedWith<V>}, or null`
  : `${K} is ${TypeName<V>}, never null: compare it with ${ComparedWith<V>}`;
type OrderedSentence<K extends string, V> = `${K} is ${TypeName<V>}: compare it with ${ComparedWith<V>}`;
type LikeSentence<
  K extends string,
  V,
> = `$like and $ilike match text, and ${K} is ${TypeName<V>}: use $eq, $in, $gt or $lt`;
type NullSentence<K extends string> = `${K} is NOT NULL, so $null does not apply: leave it out`;
type RelationSentence<K extends string> =
  `${K} takes a filter on its class's properties, or (a relation) the related entity or its key`;
type ToManySentence<K extends string> =
  `${K} is a to-many relation: filter it with $some, $every or $none (a bare filter means $some)`;
type ListSentence<L extends string> = `${L} takes a list of filters: ${L}: [{ … }, { … }]`;

/** A value compared with `K` (ordering operators, `$in`): `V`, or the sentence saying what it must be. */
type Ordered<V, K extends string> = [V] extends [unknown] ? V | CompileError<OrderedSentence<K, V>> : never;
/** A value `K` equals (a bare value, `$eq`, `$ne`): `V` (or null where it may be NULL), or the sentence. */
type Equated<V, N, K extends string> = [V] extends [unknown]
  ? OrNull<V, N> | CompileError<ValueSentence<K, V, N>>
  : never;

/** Operators on a column of JS type `V` (`N`: whether it may be NULL; `K`: its name, for messages). `$like`/`$ilike` on text only. */
export interface ValueOperators<V, N extends boolean = boolean, K extends string = string> {
  readonly $eq?: Equated<V, N, K>;
  readonly $ne?: Equated<V, N, K>;
  readonly $gt?: Ordered<V, K>;
  readonly $gte?: Ordered<V, K>;
  readonly $lt?: Ordered<V, K>;
  readonly $lte?: Ordered<V, K>;
  readonly $in?: readonly Ordered<V, K>[];
  readonly $nin?: readonly Ordered<V, K>[];
  /** Case-sensitive LIKE, `\` escapes; build patterns from user text with `like.contains(…)`. */
  readonly $like?: [V] extends [string] ? string : CompileError<LikeSentence<K, V>>;
  /** Case-insensitive LIKE (see docs/querying.md for what folds on SQLite). */
  readonly $ilike?: [V] extends [string] ? string : CompileError<LikeSentence<K, V>>;
  /** `true`: IS NULL, `false`: IS NOT NULL. Only on nullable columns. */
  readonly $null?: N extends true ? boolean : CompileError<NullSentence<K>>;
}

/**
 * A scalar property: a value (equality; `null` is IS NULL) or operators branded by `op()`. A bare
 * `{ $gt: 1 }` is refused: a plain object here is data (perhaps parsed from a request), not syntax.
 */
export type ValueCondition<V, N extends boolean, K extends string = string> = [V] extends [unknown]
  ? Equated<V, N, K> | Op<ValueOperators<V, N, K>>
  : never;

/** Operators on a to-one relation's key: `{ author: op({ $in: [1, 2] }) }`. */
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
export type ObjectCondition<U, N extends boolean, K extends string = string> = [U] extends [unknown]
  ?
      | Filter<U>
      | OrNull<U | LoadedAs<U> | string | number | bigint | CompositeKey, N>
      | Op<KeyOperators<N>>
      | CompileError<RelationSentence<K>>
  : never;

/** The quantifiers of a to-many relation's condition. */
export interface Quantifiers<E> {
  /** At least one related row matches. */
  readonly $some?: Filter<E>;
  /** Every related row matches (true when there is none). */
  readonly $every?: Filter<E>;
  /** No related row matches (with `{}`: there is no related row). */
  readonly $none?: Filter<E>;
}

/** A to-many relation: which of the related rows must match. A bare filter means `$some`. */
export type ToManyCondition<E, K extends string = string> = [E] extends [unknown]
  ? Filter<E> | Quantifiers<E> | CompileError<ToManySentence<K>>
  : never;

/** What a property `K` of type `V` accepts in a filter. */
export type Condition<V, K extends string = string> = unknown extends V
  ? Op<{ readonly $null?: boolean }>
  : [NonNullable<V>] extends [ScalarValue]
    ? ValueCondition<NonNullable<V>, IsNullable<V>, K>
    : NonNullable<V> extends readonly (infer E)[]
      ? ToManyCondition<E, K>
      : ObjectCondition<NonNullable<V>, IsNullable<V>, K>;

/** The logical combinators of a filter. */
export interface LogicalFilter<T> {
  /** All of the filters match (the same as listing their properties side by side). */
  readonly $and?: readonly Filter<T>[] | CompileError<ListSentence<'$and'>>;
  /** At least one of the filters matches. */
  readonly $or?: readonly Filter<T>[] | CompileError<ListSentence<'$or'>>;
  /** The filter does not match (SQL's three-valued logic: a NULL comparison matches neither way). */
  readonly $not?: Filter<T>;
}

/**
 * A filter on entities of class `T`. Properties side by side must all match.
 * @example
 * const cheapByA: Filter<Book> = { price: op({ $lt: '10.00' }), author: { name: op({ $like: 'A%' }) } };
 */
export type Filter<T> = { readonly [K in DataKeys<T>]?: Condition<T[K], K> } & LogicalFilter<T>;

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
