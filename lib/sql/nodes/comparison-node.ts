import { SqlNodeError } from '../../errors/index.js';
import { type Expression, hintFrom, requireExpression, toExpression } from './expression.js';
import { freezeNode } from './frozen-node.js';

export type ComparisonOperator = '=' | '<>' | '<' | '<=' | '>' | '>=';

const OPERATORS: ReadonlySet<string> = new Set<ComparisonOperator>(['=', '<>', '<', '<=', '>', '>=']);

/** `left op right`. */
export interface ComparisonNode {
  readonly kind: 'comparison';
  readonly operator: ComparisonOperator;
  readonly left: Expression;
  readonly right: Expression;
}

/**
 * Compares an expression with another expression or a value; a plain value is bound as a
 * parameter typed like `left` when `left` is a typed column.
 *
 * @example compare(column('price', { type: decimal }), '>=', '10.00')
 */
export function compare(left: Expression, operator: ComparisonOperator, right: unknown): ComparisonNode {
  if (!OPERATORS.has(operator)) throw SqlNodeError.unknown('comparison operator', operator, [...OPERATORS]);
  requireExpression(left, 'compare');
  return freezeNode({ kind: 'comparison', operator, left, right: toExpression(right, hintFrom(left)) });
}

/** `left = right` */
export function eq(left: Expression, right: unknown): ComparisonNode {
  return compare(left, '=', right);
}

/** `left <> right` */
export function ne(left: Expression, right: unknown): ComparisonNode {
  return compare(left, '<>', right);
}

/** `left < right` */
export function lt(left: Expression, right: unknown): ComparisonNode {
  return compare(left, '<', right);
}

/** `left <= right` */
export function lte(left: Expression, right: unknown): ComparisonNode {
  return compare(left, '<=', right);
}

/** `left > right` */
export function gt(left: Expression, right: unknown): ComparisonNode {
  return compare(left, '>', right);
}

/** `left >= right` */
export function gte(left: Expression, right: unknown): ComparisonNode {
  return compare(left, '>=', right);
}
