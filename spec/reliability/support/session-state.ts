/**
 * The session state a unit of work could leave on a pooled connection, read from the connection
 * itself: the isolation level and access mode the next transaction gets (MySQL's `SET
 * TRANSACTION` applies to the next one only, so it is read inside a transaction, from InnoDB),
 * statement timeouts, SQLite's `query_only` and `foreign_keys`, an open transaction, cursors and
 * temporary tables where the server lists them. Compared with a fresh connection's.
 */
import type { Connection } from '../../../lib/connection';

async function one(c: Connection, text: string): Promise<Record<string, unknown>> {
  const { rows } = await c.run({ sql: text, params: [] });
  return rows[0] ?? {};
}

export async function sessionState(c: Connection, dialect: string): Promise<Record<string, unknown>> {
  if (dialect === 'postgres') {
    const state: Record<string, unknown> = {};
    await c.run({ sql: 'BEGIN', params: [] });
    try {
      Object.assign(state, await one(c, 'SHOW transaction_isolation'));
      Object.assign(state, await one(c, 'SHOW transaction_read_only'));
    } finally {
      await c.run({ sql: 'ROLLBACK', params: [] });
    }
    Object.assign(state, await one(c, 'SHOW statement_timeout'));
    Object.assign(state, await one(c, 'SHOW lock_timeout'));
    Object.assign(state, await one(c, 'SHOW idle_in_transaction_session_timeout'));
    Object.assign(state, await one(c, 'select count(*)::int as cursors from pg_cursors'));
    Object.assign(
      state,
      await one(c, 'select count(*)::int as temp_tables from pg_class where relnamespace = pg_my_temp_schema()'),
    );
    return state;
  }
  if (dialect === 'mysql') {
    const state: Record<string, unknown> = {};
    await c.run({ sql: 'START TRANSACTION', params: [] });
    try {
      // InnoDB lists a transaction once it has read a table.
      await c.run({ sql: 'SELECT count(*) FROM t_rel_tally', params: [] });
      Object.assign(
        state,
        await one(
          c,
          'SELECT trx_isolation_level, trx_is_read_only FROM information_schema.innodb_trx WHERE trx_mysql_thread_id = connection_id()',
        ),
      );
    } finally {
      await c.run({ sql: 'ROLLBACK', params: [] });
    }
    Object.assign(
      state,
      await one(
        c,
        'SELECT @@autocommit AS autocommit, @@foreign_key_checks AS fk_checks, @@time_zone AS time_zone, @@sql_mode AS sql_mode, @@innodb_lock_wait_timeout AS lock_wait, @@max_statement_time AS max_statement_time',
      ),
    );
    return state;
  }
  const state: Record<string, unknown> = {
    ...(await one(c, 'PRAGMA query_only')),
    ...(await one(c, 'PRAGMA foreign_keys')),
  };
  // BEGIN inside an open transaction fails: succeeding proves none was left open.
  await c.run({ sql: 'BEGIN IMMEDIATE', params: [] });
  await c.run({ sql: 'ROLLBACK', params: [] });
  state.transactionWasOpen = false;
  return state;
}
