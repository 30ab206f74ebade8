/**
 * Subqueries from other builders: `IN (SELECT …)`, `EXISTS (SELECT …)` and a scalar subquery as a
 * value. Built inside a callback of the outer query, a subquery shares its alias counter, so it
 * may refer to the outer query's references (a correlated subquery).
 */
import type { CompileError } from '../../errors/index.js';
import { exists, inList, notExists, notInList, sql } from '../../sql/index.js';
import type { TypeName } from '../../types/index.js';
import { QueryError } from '../query-error.js';
import type { CompiledBuilder } from './builder-state.js';
import type { Subquery } from './query-builder.js';
import { Predicate, Expr, type NameOf } from './typed-expression.js';

/** A selection of one value of type `V` (or `V | null`). */
export type SingleValue<V> = Readonly<Record<string, Expr<V> | Expr<V | null>>>;

/**
 * What `inSubquery(left, sub)` takes as `sub`: a subquery selecting values of `left`'s type, or
 * the sentence naming the property and the fix (first, so `tsc` prints it first) beside
 * `Subquery<S>`, from which the selection `S` is inferred either way.
 */
export type SubqueryOf<L, S, Fn extends string> =
  L extends Expr<infer V>
    ? S extends SingleValue<NonNullable<V>>
      ? Subquery<S>
      : CompileError<`${Fn}(${NameOf<L>}, …): ${NameOf<L>} is ${TypeName<NonNullable<V>>}, so the subquery must select one value of that type`> &
          Subquery<S>
    : Subquery<S>;

/**
 * `left IN (SELECT …)`: the subquery selects one value of `left`'s type.
 * @example
 * .where((c) => inSubquery(c.customerId, em.createQueryBuilder(Invoice).where({ total: op({ $gt: '20' }) }).select((i) => ({ id: i.customer.customerId }))))
 */
export function inSubquery<L extends Expr<unknown>, S>(left: L, sub: SubqueryOf<L, S, 'inSubquery'>): Predicate {
  return new Predicate(inList(left.expression, single(sub, 'inSubquery').node));
}

/** `left NOT IN (SELECT …)`. Mind SQL's rule: a NULL among the subquery's values makes it unknown for every row. */
export function notInSubquery<L extends Expr<unknown>, S>(left: L, sub: SubqueryOf<L, S, 'notInSubquery'>): Predicate {
  return new Predicate(notInList(left.expression, single(sub, 'notInSubquery').node));
}

/** `EXISTS (SELECT …)`: the subquery returns a row (its selection, if any, does not matter). */
export function existsIn(sub: Subquery<unknown>): Predicate {
  return new Predicate(exists(sub.compileSubquery().node));
}

/** `NOT EXISTS (SELECT …)`. */
export function notExistsIn(sub: Subquery<unknown>): Predicate {
  return new Predicate(notExists(sub.compileSubquery().node));
}

/**
 * `(SELECT …)` as a value: the subquery's one selected value, `null` when it finds no row. More
 * than one row is the database's error.
 * @example .select((c) => ({ id: c.customerId, invoices: scalar(em.createQueryBuilder(Invoice).where((i) => i.customer.customerId.eq(c.customerId)).select(() => ({ n: count() }))) }))
 */
export function scalar<V>(sub: Subquery<SingleValue<V>>): Expr<V | null> {
  const { node, outputs } = single(sub, 'scalar');
  const [, e] = outputs[0] as readonly [string, Expr<unknown>];
  return new Expr<V | null>(sql`(${node})`, e.read, e.source, e.type, e.bind);
}

function single(sub: Subquery<unknown>, name: string): CompiledBuilder {
  const compiled = sub.compileSubquery();
  if (compiled.outputs.length !== 1) {
    throw new QueryError(
      `${name} needs a subquery that selects exactly one value; select((r) => ({ value: … })).`,
      name,
    );
  }
  return compiled;
}
