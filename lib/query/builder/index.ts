/** The typed query builder: joins, GROUP BY / HAVING, aggregates and subqueries. */
export { avg, type AverageOf, count, countDistinct, max, min, sum } from './aggregates.js';
export {
  add,
  type ArithmeticOperand,
  type ArithmeticResult,
  divide,
  multiply,
  subtract,
} from './arithmetic.js';
export type { Selection } from './builder-state.js';
export {
  caseWhen,
  type Coalesced,
  coalesce,
  type ConcatPart,
  concat,
  type DateArgument,
  day,
  hour,
  length,
  lower,
  month,
  now,
  substring,
  type TextArgument,
  upper,
  type WhenArm,
  year,
} from './functions.js';
export type { JoinPath } from './join-path.js';
export { createQueryBuilder, QueryBuilder, type Subquery } from './query-builder.js';
export type { QueryRow, QueryRunner } from './query-runner.js';
export type { RefOf, RefTree } from './ref-tree.js';
export { existsIn, inSubquery, notExistsIn, notInSubquery, scalar, type SingleValue } from './subqueries.js';
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
} from './typed-expression.js';
