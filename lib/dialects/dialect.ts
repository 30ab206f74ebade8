/**
 * The Dialect interface: everything that differs between SQLite, PostgreSQL and MySQL/MariaDB.
 * Code outside lib/dialects/ sees only this interface and never asks which database it is.
 */
import type { CompiledQuery, ConnectionAdapter } from '../connection/driver';
import type { ColumnType } from '../types/column-type';

export type DialectName = 'sqlite' | 'postgres' | 'mysql';

/** What the connected server can do; detected from its version at connect time. */
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
   * The most bind parameters one statement may carry. Callers chunk multi-row statements under
   * it (PostgreSQL 65,535; SQLite 32,766; MySQL/MariaDB 65,535 per prepared statement, and the
   * whole packet must stay under max_allowed_packet).
   */
  readonly maxBindParameters: number;
  /** MySQL/MariaDB: the server's max_allowed_packet in bytes; Infinity elsewhere. */
  readonly maxPacketBytes: number;
}

/** Column types for one dialect: SQL type names and lossless value conversion both ways. */
export interface DialectTypes {
  /** The SQL type for DDL, e.g. `numeric(38,10)`, `datetime(3)`, `bytea`. */
  sqlType(type: ColumnType): string;
  /**
   * Checks a JS value against its column type and converts it to what the driver binds.
   * Throws ValueError naming `column` for a wrong JS type, an out-of-range number or too long a string.
   * `null` and `undefined` become `null`.
   */
  toDriver(type: ColumnType, value: unknown, column?: string): unknown;
  /** Converts what the driver returned for a column of this type back to its JS form. */
  fromDriver(type: ColumnType, raw: unknown): unknown;
  /** Converts a parameter bound without a column type (raw SQL interpolations). */
  toDriverUntyped(value: unknown): unknown;
}

/** Builds the SQL for schema objects from a table description. */
export type { DdlCompiler } from '../sql/ddl';
import type { DdlCompiler } from '../sql/ddl';
import type { SqlNode } from '../sql/nodes';

export interface Dialect extends ConnectionAdapter {
  readonly name: DialectName;
  readonly capabilities: DialectCapabilities;
  readonly types: DialectTypes;
  readonly ddl: DdlCompiler;
  /** Compiles a statement or a raw `sql` fragment into SQL text and parameters for this dialect. */
  compile(node: SqlNode): CompiledQuery;
}
