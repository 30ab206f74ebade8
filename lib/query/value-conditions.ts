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
import { isOp } from './op.js';
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

/**
 * The ValueError for what cannot be one column value: a plain object or an array (data, perhaps
 * parsed from a request, never operators), a function, a symbol, an instance of a class. The
 * message names the place and the fix but never the value: it may reach an HTTP client.
 */
export function notAValue(site: ConditionSite, value: unknown, column?: string): ValueError | undefined {
  const at = `${site.mapper}.${site.path}`;
  if (Array.isArray(value)) {
    return new ValueError(
      `${at}: an array is data here, not a list of values; compare with a list with op({ $in: […] }).`,
      column,
    );
  }
  if (isPlainObject(value)) {
    return new ValueError(
      `${at}: a plain object is data here, not operators; write operators with op({ $gt: … }).`,
      column,
    );
  }
  switch (typeof value) {
    case 'string':
    case 'number':
    case 'bigint':
    case 'boolean':
      return undefined;
    case 'function':
    case 'symbol':
      return new ValueError(`${at}: ${describeValue(value)} is not a value of a column.`, column);
  }
  if (value instanceof Date || value instanceof Uint8Array) return undefined;
  return new ValueError(`${at}: ${describeValue(value)} is not a value of a column.`, column);
}

/** Compiles what a filter says about one column. */
export class ColumnConditions {
  constructor(private readonly check: ValueCheck) {}

  /** `value`: a plain value (equality), `null` (IS NULL) or operators branded by `op()`. */
  condition(target: ColumnNode, c: ColumnMetadata, value: unknown, site: ConditionSite): Expression {
    if (value === null) return isNull(target);
    if (!isOp(value)) return compare(target, '=', this.bound(c, value, site));
    const parts = Object.entries(value).map(([op, operand]) => this.operator(target, c, op, operand, site));
    if (parts.length === 0) throw QueryError.invalid(site.mapper, site.path, 'op({}) says nothing.');
    return parts.length === 1 ? (parts[0] as Expression) : and(...parts);
  }

  private operator(target: ColumnNode, c: ColumnMetadata, op: string, operand: unknown, site: ConditionSite) {
    if (!OPERATOR_SET.has(op)) throw QueryError.unknownOperator(site.mapper, site.path, op, VALUE_OPERATORS);
    const operator = op as ValueOperator;
    switch (operator) {
      case '$null':
        if (typeof operand !== 'boolean') throw invalidOperand(site, c, op, 'true or false', operand);
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
        if (operand === null) throw invalidOperand(site, c, op, 'a value (null compares with $null)', operand);
        return compare(target, COMPARISONS[operator], this.bound(c, operand, site));
    }
  }

  private membership(target: ColumnNode, c: ColumnMetadata, op: '$in' | '$nin', list: unknown, site: ConditionSite) {
    if (!Array.isArray(list)) throw invalidOperand(site, c, op, 'an array of values', list);
    const values = list.map((v: unknown) => {
      if (v === null) throw invalidOperand(site, c, op, 'values without null (use $null)', v);
      return this.bound(c, v, site);
    });
    return op === '$in' ? inList(target, values) : notInList(target, values);
  }

  private pattern(target: ColumnNode, c: ColumnMetadata, op: '$like' | '$ilike', value: unknown, site: ConditionSite) {
    if (!TEXT_KINDS.has(c.type.kind)) {
      throw QueryError.invalid(site.mapper, site.path, `${op} applies to text columns; this one is ${c.type.kind}.`);
    }
    if (typeof value !== 'string') throw invalidOperand(site, c, op, 'a string pattern', value);
    // NUL is refused on every dialect, not only where text cannot hold it: SQLite's LIKE stops
    // reading a pattern at NUL ('a\0%' matched 'a'), so the same filter would answer differently.
    const problem = textProblem(value, { rejectsNul: true });
    if (problem) {
      throw new ValueError(
        `${site.mapper}.${site.path}: ${op} expects ${problem.expected}, got ${problem.got}.`,
        c.name,
      );
    }
    // A pattern may be longer than the column allows ('%…%'), so it binds as text, not as the column.
    const bound = param(value, { type: { kind: 'text' }, column: c.name });
    return op === '$like' ? like(target, bound) : ilike(target, bound);
  }

  /** The value checked against the column, as a parameter of the column's type. */
  private bound(c: ColumnMetadata, value: unknown, site: ConditionSite): Expression {
    if (value === undefined) {
      throw QueryError.invalid(
        site.mapper,
        site.path,
        'undefined is not a value: leave the property out, or use null.',
      );
    }
    const refused = notAValue(site, value, c.name);
    if (refused) throw refused;
    try {
      this.check(c, value);
    } catch (e) {
      if (e instanceof ValueError) throw wrongValue(site, c, value, e);
      throw e;
    }
    return param(value, { type: c.type, column: c.name });
  }
}

/**
 * The column's own ValueError restated without the value (the type layer quotes what it got, and
 * filter values often come from requests); the original stays as `cause` for logs.
 */
function wrongValue(site: ConditionSite, c: ColumnMetadata, value: unknown, e: ValueError): ValueError {
  const marker = ` to column ${c.name}: `;
  const at = e.message.lastIndexOf(marker);
  const why = at < 0 ? 'it is not a value of that column.' : e.message.slice(at + marker.length);
  return new ValueError(
    `${site.mapper}.${site.path}: ${kindOf(value)} cannot be compared with column ${c.name}: ${why}`,
    c.name,
    {
      cause: e,
    },
  );
}

/** A leaf of `op()` that is not what its operator takes: data, so a ValueError (named by kind only). */
function invalidOperand(
  site: ConditionSite,
  c: ColumnMetadata,
  op: string,
  expected: string,
  got: unknown,
): ValueError {
  return new ValueError(`${site.mapper}.${site.path}: ${op} expects ${expected}, got ${kindOf(got)}.`, c.name);
}

/** What a value is, without the value: it may have come from a request. */
export function kindOf(value: unknown): string {
  if (value === null || value === undefined) return String(value);
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}
