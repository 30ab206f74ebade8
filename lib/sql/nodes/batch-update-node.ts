import { SqlNodeError } from '../../errors/index.js';
import { validateIdentifier } from '../identifier.js';
import { type ColumnSpec, toColumnSpecs } from './column-spec.js';
import { freezeNode } from './frozen-node.js';
import { ValueRows } from './value-rows.js';

/**
 * Many rows updated in one statement, each with its own values for the same `columns`. A row is
 * found by its `keys` and must also equal its `match` values (an optimistic-lock version, say),
 * otherwise it is left alone, so the affected-row count tells how many matched.
 */
export interface BatchUpdateNode {
  readonly kind: 'batch-update';
  readonly table: string;
  readonly keys: readonly ColumnSpec[];
  readonly match: readonly ColumnSpec[];
  readonly columns: readonly ColumnSpec[];
  /** Each row's cells: its keys, then its new values, then its match values (`[...keys, ...columns, ...match]`). */
  readonly rows: ValueRows;
}

export interface BatchUpdateRowInput {
  readonly key: readonly unknown[];
  readonly match?: readonly unknown[];
  readonly values: readonly unknown[];
}

export interface BatchUpdateOptions {
  readonly table: string;
  readonly keys: readonly (string | ColumnSpec)[];
  /** Columns a row must also match, by old value (a version column, typically). */
  readonly match?: readonly (string | ColumnSpec)[];
  readonly columns: readonly (string | ColumnSpec)[];
  /** Rows as key / values / match, or laid out flat as keys, then values, then match values. */
  readonly rows: readonly BatchUpdateRowInput[] | ValueRows;
}

/**
 * @example batchUpdate({ table: 'books', keys: [{ name: 'id', type: int }],
 *   match: [{ name: 'version', type: int }], columns: [{ name: 'title', type: text }, { name: 'version', type: int }],
 *   rows: [{ key: [1], match: [3], values: ['Dune', 4] }, { key: [2], match: [1], values: ['Emma', 2] }] })
 */
export function batchUpdate(options: BatchUpdateOptions): BatchUpdateNode {
  const what = `Batch UPDATE of ${options.table}`;
  const keys = toColumnSpecs(options.keys, `${what} keys`);
  const match = toColumnSpecs(options.match ?? [], `${what} match`);
  const columns = toColumnSpecs(options.columns, `${what} columns`);
  if (keys.length === 0)
    throw new SqlNodeError(`${what} has no key columns.\n  Name the columns that find each row in keys.`);
  if (columns.length === 0)
    throw new SqlNodeError(`${what} assigns no columns.\n  Name the columns to set in columns.`);
  const specs = [...keys, ...columns, ...match];
  const rows =
    options.rows instanceof ValueRows
      ? options.rows
      : ValueRows.of(
          specs,
          options.rows.map((r) => [
            ...checkWidth(r.key, keys, `${what} key`),
            ...checkWidth(r.values, columns, what),
            ...checkWidth(r.match ?? [], match, `${what} match`),
          ]),
          what,
        );
  if (rows.specs.length !== specs.length || rows.specs.some((s, i) => s.name !== specs[i]?.name)) {
    throw new SqlNodeError(
      `${what}: the rows' columns are not its keys, columns and match columns.\n` +
        '  Build the ValueRows with the specs [...keys, ...columns, ...match], in that order.',
    );
  }
  if (rows.count === 0)
    throw new SqlNodeError(`${what} has no rows.\n  Send no statement when there is nothing to update.`);
  // Rows are found by key; changing the key in the same statement would make that ambiguous.
  for (const k of keys) {
    if (columns.some((c) => c.name === k.name))
      throw new SqlNodeError(
        `${what} assigns its key column ${k.name}.\n  Remove ${k.name} from columns; change a key with update().`,
      );
  }
  return freezeNode({
    kind: 'batch-update',
    table: validateIdentifier(options.table, 'table name'),
    keys,
    match,
    columns,
    rows,
  });
}

function checkWidth(values: readonly unknown[], of: readonly ColumnSpec[], what: string): readonly unknown[] {
  if (!Array.isArray(values) || values.length !== of.length) {
    throw SqlNodeError.rowWidth(what, values, of.length);
  }
  return values;
}
