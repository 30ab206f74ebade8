/**
 * What a migration file exports, and what its `up` and `down` receive. A migration is a module in
 * the migrations folder named `<UTC timestamp>_<name>.ts`; the runner applies them in name order.
 */
import type { DialectName } from '../../dialects/index.js';
import type { SqlNode } from '../../sql/index.js';

/**
 * The statements a migration runs. On PostgreSQL and SQLite they all run in the migration's one
 * transaction. On MySQL/MariaDB each DDL statement commits on its own; the runner counts the
 * `execute` calls that succeeded, so a migration that failed halfway says which statement failed,
 * and a second run skips the ones that already took effect (by position: keep them in place when
 * you fix the failing one).
 */
export interface MigrationContext {
  /** The database the migration runs on (for the rare migration that must differ per database). */
  readonly dialect: DialectName;
  /**
   * Runs one statement: SQL text as written in the migration file, or a node built with the `sql`
   * tag of `tabula-orm/sql` (whose interpolations are bound as parameters).
   * @example await m.execute('ALTER TABLE "authors" ADD COLUMN "bio" text');
   * @example await m.execute(sql`UPDATE authors SET bio = ${'n/a'} WHERE bio IS NULL`);
   */
  execute(statement: string | SqlNode): Promise<{ readonly affectedRows: number }>;
  /** Runs a query and returns its rows (raw driver values). Not counted as a step; always runs. */
  query<Row = Record<string, unknown>>(statement: string | SqlNode): Promise<Row[]>;
}

/**
 * A migration module's exports: `export default { up, down } satisfies Migration`, or the same as
 * named exports (`export async function up(m) {…}`). `down` undoes `up`; a migration without one
 * cannot be reverted (`down` refuses it, naming it).
 */
export interface Migration {
  up(m: MigrationContext): Promise<void>;
  down?(m: MigrationContext): Promise<void>;
}

/**
 * Types a migration object (an identity function, for files that prefer it to `satisfies`).
 * @example
 * export default defineMigration({
 *   async up(m) { await m.execute('ALTER TABLE "authors" ADD COLUMN "bio" text'); },
 *   async down(m) { await m.execute('ALTER TABLE "authors" DROP COLUMN "bio"'); },
 * });
 */
export function defineMigration(migration: Migration): Migration {
  return migration;
}

/** A migration found in the folder (or given in code), not yet loaded. */
export interface MigrationSource {
  /** The file name without its extension: `20261207184500_add_author_bio`. */
  readonly name: string;
  /** SHA-256 of the file's text (line endings normalised), or of what the caller gave. */
  readonly checksum: string;
  /** Loads the module (imported on first use only). */
  load(): Promise<Migration>;
}

/** One migration's state, as `status()` reports it. */
export interface MigrationStatus {
  readonly name: string;
  /**
   * `applied`; `pending` (a file not yet applied); `failed` (MySQL: stopped halfway, `step`
   * statements took effect); `edited` (applied, but the file changed since); `missing` (applied,
   * but the file is gone).
   */
  readonly state: 'applied' | 'pending' | 'failed' | 'edited' | 'missing';
  readonly appliedAt?: Date | undefined;
  /** For a failed migration: how many statements took effect before the failing one. */
  readonly step?: number | undefined;
  /** For a failed migration: the error it stopped on. */
  readonly error?: string | undefined;
}
