/**
 * Expressions: everything that can stand where SQL expects a value or a condition.
 */
import { SqlNodeError } from '../../errors/index.js';
import type { ArithmeticNode } from './arithmetic-node.js';
import type { CaseNode } from './case-node.js';
import type { ColumnNode } from './column-node.js';
import type { ComparisonNode } from './comparison-node.js';
import type { ExistsNode } from './exists-node.js';
import { isSqlNode } from './frozen-node.js';
import type { FunctionNode } from './function-node.js';
import type { InNode } from './in-node.js';
import type { LikeNode } from './like-node.js';
import type { DefaultNode, NullNode } from './literal-node.js';
import type { AndNode, NotNode, OrNode } from './logical-node.js';
import type { NullCheckNode } from './null-check-node.js';
import { type ParamNode, type ParamOptions, param } from './param-node.js';
import type { RawNode } from './raw-node.js';
import type { RowNode } from './row-node.js';

export type Expression =
  | ColumnNode
  | ParamNode
  | NullNode
  | DefaultNode
  | ComparisonNode
  | AndNode
  | OrNode
  | NotNode
  | InNode
  | NullCheckNode
  | LikeNode
  | ExistsNode
  | ArithmeticNode
  | CaseNode
  | FunctionNode
  | RowNode
  | RawNode;

export type ExpressionKind = Expression['kind'];

const EXPRESSION_KINDS: ReadonlySet<string> = new Set<ExpressionKind>([
  'column',
  'param',
  'null',
  'default',
  'comparison',
  'and',
  'or',
  'not',
  'in',
  'null-check',
  'like',
  'exists',
  'arithmetic',
  'case',
  'function',
  'row',
  'raw',
]);

/** True for expression nodes made by the factories. */
export function isExpression(value: unknown): value is Expression {
  return isSqlNode(value) && EXPRESSION_KINDS.has(value.kind);
}

/**
 * Returns `value` when it is an expression node, else binds it as a parameter typed by `hint`.
 * A statement node (a SELECT, say) is refused: subqueries go through `inList` and `exists`.
 */
export function toExpression(value: unknown, hint: ParamOptions = {}): Expression {
  if (isExpression(value)) return value;
  if (isSqlNode(value)) {
    throw new SqlNodeError(`A ${value.kind} node cannot be used as a value; use it through inList or exists.`);
  }
  return param(value, hint);
}

/** The type and column name a value compared with `expression` should be bound with. */
export function hintFrom(expression: Expression): ParamOptions {
  if (expression.kind === 'column') return { type: expression.type, column: expression.name };
  if (expression.kind === 'param') return { type: expression.type, column: expression.column };
  return {};
}

/** Checks that a factory argument is an expression node (a plain value here is a mistake). */
export function requireExpression(value: Expression, where: string): Expression {
  if (!isExpression(value)) {
    throw new SqlNodeError(
      `${where} expects an expression node, got ${describeValue(value)}.\n` +
        '  Pass a node built by the factories (column, param, eq, …); bind a plain value with param(value).',
    );
  }
  return value;
}

function describeValue(value: unknown): string {
  if (isSqlNode(value)) return `a ${value.kind} node`;
  return value === null ? 'null' : typeof value;
}
