/**
 * The rows of a keyed batch UPDATE as one derived table: every row is keys, then new values, then
 * match values, under column names that cannot clash. Each dialect spells the table its own way
 * (VALUES, unnest, UNION ALL), and the statement joins it to the target by key.
 */
import { MAX_IDENTIFIER_LENGTH } from './identifier.js';
import type { BatchUpdateNode } from './nodes/batch-update-node.js';
import type { ColumnSpec } from './nodes/column-spec.js';
import type { ValueRows } from './nodes/value-rows.js';

export interface BatchSource {
  /** The derived table's alias: `v`, or `v1` when the target table is itself named `v`. */
  readonly alias: string;
  /** One spec per derived column: keys, assigned columns, match columns. */
  readonly specs: readonly ColumnSpec[];
  /** The derived columns' names, parallel to `specs`. */
  readonly names: readonly string[];
  /** Each row's values, parallel to `specs`. */
  readonly rows: ValueRows;
}

/** Lays out `node`'s rows as a derived table. */
export function batchSource(node: BatchUpdateNode): BatchSource {
  return {
    alias: node.table === 'v' ? 'v1' : 'v',
    specs: [...node.keys, ...node.columns, ...node.match],
    names: derivedColumnNames(node),
    rows: node.rows,
  };
}

/**
 * Keys and assigned columns keep their names; a match column that is also assigned (the version)
 * becomes `<name>_match`; any clash falls back to `c<n>`.
 */
function derivedColumnNames(node: BatchUpdateNode): string[] {
  const used = new Set<string>();
  const take = (wanted: string, index: number) => {
    let name = wanted;
    for (let n = index; used.has(name) || name.length > MAX_IDENTIFIER_LENGTH; n++) name = `c${n}`;
    used.add(name);
    return name;
  };
  const plain = [...node.keys, ...node.columns].map((c, i) => take(c.name, i));
  const base = plain.length;
  const match = node.match.map((c, i) => take(used.has(c.name) ? `${c.name}_match` : c.name, base + i));
  return [...plain, ...match];
}
