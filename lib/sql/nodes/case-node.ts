import { SqlNodeError } from '../../errors/index.js';
import { type Expression, requireExpression, toExpression } from './expression.js';
import { freezeList, freezeNode } from './frozen-node.js';

/** One arm; `result` rather than `then`, which would make the object a thenable. */
export interface WhenClause {
  readonly when: Expression;
  readonly result: Expression;
}

/** `CASE WHEN c1 THEN r1 … ELSE e END` (searched form). */
export interface CaseNode {
  readonly kind: 'case';
  readonly whens: readonly WhenClause[];
  readonly otherwise?: Expression;
}

export interface WhenInput {
  readonly when: Expression;
  /** An expression node, or a value bound as an untyped parameter. */
  readonly result: unknown;
}

/** @example caseWhen([{ when: eq(column('n'), 1), result: 'one' }], 'many') */
export function caseWhen(whens: readonly WhenInput[], otherwise?: unknown): CaseNode {
  if (whens.length === 0)
    throw new SqlNodeError('CASE needs at least one WHEN.\n  Pass at least one { when, result }.');
  const clauses = whens.map((w) =>
    Object.freeze({ when: requireExpression(w.when, 'caseWhen'), result: toExpression(w.result) }),
  );
  const node: { -readonly [K in keyof CaseNode]: CaseNode[K] } = { kind: 'case', whens: freezeList(clauses) };
  if (otherwise !== undefined) node.otherwise = toExpression(otherwise);
  return freezeNode(node);
}
