import { SqlNodeError } from '../../errors/index.js';
import { type Expression, requireExpression } from './expression.js';
import { freezeList, freezeNode } from './frozen-node.js';

/** The functions Tabula compiles; all of them exist under these names or a known alias everywhere. */
export type FunctionName =
  | 'count'
  | 'sum'
  | 'avg'
  | 'min'
  | 'max'
  | 'lower'
  | 'upper'
  | 'coalesce'
  | 'abs'
  | 'length'
  | 'concat'
  | 'substring'
  | DatePart
  | 'now';

/** The parts of a datetime the date-part functions read, in UTC, as integers. */
export type DatePart = 'year' | 'month' | 'day' | 'hour';

/** True for the date-part function names. */
export function isDatePart(name: FunctionName): name is DatePart {
  return name === 'year' || name === 'month' || name === 'day' || name === 'hour';
}

const ARITY: Readonly<Record<FunctionName, { min: number; max: number }>> = {
  count: { min: 1, max: 1 },
  sum: { min: 1, max: 1 },
  avg: { min: 1, max: 1 },
  min: { min: 1, max: 1 },
  max: { min: 1, max: 1 },
  lower: { min: 1, max: 1 },
  upper: { min: 1, max: 1 },
  coalesce: { min: 1, max: Number.POSITIVE_INFINITY },
  abs: { min: 1, max: 1 },
  length: { min: 1, max: 1 },
  // NULL if any part is NULL on every dialect (MySQL's CONCAT; `||` elsewhere, never PostgreSQL's CONCAT, which skips NULLs).
  concat: { min: 1, max: Number.POSITIVE_INFINITY },
  // substring(text, start[, length]), 1-based; start and length are whole numbers, compiled inline.
  substring: { min: 2, max: 3 },
  year: { min: 1, max: 1 },
  month: { min: 1, max: 1 },
  day: { min: 1, max: 1 },
  hour: { min: 1, max: 1 },
  // The current instant in UTC.
  now: { min: 0, max: 0 },
};

/** A whitelisted function call; `args: '*'` is `count(*)`. `length` counts characters on every dialect. */
export interface FunctionNode {
  readonly kind: 'function';
  readonly name: FunctionName;
  readonly args: readonly Expression[] | '*';
}

/** @example fn('coalesce', column('nickname'), column('name')) */
export function fn(name: FunctionName, ...args: Expression[]): FunctionNode {
  const arity = Object.hasOwn(ARITY, name) ? ARITY[name] : undefined;
  if (!arity)
    throw new SqlNodeError(
      `Function ${JSON.stringify(name)} is not one Tabula compiles.\n` +
        `  Use one of: ${Object.keys(ARITY).join(', ')}; or write the call in a sql\`…\` fragment.`,
    );
  if (args.length < arity.min || args.length > arity.max) {
    throw new SqlNodeError(`Function ${name} takes ${describeArity(arity)}, got ${args.length}.`);
  }
  for (const a of args) requireExpression(a, name);
  return freezeNode({ kind: 'function', name, args: freezeList(args) });
}

/** `count(*)` */
export function countAll(): FunctionNode {
  return freezeNode({ kind: 'function', name: 'count', args: '*' });
}

function describeArity(arity: { min: number; max: number }): string {
  if (arity.min === arity.max && arity.min === 0) return 'no arguments';
  if (arity.min === arity.max) return `${arity.min} argument${arity.min === 1 ? '' : 's'}`;
  return `at least ${arity.min} argument${arity.min === 1 ? '' : 's'}`;
}
