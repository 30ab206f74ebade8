export { SchemaManager, toTableDescription } from './schema-manager.js';
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
