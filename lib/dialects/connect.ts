import { Pool } from '../connection/index.js';
import { QueryEvents } from '../connection/index.js';
import { type ConnectOptions, resolveConfig } from './config.js';
import { Database } from './database.js';
import type { DialectName } from './dialect.js';
import { openMysql } from './mysql/index.js';
import type { OpenDialect } from './opened.js';
import { openPostgres } from './postgres/index.js';
import { openSqlite } from './sqlite/index.js';

const OPENERS: Record<DialectName, OpenDialect> = {
  sqlite: openSqlite,
  postgres: openPostgres,
  mysql: openMysql,
};

/**
 * Opens a pooled connection to a database and detects what the server can do.
 * Fails with a typed error (ConfigError, ConnectionError, AuthenticationError) within the
 * configured connect timeout when the database cannot be reached.
 *
 * @example
 * const db = await connect('sqlite:./app.db');
 * const rows = await db.query(sql`select 1 as one`);
 * await db.close();
 */
export async function connect(config: string | ConnectOptions): Promise<Database> {
  const resolved = resolveConfig(config);
  const { dialect, pool } = await OPENERS[resolved.dialect](resolved);
  const events = new QueryEvents(resolved.logParams);
  if (resolved.queryLog) events.on(resolved.queryLog);
  return new Database(dialect, new Pool(pool, dialect, events, resolved.pool.acquireTimeoutMs));
}
