/**
 * The bare drivers behind one small interface, so execution specs run compiled SQL on the matrix
 * databases before the pooled drivers exist. Sessions are set up as the real drivers will be, and
 * values are converted by the dialects' real column types; rows come back as the driver gives them.
 */
import mysql from 'mysql2/promise';
import pg from 'pg';
import sqlite3 from 'sqlite3';
import { MysqlDdl } from '../../../lib/dialects/mysql/ddl';
import { PostgresDdl } from '../../../lib/dialects/postgres/ddl';
import { SqliteDdl } from '../../../lib/dialects/sqlite/ddl';
import type { CompiledQuery } from '../../../lib/sql/compiled-query';
import type { SqlCompiler } from '../../../lib/sql/compiler';
import type { DdlCompiler, TableDescription } from '../../../lib/sql/ddl';
import type { SqlNode } from '../../../lib/sql/nodes';
import type { DialectTypes } from '../../../lib/types/dialect-types';
import type { DialectName, MatrixContext } from '../../support/matrix';
import { compilerFor } from './test-sql';
import { postgresTypeParser } from '../../../lib/dialects/postgres/types-parsers';
import { realTypes } from './test-types';

export interface RawResult {
  readonly rows: Record<string, unknown>[];
  readonly affectedRows: number;
}

export interface RawDatabase {
  readonly dialect: DialectName;
  readonly types: DialectTypes;
  readonly compiler: SqlCompiler;
  readonly ddl: DdlCompiler;
  /** Runs SQL text with already converted parameters. */
  query(sql: string, params?: readonly unknown[]): Promise<RawResult>;
  /** Compiles a node for this dialect and runs it. */
  run(node: SqlNode): Promise<RawResult>;
  close(): Promise<void>;
}

const MYSQL_SQL_MODE =
  'STRICT_ALL_TABLES,NO_ZERO_IN_DATE,NO_ZERO_DATE,ERROR_FOR_DIVISION_BY_ZERO,NO_ENGINE_SUBSTITUTION,NO_BACKSLASH_ESCAPES';

export async function openRawDatabase(ctx: MatrixContext): Promise<RawDatabase> {
  const types = realTypes(ctx.dialect);
  const compiler = compilerFor(ctx.dialect, { types });
  const connection = await connect(ctx);
  const ddl: DdlCompiler =
    ctx.dialect === 'postgres'
      ? new PostgresDdl(types)
      : ctx.dialect === 'mysql'
        ? new MysqlDdl(types)
        : new SqliteDdl(types);
  return {
    dialect: ctx.dialect,
    types,
    compiler,
    ddl,
    query: (sql, params = []) => connection.query({ sql, params }),
    run: (node) => connection.query(compiler.compile(node)),
    close: () => connection.close(),
  };
}

interface Connection {
  query(q: CompiledQuery): Promise<RawResult>;
  close(): Promise<void>;
}

async function connect(ctx: MatrixContext): Promise<Connection> {
  if (ctx.dialect === 'postgres') return connectPostgres(ctx.url);
  if (ctx.dialect === 'mysql') return connectMysql(ctx.url);
  return connectSqlite(ctx.url.slice('sqlite:'.length));
}

async function connectPostgres(url: string): Promise<Connection> {
  const client = new pg.Client({
    connectionString: url,
    types: { getTypeParser: postgresTypeParser },
    options: '-c TimeZone=UTC',
  });
  await client.connect();
  return {
    async query(q) {
      const result = await client.query(q.sql, [...q.params]);
      return { rows: result.rows, affectedRows: result.rowCount ?? 0 };
    },
    close: () => client.end(),
  };
}

async function connectMysql(url: string): Promise<Connection> {
  const conn = await mysql.createConnection({
    uri: url,
    multipleStatements: false,
    supportBigNumbers: true,
    bigNumberStrings: true,
    dateStrings: true,
  });
  await conn.query(`SET SESSION sql_mode = '${MYSQL_SQL_MODE}'`);
  await conn.query("SET time_zone = '+00:00'");
  return {
    async query(q) {
      // Server-side prepared statements: client-side escaping would use backslashes, which
      // NO_BACKSLASH_ESCAPES turns into plain characters.
      const [result] = await conn.execute(q.sql, [...q.params] as never);
      if (Array.isArray(result)) {
        const rows = (result as Record<string, unknown>[]).map((r) => ({ ...r }));
        return { rows, affectedRows: rows.length };
      }
      return { rows: [], affectedRows: (result as { affectedRows: number }).affectedRows };
    },
    close: () => conn.end(),
  };
}

async function connectSqlite(file: string): Promise<Connection> {
  const db = await new Promise<sqlite3.Database>((resolve, reject) => {
    const d = new sqlite3.Database(file, (e) => (e ? reject(e) : resolve(d)));
  });
  const exec = (sql: string) =>
    new Promise<void>((resolve, reject) => db.exec(sql, (e) => (e ? reject(e) : resolve())));
  await exec('PRAGMA foreign_keys = ON; PRAGMA case_sensitive_like = ON');
  return {
    query(q) {
      const params = [...q.params];
      if (/^\s*(SELECT|WITH)\b/i.test(q.sql) || /\bRETURNING\b/.test(q.sql)) {
        return new Promise((resolve, reject) =>
          db.all(q.sql, params, (e, rows: Record<string, unknown>[]) =>
            e ? reject(e) : resolve({ rows, affectedRows: rows.length }),
          ),
        );
      }
      return new Promise((resolve, reject) =>
        db.run(q.sql, params, function (e) {
          if (e) reject(e);
          else resolve({ rows: [], affectedRows: this.changes });
        }),
      );
    },
    close: () => new Promise((resolve) => db.close(() => resolve())),
  };
}

/** Drops the tables that exist, last first (children before the parents they reference). */
export async function dropTables(db: RawDatabase, names: readonly string[]): Promise<void> {
  for (const name of [...names].reverse()) {
    for (const statement of db.ddl.dropTable(name, { ifExists: true })) await db.query(statement);
  }
}

/** The driver error's code: SQLSTATE on PostgreSQL, the errno name on MySQL, SQLITE_* on SQLite. */
export async function driverErrorCode(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (e) {
    return String((e as { code?: unknown }).code);
  }
  throw new Error('expected the statement to fail, but it succeeded');
}

/** Creates the tables in order, after dropping leftovers of an interrupted run. */
export async function createTables(db: RawDatabase, tables: readonly TableDescription[]): Promise<void> {
  await dropTables(
    db,
    tables.map((t) => t.name),
  );
  for (const t of tables) for (const statement of db.ddl.createTable(t)) await db.query(statement);
}
