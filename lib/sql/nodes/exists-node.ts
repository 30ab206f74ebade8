import { SqlNodeError } from '../../errors/index.js';
import { freezeNode, isSqlNode } from './frozen-node.js';
import type { SelectNode } from './select-node.js';

/** `EXISTS (SELECT …)`, or `NOT EXISTS` when negated. */
export interface ExistsNode {
  readonly kind: 'exists';
  readonly query: SelectNode;
  readonly negated: boolean;
}

/** True when the subquery returns a row. */
export function exists(query: SelectNode): ExistsNode {
  return buildExists(query, false);
}

/** True when the subquery returns no row. */
export function notExists(query: SelectNode): ExistsNode {
  return buildExists(query, true);
}

function buildExists(query: SelectNode, negated: boolean): ExistsNode {
  if (!isSqlNode(query) || query.kind !== 'select')
    throw new SqlNodeError('exists expects a SELECT node.\n  Pass select({ … }).');
  return freezeNode({ kind: 'exists', query, negated });
}
