export type {
  CompiledQuery,
  IsolationLevel,
  PoolOptions,
  PoolStats,
  RawResult,
  TransactionOptions,
} from './driver';
export { Connection } from './connection';
export {
  type LevelLogger,
  type LevelMethod,
  type LogLevel,
  type QueryLogEntry,
  type QueryLogFields,
  type QueryLogger,
  queryLogListener,
} from './logger';
export { Pool } from './pool';
export { debugLogger, type QueryEvent, type QueryListener } from './query-events';
export { Transaction } from './transaction';
export type { AcquireOptions, ConnectionAdapter, DriverConnection, DriverPool, TransactionSql } from './driver';
export { QueryEvents } from './query-events';
