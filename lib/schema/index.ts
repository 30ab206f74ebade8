export {
  applySchemaStatements,
  SchemaManager,
  type SchemaManagerDiffOptions,
  toTableDescription,
} from './schema-manager.js';
export type {
  CheckModel,
  ColumnModel,
  ForeignKeyModel,
  IndexModel,
  NormalisedType,
  SchemaModel,
  TableModel,
  UniqueModel,
} from './model.js';
export { introspectSchema, INTERNAL_TABLES } from './introspect.js';
export { desiredSchema } from './desired.js';
export {
  diffSchemas,
  type SchemaChange,
  type SchemaChangeKind,
  type SchemaDiff,
  type SchemaDiffOptions,
} from './diff.js';
export {
  defineMigration,
  type Migration,
  type MigrationContext,
  type MigrationSource,
  type MigrationStatus,
} from './migrations/migration.js';
export { type GeneratedMigration, type MigrationCheck, Migrator, type MigratorOptions } from './migrations/migrator.js';
export type { MigrationEvent } from './migrations/runner.js';
export { importModule, exported } from './migrations/import-module.js';
export { renderMigration } from './migrations/render.js';
export { generateCode, type PulledCode } from './pull/generate-code.js';
