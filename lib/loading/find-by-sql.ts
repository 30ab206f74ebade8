/**
 * `em.findBySql`: entities from a raw SELECT the caller wrote. The rows go through the same
 * materializer as `em.find`, so managed instances come back from the identity map.
 */
import type { EntityMetadata } from '../mapping/index.js';
import { QueryError } from '../query/index.js';
import type { RawNode, SqlNode } from '../sql/index.js';
import type { Materializer } from './materializer.js';

type Row = Readonly<Record<string, unknown>>;

/** Anything that runs a raw fragment and answers its rows: the pool or the transaction of `transactional`. */
export interface RawQueryable {
  query(node: SqlNode): Promise<Row[]>;
}

/**
 * Runs `node` and turns each row into an entity. Rows carry the entity's columns under their
 * column names; a row without a key column is refused, since identity cannot be known without it.
 */
export async function findBySql(
  queryable: RawQueryable,
  meta: EntityMetadata,
  node: RawNode,
  materializer: Materializer,
): Promise<object[]> {
  const rows = await queryable.query(node);
  return rows.map((row) => {
    checkKeyColumns(meta, row);
    return materializer.entity(meta, row);
  });
}

function checkKeyColumns(meta: EntityMetadata, row: Row): void {
  for (const column of meta.primaryKey) {
    if (!(column.name in row))
      throw new QueryError(
        `em.findBySql(${meta.className}, …): the rows have no key column ${column.name}; select it under that name.`,
        column.property,
      );
  }
}
