/**
 * `em.stream` where the driver cannot stream a statement's rows in batches (SQLite: one row per
 * thread-pool round trip, 20× slower than the row itself): the rows are read in pages ordered by a
 * total order (the order asked for, then the key), each page starting strictly after the last row
 * of the one before — the keyset pagination of `findByCursor`. The position is the last row as the
 * database returned it, never the entity handed out (the caller may change it, and a managed
 * instance keeps its unflushed values). Each page is its own statement: a row written meanwhile
 * ahead of the position is streamed too, one behind it is not, and a row whose order value is
 * updated past the position meanwhile is read again.
 */
import type { EntityMetadata } from '../mapping/index.js';
import type { Filter } from '../query/index.js';
import { type KeysetItem, keysetFilter, keysetOrder, keysetOrderBy } from './keyset.js';

/**
 * The total order to page by, or undefined (stream the statement row by row instead) when
 * `orderBy` goes through a relation or an embeddable, a column may be NULL (no strict "after"), a
 * key column is a foreign key (ordered by its relation), or a column is a decimal (on SQLite its
 * `>` compares as REAL and its `=` as text, so two values equal as REAL would fall between pages).
 */
export function pagingOrder(meta: EntityMetadata, orderBy: object | undefined): KeysetItem[] | undefined {
  let order: KeysetItem[];
  try {
    order = keysetOrder(meta, orderBy as Readonly<Record<string, unknown>> | undefined);
  } catch {
    return undefined;
  }
  const pageable = order.every(
    (i) =>
      i.path.length === 1 && !i.column.nullable && i.column.source === 'property' && i.column.type.kind !== 'decimal',
  );
  return pageable ? order : undefined;
}

/** One page: its entities, and the order values of its last row as read from the database. */
export interface KeysetPage<T> {
  readonly entities: readonly T[];
  readonly lastValues: readonly unknown[] | undefined;
}

/** Entities of `filter` in `order`, read `batchSize` at a time by `page`. */
export async function* keysetStream<T>(
  filter: Filter<T>,
  order: readonly KeysetItem[],
  batchSize: number,
  page: (where: Filter<T>, orderBy: Record<string, unknown>, limit: number) => Promise<KeysetPage<T>>,
): AsyncIterable<T> {
  const orderBy = keysetOrderBy(order);
  let after: Filter<unknown> | undefined;
  while (true) {
    const where = (after === undefined ? filter : isEmpty(filter) ? after : { $and: [filter, after] }) as Filter<T>;
    const { entities, lastValues } = await page(where, orderBy, batchSize);
    yield* entities;
    if (entities.length < batchSize || lastValues === undefined) return;
    after = keysetFilter(order, lastValues);
  }
}

function isEmpty(filter: object): boolean {
  return Object.keys(filter).length === 0;
}
