/**
 * Recognises the key lists PostgreSQL can bind as arrays: `k IN (…)` or `(k1, k2) IN ((…), …)`
 * where every left item is a typed column and every value a parameter.
 */
import type { ColumnType } from '../../types/index.js';
import type { Expression, InNode, ParamNode } from '../../sql/index.js';

/** One array to bind: the left column's type and the values compared with it, row by row. */
export interface KeyArray {
  readonly type: ColumnType;
  readonly values: readonly ParamNode[];
}

/** Below this many values a list stays a plain `IN (…)`, easier to read in plans and logs. */
export const MIN_ARRAY_VALUES = 2;

/** The arrays for `node`, one per left item, or undefined when it must stay a literal list. */
export function arrayKeyList(node: InNode): readonly KeyArray[] | undefined {
  const { left, values } = node;
  if (!Array.isArray(values) || values.length < MIN_ARRAY_VALUES) return undefined;
  const items: readonly Expression[] = left.kind === 'row' ? left.items : [left];
  const types = items.map((i) => (i.kind === 'column' ? i.type : undefined));
  if (!types.every((t): t is ColumnType => t !== undefined)) return undefined;
  const columns: ParamNode[][] = types.map(() => []);
  for (const value of values as readonly Expression[]) {
    const row: readonly Expression[] | undefined =
      left.kind === 'row' ? (value.kind === 'row' ? value.items : undefined) : [value];
    if (row === undefined || row.length !== types.length) return undefined;
    for (const [i, v] of row.entries()) {
      if (v.kind !== 'param') return undefined;
      columns[i]?.push(v);
    }
  }
  return types.map((type, i) => ({ type, values: columns[i] ?? [] }));
}
