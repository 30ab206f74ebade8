import { expect } from 'chai';
import mysql from 'mysql2/promise';
import pg from 'pg';
import sqlite3 from 'sqlite3';
import { describeEachDialect, type MatrixContext } from './matrix';

/** The raw drivers, with no Tabula code in between: proves each matrix database is really there. */
async function roundTrip(ctx: MatrixContext): Promise<unknown[]> {
  const ddl = 'CREATE TABLE matrix_probe (id INTEGER PRIMARY KEY, name VARCHAR(50) NOT NULL)';
  if (ctx.dialect === 'postgres') {
    const client = new pg.Client({ connectionString: ctx.url });
    await client.connect();
    try {
      await client.query(ddl);
      await client.query('INSERT INTO matrix_probe (id, name) VALUES ($1, $2), ($3, $4)', [1, 'Ann', 2, 'Bob']);
      const { rows } = await client.query('SELECT id, name FROM matrix_probe ORDER BY id');
      await client.query('DROP TABLE matrix_probe');
      return rows;
    } finally {
      await client.end();
    }
  }
  if (ctx.dialect === 'mysql') {
    const conn = await mysql.createConnection(ctx.url);
    try {
      await conn.query(ddl);
      await conn.query('INSERT INTO matrix_probe (id, name) VALUES (?, ?), (?, ?)', [1, 'Ann', 2, 'Bob']);
      const [rows] = await conn.query('SELECT id, name FROM matrix_probe ORDER BY id');
      await conn.query('DROP TABLE matrix_probe');
      return (rows as object[]).map((r) => ({ ...r }));
    } finally {
      await conn.end();
    }
  }
  const file = ctx.url.slice('sqlite:'.length);
  const db = await new Promise<sqlite3.Database>((resolve, reject) => {
    const d = new sqlite3.Database(file, (e) => (e ? reject(e) : resolve(d)));
  });
  const run = (sql: string, params: unknown[] = []) =>
    new Promise<void>((resolve, reject) => db.run(sql, params, (e) => (e ? reject(e) : resolve())));
  try {
    await run(ddl);
    await run('INSERT INTO matrix_probe (id, name) VALUES (?, ?), (?, ?)', [1, 'Ann', 2, 'Bob']);
    const rows = await new Promise<unknown[]>((resolve, reject) =>
      db.all('SELECT id, name FROM matrix_probe ORDER BY id', (e, r) => (e ? reject(e) : resolve(r))),
    );
    await run('DROP TABLE matrix_probe');
    return rows;
  } finally {
    await new Promise<void>((resolve) => db.close(() => resolve()));
  }
}

describeEachDialect(
  'raw driver round trip',
  (ctx) => {
    it('creates a table, inserts, selects and drops it through the bare driver', async () => {
      expect(await roundTrip(ctx)).to.deep.equal([
        { id: 1, name: 'Ann' },
        { id: 2, name: 'Bob' },
      ]);
    });
  },
  { sqliteMemory: true },
);
