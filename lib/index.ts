/**
 * Tabula's public API for applications: `import { … } from 'tabula-orm'`. Every name is listed here on
 * purpose (spec/public-api.spec.ts pins the list). Power-user surfaces are subpaths: the SQL AST
 * and raw connections in 'tabula-orm/sql', the inversify integration in 'tabula-orm/di'.
 */

// Connecting and the EntityManager
export { Tabula, type TabulaOptions } from './tabula';
export { EntityManager, type BulkOptions, type UpdateChanges } from './entity-manager';
export type {
  CursorOptions,
  CursorPage,
  FindOptions,
  LockMode,
  PopulatePath,
  PopulateStrategy,
  StreamOptions,
} from './loading';
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
} from './flush';
export type { SchemaManager } from './schema';

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
} from './mapping';
export type { ColumnKind, ColumnType } from './types';

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
} from './query';

// Raw SQL for findBySql (values interpolated are bound parameters)
export { type RawNode, sql } from './sql';

// Connections: options, transactions, query events and the query logger
export type {
  ConnectOptions,
  Database,
  DialectCapabilities,
  DialectName,
  Queryable,
  SqliteOptions,
  TransactionScope,
} from './dialects';
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
  type TransactionOptions,
} from './connection';

// Errors: every class a caller may `instanceof`, each with a stable `code`
export {
  AuthenticationError,
  CheckConstraintError,
  ClosedError,
  CommitOrderError,
  ConfigError,
  ConnectionError,
  ConnectionLostError,
  ConstraintViolationError,
  DatabaseError,
  DeadlockError,
  EntityNotFoundError,
  EntityStateError,
  type ErrorDetails,
  ForeignKeyConstraintError,
  IdentifierError,
  LockWaitTimeoutError,
  MissingRowError,
  NotNullConstraintError,
  OptimisticLockError,
  OutsideScopeError,
  PoolTimeoutError,
  QueryTimeoutError,
  SerializationError,
  StatementError,
  TabulaError,
  TransactionError,
  TransactionTimeoutError,
  TransientError,
  UniqueConstraintError,
  UnitOfWorkAbortedError,
  UnsupportedError,
  ValueError,
  ValueTooLongError,
} from './errors';
export { MappingError } from './mapping';
export { QueryError } from './query';
