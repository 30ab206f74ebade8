/**
 * `JoinPath<T>`: the dotted relation paths a builder can join, typed from the entity class up to
 * three relations deep (`'customer'`, `'invoices.lines'`, `'lines.track.genre'`). A class cannot
 * tell an embeddable from a to-one relation, so joining an embeddable is a QueryError at run time.
 */
import type { DataKeys } from '../../mapping/index.js';
import type { ScalarValue } from '../filter.js';

type Element<V> = NonNullable<V> extends readonly (infer E)[] ? E : NonNullable<V>;

type ObjectKeys<T> = {
  [K in DataKeys<T>]-?: unknown extends T[K] ? never : [NonNullable<T[K]>] extends [ScalarValue] ? never : K;
}[DataKeys<T>];

type Depth = [never, 0, 1, 2];

/** A relation path of `T`: a relation, or a relation followed by a path of its target. */
export type JoinPath<T, D extends number = 3> = [D] extends [never]
  ? never
  : { [K in ObjectKeys<T>]: K | `${K}.${JoinPath<Element<T[K]>, Depth[D]>}` }[ObjectKeys<T>];
