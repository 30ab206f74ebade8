/**
 * What the restart and pool scenarios ask a server directly, through the raw driver and not
 * through Tabula: which sessions Tabula's pool holds, terminating them, open transactions, and
 * whether the server accepts connections. Each call opens its own connection, so calls work across
 * a restart.
 */
import mysql from 'mysql2/promise';
import pg from 'pg';

export interface ServerSession {
  /** PostgreSQL backend pid, MySQL thread id: Tabula's `connectionId`. */
  readonly id: number;
  /** `idle`, `active`, `idle in transaction` (PostgreSQL); `Sleep`, `Query` (MySQL). */
  readonly state: string;
}

export interface ServerAdmin {
  /** One round trip on a new connection; rejects while the server is down. */
  probe(timeoutMs: number): Promise<void>;
  /** The sessions of the scenario's pool (application `tabula` / user `tabula`), not the admin's own. */
  sessions(): Promise<ServerSession[]>;
  /**
   * Ends these sessions from the server side (pg_terminate_backend, KILL CONNECTION). Returns once
   * they are gone from the server's list, or with `{ wait: false }` as soon as PostgreSQL has
   * signalled them (MariaDB's KILL has closed the socket when it returns either way).
   */
  terminate(ids: readonly number[], options?: { wait?: boolean }): Promise<void>;
  /** Transactions open on the server among these sessions (all but the admin's own when omitted). */
  openTransactions(among?: readonly number[]): Promise<number>;
}

async function withPg<T>(url: string, timeoutMs: number, fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const c = new pg.Client({ connectionString: url, connectionTimeoutMillis: timeoutMs, application_name: 'admin' });
  c.on('error', () => undefined);
  try {
    await c.connect();
    return await fn(c);
  } finally {
    await c.end().catch(() => undefined);
  }
}

async function withMysql<T>(url: string, timeoutMs: number, fn: (c: mysql.Connection) => Promise<T>): Promise<T> {
  const c = await mysql.createConnection({ uri: url, connectTimeout: timeoutMs });
  c.on('error', () => undefined);
  try {
    return await fn(c);
  } finally {
    c.destroy();
  }
}

export function serverAdmin(dialect: 'postgres' | 'mysql', url: string): ServerAdmin {
  if (dialect === 'postgres') {
    return {
      probe: (timeoutMs) => withPg(url, timeoutMs, async (c) => void (await c.query('select 1'))),
      sessions: () =>
        withPg(url, 5000, async (c) => {
          const { rows } = await c.query(
            "select pid, state from pg_stat_activity where application_name = 'tabula' and datname = current_database() and pid <> pg_backend_pid()",
          );
          return rows.map((r) => ({ id: Number(r.pid), state: String(r.state) }));
        }),
      terminate: (ids, options = {}) =>
        withPg(url, 5000, async (c) => {
          await c.query('select pg_terminate_backend(pid) from unnest($1::int[]) as pid', [ids]);
          if (options.wait === false) return;
          // pg_terminate_backend only signals; the session has ended (its socket closed) once it is gone from here.
          const deadline = Date.now() + 5000;
          while (Date.now() < deadline) {
            const { rows } = await c.query('select count(*) as n from pg_stat_activity where pid = any($1::int[])', [
              ids,
            ]);
            if (Number(rows[0].n) === 0) return;
            await new Promise((r) => setTimeout(r, 2));
          }
          throw new Error(`sessions ${ids.join(', ')} still there 5 s after pg_terminate_backend`);
        }),
      openTransactions: (among) =>
        withPg(url, 5000, async (c) => {
          const { rows } = await c.query(
            "select pid from pg_stat_activity where datname = current_database() and xact_start is not null and pid <> pg_backend_pid() and backend_type = 'client backend'",
          );
          return rows.filter((r) => !among || among.includes(Number(r.pid))).length;
        }),
    };
  }
  return {
    probe: (timeoutMs) => withMysql(url, timeoutMs, async (c) => void (await c.query('select 1'))),
    sessions: () =>
      withMysql(url, 5000, async (c) => {
        const [rows] = await c.query(
          "select id, command from information_schema.processlist where user = 'tabula' and id <> connection_id()",
        );
        return (rows as { id: number; command: string }[]).map((r) => ({ id: Number(r.id), state: r.command }));
      }),
    terminate: (ids) =>
      withMysql(url, 5000, async (c) => {
        for (const id of ids) await c.query(`KILL CONNECTION ${Number(id)}`).catch(() => undefined);
      }),
    openTransactions: (among) =>
      withMysql(url, 5000, async (c) => {
        const [rows] = await c.query(
          'select trx_mysql_thread_id as id from information_schema.innodb_trx where trx_mysql_thread_id <> connection_id()',
        );
        return (rows as { id: number }[]).filter((r) => !among || among.includes(Number(r.id))).length;
      }),
  };
}
