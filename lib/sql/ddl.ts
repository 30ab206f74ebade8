/**
 * Table descriptions and the DDL contract each dialect implements (lib/dialects/<name>/ddl.ts).
 * The schema generator builds {@link TableDescription}s from mappers; dialects turn them into SQL.
 */
import type { ColumnType } from '../types/index.js';
import type { ColumnModel, ForeignKeyModel, TableModel, UniqueModel } from './schema-model.js';

export type ReferentialAction = 'cascade' | 'set null' | 'restrict' | 'no action';

/**
 * A column default: a value (converted through the column type like a bound value, then written as
 * a literal), the current instant in the column's datetime format, or SQL text written as-is.
 */
export type ColumnDefault =
  | { readonly kind: 'value'; readonly value: unknown }
  | { readonly kind: 'current-timestamp' }
  | { readonly kind: 'sql'; readonly sql: string };

export interface ColumnDescription {
  readonly name: string;
  readonly type: ColumnType;
  /** NOT NULL unless true. */
  readonly nullable?: boolean;
  readonly default?: ColumnDefault;
  /** Marks a primary-key column; a composite key may be given this way or as `TableDescription.primaryKey`. */
  readonly primaryKey?: boolean;
  /**
   * Generated ids (identity / AUTO_INCREMENT / rowid). Integer or bigint, and the table's only
   * primary-key column, so the same description works on every dialect.
   */
  readonly autoIncrement?: boolean;
}

export interface PrimaryKeyDescription {
  readonly columns: readonly string[];
  readonly name?: string;
}

export interface UniqueDescription {
  readonly columns: readonly string[];
  readonly name?: string;
}

export interface IndexDescription {
  /** Index names are per schema on PostgreSQL and SQLite, per table on MySQL: keep them unique. */
  readonly name: string;
  readonly columns: readonly string[];
  readonly unique?: boolean;
  /**
   * A partial index over the rows where this column IS NULL (a soft-deletable table's unique
   * values, held by live rows only). Only where the DDL compiler's `supportsPartialIndexes`.
   */
  readonly whereNull?: string;
  /** Per column, true when sorted descending. */
  readonly descending?: readonly boolean[] | undefined;
}

export interface ForeignKeyDescription {
  readonly name?: string;
  readonly columns: readonly string[];
  readonly referencedTable: string;
  readonly referencedColumns: readonly string[];
  readonly onDelete?: ReferentialAction;
  readonly onUpdate?: ReferentialAction;
}

export interface TableDescription {
  readonly name: string;
  readonly columns: readonly ColumnDescription[];
  readonly primaryKey?: PrimaryKeyDescription;
  readonly uniques?: readonly UniqueDescription[];
  readonly indexes?: readonly IndexDescription[];
  readonly foreignKeys?: readonly ForeignKeyDescription[];
  /** CHECK constraints written as table constraints (the enum checks of columns are written by the columns). */
  readonly checks?: readonly { readonly name?: string | undefined; readonly expression: string }[];
}

export interface DropTableOptions {
  readonly ifExists?: boolean;
  /** Also drop what depends on the table (PostgreSQL only; the others refuse it). */
  readonly cascade?: boolean;
}

/** The changes a dialect may have to make by rebuilding the table instead of ALTER TABLE. */
export type InPlaceChange =
  | 'add-column'
  | 'alter-column'
  | 'drop-column'
  | 'add-unique'
  | 'drop-unique'
  | 'add-foreign-key'
  | 'drop-foreign-key'
  | 'primary-key';

/** Builds CREATE / DROP statements; every identifier is validated and quoted. */
export interface DdlCompiler {
  /** True when CREATE INDEX takes a WHERE clause (PostgreSQL, SQLite; not MySQL/MariaDB). */
  readonly supportsPartialIndexes: boolean;
  /** CREATE TABLE, then one CREATE INDEX per index. */
  createTable(table: TableDescription): string[];
  /** CREATE TABLE for several tables in order; foreign keys to later tables are added afterwards where needed. */
  createTables(tables: readonly TableDescription[]): string[];
  dropTable(name: string, options?: DropTableOptions): string[];
  /** DROP TABLE IF EXISTS for several tables (children first), also when their foreign keys form a cycle. */
  dropTables(names: readonly string[]): string[];
  createIndex(table: string, index: IndexDescription): string;
  dropIndex(table: string, name: string): string;
  /** A SELECT of the base tables of the connection's current schema (database), one column `name`. */
  listTables(): string;

  /** The text after DEFAULT for `column` (undefined when it has none), as CREATE TABLE writes it. */
  columnDefault(table: TableDescription, column: ColumnDescription): string | undefined;
  /** The CHECK expressions CREATE TABLE adds for `column` (an enum stored as text), without `CHECK`. */
  columnChecks(column: ColumnDescription): string[];

  // ---- schema changes on the neutral model (the schema diff's statements) ----

  /** CREATE TABLE (and its indexes) for a table of the neutral model, foreign keys included. */
  createTableModel(table: TableModel): string[];
  /** CREATE TABLE for several tables of the model in order; foreign keys to later ones added afterwards where needed. */
  createTablesModel(tables: readonly TableModel[]): string[];
  addColumn(table: string, column: ColumnModel): string[];
  dropColumn(table: string, column: string): string[];
  /** Changes a column's type, nullability or default from `from` to `to`, in place. */
  alterColumn(table: string, from: ColumnModel, to: ColumnModel): string[];
  renameColumn(table: string, from: string, to: string): string[];
  renameTable(from: string, to: string): string[];
  addUnique(table: string, unique: UniqueModel): string[];
  dropUnique(table: string, unique: UniqueModel): string[];
  addForeignKey(table: string, foreignKey: ForeignKeyModel): string[];
  dropForeignKey(table: string, foreignKey: ForeignKeyModel): string[];
  /**
   * True when this database's ALTER TABLE can make the change in place; false when the table must
   * be rebuilt (SQLite: a column's type, nullability or default, constraints on an existing table).
   */
  altersInPlace(change: InPlaceChange, column?: ColumnModel): boolean;
  /**
   * Why changing a column from `from` to `to` rewrites or locks the whole table on this database
   * (PostgreSQL: a type change other than a longer varchar; MySQL: most MODIFY COLUMNs), or undefined.
   */
  alterRewrites(from: ColumnModel, to: ColumnModel): string | undefined;
  /**
   * Statements to run on the same connection outside the transaction, before and after a table
   * rebuild (SQLite: PRAGMA foreign_keys = OFF / ON, which has no effect inside a transaction and
   * keeps DROP TABLE from firing ON DELETE actions). Empty where no rebuild is needed.
   */
  readonly rebuildSession: { readonly before: readonly string[]; readonly after: readonly string[] };
  /**
   * Rebuilds `from` as `to` (the documented SQLite way: create the new table, copy the rows of the
   * columns in `copy` (new name → old name), drop the old one, rename the new one, recreate the
   * indexes), for the changes its ALTER TABLE cannot make. Run in one transaction with foreign
   * keys off, then checked with PRAGMA foreign_key_check.
   */
  rebuildTable(from: TableModel, to: TableModel, copy: ReadonlyMap<string, string>): string[];
}
