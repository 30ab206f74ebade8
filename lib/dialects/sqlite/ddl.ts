/**
 * SQLite DDL. A generated id must be the rowid, which only a column declared exactly
 * `INTEGER PRIMARY KEY` becomes, so that column is written so whatever its kind (bigint too).
 */
import type { ColumnDescription, TableDescription } from '../../sql/index.js';
import { type SchemaReader, SqlDdl } from '../../sql/index.js';
import { sqliteSchema } from './introspect.js';

export class SqliteDdl extends SqlDdl {
  protected override get reader(): SchemaReader {
    return sqliteSchema;
  }

  protected override get dialectLabel(): string {
    return 'SQLite';
  }

  /** SQLite checks foreign keys when rows are written, not when tables are created. */
  protected override get acceptsForwardReferences(): boolean {
    return true;
  }

  /** AUTOINCREMENT keeps ids of deleted rows from being handed out again. */
  protected override autoIncrement(): string {
    return 'PRIMARY KEY AUTOINCREMENT';
  }

  protected override columnDefinition(table: TableDescription, c: ColumnDescription): string {
    if (!c.autoIncrement) return super.columnDefinition(table, c);
    return `${this.quote(c.name)} INTEGER ${this.autoIncrement()}`;
  }

  /** The rowid column carries its PRIMARY KEY inline. */
  protected override primaryKeyClause(table: TableDescription, primaryKey: readonly string[]): string {
    return table.columns.some((c) => c.autoIncrement) ? '' : super.primaryKeyClause(table, primaryKey);
  }

  /** Datetimes are TEXT 'YYYY-MM-DD HH:MM:SS.SSS' in UTC; `%f` is seconds with milliseconds. */
  protected override currentTimestamp(): string {
    return "(strftime('%Y-%m-%d %H:%M:%f', 'now'))";
  }

  /** DROP TABLE deletes the rows first, which foreign keys would refuse inside a cycle. */
  override dropTables(names: readonly string[]): string[] {
    if (names.length === 0) return [];
    return ['PRAGMA foreign_keys = OFF', ...super.dropTables(names), 'PRAGMA foreign_keys = ON'];
  }

  override listTables(): string {
    return "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\'";
  }
}
