import { TabulaError } from '../../errors';
import { validateIdentifier } from '../identifier';
import { type ColumnSpec, toColumnSpecs, toRowValues } from './column-spec';
import type { Expression } from './expression';
import { freezeList, freezeNode } from './frozen-node';

/** One row of a keyed batch UPDATE: which row (key and match values) and its new values. */
export interface BatchUpdateRow {
  readonly key: readonly Expression[];
  readonly match: readonly Expression[];
  readonly values: readonly Expression[];
}

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
  readonly rows: readonly BatchUpdateRow[];
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
  readonly rows: readonly BatchUpdateRowInput[];
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
  if (keys.length === 0) throw new TabulaError(`${what} has no key columns.`);
  if (columns.length === 0) throw new TabulaError(`${what} assigns no columns.`);
  if (options.rows.length === 0) throw new TabulaError(`${what} has no rows.`);
  // Rows are found by key; changing the key in the same statement would make that ambiguous.
  for (const k of keys) {
    if (columns.some((c) => c.name === k.name)) throw new TabulaError(`${what} assigns its key column ${k.name}.`);
  }
  const rows = options.rows.map((r) =>
    Object.freeze({
      key: toRowValues(r.key, keys, `${what} key`),
      match: toRowValues(r.match ?? [], match, `${what} match`),
      values: toRowValues(r.values, columns, what),
    }),
  );
  return freezeNode({
    kind: 'batch-update',
    table: validateIdentifier(options.table, 'table name'),
    keys,
    match,
    columns,
    rows: freezeList(rows),
  });
}
