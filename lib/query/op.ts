/**
 * `op({ … })`: operators are syntax the program writes, never data. A filter takes value and key
 * operators only inside an object branded by `op()`; a plain object where a value belongs is data
 * and is refused. The brand is a Symbol-keyed property, which no JSON text can produce, so a
 * request body parsed into `{ "$ne": null }` can never turn into a condition.
 */
import { VALUE_OPERATORS } from './filter.js';
import { QueryError } from './query-error.js';

/**
 * Registered (`Symbol.for`) so that the ESM and CommonJS builds, when an application loads both,
 * recognise each other's operators. Code could forge it; JSON cannot, which is the threat here.
 */
const BRAND: unique symbol = Symbol.for('tabula-orm.operators') as never;

// Type-only: carries the operators' type for inference. Never present at run time.
declare const operatorsType: unique symbol;

/**
 * Operators branded by `op()`. Its type carries the operators (`O`), so `op({ $gte: 18 })` kept in
 * a constant is accepted wherever `{ $gte: number }` is. A plain object is never an `Op`.
 */
export interface Op<O> {
  readonly [operatorsType]: O;
}

/** The operators `op()` accepts (value operators, and key operators on to-one relations). */
export const OPERATOR_NAMES: ReadonlySet<string> = new Set(VALUE_OPERATORS);

/** What `op()` takes when nothing tells it the property's type (a constant defined apart). */
type AnyOperators = { readonly [K in `$${string}`]?: unknown };

/**
 * Marks `operators` as written by the program: the only way to use `$eq $ne $gt $gte $lt $lte
 * $in $nin $like $ilike $null` in a filter. Inline, it is typed by the property it filters (a
 * wrong operand is a `tsc` error inside the object); kept in a constant, it is typed by what it
 * holds. Values coming from input go INSIDE it (`op({ $gte: req.query.min })`, each checked
 * against the column), never as its argument: `op(req.body.filter)` would brand data as syntax.
 *
 * @example
 * await em.find(Person, { age: op({ $gte: 18, $lt: 65 }), name: op({ $like: like.startsWith(prefix) }) });
 * const adults = op({ $gte: 18 });
 * await em.count(Person, { age: adults });
 */
export function op<C = unknown, O extends OperatorsFor<C> = OperatorsFor<C>>(
  operators: O,
): Op<unknown extends C ? O : C> {
  if (!isPlainRecord(operators)) {
    throw new QueryError('op() takes an object of operators: op({ $gt: 1 }).', '');
  }
  const keys = Object.keys(operators);
  if (keys.length === 0) throw new QueryError('op({}) says nothing: give at least one operator.', '');
  const unknown = keys.find((k) => !OPERATOR_NAMES.has(k));
  if (unknown !== undefined) {
    throw new QueryError(
      `op(): unknown operator ${JSON.stringify(unknown)}.\n  Use one of: ${[...OPERATOR_NAMES].join(' ')}.`,
      '',
    );
  }
  const branded: Record<string | symbol, unknown> = {};
  for (const k of keys) branded[k] = (operators as Record<string, unknown>)[k];
  // Not enumerable: JSON.stringify and `{ ...spread }` drop it, so a copy is plain data again.
  Object.defineProperty(branded, BRAND, { value: true, enumerable: false });
  return Object.freeze(branded) as never;
}

/** `C` when the property's operators are known from where `op()` is written, else any operators. */
type OperatorsFor<C> = unknown extends C ? AnyOperators : C;

/** True only for an object made by `op()`. */
export function isOp(value: unknown): value is Readonly<Record<string, unknown>> {
  return (
    typeof value === 'object' &&
    value !== null &&
    Object.hasOwn(value, BRAND) &&
    (value as Record<symbol, unknown>)[BRAND] === true
  );
}

function isPlainRecord(value: unknown): value is object {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}
