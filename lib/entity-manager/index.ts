export type { BulkOptions, UpdateChanges } from './bulk-dml.js';
export { EntityManagerContext } from './em-context.js';
export { EntityManager, entityManagerInternals } from './entity-manager.js';
export type { FlushOptions, ForkOptions, TransactionalOptions } from './em-options.js';
export type { CommitSummary, FlushSubscriber, OnFlushArgs, PlannedUpdate } from './lifecycle-types.js';
export {
  type Backoff,
  checkRetryOptions,
  type RetryableErrorClass,
  type RetryOptions,
  withRetries,
} from './retry.js';
export { serialize } from './serialize.js';
export type {
  Serialized,
  SerializedPopulated,
  SerializedValue,
  SerializeOptions,
  SerializeRegister,
} from './serialized-type.js';
export type { AssignData, AssignValue, KeyInput } from './assign.js';
export type { UpsertData, UpsertOptions } from './upsert.js';
