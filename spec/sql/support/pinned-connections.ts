/**
 * Connections held by one spec for as long as it needs them, for statements that must run on the
 * same session (BEGIN … ROLLBACK) or on different ones (locks, deadlocks, kills).
 */
import type { Connection } from '../../../lib/connection/connection';
import type { PoolOptions } from '../../../lib/connection/driver';
import { connect } from '../../../lib/dialects/connect';
import type { Database } from '../../../lib/dialects/database';

export interface PinnedConnections {
  /** The database the connections came from (the first one, for SQLite). */
  readonly db: Database;
  readonly connections: readonly Connection[];
  /** Releases the connections and closes the pools. */
  close(): Promise<void>;
}

/**
 * Acquires `count` connections that are different sessions: from one pool of that size on a
 * server, and on SQLite, whose pool has a single writer, the writers of `count` pools on the
 * same file. `pool` adds settings to every pool opened.
 */
export async function pinConnections(
  url: string,
  count: number,
  pool: Omit<PoolOptions, 'size'> = {},
): Promise<PinnedConnections> {
  const isSqlite = url.startsWith('sqlite:');
  const databases: Database[] = [];
  const pinned: { db: Database; connection: Connection }[] = [];
  const close = async () => {
    for (const { db, connection } of pinned.splice(0)) db.pool.release(connection);
    await Promise.all(databases.splice(0).map((db) => db.close()));
  };
  try {
    for (let i = 0; i < count; i++) {
      if (isSqlite || i === 0) databases.push(await connect({ url, pool: isSqlite ? pool : { ...pool, size: count } }));
      const db = databases[databases.length - 1] as Database;
      pinned.push({ db, connection: await db.pool.acquire() });
    }
  } catch (e) {
    await close();
    throw e;
  }
  return { db: databases[0] as Database, connections: pinned.map((p) => p.connection), close };
}
