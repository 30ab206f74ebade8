import type { ResolvedConfig } from '../config';
import type { Dialect } from '../dialect';
import { closingOnFailure, firstRow, type OpenedDialect, versionAtLeast } from '../opened';
import { SqliteCompiler } from './compiler';
import { SqliteDdl } from './ddl';
import { SqlitePool } from './driver';
import { isFatal, translateError } from './errors';
import { sqliteTransactionSql } from './transaction-sql';
import { sqliteTypes } from './types';

/** SQLite's ceiling on host parameters (SQLITE_MAX_VARIABLE_NUMBER since 3.32). */
const SQLITE_MAX_BIND = 32_766;

export async function openSqlite(config: ResolvedConfig): Promise<OpenedDialect> {
  const pool = new SqlitePool({
    filename: config.filename as string,
    readers: config.sqlite.readers,
    busyTimeoutMs: config.sqlite.busyTimeoutMs,
    idleTimeoutMs: config.pool.idleTimeoutMs,
    ...(config.pool.statementTimeoutMs !== undefined ? { statementTimeoutMs: config.pool.statementTimeoutMs } : {}),
  });
  const version = await closingOnFailure(pool, async () => {
    try {
      return String((await firstRow(pool, 'SELECT sqlite_version() AS v')).v);
    } catch (e) {
      throw translateError(e, undefined);
    }
  });
  const modern = versionAtLeast(version, '3.35');
  const capabilities = {
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
  };
  const compiler = new SqliteCompiler(sqliteTypes, capabilities);
  const dialect: Dialect = {
    name: 'sqlite',
    dialectName: 'sqlite',
    capabilities,
    types: sqliteTypes,
    ddl: new SqliteDdl(sqliteTypes),
    compile: (node) => compiler.compile(node),
    transactionSql: sqliteTransactionSql,
    translateError,
    isFatal,
  };
  return { dialect, pool };
}
