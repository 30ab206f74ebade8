/**
 * What the server says about a session: which session a pooled connection is, and whether it is
 * running a statement (pg_stat_activity, MariaDB's process list). SQLite has neither: its
 * scenarios measure the statement's end from the caller's side.
 */
import type { Tabula } from '../../../lib';
import { type RawNode, sql } from '../../../lib/sql';

/** The server session (PostgreSQL pid, MariaDB thread id; SQLite: Tabula's connection number) of the connection `orm` hands out next. */
export async function serverIdOf(orm: Tabula, _dialect: string): Promise<number> {
  let id: number | undefined;
  const off = orm.db.onQuery((e) => {
    id = e.connectionId;
  });
  try {
    await orm.db.query(sql`select 1 as one`);
  } finally {
    off();
  }
  if (id === undefined) throw new Error('no query event');
  return id;
}

/** How many statements session `id` is running now, seen from another connection of `orm`. */
export async function runningStatements(orm: Tabula, dialect: string, id: number): Promise<number> {
  const query =
    dialect === 'postgres'
      ? sql`select count(*) as n from pg_stat_activity where pid = ${id} and state = 'active'`
      : sql`select count(*) as n from information_schema.processlist where id = ${id} and command in ('Query', 'Execute')`;
  const [row] = await orm.db.query<{ n: unknown }>(query);
  return Number(row?.n);
}

/**
 * Whether session `id` is waiting for a row lock now (MariaDB: running a FOR UPDATE read): the moment an abort must hit, since a
 * cancel that lands between two quick statements finds nothing to cancel (and the connection is
 * then discarded, as it cannot be trusted).
 */
export async function waitingOnLock(orm: Tabula, dialect: string, id: number): Promise<boolean> {
  const query =
    dialect === 'postgres'
      ? sql`select count(*) as n from pg_stat_activity where pid = ${id} and state = 'active' and wait_event_type = 'Lock'`
      : // MariaDB's innodb_trx keeps saying RUNNING while a statement waits: the process list shows it.
        sql`select count(*) as n from information_schema.processlist where id = ${id} and command in ('Query', 'Execute') and info like '%FOR UPDATE%'`;
  const [row] = await orm.db.query<{ n: unknown }>(query);
  return Number(row?.n) > 0;
}

/**
 * A statement that runs about `seconds` unless stopped: pg_sleep, SLEEP(), and on SQLite a
 * recursive count (SQLite has no sleep function). It returns no account rows.
 */
export function slowStatement(dialect: string, seconds: number): RawNode {
  if (dialect === 'postgres')
    return sql`select * from t_rel_lock_accounts where id = 2 and pg_sleep(${seconds}) is not null`;
  if (dialect === 'mysql') return sql`select * from t_rel_lock_accounts where id = 2 and sleep(${seconds}) = 1`;
  // About 30 million steps a second on a shared machine: far longer than any test waits.
  const steps = Math.round(seconds * 30_000_000);
  return sql`select * from t_rel_lock_accounts where id = 2 and (with recursive c(x) as (select 1 union all select x + 1 from c limit ${steps}) select count(*) from c) < 0`;
}
