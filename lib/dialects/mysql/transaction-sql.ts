import type { TransactionSql } from '../../connection/index.js';

/**
 * MySQL sets the isolation level for the next transaction only with a separate
 * SET TRANSACTION (without SESSION), then starts it, read-only where asked.
 */
export const mysqlTransactionSql: TransactionSql = {
  begin: (o) => [
    ...(o.isolationLevel ? [`SET TRANSACTION ISOLATION LEVEL ${o.isolationLevel.toUpperCase()}`] : []),
    o.readOnly ? 'START TRANSACTION READ ONLY' : 'START TRANSACTION',
  ],
  commit: () => ['COMMIT'],
  rollback: () => ['ROLLBACK'],
  savepoint: (name) => `SAVEPOINT ${name}`,
  releaseSavepoint: (name) => `RELEASE SAVEPOINT ${name}`,
  rollbackToSavepoint: (name) => `ROLLBACK TO SAVEPOINT ${name}`,
};
