/**
 * Aggregates typed by what they aggregate: `count` is a number, `sum` keeps the property's type
 * (a decimal stays an exact string), `avg` of numbers is a number, `min`/`max` read like the
 * column. Each reads its raw value the same on every dialect, whatever type the database chose
 * (PostgreSQL: bigint and numeric as text; MySQL: DECIMAL as text; SQLite: numbers).
 */
import type { CompileError } from '../../errors/index.js';
import { countAll, fn, param, sql } from '../../sql/index.js';
import type { ColumnType, TypeName } from '../../types/index.js';
import { decimalShape, readDecimal } from '../../types/index.js';
import { QueryError } from '../query-error.js';
import { Expr, type NameOf, type ValueOf, type ValueReader } from './typed-expression.js';

type Summable = number | bigint | string;

/**
 * What `sum` / `avg` take: the expression `E` itself when it reads numbers, bigints or decimals,
 * else the sentence naming the property and the fix, intersected with `E` (no expression is a
 * `CompileError`; the `& E` keeps the public signature compatible with the implementation's `Expr`).
 */
export type NumericArgument<E, Fn extends string> =
  E extends Expr<infer V>
    ? [V] extends [Summable | null]
      ? E
      : CompileError<`${Fn}(${NameOf<E>}): ${NameOf<E>} is ${TypeName<NonNullable<V>>}, and ${Fn} needs numbers, bigints or decimals: count it, or take min or max`> &
          E
    : CompileError<`${Fn} takes a column of numbers: this is a relation or an embeddable, so pass one of its numeric columns`> &
        E;

/** What `avg` reads as: a number for numbers, an exact decimal string for decimals. */
export type AverageOf<V> = V extends string ? string : number;

const asNumber: ValueReader = (raw) => (raw === null ? null : Number(raw));

/** `COUNT(*)`, or `COUNT(e)`: the rows where `e` is not NULL. */
export function count(e?: Expr<unknown>): Expr<number> {
  const expression = e === undefined ? countAll() : fn('count', e.expression);
  return new Expr<number>(expression, asNumber, e?.source ?? { mapper: '', path: 'count()' }, undefined, numberBind);
}

/** `COUNT(DISTINCT e)`: the different non-NULL values of `e`. */
export function countDistinct(e: Expr<unknown>): Expr<number> {
  return new Expr<number>(sql`COUNT(DISTINCT ${e.expression})`, asNumber, e.source, undefined, numberBind);
}

/**
 * `SUM(e)`, NULL (read as `null`) over no rows. Numbers and bigints only at compile time, decimals
 * (strings) too; a text column is a QueryError at run time, since a class cannot tell them apart.
 */
export function sum<E>(e: NumericArgument<E, 'sum'>): Expr<NonNullable<ValueOf<E>> | null>;
export function sum(e: Expr<unknown>): Expr<unknown> {
  const kind = numericKind(e, 'sum');
  const type = e.type as ColumnType;
  const read: ValueReader =
    kind === 'decimal'
      ? (raw) => (raw === null ? null : exactDecimal(raw, type))
      : kind === 'bigint' && type.bigintAsNumber !== true
        ? (raw) => (raw === null ? null : BigInt(String(raw)))
        : asNumber;
  return new Expr(fn('sum', e.expression), read, e.source, undefined, kind === 'bigint' ? bigintBind : numberBind);
}

/** `AVG(e)`: a number for numbers; for a decimal, a decimal string with the digits the database computed. */
export function avg<E>(e: NumericArgument<E, 'avg'>): Expr<AverageOf<NonNullable<ValueOf<E>>> | null>;
export function avg(e: Expr<unknown>): Expr<unknown> {
  const kind = numericKind(e, 'avg');
  const read: ValueReader =
    kind === 'decimal' ? (raw) => (raw === null ? null : readDecimal(raw, { precision: 1000, scale: 0 })) : asNumber;
  return new Expr(fn('avg', e.expression), read, e.source, undefined, numberBind);
}

/** `MIN(e)`, read like the column. */
export function min<V>(e: Expr<V>): Expr<NonNullable<V> | null> {
  return new Expr(fn('min', e.expression), e.read, e.source, e.type);
}

/** `MAX(e)`, read like the column. */
export function max<V>(e: Expr<V>): Expr<NonNullable<V> | null> {
  return new Expr(fn('max', e.expression), e.read, e.source, e.type);
}

// SQLite computes SUM and AVG in floating point and compares an untyped text parameter as greater
// than any number, so values compared with an aggregate are bound as numbers.
function numberBind(value: unknown): ReturnType<typeof param> {
  return param(typeof value === 'string' ? Number(value) : value);
}

function bigintBind(value: unknown): ReturnType<typeof param> {
  return param(typeof value === 'bigint' ? value.toString() : value);
}

function numericKind(e: Expr<unknown>, name: string): 'number' | 'bigint' | 'decimal' {
  const kind = e.type?.kind;
  if (kind === undefined || kind === 'integer' || kind === 'float' || kind === 'double') return 'number';
  if (kind === 'bigint' || kind === 'decimal') return kind;
  throw QueryError.invalid(
    e.source.mapper,
    e.source.path,
    `${name} needs a numeric property (integer, bigint, decimal, float, double); this one is ${kind}.`,
  );
}

/**
 * A decimal sum in the column's canonical form. A database with exact decimals returns text; one
 * that sums in floating point (SQLite) returns a number, rounded here to the column's scale — exact
 * while the sum has at most 15 significant digits.
 */
function exactDecimal(raw: unknown, type: ColumnType): string {
  const shape = decimalShape(type);
  const text = typeof raw === 'number' ? raw.toFixed(shape.scale) : raw;
  return readDecimal(text, { precision: 1000, scale: shape.scale });
}
