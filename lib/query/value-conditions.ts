/**
 * Conditions on one column: a value, `null`, or an operator object, each value checked against
 * the column's type before it becomes a bound parameter of that type.
 */
import { ValueError } from '../errors/index.js';
import type { ColumnMetadata } from '../mapping/index.js';
import {
  and,
  type ColumnNode,
  compare,
  type Expression,
  ilike,
  inList,
  isNotNull,
  isNull,
  like,
  notInList,
  param,
} from '../sql/index.js';
import { valueCheckers } from '../types/index.js';
import type { DialectTypes } from '../types/index.js';
import { describeValue } from '../types/index.js';
import { textProblem } from '../types/index.js';
import { VALUE_OPERATORS, type ValueOperator } from './filter.js';
import { QueryError } from './query-error.js';

/** Where a condition is: the mapper's name and the property path, for error messages. */
export interface ConditionSite {
  readonly mapper: string;
  readonly path: string;
}

/** Checks a value against a column type; throws ValueError like the dialect's `toDriver`. */
export type ValueCheck = (column: ColumnMetadata, value: unknown) => void;

const SHARED_CHECKS = valueCheckers({});

/** The dialect's own check when its types are known, else the checks every dialect shares. */
export function valueCheck(types: DialectTypes | undefined): ValueCheck {
  if (types) return (c, value) => void types.toDriver(c.type, value, c.name);
  return (c, value) => void SHARED_CHECKS[c.type.kind](c.type, value, c.name);
}

const OPERATOR_SET: ReadonlySet<string> = new Set(VALUE_OPERATORS);
const COMPARISONS = { $eq: '=', $ne: '<>', $gt: '>', $gte: '>=', $lt: '<', $lte: '<=' } as const;
const TEXT_KINDS: ReadonlySet<string> = new Set(['string', 'text', 'uuid', 'enum']);

/** True for `{}`-style objects (not entities, Dates, Buffers or arrays). */
export function isPlainObject(value: unknown): value is Readonly<Record<string, unknown>> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/** True when every key of a non-empty object is an operator (`$…`). */
export function isOperatorObject(value: Readonly<Record<string, unknown>>): boolean {
  const keys = Object.keys(value);
  return keys.length > 0 && keys.every((k) => k.startsWith('$'));
}

/** Compiles what a filter says about one column. */
export class ColumnConditions {
  constructor(private readonly check: ValueCheck) {}

  /** `value`: a plain value (equality), `null` (IS NULL) or an operator object. */
  condition(target: ColumnNode, c: ColumnMetadata, value: unknown, site: ConditionSite): Expression {
    if (value === null) return isNull(target);
    if (!isPlainObject(value)) return compare(target, '=', this.bound(c, value, site));
    if (!isOperatorObject(value)) {
      throw QueryError.invalid(site.mapper, site.path, `expected a value or operators, got ${describeKeys(value)}.`);
    }
    const parts = Object.entries(value).map(([op, operand]) => this.operator(target, c, op, operand, site));
    return parts.length === 1 ? (parts[0] as Expression) : and(...parts);
  }

  private operator(target: ColumnNode, c: ColumnMetadata, op: string, operand: unknown, site: ConditionSite) {
    if (!OPERATOR_SET.has(op)) throw QueryError.unknownOperator(site.mapper, site.path, op, VALUE_OPERATORS);
    const operator = op as ValueOperator;
    switch (operator) {
      case '$null':
        if (typeof operand !== 'boolean') throw invalidOperand(site, op, 'true or false', operand);
        return operand ? isNull(target) : isNotNull(target);
      case '$in':
      case '$nin':
        return this.membership(target, c, operator, operand, site);
      case '$like':
      case '$ilike':
        return this.pattern(target, c, operator, operand, site);
      case '$eq':
      case '$ne':
        if (operand === null) return operator === '$eq' ? isNull(target) : isNotNull(target);
        return compare(target, COMPARISONS[operator], this.bound(c, operand, site));
      default:
        if (operand === null) throw invalidOperand(site, op, 'a value (null compares with $null)', operand);
        return compare(target, COMPARISONS[operator], this.bound(c, operand, site));
    }
  }

  private membership(target: ColumnNode, c: ColumnMetadata, op: '$in' | '$nin', list: unknown, site: ConditionSite) {
    if (!Array.isArray(list)) throw invalidOperand(site, op, 'an array of values', list);
    const values = list.map((v: unknown) => {
      if (v === null) throw invalidOperand(site, op, 'values without null (use $null)', v);
      return this.bound(c, v, site);
    });
    return op === '$in' ? inList(target, values) : notInList(target, values);
  }

  private pattern(target: ColumnNode, c: ColumnMetadata, op: '$like' | '$ilike', value: unknown, site: ConditionSite) {
    if (!TEXT_KINDS.has(c.type.kind)) {
      throw QueryError.invalid(site.mapper, site.path, `${op} applies to text columns; this one is ${c.type.kind}.`);
    }
    if (typeof value !== 'string') throw invalidOperand(site, op, 'a string pattern', value);
    // NUL is refused on every dialect, not only where text cannot hold it: SQLite's LIKE stops
    // reading a pattern at NUL ('a\0%' matched 'a'), so the same filter would answer differently.
    const problem = textProblem(value, { rejectsNul: true });
    if (problem) {
      throw QueryError.invalid(site.mapper, site.path, `${op} expects ${problem.expected}, got ${problem.got}.`);
    }
    // A pattern may be longer than the column allows ('%…%'), so it binds as text, not as the column.
    const bound = param(value, { type: { kind: 'text' }, column: c.name });
    return op === '$like' ? like(target, bound) : ilike(target, bound);
  }

  /** The value checked against the column, as a parameter of the column's type. */
  private bound(c: ColumnMetadata, value: unknown, site: ConditionSite): Expression {
    if (isPlainObject(value)) {
      throw QueryError.invalid(site.mapper, site.path, `expected a value, got an object ${describeKeys(value)}.`);
    }
    if (value === undefined) {
      throw QueryError.invalid(
        site.mapper,
        site.path,
        'undefined is not a value: leave the property out, or use null.',
      );
    }
    try {
      this.check(c, value);
    } catch (e) {
      if (e instanceof ValueError) throw QueryError.invalid(site.mapper, site.path, e.message, e);
      throw e;
    }
    return param(value, { type: c.type, column: c.name });
  }
}

function invalidOperand(site: ConditionSite, op: string, expected: string, got: unknown): QueryError {
  return QueryError.invalid(site.mapper, site.path, `${op} expects ${expected}, got ${describeValue(got)}.`);
}

/** `{ a, b }` for messages, without the values. */
export function describeKeys(value: Readonly<Record<string, unknown>>): string {
  return `{ ${Object.keys(value).join(', ')} }`;
}
