import { SqlNodeError } from '../../errors/index.js';
import { type Expression, hintFrom, requireExpression, toExpression } from './expression.js';
import { freezeNode } from './frozen-node.js';

/** `div` is integer division, truncated toward zero on every dialect (MySQL's `DIV`; `/` of integers elsewhere). */
export type ArithmeticOperator = '+' | '-' | '*' | '/' | 'div';

const OPERATORS: ReadonlySet<string> = new Set<ArithmeticOperator>(['+', '-', '*', '/', 'div']);

/**
 * `left op right`. `/` of two integers truncates on PostgreSQL and SQLite but yields a decimal on
 * MySQL; `div` says which is meant.
 */
export interface ArithmeticNode {
  readonly kind: 'arithmetic';
  readonly operator: ArithmeticOperator;
  readonly left: Expression;
  readonly right: Expression;
}

/** @example arithmetic(column('version'), '+', 1) */
export function arithmetic(left: Expression, operator: ArithmeticOperator, right: unknown): ArithmeticNode {
  if (!OPERATORS.has(operator)) throw SqlNodeError.unknown('arithmetic operator', operator, [...OPERATORS]);
  requireExpression(left, 'arithmetic');
  return freezeNode({ kind: 'arithmetic', operator, left, right: toExpression(right, hintFrom(left)) });
}
