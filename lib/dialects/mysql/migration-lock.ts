import type { MigrationLock } from '../migration-lock.js';

/**
 * GET_LOCK names are server-wide, so the name carries the database's. Lock names are limited to
 * 64 characters: a longer one is cut (the database name comes first, so it still tells databases
 * apart unless two names share 40 characters).
 */
export const mysqlMigrationLock: MigrationLock = {
  acquire: (name, timeoutSeconds) => [
    {
      sql: "SELECT GET_LOCK(LEFT(CONCAT(DATABASE(), ':', ?), 64), ?) AS locked",
      params: [name, Math.max(1, Math.round(timeoutSeconds))],
    },
  ],
  release: (name) => ({
    sql: "SELECT RELEASE_LOCK(LEFT(CONCAT(DATABASE(), ':', ?), 64)) AS released",
    params: [name],
  }),
  transactionalDdl: false,
};
