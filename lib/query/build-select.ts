/**
 * `buildSelect`: the SELECT of an entity's rows for a filter, an order and a page — its columns as
 * typed column nodes (so each dialect reads them back exactly), the joins the filter and the
 * order need, and the discriminator test of a single-table-inheritance subclass.
 */
import type { EntityMetadata } from '../mapping/index.js';
import { discriminatorCondition } from './discriminator.js';
import {
  and,
  type Expression,
  type LockClause,
  type OrderInput,
  type SelectNode,
  select,
  table,
} from '../sql/index.js';
import type { DialectTypes } from '../types/index.js';
import type { Filter } from './filter.js';
import { FilterCompiler } from './filter-compiler.js';
import { AliasCounter, columnOf, JoinScope, type TableRef } from './join-scope.js';
import type { OrderBy } from './order-by.js';
import { compileOrderBy } from './order-compiler.js';

export interface SelectQuery<T> {
  readonly where?: Filter<T>;
  /** Default: the primary key, ascending, so pages are stable. */
  readonly orderBy?: OrderBy<T>;
  readonly limit?: number;
  readonly offset?: number;
  /** Row locks (`FOR UPDATE` / `FOR SHARE`); SQLite compiles them to nothing. */
  readonly lock?: LockClause;
  /** Conditions beyond the filter, built on the root's table (a loader's key list). */
  readonly conditions?: (root: TableRef) => readonly Expression[];
  /** Check filter values with this dialect's rules (see `compileFilter`). */
  readonly types?: DialectTypes;
}

/**
 * The SELECT of `meta`'s entities matching a query; hydrate its rows with the mapper's hot paths.
 * @example
 * const node = buildSelect(registry.get(Track), { where: { genre: { name: 'Jazz' } }, orderBy: { name: 'asc' }, limit: 10 });
 * const tracks = (await db.query(node)).map((row) => registry.hotPaths(Track, db.dialect.types).hydrate(row));
 */
export function buildSelect<T>(meta: EntityMetadata, query: SelectQuery<T> = {}): SelectNode {
  const scope = new JoinScope(meta, new AliasCounter());
  const root = scope.root;
  const where: Expression[] = [];
  if (query.where !== undefined) where.push(new FilterCompiler(query.types).filter(scope, root, query.where, ''));
  if (query.conditions) where.push(...query.conditions(root));
  const discriminator = discriminatorCondition(meta, (c) => columnOf(root, c));
  if (discriminator) where.push(discriminator);
  const orderBy: OrderInput[] =
    query.orderBy === undefined
      ? meta.primaryKey.map((c) => ({ expression: columnOf(root, c) }))
      : compileOrderBy(scope, query.orderBy);
  return select({
    columns: meta.columns.map((c) => columnOf(root, c)),
    from: table(meta.table, root.alias),
    joins: scope.joins,
    ...(where.length === 0 ? {} : { where: where.length === 1 ? where[0] : and(...where) }),
    orderBy,
    ...(query.limit === undefined ? {} : { limit: query.limit }),
    ...(query.offset === undefined ? {} : { offset: query.offset }),
    ...(query.lock === undefined ? {} : { lock: query.lock }),
  });
}
