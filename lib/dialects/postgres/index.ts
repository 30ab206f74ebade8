import type { ResolvedConfig } from '../config';
import type { Dialect } from '../dialect';
import { serverSettings } from '../server-settings';
import { closingOnFailure, firstRow, type OpenedDialect } from '../opened';
import { PostgresCompiler } from './compiler';
import { PostgresDdl } from './ddl';
import { PostgresPool } from './driver';
import { isFatal, translateError } from './errors';
import { postgresTransactionSql } from './transaction-sql';
import { postgresTypes } from './types';

/** The wire protocol counts parameters in a 16-bit field. */
const POSTGRES_MAX_BIND = 65_535;

export async function openPostgres(config: ResolvedConfig): Promise<OpenedDialect> {
  const pool = new PostgresPool(serverSettings(config));
  const version = await closingOnFailure(pool, async () => {
    try {
      return String((await firstRow(pool, 'SHOW server_version')).server_version);
    } catch (e) {
      throw translateError(e, undefined);
    }
  });
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
  };
  const compiler = new PostgresCompiler(postgresTypes, capabilities);
  const dialect: Dialect = {
    name: 'postgres',
    dialectName: 'postgres',
    capabilities,
    types: postgresTypes,
    ddl: new PostgresDdl(postgresTypes),
    compile: (node) => compiler.compile(node),
    transactionSql: postgresTransactionSql,
    translateError,
    isFatal,
  };
  return { dialect, pool };
}
