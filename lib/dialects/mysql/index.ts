import type { ResolvedConfig } from '../config.js';
import { serverSettings } from '../server-settings.js';
import { loadDriver } from '../load-driver.js';
import { assembleDialect, type OpenedDialect, versionAtLeast, probeServer } from '../opened.js';
import { MysqlCompiler } from './compiler.js';
import { MysqlDdl } from './ddl.js';
import { MysqlPool } from './driver.js';
import { isFatal, translateError } from './errors.js';
import { mysqlTransactionSql } from './transaction-sql.js';
import { mysqlTypes } from './types.js';

/** Prepared statements count placeholders in a 16-bit field. */
const MYSQL_MAX_BIND = 65_535;

/** The version and the settings that shape statements and generated ids. */
const SERVER_QUERY =
  'SELECT VERSION() AS v, @@max_allowed_packet AS p, ' +
  '@@auto_increment_increment AS step, @@innodb_autoinc_lock_mode AS lock_mode';

export async function openMysql(config: ResolvedConfig): Promise<OpenedDialect> {
  const driver = await loadDriver('mysql2', 'MySQL/MariaDB', () => import('mysql2'));
  const pool = new MysqlPool(driver, serverSettings(config));
  const row = await probeServer(pool, SERVER_QUERY, translateError);
  const version = String(row.v);
  const mariadb = /mariadb/i.test(version);
  const capabilities = {
    serverVersion: version,
    hasReturning: mariadb && versionAtLeast(version, '10.5'),
    hasUpdateReturning: false,
    hasDeleteReturning: mariadb,
    supportsRowLocks: true,
    supportsSkipLocked: mariadb ? versionAtLeast(version, '10.6') : versionAtLeast(version, '8.0.1'),
    supportsNowait: mariadb ? versionAtLeast(version, '10.3') : versionAtLeast(version, '8.0.1'),
    maxBindParameters: MYSQL_MAX_BIND,
    maxPacketBytes: Number(row.p),
    insertIdStep: Number(row.step),
    // Mode 2 (interleaved) may hand a multi-row INSERT ids with gaps; 0 and 1 keep them consecutive.
    consecutiveInsertIds: Number(row.lock_mode) !== 2,
    streamsStatementRows: true,
  };
  const dialect = assembleDialect({
    name: 'mysql',
    capabilities,
    types: mysqlTypes,
    ddl: new MysqlDdl(mysqlTypes),
    compiler: new MysqlCompiler(mysqlTypes, capabilities),
    transactionSql: mysqlTransactionSql,
    translateError,
    isFatal,
  });
  return { dialect, pool };
}
