/**
 * A builder's state: plain data and the callbacks that build its expressions. Builders never
 * change it; each call returns a new builder with a new state.
 */
import type { EntityMetadata } from '../../mapping/index.js';
import type { JoinType, SelectNode } from '../../sql/index.js';
import type { QueryRunner } from './query-runner.js';
import type { Predicate, Expr, Ordering } from './typed-expression.js';

/** What `select` returns: output names and their expressions. */
export type Selection = Readonly<Record<string, Expr<unknown>>>;

/** The root's reference tree, untyped: the typed view is the builder's `RefTree<T>`. */
export type AnyTree = object;

export interface BuilderState {
  readonly meta: EntityMetadata;
  readonly runner: QueryRunner;
  readonly joins: readonly { readonly path: string; readonly type: JoinType }[];
  readonly filters: readonly unknown[];
  readonly conditions: readonly ((root: AnyTree) => Predicate)[];
  readonly select?: (root: AnyTree) => Selection;
  readonly groupBy?: (root: AnyTree, out: Selection) => readonly Expr<unknown>[];
  readonly having: readonly ((root: AnyTree) => Predicate)[];
  readonly orderBy?: (root: AnyTree, out: Selection) => readonly (Ordering | Expr<unknown>)[];
  readonly limit?: number;
  readonly offset?: number;
  readonly distinct: boolean;
}

/** A compiled builder: the SELECT and, for rows, each output's name and reader. */
export interface CompiledBuilder {
  readonly node: SelectNode;
  readonly outputs: readonly (readonly [string, Expr<unknown>])[];
}
