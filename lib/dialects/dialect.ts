/**
 * The Dialect interface: everything that differs between SQLite, PostgreSQL and MySQL/MariaDB.
 * Code outside lib/dialects/ sees only this interface and never asks which database it is.
 */
import type { CompiledQuery, ConnectionAdapter } from '../connection/index.js';
import type { DialectCapabilities } from '../sql/index.js';
import type { DdlCompiler, SchemaReader } from '../sql/index.js';
import type { SqlNode } from '../sql/index.js';
import type { DialectTypes } from '../types/index.js';
import type { MigrationLock } from './migration-lock.js';

export type { DialectCapabilities, DialectTypes, DdlCompiler };

export type DialectName = 'sqlite' | 'postgres' | 'mysql';

export interface Dialect extends ConnectionAdapter {
  readonly name: DialectName;
  readonly capabilities: DialectCapabilities;
  readonly types: DialectTypes;
  /** Builds CREATE / DROP statements for tables and indexes. */
  readonly ddl: DdlCompiler;
  /** How migrations are kept from running twice at once, and whether DDL is transactional. */
  readonly migrationLock: MigrationLock;
  /** Reads the live schema and normalises type names and defaults (lib/dialects/<name>/introspect.ts). */
  readonly schema: SchemaReader;
  /** Compiles a statement node or a raw `sql` fragment into SQL text and parameters for this dialect. */
  compile(node: SqlNode): CompiledQuery;
}
