/**
 * How a dialect keeps two processes from applying the same migration: a session lock taken on one
 * connection for the whole run (PostgreSQL's advisory lock, MySQL's GET_LOCK), or, where the
 * database has none (SQLite), the write lock of each migration's own transaction, under which the
 * runner reads the journal again before it applies anything.
 */
import type { CompiledQuery } from '../connection/index.js';

export interface MigrationLock {
  /**
   * Statements that take the lock named `name` on the current session, waiting up to
   * `timeoutSeconds`; the one that returns a `locked` column says 1 when it was taken. Absent
   * where the write transaction is the lock.
   */
  readonly acquire?: ((name: string, timeoutSeconds: number) => readonly CompiledQuery[]) | undefined;
  /** Releases what `acquire` took (closing the session releases it too). */
  readonly release?: ((name: string) => CompiledQuery) | undefined;
  /**
   * True when CREATE / ALTER / DROP run inside a transaction and roll back with it (PostgreSQL,
   * SQLite). False on MySQL/MariaDB, where each DDL statement commits on its own.
   */
  readonly transactionalDdl: boolean;
  /**
   * Settings around each migration's transaction, outside it (SQLite: foreign keys off, because a
   * table rebuild drops a referenced table, whose implicit DELETE would otherwise fire ON DELETE
   * actions; the pragma is a no-op inside a transaction).
   */
  readonly around?: { readonly before: readonly string[]; readonly after: readonly string[] } | undefined;
  /** Run before COMMIT when `around` turned foreign keys off: any row it returns is a dangling reference. */
  readonly foreignKeyCheck?: string | undefined;
}
