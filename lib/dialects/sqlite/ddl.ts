/**
 * SQLite DDL. A generated id must be the rowid, which only a column declared exactly
 * `INTEGER PRIMARY KEY` becomes, so that column is written so whatever its kind (bigint too).
 */
import type { ColumnDescription, ColumnModel, InPlaceChange, TableDescription, TableModel } from '../../sql/index.js';
import { indexDescription, type SchemaReader, SqlDdl } from '../../sql/index.js';
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

  /**
   * SQLite's ALTER TABLE adds a column only when it can fill the existing rows with a constant
   * (nullable, or NOT NULL with a literal default) and the column is no key; everything else about
   * an existing table is changed by rebuilding it.
   */
  override altersInPlace(change: InPlaceChange, column?: ColumnModel): boolean {
    if (change !== 'add-column' || !column) return false;
    const constant = column.default === undefined || !column.default.startsWith('(');
    return !column.autoIncrement && constant && (column.nullable || column.default !== undefined);
  }

  override alterRewrites(): string {
    return 'SQLite rebuilds the table: every row is copied into a new table';
  }

  /** PRAGMA foreign_keys has no effect inside a transaction: it is switched around it. */
  override get rebuildSession(): { readonly before: readonly string[]; readonly after: readonly string[] } {
    return { before: ['PRAGMA foreign_keys = OFF'], after: ['PRAGMA foreign_keys = ON'] };
  }

  /**
   * The documented 12-step rebuild: a new table under a temporary name, the rows copied, the old
   * table dropped, the new one renamed, its indexes made, then the foreign keys checked. The check
   * fails the statement (json() of plain text raises) when a row points nowhere, so the
   * transaction rolls back.
   */
  override rebuildTable(from: TableModel, to: TableModel, copy: ReadonlyMap<string, string>): string[] {
    const temporary = `${to.name}__tabula_rebuild`;
    const [create] = this.createTableModel({ ...to, name: temporary, indexes: [] });
    const pairs = [...copy].filter(
      ([target, source]) => to.columns.some((c) => c.name === target) && from.columns.some((c) => c.name === source),
    );
    const check = `'foreign keys broken by rebuilding ${to.name.replaceAll("'", "''")}: PRAGMA foreign_key_check'`;
    return [
      create as string,
      `INSERT INTO ${this.quote(temporary)} (${this.list(pairs.map(([t]) => t))}) SELECT ${this.list(pairs.map(([, f]) => f))} FROM ${this.quote(from.name)}`,
      `DROP TABLE ${this.quote(from.name)}`,
      `ALTER TABLE ${this.quote(temporary)} RENAME TO ${this.quote(to.name)}`,
      ...to.indexes.map((i) => this.createIndex(to.name, indexDescription(i))),
      `SELECT json(${check}) WHERE EXISTS (SELECT 1 FROM pragma_foreign_key_check(${this.stringLiteral(to.name, to.name)}))`,
    ];
  }
}
