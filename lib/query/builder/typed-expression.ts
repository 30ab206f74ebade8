/**
 * Typed expressions of the query builder: a SQL expression node with the JS type its value reads
 * as (a phantom type parameter) and the reader that converts the driver's raw value to it.
 * Comparisons are methods, so their operand is typed by the expression they start from.
 */
import {
  and,
  type ComparisonOperator,
  compare,
  type Expression,
  inList,
  isNotNull,
  isNull,
  not,
  notInList,
  or,
  type ParamOptions,
  param,
} from '../../sql/index.js';
import type { ColumnType } from '../../types/index.js';
import type { DialectTypes } from '../../types/index.js';

/** Converts what the driver returned for one selected value into its JS form. */
export type ValueReader = (raw: unknown, types: DialectTypes) => unknown;

/** Where an expression comes from, for error messages: `Invoice` and `customer.address.country`. */
export interface ExprSource {
  readonly mapper: string;
  readonly path: string;
}

declare const valueType: unique symbol;

/** A value or an expression of the same type, as a comparison's right-hand side. */
export type Operand<V> = NonNullable<V> | Expr<NonNullable<V>> | Expr<NonNullable<V> | null>;

/**
 * An expression whose value reads as `V`: a column reference, an aggregate, a scalar subquery.
 * @example sum(i.total).gt('100.00') // HAVING SUM("t0"."Total") > ?
 */
export class Expr<V> {
  /** Phantom: carries `V` for the result row types; never set. */
  declare readonly [valueType]?: V;

  constructor(
    readonly expression: Expression,
    readonly read: ValueReader,
    readonly source: ExprSource,
    /** The column type of the value, when it is one (comparisons bind with it, `sum` checks it). */
    readonly type?: ColumnType,
    /** How a compared plain value is bound; default: typed like the column, or untyped. */
    readonly bind: (value: unknown) => unknown = (value) =>
      param(value, type === undefined ? {} : hint(type, expression)),
  ) {}

  eq(value: Operand<V>): Predicate {
    return this.compare('=', value);
  }

  ne(value: Operand<V>): Predicate {
    return this.compare('<>', value);
  }

  gt(value: Operand<V>): Predicate {
    return this.compare('>', value);
  }

  gte(value: Operand<V>): Predicate {
    return this.compare('>=', value);
  }

  lt(value: Operand<V>): Predicate {
    return this.compare('<', value);
  }

  lte(value: Operand<V>): Predicate {
    return this.compare('<=', value);
  }

  /** `IN (…)`; an empty list is false. */
  in(values: readonly NonNullable<V>[]): Predicate {
    return new Predicate(
      inList(
        this.expression,
        values.map((v) => this.bind(v)),
      ),
    );
  }

  /** `NOT IN (…)`; an empty list is true. */
  notIn(values: readonly NonNullable<V>[]): Predicate {
    return new Predicate(
      notInList(
        this.expression,
        values.map((v) => this.bind(v)),
      ),
    );
  }

  isNull(): Predicate {
    return new Predicate(isNull(this.expression));
  }

  isNotNull(): Predicate {
    return new Predicate(isNotNull(this.expression));
  }

  private compare(operator: ComparisonOperator, value: Operand<V>): Predicate {
    const right = value instanceof Expr ? value.expression : this.bind(value);
    return new Predicate(compare(this.expression, operator, right));
  }
}

/** A column of a mapped property: what the reference tree hands out. */
export class Ref<V> extends Expr<V> {}

/** A predicate for `where`, `having` and joins' extra conditions. */
export class Predicate {
  constructor(readonly expression: Expression) {}

  and(...others: Predicate[]): Predicate {
    return allOf(this, ...others);
  }

  or(...others: Predicate[]): Predicate {
    return anyOf(this, ...others);
  }

  not(): Predicate {
    return new Predicate(not(this.expression));
  }
}

/** Every condition holds (`AND`). */
export function allOf(...conditions: Predicate[]): Predicate {
  return new Predicate(and(...conditions.map((c) => c.expression)));
}

/** At least one condition holds (`OR`). */
export function anyOf(...conditions: Predicate[]): Predicate {
  return new Predicate(or(...conditions.map((c) => c.expression)));
}

/** One ORDER BY item. */
export interface Ordering {
  readonly expression: Expression;
  readonly direction: 'asc' | 'desc';
}

/** Ascending order of an expression (what a bare expression in `orderBy` means). */
export function asc(e: Expr<unknown>): Ordering {
  return { expression: e.expression, direction: 'asc' };
}

/** Descending order of an expression. */
export function desc(e: Expr<unknown>): Ordering {
  return { expression: e.expression, direction: 'desc' };
}

/** The JS type an expression reads as. */
export type ValueOf<E> = E extends Expr<infer V> ? V : never;

/** A result row of a `select`: each key's value in its JS type. */
export type RowOf<S> = { -readonly [K in keyof S]: ValueOf<S[K]> };

function hint(type: ColumnType, expression: Expression): ParamOptions {
  return expression.kind === 'column' ? { type, column: expression.name } : { type };
}
