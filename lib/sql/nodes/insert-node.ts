import { SqlNodeError } from '../../errors/index.js';
import { validateIdentifier, validateIdentifiers } from '../identifier.js';
import { type ColumnSpec, toColumnSpecs } from './column-spec.js';
import type { Expression } from './expression.js';
import { freezeList, freezeNode } from './frozen-node.js';
import { type SelectItem, toSelectItem } from './select-node.js';
import { ValueRows } from './value-rows.js';

/** What an upsert does with a row whose key already exists. */
export type ConflictAction = 'nothing' | { readonly update: readonly string[] };

/**
 * `ON CONFLICT (columns) DO …` on PostgreSQL and SQLite. MySQL has no conflict target: its
 * `ON DUPLICATE KEY UPDATE` fires on any unique key, and `columns[0]` serves as the no-op column.
 */
export interface OnConflict {
  readonly columns: readonly string[];
  readonly action: ConflictAction;
}

/** A multi-row INSERT. No columns and one empty row means "a row of defaults". */
export interface InsertNode {
  readonly kind: 'insert';
  readonly table: string;
  readonly columns: readonly ColumnSpec[];
  readonly rows: ValueRows;
  readonly returning: readonly SelectItem[];
  readonly onConflict?: OnConflict;
}

export interface InsertOptions {
  readonly table: string;
  readonly columns: readonly (string | ColumnSpec)[];
  /** Values, in column order; plain values are bound with their column's type. */
  readonly rows: readonly (readonly unknown[])[] | ValueRows;
  readonly returning?: readonly (Expression | SelectItem)[];
  readonly onConflict?: OnConflict;
}

/**
 * Builds an INSERT of one or more rows.
 *
 * @example insert({ table: 'tags', columns: [{ name: 'name', type: text }], rows: [['a'], ['b']],
 *   returning: [column('id')], onConflict: { columns: ['name'], action: 'nothing' } })
 */
export function insert(options: InsertOptions): InsertNode {
  const what = `INSERT into ${options.table}`;
  const columns = toColumnSpecs(options.columns, what);
  const rows = options.rows instanceof ValueRows ? options.rows : ValueRows.of(columns, options.rows, what);
  if (rows.specs.length !== columns.length || rows.specs.some((s, i) => s.name !== columns[i]?.name)) {
    throw new SqlNodeError(
      `${what}: the rows' columns are not the statement's columns.\n` +
        '  Build the ValueRows with the column specs of the INSERT, in the same order.',
    );
  }
  if (rows.count === 0)
    throw new SqlNodeError(`${what} has no rows.\n  Send no statement when there is nothing to insert.`);
  if (columns.length === 0 && rows.count !== 1) {
    throw new SqlNodeError(
      `INSERT into ${options.table} without columns inserts exactly one row of defaults.\n` +
        '  Name the columns, or insert one empty row: rows: [[]].',
    );
  }
  const node: { -readonly [K in keyof InsertNode]: InsertNode[K] } = {
    kind: 'insert',
    table: validateIdentifier(options.table, 'table name'),
    columns,
    rows,
    returning: freezeList((options.returning ?? []).map(toSelectItem)),
  };
  if (options.onConflict !== undefined && columns.length === 0) {
    throw new SqlNodeError(
      `The upsert into ${options.table} inserts no columns.\n  Name the inserted columns, among them the conflict columns.`,
    );
  }
  if (options.onConflict !== undefined) node.onConflict = toOnConflict(options.onConflict, columns, options.table);
  return freezeNode(node);
}

function toOnConflict(value: OnConflict, columns: readonly ColumnSpec[], table: string): OnConflict {
  const target = validateIdentifiers(value.columns, 'conflict column');
  if (target.length === 0)
    throw new SqlNodeError(
      `The upsert into ${table} names no conflict columns.\n  Name the unique key's columns in onConflict.columns.`,
    );
  if (value.action === 'nothing') return Object.freeze({ columns: target, action: 'nothing' });
  const update = validateIdentifiers(value.action.update, 'updated column');
  if (update.length === 0) throw new SqlNodeError(`The upsert into ${table} updates no columns; use action 'nothing'.`);
  const inserted = new Set(columns.map((c) => c.name));
  for (const u of update) {
    if (!inserted.has(u))
      throw new SqlNodeError(
        `The upsert into ${table} updates ${u}, which it does not insert.\n  Insert ${u} too, or do not update it.`,
      );
  }
  return Object.freeze({ columns: target, action: Object.freeze({ update }) });
}
