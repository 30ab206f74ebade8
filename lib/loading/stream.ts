/**
 * `em.stream`: rows of a held connection turned into entities one at a time, so memory stays flat
 * however many rows there are (untracked entities are garbage as soon as the caller drops them).
 */
import type { Database } from '../dialects/index.js';
import type { EntityMetadata } from '../mapping/index.js';
import type { Filter, OrderBy } from '../query/index.js';
import type { FindOptions } from './find-options.js';
import type { FilterOptions } from './global-filters.js';
import { findSelect } from './find-select.js';
import type { Materializer } from './materializer.js';
import { keysetStream, pagingOrder } from './keyset-stream.js';

/** Options of `em.stream`. */
export interface StreamOptions<T> extends FilterOptions {
  /** Default: the primary key, ascending. */
  readonly orderBy?: OrderBy<T> | undefined;
  /** Rows fetched per round trip where the driver batches (PostgreSQL cursor, MySQL stream). */
  readonly batchSize?: number | undefined;
  /** Put each entity in the identity map (memory then grows with the rows). Default: false. */
  readonly tracked?: boolean | undefined;
  /**
   * Cancels the stream: when it aborts, the statement is cancelled on the server and the loop
   * ends with QueryCancelledError.
   */
  readonly signal?: AbortSignal | undefined;
}

/**
 * The entities of `filter` on `db`: pages by key where the driver cannot stream a statement's rows
 * in batches (see keyset-stream.ts), else one statement's rows as they come.
 */
export function streamFrom<T>(
  db: Database,
  meta: EntityMetadata,
  filter: Filter<T>,
  options: StreamOptions<T>,
  materializer: Materializer,
): AsyncIterable<T> {
  const { dialect } = db;
  const { signal } = options;
  const order = dialect.capabilities.streamsStatementRows ? undefined : pagingOrder(meta, options.orderBy);
  if (order) {
    return keysetStream<T>(filter, order, options.batchSize ?? 1000, async (where, orderBy, limit) => {
      const node = findSelect(meta, where, { orderBy, limit } as FindOptions<T>, dialect.types);
      const rows = await db.query(node, signal ? { signal } : {});
      const last = rows[rows.length - 1];
      return {
        entities: rows.map((row) => materializer.entity(meta, row) as T),
        lastValues: last && order.map((i) => dialect.types.fromDriver(i.column.type, last[i.column.name])),
      };
    });
  }
  const node = findSelect(meta, filter, options.orderBy ? { orderBy: options.orderBy } : {}, dialect.types);
  const rows = db.stream(node, { batchSize: options.batchSize, signal });
  return streamEntities<T>(rows, meta, materializer);
}

/** The entities of a row stream, materialized as they come. */
async function* streamEntities<T>(
  rows: AsyncIterable<Record<string, unknown>>,
  meta: EntityMetadata,
  materializer: Materializer,
): AsyncIterable<T> {
  for await (const row of rows) yield materializer.entity(meta, row) as T;
}
