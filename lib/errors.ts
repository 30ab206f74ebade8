/**
 * The error hierarchy. Every error Tabula raises is a {@link TabulaError} with a stable `code`
 * (documented in docs/errors.md), the driver's error as `cause` where there is one, and the
 * table / constraint / column it concerns where the database says.
 */

/** Where a database error happened, as far as the server told us. */
export interface ErrorDetails {
  readonly table?: string | undefined;
  readonly constraint?: string | undefined;
  readonly column?: string | undefined;
  /** The SQL that failed (never its parameter values). */
  readonly sql?: string | undefined;
  /** The driver's own code: SQLSTATE on PostgreSQL, the errno name on MySQL, SQLITE_* on SQLite. */
  readonly driverCode?: string | undefined;
}

declare const compileErrorMessage: unique symbol;

/**
 * A compile-time error: the type a wrong value in a mapper, filter or query is checked against,
 * so `tsc` prints the sentence `M` (what is wrong, where, and the fix) instead of Tabula's
 * internals: `Type 'string' is not assignable to type 'number | CompileError<"milliseconds is a
 * number: compare it with a number">'`. No value has this type (its key is a symbol nobody can
 * name), so nothing is ever assignable to it by accident. docs/mapping.md lists every sentence.
 */
export interface CompileError<M extends string> {
  readonly [compileErrorMessage]: M;
}

/**
 * Base class of every error Tabula raises. `instanceof TabulaError` catches them all. It is
 * abstract: an error is always one of the subclasses, each with its own stable `code`.
 */
export abstract class TabulaError extends Error {
  /** A stable identifier, documented in docs/errors.md. */
  abstract readonly code: string;

  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

/**
 * A Tabula invariant did not hold: a bug in Tabula, never a mistake in the calling code. The
 * message says what was expected; please report it.
 */
export class InternalError extends TabulaError {
  override readonly code = 'INTERNAL_ERROR';

  constructor(message: string, options?: { cause?: unknown }) {
    super(
      `${message}\n  This is a bug in Tabula, not in your code: please report it with this message and the stack trace.`,
      options,
    );
  }
}

/** A configuration value is wrong (a bad URL, an unknown option, an impossible setting). */
export class ConfigError extends TabulaError {
  override readonly code: string = 'CONFIG';

  static badUrl(url: string, why: string): ConfigError {
    return new ConfigError(
      `Cannot use the connection URL ${JSON.stringify(redactUrl(url))}: ${why}.\n` +
        '  Use sqlite:./file.db, sqlite::memory:, postgres://user:pass@host:port/db or mysql://user:pass@host:port/db.',
    );
  }
}

/** The driver package of a dialect is not installed (drivers are optional peer dependencies). */
export class DriverNotInstalledError extends ConfigError {
  override readonly code = 'DRIVER_NOT_INSTALLED';

  static forDialect(dialect: string, driver: string, cause: unknown): DriverNotInstalledError {
    return new DriverNotInstalledError(
      `The ${dialect} driver is not installed: Tabula opens ${dialect} databases through the package ${driver}.\n` +
        `  Install it beside tabula-orm: npm install ${driver}`,
      { cause },
    );
  }
}

/**
 * A statement binds more parameters than the server takes in one statement. Raised before it is
 * sent: PostgreSQL's driver otherwise wrapped the count and the server dropped the connection, a
 * deterministic failure reported as a lost connection.
 */
export class BindLimitError extends TabulaError {
  override readonly code = 'BIND_LIMIT';

  constructor(
    message: string,
    readonly parameters: number,
    readonly limit: number,
  ) {
    super(message);
  }

  static exceeded(database: string, parameters: number, limit: number): BindLimitError {
    return new BindLimitError(
      `The statement binds ${parameters} parameters; ${database} takes at most ${limit} in one statement.\n` +
        `  Split the values (a long $in list, a raw sql.join) into chunks of at most ${limit} and run one statement per chunk; a flush chunks its own statements.`,
      parameters,
      limit,
    );
  }
}

/** A SQL identifier (table, column, index, constraint) is not one Tabula will quote. */
export class IdentifierError extends TabulaError {
  override readonly code = 'IDENTIFIER';
}

/**
 * A SQL AST factory (`select`, `insert`, `batchUpdate`, `compare`, `inList`, `fn`, …) was given
 * arguments it cannot build a node from: an unknown operator or option, a row of the wrong width,
 * an empty list where one item is needed, a statement where a value belongs. Thrown before any SQL exists.
 */
export class SqlNodeError extends TabulaError {
  override readonly code = 'SQL_NODE';

  /** `what` names the statement or factory (`INSERT into t`, `inList`). */
  static rowWidth(what: string, values: unknown, columns: number): SqlNodeError {
    return new SqlNodeError(
      `${what}: a row has ${Array.isArray(values) ? values.length : 'no'} values for ${columns} columns.\n` +
        '  Give every row one value per column, in the order of the columns.',
    );
  }

  /** An option or operator outside its fixed set: `Unknown join type "cross".` */
  static unknown(what: string, value: unknown, allowed: readonly string[]): SqlNodeError {
    return new SqlNodeError(`Unknown ${what} ${JSON.stringify(value)}.\n  Use one of: ${allowed.join(', ')}.`);
  }
}

/**
 * A table description cannot be written as DDL: no columns, a column declared twice, a constraint
 * naming an unknown column, an autoIncrement column that is not the whole primary key.
 */
export class DdlError extends TabulaError {
  override readonly code = 'DDL';

  constructor(
    message: string,
    /** The table the description is of. */
    readonly table?: string,
  ) {
    super(message);
  }
}

/**
 * A statement succeeded but answered what Tabula cannot use: an INSERT returned fewer generated
 * keys than it inserted rows (a trigger skipped some). Raised inside the flush's transaction,
 * which is rolled back: nothing of the flush was committed.
 */
export class UnexpectedResultError extends TabulaError {
  override readonly code = 'UNEXPECTED_RESULT';

  constructor(
    message: string,
    readonly table?: string,
  ) {
    super(message);
  }
}

/** A value cannot be converted to or from its column type (wrong JS type, out of range, too long). */
export class ValueError extends TabulaError {
  override readonly code = 'VALUE';
  constructor(
    message: string,
    readonly column?: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** A statement asks for what the dialect or server version cannot do (UPDATE … RETURNING on MariaDB, SKIP LOCKED on SQLite). */
export class UnsupportedError extends TabulaError {
  override readonly code = 'UNSUPPORTED';
}

/** A pool, connection or transaction was used after it was closed or finished. */
export class ClosedError extends TabulaError {
  override readonly code = 'CLOSED';
}

/** Waiting for a pooled connection took longer than the configured acquire timeout. */
export class PoolTimeoutError extends TabulaError {
  override readonly code = 'POOL_TIMEOUT';
  constructor(
    readonly poolSize: number,
    readonly waitedMs: number,
  ) {
    super(
      `No connection became free within ${waitedMs} ms (pool size ${poolSize}, all in use).\n` +
        '  Release connections sooner (await every transaction), raise pool.size, or raise pool.acquireTimeoutMs.',
    );
  }
}

/** A transaction's callback ran longer than its `timeoutMs`; the transaction was rolled back. */
export class TransactionTimeoutError extends TabulaError {
  override readonly code = 'TRANSACTION_TIMEOUT';
}

/**
 * Rows of one flush reference each other only through NOT NULL foreign keys, so no order can
 * write them. Raised by planning, before any SQL runs.
 */
export class CommitOrderError extends TabulaError {
  override readonly code: string = 'COMMIT_CYCLE';
  constructor(
    /** The cycle, one `row -> row (fk)` step per entry. */
    readonly cycle: readonly string[],
    message: string,
  ) {
    super(message);
  }
}

/**
 * Rows of one flush take unique values that other rows of it give up, in a cycle (two rows
 * swapping their emails): no order can write them, and no column of the constraint accepts the
 * temporary NULL that would break the cycle. Raised by planning, before any SQL runs.
 */
export class UniqueOrderError extends CommitOrderError {
  override readonly code = 'UNIQUE_CYCLE';
  constructor(
    cycle: readonly string[],
    /** The unique constraint, as plans name it: `accounts.email`, `seats (room, place)`. */
    readonly unique: string,
    /** The entities of the cycle (`Account#1`, `Account(new #2)`). */
    readonly entities: readonly string[],
    message: string,
  ) {
    super(cycle, message);
  }

  static cycle(cycle: readonly string[], unique: string, entities: readonly string[]): UniqueOrderError {
    const shown = cycle.length > 10 ? [...cycle.slice(0, 10), `… ${cycle.length - 10} more`] : cycle;
    return new UniqueOrderError(
      cycle,
      unique,
      entities,
      `Each of these rows must be written before the next (it gives up a value of unique ${unique} that the next ` +
        `one takes, or the next one depends on it), so none can be written first, and no column of the constraint ` +
        `accepts a temporary NULL:\n  ${shown.join('\n  ')}\n` +
        '  Make a column of the constraint nullable, or flush in two steps: first give one of these rows a value ' +
        'no row holds and flush, then set its final value and flush again.',
    );
  }
}

/** A transaction was used wrongly (a query after it ended, a nested call on the wrong object). */
export class TransactionError extends TabulaError {
  override readonly code = 'TRANSACTION';
}

/** Base class of errors the database reported about a statement or a connection. */
export class DatabaseError extends TabulaError {
  override readonly code: string = 'DATABASE';
  readonly table?: string | undefined;
  readonly constraint?: string | undefined;
  readonly column?: string | undefined;
  readonly sql?: string | undefined;
  readonly driverCode?: string | undefined;

  constructor(message: string, details: ErrorDetails = {}, options?: { cause?: unknown }) {
    super(message, options);
    this.table = details.table;
    this.constraint = details.constraint;
    this.column = details.column;
    this.sql = details.sql;
    this.driverCode = details.driverCode;
  }
}

/** Base class of the four integrity-constraint violations. */
export class ConstraintViolationError extends DatabaseError {
  override readonly code: string = 'CONSTRAINT';
}

/** A UNIQUE or PRIMARY KEY constraint was violated (a duplicate key). */
export class UniqueConstraintError extends ConstraintViolationError {
  override readonly code = 'UNIQUE_VIOLATION';
}

/** A FOREIGN KEY constraint was violated (a missing parent, or a parent that still has children). */
export class ForeignKeyConstraintError extends ConstraintViolationError {
  override readonly code = 'FOREIGN_KEY_VIOLATION';
}

/** NULL was written to a NOT NULL column. */
export class NotNullConstraintError extends ConstraintViolationError {
  override readonly code = 'NOT_NULL_VIOLATION';
}

/** A CHECK constraint was violated. */
export class CheckConstraintError extends ConstraintViolationError {
  override readonly code = 'CHECK_VIOLATION';
}

/** A value does not fit its column (too long a string, a number out of range). */
export class ValueTooLongError extends DatabaseError {
  override readonly code = 'VALUE_TOO_LONG';
}

/** Base class of errors after which retrying the whole transaction may succeed. */
export class TransientError extends DatabaseError {
  override readonly code: string = 'TRANSIENT';
}

/** The database detected a deadlock and rolled this transaction back. Retry the transaction. */
export class DeadlockError extends TransientError {
  override readonly code = 'DEADLOCK';
}

/** A serializable (or snapshot) transaction could not be serialized. Retry the transaction. */
export class SerializationError extends TransientError {
  override readonly code = 'SERIALIZATION_FAILURE';
}

/** Waiting for a row or table lock timed out (SQLite: the database stayed locked past busy_timeout). */
export class LockWaitTimeoutError extends TransientError {
  override readonly code = 'LOCK_WAIT_TIMEOUT';
}

/** A statement ran past its timeout and was cancelled. */
export class QueryTimeoutError extends DatabaseError {
  override readonly code = 'QUERY_TIMEOUT';
}

/** The connection broke (server gone, socket closed). It has been discarded from the pool. */
export class ConnectionLostError extends TransientError {
  override readonly code = 'CONNECTION_LOST';
}

/**
 * The connection was lost while the top-level COMMIT was in flight: the server may have committed
 * the transaction or not, and nobody can tell from here. Deliberately not a {@link TransientError}:
 * running the transaction again could write everything twice, so nothing retries it. The
 * EntityManager refuses to flush the entities of that flush again until they are refreshed,
 * detached or the EntityManager is cleared.
 */
export class CommitOutcomeUnknownError extends TabulaError {
  override readonly code = 'COMMIT_OUTCOME_UNKNOWN';

  constructor(cause: unknown) {
    super(
      'The connection was lost during COMMIT: the transaction may or may not have committed, and Tabula did not retry it ' +
        `(${(cause as Error)?.message?.split('\n')[0] ?? String(cause)}).\n` +
        '  Do not simply run it again: check in the database what was written. Before flushing these entities again, ' +
        'reload them (em.refresh) or start over with em.clear() (a new entity may or may not have been inserted: detach it and look it up).',
      { cause },
    );
  }
}

/** A connection could not be opened (refused, unknown host, bad credentials, missing database). */
export class ConnectionError extends DatabaseError {
  override readonly code: string = 'CONNECTION';
}

/** The server refused the credentials. */
export class AuthenticationError extends ConnectionError {
  override readonly code = 'AUTHENTICATION';
}

/** The SQL itself was rejected (syntax, unknown table or column, permission). */
export class StatementError extends DatabaseError {
  override readonly code = 'STATEMENT';
}

/** Replaces the password in a URL so it can be shown in messages and logs. */
export function redactUrl(url: string): string {
  return url.replace(/^([a-z0-9+.-]+:\/\/[^:/@]*:)[^@]*@/i, '$1***@');
}

/**
 * An entity was used in a way its state does not allow: passed to a second EntityManager,
 * removed and then referenced, referenced without being persisted.
 */
export class EntityStateError extends TabulaError {
  override readonly code = 'ENTITY_STATE';

  static managedElsewhere(entity: string): EntityStateError {
    return new EntityStateError(
      `${entity} is managed by another EntityManager.\n` +
        '  Each EntityManager tracks its own instances: load the row with this one (em.findOne), or detach it from the other first.',
    );
  }

  static referencesUnpersisted(entity: string, relation: string, target: string): EntityStateError {
    return new EntityStateError(
      `${entity}.${relation} references a ${target} that is not persisted.\n` +
        `  Call em.persist() on that ${target}, or add cascade: ['persist'] to the relation.`,
    );
  }

  static referencesRemoved(entity: string, relation: string): EntityStateError {
    return new EntityStateError(
      `${entity}.${relation} references an entity that is scheduled for removal.\n` +
        '  Clear or replace the reference, or do not remove the referenced entity.',
    );
  }

  static notAnEntity(value: unknown, operation: string): EntityStateError {
    const got = value === null ? 'null' : Array.isArray(value) ? 'an array' : typeof value;
    return new EntityStateError(
      `em.${operation}() takes entity instances, got ${got}.\n` +
        `  Pass the entities themselves: em.${operation}(author, book), or em.${operation}(...list).`,
    );
  }

  /** A flush whose COMMIT outcome is unknown (CommitOutcomeUnknownError) wrote these entities, or did not. */
  static commitOutcomeUnknown(entities: readonly string[]): EntityStateError {
    const shown = entities.length > 10 ? [...entities.slice(0, 10), `… ${entities.length - 10} more`] : entities;
    return new EntityStateError(
      `Cannot flush ${shown.join(', ')}: the COMMIT of an earlier flush of ${entities.length === 1 ? 'it' : 'them'} ` +
        'lost its connection (CommitOutcomeUnknownError), so the database may or may not hold those changes; flushing again could write them twice.\n' +
        '  Reload managed entities with em.refresh(entity), detach new ones (em.detach) and look them up, or call em.clear() and load again.',
    );
  }

  static notManaged(entity: string, operation: string): EntityStateError {
    return new EntityStateError(
      `Cannot ${operation} ${entity}: this EntityManager does not manage it.\n` +
        '  Load it with this EntityManager first (em.findOne), or persist it.',
    );
  }
}

/**
 * An UPDATE or DELETE of versioned entities matched fewer rows than it should: someone else
 * changed or deleted them since they were read. Nothing of the flush was committed.
 */
export class OptimisticLockError extends TabulaError {
  override readonly code = 'OPTIMISTIC_LOCK';
  constructor(
    /** `Author#3`, … : the entities whose version no longer matched (or whose rows are gone). */
    readonly entities: readonly string[],
    readonly table: string,
  ) {
    super(
      `Optimistic lock failed on ${table}: ${entities.join(', ')} changed or deleted since read.\n` +
        '  Nothing of this flush was committed. Reload the entities (em.refresh), apply the change again, and flush.',
    );
  }
}

/**
 * An UPDATE or DELETE of entities without a version column matched fewer rows than it should:
 * the rows were deleted since they were read. Nothing of the flush was committed.
 */
export class MissingRowError extends TabulaError {
  override readonly code = 'MISSING_ROW';
  constructor(
    readonly entities: readonly string[],
    readonly table: string,
  ) {
    super(
      `Expected rows of ${table} are gone: one of ${entities.join(', ')} was deleted since read.\n` +
        '  Nothing of this flush was committed. Detach or reload the entities (em.detach / em.refresh) and flush again.',
    );
  }
}

/** `findOneOrFail` found no row. */
export class EntityNotFoundError extends TabulaError {
  override readonly code = 'ENTITY_NOT_FOUND';
  constructor(
    readonly entity: string,
    message: string,
  ) {
    super(message);
  }
}

/**
 * An EntityManager (or a service or repository that needs one) was resolved from the root
 * container, outside any unit-of-work scope. There is no shared global EntityManager by design.
 */
export class OutsideScopeError extends TabulaError {
  override readonly code = 'OUTSIDE_SCOPE';
  constructor(readonly service: string) {
    super(
      `${service} was resolved outside a unit-of-work scope.\n` +
        '  Resolve it inside runInUnitOfWork(container, (scope) => scope.get(…)) or an HTTP handler wrapped by ' +
        'httpUnitOfWork, which give each request or job its own EntityManager.',
    );
  }
}

/** The request of a unit of work went away (client abort) before COMMIT: everything was rolled back. */
export class UnitOfWorkAbortedError extends TabulaError {
  override readonly code = 'UNIT_OF_WORK_ABORTED';
  constructor(reason: string) {
    super(`The unit of work was aborted before commit (${reason}); nothing of it was written.`);
  }
}
