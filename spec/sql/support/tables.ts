/** Creating and dropping the execution specs' tables, and reading a rejected statement's driver code. */
import { expect } from 'chai';
import type { TableDescription } from '../../../lib/sql/ddl';
import { DatabaseError } from '../../../lib/errors';
import type { SqlSession } from './test-database';

/** Drops the tables that exist, last first (children before the parents they reference). */
export async function dropTables(db: SqlSession, names: readonly string[]): Promise<void> {
  for (const name of [...names].reverse()) {
    for (const statement of db.dialect.ddl.dropTable(name, { ifExists: true })) await db.query(statement);
  }
}

/** Creates the tables in order, after dropping leftovers of an interrupted run. */
export async function createTables(db: SqlSession, tables: readonly TableDescription[]): Promise<void> {
  await dropTables(
    db,
    tables.map((t) => t.name),
  );
  for (const t of tables) for (const statement of db.dialect.ddl.createTable(t)) await db.query(statement);
}

/**
 * The driver's code for a rejected statement (SQLSTATE on PostgreSQL, the errno name on MySQL,
 * SQLITE_* on SQLite), as the typed error the connection raised carries it.
 */
export async function driverErrorCode(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (e) {
    expect(e, String(e)).to.be.instanceOf(DatabaseError);
    return String((e as DatabaseError).driverCode);
  }
  throw new Error('expected the statement to fail, but it succeeded');
}
