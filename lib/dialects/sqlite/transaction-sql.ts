import type { TransactionSql } from '../../connection/index.js';

/**
 * SQLite transactions are always serializable, so the isolation level is accepted and ignored.
 * A writing transaction starts IMMEDIATE: it takes the write lock up front instead of failing
 * with SQLITE_BUSY when a read later turns into a write. A read-only one starts DEFERRED under
 * `query_only`, which makes any write fail.
 */
export const sqliteTransactionSql: TransactionSql = {
  begin: (o) => (o.readOnly ? ['PRAGMA query_only = ON', 'BEGIN DEFERRED'] : ['BEGIN IMMEDIATE']),
  commit: (o) => (o.readOnly ? ['COMMIT', 'PRAGMA query_only = OFF'] : ['COMMIT']),
  rollback: (o) => (o.readOnly ? ['ROLLBACK', 'PRAGMA query_only = OFF'] : ['ROLLBACK']),
  savepoint: (name) => `SAVEPOINT ${name}`,
  releaseSavepoint: (name) => `RELEASE SAVEPOINT ${name}`,
  rollbackToSavepoint: (name) => `ROLLBACK TO SAVEPOINT ${name}`,
};
