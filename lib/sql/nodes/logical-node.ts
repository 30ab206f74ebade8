import { type Expression, requireExpression } from './expression.js';
import { freezeList, freezeNode } from './frozen-node.js';

/** Conjunction; with no operands it is true. */
export interface AndNode {
  readonly kind: 'and';
  readonly operands: readonly Expression[];
}

/** Disjunction; with no operands it is false. */
export interface OrNode {
  readonly kind: 'or';
  readonly operands: readonly Expression[];
}

/** `NOT (operand)` */
export interface NotNode {
  readonly kind: 'not';
  readonly operand: Expression;
}

/** All of `operands` hold. `and()` is true, so filters can be built by spreading a list. */
export function and(...operands: Expression[]): AndNode {
  for (const o of operands) requireExpression(o, 'and');
  return freezeNode({ kind: 'and', operands: freezeList(operands) });
}

/** Any of `operands` holds. `or()` is false. */
export function or(...operands: Expression[]): OrNode {
  for (const o of operands) requireExpression(o, 'or');
  return freezeNode({ kind: 'or', operands: freezeList(operands) });
}

/** Negates a condition. */
export function not(operand: Expression): NotNode {
  return freezeNode({ kind: 'not', operand: requireExpression(operand, 'not') });
}
