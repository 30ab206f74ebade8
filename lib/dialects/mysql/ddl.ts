/**
 * MySQL / MariaDB DDL: backticks, AUTO_INCREMENT, native ENUM (from the type mapping, so no CHECK),
 * InnoDB tables in utf8mb4 with binary collation, which keeps comparisons and LIKE case-sensitive
 * as on the other dialects.
 */
import type { ColumnDescription, ColumnModel, ForeignKeyModel, UniqueModel } from '../../sql/index.js';
import { columnDescription } from '../../sql/index.js';
import { quoteIdentifier } from '../../sql/index.js';
import { type SchemaReader, SqlDdl } from '../../sql/index.js';
import { mysqlSchema } from './introspect.js';

export class MysqlDdl extends SqlDdl {
  protected override get reader(): SchemaReader {
    return mysqlSchema;
  }

  protected override get dialectLabel(): string {
    return 'MySQL/MariaDB';
  }

  protected override quote(name: string): string {
    return quoteIdentifier(name, '`');
  }

  protected override autoIncrement(): string {
    return 'AUTO_INCREMENT';
  }

  protected override enumCheck(_c: ColumnDescription): string {
    return '';
  }

  protected override tableOptions(): string {
    return ' ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin';
  }

  /** DATETIME(3) columns hold milliseconds; the session time zone is UTC. */
  protected override currentTimestamp(): string {
    return 'CURRENT_TIMESTAMP(3)';
  }

  protected override get inlinesIndexes(): boolean {
    return true;
  }

  /** MySQL and MariaDB have no partial (filtered) indexes. */
  override get supportsPartialIndexes(): boolean {
    return false;
  }

  /** Index names are per table on MySQL. */
  override dropIndex(table: string, name: string): string {
    return `DROP INDEX ${this.quote(name)} ON ${this.quote(table)}`;
  }

  /** MySQL has no working CASCADE; foreign-key checks are off for these statements (one session). */
  override dropTables(names: readonly string[]): string[] {
    if (names.length === 0) return [];
    return ['SET FOREIGN_KEY_CHECKS = 0', ...super.dropTables(names), 'SET FOREIGN_KEY_CHECKS = 1'];
  }

  override listTables(): string {
    return "SELECT table_name AS name FROM information_schema.tables WHERE table_schema = DATABASE() AND table_type = 'BASE TABLE'";
  }

  /** One MODIFY COLUMN with the whole new definition: MySQL has no per-aspect ALTER for type and NULL. */
  override alterColumn(table: string, _from: ColumnModel, to: ColumnModel): string[] {
    const description = { name: table, columns: [columnDescription(to, this.reader)] };
    return [
      `ALTER TABLE ${this.quote(table)} MODIFY COLUMN ${this.columnDefinition(description, description.columns[0]!)}`,
    ];
  }

  override dropUnique(table: string, unique: UniqueModel): string[] {
    return [`ALTER TABLE ${this.quote(table)} DROP INDEX ${this.quote(this.named(table, unique.name))}`];
  }

  override dropForeignKey(table: string, foreignKey: ForeignKeyModel): string[] {
    return [`ALTER TABLE ${this.quote(table)} DROP FOREIGN KEY ${this.quote(this.named(table, foreignKey.name))}`];
  }

  /** Only a new default is instant; MODIFY of type or NULL copies the table (ALGORITHM=COPY) under a lock. */
  override alterRewrites(from: ColumnModel, to: ColumnModel): string | undefined {
    const same = JSON.stringify(from.type) === JSON.stringify(to.type) && from.nullable === to.nullable;
    return same ? undefined : 'MySQL/MariaDB copy the table for this MODIFY COLUMN, blocking writes meanwhile';
  }
}
