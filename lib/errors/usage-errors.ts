/** Errors Tabula raises itself, before or instead of asking the database: wrong configuration, values, SQL nodes, use of closed or timed-out resources. */
import { TabulaError } from './tabula-error.js';

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
 * The AbortSignal given to a query, stream, flush or transaction aborted: the statement running
 * was cancelled on the server and the transaction rolled back, so nothing of it was written. An
 * already-aborted signal sends nothing. Not retried: the caller asked to stop.
 */
export class QueryCancelledError extends TabulaError {
  override readonly code = 'QUERY_CANCELLED';

  constructor(
    message: string,
    /** The signal's `reason` (an `AbortError` DOMException unless the caller gave one). */
    readonly reason: unknown,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** A transaction was used wrongly (a query after it ended, a nested call on the wrong object). */
export class TransactionError extends TabulaError {
  override readonly code = 'TRANSACTION';
}

/** Replaces the password in a URL so it can be shown in messages and logs. */
export function redactUrl(url: string): string {
  return url.replace(/^([a-z0-9+.-]+:\/\/[^:/@]*:)[^@]*@/i, '$1***@');
}
