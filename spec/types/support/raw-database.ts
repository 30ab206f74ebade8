/**
 * The bare drivers, configured as Tabula's pooled drivers will be (see lib/dialects/<name>/types.ts),
 * behind one small interface for the round-trip specs. No Tabula SQL code in between.
 */
import mysql from 'mysql2/promise';
import pg from 'pg';
import sqlite3 from 'sqlite3';
import { mysqlTypes } from '../../../lib/dialects/mysql/types';
import { postgresTypes } from '../../../lib/dialects/postgres/types';
import { postgresTypeParser } from '../../../lib/dialects/postgres/types-parsers';
import { sqliteTypes } from '../../../lib/dialects/sqlite/types';
import type { DialectTypes } from '../../../lib/types/dialect-types';
import type { DialectName, MatrixContext } from '../../support/matrix';

export type Row = Record<string, unknown>;

export interface RawDatabase {
  readonly dialect: DialectName;
  readonly types: DialectTypes;
  /** `$1` on PostgreSQL, `?` elsewhere. */
  placeholder(position: number): string;
  run(sql: string, params?: readonly unknown[]): Promise<void>;
  /**
   * The rows of a SELECT, once per way the driver can return them: MySQL gives them through the
   * text protocol (`query`) and the binary protocol (`execute`), which convert differently.
   */
  selectEveryWay(sql: string): Promise<Record<string, Row[]>>;
  close(): Promise<void>;
}

export const TYPES_OF: Record<DialectName, DialectTypes> = {
  sqlite: sqliteTypes,
  postgres: postgresTypes,
  mysql: mysqlTypes,
};

export async function openRawDatabase(ctx: MatrixContext): Promise<RawDatabase> {
  if (ctx.dialect === 'postgres') return openPostgres(ctx.url);
  if (ctx.dialect === 'mysql') return openMysql(ctx.url);
  return openSqlite(ctx.url.slice('sqlite:'.length));
}

async function openPostgres(url: string): Promise<RawDatabase> {
  const client = new pg.Client({
    connectionString: url,
    types: { getTypeParser: postgresTypeParser },
    options: '-c TimeZone=UTC',
  });
  await client.connect();
  return {
    dialect: 'postgres',
    types: postgresTypes,
    placeholder: (position) => `$${position}`,
    run: async (sql, params = []) => {
      await client.query(sql, [...params]);
    },
    selectEveryWay: async (sql) => ({ driver: (await client.query(sql)).rows }),
    close: () => client.end(),
  };
}

async function openMysql(url: string): Promise<RawDatabase> {
  const conn = await mysql.createConnection({
    uri: url,
    supportBigNumbers: true,
    bigNumberStrings: true,
    dateStrings: true,
    jsonStrings: true,
  });
  await conn.query("SET time_zone = '+00:00'");
  const plain = (rows: unknown): Row[] => (rows as Row[]).map((r) => ({ ...r }));
  return {
    dialect: 'mysql',
    types: mysqlTypes,
    placeholder: () => '?',
    run: async (sql, params = []) => {
      // toDriver returns `unknown`; the values are what mysql2 binds (strings, numbers, Buffers, null).
      await conn.execute(sql, [...params] as never[]);
    },
    selectEveryWay: async (sql) => ({
      text: plain((await conn.query(sql))[0]),
      binary: plain((await conn.execute(sql))[0]),
    }),
    close: () => conn.end(),
  };
}

async function openSqlite(file: string): Promise<RawDatabase> {
  const db = await new Promise<sqlite3.Database>((resolve, reject) => {
    const opened = new sqlite3.Database(file, (e) => (e ? reject(e) : resolve(opened)));
  });
  return {
    dialect: 'sqlite',
    types: sqliteTypes,
    placeholder: () => '?',
    run: (sql, params = []) =>
      new Promise((resolve, reject) => db.run(sql, [...params], (e) => (e ? reject(e) : resolve()))),
    selectEveryWay: (sql) =>
      new Promise((resolve, reject) => db.all<Row>(sql, (e, rows) => (e ? reject(e) : resolve({ driver: rows })))),
    close: () => new Promise((resolve, reject) => db.close((e) => (e ? reject(e) : resolve()))),
  };
}
