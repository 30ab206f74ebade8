/**
 * Relation builders: `p.manyToOne`, `p.oneToMany`, `p.oneToOne`, `p.manyToMany` return these.
 * Their type parameters carry the target class (`U`, invariant) and, for to-one relations,
 * nullability (`N`), which `defineEntity` checks against the property's type.
 */
import type { EntityClass } from './entity-class.js';
import type { NameOverride } from './naming-strategy.js';
import type { KeyMark } from './column-builder.js';

export type RelationKind = 'many-to-one' | 'one-to-many' | 'one-to-one' | 'many-to-many';

/** What persisting or removing an entity also does to the entities this relation reaches. */
export type CascadeKind = 'persist' | 'remove';

/** The foreign key's ON DELETE action. */
export type ReferentialAction = 'cascade' | 'set null' | 'restrict' | 'no action';

/** The pivot table of an owning many-to-many (names default from the naming strategy). */
export interface PivotOptions {
  readonly pivotTable?: NameOverride | undefined;
  /** The pivot's column referencing this entity. */
  readonly joinColumn?: NameOverride | undefined;
  /** The pivot's column referencing the target. */
  readonly inverseJoinColumn?: NameOverride | undefined;
}

/** What a relation builder recorded: plain data, read by the MetadataRegistry. */
export interface RelationDefinition {
  readonly kind: RelationKind;
  readonly target: () => EntityClass;
  /** Inverse sides: the target's property that owns the relation. */
  readonly mappedBy?: string | undefined;
  readonly nullable: boolean;
  readonly primaryKey: boolean;
  /** Owning to-one: the FK column (one name per column of the target's key). */
  readonly column?: NameOverride | readonly NameOverride[] | undefined;
  readonly onDelete?: ReferentialAction | undefined;
  readonly cascade: readonly CascadeKind[];
  readonly orphanRemoval: boolean;
  readonly pivot?: PivotOptions | undefined;
}

/** Options of an owning to-one relation (many-to-one, owning one-to-one). */
export interface ToOneOptions {
  readonly cascade?: readonly CascadeKind[] | undefined;
  readonly onDelete?: ReferentialAction | undefined;
  /** The FK column name(s); defaults to the naming strategy's joinColumnName. */
  readonly column?: NameOverride | readonly NameOverride[] | undefined;
}

export interface OwningOneToOneOptions extends ToOneOptions {
  /** Replacing or clearing the reference deletes the entity it pointed at. */
  readonly orphanRemoval?: boolean | undefined;
}

export interface InverseOptions {
  readonly cascade?: readonly CascadeKind[] | undefined;
  /** Removing an element (one-to-many) or clearing the reference (one-to-one) deletes it. */
  readonly orphanRemoval?: boolean | undefined;
}

export interface ManyToManyOptions extends PivotOptions {
  readonly cascade?: readonly CascadeKind[] | undefined;
}

// Not frozen in the constructor: subclasses still define their `kind` field after it runs. The
// definition itself is frozen, and every method returns a new builder.
abstract class RelationBuilderBase {
  constructor(readonly definition: RelationDefinition) {}

  protected with(change: Partial<RelationDefinition>): RelationDefinition {
    return Object.freeze({ ...this.definition, ...change });
  }
}

/** The owning side of a many-to-one: this table holds the FK column. */
export class ManyToOneBuilder<U, N extends boolean = false> extends RelationBuilderBase {
  declare readonly __target: (value: U) => U;
  declare readonly __nullable: N;
  readonly kind = 'many-to-one' as const;

  /** The FK column accepts NULL; the property must then accept `null` or be optional. */
  nullable(): ManyToOneBuilder<U, true> {
    return new ManyToOneBuilder<U, true>(this.with({ nullable: true }));
  }

  /** The FK column is (part of) this entity's primary key. */
  primaryKey(): ManyToOneBuilder<U, N> & KeyMark {
    return new ManyToOneBuilder<U, N>(this.with({ primaryKey: true })) as ManyToOneBuilder<U, N> & KeyMark;
  }
}

/** The owning side of a one-to-one: this table holds the FK column (unique). */
export class OneToOneBuilder<U, N extends boolean = false> extends RelationBuilderBase {
  declare readonly __target: (value: U) => U;
  declare readonly __nullable: N;
  readonly kind = 'one-to-one' as const;

  nullable(): OneToOneBuilder<U, true> {
    return new OneToOneBuilder<U, true>(this.with({ nullable: true }));
  }

  primaryKey(): OneToOneBuilder<U, N> & KeyMark {
    return new OneToOneBuilder<U, N>(this.with({ primaryKey: true })) as OneToOneBuilder<U, N> & KeyMark;
  }
}

/** The inverse side of a one-to-one: the target holds the FK; the property may be null. */
export class InverseOneToOneBuilder<U, K extends string = string> extends RelationBuilderBase {
  declare readonly __target: (value: U) => U;
  declare readonly __mappedBy: K;
  readonly kind = 'inverse-one-to-one' as const;
}

/** The inverse side of a many-to-one: a plain array of the entities whose FK points here. */
export class OneToManyBuilder<U, K extends string = string> extends RelationBuilderBase {
  declare readonly __target: (value: U) => U;
  declare readonly __mappedBy: K;
  readonly kind = 'one-to-many' as const;
}

/** A many-to-many, owning (with the pivot table) or inverse (`mappedBy`); a plain array. */
export class ManyToManyBuilder<U, K extends string = string> extends RelationBuilderBase {
  declare readonly __target: (value: U) => U;
  declare readonly __mappedBy: K;
  readonly kind = 'many-to-many' as const;
}

export function relationDefinition(
  kind: RelationKind,
  target: () => EntityClass,
  options: {
    readonly mappedBy?: string | undefined;
    readonly cascade?: readonly CascadeKind[] | undefined;
    readonly onDelete?: ReferentialAction | undefined;
    readonly column?: NameOverride | readonly NameOverride[] | undefined;
    readonly orphanRemoval?: boolean | undefined;
    readonly pivot?: PivotOptions | undefined;
  },
): RelationDefinition {
  return Object.freeze({
    kind,
    target,
    mappedBy: options.mappedBy,
    nullable: false,
    primaryKey: false,
    column: options.column,
    onDelete: options.onDelete,
    cascade: Object.freeze([...(options.cascade ?? [])]),
    orphanRemoval: options.orphanRemoval ?? false,
    pivot: options.pivot,
  });
}
