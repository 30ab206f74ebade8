/**
 * One column's round trip through a real database: create a table with the dialect's SQL type,
 * insert `toDriver` values through the pooled driver, select them back every way it can,
 * convert with `fromDriver`, and drop the table.
 */
import { expect } from 'chai';
import type { ColumnType } from '../../../lib/types/column-type';
import type { DialectName } from '../../support/matrix';
import type { PooledDatabase } from './pooled-database';

/** The ways the pooled driver returns rows (see PooledDatabase.selectEveryWay). */
const WAYS: Record<DialectName, readonly string[]> = {
  sqlite: ['pool'],
  postgres: ['pool'],
  mysql: ['text', 'binary'],
};

/** Every value written to `table`.v and read back, per way of reading. */
export async function roundTrip(
  db: PooledDatabase,
  table: string,
  type: ColumnType,
  values: readonly unknown[],
): Promise<Record<string, unknown[]>> {
  const options = db.dialect === 'mysql' ? ' ENGINE=InnoDB DEFAULT CHARSET=utf8mb4' : '';
  await db.run(`DROP TABLE IF EXISTS ${table}`);
  await db.run(`CREATE TABLE ${table} (id INTEGER PRIMARY KEY, v ${db.types.sqlType(type)})${options}`);
  try {
    const insert = `INSERT INTO ${table} (id, v) VALUES (${db.placeholder(1)}, ${db.placeholder(2)})`;
    for (const [id, value] of values.entries()) await db.run(insert, [id, db.types.toDriver(type, value, 'v')]);
    const selected = selectedColumn(db, type);
    const ways = await db.selectEveryWay(`SELECT id, ${selected} FROM ${table} ORDER BY id`);
    const back: Record<string, unknown[]> = {};
    for (const [way, rows] of Object.entries(ways)) back[way] = rows.map((row) => db.types.fromDriver(type, row.v));
    return back;
  } finally {
    await db.run(`DROP TABLE ${table}`);
  }
}

/**
 * How the dialects' compilers select a column: SQLite returns INTEGER as a JS number unless
 * selected as text; MariaDB's text protocol prints FLOAT with 6 significant digits unless
 * widened to DOUBLE (its binary protocol returns the 4-byte float exactly).
 */
export function selectedColumn(db: PooledDatabase, type: ColumnType): string {
  if (db.dialect === 'sqlite' && type.kind === 'bigint') return 'CAST(v AS TEXT) AS v';
  if (db.dialect === 'mysql' && type.kind === 'float') return 'CAST(v AS DOUBLE) AS v';
  return 'v';
}

/** Asserts that every way of reading gives back `expected` (by default, the values written). */
export async function expectRoundTrip(
  db: PooledDatabase,
  table: string,
  type: ColumnType,
  values: readonly unknown[],
  expected: readonly unknown[] = values,
): Promise<void> {
  const back = await roundTrip(db, table, type, values);
  const wanted: Record<string, readonly unknown[]> = {};
  for (const way of WAYS[db.dialect]) wanted[way] = expected;
  expect(back).to.deep.equal(wanted);
}

/** Picks the value a test expects on the dialect under test. */
export function onDialect<T>(dialect: DialectName, values: Record<DialectName, T>): T {
  return values[dialect];
}
