import type { MigrationLock } from '../migration-lock.js';

/**
 * A session-level advisory lock, scoped to the current database by PostgreSQL itself. The wait is
 * bounded by `lock_timeout`, set around the acquiring statement only, so that the migrations'
 * own statements keep the session's setting.
 */
export const postgresMigrationLock: MigrationLock = {
  acquire: (name, timeoutSeconds) => [
    {
      sql: "SELECT set_config('lock_timeout', $1, false) AS previous",
      params: [`${Math.max(1, Math.round(timeoutSeconds * 1000))}ms`],
    },
    { sql: 'SELECT pg_advisory_lock(hashtext($1)), 1 AS locked', params: [name] },
    { sql: 'RESET lock_timeout', params: [] },
  ],
  release: (name) => ({ sql: 'SELECT pg_advisory_unlock(hashtext($1)) AS released', params: [name] }),
  transactionalDdl: true,
};
