/**
 * The error hierarchy. Every error Tabula raises is a {@link TabulaError} with a stable `code`
 * (documented in docs/errors.md), the driver's error as `cause` where there is one, and the
 * table / constraint / column it concerns where the database says.
 */
export { type ErrorDetails, type CompileError, TabulaError, InternalError } from './tabula-error.js';
export {
  ConfigError,
  DriverNotInstalledError,
  BindLimitError,
  IdentifierError,
  SqlNodeError,
  DdlError,
  UnexpectedResultError,
  ValueError,
  UnsupportedError,
  ClosedError,
  PoolTimeoutError,
  TransactionTimeoutError,
  QueryCancelledError,
  TransactionError,
  redactUrl,
} from './usage-errors.js';
export {
  DatabaseError,
  ConstraintViolationError,
  UniqueConstraintError,
  ForeignKeyConstraintError,
  NotNullConstraintError,
  CheckConstraintError,
  ValueTooLongError,
  TransientError,
  DeadlockError,
  SerializationError,
  LockWaitTimeoutError,
  QueryTimeoutError,
  ConnectionLostError,
  CommitOutcomeUnknownError,
  ConnectionError,
  AuthenticationError,
  StatementError,
} from './database-errors.js';
export { MigrationError, type MigrationErrorReason } from './migration-error.js';
export {
  CommitOrderError,
  UniqueOrderError,
  EntityStateError,
  OptimisticLockError,
  MissingRowError,
  EntityNotFoundError,
  OutsideScopeError,
  UnitOfWorkAbortedError,
  AfterCommitError,
} from './unit-of-work-errors.js';
export { SchemaDriftError } from './schema-errors.js';
