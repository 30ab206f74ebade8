/** The typed query builder: joins, GROUP BY / HAVING, aggregates and subqueries. */
export { avg, type AverageOf, count, countDistinct, max, min, sum } from './aggregates';
export type { Selection } from './builder-state';
export type { JoinPath } from './join-path';
export { createQueryBuilder, QueryBuilder, type Subquery } from './query-builder';
export type { QueryRow, QueryRunner } from './query-runner';
export type { RefOf, RefTree } from './ref-tree';
export { existsIn, inSubquery, notExistsIn, notInSubquery, scalar, type SingleValue } from './subqueries';
export {
  allOf,
  anyOf,
  asc,
  Predicate,
  desc,
  Expr,
  type Operand,
  type Ordering,
  Ref,
  type RowOf,
  type ValueOf,
  type ValueReader,
} from './typed-expression';
