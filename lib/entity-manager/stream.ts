/**
 * `em.stream`: rows of a held connection turned into entities one at a time, so memory stays flat
 * however many rows there are (untracked entities are garbage as soon as the caller drops them).
 */
import type { EntityMetadata } from '../mapping';
import type { OrderBy } from '../query';
import type { Materializer } from './find-query';

/** Options of `em.stream`. */
export interface StreamOptions<T> {
  /** Default: the primary key, ascending. */
  readonly orderBy?: OrderBy<T>;
  /** Rows fetched per round trip where the driver batches (PostgreSQL cursor, MySQL stream). */
  readonly batchSize?: number;
  /** Put each entity in the identity map (memory then grows with the rows). Default: false. */
  readonly tracked?: boolean;
}

/** The entities of a row stream, materialized as they come. */
export async function* streamEntities<T>(
  rows: AsyncIterable<Record<string, unknown>>,
  meta: EntityMetadata,
  materializer: Materializer,
): AsyncIterable<T> {
  for await (const row of rows) yield materializer.entity(meta, row) as T;
}
