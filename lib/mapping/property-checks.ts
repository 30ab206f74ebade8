/**
 * The compile-time checks of `defineEntity` / `defineEmbeddable`: every mapped name is a property
 * of the class, every property is mapped or transient, and each builder fits its property's type
 * (column JS type, nullability, relation target, array or not). A failed check shows up in the
 * editor as the builder not being assignable to a sentence saying what is wrong.
 */
import type { ColumnBuilder, ColumnDefinition } from './column-builder.js';
import type { DataKeys } from './entity-class.js';
import type { EmbeddedBuilder, EmbeddedDefinition, TransientBuilder } from './embedded-builder.js';
import type {
  InverseOneToOneBuilder,
  ManyToManyBuilder,
  ManyToOneBuilder,
  OneToManyBuilder,
  OneToOneBuilder,
  RelationDefinition,
  RelationKind,
} from './relation-builders.js';

/** The `kind` tag of every property builder. */
export type PropertyKind = 'column' | RelationKind | 'inverse-one-to-one' | 'embedded' | 'transient';

/** What any property builder recorded. */
export type PropertyDefinition =
  | ColumnDefinition
  | RelationDefinition
  | EmbeddedDefinition
  | { readonly kind: 'transient' };

/** Any builder a mapper's `properties` may hold (matched by its `kind` tag). */
export interface AnyPropertyBuilder {
  readonly kind: PropertyKind;
  readonly definition: PropertyDefinition;
}

type AcceptsNull<V> = null extends V ? true : undefined extends V ? true : false;
/** `unknown` (a json property) accepts anything, so it says nothing about the column's nullability. */
type DeclaresNull<V> = unknown extends V ? false : null extends V ? true : false;
/** The property's type without null/undefined (`unknown` stays `unknown`, for json columns). */
type Base<V> = unknown extends V ? unknown : NonNullable<V>;
type ElementOf<V> = NonNullable<V> extends readonly (infer E)[] ? E : never;
type IsArray<V> = NonNullable<V> extends readonly unknown[] ? true : false;

type NullableMismatch<K extends string> =
  `${K} is nullable, but the property accepts neither null nor undefined: type it '| null' or make it optional`;
type NotNullMismatch<K extends string> =
  `${K}: the property accepts null, but the column is NOT NULL: add .nullable(), or drop '| null' from the property`;
type LossyBigint<K extends string> =
  `${K}: a bigint column reads bigint; for a number property opt in with p.bigint({ asNumber: true }) (lossy beyond 2^53)`;
type NotArray<K extends string> = `${K} is a to-many relation, so the property must be an array`;
type ArrayToOne<K extends string> = `${K} is an array, so map it with p.oneToMany or p.manyToMany`;
type InverseNotNullable<K extends string> =
  `${K} is the inverse side of a one-to-one, which may be absent: type it '| null' or make it optional`;

/**
 * Nullability check shared by columns, owning to-one relations and embeddables: a nullable
 * column needs a property that accepts null or undefined; a property typed `| null` needs a
 * nullable column. (An optional property on a NOT NULL column is fine: generated keys, defaults.)
 */
type IfNullableFits<K extends string, V, N, Expected> = [N] extends [true]
  ? AcceptsNull<V> extends true
    ? Expected
    : NullableMismatch<K>
  : DeclaresNull<V> extends true
    ? NotNullMismatch<K>
    : Expected;

type CheckColumn<K extends string, V, J, N> = IfNullableFits<
  K,
  V,
  N,
  [J] extends [bigint]
    ? [Base<V>] extends [number]
      ? LossyBigint<K>
      : ColumnBuilder<Base<V>, boolean>
    : ColumnBuilder<Base<V>, boolean>
>;

type CheckToOne<K extends string, V, N, Expected> =
  IsArray<V> extends true ? ArrayToOne<K> : IfNullableFits<K, V, N, Expected>;

type CheckToMany<K extends string, V, Expected> = IsArray<V> extends true ? Expected : NotArray<K>;

/** What builder `B` must be to fit a property `K` of type `V`: `B` itself when it fits. */
export type CheckProperty<K extends string, V, B> = B extends TransientBuilder
  ? TransientBuilder
  : B extends ColumnBuilder<infer J, infer N>
    ? CheckColumn<K, V, J, N>
    : B extends { readonly kind: 'many-to-one'; readonly __nullable: infer N }
      ? CheckToOne<K, V, N, ManyToOneBuilder<NonNullable<V>, boolean>>
      : B extends { readonly kind: 'one-to-one'; readonly __nullable: infer N }
        ? CheckToOne<K, V, N, OneToOneBuilder<NonNullable<V>, boolean>>
        : B extends { readonly kind: 'inverse-one-to-one' }
          ? AcceptsNull<V> extends true
            ? CheckToOne<K, V, true, InverseOneToOneBuilder<NonNullable<V>, string>>
            : InverseNotNullable<K>
          : B extends { readonly kind: 'one-to-many' }
            ? CheckToMany<K, V, OneToManyBuilder<ElementOf<V>, string>>
            : B extends { readonly kind: 'many-to-many' }
              ? CheckToMany<K, V, ManyToManyBuilder<ElementOf<V>, string>>
              : B extends { readonly kind: 'embedded'; readonly __nullable: infer N }
                ? CheckToOne<K, V, N, EmbeddedBuilder<NonNullable<V>, boolean>>
                : never;

/**
 * `P` checked against class `T`: each key of `P` must be one of `Keys` (by default all data
 * properties of `T`) with a fitting builder, and each of `Keys` must appear in `P`.
 */
export type CheckedProperties<T, P, Keys extends string = DataKeys<T>> = {
  [K in keyof P]: K extends Keys
    ? CheckProperty<K, T[K & keyof T], P[K]>
    : K extends DataKeys<T>
      ? `${K} is mapped by the base class's mapper; map only the subclass's own properties here`
      : `${K & string} is not a property of the class`;
} & {
  [K in Exclude<Keys, keyof P>]: `${K} is not mapped: map it, or mark it p.transient()`;
};
