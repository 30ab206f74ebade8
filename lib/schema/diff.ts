/**
 * Desired vs actual schema → the fewest changes, each said in words, with the statements that make
 * them (`up`) and undo them (`down`), through the dialect's DDL compiler.
 */
import type { Dialect } from '../dialects/index.js';
import type { SchemaModel } from './model.js';

export interface SchemaDiffOptions {
  /** Also drop tables, columns, indexes and constraints, and narrow types (held back otherwise). */
  readonly allowDestructive?: boolean | undefined;
}

export type SchemaChangeKind =
  | 'create-table'
  | 'drop-table'
  | 'rename-table'
  | 'add-column'
  | 'drop-column'
  | 'alter-column'
  | 'rename-column'
  | 'add-index'
  | 'drop-index'
  | 'add-unique'
  | 'drop-unique'
  | 'add-foreign-key'
  | 'drop-foreign-key'
  | 'rebuild-table';

/** One difference between the mappers and the database, and what resolving it does. */
export interface SchemaChange {
  readonly kind: SchemaChangeKind;
  readonly table: string;
  /** The column, index or constraint concerned, where there is one. */
  readonly name?: string | undefined;
  /** In words: `authors.bio: in the mappers, not in the database`. */
  readonly description: string;
  /** Loses data or narrows a type: applied only with `allowDestructive`. */
  readonly destructive: boolean;
  /** Why this change rewrites or locks the table (a type change on PostgreSQL, any MySQL column change, …). */
  readonly rewritesTable?: string | undefined;
  /** The statements that make the change. */
  readonly up: readonly string[];
  /** The statements that undo it. */
  readonly down: readonly string[];
}

export interface SchemaDiff {
  /** What will be applied, in order. */
  readonly changes: readonly SchemaChange[];
  /** Destructive changes not allowed (without `allowDestructive`). */
  readonly heldBack: readonly SchemaChange[];
  /** Probable renames and the like, never applied by themselves. */
  readonly suggestions: readonly string[];
  /** Table rewrites and locks. */
  readonly warnings: readonly string[];
  /** The statements of `changes`, in order. */
  readonly up: readonly string[];
  /** Statements that restore `actual` exactly, in order. */
  readonly down: readonly string[];
}

/** The changes that turn `actual` into `desired` on `dialect`. */
export function diffSchemas(
  desired: SchemaModel,
  actual: SchemaModel,
  dialect: Dialect,
  options: SchemaDiffOptions = {},
): SchemaDiff {
  void desired;
  void actual;
  void dialect;
  void options;
  throw new Error('not yet');
}
