/**
 * Pooled connections (`connect()`, then `db.pool.acquire()`) behind one small interface, so the
 * error specs provoke real errors through the connection layer that translates them. Statements
 * are written with `?` placeholders; PostgreSQL gets them renumbered to `$1, $2, …`.
 */
import type { EventEmitter } from 'node:events';
import sqlite3 from 'sqlite3';
import type { Connection } from '../../../lib/connection/connection';
import type { PoolOptions } from '../../../lib/connection/driver';
import { connect } from '../../../lib/dialects/connect';
import type { DialectName } from '../../support/matrix';
import { pinConnections } from '../../sql/support/pinned-connections';

/** What the pooled path threw, with the SQL it ran (no parameter values) and where. */
export interface Raised {
  readonly error: unknown;
  /** The SQL text the connection ran; undefined when connecting failed. */
  readonly sql: string | undefined;
  /** The connection that ran it; undefined when connecting failed. */
  readonly connection?: Connection;
}

export interface Session {
  readonly dialect: DialectName;
  readonly connection: Connection;
  /** The server's session id: PostgreSQL backend pid, MySQL thread id (a counter on SQLite). */
  readonly id: number;
  /** Runs one statement and returns its rows (empty for statements without a result). */
  query(sql: string, params?: readonly unknown[]): Promise<Record<string, unknown>[]>;
  /** Runs a statement that must fail; rejects (failing the test) when it succeeds. */
  failure(sql: string, params?: readonly unknown[]): Promise<Raised>;
}

export interface Sessions {
  readonly sessions: readonly Session[];
  /** Releases the connections and closes the pools. */
  close(): Promise<void>;
}

/** The SQL the driver is given for a `?`-placeholder statement. */
export function dialectSql(dialect: DialectName, sql: string): string {
  if (dialect !== 'postgres') return sql;
  let n = 0;
  return sql.replace(/\?/g, () => `$${++n}`);
}

/** The file path of a `sqlite:` matrix URL. */
export function sqliteFile(url: string): string {
  return url.slice('sqlite:'.length);
}

/**
 * Opens `count` sessions on different connections: pooled connections of one pool on a server,
 * the writers of `count` pools on the same file on SQLite (a SQLite pool has a single writer).
 */
export async function openSessions(
  dialect: DialectName,
  url: string,
  count: number,
  pool: Omit<PoolOptions, 'size'> = {},
): Promise<Sessions> {
  const { connections, close } = await pinConnections(url, count, pool);
  return { sessions: connections.map((c) => sessionOn(dialect, c)), close };
}

/** A session with a pool of its own. */
export type ClosableSession = Session & Pick<Sessions, 'close'>;

/** Opens one session on a pool of its own. */
export async function openSession(
  dialect: DialectName,
  url: string,
  pool: Omit<PoolOptions, 'size'> = {},
): Promise<ClosableSession> {
  const { sessions, close } = await openSessions(dialect, url, 1, pool);
  return { ...(sessions[0] as Session), close };
}

function sessionOn(dialect: DialectName, connection: Connection): Session {
  const query = async (sql: string, params: readonly unknown[] = []) =>
    (await connection.run({ sql: dialectSql(dialect, sql), params })).rows;
  return {
    dialect,
    connection,
    id: connection.id,
    query,
    async failure(sql, params = []) {
      try {
        await query(sql, params);
      } catch (error) {
        return { error, sql: dialectSql(dialect, sql), connection };
      }
      throw new Error(`expected the statement to fail on ${dialect}, but it succeeded: ${sql}`);
    },
  };
}

/** Connects, expecting `connect()` to reject; returns what it rejected with. */
export async function connectFailure(url: string): Promise<Raised> {
  let db: Awaited<ReturnType<typeof connect>>;
  try {
    db = await connect(url);
  } catch (error) {
    return { error, sql: undefined };
  }
  await db.close();
  throw new Error(`expected connecting to ${url} to fail, but it succeeded`);
}

/**
 * The driver's own handle under a pooled connection: the pg Client, the mysql2 connection or the
 * sqlite3 Database. The connection layer keeps it private, and rightly: specs reach for it only
 * to observe what the pool deliberately swallows (errors reported outside a query) and to break
 * a SQLite handle, which has no server session to kill. The cast is sound for the three pooled
 * drivers in lib/dialects/<name>/driver.ts, which hold it as `client`, `conn` and `db`.
 */
function driverHandle(connection: Connection): EventEmitter {
  const raw = (connection as unknown as { raw: Record<'client' | 'conn' | 'db', EventEmitter | undefined> }).raw;
  const handle = raw.client ?? raw.conn ?? raw.db;
  if (!handle) throw new Error('driverHandle: no pg client, mysql2 connection or sqlite3 Database found');
  return handle;
}

/** Closes the sqlite3 Database under a pooled SQLite connection, as if the handle died under it. */
export function closeSqliteHandle(connection: Connection): Promise<void> {
  const db = driverHandle(connection);
  if (!(db instanceof sqlite3.Database)) throw new Error('closeSqliteHandle: not a SQLite connection');
  return new Promise((resolve) => db.close(() => resolve()));
}

/** Resolves with the next error the driver reports on `connection` outside a query. */
export function nextBackgroundError(connection: Connection): Promise<unknown> {
  return new Promise((resolve) => driverHandle(connection).once('error', resolve));
}
