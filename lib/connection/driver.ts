/**
 * What a dialect's driver provides to the connection layer. The generic pool, transaction and
 * event logic in this folder is written once against these interfaces; each dialect implements
 * them over its own driver package (lib/dialects/<name>/driver.ts).
 */
import type { TabulaError } from '../errors/index.js';

/** SQL text with its bound parameters, ready for the driver. */
export interface CompiledQuery {
  readonly sql: string;
  readonly params: readonly unknown[];
  /**
   * Whether the statement returns rows, when the compiler knows (a SELECT, a write with
   * RETURNING); absent for raw SQL, which a driver that must know (sqlite3) inspects itself.
   */
  readonly returnsRows?: boolean;
}

/** What a statement returned, in the driver's raw value forms (converted by lib/types). */
export interface RawResult {
  /** Result rows keyed by column label (empty for statements that return none). */
  readonly rows: Record<string, unknown>[];
  /** Rows inserted, updated or deleted (for a SELECT: rows returned). */
  readonly affectedRows: number;
  /** MySQL and SQLite: the first (MySQL) or last (SQLite) generated id of an INSERT. */
  readonly insertId?: number | bigint;
}

/** One physical connection, owned by one caller between acquire and release. */
export interface DriverConnection {
  /** The server's id for the session where it has one (PostgreSQL backend pid, MySQL thread id). */
  readonly id: number;
  /** `returnsRows` is the compiler's answer when it has one (see CompiledQuery). */
  run(sql: string, params: readonly unknown[], returnsRows?: boolean): Promise<RawResult>;
  /**
   * Yields result rows one at a time without buffering the whole result (PostgreSQL cursor,
   * mysql2 stream, SQLite step by step).
   */
  stream(sql: string, params: readonly unknown[], batchSize: number): AsyncIterable<Record<string, unknown>>;
}

/** Isolation levels; a dialect maps each to the nearest level it has (docs/dialects.md). */
export type IsolationLevel = 'read uncommitted' | 'read committed' | 'repeatable read' | 'serializable';

export interface TransactionOptions {
  readonly isolationLevel?: IsolationLevel | undefined;
  /** Start the transaction read-only where the dialect supports it. */
  readonly readOnly?: boolean | undefined;
  /**
   * Roll back and reject with TransactionTimeoutError when the callback has not settled after
   * this many milliseconds. The connection goes back to the pool either way.
   */
  readonly timeoutMs?: number | undefined;
  /**
   * Cancels the transaction: when it aborts, the statement running is cancelled on the server, the
   * transaction rolls back and the call rejects with QueryCancelledError. Every statement of the
   * transaction runs under it. An already-aborted signal sends nothing.
   */
  readonly signal?: AbortSignal | undefined;
  /**
   * @internal set by the EntityManager, not by applications: resolve the outcome of this
   * transaction's COMMIT if its connection is lost, where the dialect can tell
   * ({@link CommitOutcomeProbe}). `writes: true` learns the token as the transaction begins (a
   * flush, which always writes); otherwise a savepoint opened with `writes: true` learns it, and a
   * transaction that never opened one resolves nothing.
   */
  readonly commitOutcome?: { readonly writes: boolean } | undefined;
}

/** Options of a savepoint (`tx.transaction(fn, options)`). */
export interface SavepointOptions extends Pick<TransactionOptions, 'timeoutMs' | 'signal'> {
  /**
   * @internal the savepoint writes (a flush): if its outer transaction resolves a lost COMMIT
   * and has no token yet, it learns it now.
   */
  readonly writes?: boolean | undefined;
}

/** Per-statement options of the connection layer. */
export interface RunOptions {
  /** When it aborts while the statement runs, the statement is cancelled on the server (QueryCancelledError). */
  readonly signal?: AbortSignal | undefined;
}

/** Pool settings shared by every dialect. */
export interface PoolOptions {
  /** Maximum open connections (SQLite: read connections besides the one writer). Default 10 (SQLite 0). */
  readonly size?: number | undefined;
  /** How long `acquire` waits for a free connection before a PoolTimeoutError. Default 10,000 ms. */
  readonly acquireTimeoutMs?: number | undefined;
  /** Idle connections are closed after this many ms. Default 30,000 ms. */
  readonly idleTimeoutMs?: number | undefined;
  /** How long opening a connection may take. Default 10,000 ms. */
  readonly connectTimeoutMs?: number | undefined;
  /** Cancel a statement that runs longer than this (QueryTimeoutError). Default: no limit. */
  readonly statementTimeoutMs?: number | undefined;
}

export interface AcquireOptions {
  /** The caller only reads; SQLite may then use a read connection instead of the writer. */
  readonly readOnly?: boolean;
  /** When the caller stops waiting (epoch ms); a driver pool may retry its own timeouts until then. */
  readonly deadline?: number;
}

/** A dialect's pool of physical connections. */
export interface DriverPool {
  /** Maximum connections the pool holds (for messages). */
  readonly size: number;
  /** Waits for a free connection. Timing out is the caller's business (see Pool). */
  acquire(options: AcquireOptions): Promise<DriverConnection>;
  /** Gives a connection back; `destroy` closes it instead (after a protocol-level failure). */
  release(connection: DriverConnection, destroy: boolean): void;
  /** Closes every connection; waits for those in use to be released first. */
  close(): Promise<void>;
  /** Counts for tests and monitoring. */
  stats(): PoolStats;
  /**
   * Asks the server to stop the statement `connection` is running, from outside that connection
   * (PostgreSQL `pg_cancel_backend`, MariaDB `KILL QUERY`, SQLite `interrupt()`); resolves once the
   * request was carried out. The statement then fails with the dialect's cancellation error. A pool
   * without it cannot cancel: an aborted statement's connection is discarded instead.
   */
  cancel?(connection: DriverConnection): Promise<void>;
}

export interface PoolStats {
  readonly total: number;
  readonly idle: number;
  readonly inUse: number;
  readonly waiting: number;
}

/** The SQL a dialect uses for transaction control (lists, for dialects that need several statements). */
export interface TransactionSql {
  begin(options: TransactionOptions): readonly string[];
  commit(options: TransactionOptions): readonly string[];
  rollback(options: TransactionOptions): readonly string[];
  savepoint(name: string): string;
  releaseSavepoint(name: string): string;
  rollbackToSavepoint(name: string): string;
}

/** What a fresh connection says about a transaction whose COMMIT lost its connection. */
export type CommitOutcome = 'committed' | 'aborted' | 'in progress' | 'unknown';

/**
 * How a dialect tells, on a fresh connection, whether a transaction whose COMMIT lost its
 * connection committed. The transaction carries a token the probe can look up afterwards: learned
 * in the round trip of the statement that opens it (`beginWithToken`, PostgreSQL's transaction
 * id), or written by a statement right before COMMIT (`record`, MySQL's marker row).
 */
export interface CommitOutcomeProbe {
  /** `begin` rewritten to also return the token in its last result's first row (`tokenOf`). */
  beginWithToken?(begin: string): string;
  tokenOf?(result: RawResult): string | undefined;
  /** A statement, sent right before COMMIT inside the transaction, that records a new token. */
  record?(): { readonly query: CompiledQuery; readonly token: string };
  /** Housekeeping after a successful COMMIT of a transaction that recorded a token (pruning old markers). */
  afterCommit?(): CompiledQuery | undefined;
  /**
   * Asks, through `run` on a fresh connection, what became of the transaction of `token`, which
   * ran in the server session `session` (the lost connection's id).
   */
  check(run: (query: CompiledQuery) => Promise<RawResult>, token: string, session: number): Promise<CommitOutcome>;
  /**
   * Whether the server session `session` (a lost connection's) still exists, asked through `run`
   * on a fresh connection: while it does, a statement of it may still run — even one that has not
   * reached the server yet (a proxy or a pooler between). Present where a lone one-row DELETE whose
   * connection was lost is resolved by looking at its row once that session has ended
   * (lib/connection/commit-outcome.ts, `resolveLostDelete`).
   */
  sessionAlive?(run: (query: CompiledQuery) => Promise<RawResult>, session: number): Promise<boolean>;
}

/** Everything the connection layer needs from a dialect. */
export interface ConnectionAdapter {
  readonly dialectName: string;
  readonly transactionSql: TransactionSql;
  /** Turns a driver error into the matching typed error (lib/errors.ts). */
  translateError(error: unknown, sql: string | undefined): TabulaError;
  /** True when the connection must not be reused after this error (socket gone, protocol broken). */
  isFatal(error: unknown): boolean;
  /** Present when this dialect, as configured, can resolve a COMMIT whose connection was lost. */
  readonly commitOutcome?: CommitOutcomeProbe | undefined;
}
