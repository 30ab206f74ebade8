import type { ResolvedConfig } from '../config';
import { serverSettings } from '../server-settings';
import { loadDriver } from '../load-driver';
import { assembleDialect, type OpenedDialect, probeServer } from '../opened';
import { PostgresCompiler } from './compiler';
import { PostgresDdl } from './ddl';
import { PostgresPool } from './driver';
import { isFatal, translateError } from './errors';
import { postgresTransactionSql } from './transaction-sql';
import { postgresTypes } from './types';

/** The wire protocol counts parameters in a 16-bit field. */
const POSTGRES_MAX_BIND = 65_535;

export async function openPostgres(config: ResolvedConfig): Promise<OpenedDialect> {
  const driver = await loadDriver('pg', 'PostgreSQL', () => import('pg'));
  const pool = new PostgresPool(driver, serverSettings(config));
  const row = await probeServer(pool, 'SHOW server_version', translateError);
  const version = String(row.server_version);
  const capabilities = {
    serverVersion: version,
    hasReturning: true,
    hasUpdateReturning: true,
    hasDeleteReturning: true,
    supportsRowLocks: true,
    supportsSkipLocked: true,
    supportsNowait: true,
    maxBindParameters: POSTGRES_MAX_BIND,
    maxPacketBytes: Number.POSITIVE_INFINITY,
    insertIdStep: 1,
    consecutiveInsertIds: true,
    streamsStatementRows: true,
  };
  const dialect = assembleDialect({
    name: 'postgres',
    capabilities,
    types: postgresTypes,
    ddl: new PostgresDdl(postgresTypes),
    compiler: new PostgresCompiler(postgresTypes, capabilities),
    transactionSql: postgresTransactionSql,
    translateError,
    isFatal,
  });
  return { dialect, pool };
}
