/**
 * W8's table, `t_bench_stream (id, label, value)` with rows 1…count, made by the harness (not by a
 * contender) with one set-based INSERT and kept between processes: filling a million rows costs
 * seconds, so it is done once per run and dropped by `bench.ts` at the end. On SQLite it lives in
 * a file of its own beside the bench file, which each worker deletes to start fresh.
 */
import { rmSync } from 'node:fs';
import { openRawDriver, type RawDriver } from '../contenders/raw-driver';
import { STREAM_TABLE as T } from './entities';

/** The URL of the database holding W8's table for a bench URL. */
export function streamUrl(url: string): string {
  if (!url.startsWith('sqlite:')) return url;
  const file = url.slice('sqlite:'.length);
  return `sqlite:${file.replace(/(\.db)?$/, '.stream.db')}`;
}

const createSql: Record<RawDriver['dialect'], string> = {
  sqlite: `CREATE TABLE ${T} (id INTEGER PRIMARY KEY, label TEXT NOT NULL, value INTEGER NOT NULL)`,
  postgres: `CREATE TABLE ${T} (id integer PRIMARY KEY, label varchar(40) NOT NULL, value integer NOT NULL)`,
  mysql: `CREATE TABLE ${T} (id INT PRIMARY KEY, label VARCHAR(40) NOT NULL, value INT NOT NULL) ENGINE=InnoDB`,
};

/**
 * 1…count without a row per number from the client. MySQL 8 caps recursive CTEs at 1,000 levels
 * by default and MariaDB's `seq_1_to_n` is MariaDB-only, so MySQL cross-joins a digits table.
 */
function fillSql(dialect: RawDriver['dialect'], count: number): string {
  const insert = `INSERT INTO ${T} (id, label, value)`;
  if (dialect === 'postgres') {
    return `${insert} SELECT i, 'reading ' || i, i FROM generate_series(1, ${count}) AS i`;
  }
  if (dialect === 'sqlite') {
    return `${insert} WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ${count}) SELECT i, 'reading ' || i, i FROM n`;
  }
  const digits = Math.max(1, Math.ceil(Math.log10(count + 1)));
  const tables = Array.from({ length: digits }, (_, k) => `d d${k}`).join(' CROSS JOIN ');
  const number = Array.from({ length: digits }, (_, k) => `d${k}.x * ${10 ** k}`).join(' + ');
  const d =
    'SELECT 0 AS x UNION ALL SELECT 1 UNION ALL SELECT 2 UNION ALL SELECT 3 UNION ALL SELECT 4 UNION ALL SELECT 5 UNION ALL SELECT 6 UNION ALL SELECT 7 UNION ALL SELECT 8 UNION ALL SELECT 9';
  return `${insert} WITH d AS (${d}), n AS (SELECT ${number} + 1 AS i FROM ${tables}) SELECT i, CONCAT('reading ', i), i FROM n WHERE i <= ${count}`;
}

async function rowCount(db: RawDriver): Promise<number | undefined> {
  try {
    const { rows } = await db.run(`SELECT count(*) AS c FROM ${T}`);
    return Number(rows[0]?.c);
  } catch {
    return undefined; // no table yet
  }
}

/** Makes sure W8's table holds exactly rows 1…count (untimed); returns the milliseconds it took. */
export async function ensureStreamTable(url: string, count: number): Promise<number> {
  const start = performance.now();
  const db = await openRawDriver(streamUrl(url));
  try {
    if ((await rowCount(db)) === count) return 0;
    await db.run(`DROP TABLE IF EXISTS ${T}`);
    await db.run(createSql[db.dialect]);
    await db.run(fillSql(db.dialect, count));
    return performance.now() - start;
  } finally {
    await db.close();
  }
}

/** Drops W8's table at the end of a run; on SQLite removes its file (a dropped table leaves the file its size). */
export async function dropStreamTable(url: string): Promise<void> {
  const stream = streamUrl(url);
  if (stream.startsWith('sqlite:')) {
    for (const suffix of ['', '-wal', '-shm', '-journal'])
      rmSync(`${stream.slice('sqlite:'.length)}${suffix}`, { force: true });
    return;
  }
  const db = await openRawDriver(stream);
  await db.run(`DROP TABLE IF EXISTS ${T}`);
  await db.close();
}
