/** Errors the database reported, translated per dialect (lib/dialects/<name>/errors.ts): constraints, transient failures, lost connections, rejected SQL. */
import { type ErrorDetails, TabulaError } from './tabula-error.js';

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
 * running the transaction again could write everything twice, so nothing retries it. Where the
 * dialect can tell (PostgreSQL; MySQL/MariaDB with `resolveCommitOutcome`), Tabula first asks a
 * fresh connection, and raises this only when that finds no answer. The
 * EntityManager refuses to flush the entities of that flush again until they are refreshed,
 * detached or the EntityManager is cleared.
 */
export class CommitOutcomeUnknownError extends TabulaError {
  override readonly code = 'COMMIT_OUTCOME_UNKNOWN';

  /**
   * `unresolved`: why Tabula could not find out (where the dialect can tell, it asks a fresh
   * connection first). `loneStatement`: the flush was one statement sent without a transaction
   * (docs/unit-of-work.md, "Round trips"), and that statement lost its connection.
   */
  constructor(cause: unknown, unresolved?: string, loneStatement = false) {
    super(
      (loneStatement
        ? "The connection was lost during the flush's only statement (sent without a transaction): it may or may not have been written, and Tabula did not retry it "
        : 'The connection was lost during COMMIT: the transaction may or may not have committed, and Tabula did not retry it ') +
        `(${(cause as Error)?.message?.split('\n')[0] ?? String(cause)}).\n` +
        (unresolved ? `  Tabula tried to find out, but ${unresolved}.\n` : '') +
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
