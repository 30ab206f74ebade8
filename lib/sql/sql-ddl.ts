/**
 * Standard DDL with hooks for what differs; lib/dialects/<name>/ddl.ts extends it. Values in DDL
 * cannot be bound, so defaults are written as literals after conversion through the column type.
 */
import { DdlError, type TabulaError, UnsupportedError } from '../errors/index.js';
import type { DialectTypes } from '../types/index.js';
import type {
  ColumnDescription,
  DdlCompiler,
  DropTableOptions,
  InPlaceChange,
  ForeignKeyDescription,
  IndexDescription,
  TableDescription,
} from './ddl.js';
import { validateTable } from './ddl-validation.js';
import type { ColumnModel, ForeignKeyModel, SchemaReader, TableModel, UniqueModel } from './schema-model.js';
import { columnDescription, modelDescription } from './model-description.js';
import { quoteIdentifier, validateIdentifier } from './identifier.js';

export abstract class SqlDdl implements DdlCompiler {
  constructor(protected readonly types: DialectTypes) {}

  /** The dialect's name in error messages. */
  protected abstract get dialectLabel(): string;

  createTable(table: TableDescription): string[] {
    const primaryKey = validateTable(table);
    const lines = table.columns.map((c) => this.columnDefinition(table, c));
    const pk = this.primaryKeyClause(table, primaryKey);
    if (pk) lines.push(pk);
    for (const u of table.uniques ?? []) lines.push(`${this.constraintName(u.name)}UNIQUE (${this.list(u.columns)})`);
    const indexes = table.indexes ?? [];
    if (this.inlinesIndexes) {
      for (const i of indexes) {
        validateIdentifier(i.name, 'index name');
        lines.push(`${i.unique ? 'UNIQUE ' : ''}INDEX ${this.quote(i.name)} (${this.indexList(i)})`);
      }
    }
    for (const fk of table.foreignKeys ?? []) lines.push(this.foreignKeyClause(fk));
    for (const check of table.checks ?? []) lines.push(`${this.constraintName(check.name)}CHECK (${check.expression})`);
    const create = `CREATE TABLE ${this.quote(table.name)} (\n  ${lines.join(',\n  ')}\n)${this.tableOptions()}`;
    return this.inlinesIndexes ? [create] : [create, ...indexes.map((i) => this.createIndex(table.name, i))];
  }

  /**
   * CREATE TABLE for several tables in the order given. A foreign key to a table created later
   * (a cycle between tables) is added afterwards with ALTER TABLE, where the dialect needs that.
   */
  createTables(tables: readonly TableDescription[]): string[] {
    if (this.acceptsForwardReferences) return tables.flatMap((t) => this.createTable(t));
    const created = new Set<string>();
    const later: string[] = [];
    const statements: string[] = [];
    for (const table of tables) {
      const now = (table.foreignKeys ?? []).filter(
        (f) => f.referencedTable === table.name || created.has(f.referencedTable),
      );
      const deferred = (table.foreignKeys ?? []).filter((f) => !now.includes(f));
      statements.push(...this.createTable({ ...table, foreignKeys: now }));
      later.push(...deferred.map((f) => `ALTER TABLE ${this.quote(table.name)} ADD ${this.foreignKeyClause(f)}`));
      created.add(table.name);
    }
    return [...statements, ...later];
  }

  /**
   * True when indexes are declared inside CREATE TABLE (MySQL, so a foreign key reuses its index
   * instead of InnoDB adding a second one).
   */
  protected get inlinesIndexes(): boolean {
    return false;
  }

  get supportsPartialIndexes(): boolean {
    return true;
  }

  /** True when CREATE TABLE may reference a table that does not exist yet (SQLite). */
  protected get acceptsForwardReferences(): boolean {
    return false;
  }

  /** Drops several tables (children listed first), also when their foreign keys form a cycle. */
  dropTables(names: readonly string[]): string[] {
    return names.flatMap((n) => this.dropTable(n, { ifExists: true }));
  }

  dropTable(name: string, options: DropTableOptions = {}): string[] {
    if (options.cascade) throw this.unsupported('DROP TABLE … CASCADE', `Drop the tables referencing ${name} first.`);
    return [`DROP TABLE ${options.ifExists ? 'IF EXISTS ' : ''}${this.quote(name)}`];
  }

  createIndex(table: string, index: IndexDescription): string {
    validateIdentifier(index.name, 'index name');
    if (index.columns.length === 0)
      throw new DdlError(`Index ${index.name} names no columns.\n  List the columns it is made of.`, table);
    const unique = index.unique ? 'UNIQUE ' : '';
    const create = `CREATE ${unique}INDEX ${this.quote(index.name)} ON ${this.quote(table)} (${this.indexList(index)})`;
    if (index.whereNull === undefined) return create;
    if (!this.supportsPartialIndexes) {
      throw new DdlError(`${this.dialectLabel} has no partial indexes (index ${index.name}).`, table);
    }
    return `${create} WHERE ${this.quote(index.whereNull)} IS NULL`;
  }

  dropIndex(_table: string, name: string): string {
    return `DROP INDEX ${this.quote(name)}`;
  }

  columnDefault(table: TableDescription, column: ColumnDescription): string | undefined {
    return column.default ? this.defaultValue(table, column) : undefined;
  }

  columnChecks(column: ColumnDescription): string[] {
    const check = this.enumCheck(column);
    return check ? [check.replace(/^CHECK \((.*)\)$/s, '$1')] : [];
  }

  // ---- schema changes on the neutral model ---------------------------------------------------

  /** The dialect's reader: writes a normalised type back as DDL text. */
  protected abstract get reader(): SchemaReader;

  createTableModel(table: TableModel): string[] {
    return this.createTable(modelDescription(table, this.reader));
  }

  createTablesModel(tables: readonly TableModel[]): string[] {
    return this.createTables(tables.map((t) => modelDescription(t, this.reader)));
  }

  addColumn(table: string, column: ColumnModel): string[] {
    const description = { name: table, columns: [columnDescription(column, this.reader)] };
    return [
      `ALTER TABLE ${this.quote(table)} ADD COLUMN ${this.columnDefinition(description, description.columns[0]!)}`,
    ];
  }

  dropColumn(table: string, column: string): string[] {
    return [`ALTER TABLE ${this.quote(table)} DROP COLUMN ${this.quote(column)}`];
  }

  /** Standard SQL, one clause per aspect that changed (PostgreSQL); MySQL and SQLite override. */
  alterColumn(table: string, from: ColumnModel, to: ColumnModel): string[] {
    const alter = `ALTER TABLE ${this.quote(table)} ALTER COLUMN ${this.quote(to.name)}`;
    const out: string[] = [];
    const type = this.reader.typeSql(to.type);
    if (type !== this.reader.typeSql(from.type))
      out.push(`${alter} TYPE ${type} USING ${this.quote(to.name)}::${type}`);
    if (from.default !== to.default)
      out.push(to.default === undefined ? `${alter} DROP DEFAULT` : `${alter} SET DEFAULT ${to.default}`);
    if (from.nullable !== to.nullable) out.push(`${alter} ${to.nullable ? 'DROP' : 'SET'} NOT NULL`);
    return out;
  }

  renameColumn(table: string, from: string, to: string): string[] {
    return [`ALTER TABLE ${this.quote(table)} RENAME COLUMN ${this.quote(from)} TO ${this.quote(to)}`];
  }

  renameTable(from: string, to: string): string[] {
    return [`ALTER TABLE ${this.quote(from)} RENAME TO ${this.quote(to)}`];
  }

  addUnique(table: string, unique: UniqueModel): string[] {
    return [
      `ALTER TABLE ${this.quote(table)} ADD ${this.constraintName(unique.name)}UNIQUE (${this.list(unique.columns)})`,
    ];
  }

  dropUnique(table: string, unique: UniqueModel): string[] {
    return [`ALTER TABLE ${this.quote(table)} DROP CONSTRAINT ${this.quote(this.named(table, unique.name))}`];
  }

  addForeignKey(table: string, foreignKey: ForeignKeyModel): string[] {
    return [
      `ALTER TABLE ${this.quote(table)} ADD ${this.foreignKeyClause(modelDescription({ name: table, columns: [], primaryKey: [], uniques: [], indexes: [], foreignKeys: [foreignKey], checks: [] }, this.reader).foreignKeys![0]!)}`,
    ];
  }

  dropForeignKey(table: string, foreignKey: ForeignKeyModel): string[] {
    return [`ALTER TABLE ${this.quote(table)} DROP CONSTRAINT ${this.quote(this.named(table, foreignKey.name))}`];
  }

  altersInPlace(_change: InPlaceChange, _column?: ColumnModel): boolean {
    return true;
  }

  alterRewrites(_from: ColumnModel, _to: ColumnModel): string | undefined {
    return undefined;
  }

  get rebuildSession(): { readonly before: readonly string[]; readonly after: readonly string[] } {
    return { before: [], after: [] };
  }

  rebuildTable(_from: TableModel, _to: TableModel, _copy: ReadonlyMap<string, string>): string[] {
    throw this.unsupported('rebuilding a table', 'Change the table with ALTER TABLE.');
  }

  /** A constraint's name, which dropping it needs. */
  protected named(table: string, name: string | undefined): string {
    if (name === undefined)
      throw new DdlError(`Table ${table}: a constraint without a name cannot be dropped by name.\n  Name it.`, table);
    return name;
  }

  // ---- hooks -------------------------------------------------------------------------------

  protected quote(name: string): string {
    return quoteIdentifier(name, '"');
  }

  /** `"name" type NOT NULL DEFAULT … <identity> CHECK (…)`. */
  protected columnDefinition(table: TableDescription, c: ColumnDescription): string {
    const parts = [this.quote(c.name), this.types.sqlType(c.type)];
    if (!c.nullable) parts.push('NOT NULL');
    if (c.default) parts.push(`DEFAULT ${this.defaultValue(table, c)}`);
    if (c.autoIncrement) parts.push(this.autoIncrement());
    const check = this.enumCheck(c);
    if (check) parts.push(check);
    return parts.join(' ');
  }

  /** What makes a column generate ids (`GENERATED BY DEFAULT AS IDENTITY`, `AUTO_INCREMENT`). */
  protected abstract autoIncrement(): string;

  abstract listTables(): string;

  /** `CHECK ("c" IN ('a', 'b'))` for enums stored as text; '' where the type itself restricts. */
  protected enumCheck(c: ColumnDescription): string {
    if (c.type.kind !== 'enum') return '';
    const values = (c.type.values ?? []).map((v) => this.stringLiteral(v, c.name));
    return `CHECK (${this.quote(c.name)} IN (${values.join(', ')}))`;
  }

  protected primaryKeyClause(_table: TableDescription, primaryKey: readonly string[]): string {
    if (primaryKey.length === 0) return '';
    return `${this.constraintName(_table.primaryKey?.name)}PRIMARY KEY (${this.list(primaryKey)})`;
  }

  protected foreignKeyClause(fk: ForeignKeyDescription): string {
    let text = `${this.constraintName(fk.name)}FOREIGN KEY (${this.list(fk.columns)}) REFERENCES ${this.quote(fk.referencedTable)} (${this.list(fk.referencedColumns)})`;
    if (fk.onDelete) text += ` ON DELETE ${fk.onDelete.toUpperCase()}`;
    if (fk.onUpdate) text += ` ON UPDATE ${fk.onUpdate.toUpperCase()}`;
    return text;
  }

  /** Text after the closing parenthesis of CREATE TABLE. */
  protected tableOptions(): string {
    return '';
  }

  /** The current instant in the column's stored format. */
  protected currentTimestamp(): string {
    return 'CURRENT_TIMESTAMP';
  }

  /** A default value: converted like a bound value, then written as a literal. */
  protected defaultValue(table: TableDescription, c: ColumnDescription): string {
    const d = c.default;
    if (!d) return 'NULL';
    if (d.kind === 'sql') return d.sql;
    if (d.kind === 'current-timestamp') {
      if (c.type.kind !== 'datetime') {
        throw new DdlError(
          `Column ${table.name}.${c.name}: a current-timestamp default needs a datetime column.\n` +
            '  Make the column datetime, or give it a value default.',
          table.name,
        );
      }
      return this.currentTimestamp();
    }
    return this.literal(this.types.toDriver(c.type, d.value, c.name), `${table.name}.${c.name}`);
  }

  /** Writes a converted value as a SQL literal (numbers, bigints, booleans, strings, NULL). */
  protected literal(value: unknown, column: string): string {
    if (value === null || value === undefined) return 'NULL';
    if (typeof value === 'bigint') return value.toString();
    if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
    if (typeof value === 'number' && Number.isFinite(value)) return String(value);
    if (typeof value === 'string') return this.stringLiteral(value, column);
    throw new UnsupportedError(
      `Column ${column}: ${this.dialectLabel} DDL cannot write this default as a literal.\n` +
        '  Give the column no default, and set the value when inserting.',
    );
  }

  /**
   * `'text'` with quotes doubled. Backslashes are plain characters on every dialect as Tabula
   * connects (standard_conforming_strings on PostgreSQL, NO_BACKSLASH_ESCAPES on MySQL).
   */
  protected stringLiteral(value: string, column: string): string {
    if (value.includes('\0'))
      throw new DdlError(
        `Column ${column}: a NUL character cannot appear in DDL.\n  Remove it from the default or enum value.`,
      );
    return `'${value.replaceAll("'", "''")}'`;
  }

  protected constraintName(name: string | undefined): string {
    return name === undefined ? '' : `CONSTRAINT ${this.quote(name)} `;
  }

  protected indexList(index: IndexDescription): string {
    return index.columns.map((c, i) => `${this.quote(c)}${index.descending?.[i] ? ' DESC' : ''}`).join(', ');
  }

  protected list(columns: readonly string[]): string {
    return columns.map((c) => this.quote(c)).join(', ');
  }

  protected unsupported(what: string, fix: string): TabulaError {
    return new UnsupportedError(`${this.dialectLabel} does not support ${what}.\n  ${fix}`);
  }
}
