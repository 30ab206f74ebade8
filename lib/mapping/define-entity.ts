/**
 * `defineEntity`: the mapper of one entity class — its table, and a builder per property. The
 * mapper's type keeps the class and the builders, so later layers (filters, `populate`) can be
 * typed from it.
 */
import type { DataKeys, EntityClass } from './entity-class.js';
import type { EntityHooks } from './entity-hooks.js';
import type { NameOverride } from './naming-strategy.js';
import type { AnyPropertyBuilder, CheckedProperties } from './property-checks.js';

/** The builders of a mapper, by property name. */
export type PropertyBuilders = Record<string, AnyPropertyBuilder>;

/** An index or unique constraint over one or more properties. */
export interface IndexDefinition<K extends string = string> {
  readonly properties: readonly K[];
  readonly unique?: boolean | undefined;
  readonly name?: string | undefined;
}

/** The discriminator column of a single-table inheritance root. */
export interface DiscriminatorOptions {
  /** Defaults to the naming strategy's column name for `type`. */
  readonly column?: NameOverride | undefined;
  /** Maximum length of the values (default 64). */
  readonly length?: number | undefined;
}

/** What `defineEntity` recorded, as plain data for the MetadataRegistry. */
export interface EntityDefinitionData {
  readonly table?: NameOverride | undefined;
  readonly properties: PropertyBuilders;
  readonly indexes?: readonly IndexDefinition[] | undefined;
  readonly extends?: AnyEntityMapper | undefined;
  readonly discriminator?: DiscriminatorOptions | undefined;
  readonly discriminatorValue?: string | undefined;
  readonly abstract?: boolean | undefined;
  readonly hooks?: EntityHooks<never> | undefined;
  readonly filters?: FilterDefinitions<never> | undefined;
  readonly softDelete?: string | undefined;
  readonly hidden?: readonly string[] | undefined;
  readonly renamedFrom?: string | undefined;
}

/**
 * The type of a global filter's condition on `T`. The query layer fills it in with `Filter<T>`
 * (mapping sits below the query layer, so it cannot name that type itself).
 */
// biome-ignore lint/suspicious/noEmptyInterface: an interface, so that the query layer can augment it
// biome-ignore lint/correctness/noUnusedVariables: T is used by the query layer's augmentation
export interface FilterConditionTypes<T> {}
/** A global filter's condition on `T`: the typed `Filter<T>` of `em.find`. */
export type FilterCondition<T> = FilterConditionTypes<T> extends { readonly condition: infer C } ? C : object;

/**
 * A global filter of a mapper (see docs/lifecycle.md): `cond` builds the condition from the
 * parameters; a `cond` that declares a parameter needs parameters (`em.setFilterParams`, or the
 * query's `filters` option), and a query without them is refused, never run unfiltered.
 */
export interface FilterDefinition<T, P = never> {
  readonly cond: (params: P) => FilterCondition<T>;
  /** Applied to every query unless the query disables it (default true). */
  readonly default?: boolean | undefined;
}

/** A mapper's global filters by name: a definition, or the condition alone (enabled by default). */
export type FilterDefinitions<T> = Readonly<
  // biome-ignore lint/suspicious/noExplicitAny: each filter has parameters of its own type
  Record<string, FilterDefinition<T, any> | ((params: any) => FilterCondition<T>)>
>;

/** Any entity mapper, as the registry reads it. */
export interface AnyEntityMapper {
  readonly kind: 'entity';
  readonly entityClass: EntityClass;
  readonly definition: EntityDefinitionData;
  readonly name: string;
}

/**
 * The result of `defineEntity`: the class, its definition and (in the type) its builders.
 * Pass every mapper to `Tabula.connect({ mappers })`.
 */
export class EntityMapper<T extends object = object, P = PropertyBuilders, H extends string = never> {
  declare readonly __entity: (value: T) => T;
  /** Type-level only: the mapper's `hidden` names (a function type, so a mapper with some fits `EntityMapper<T, P>`). */
  declare readonly __hidden?: (name: H) => void;
  /** Type-level only: the builders, for typing filters and `populate` from the mapper. */
  declare readonly __properties: P;
  readonly kind = 'entity' as const;

  constructor(
    readonly entityClass: EntityClass<T>,
    readonly definition: EntityDefinitionData,
    /** Used in error messages: `BookMapper.author: …`. */
    readonly name: string,
  ) {
    Object.freeze(this);
  }
}

/** The entity class of a mapper type. */
export type EntityOf<M> = M extends { readonly __entity: (value: infer T) => unknown } ? T : never;
/** The property builders of a mapper type (a subclass's include its base's). */
export type PropertiesOf<M> = M extends { readonly __properties: infer P } ? P : never;

/** The `hidden` names of a mapper type. */
export type HiddenOf<M> = M extends { readonly __hidden?: (name: infer H) => void } ? H : never;

/** The definition `defineEntity` takes; `B`/`BP` are the base class and its builders under `extends`. */
export interface EntityDefinition<T extends object, P, B extends object, BP, H extends string = never> {
  /** The mapper's name in error messages (default: `<Class>Mapper`). */
  readonly name?: string | undefined;
  /** Defaults to the naming strategy's table name for the class. Not allowed with `extends`. */
  readonly table?: NameOverride | undefined;
  readonly properties: CheckedProperties<T, P, Exclude<DataKeys<T>, DataKeys<B>>, BP> & P;
  readonly indexes?: readonly IndexDefinition<Extract<keyof P | keyof BP, string>>[] | undefined;
  /** Single-table inheritance: the mapper of the base class, whose table this subclass shares. */
  readonly extends?: EntityMapper<B, BP> | undefined;
  /** Makes this mapper the root of a single-table inheritance hierarchy. */
  readonly discriminator?: DiscriminatorOptions | undefined;
  /** The discriminator column's value for rows of exactly this class. */
  readonly discriminatorValue?: string | undefined;
  /** A class of the hierarchy that is never instantiated, so needs no discriminator value. */
  readonly abstract?: boolean | undefined;
  /** Lifecycle hooks, typed with the class (docs/lifecycle.md). A subclass without its own uses its base's. */
  readonly hooks?: EntityHooks<T> | undefined;
  /**
   * Global filters on this class's rows (tenancy, visibility), applied to every read and bulk
   * change unless a query disables them. See docs/lifecycle.md, "Global filters".
   * @example filters: { tenant: (p: { id: number }) => ({ tenantId: p.id }) }
   */
  readonly filters?: FilterDefinitions<T> | undefined;
  /**
   * Soft delete: the nullable datetime property that `em.remove` sets instead of deleting the row;
   * rows where it is set are hidden by the built-in `softDelete` filter. See docs/lifecycle.md.
   */
  readonly softDelete?: Extract<DataKeys<T>, string> | undefined;
  /**
   * Properties `serialize` never writes (columns, relations or embeddables), on top of the
   * columns marked `.hidden()`. A subclass's mapper adds to its base's. See docs/serialization.md.
   * @example hidden: ['password', 'resetToken']
   */
  readonly hidden?: readonly H[] | undefined;
  /**
   * The table's previous name: the schema diff renames the table (its rows kept) instead of
   * dropping it and creating this one. Not allowed with `extends`.
   */
  readonly renamedFrom?: string | undefined;
}

/**
 * Maps an entity class. `tsc` checks the mapping against the class: unknown or missing
 * properties, a column whose JS type does not fit the property, a nullable column on a property
 * that does not accept null, a relation to the wrong class, a `mappedBy` the target lacks.
 * @example
 * export const BookMapper = defineEntity(Book, {
 *   table: 'books',
 *   properties: {
 *     id: p.integer().primaryKey().generated(),
 *     title: p.string({ length: 200 }),
 *     author: p.manyToOne(() => Author, { onDelete: 'cascade' }),
 *   },
 * });
 */
export function defineEntity<
  T extends B,
  P extends PropertyBuilders,
  B extends object = {},
  BP = {},
  const H extends Extract<DataKeys<T>, string> = never,
>(cls: EntityClass<T>, definition: EntityDefinition<T, P, B, BP, H>): EntityMapper<T, BP & P, H> {
  const { name, ...data } = definition;
  return new EntityMapper<T, BP & P, H>(cls, Object.freeze(data) as EntityDefinitionData, name ?? `${cls.name}Mapper`);
}
