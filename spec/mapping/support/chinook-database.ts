/**
 * Loads the Chinook script of a dialect through its bare driver — configured as Tabula's drivers
 * will be (lib/dialects/<name>/types.ts) — and runs plain SQL against it. PostgreSQL loads into
 * its own schema `t_mapping_chinook`; MySQL into the test database, whose Chinook tables are
 * dropped again by `close()`; SQLite into a temp file of its own (the matrix removes its file in an
 * `after` hook that runs before ours, and SQLite refuses to write to a removed file).
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import mysql from 'mysql2/promise';
import pg from 'pg';
import sqlite3 from 'sqlite3';
import { postgresTypeParser } from '../../../lib/dialects/postgres/types-parsers';
import type { MatrixContext } from '../../support/matrix';

export type Row = Record<string, unknown>;

export interface ChinookDatabase {
  /** Rows of a plain SELECT, as the driver returns them. */
  select(sql: string): Promise<Row[]>;
  /** Quotes an identifier the way this dialect does. */
  quote(name: string): string;
  /** Drops what the load created and closes the connection. */
  close(): Promise<void>;
}

const SCRIPTS = { sqlite: 'Chinook_Sqlite.sql', postgres: 'Chinook_PostgreSql.sql', mysql: 'Chinook_MySql.sql' };
/** Children before parents, so they drop in order. */
const TABLES = [
  'InvoiceLine',
  'Invoice',
  'Customer',
  'Employee',
  'PlaylistTrack',
  'Playlist',
  'Track',
  'Album',
  'Artist',
  'Genre',
  'MediaType',
];

/** The script without the lines that create, drop or switch databases. */
function script(dialect: MatrixContext['dialect']): string {
  const text = readFileSync(join(__dirname, '../../../fixtures/chinook', SCRIPTS[dialect]), 'utf8');
  return text
    .split('\n')
    .filter((line) => !/^(DROP DATABASE|CREATE DATABASE|USE |\\c )/.test(line))
    .join('\n');
}

export async function loadChinook(ctx: MatrixContext): Promise<ChinookDatabase> {
  if (ctx.dialect === 'postgres') return loadPostgres(ctx.url);
  if (ctx.dialect === 'mysql') return loadMysql(ctx.url);
  return loadSqlite();
}

async function loadPostgres(url: string): Promise<ChinookDatabase> {
  const client = new pg.Client({
    connectionString: url,
    types: { getTypeParser: postgresTypeParser(pg) },
    options: '-c TimeZone=UTC',
  });
  await client.connect();
  await client.query(
    'DROP SCHEMA IF EXISTS t_mapping_chinook CASCADE; CREATE SCHEMA t_mapping_chinook; SET search_path TO t_mapping_chinook',
  );
  await client.query(script('postgres'));
  return {
    select: async (sql) => (await client.query(sql)).rows,
    quote: (name) => `"${name}"`,
    close: async () => {
      await client.query('DROP SCHEMA t_mapping_chinook CASCADE');
      await client.end();
    },
  };
}

async function loadMysql(url: string): Promise<ChinookDatabase> {
  const conn = await mysql.createConnection({
    uri: url,
    multipleStatements: true,
    supportBigNumbers: true,
    bigNumberStrings: true,
    dateStrings: true,
    jsonStrings: true,
  });
  // NO_BACKSLASH_ESCAPES as Tabula's driver runs: the script's one backslash stays a backslash.
  await conn.query(
    "SET time_zone = '+00:00', SESSION sql_mode = 'STRICT_ALL_TABLES,NO_ENGINE_SUBSTITUTION,NO_BACKSLASH_ESCAPES'",
  );
  const tables = TABLES.map((t) => `\`${t}\``).join(', ');
  const drop = async () =>
    conn.query(`SET FOREIGN_KEY_CHECKS = 0; DROP TABLE IF EXISTS ${tables}; SET FOREIGN_KEY_CHECKS = 1`);
  await drop();
  await conn.query(script('mysql'));
  return {
    select: async (sql) => (await conn.query(sql))[0] as Row[],
    quote: (name) => `\`${name}\``,
    close: async () => {
      await drop();
      await conn.end();
    },
  };
}

async function loadSqlite(): Promise<ChinookDatabase> {
  const dir = mkdtempSync(join(tmpdir(), 't-mapping-chinook-'));
  const db = await new Promise<sqlite3.Database>((resolve, reject) => {
    const opened = new sqlite3.Database(join(dir, 'chinook.db'), (e) => (e ? reject(e) : resolve(opened)));
  });
  await new Promise<void>((resolve, reject) => db.exec(script('sqlite'), (e) => (e ? reject(e) : resolve())));
  return {
    select: (sql) => new Promise((resolve, reject) => db.all<Row>(sql, (e, rows) => (e ? reject(e) : resolve(rows)))),
    quote: (name) => `"${name}"`,
    close: async () => {
      const drops = TABLES.map((t) => `DROP TABLE "${t}";`).join('\n');
      await new Promise<void>((resolve, reject) => db.exec(drops, (e) => (e ? reject(e) : resolve())));
      await new Promise<void>((resolve) => db.close(() => resolve()));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
