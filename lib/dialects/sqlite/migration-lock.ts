import type { MigrationLock } from '../migration-lock.js';

/**
 * SQLite has no named locks: each migration runs in a BEGIN IMMEDIATE transaction, which holds the
 * database's write lock from its first statement (another process waits for it up to the busy
 * timeout), and the runner reads the journal again inside it. Foreign keys are off around it, as
 * SQLite's documented table rebuild requires, and checked before COMMIT.
 */
export const sqliteMigrationLock: MigrationLock = {
  transactionalDdl: true,
  around: { before: ['PRAGMA foreign_keys = OFF'], after: ['PRAGMA foreign_keys = ON'] },
  foreignKeyCheck: 'PRAGMA foreign_key_check',
};
