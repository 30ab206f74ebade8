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
import type { CompileError } from '../../errors/index.js';
import type { ColumnType, ComparedWith, TypeName } from '../../types/index.js';
import type { DialectTypes } from '../../types/index.js';

/** Converts what the driver returned for one selected value into its JS form. */
export type ValueReader = (raw: unknown, types: DialectTypes) => unknown;

/** Where an expression comes from, for error messages: `Invoice` and `customer.address.country`. */
export interface ExprSource {
  readonly mapper: string;
  readonly path: string;
}

declare const valueType: unique symbol;
declare const propertyName: unique symbol;

/** A value or an expression of the same type, as a comparison's right-hand side. */
export type Operand<V> = NonNullable<V> | Expr<NonNullable<V>> | Expr<NonNullable<V> | null>;

/**
 * What the comparisons of expression `E` take: an `Operand` of its type, or (the only member a
 * wrong value is ever checked against in the end) the sentence naming the property and the fix.
 * Built in a conditional type so that `tsc` prints the members rather than the alias name.
 */
export type OperandOf<E> =
  E extends Expr<infer V>
    ?
        | NonNullable<V>
        | Expr<NonNullable<V>>
        | Expr<NonNullable<V> | null>
        | CompileError<`${NameOf<E>} is ${TypeName<NonNullable<V>>}: compare it with ${ComparedWith<NonNullable<V>>}, or an expression of that type`>
    : never;

/** What `in` / `notIn` of expression `E` take: values of its type, or the sentence. */
export type ListItemOf<E> =
  E extends Expr<infer V>
    ?
        | NonNullable<V>
        | CompileError<`${NameOf<E>} is ${TypeName<NonNullable<V>>}: every item of the list must be ${ComparedWith<NonNullable<V>>}`>
    : never;

/** The property an expression reads, for messages: `Ref<string, 'total'>` is `'total'`; any other expression `'the value'`. */
export type NameOf<E> = E extends { readonly [propertyName]?: infer K }
  ? string extends K
    ? 'the value'
    : K & string
  : 'the value';

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

  // The comparisons read their operand's type from `this` (a `Ref<V, K>` for a column), so a
  // wrong value's sentence can name the property: `total is a string: compare it with a string`.
  eq<E extends Expr<unknown>>(this: E, value: OperandOf<E>): Predicate {
    return this.compare('=', value);
  }

  ne<E extends Expr<unknown>>(this: E, value: OperandOf<E>): Predicate {
    return this.compare('<>', value);
  }

  gt<E extends Expr<unknown>>(this: E, value: OperandOf<E>): Predicate {
    return this.compare('>', value);
  }

  gte<E extends Expr<unknown>>(this: E, value: OperandOf<E>): Predicate {
    return this.compare('>=', value);
  }

  lt<E extends Expr<unknown>>(this: E, value: OperandOf<E>): Predicate {
    return this.compare('<', value);
  }

  lte<E extends Expr<unknown>>(this: E, value: OperandOf<E>): Predicate {
    return this.compare('<=', value);
  }

  /** `IN (…)`; an empty list is false. */
  in<E extends Expr<unknown>>(this: E, values: readonly ListItemOf<E>[]): Predicate {
    return new Predicate(
      inList(
        this.expression,
        values.map((v) => this.bind(v)),
      ),
    );
  }

  /** `NOT IN (…)`; an empty list is true. */
  notIn<E extends Expr<unknown>>(this: E, values: readonly ListItemOf<E>[]): Predicate {
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

  private compare(operator: ComparisonOperator, value: unknown): Predicate {
    const right = value instanceof Expr ? value.expression : this.bind(value);
    return new Predicate(compare(this.expression, operator, right));
  }
}

/**
 * A column of a mapped property: what the reference tree hands out. `K`, the property's name, is
 * only read by the compiler, to name the property in the sentence of a wrong comparison or aggregate.
 */
export class Ref<V, K extends string = string> extends Expr<V> {
  /** Phantom: carries the property's name `K`; never set. */
  declare readonly [propertyName]?: K;
}

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
