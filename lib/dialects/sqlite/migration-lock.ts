import type { MigrationLock } from '../migration-lock.js';

/**
 * SQLite has no named locks: each migration runs in a BEGIN IMMEDIATE transaction, which holds the
 * database's write lock from its first statement (another process waits for it up to the busy
 * timeout), and the runner reads the journal again inside it.
 */
export const sqliteMigrationLock: MigrationLock = { transactionalDdl: true };
