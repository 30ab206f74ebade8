export type { DialectCapabilities } from './capabilities.js';
export type {
  ColumnDefault,
  ColumnDescription,
  DdlCompiler,
  InPlaceChange,
  ForeignKeyDescription,
  IndexDescription,
  TableDescription,
} from './ddl.js';
export * from './nodes.js';
export { sql } from './raw.js';
export { batchSource, type BatchSource } from './batch-source.js';
export { CompileContext, type CompiledQuery } from './compiled-query.js';
export { SqlCompiler } from './compiler.js';
export { Level } from './expression-compiler.js';
export { quoteIdentifier } from './identifier.js';
export { SqlDdl } from './sql-ddl.js';
export type { DropTableOptions } from './ddl.js';
export type {
  CheckModel,
  ColumnModel,
  ForeignKeyModel,
  IndexModel,
  IntrospectionQuery,
  NormalisedType,
  ReferentialAction,
  SchemaModel,
  SchemaReader,
  TableModel,
  UniqueModel,
} from './schema-model.js';
export {
  lowerOutsideQuotes,
  splitTypeText,
  stringLiteralValue,
  stripOuterParentheses,
  unquoteNumber,
} from './schema-text.js';
export { columnDescription, indexDescription, modelDescription } from './model-description.js';
