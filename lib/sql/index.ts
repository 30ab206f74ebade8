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
