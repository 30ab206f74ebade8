import { type Expression, requireExpression } from './expression.js';
import { freezeNode } from './frozen-node.js';

/** `operand IS NULL`, or `IS NOT NULL` when negated. */
export interface NullCheckNode {
  readonly kind: 'null-check';
  readonly operand: Expression;
  readonly negated: boolean;
}

/** `operand IS NULL` */
export function isNull(operand: Expression): NullCheckNode {
  return freezeNode({ kind: 'null-check', operand: requireExpression(operand, 'isNull'), negated: false });
}

/** `operand IS NOT NULL` */
export function isNotNull(operand: Expression): NullCheckNode {
  return freezeNode({ kind: 'null-check', operand: requireExpression(operand, 'isNotNull'), negated: true });
}
