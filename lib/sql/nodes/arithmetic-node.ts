import { SqlNodeError } from '../../errors/index.js';
import { type Expression, hintFrom, requireExpression, toExpression } from './expression.js';
import { freezeNode } from './frozen-node.js';

export type ArithmeticOperator = '+' | '-' | '*' | '/';

const OPERATORS: ReadonlySet<string> = new Set<ArithmeticOperator>(['+', '-', '*', '/']);

/**
 * `left op right`. Integer division truncates on PostgreSQL and SQLite but yields a decimal on
 * MySQL; the compiler does not paper over that.
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
