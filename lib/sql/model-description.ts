/**
 * A table of the neutral schema model as a DDL TableDescription: each normalised type written back
 * as the dialect's type text (ColumnType's `sqlType`), each default as SQL text, the checks as table
 * constraints. The schema diff's CREATE TABLE and SQLite's table rebuild go through it.
 */
import type { ColumnDescription, IndexDescription, TableDescription } from './ddl.js';
import type { ColumnModel, IndexModel, SchemaReader, TableModel } from './schema-model.js';

export function columnDescription(column: ColumnModel, reader: SchemaReader, primaryKey = false): ColumnDescription {
  return {
    name: column.name,
    // The kind only matters to DDL validation (auto-increment needs an integer); the text is sqlType.
    type:
      column.type.values !== undefined
        ? { kind: 'enum', values: column.type.values }
        : { kind: column.autoIncrement ? 'integer' : 'text', sqlType: reader.typeSql(column.type) },
    nullable: column.nullable,
    ...(column.default !== undefined ? { default: { kind: 'sql', sql: column.default } } : {}),
    ...(column.autoIncrement ? { autoIncrement: true, primaryKey: true } : primaryKey ? { primaryKey: true } : {}),
  };
}

export function indexDescription(index: IndexModel): IndexDescription {
  return {
    name: index.name,
    columns: index.columns,
    unique: index.unique,
    ...(index.whereNull !== undefined ? { whereNull: index.whereNull } : {}),
    ...(index.descending?.some(Boolean) ? { descending: index.descending } : {}),
  };
}

export function modelDescription(table: TableModel, reader: SchemaReader): TableDescription {
  const generated = table.columns.some((c) => c.autoIncrement);
  return {
    name: table.name,
    columns: table.columns.map((c) => columnDescription(c, reader)),
    ...(generated || table.primaryKey.length === 0 ? {} : { primaryKey: { columns: table.primaryKey } }),
    uniques: table.uniques.map((u) => ({ columns: u.columns, ...(u.name !== undefined ? { name: u.name } : {}) })),
    indexes: table.indexes.map(indexDescription),
    foreignKeys: table.foreignKeys.map((f) => ({
      ...(f.name !== undefined ? { name: f.name } : {}),
      columns: f.columns,
      referencedTable: f.referencedTable,
      referencedColumns: f.referencedColumns,
      ...(f.onDelete !== 'no action' ? { onDelete: f.onDelete } : {}),
      ...(f.onUpdate !== 'no action' ? { onUpdate: f.onUpdate } : {}),
    })),
    checks: table.checks,
  };
}
