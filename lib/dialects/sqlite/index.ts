import type { ResolvedConfig } from '../config.js';
import type { Dialect, DialectCapabilities } from '../dialect.js';
import { loadDriver } from '../load-driver.js';
import { assembleDialect, type OpenedDialect, versionAtLeast, probeServer } from '../opened.js';
import { SqliteCompiler } from './compiler.js';
import { SqliteDdl } from './ddl.js';
import { sqliteSchema } from './introspect.js';
import { SqlitePool } from './driver.js';
import { isFatal, translateError } from './errors.js';
import { sqliteMigrationLock } from './migration-lock.js';
import { sqliteTransactionSql } from './transaction-sql.js';
import { sqliteTypes } from './types.js';

/** SQLite's ceiling on host parameters (SQLITE_MAX_VARIABLE_NUMBER since 3.32). */
const SQLITE_MAX_BIND = 32_766;

/** What an SQLite library of this version can do. */
export function sqliteCapabilities(version: string): DialectCapabilities {
  const modern = versionAtLeast(version, '3.35');
  return {
    serverVersion: version,
    hasReturning: modern,
    hasUpdateReturning: modern,
    hasDeleteReturning: modern,
    supportsRowLocks: false,
    supportsSkipLocked: false,
    supportsNowait: false,
    maxBindParameters: SQLITE_MAX_BIND,
    maxPacketBytes: Number.POSITIVE_INFINITY,
    insertIdStep: 1,
    consecutiveInsertIds: true,
    streamsStatementRows: false,
  };
}

/** SQLite's compiler, types, DDL and error translation, for these capabilities. */
export function sqliteDialect(capabilities: DialectCapabilities): Dialect {
  return assembleDialect({
    name: 'sqlite',
    capabilities,
    types: sqliteTypes,
    ddl: new SqliteDdl(sqliteTypes),
    schema: sqliteSchema,
    compiler: new SqliteCompiler(sqliteTypes, capabilities),
    transactionSql: sqliteTransactionSql,
    translateError,
    isFatal,
    migrationLock: sqliteMigrationLock,
  });
}

export async function openSqlite(config: ResolvedConfig): Promise<OpenedDialect> {
  const driver = await loadDriver('sqlite3', 'SQLite', () => import('sqlite3'));
  const pool = new SqlitePool(driver, {
    filename: config.filename as string,
    readers: config.sqlite.readers,
    busyTimeoutMs: config.sqlite.busyTimeoutMs,
    idleTimeoutMs: config.pool.idleTimeoutMs,
    journalMode: config.sqlite.journalMode,
    ...(config.pool.statementTimeoutMs !== undefined ? { statementTimeoutMs: config.pool.statementTimeoutMs } : {}),
  });
  const row = await probeServer(pool, 'SELECT sqlite_version() AS v', translateError);
  return { dialect: sqliteDialect(sqliteCapabilities(String(row.v))), pool };
}
