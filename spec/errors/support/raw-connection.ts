/**
 * The bare drivers (pg Client, mysql2 connection, sqlite3 Database) behind one small interface, so
 * the error specs provoke real driver errors with no Tabula code in between. Statements are
 * written with `?` placeholders; PostgreSQL gets them renumbered to `$1, $2, …`.
 */
import mysql from 'mysql2/promise';
import pg from 'pg';
import sqlite3 from 'sqlite3';
import type { DialectName } from '../../support/matrix';

/** A driver error together with the SQL text the driver was given (no parameter values). */
export interface Failure {
  readonly raw: unknown;
  readonly sql: string | undefined;
}

export interface RawConnection {
  readonly dialect: DialectName;
  /** The server's session id: PostgreSQL backend pid, MySQL thread id (0 on SQLite). */
  readonly id: number;
  /** Runs one statement and returns its rows (empty for statements without a result). */
  query(sql: string, params?: readonly unknown[]): Promise<unknown[]>;
  /** Runs a statement that must fail; rejects (failing the test) when it succeeds. */
  failure(sql: string, params?: readonly unknown[]): Promise<Failure>;
  /** Resolves with the next error the driver reports outside a query (a socket closed while idle). */
  backgroundError(): Promise<unknown>;
  /** SQLite only: sqlite3_interrupt() on the handle. */
  interrupt(): void;
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

type Session = Pick<RawConnection, 'id' | 'query' | 'close'> & Partial<Pick<RawConnection, 'interrupt'>>;

/** Opens a raw connection; rejects with the driver's own error when connecting fails. */
export async function openRaw(dialect: DialectName, url: string): Promise<RawConnection> {
  const background: unknown[] = [];
  let waiter: ((e: unknown) => void) | undefined;
  const onBackground = (e: unknown) => {
    if (waiter) waiter(e);
    else background.push(e);
    waiter = undefined;
  };
  const session = await openSession(dialect, url, onBackground);
  return {
    dialect,
    ...session,
    async failure(sql, params = []) {
      try {
        await session.query(sql, params);
      } catch (raw) {
        return { raw, sql: dialectSql(dialect, sql) };
      }
      throw new Error(`expected the statement to fail on ${dialect}, but it succeeded: ${sql}`);
    },
    backgroundError: () =>
      background.length > 0 ? Promise.resolve(background.shift()) : new Promise((resolve) => (waiter = resolve)),
    interrupt:
      session.interrupt ??
      (() => {
        throw new Error(`interrupt() is SQLite's; not available on ${dialect}`);
      }),
  };
}

async function openSession(dialect: DialectName, url: string, onBackground: (e: unknown) => void): Promise<Session> {
  if (dialect === 'postgres') {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    client.on('error', onBackground);
    const { rows } = await client.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
    return {
      id: rows[0]?.pid ?? 0,
      query: async (sql, params = []) => (await client.query(dialectSql(dialect, sql), [...params])).rows,
      close: () => client.end().catch(() => undefined),
    };
  }
  if (dialect === 'mysql') {
    const conn = await mysql.createConnection(url);
    conn.on('error', onBackground);
    return {
      id: conn.threadId,
      async query(sql, params = []) {
        const [rows] = await conn.query(sql, [...params]);
        return Array.isArray(rows) ? rows : [];
      },
      close: () => conn.end().catch(() => undefined),
    };
  }
  const db = await new Promise<sqlite3.Database>((resolve, reject) => {
    const d = new sqlite3.Database(sqliteFile(url), (e) => (e ? reject(e) : resolve(d)));
  });
  db.on('error', onBackground);
  const all = (sql: string, params: readonly unknown[]) =>
    new Promise<unknown[]>((resolve, reject) => db.all(sql, [...params], (e, rows) => (e ? reject(e) : resolve(rows))));
  await all('PRAGMA foreign_keys = ON', []);
  return {
    id: 0,
    query: (sql, params = []) => all(sql, params),
    interrupt: () => db.interrupt(),
    close: () => new Promise<void>((resolve) => db.close(() => resolve())),
  };
}

/** Tries to connect, expecting it to fail; returns the driver's error. */
export async function connectFailure(dialect: DialectName, url: string): Promise<Failure> {
  let conn: RawConnection;
  try {
    conn = await openRaw(dialect, url);
  } catch (raw) {
    return { raw, sql: undefined };
  }
  await conn.close();
  throw new Error(`expected connecting to ${url} to fail on ${dialect}, but it succeeded`);
}
