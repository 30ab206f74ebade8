/**
 * Embeddables: value objects (an address, a money amount) stored as prefixed columns of the
 * owning entity's table, and the `p.embedded(…)` builder that places one in an entity.
 */
import type { ColumnDefinition } from './column-builder.js';
import type { DataKeys, EntityClass } from './entity-class.js';
import type { NameOverride } from './naming-strategy.js';
import type { CheckedProperties } from './property-checks.js';

/** The properties of an embeddable: columns only (no relations, no nested embeddables yet). */
export type EmbeddableProperties = Record<
  string,
  { readonly kind: 'column'; readonly definition: ColumnDefinition } | TransientBuilder
>;

/** What `defineEmbeddable` returns: the class and its column builders, for `p.embedded(…)`. */
export class EmbeddableMapper<T extends object = object, P extends EmbeddableProperties = EmbeddableProperties> {
  declare readonly __entity: (value: T) => T;
  readonly kind = 'embeddable' as const;

  constructor(
    readonly entityClass: EntityClass<T>,
    readonly properties: P,
    readonly name: string,
  ) {
    Object.freeze(this);
  }
}

/** Any embeddable mapper, as the registry reads it. */
export interface AnyEmbeddableMapper {
  readonly kind: 'embeddable';
  readonly entityClass: EntityClass;
  readonly properties: EmbeddableProperties;
  readonly name: string;
}

/** What `p.embedded` recorded. */
export interface EmbeddedDefinition {
  readonly kind: 'embedded';
  readonly embeddable: AnyEmbeddableMapper;
  /** Put before every column of the embeddable; defaults to the naming strategy's embeddedPrefix. */
  readonly prefix?: NameOverride | undefined;
  /** Nullable as a whole: all columns NULL reads as `null`, and `null` writes NULL to all of them. */
  readonly nullable: boolean;
}

export class EmbeddedBuilder<U, N extends boolean = false> {
  declare readonly __target: (value: U) => U;
  declare readonly __nullable: N;
  readonly kind = 'embedded' as const;

  constructor(readonly definition: EmbeddedDefinition) {
    Object.freeze(this);
  }

  /** The whole value object may be absent: every column becomes nullable. */
  nullable(): EmbeddedBuilder<U, true> {
    return new EmbeddedBuilder<U, true>(Object.freeze({ ...this.definition, nullable: true }));
  }
}

/** A property Tabula ignores: not loaded, not saved, not compared. */
export class TransientBuilder {
  readonly kind = 'transient' as const;
  readonly definition = Object.freeze({ kind: 'transient' as const });
}

/**
 * Maps a value object class to columns, for use with `p.embedded(…)` in entity mappers.
 * @example
 * export const AddressEmbeddable = defineEmbeddable(Address, {
 *   properties: { street: p.string(), city: p.string(), postalCode: p.string({ length: 10 }).nullable() },
 * });
 */
export function defineEmbeddable<T extends object, P extends EmbeddableProperties>(
  cls: EntityClass<T>,
  definition: { readonly name?: string | undefined; readonly properties: CheckedProperties<T, P, DataKeys<T>> & P },
): EmbeddableMapper<T, P> {
  return new EmbeddableMapper<T, P>(cls, definition.properties, definition.name ?? `${cls.name}Embeddable`);
}
