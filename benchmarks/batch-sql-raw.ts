/**
 * The raw drivers for benchmarks/batch-sql.ts: seeding the table, running compiled SQL, and the
 * hand-written batch UPDATE and DELETE each database does best.
 */
import mysql from 'mysql2/promise';
import pg from 'pg';
import sqlite3 from 'sqlite3';
import type { Dialect } from '../lib/dialects/dialect';

export interface RawDriver {
  /** Recreates the table with rows 1…n (title 't<n>', version 1). */
  seed(n: number): Promise<void>;
  /** Runs SQL with driver-ready parameters; resolves the affected-row count. */
  run(query: { sql: string; params: readonly unknown[] }): Promise<number>;
  /** Sets title and version of rows 1…n where version = 1 (row 5 is stale); the count matched. */
  handUpdate(n: number): Promise<number>;
  /** Deletes rows 1…n by (id, version = 1); the count deleted. */
  handDelete(n: number): Promise<number>;
  close(): Promise<void>;
}

const ids = (n: number) => Array.from({ length: n }, (_, i) => i + 1);

export async function openRawDriver(dialect: Dialect, url: string, table: string): Promise<RawDriver> {
  if (dialect.name === 'postgres') return openPostgres(url, table);
  if (dialect.name === 'mysql') return openMysql(url, table);
  return openSqlite(url.slice('sqlite:'.length), table);
}

async function openSqlite(file: string, table: string): Promise<RawDriver> {
  const db = new sqlite3.Database(file);
  const run = (sql: string, params: readonly unknown[] = []) =>
    new Promise<number>((resolve, reject) =>
      db.run(sql, params as unknown[], function (this: sqlite3.RunResult, e: Error | null) {
        if (e) reject(e);
        else resolve(this.changes);
      }),
    );
  const perRow = async (sql: string, rows: unknown[][]) => {
    const statement = db.prepare(sql);
    let changed = 0;
    await run('BEGIN');
    for (const params of rows) {
      changed += await new Promise<number>((resolve, reject) =>
        statement.run(params, function (this: sqlite3.RunResult, e: Error | null) {
          if (e) reject(e);
          else resolve(this.changes);
        }),
      );
    }
    await run('COMMIT');
    await new Promise((resolve) => statement.finalize(resolve));
    return changed;
  };
  return {
    seed: async (n) => {
      await run(`DROP TABLE IF EXISTS "${table}"`);
      await run(`CREATE TABLE "${table}" ("id" INTEGER PRIMARY KEY, "title" VARCHAR(40), "version" INTEGER)`);
      await run(
        `WITH RECURSIVE s(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM s WHERE i < ${n}) INSERT INTO "${table}" SELECT i, 't' || i, 1 FROM s`,
      );
    },
    run: (q) => run(q.sql, q.params),
    handUpdate: (n) =>
      perRow(
        `UPDATE "${table}" SET "title" = ?, "version" = ? WHERE "id" = ? AND "version" = ?`,
        ids(n).map((i) => [`n${i}`, 2, i, i === 5 ? 99 : 1]),
      ),
    handDelete: (n) =>
      perRow(
        `DELETE FROM "${table}" WHERE "id" = ? AND "version" = ?`,
        ids(n).map((i) => [i, 1]),
      ),
    close: async () => {
      await run(`DROP TABLE IF EXISTS "${table}"`);
      await new Promise<void>((resolve) => db.close(() => resolve()));
    },
  };
}

async function openPostgres(url: string, table: string): Promise<RawDriver> {
  const client = new pg.Client(url);
  await client.connect();
  const run = async (sql: string, params: readonly unknown[] = []) =>
    (await client.query(sql, params as unknown[])).rowCount ?? 0;
  return {
    seed: async (n) => {
      await run(`DROP TABLE IF EXISTS "${table}"`);
      await run(`CREATE TABLE "${table}" ("id" BIGINT PRIMARY KEY, "title" VARCHAR(40), "version" INTEGER)`);
      await run(`INSERT INTO "${table}" SELECT g, 't' || g, 1 FROM generate_series(1, ${n}) g`);
    },
    run: (q) => run(q.sql, q.params),
    handUpdate: (n) =>
      run(
        `UPDATE "${table}" t SET "title" = v.title, "version" = v.version FROM unnest($1::bigint[], $2::text[], $3::int[], $4::int[]) AS v(id, title, version, old) WHERE t.id = v.id AND t.version = v.old`,
        [ids(n), ids(n).map((i) => `n${i}`), ids(n).map(() => 2), ids(n).map((i) => (i === 5 ? 99 : 1))],
      ),
    handDelete: (n) =>
      run(
        `DELETE FROM "${table}" t USING unnest($1::bigint[], $2::int[]) AS v(id, version) WHERE t.id = v.id AND t.version = v.version`,
        [ids(n), ids(n).map(() => 1)],
      ),
    close: async () => {
      await run(`DROP TABLE IF EXISTS "${table}"`);
      await client.end();
    },
  };
}

async function openMysql(url: string, table: string): Promise<RawDriver> {
  const conn = await mysql.createConnection(url);
  const run = async (sql: string, params: readonly unknown[] = []) => {
    const [result] = await conn.execute(sql, params as mysql.ExecuteValues);
    return (result as mysql.ResultSetHeader).affectedRows;
  };
  const perRow = async (sql: string, rows: unknown[][]) => {
    let changed = 0;
    await conn.query('START TRANSACTION');
    for (const params of rows) changed += await run(sql, params);
    await conn.query('COMMIT');
    return changed;
  };
  return {
    seed: async (n) => {
      await conn.query(`DROP TABLE IF EXISTS \`${table}\``);
      await conn.query(`CREATE TABLE \`${table}\` (id BIGINT PRIMARY KEY, title VARCHAR(40), version INT)`);
      await conn.query(`INSERT INTO \`${table}\` SELECT seq, CONCAT('t', seq), 1 FROM seq_1_to_${n}`);
    },
    run: (q) => run(q.sql, q.params),
    handUpdate: (n) =>
      perRow(
        `UPDATE \`${table}\` SET title = ?, version = ? WHERE id = ? AND version = ?`,
        ids(n).map((i) => [`n${i}`, 2, i, i === 5 ? 99 : 1]),
      ),
    handDelete: (n) =>
      perRow(
        `DELETE FROM \`${table}\` WHERE id = ? AND version = ?`,
        ids(n).map((i) => [i, 1]),
      ),
    close: async () => {
      await conn.query(`DROP TABLE IF EXISTS \`${table}\``);
      await conn.end();
    },
  };
}
