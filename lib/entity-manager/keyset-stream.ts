/**
 * `em.stream` where the driver cannot stream a statement's rows in batches (SQLite: one row per
 * thread-pool round trip, 20× slower than the row itself): the rows are read in pages ordered by a
 * total order (the order asked for, then the key), each page starting strictly after the last row
 * of the one before — the keyset pagination of `findByCursor`. Each page is its own statement, so a
 * row written meanwhile after the current position is streamed too, one before it is not; no row
 * is read twice or skipped.
 */
import type { EntityMetadata } from '../mapping';
import type { Filter } from '../query';
import { type KeysetItem, keysetFilter, keysetOrder, keysetOrderBy } from './pagination';

type Bag = Record<string, unknown>;

/** The total order to page by, or undefined when `orderBy` leaves the entity's own NOT NULL columns. */
export function pagingOrder(meta: EntityMetadata, orderBy: object | undefined): KeysetItem[] | undefined {
  try {
    const order = keysetOrder(meta, orderBy as Readonly<Record<string, unknown>> | undefined);
    return order.every((i) => !i.column.nullable) ? order : undefined;
  } catch {
    // Ordered through a relation or an embeddable: the statement is streamed row by row instead.
    return undefined;
  }
}

/** Entities of `filter` in `order`, read `batchSize` at a time by `page`. */
export async function* keysetStream<T>(
  filter: Filter<T>,
  order: readonly KeysetItem[],
  batchSize: number,
  page: (where: Filter<T>, orderBy: Record<string, 'asc' | 'desc'>, limit: number) => Promise<T[]>,
): AsyncIterable<T> {
  const orderBy = keysetOrderBy(order);
  let after: Filter<unknown> | undefined;
  while (true) {
    const where = (after === undefined ? filter : isEmpty(filter) ? after : { $and: [filter, after] }) as Filter<T>;
    const entities = await page(where, orderBy, batchSize);
    yield* entities;
    const last = entities[entities.length - 1];
    if (entities.length < batchSize || last === undefined) return;
    after = keysetFilter(
      order,
      order.map((i) => (last as Bag)[i.property]),
    );
  }
}

function isEmpty(filter: object): boolean {
  return Object.keys(filter).length === 0;
}
