/**
 * The root of the error hierarchy. Every error Tabula raises is a {@link TabulaError} with a stable
 * `code` (documented in docs/errors.md), the driver's error as `cause` where there is one, and the
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
