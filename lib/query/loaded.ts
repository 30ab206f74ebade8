/**
 * `Loaded<T, P, F>`: what a find returns, typed from what it loaded. Entities are plain classes, so
 * the class alone cannot say which property is a relation (`author: Author`) and which an
 * embeddable or a JSON object (`address: Address`); the mappers can. A program registers its
 * mappers once, and the types of registered classes follow the populate paths and `fields`:
 *
 * ```ts
 * declare module 'tabula-orm' {
 *   interface RegisteredMappers { blog: typeof import('./mappers.js') }
 * }
 * ```
 *
 * A class no registered mapper maps is typed as before (`Loaded<T>` is `T`), so registering is
 * opt-in and existing code compiles unchanged. See docs/querying.md, "What was loaded is in the types".
 */
import type { DataKeys, KeyMark, PropertiesOf, VersionMark } from '../mapping/index.js';
import type { ScalarValue } from './filter.js';

/**
 * The mappers whose classes get `Loaded` types: augment it with one entry per module (or object,
 * or tuple) of mappers; the names of the entries are free. Empty: every class is typed as declared.
 * @example declare module 'tabula-orm' { interface RegisteredMappers { blog: typeof import('./mappers.js') } }
 */
// biome-ignore lint/suspicious/noEmptyInterface: an interface, so that programs can augment it
export interface RegisteredMappers {}

/** The phantom key of a Loaded type: which class it narrows. Type-level only, never set. */
export declare const loadedFrom: unique symbol;

type AnyMapper = {
  readonly kind: 'entity';
  readonly __entity: (value: never) => unknown;
  readonly __properties: unknown;
};
/** A registry entry's mappers: the mapper itself, or the mappers among an object's (a module's) values. */
type MappersIn<V> = V extends AnyMapper ? V : V extends object ? Extract<V[keyof V], AnyMapper> : never;
type Registered = MappersIn<RegisteredMappers[keyof RegisteredMappers]>;

/**
 * The registered mapper of exactly class `T` (`__entity` is invariant), or never. Deferred while
 * `T` is generic (`T extends unknown`): matched against each registered mapper, a generic `T`
 * made every generic signature of the library expand once per mapper.
 */
export type MapperOf<T> = T extends unknown ? MatchingMapper<Registered, T> : never;
type MatchingMapper<M, T> = M extends { readonly __entity: (value: T) => T } ? M : never;
type BuildersOf<T> = PropertiesOf<MapperOf<T>>;

type ToOneKind = 'many-to-one' | 'one-to-one';
type ToManyKind = 'one-to-many' | 'many-to-many';
type RelationKind = ToOneKind | ToManyKind | 'inverse-one-to-one';
type RelationKeys<B> = { [K in keyof B]: B[K] extends { readonly kind: RelationKind } ? K : never }[keyof B] & string;
type MarkedKeys<B, M> = { [K in keyof B]: B[K] extends M ? K : never }[keyof B] & string;

/** The key properties of a registered class (what a reference holds). */
export type KeyOf<T> = MarkedKeys<BuildersOf<T>, KeyMark> & keyof T;

type Element<V> = NonNullable<V> extends readonly (infer E)[] ? E : NonNullable<V>;
type Depth = [never, 0, 1, 2];

type IsObject<V> = unknown extends V
  ? false
  : [NonNullable<V>] extends [ScalarValue]
    ? false
    : NonNullable<V> extends object
      ? true
      : false;
/** An unregistered class's paths: every object-valued property (embeddables are refused at run time). */
type ObjectPath<T, D extends number> = [D] extends [never]
  ? never
  : {
      [K in DataKeys<T>]: IsObject<T[K]> extends true ? K | `${K}.${ObjectPath<Element<T[K]>, Depth[D]>}` : never;
    }[DataKeys<T>];
/**
 * A registered class's paths: relations only, four levels at most. One alias per level rather than
 * a depth counter: `tsc` then never explores a recursion it cannot bound when it compares paths
 * of generic classes, which made a registered program's check several times slower.
 */
type RelationKeysOf<T> = RelationKeys<BuildersOf<T>>;
type Target<T, K> = Element<T[K & keyof T]>;
type RelationPath1<T> = RelationKeysOf<T>;
type RelationPath2<T> = { [K in RelationKeysOf<T>]: K | `${K}.${RelationPath1<Target<T, K>>}` }[RelationKeysOf<T>];
type RelationPath3<T> = { [K in RelationKeysOf<T>]: K | `${K}.${RelationPath2<Target<T, K>>}` }[RelationKeysOf<T>];
type RelationPath4<T> = { [K in RelationKeysOf<T>]: K | `${K}.${RelationPath3<Target<T, K>>}` }[RelationKeysOf<T>];

/**
 * A relation path to load with the entities: `'author'`, `'comments.author'` (four levels at most
 * in types). For a registered class, relations only: an embeddable or JSON property is a `tsc` error.
 */
export type PopulatePath<T> = [MapperOf<T>] extends [never] ? ObjectPath<T, 3> : RelationPath4<T>;

type Head<L extends string> = L extends `${infer H}.${string}` ? H : L;
type Tail<L extends string, K extends string> = L extends `${K}.${infer R}` ? R : never;

/** The phantom mark: the class a Loaded type narrows, read by `em.populate` to check its paths. */
export interface LoadedMark<T> {
  readonly [loadedFrom]?: (entity: T) => T;
}

/** A registered class's entities of any load state (a filter takes them as relation values); never for other classes. */
export type LoadedAs<T> = [MapperOf<T>] extends [never] ? never : LoadedMark<T>;

/**
 * A to-one relation that was not populated: its key alone (and, at run time, perhaps more — the
 * type promises only the key). `post.author.id` compiles, `post.author.name` does not.
 */
export type Reference<E> = Pick<E, KeyOf<E>> & LoadedMark<E>;

type Populated<V, L extends string> = V extends readonly (infer E)[]
  ? Loaded<E, L>[]
  : V extends object
    ? Loaded<V, L>
    : V;
type RefOrNull<V> = V extends object ? Reference<V> : V;
/**
 * A relation that was not populated. A to-many array is `undefined` unless an earlier load filled
 * it: check it (or `em.populate`) before reading; an owning to-one is a key-only `Reference`; an inverse
 * one-to-one holds no key on this side, so it may be undefined too.
 */
type NotLoaded<V, B> = B extends { readonly kind: ToManyKind }
  ? (V extends readonly (infer E)[] ? Loaded<E>[] : never) | undefined
  : B extends { readonly kind: 'inverse-one-to-one' }
    ? RefOrNull<V> | undefined
    : RefOrNull<V>;

/** With `fields`, the properties a partial find sets: the fields, the key, the version, the populated relations, and every method. */
type Kept<T, K, B, L extends string, F extends string> = [F] extends [never]
  ? K
  : K extends F | MarkedKeys<B, KeyMark> | MarkedKeys<B, VersionMark> | Head<L>
    ? K
    : K extends DataKeys<T>
      ? never
      : K;

type LoadedEntity<T, B, L extends string, F extends string> = {
  [K in keyof T as Kept<T, K, B, L, F>]: K extends RelationKeys<B>
    ? K extends Head<L>
      ? Populated<T[K], Tail<L, K>>
      : NotLoaded<T[K], B[K]>
    : T[K];
} & LoadedMark<T>;

/**
 * An entity of class `T` as a find returns it: the relations of the populate paths `L` loaded
 * (nested: `'comments.author'`), the others typed so that reading them needs a check (`Reference` for
 * an unloaded to-one, `… | undefined` for an unloaded to-many), and with `fields` `F` only the
 * properties it loaded. `T` itself when no registered mapper maps `T` (see `RegisteredMappers`).
 * @example
 * const posts = await em.find(Post, {}, { populate: ['comments.author'] });
 * posts[0].comments[0].author.name; // compiles: populated
 * posts[0].author.name; // tsc error: author is a Reference<User>, only its key is known
 */
export type Loaded<T, L extends string = never, F extends string = never> =
  MapperOf<T> extends infer M ? ([M] extends [never] ? T : LoadedEntity<T, PropertiesOf<M>, L, F>) : never;

type Each<E> = E extends readonly (infer X)[] ? X : E;
/**
 * The class a (Loaded) entity type, or a list of them, is of: what `em.populate` checks its paths
 * against.
 */
export type EntityType<E> =
  Each<E> extends { readonly [loadedFrom]?: (entity: infer T) => unknown }
    ? unknown extends T
      ? Each<E>
      : T
    : Each<E>;

type PopulatedOne<E, L extends string> = [MapperOf<EntityType<E>>] extends [never]
  ? E
  : { [K in keyof E]: K extends Head<L> ? Populated<EntityType<E>[K & keyof EntityType<E>], Tail<L, K>> : E[K] };
/** What `em.populate(entities, paths)` returns: the entity (or each of a list) with the relations of `L` loaded. */
export type WithPopulated<E, L extends string> = E extends readonly (infer X)[]
  ? PopulatedOne<X, L>[]
  : PopulatedOne<E, L>;
