/**
 * Resolved metadata: what the MetadataRegistry makes of the mappers at start-up. Plain, frozen
 * data with every name resolved (tables, columns, FK columns, pivot tables) and every relation
 * pointing at its target's metadata. The unit of work, the query layer and the schema generator
 * read only this.
 */
import type { ColumnType } from '../types/index.js';
import type { GenerationStrategy, SqlDefault } from './column-builder.js';
import type { AnyEntityMapper } from './define-entity.js';
import type { EntityClass } from './entity-class.js';
import type { CascadeKind, ReferentialAction, RelationKind } from './relation-builders.js';

/** Where a column comes from. */
export type ColumnSource = 'property' | 'foreign-key' | 'embedded' | 'discriminator';

export interface ColumnMetadata {
  /** The physical column name. */
  readonly name: string;
  /**
   * The property path it maps: `title`; `address.city` for an embeddable's column; the relation's
   * property (`author`) for a FK column; empty for the discriminator.
   */
  readonly property: string;
  readonly source: ColumnSource;
  readonly type: ColumnType;
  /** Whether the table column accepts NULL (always true for columns only a STI subclass has). */
  readonly nullable: boolean;
  readonly primaryKey: boolean;
  readonly generated?: GenerationStrategy | undefined;
  readonly default?: { readonly value: unknown } | undefined;
  /** `.default(fn)`: called per new entity whose property is undefined, at insert planning. */
  readonly defaultFn?: (() => unknown) | undefined;
  /** `.onUpdate(fn)`: called per changed managed entity, at update planning. */
  readonly onUpdate?: (() => unknown) | undefined;
  /** `.defaultSql(…)`: the database's DEFAULT, read back after insert. */
  readonly defaultSql?: SqlDefault | undefined;
  /** `true` or the unique constraint's name. */
  readonly unique: boolean | string;
  /** `true` or the index's name. */
  readonly index: boolean | string;
  readonly isVersion: boolean;
  /** `.renamedFrom(…)`: the column's previous name, for the schema diff. */
  readonly renamedFrom?: string | undefined;
}

/** A column mapped by a plain property. */
export interface ColumnPropertyMetadata {
  readonly kind: 'column';
  readonly name: string;
  /** For a scalar foreign key (`p.foreignKey`), the relation's FK column itself (the same object). */
  readonly column: ColumnMetadata;
  /**
   * Set on a scalar foreign key only (`companyId: p.foreignKey('company')`): the owning to-one whose
   * one FK column this property reads. Such a property is not in `EntityMetadata.columns` (the
   * relation's column is), and the flush decides which side is written (foreign-key-scalars.ts).
   */
  readonly foreignKeyOf?: RelationMetadata | undefined;
}

/** A value object stored as prefixed columns. */
export interface EmbeddedMetadata {
  readonly kind: 'embedded';
  readonly name: string;
  readonly embeddableClass: EntityClass;
  readonly embeddableName: string;
  /** Nullable as a whole: all columns NULL reads as `null`. */
  readonly nullable: boolean;
  readonly prefix: string;
  /** The embeddable's properties and their columns, in declaration order. */
  readonly fields: readonly { readonly property: string; readonly column: ColumnMetadata }[];
}

export interface PivotMetadata {
  readonly table: string;
  /** Pivot columns referencing the owning side's primary key. */
  readonly joinColumns: readonly string[];
  /** Pivot columns referencing the inverse side's primary key. */
  readonly inverseJoinColumns: readonly string[];
}

export interface RelationMetadata {
  readonly kind: RelationKind;
  readonly name: string;
  readonly target: EntityMetadata;
  /** True for the side whose table (or pivot) stores the relation. */
  readonly isOwner: boolean;
  /** Inverse sides: the target's owning property. */
  readonly mappedBy?: string | undefined;
  /** Owning sides: the target's inverse property, when the target declares one. */
  readonly inversedBy?: string | undefined;
  /** Owning to-one: the FK columns on this table, in the order of `referencedColumns`. */
  readonly joinColumns: readonly ColumnMetadata[];
  /** Owning to-one: the target's primary key columns. */
  readonly referencedColumns: readonly ColumnMetadata[];
  readonly nullable: boolean;
  readonly onDelete?: ReferentialAction | undefined;
  readonly cascade: readonly CascadeKind[];
  readonly orphanRemoval: boolean;
  /** Many-to-many (both sides): the pivot table, as declared by the owning side. */
  readonly pivot?: PivotMetadata | undefined;
}

export interface RelationPropertyMetadata {
  readonly kind: 'relation';
  readonly name: string;
  readonly relation: RelationMetadata;
}

export type PropertyMetadata = ColumnPropertyMetadata | RelationPropertyMetadata | EmbeddedMetadata;

export interface InheritanceMetadata {
  readonly root: EntityMetadata;
  readonly parent?: EntityMetadata | undefined;
  readonly discriminatorColumn: ColumnMetadata;
  /** Rows of exactly this class carry this value; absent for abstract classes. */
  readonly discriminatorValue?: string | undefined;
  readonly isAbstract: boolean;
  /** Every class below this one, at any depth. */
  readonly descendants: readonly EntityMetadata[];
}

/** A global filter of a mapper, resolved (the built-in `softDelete` filter among them). */
export interface GlobalFilterMetadata {
  readonly name: string;
  /** Builds the condition (a `Filter` of the class) from the parameters. */
  readonly cond: (params: never) => object;
  /** Applied unless a query disables it. */
  readonly default: boolean;
  /** The condition declares a parameter: a query without parameters for it is refused. */
  readonly needsParams: boolean;
}

/** The soft-delete column of a mapper's `softDelete` option. */
export interface SoftDeleteMetadata {
  readonly property: string;
  readonly column: ColumnMetadata;
}

export interface EntityMetadata {
  readonly mapper: AnyEntityMapper;
  /** The mapper's name, as error messages show it. */
  readonly name: string;
  readonly className: string;
  readonly entityClass: EntityClass;
  readonly table: string;
  /** Every property the mapper maps (a STI subclass's include its ancestors'), transient ones left out. */
  readonly properties: readonly PropertyMetadata[];
  /** The columns this class reads and writes, in property order; STI: the discriminator last. */
  readonly columns: readonly ColumnMetadata[];
  readonly primaryKey: readonly ColumnMetadata[];
  readonly relations: readonly RelationMetadata[];
  readonly embedded: readonly EmbeddedMetadata[];
  readonly version?: ColumnMetadata | undefined;
  readonly inheritance?: InheritanceMetadata;
  /** Global filters (a STI subclass's include its ancestors'); empty when none, so reads check a length. */
  readonly filters: readonly GlobalFilterMetadata[];
  readonly softDelete?: SoftDeleteMetadata | undefined;
  /**
   * The scalar foreign keys (`p.foreignKey`) among `properties`; absent when the class has none, so
   * the hot paths decide once per class and a class without them pays nothing.
   */
  readonly foreignKeyProperties?: readonly ForeignKeyPropertyMetadata[] | undefined;
}

/** A scalar foreign key: a column property with the relation it mirrors. */
export type ForeignKeyPropertyMetadata = ColumnPropertyMetadata & { readonly foreignKeyOf: RelationMetadata };
