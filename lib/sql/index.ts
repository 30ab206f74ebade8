export type { DialectCapabilities } from './capabilities';
export type {
  ColumnDefault,
  ColumnDescription,
  DdlCompiler,
  ForeignKeyDescription,
  IndexDescription,
  TableDescription,
} from './ddl';
export * from './nodes';
export { sql } from './raw';
export { batchSource, type BatchSource } from './batch-source';
export type { CompileContext, CompiledQuery } from './compiled-query';
export { SqlCompiler } from './compiler';
export { quoteIdentifier } from './identifier';
export { SqlDdl } from './sql-ddl';
export type { DropTableOptions } from './ddl';
