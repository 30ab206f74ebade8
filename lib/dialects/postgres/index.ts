import type { CommitOutcomeProbe, DriverPool } from '../../connection/index.js';
import type { ResolvedConfig } from '../config.js';
import type { Dialect, DialectCapabilities } from '../dialect.js';
import { serverSettings } from '../server-settings.js';
import { loadDriver } from '../load-driver.js';
import { assembleDialect, type OpenedDialect, probeServerSession } from '../opened.js';
import { postgresCommitOutcome } from './commit-outcome.js';
import { PostgresCompiler } from './compiler.js';
import { PostgresDdl } from './ddl.js';
import { postgresSchema } from './introspect.js';
import { PostgresPool } from './driver.js';
import { isFatal, translateError } from './errors.js';
import { postgresMigrationLock } from './migration-lock.js';
import { postgresTransactionSql } from './transaction-sql.js';
import { postgresTypes } from './types.js';

/** The wire protocol counts parameters in a 16-bit field. */
const POSTGRES_MAX_BIND = 65_535;

/** What a PostgreSQL server of this version can do (every supported version: the same). */
export function postgresCapabilities(version: string): DialectCapabilities {
  return {
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
}

/** PostgreSQL's compiler, types, DDL and error translation, for these capabilities. */
export function postgresDialect(capabilities: DialectCapabilities, commitOutcome?: CommitOutcomeProbe): Dialect {
  return assembleDialect({
    name: 'postgres',
    capabilities,
    types: postgresTypes,
    ddl: new PostgresDdl(postgresTypes),
    schema: postgresSchema,
    compiler: new PostgresCompiler(postgresTypes, capabilities),
    transactionSql: postgresTransactionSql,
    translateError,
    isFatal,
    migrationLock: postgresMigrationLock,
    ...(commitOutcome ? { commitOutcome } : {}),
  });
}

export async function openPostgres(config: ResolvedConfig): Promise<OpenedDialect> {
  const driver = await loadDriver('pg', 'PostgreSQL', () => import('pg'));
  const pool = new PostgresPool(driver, serverSettings(config));
  const resolve = config.resolveCommitOutcome !== false;
  const { row, session } = await probeServerSession(
    pool,
    resolve
      ? "SELECT current_setting('server_version') AS server_version, pg_backend_pid() AS pid"
      : 'SHOW server_version',
    translateError,
  );
  const version = String(row.server_version);
  // A pooler in between (PgBouncer) gives the client process ids of its own: sessions cannot be
  // looked up by them, so a lost lone DELETE is not resolved by its row there (it keeps BEGIN/COMMIT).
  const realSessions = Number(row.pid) === session;
  const probe = resolve ? postgresCommitOutcome(version, { sessions: realSessions }) : undefined;
  return { dialect: postgresDialect(postgresCapabilities(version), probe), pool };
}

/** A replica's pool: opened lazily (a replica that is down at connect time is skipped, not fatal). */
export async function openPostgresReplica(config: ResolvedConfig): Promise<DriverPool> {
  const driver = await loadDriver('pg', 'PostgreSQL', () => import('pg'));
  return new PostgresPool(driver, serverSettings(config));
}

export { postgresReplication } from './replication.js';
