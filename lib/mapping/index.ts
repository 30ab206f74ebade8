export {
  ColumnBuilder,
  type ColumnDefinition,
  type GenerationStrategy,
  type KeyMark,
  type HiddenMark,
  type SqlDefault,
  type VersionMark,
  sqlDefault,
} from './column-builder.js';
export {
  type AnyEntityMapper,
  defineEntity,
  type DiscriminatorOptions,
  type EntityDefinition,
  EntityMapper,
  type EntityOf,
  type FilterCondition,
  type FilterConditionTypes,
  type FilterDefinition,
  type FilterDefinitions,
  type HiddenOf,
  type IndexDefinition,
  type PropertiesOf,
} from './define-entity.js';
export {
  type AnyEmbeddableMapper,
  defineEmbeddable,
  EmbeddableMapper,
  EmbeddedBuilder,
  TransientBuilder,
} from './embedded-builder.js';
export type { DataKeys, EntityClass } from './entity-class.js';
export type {
  CommitHookContext,
  EntityHooks,
  HookContext,
  HookEntityManager,
  HookEntityManagerSlot,
  UpdateHookContext,
} from './entity-hooks.js';
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
} from './hot-paths.js';
export { hiddenProperties, metadataOfClass } from './hidden-properties.js';
export { MappingError } from './mapping-error.js';
export type * from './metadata.js';
export {
  type NameOverride,
  type NamingStrategy,
  pascalCaseNaming,
  snakeCaseNaming,
  toPascalCase,
  toSnakeCase,
} from './naming-strategy.js';
export type { CheckedProperties } from './property-checks.js';
export { p } from './property-builders.js';
export { MetadataRegistry, type RegistryOptions } from './registry.js';
export type {
  CascadeKind,
  InverseOneToOneBuilder,
  ManyToManyBuilder,
  ManyToOneBuilder,
  OneToManyBuilder,
  OneToOneBuilder,
  ReferentialAction,
  RelationKind,
} from './relation-builders.js';
export type { MappedColumn, MappedForeignKey, MappedIndex, MappedTable, MappedUnique } from './table-listing.js';
export { uuidV7 } from './uuid-v7.js';
export { ForeignKeyBuilder, type ForeignKeyDefinition } from './foreign-key-builder.js';
export {
  checkForeignKeyValue,
  foreignKeyTargetProperty,
  insertSide,
} from './foreign-key-scalars.js';
export { type ComparedReference, emitCompare } from './hot-paths/generate-comparator.js';
export { GeneratedSource, literal, member } from './hot-paths/generated-source.js';
export { heldShapeModels, holdShapeModels } from './hot-paths/shape-models.js';
export { type ReadPlan, readPlanOf } from './hot-paths/read-plans.js';
export { describeTables } from './table-listing.js';
export { SOFT_DELETE_FILTER } from './resolve-filters.js';
