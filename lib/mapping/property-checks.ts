/**
 * The compile-time checks of `defineEntity` / `defineEmbeddable`: every mapped name is a property
 * of the class, every property is mapped or transient, and each builder fits its property's type
 * (column JS type, nullability, relation target, array or not). A failed check shows up in the
 * editor as the builder not being assignable to a sentence saying what is wrong.
 */
import type { CompileError } from '../errors/index.js';
import type { TypeKind, TypeName, TypeNames } from '../types/index.js';
import type { ColumnBuilder, ColumnDefinition } from './column-builder.js';
import type { DataKeys } from './entity-class.js';
import type { EmbeddedDefinition, TransientBuilder } from './embedded-builder.js';
import type { ForeignKeyBuilder, ForeignKeyDefinition } from './foreign-key-builder.js';
import type { RelationDefinition, RelationKind } from './relation-builders.js';

/** The `kind` tag of every property builder. */
export type PropertyKind = 'column' | RelationKind | 'inverse-one-to-one' | 'embedded' | 'transient' | 'foreign-key';

/** What any property builder recorded. */
export type PropertyDefinition =
  | ColumnDefinition
  | RelationDefinition
  | EmbeddedDefinition
  | ForeignKeyDefinition
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
/** `A` and `B` assignable both ways: what the builders' invariant type parameters demand. */
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;

// The sentences a failed check shows: the property, what is wrong in the mapper's words, the fix.
// The checks return them wrapped, `CompileError<Sentence>`: an object type, which the compiler
// does not look into while the mapper's types are still being inferred (it walks every branch of
// these checks once per property then), and which it prints with the sentence spelled out.
type NotAProperty<K extends string> =
  `${K} is not a property of the class: correct the name, or declare the property on the class`;
type MappedByBase<K extends string> =
  `${K} is mapped by the base class's mapper; map only the subclass's own properties here`;
type NotMapped<K extends string> = `${K} is not mapped: map it, or mark it p.transient()`;
type NullableMismatch<K extends string> =
  `${K} is nullable, but the property accepts neither null nor undefined: type it '| null' or make it optional, or drop .nullable()`;
type NotNullMismatch<K extends string> =
  `${K}: the property accepts null, but the column is NOT NULL: add .nullable(), or drop '| null' from the property`;
type LossyBigint<K extends string> =
  `${K}: a bigint column reads bigint; for a number property opt in with p.bigint({ asNumber: true }) (lossy beyond 2^53)`;
type ColumnMismatch<
  K extends string,
  J,
  V,
> = `${K}: the column reads ${TypeName<J>}, but the property is ${TypeName<V>}: map it with ${ColumnBuilders[TypeKind<V>]}`;
type NotArray<K extends string> =
  `${K} is not an array, so a to-many relation does not fit: map it with p.manyToOne or p.oneToOne, or type it as an array`;
type ArrayToOne<K extends string> = `${K} is an array, so map it with p.oneToMany or p.manyToMany`;
type InverseNotNullable<K extends string> =
  `${K} is the inverse side of a one-to-one, which may be absent: type it '| null' or make it optional`;
type WrongTarget<K extends string> =
  `${K}: the relation targets another class than the property's type: make its arrow return the property's class`;
type WrongEmbeddable<K extends string> =
  `${K}: p.embedded(…) takes the embeddable of another class than the property's type: pass the property's class's embeddable`;

type ForeignKeyNoRelation<
  K extends string,
  R extends string,
> = `${K}: p.foreignKey('${R}') names no property of this mapper: name the many-to-one or one-to-one whose key ${K} holds`;
type ForeignKeyNotToOne<
  K extends string,
  R extends string,
> = `${K}: ${R} is not a many-to-one or owning one-to-one, so it has no foreign-key column for ${K} to read`;
type ForeignKeyNotScalar<K extends string> =
  `${K}: a foreign key holds its target's key: type the property number, string or bigint (like the key)`;
type ForeignKeyWrongType<
  K extends string,
  R extends string,
> = `${K}: the property's type is not the type of the key of ${R}'s target: type it like that key`;

/** The builders whose column reads each kind of value (`TypeKind`), for "map it with …". */
interface ColumnBuilders extends Record<keyof TypeNames, string> {
  never: 'a builder of its type';
  unknown: 'p.json()';
  boolean: 'p.boolean()';
  number: 'p.integer(), p.float() or p.double()';
  'narrower number': 'p.json<ThatType>()';
  bigint: 'p.bigint()';
  string: 'p.string(), p.text(), p.decimal(), p.uuid() or p.date()';
  'narrower string': 'p.enum([…] as const) of its values, or p.string<ThatType>()';
  Date: 'p.datetime()';
  Buffer: 'p.blob()';
  array: 'p.json<ThatType>(), or a to-many relation builder';
  object: 'p.json<ThatType>(), p.embedded(…), or a to-one relation builder';
}

/**
 * Nullability check shared by columns, owning to-one relations and embeddables: a nullable
 * column needs a property that accepts null or undefined; a property typed `| null` needs a
 * nullable column. (An optional property on a NOT NULL column is fine: generated keys, defaults.)
 */
type IfNullableFits<K extends string, V, N, Fits> = [N] extends [true]
  ? AcceptsNull<V> extends true
    ? Fits
    : CompileError<NullableMismatch<K>>
  : DeclaresNull<V> extends true
    ? CompileError<NotNullMismatch<K>>
    : Fits;

/** A column reading `J` on a property of type `V`: builder `B` itself when it fits. */
type CheckColumn<K extends string, V, J, N, B> = IfNullableFits<
  K,
  V,
  N,
  Same<J, Base<V>> extends true
    ? B
    : [J] extends [bigint]
      ? [Base<V>] extends [number]
        ? CompileError<LossyBigint<K>>
        : CompileError<ColumnMismatch<K, J, Base<V>>>
      : CompileError<ColumnMismatch<K, J, Base<V>>>
>;

/** A relation (or embedded) builder `B` of `Kind` to class `U`, nullable per `N`, on a property of type `V`. */
type CheckRelation<K extends string, V, B, Kind, U, N> = Kind extends 'one-to-many' | 'many-to-many'
  ? IsArray<V> extends true
    ? Same<U, ElementOf<V>> extends true
      ? B
      : CompileError<WrongTarget<K>>
    : CompileError<NotArray<K>>
  : IsArray<V> extends true
    ? CompileError<ArrayToOne<K>>
    : Kind extends 'inverse-one-to-one'
      ? AcceptsNull<V> extends true
        ? Same<U, NonNullable<V>> extends true
          ? B
          : CompileError<WrongTarget<K>>
        : CompileError<InverseNotNullable<K>>
      : IfNullableFits<
          K,
          V,
          N,
          Same<U, NonNullable<V>> extends true
            ? B
            : CompileError<Kind extends 'embedded' ? WrongEmbeddable<K> : WrongTarget<K>>
        >;

/** The scalar types of `U`'s data properties: the candidates for its key's type. */
type ScalarsOf<U> = {
  [P in DataKeys<U>]: NonNullable<U[P]> extends number | string | bigint ? NonNullable<U[P]> : never;
}[DataKeys<U>];
/**
 * The key type of target `U` as far as the class tells it: the type of `id` when it has one, else
 * any of its scalar properties' (the mapper, not the class, says which is the key).
 */
type KeyLike<V, U> = 'id' extends keyof U
  ? Same<V, NonNullable<U['id' & keyof U]>>
  : V extends ScalarsOf<U>
    ? true
    : false;

/**
 * The builder of relation `R`: this mapper's own, else its base's (STI). Own builders first: `BP`
 * can be inferred from an `indexes` entry as `{ name: any }`, which would make every check pass and fail.
 */
type BuilderOf<R extends string, P, Base> = R extends keyof P ? P[R] : R extends keyof Base ? Base[R] : never;

/** `p.foreignKey(R)` on property `K` of type `V`: `R` an owning to-one of the mapper, `V` its key's type. */
type CheckForeignKey<K extends string, V, R extends string, RB, B> = [RB] extends [never]
  ? CompileError<ForeignKeyNoRelation<K, R>>
  : RB extends { readonly kind: 'many-to-one' | 'one-to-one'; readonly __target: (value: infer U) => unknown }
    ? [Base<V>] extends [number | string | bigint]
      ? IfNullableFits<
          K,
          V,
          RB extends { readonly __nullable: infer N } ? N : false,
          KeyLike<Base<V>, U> extends true ? B : CompileError<ForeignKeyWrongType<K, R>>
        >
      : CompileError<ForeignKeyNotScalar<K>>
    : CompileError<ForeignKeyNotToOne<K, R>>;

/**
 * What builder `B` must be to fit a property `K` of type `V`: `B` itself when it fits, else the
 * sentence saying what is wrong. Relations and embeddables are read through their invariant
 * `__target` marker (the target class) and their `kind` tag.
 */
export type CheckProperty<K extends string, V, B> = B extends TransientBuilder
  ? B
  : B extends ColumnBuilder<infer J, infer N>
    ? CheckColumn<K, V, J, N, B>
    : B extends { readonly kind: infer Kind; readonly __target: (value: infer U) => unknown }
      ? CheckRelation<K, V, B, Kind, U, B extends { readonly __nullable: infer N } ? N : false>
      : never;

/**
 * `P` checked against class `T`: each key of `P` must be one of `Keys` (by default all data
 * properties of `T`) with a fitting builder, and each of `Keys` must appear in `P`. The unmapped
 * keys come first, so the sentence saying so leads the message rather than being cut from its end.
 */
export type CheckedProperties<T, P, Keys extends string = DataKeys<T>, BaseBuilders = {}> = {
  [K in Exclude<Keys, keyof P>]: CompileError<NotMapped<K>>;
} & {
  // `& string` makes this mapped type non-homomorphic: the compiler then does not also try to
  // infer `P` backwards through the checks, work whose result it would discard anyway.
  [K in keyof P & string]: K extends Keys
    ? P[K] extends ForeignKeyBuilder<infer R>
      ? CheckForeignKey<K, T[K & keyof T], R, BuilderOf<R, P, BaseBuilders>, P[K]>
      : CheckProperty<K, T[K & keyof T], P[K]>
    : K extends DataKeys<T>
      ? CompileError<MappedByBase<K>>
      : CompileError<NotAProperty<K>>;
};
