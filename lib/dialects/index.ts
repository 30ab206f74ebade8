export type { ConnectOptions, SqliteJournalMode, SqliteOptions } from './config.js';
export { connect } from './connect.js';
export {
  Database,
  type DatabaseRunOptions,
  type Queryable,
  type ReadSessionOptions,
  TransactionScope,
  underSignal,
} from './database.js';
export { eitherSignal, type IsolationLevel, type ReadYourWrites } from '../connection/index.js';
export type { ReplicaAddress, ReplicaOptions } from './replica-config.js';
export type { MigrationLock } from './migration-lock.js';
export type { Dialect, DialectCapabilities, DialectName, DialectTypes } from './dialect.js';
/** Tables Tabula itself creates, not the mappers: schema tooling (listing, diff, migrations) must leave them out. */
export { COMMIT_LOG_TABLE } from './mysql/commit-outcome.js';
export { mysqlTypes } from './mysql/types.js';
export { offlineDialect } from './offline-dialect.js';
export { postgresTypes } from './postgres/types.js';
export { sqliteTypes } from './sqlite/types.js';
