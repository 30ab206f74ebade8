export type {
  CompiledQuery,
  IsolationLevel,
  PoolOptions,
  PoolStats,
  RawResult,
  RunOptions,
  TransactionOptions,
} from './driver.js';
export { cancelledError, eitherSignal } from './cancel.js';
export { Connection } from './connection.js';
export {
  type LevelLogger,
  type LevelMethod,
  type LogLevel,
  type QueryLogEntry,
  type QueryLogFields,
  type QueryLogger,
  queryLogListener,
} from './logger.js';
export { Pool } from './pool.js';
export { debugLogger, type QueryEvent, type QueryListener } from './query-events.js';
export { runTransaction, Transaction } from './transaction.js';
export type {
  AcquireOptions,
  CommitOutcome,
  CommitOutcomeProbe,
  ConnectionAdapter,
  DriverConnection,
  DriverPool,
  SavepointOptions,
  TransactionSql,
} from './driver.js';
export { QueryEvents, ServerQueryEvents } from './query-events.js';
export { ReplicaRouter, type ReplicaServer } from './replica-router.js';
export {
  type ReadYourWrites,
  ReadSession,
  type ReplicaInfo,
  type ReplicaPickContext,
  type ReplicaPicker,
  type ReplicaSettings,
  type ReplicaState,
  type ReplicationProbe,
} from './replication.js';
