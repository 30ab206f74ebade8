import { SqlNodeError } from '../../errors/index.js';
import { type Expression, requireExpression } from './expression.js';
import { freezeList, freezeNode } from './frozen-node.js';

/** A row value `(a, b)`, for composite keys: `(a, b) IN ((1, 2), (3, 4))`. */
export interface RowNode {
  readonly kind: 'row';
  readonly items: readonly Expression[];
}

/** Builds a row value from at least one expression. */
export function row(...items: Expression[]): RowNode {
  if (items.length === 0)
    throw new SqlNodeError('A row value needs at least one item.\n  Pass at least one expression.');
  for (const item of items) requireExpression(item, 'row');
  return freezeNode({ kind: 'row', items: freezeList(items) });
}
