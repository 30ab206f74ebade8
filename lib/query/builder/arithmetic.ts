/**
 * Arithmetic between expressions and values: `add`, `subtract`, `multiply`, `divide`, typed by
 * their operands. The result type is the operands' widest: a decimal (an exact string) if one is a
 * decimal, else a bigint if one is, else a number; `null` when an operand may be. At run time the
 * column types decide the SQL: two integers divide with truncation on every dialect (MySQL's DIV),
 * a decimal's scale follows PostgreSQL's and MySQL's rules (`+ -`: the larger; `*`: the sum), and a
 * bound value is typed so no server guesses its type (docs/query-builder.md, "Expressions").
 */
import type { CompileError } from '../../errors/index.js';
import { type ArithmeticOperator, arithmetic, param } from '../../sql/index.js';
import type { ColumnType, TypeName } from '../../types/index.js';
import { readDecimal } from '../../types/index.js';
import { QueryError } from '../query-error.js';
import { Expr, type NameOf, type ValueReader } from './typed-expression.js';

type Numeric = number | bigint | string;
type Plain<X> = X extends Expr<infer V> ? V : X;
type Words<X> = X extends Expr<unknown> ? NameOf<X> : 'the value';

/**
 * What one operand of an arithmetic function takes: an expression of numbers, bigints or decimals,
 * or such a value; a string value only beside a decimal (a string with a number is a mistake).
 */
export type ArithmeticOperand<X, Other, Fn extends string> =
  X extends Expr<infer V>
    ? [V] extends [Numeric | null]
      ? X
      : CompileError<`${Fn}: ${NameOf<X>} is ${TypeName<NonNullable<V>>}, and arithmetic needs numbers, bigints or decimals`> &
          X
    : X extends number | bigint
      ? X
      : X extends string
        ? [Extract<NonNullable<Plain<Other>>, string>] extends [never]
          ? CompileError<`${Fn}: a string with ${Words<Other>}, which is a number: pass a number`> & X
          : X
        : CompileError<`${Fn} takes numbers, bigints or decimals (strings), or expressions of them`> & X;

/** The result of arithmetic on `A` and `B`: decimal (string) > bigint > number, `null` if either may be. */
export type ArithmeticResult<A, B> =
  | ([Extract<NonNullable<Plain<A> | Plain<B>>, string>] extends [never]
      ? [Extract<NonNullable<Plain<A> | Plain<B>>, bigint>] extends [never]
        ? number
        : bigint
      : string)
  | (null extends Plain<A> | Plain<B> ? null : never);

/** `a + b` @example add(i.total, '1.50') // Expr<string>: exact on PostgreSQL and MySQL */
export function add<A, B>(
  a: ArithmeticOperand<A, B, 'add'>,
  b: ArithmeticOperand<B, A, 'add'>,
): Expr<ArithmeticResult<A, B>>;
export function add(a: unknown, b: unknown): Expr<unknown> {
  return combine('+', a, b, 'add');
}

/** `a - b` */
export function subtract<A, B>(
  a: ArithmeticOperand<A, B, 'subtract'>,
  b: ArithmeticOperand<B, A, 'subtract'>,
): Expr<ArithmeticResult<A, B>>;
export function subtract(a: unknown, b: unknown): Expr<unknown> {
  return combine('-', a, b, 'subtract');
}

/** `a * b` @example multiply(l.unitPrice, l.quantity) // Expr<string>, scale 2 + 0 */
export function multiply<A, B>(
  a: ArithmeticOperand<A, B, 'multiply'>,
  b: ArithmeticOperand<B, A, 'multiply'>,
): Expr<ArithmeticResult<A, B>>;
export function multiply(a: unknown, b: unknown): Expr<unknown> {
  return combine('*', a, b, 'multiply');
}

/**
 * `a / b`: two integers divide with truncation toward zero on every dialect; a decimal quotient has
 * the digits the database computed; division by zero is NULL on SQLite and MySQL, an error on PostgreSQL.
 */
export function divide<A, B>(
  a: ArithmeticOperand<A, B, 'divide'>,
  b: ArithmeticOperand<B, A, 'divide'>,
): Expr<ArithmeticResult<A, B>>;
export function divide(a: unknown, b: unknown): Expr<unknown> {
  return combine('/', a, b, 'divide');
}

type Kind = 'integer' | 'bigint' | 'decimal' | 'double';

const NUMERIC_KINDS: Readonly<Record<string, Kind>> = {
  integer: 'integer',
  bigint: 'bigint',
  decimal: 'decimal',
  float: 'double',
  double: 'double',
};

/** The column type a plain value is bound with: what it reads as in JS, said to the database. */
function valueType(value: unknown, fn: string): ColumnType {
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new QueryError(`${fn}: ${value} is not a number SQL can compute with.`, fn);
    return Number.isInteger(value) ? { kind: 'integer' } : { kind: 'double' };
  }
  if (typeof value === 'bigint') return { kind: 'bigint' };
  if (typeof value === 'string') {
    const m = /^-?(\d*)(?:\.(\d*))?$/.exec(value);
    if (!m) throw new QueryError(`${fn}: ${JSON.stringify(value)} is not a decimal.`, fn);
    const scale = m[2]?.length ?? 0;
    return { kind: 'decimal', precision: Math.max(1, (m[1]?.length ?? 0) + scale), scale };
  }
  throw new QueryError(`${fn} takes numbers, bigints, decimal strings or expressions of them.`, fn);
}

function kindOf(type: ColumnType | undefined, e: Expr<unknown>, fn: string): Kind {
  // An aggregate (count, avg) has no column type: it reads as a number.
  if (type === undefined) return 'double';
  const kind = NUMERIC_KINDS[type.kind];
  if (kind) return kind;
  throw QueryError.invalid(
    e.source.mapper,
    e.source.path,
    `${fn} needs numbers (integer, bigint, decimal, float, double); this one is ${type.kind}.`,
  );
}

function combine(operator: ArithmeticOperator, a: unknown, b: unknown, fn: string): Expr<unknown> {
  const template = a instanceof Expr ? a : b instanceof Expr ? b : undefined;
  if (!template) throw new QueryError(`${fn} needs at least one expression (a column, an aggregate, …).`, fn);
  const [left, right] = [sideOf(a, fn), sideOf(b, fn)];
  const lk = kindOf(left.type, left.expr ?? template, fn);
  const rk = kindOf(right.type, right.expr ?? template, fn);
  const result = resultType(operator, left.type, lk, right.type, rk);
  const op: ArithmeticOperator = operator === '/' && isWhole(lk) && isWhole(rk) ? 'div' : operator;
  const node = arithmetic(expressionOf(left), op, expressionOf(right));
  // A decimal compared with a result is bound typed (SQLite then compares both as REAL, as it
  // computed them; a text parameter would be greater than any number there).
  const bind = (value: unknown) => param(value, typeof value === 'string' ? { type: valueType(value, fn) } : {});
  return new Expr(node, readerOf(result), template.source, result, bind);
}

interface Side {
  readonly e: Expr<unknown>['expression'] | undefined;
  readonly type: ColumnType | undefined;
  readonly expr?: Expr<unknown> | undefined;
  readonly value?: unknown;
}

function sideOf(x: unknown, fn: string): Side {
  return x instanceof Expr
    ? { e: x.expression, type: x.type, expr: x }
    : { e: undefined, type: valueType(x, fn), value: x };
}

function expressionOf(side: Side) {
  return side.e ?? param(side.value, { type: side.type });
}

function isWhole(kind: Kind): boolean {
  return kind === 'integer' || kind === 'bigint';
}

/** Decimal results whose scale the database decides (a quotient, a float operand): not the column default of 10. */
const unknownScale = new WeakSet<ColumnType>();

function scaleOf(type: ColumnType | undefined, kind: Kind): number | undefined {
  if (type !== undefined && unknownScale.has(type)) return undefined;
  if (kind === 'decimal') return type?.scale ?? (type?.precision === undefined ? 10 : Math.min(10, type.precision));
  return isWhole(kind) ? 0 : undefined;
}

function resultType(
  operator: ArithmeticOperator,
  l: ColumnType | undefined,
  lk: Kind,
  r: ColumnType | undefined,
  rk: Kind,
): ColumnType {
  if (lk === 'decimal' || rk === 'decimal') {
    const [ls, rs] = [scaleOf(l, lk), scaleOf(r, rk)];
    // A float operand or a quotient: the digits the database computed (scale unknown here).
    const scale =
      ls === undefined || rs === undefined || operator === '/'
        ? undefined
        : operator === '*'
          ? ls + rs
          : Math.max(ls, rs);
    if (scale !== undefined) return { kind: 'decimal', precision: 65, scale };
    const type: ColumnType = { kind: 'decimal' };
    unknownScale.add(type);
    return type;
  }
  if (lk === 'double' || rk === 'double') return { kind: 'double' };
  if (lk === 'bigint' || rk === 'bigint') {
    const asNumber = (l?.bigintAsNumber ?? lk !== 'bigint') && (r?.bigintAsNumber ?? rk !== 'bigint');
    return asNumber ? { kind: 'bigint', bigintAsNumber: true } : { kind: 'bigint' };
  }
  return { kind: 'integer' };
}

/** How a result reads the same on every dialect: PostgreSQL and MySQL answer text for numeric and bigint, SQLite numbers. */
function readerOf(type: ColumnType): ValueReader {
  if (type.kind === 'decimal') {
    const scale = unknownScale.has(type) ? undefined : type.scale;
    return (raw) => {
      if (raw === null || raw === undefined) return null;
      // SQLite computes decimals as REAL: rounded to the scale the exact result would have.
      const text = typeof raw === 'number' && scale !== undefined ? raw.toFixed(scale) : raw;
      return readDecimal(text, { precision: 1000, scale: scale ?? 0 });
    };
  }
  if (type.kind === 'bigint' && type.bigintAsNumber !== true) {
    return (raw) =>
      raw === null || raw === undefined ? null : BigInt(typeof raw === 'number' ? Math.trunc(raw) : String(raw));
  }
  return (raw) => (raw === null || raw === undefined ? null : Number(raw));
}
