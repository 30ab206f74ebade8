/**
 * The EntityManager's side of `createQueryBuilder`: a QueryRunner over its database (or the
 * transaction of `transactional`, looked up when a query runs) and its managed materializer.
 */
import type { EntityMetadata } from '../mapping/index.js';
import { createQueryBuilder, type QueryBuilder, type QueryRunner } from '../query/index.js';
import type { SqlNode } from '../sql/index.js';
import type { DialectTypes } from '../types/index.js';
import type { RawQueryable } from './find-by-sql.js';
import type { Materializer } from './materializer.js';

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
  restrictions?: QueryRunner['restrictions'],
): QueryBuilder<T> {
  const runner: QueryRunner = {
    types: dialect.types,
    compile: (node: SqlNode) => dialect.compile(node),
    query: (node: SqlNode) => queryable().query(node),
    entity: (entityMeta, row) => materializer.entity(entityMeta, row),
    restrictions,
  };
  return createQueryBuilder<T>(meta, runner);
}
