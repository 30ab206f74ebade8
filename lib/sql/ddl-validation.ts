/**
 * Checks a table description before any DDL is written, so a mistake is reported with the table
 * and column it concerns rather than as the database's syntax error.
 */
import { DdlError } from '../errors/index.js';
import type { ColumnDescription, ReferentialAction, TableDescription } from './ddl.js';
import { validateIdentifier } from './identifier.js';

const ACTIONS: ReadonlySet<string> = new Set<ReferentialAction>(['cascade', 'set null', 'restrict', 'no action']);

/** Validates `table` and returns its primary-key columns. */
export function validateTable(table: TableDescription): readonly string[] {
  const t = validateIdentifier(table.name, 'table name');
  if (table.columns.length === 0) throw new DdlError(`Table ${t} has no columns.\n  Describe at least one column.`, t);
  const names = new Set<string>();
  for (const c of table.columns) {
    validateIdentifier(c.name, 'column name');
    if (names.has(c.name))
      throw new DdlError(`Table ${t} declares column ${c.name} twice.\n  Give each column its own name.`, t);
    names.add(c.name);
    validateColumn(t, c);
  }
  const known = (what: string, columns: readonly string[]) => {
    if (columns.length === 0)
      throw new DdlError(`Table ${t}: ${what} names no columns.\n  List the columns it is made of.`, t);
    for (const c of columns)
      if (!names.has(c))
        throw new DdlError(
          `Table ${t}: ${what} names unknown column ${c}.\n  Describe ${c} in columns, or correct the name.`,
          t,
        );
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
      throw new DdlError(
        `Table ${t}: a foreign key of ${fk.columns.length} columns references ${fk.referencedColumns.length} columns of ${fk.referencedTable}.\n` +
          '  Reference one column per foreign-key column, in the same order.',
        t,
      );
    }
    for (const a of [fk.onDelete, fk.onUpdate]) {
      if (a !== undefined && !ACTIONS.has(a))
        throw new DdlError(
          `Table ${t}: unknown referential action ${a}.\n  Use one of: ${[...ACTIONS].join(', ')}.`,
          t,
        );
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
    throw new DdlError(
      `Table ${table.name}: columns flagged primaryKey (${flagged.join(', ')}) differ from primaryKey.columns (${declared.join(', ')}).\n` +
        '  Declare the key once (flags or primaryKey.columns), or make both list the same columns in the same order.',
      table.name,
    );
  }
  return declared;
}

function validateColumn(table: string, c: ColumnDescription): void {
  if (c.type.kind === 'enum' && (!c.type.values || c.type.values.length === 0)) {
    throw new DdlError(
      `Column ${table}.${c.name}: an enum needs at least one value.\n  List them in type.values.`,
      table,
    );
  }
  if (c.autoIncrement && c.type.kind !== 'integer' && c.type.kind !== 'bigint') {
    throw new DdlError(
      `Column ${table}.${c.name}: autoIncrement needs an integer or bigint column, not ${c.type.kind}.\n` +
        '  Make the column integer or bigint, or drop autoIncrement and assign the values yourself.',
      table,
    );
  }
  if (c.autoIncrement && (c.nullable || c.default)) {
    throw new DdlError(
      `Column ${table}.${c.name}: an autoIncrement column can be neither nullable nor have a default.\n` +
        '  Make it NOT NULL without a default.',
      table,
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
    throw new DdlError(
      `Table ${table}: the autoIncrement column must be the table's only primary-key column (${generated.map((c) => c.name).join(', ')}).\n` +
        '  Generate one column that is the whole primary key, and assign the other key columns yourself.',
      table,
    );
  }
}
