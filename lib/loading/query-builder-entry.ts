/**
 * The EntityManager's side of `createQueryBuilder`: a QueryRunner over its database (or the
 * transaction of `transactional`, looked up when a query runs) and its managed materializer.
 */
import type { EntityMetadata } from '../mapping';
import { createQueryBuilder, type QueryBuilder, type QueryRunner } from '../query';
import type { SqlNode } from '../sql';
import type { DialectTypes } from '../types';
import type { RawQueryable } from './find-by-sql';
import type { Materializer } from './materializer';

/** The dialect as the query builder sees it. */
export interface BuilderDialect {
  readonly types: DialectTypes;
  compile(node: SqlNode): { readonly sql: string; readonly params: readonly unknown[] };
}

export function entityManagerQueryBuilder<T>(
  dialect: BuilderDialect,
  meta: EntityMetadata,
  queryable: () => RawQueryable,
  materializer: Materializer,
): QueryBuilder<T> {
  const runner: QueryRunner = {
    types: dialect.types,
    compile: (node: SqlNode) => dialect.compile(node),
    query: (node: SqlNode) => queryable().query(node),
    entity: (entityMeta, row) => materializer.entity(entityMeta, row),
  };
  return createQueryBuilder<T>(meta, runner);
}
