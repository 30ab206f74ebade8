/**
 * The bare drivers Tabula sits on (`sqlite3`, `pg`, `mysql2`), one connection each, no pool and
 * no Tabula code: the raw floor's only plumbing. Each adapter runs SQL text with bound values.
 */
import mysqlCallback from 'mysql2';
import type mysql from 'mysql2/promise';
import pg from 'pg';
import sqlite3 from 'sqlite3';
import type { StatementCounter } from '../harness/contender';

export type RawRow = Record<string, unknown>;

export interface RawResult {
  readonly rows: RawRow[];
  /** MySQL only: the first generated id of an INSERT. */
  readonly insertId?: number;
}

export interface RawDriver {
  readonly dialect: 'sqlite' | 'postgres' | 'mysql';
  run(sql: string, params?: readonly unknown[]): Promise<RawResult>;
  begin(): Promise<void>;
  commit(): Promise<void>;
  /** W8: the driver's own row streaming, one row at a time to `visit` (one statement for the counter). */
  each(sql: string, visit: (row: RawRow) => void): Promise<void>;
  close(): Promise<void>;
}

/** Rows per FETCH of the raw PostgreSQL cursor (Tabula's em.stream default batch too). */
const FETCH_SIZE = 1000;

function openSqlite(file: string): Promise<sqlite3.Database> {
  return new Promise((resolve, reject) => {
    const db = new sqlite3.Database(file, (e) => (e ? reject(e) : resolve(db)));
  });
}

async function sqliteDriver(file: string): Promise<RawDriver> {
  const db = await openSqlite(file);
  const run = (sql: string, params: readonly unknown[] = []) =>
    new Promise<RawResult>((resolve, reject) =>
      db.all(sql, params as unknown[], (e, rows: RawRow[]) => (e ? reject(e) : resolve({ rows }))),
    );
  // The same settings Tabula's SQLite driver applies to a file database, so both write alike.
  for (const pragma of ['PRAGMA journal_mode = WAL', 'PRAGMA synchronous = NORMAL', 'PRAGMA foreign_keys = ON']) {
    await run(pragma);
  }
  return {
    dialect: 'sqlite',
    run,
    begin: () => run('BEGIN IMMEDIATE').then(() => undefined),
    commit: () => run('COMMIT').then(() => undefined),
    each: (sql, visit) =>
      new Promise((resolve, reject) =>
        db.each(
          sql,
          (e: Error | null, row: RawRow) => (e ? reject(e) : visit(row)),
          (e: Error | null) => (e ? reject(e) : resolve()),
        ),
      ),
    close: () => new Promise((resolve, reject) => db.close((e) => (e ? reject(e) : resolve()))),
  };
}

async function postgresDriver(url: string): Promise<RawDriver> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const run = async (sql: string, params: readonly unknown[] = []) => ({
    rows: (await client.query(sql, params as unknown[])).rows as RawRow[],
  });
  return {
    dialect: 'postgres',
    run,
    begin: () => run('BEGIN').then(() => undefined),
    commit: () => run('COMMIT').then(() => undefined),
    // pg-cursor is not installed: a server-side cursor by hand, which needs a transaction block.
    async each(sql, visit) {
      await client.query('BEGIN');
      await client.query(`DECLARE bench_cursor NO SCROLL CURSOR FOR ${sql}`);
      for (;;) {
        const { rows } = await client.query(`FETCH FORWARD ${FETCH_SIZE} FROM bench_cursor`);
        for (const row of rows as RawRow[]) visit(row);
        if (rows.length < FETCH_SIZE) break;
      }
      await client.query('CLOSE bench_cursor');
      await client.query('COMMIT');
    },
    close: () => client.end(),
  };
}

async function mysqlDriver(url: string): Promise<RawDriver> {
  // The callback connection streams (its promise wrapper's query() buffers every row).
  const callbackConn = mysqlCallback.createConnection(url);
  const conn = callbackConn.promise();
  await conn.connect();
  const run = async (sql: string, params: readonly unknown[] = []): Promise<RawResult> => {
    const [result] = await conn.query(sql, params as unknown[]);
    if (Array.isArray(result)) return { rows: result as RawRow[] };
    return { rows: [], insertId: (result as mysql.ResultSetHeader).insertId };
  };
  return {
    dialect: 'mysql',
    run,
    begin: () => run('START TRANSACTION').then(() => undefined),
    commit: () => run('COMMIT').then(() => undefined),
    async each(sql, visit) {
      for await (const row of callbackConn.query(sql).stream()) visit(row as RawRow);
    },
    close: () => conn.end(),
  };
}

/** Opens the driver a URL names (`sqlite:<file>`, `postgres://…`, `mysql://…`). */
export async function openRawDriver(url: string, counter?: StatementCounter): Promise<RawDriver> {
  const driver = url.startsWith('sqlite:')
    ? await sqliteDriver(url.slice('sqlite:'.length))
    : url.startsWith('postgres')
      ? await postgresDriver(url)
      : await mysqlDriver(url);
  if (!counter) return driver;
  return {
    ...driver,
    run: (sql, params) => {
      counter.count(sql);
      return driver.run(sql, params);
    },
    each: (sql, visit) => {
      counter.count(sql);
      return driver.each(sql, visit);
    },
  };
}
