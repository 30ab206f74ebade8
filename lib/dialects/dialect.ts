/**
 * The Dialect interface: everything that differs between SQLite, PostgreSQL and MySQL/MariaDB.
 * Code outside lib/dialects/ sees only this interface and never asks which database it is.
 */
import type { CompiledQuery, ConnectionAdapter } from '../connection';
import type { DialectCapabilities } from '../sql';
import type { DdlCompiler } from '../sql';
import type { SqlNode } from '../sql';
import type { DialectTypes } from '../types';

export type { DialectCapabilities, DialectTypes, DdlCompiler };

export type DialectName = 'sqlite' | 'postgres' | 'mysql';

export interface Dialect extends ConnectionAdapter {
  readonly name: DialectName;
  readonly capabilities: DialectCapabilities;
  readonly types: DialectTypes;
  /** Builds CREATE / DROP statements for tables and indexes. */
  readonly ddl: DdlCompiler;
  /** Compiles a statement node or a raw `sql` fragment into SQL text and parameters for this dialect. */
  compile(node: SqlNode): CompiledQuery;
}
