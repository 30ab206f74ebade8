/**
 * Checks a table description before any DDL is written, so a mistake is reported with the table
 * and column it concerns rather than as the database's syntax error.
 */
import { TabulaError } from '../errors.js';
import type { ColumnDescription, ReferentialAction, TableDescription } from './ddl.js';
import { validateIdentifier } from './identifier.js';

const ACTIONS: ReadonlySet<string> = new Set<ReferentialAction>(['cascade', 'set null', 'restrict', 'no action']);

/** Validates `table` and returns its primary-key columns. */
export function validateTable(table: TableDescription): readonly string[] {
  const t = validateIdentifier(table.name, 'table name');
  if (table.columns.length === 0) throw new TabulaError(`Table ${t} has no columns.`);
  const names = new Set<string>();
  for (const c of table.columns) {
    validateIdentifier(c.name, 'column name');
    if (names.has(c.name)) throw new TabulaError(`Table ${t} declares column ${c.name} twice.`);
    names.add(c.name);
    validateColumn(t, c);
  }
  const known = (what: string, columns: readonly string[]) => {
    if (columns.length === 0) throw new TabulaError(`Table ${t}: ${what} names no columns.`);
    for (const c of columns) if (!names.has(c)) throw new TabulaError(`Table ${t}: ${what} names unknown column ${c}.`);
  };
  const primaryKey = primaryKeyOf(table);
  if (primaryKey.length > 0) known('the primary key', primaryKey);
  if (table.primaryKey?.name !== undefined) validateIdentifier(table.primaryKey.name, 'constraint name');
  for (const u of table.uniques ?? []) {
    known('a unique constraint', u.columns);
    if (u.name !== undefined) validateIdentifier(u.name, 'constraint name');
  }
  for (const i of table.indexes ?? []) {
    known(`index ${validateIdentifier(i.name, 'index name')}`, i.columns);
  }
  for (const fk of table.foreignKeys ?? []) {
    known('a foreign key', fk.columns);
    if (fk.name !== undefined) validateIdentifier(fk.name, 'constraint name');
    validateIdentifier(fk.referencedTable, 'table name');
    for (const c of fk.referencedColumns) validateIdentifier(c, 'column name');
    if (fk.referencedColumns.length !== fk.columns.length) {
      throw new TabulaError(
        `Table ${t}: a foreign key of ${fk.columns.length} columns references ${fk.referencedColumns.length} columns of ${fk.referencedTable}.`,
      );
    }
    for (const a of [fk.onDelete, fk.onUpdate]) {
      if (a !== undefined && !ACTIONS.has(a)) throw new TabulaError(`Table ${t}: unknown referential action ${a}.`);
    }
  }
  validateAutoIncrement(t, table.columns, primaryKey);
  return primaryKey;
}

/** The primary key from `primaryKey` or from the columns' flags; both given must agree. */
export function primaryKeyOf(table: TableDescription): readonly string[] {
  const flagged = table.columns.filter((c) => c.primaryKey).map((c) => c.name);
  if (!table.primaryKey) return flagged;
  const declared = table.primaryKey.columns;
  if (flagged.length > 0 && flagged.join(',') !== declared.join(',')) {
    throw new TabulaError(
      `Table ${table.name}: columns flagged primaryKey (${flagged.join(', ')}) differ from primaryKey.columns (${declared.join(', ')}).`,
    );
  }
  return declared;
}

function validateColumn(table: string, c: ColumnDescription): void {
  if (c.type.kind === 'enum' && (!c.type.values || c.type.values.length === 0)) {
    throw new TabulaError(`Column ${table}.${c.name}: an enum needs at least one value.`);
  }
  if (c.autoIncrement && c.type.kind !== 'integer' && c.type.kind !== 'bigint') {
    throw new TabulaError(
      `Column ${table}.${c.name}: autoIncrement needs an integer or bigint column, not ${c.type.kind}.`,
    );
  }
  if (c.autoIncrement && (c.nullable || c.default)) {
    throw new TabulaError(
      `Column ${table}.${c.name}: an autoIncrement column can be neither nullable nor have a default.`,
    );
  }
}

function validateAutoIncrement(
  table: string,
  columns: readonly ColumnDescription[],
  primaryKey: readonly string[],
): void {
  const generated = columns.filter((c) => c.autoIncrement);
  if (generated.length === 0) return;
  const only = generated[0] as ColumnDescription;
  // SQLite can only generate the rowid, which is the whole primary key; MySQL needs it keyed.
  if (generated.length > 1 || primaryKey.length !== 1 || primaryKey[0] !== only.name) {
    throw new TabulaError(
      `Table ${table}: the autoIncrement column must be the table's only primary-key column (${generated.map((c) => c.name).join(', ')}).`,
    );
  }
}
