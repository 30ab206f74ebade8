/**
 * Tabula's public API for applications: `import { … } from 'tabula-orm'`. Every name is listed here on
 * purpose (spec/public-api.spec.ts pins the list). Power-user surfaces are subpaths: the SQL AST
 * and raw connections in 'tabula-orm/sql', the inversify integration in 'tabula-orm/di'.
 */

// Connecting and the EntityManager
export { Tabula, type TabulaOptions } from './tabula.js';
export {
  EntityManager,
  type BulkOptions,
  type FlushOptions,
  type ForkOptions,
  type TransactionalOptions,
  type UpdateChanges,
} from './entity-manager/index.js';
export type {
  CursorOptions,
  CursorPage,
  FindOptions,
  LockMode,
  PopulatePath,
  PopulateStrategy,
  ReadOptions,
  StreamOptions,
} from './loading/index.js';
export type {
  EntityReason,
  FieldChange,
  FlushEvent,
  FlushListener,
  FlushPlan,
  FlushStep,
  PendingId,
  PlannedInsert,
  PlannedRow,
  PlannedStatement,
  RowReason,
  StepKind,
  StepTiming,
} from './flush/index.js';
export type { SchemaManager } from './schema/index.js';

// Mapping
export {
  type AnyEmbeddableMapper,
  type AnyEntityMapper,
  type CascadeKind,
  type ColumnBuilder,
  type ColumnDefinition,
  type DataKeys,
  type DiscriminatorOptions,
  defineEmbeddable,
  defineEntity,
  describeComparator,
  describeHydrator,
  describeSnapshot,
  type EmbeddableMapper,
  type EmbeddedBuilder,
  type EntityClass,
  type EntityDefinition,
  type EntityMapper,
  type EntityOf,
  type GenerationStrategy,
  type IndexDefinition,
  type InverseOneToOneBuilder,
  type ManyToManyBuilder,
  type ManyToOneBuilder,
  type MetadataRegistry,
  type NameOverride,
  type NamingStrategy,
  type OneToManyBuilder,
  type OneToOneBuilder,
  p,
  pascalCaseNaming,
  type PropertiesOf,
  type ReferentialAction,
  type RelationKind,
  snakeCaseNaming,
  type TransientBuilder,
  uuidV7,
} from './mapping/index.js';
export type { ColumnKind, ColumnType } from './types/index.js';

// Filters and the query builder (one vocabulary: allOf / anyOf / .eq(); `like` builds LIKE patterns)
export {
  allOf,
  anyOf,
  asc,
  avg,
  count,
  countDistinct,
  desc,
  existsIn,
  type Expr,
  type Filter,
  inSubquery,
  type JoinPath,
  type KeyValue,
  like,
  max,
  min,
  notExistsIn,
  notInSubquery,
  type Op,
  op,
  type OrderBy,
  type OrderDirection,
  type Predicate,
  type QueryBuilder,
  type QueryRow,
  type Ref,
  type RowOf,
  type ScalarValue,
  scalar,
  type Selection,
  type Subquery,
  sum,
} from './query/index.js';

// Raw SQL for findBySql (values interpolated are bound parameters)
export { type RawNode, sql } from './sql/index.js';

// Connections: options, transactions, query events and the query logger
export type {
  ConnectOptions,
  Database,
  DialectCapabilities,
  DialectName,
  Queryable,
  SqliteJournalMode,
  SqliteOptions,
  TransactionScope,
} from './dialects/index.js';
export {
  debugLogger,
  type IsolationLevel,
  type LevelLogger,
  type LevelMethod,
  type LogLevel,
  type PoolOptions,
  type PoolStats,
  type QueryEvent,
  type QueryListener,
  type QueryLogEntry,
  type QueryLogFields,
  type QueryLogger,
  type RunOptions,
  type TransactionOptions,
} from './connection/index.js';

// Errors: every class a caller may `instanceof`, each with a stable `code`
export {
  AuthenticationError,
  BindLimitError,
  CheckConstraintError,
  ClosedError,
  CommitOrderError,
  CommitOutcomeUnknownError,
  ConfigError,
  ConnectionError,
  ConnectionLostError,
  ConstraintViolationError,
  DatabaseError,
  DdlError,
  DeadlockError,
  DriverNotInstalledError,
  EntityNotFoundError,
  EntityStateError,
  type ErrorDetails,
  ForeignKeyConstraintError,
  IdentifierError,
  InternalError,
  LockWaitTimeoutError,
  MissingRowError,
  NotNullConstraintError,
  OptimisticLockError,
  OutsideScopeError,
  PoolTimeoutError,
  QueryCancelledError,
  QueryTimeoutError,
  SerializationError,
  SqlNodeError,
  StatementError,
  TabulaError,
  TransactionError,
  TransactionTimeoutError,
  TransientError,
  UnexpectedResultError,
  UniqueConstraintError,
  UniqueOrderError,
  UnitOfWorkAbortedError,
  UnsupportedError,
  ValueError,
  ValueTooLongError,
} from './errors/index.js';
export { MappingError } from './mapping/index.js';
export { QueryError } from './query/index.js';
