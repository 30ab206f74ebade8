/**
 * The type of what `serialize` returns, derived structurally from any entity-shaped type — the
 * class itself or a narrowed one (`Loaded<Post, 'author'>`): whatever a property's type says,
 * `Serialized` maps it the way the run time writes it.
 */
import type { PopulatePath } from '../loading/index.js';
import type { DataKeys, EntityOf, HiddenMark, HiddenOf, PropertiesOf } from '../mapping/index.js';

/**
 * Declare your mappers here once to have their hidden properties left out of `Serialized<T>`
 * as well as out of the JSON (docs/serialization.md):
 * @example
 * declare module 'tabula-orm' {
 *   interface SerializeRegister { mappers: typeof mappers }   // the array passed to Tabula.connect
 * }
 */
// biome-ignore lint/suspicious/noEmptyInterface: an interface, so that applications can augment it
export interface SerializeRegister {}

type RegisteredMapper = SerializeRegister extends { readonly mappers: infer M }
  ? M extends readonly (infer X)[]
    ? X
    : M
  : never;

/** A mapper's hidden names: its `hidden` option and its columns marked `.hidden()`. */
type HiddenNames<M> =
  | HiddenOf<M>
  | { [K in keyof PropertiesOf<M>]: PropertiesOf<M>[K] extends HiddenMark ? K : never }[keyof PropertiesOf<M>];

/**
 * The hidden names of the registered mappers whose class `T` is: matched by shape (`T` has the
 * mapper's hidden properties with their types), since a narrowed type is no longer the class.
 */
type HiddenKeys<T> = RegisteredMapper extends infer M
  ? M extends unknown
    ? HiddenNames<M> & keyof T extends infer H extends keyof T
      ? [H] extends [never]
        ? never
        : [T] extends [Pick<EntityOf<M>, Extract<H, keyof EntityOf<M>>>]
          ? H
          : never
      : never
    : never
  : never;

/** A property's value as `serialize` writes it. */
export type SerializedValue<V> = V extends bigint
  ? string
  : V extends Date
    ? string
    : V extends Uint8Array
      ? string
      : V extends readonly (infer E)[]
        ? SerializedValue<E>[]
        : V extends object
          ? Serialized<V>
          : V;

/**
 * What `serialize(entity)` returns for an entity of type `T`: its data properties (hidden ones of
 * registered mappers left out) with bigint, datetime and blob values as strings, relations and
 * embeddables as nested objects. An HTTP handler typed with it is checked against the mapping.
 * @example
 * type PostBody = Serialized<Post>;   // { id: number; title: string; author: { id: number; … } … }
 */
export type Serialized<T> = {
  -readonly [K in keyof T as K extends Exclude<DataKeys<T>, HiddenKeys<T>> ? K : never]: SerializedValue<T[K]>;
};

type Head<P extends string> = P extends `${infer H}.${string}` ? H : P;
type Below<P extends string, K extends string> = P extends `${K}.${infer R}` ? R : never;

/** A property `serialize` may leave a key object or out: the widest honest type (a key object is a part of the fields). */
type Unexpanded<V> = V extends bigint | Date | Uint8Array
  ? string
  : V extends readonly (infer E)[]
    ? SerializedValue<E>[] | undefined
    : V extends object
      ? Partial<Serialized<V>>
      : V;

type Expanded<V, P extends string> = V extends bigint | Date | Uint8Array
  ? string
  : V extends readonly (infer E)[]
    ? Expanded<E, P>[]
    : V extends object
      ? SerializedPopulated<V, P>
      : V;

/**
 * What `serialize(entity, { populate: P })` returns: the paths of `P` nested as `Serialized`, every
 * other object property typed as possibly a key object (`Partial`) and every other array as
 * possibly left out — the type cannot tell a relation from an embeddable, so it widens both.
 */
export type SerializedPopulated<T, P extends string> = {
  -readonly [K in keyof T as K extends Exclude<DataKeys<T>, HiddenKeys<T>> ? K : never]: K extends Head<P>
    ? Expanded<T[K], Below<P, K & string>>
    : Unexpanded<T[K]>;
};

/** Options of `serialize`. */
export interface SerializeOptions<T> {
  /**
   * Only these relation paths are nested (`'author'`, `'comments.author'`), when loaded; the other
   * to-ones are written as key objects and the other to-manys left out. Default: every loaded relation.
   */
  readonly populate?: readonly PopulatePath<T>[] | undefined;
}
