export type { ConnectOptions, SqliteOptions } from './config';
export { connect } from './connect';
export { Database, type Queryable, TransactionScope } from './database';
export type { Dialect, DialectCapabilities, DialectName, DialectTypes } from './dialect';
export { mysqlTypes } from './mysql/types';
export { postgresTypes } from './postgres/types';
export { sqliteTypes } from './sqlite/types';
