/**
 * 'tabula-orm/testing': testing an application built on Tabula, with mocha, node:test or any
 * runner — a rollback per test (`testDatabase`, `withRollback`), typed entity factories and
 * deterministic seeding (`factory`, `seq`, `many`, `seed`), plan and SQL assertions without a
 * database (`RecordingDialect`, `planSummary`, `planSql`), throwaway database servers for a
 * test run (`throwawayServer`) and replicated ones for tests of read replicas
 * (`startPostgresWithStandby`, `startMariadbWithReplica`). Loads neither inversify nor a
 * database driver until asked.
 */
export {
  type Factory,
  type FactoryFields,
  type FactoryOptions,
  type FieldGenerator,
  type FieldValue,
  factory,
  type GaleraCluster,
  many,
  type PlanStepSummary,
  planSql,
  planSummary,
  Random,
  type RecordedStatement,
  RecordingDialect,
  type RecordingOptions,
  type RecordingTabulaOptions,
  type RespondToStatement,
  type SeedContext,
  type SeedOptions,
  type ServerHandle,
  type ServerKind,
  seed,
  seq,
  hasMariadbReplicaBinaries,
  hasPostgresReplicaBinaries,
  type ReplicaHandle,
  type ReplicatedServers,
  startGaleraCluster,
  startMariadbWithReplica,
  startPostgresWithStandby,
  type TestDatabase,
  type TestServer,
  type TestTransaction,
  type ThrowawayServerOptions,
  testDatabase,
  throwawayServer,
  withRollback,
} from '../testing/index.js';
