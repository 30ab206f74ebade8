/** What the connected server can do; detected from its version when a dialect connects. */
export interface DialectCapabilities {
  /** The server's version string as it reports it. */
  readonly serverVersion: string;
  /** INSERT … RETURNING (PostgreSQL; SQLite ≥ 3.35; MariaDB ≥ 10.5; not MySQL). */
  readonly hasReturning: boolean;
  /** UPDATE … RETURNING (PostgreSQL; SQLite ≥ 3.35; not MySQL/MariaDB). */
  readonly hasUpdateReturning: boolean;
  /** DELETE … RETURNING (PostgreSQL; SQLite ≥ 3.35; MariaDB ≥ 10.0). */
  readonly hasDeleteReturning: boolean;
  /** Row locks with FOR UPDATE / FOR SHARE (not SQLite, which locks the whole database). */
  readonly supportsRowLocks: boolean;
  readonly supportsSkipLocked: boolean;
  readonly supportsNowait: boolean;
  /**
   * The most bind parameters one statement may carry; callers chunk multi-row statements under
   * it (PostgreSQL 65,535; SQLite 32,766; MySQL/MariaDB 65,535 per prepared statement).
   */
  readonly maxBindParameters: number;
  /** MySQL/MariaDB: the server's max_allowed_packet in bytes; Infinity elsewhere. */
  readonly maxPacketBytes: number;
  /** The step between generated ids (`@@auto_increment_increment` on MySQL/MariaDB); 1 elsewhere. */
  readonly insertIdStep: number;
  /**
   * Whether a multi-row INSERT's generated ids are `insertId + i × insertIdStep` (MySQL/MariaDB
   * with `@@innodb_autoinc_lock_mode` 0 or 1). True on SQLite and PostgreSQL, which return the
   * ids with RETURNING anyway.
   */
  readonly consecutiveInsertIds: boolean;
  /**
   * Whether the driver streams one statement's rows in batches with back-pressure (PostgreSQL
   * cursor, mysql2 stream). sqlite3 hands out one row per thread-pool round trip (about 20 µs), so
   * `em.stream` on SQLite pages by key instead.
   */
  readonly streamsStatementRows: boolean;
  /**
   * MySQL/MariaDB: statements run as server-side prepared statements, cached per connection by
   * their text, and preparing a statement of thousands of rows costs about as much as running it.
   * A flush cuts multi-row INSERTs into chunks of this many rows (the rest in one statement), so
   * the full chunks of every flush share one text. Absent elsewhere: one statement per bind ceiling.
   */
  readonly preparedChunkRows?: number | undefined;
}
