import type { TransactionSql } from '../../connection/index.js';

/** PostgreSQL takes isolation level and access mode in BEGIN itself. */
export const postgresTransactionSql: TransactionSql = {
  begin: (o) => {
    const parts = ['BEGIN'];
    if (o.isolationLevel) parts.push(`ISOLATION LEVEL ${o.isolationLevel.toUpperCase()}`);
    if (o.readOnly) parts.push('READ ONLY');
    return [parts.join(' ')];
  },
  commit: () => ['COMMIT'],
  rollback: () => ['ROLLBACK'],
  savepoint: (name) => `SAVEPOINT ${name}`,
  releaseSavepoint: (name) => `RELEASE SAVEPOINT ${name}`,
  rollbackToSavepoint: (name) => `ROLLBACK TO SAVEPOINT ${name}`,
};
