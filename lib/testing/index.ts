export {
  BuildSession,
  buildWith,
  Factory,
  type FactoryFields,
  type FactoryOptions,
  FieldGenerator,
  type FieldValue,
  factory,
  many,
  seq,
} from './factory.js';
export { findGaleraProvider, type GaleraCluster, startGaleraCluster } from './galera.js';
export { type PlanStepSummary, planSql, planSummary } from './plan-summary.js';
export { Random } from './random.js';
export { RecordingDialect, type RecordingOptions, type RecordingTabulaOptions } from './recording-dialect.js';
export { type SeedContext, type SeedOptions, seed } from './seed.js';
export {
  findMariadbBinaries,
  findPostgresBinaries,
  freePort,
  isProcessAlive,
  type MariadbOptions,
  type ServerHandle,
  type ServerKind,
  startMariadb,
  startPostgres,
} from './servers.js';
export {
  hasMariadbReplicaBinaries,
  hasPostgresReplicaBinaries,
  type ReplicaHandle,
  type ReplicatedServers,
  startMariadbWithReplica,
  startPostgresWithStandby,
} from './replica-servers.js';
export { type RecordedStatement, type RespondToStatement, StatementRecorder } from './statement-recorder.js';
export { TestDatabase, type TestTransaction, testDatabase, withRollback } from './test-database.js';
export { type TestServer, type ThrowawayServerOptions, throwawayServer } from './throwaway-server.js';
