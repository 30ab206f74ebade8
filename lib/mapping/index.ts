export { ColumnBuilder, type ColumnDefinition, type GenerationStrategy } from './column-builder';
export {
  type AnyEntityMapper,
  defineEntity,
  type DiscriminatorOptions,
  type EntityDefinition,
  EntityMapper,
  type EntityOf,
  type IndexDefinition,
  type PropertiesOf,
} from './define-entity';
export {
  type AnyEmbeddableMapper,
  defineEmbeddable,
  EmbeddableMapper,
  EmbeddedBuilder,
  TransientBuilder,
} from './embedded-builder';
export type { DataKeys, EntityClass } from './entity-class';
export {
  type ColumnChange,
  describeComparator,
  describeHydrator,
  describeSnapshot,
  type HotPaths,
  type Hydrator,
  NO_CHANGES,
  type ReferenceResolver,
  type Snapshot,
} from './hot-paths';
export { MappingError } from './mapping-error';
export type * from './metadata';
export {
  type NameOverride,
  type NamingStrategy,
  pascalCaseNaming,
  snakeCaseNaming,
  toPascalCase,
  toSnakeCase,
} from './naming-strategy';
export type { CheckedProperties } from './property-checks';
export { p } from './property-builders';
export { MetadataRegistry, type RegistryOptions } from './registry';
export type {
  CascadeKind,
  InverseOneToOneBuilder,
  ManyToManyBuilder,
  ManyToOneBuilder,
  OneToManyBuilder,
  OneToOneBuilder,
  ReferentialAction,
  RelationKind,
} from './relation-builders';
export type { MappedColumn, MappedForeignKey, MappedIndex, MappedTable, MappedUnique } from './table-listing';
export { uuidV7 } from './uuid-v7';
export { type ComparedReference, emitCompare } from './hot-paths/generate-comparator';
export { GeneratedSource, literal, member } from './hot-paths/generated-source';
