export type { ConnectOptions, SqliteOptions } from './config.js';
export { connect } from './connect.js';
export { Database, type Queryable, TransactionScope, underSignal } from './database.js';
export { eitherSignal, type IsolationLevel } from '../connection/index.js';
export type { Dialect, DialectCapabilities, DialectName, DialectTypes } from './dialect.js';
export { mysqlTypes } from './mysql/types.js';
export { offlineDialect } from './offline-dialect.js';
export { postgresTypes } from './postgres/types.js';
export { sqliteTypes } from './sqlite/types.js';
