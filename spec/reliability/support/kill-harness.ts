/**
 * What the kill scenarios use to kill the backend of a flush: a trap on the connection a flush
 * borrows (sinon, fault injection only: every statement still goes to the real server), and an
 * admin pool that terminates that backend from another session and waits until it is gone.
 */
import sinon from 'sinon';
import type { Tabula } from '../../../lib';
import type { CompiledQuery, Connection, RawResult } from '../../../lib/connection';
import { CommitOutcomeUnknownError, ConnectionLostError } from '../../../lib/errors';
import { sql } from '../../../lib/sql';

export type ServerDialect = 'postgres' | 'mysql';

/** Kills sessions of the server under test from its own pool, and reads the server's view. */
export class Killer {
  constructor(
    private readonly admin: Tabula,
    private readonly dialect: ServerDialect,
  ) {}

  /** Terminates the session `id` (a PostgreSQL backend pid, a MariaDB thread id) and waits until the server has dropped it. */
  async kill(id: number): Promise<void> {
    const db = this.admin.db;
    if (this.dialect === 'postgres') await db.query(sql`select pg_terminate_backend(${id})`);
    else await db.execute(sql`kill connection ${id}`);
    const deadline = Date.now() + 10_000;
    while ((await this.sessionExists(id)) && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 1));
    }
    if (await this.sessionExists(id)) throw new Error(`session ${id} still exists 10 s after it was killed`);
  }

  private async sessionExists(id: number): Promise<boolean> {
    const [row] =
      this.dialect === 'postgres'
        ? await this.admin.db.query(sql`select count(*) as n from pg_stat_activity where pid = ${id}`)
        : await this.admin.db.query(sql`select count(*) as n from information_schema.processlist where id = ${id}`);
    return Number(row?.n) > 0;
  }

  /**
   * Transactions open on the server now, other than this admin session's own reads. Only client
   * sessions count: an autovacuum worker (the 2,000-row flushes wake it) holds a transaction too.
   */
  async openTransactions(): Promise<number> {
    const rows =
      this.dialect === 'postgres'
        ? await this.admin.db.query(
            sql`select pid, state, backend_type, left(query, 60) as query from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid() and backend_type = 'client backend' and (state like 'idle in transaction%' or xact_start is not null)`,
          )
        : await this.admin.db.query(
            sql`select trx_mysql_thread_id as id, trx_state as state, left(trx_query, 60) as query from information_schema.innodb_trx`,
          );
    // Named on the console so a failure says which session it was.
    if (rows.length > 0) process.stderr.write(`[kill-harness] open transactions: ${JSON.stringify(rows)}\n`);
    return rows.length;
  }
}

/** Called for each statement of the trapped connection: `send` sends it. */
export type StatementHook = (index: number, query: CompiledQuery, send: () => Promise<RawResult>) => Promise<RawResult>;

/**
 * Traps the next connection `orm`'s pool hands out while armed: every statement on it goes
 * through `hook`. The flush under test is the only user of the pool while armed.
 */
export class FlushTrap {
  private hook: StatementHook | undefined;
  private trapped: Connection | undefined;
  private readonly waiters: ((c: Connection) => void)[] = [];

  constructor(orm: Tabula) {
    const pool = orm.db.pool;
    const acquire = pool.acquire.bind(pool);
    sinon.stub(pool, 'acquire').callsFake(async (options) => {
      const connection = await acquire(options);
      const hook = this.hook;
      if (hook !== undefined && this.trapped === undefined) {
        this.trapped = connection;
        const run = connection.run.bind(connection);
        let index = 0;
        sinon.stub(connection, 'run').callsFake((query) => hook(index++, query, () => run(query)));
        for (const w of this.waiters.splice(0)) w(connection);
      }
      return connection;
    });
  }

  /** Traps the next connection handed out. */
  arm(hook: StatementHook): void {
    this.hook = hook;
    this.trapped = undefined;
  }

  /** The trapped connection, once the flush has borrowed it. */
  connection(): Promise<Connection> {
    const c = this.trapped;
    if (c !== undefined) return Promise.resolve(c);
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  /** Leaves later connections alone; returns the one trapped (if any). */
  disarm(): Connection | undefined {
    this.hook = undefined;
    return this.trapped;
  }
}

/** The error classes a killed flush may reject with, and nothing else. */
export const TYPED_KILL_ERRORS = [ConnectionLostError, CommitOutcomeUnknownError] as const;

/** `ConnectionLostError`, `CommitOutcomeUnknownError`, or the class of anything else (a defect). */
export function errorClass(error: unknown): string {
  if (error instanceof CommitOutcomeUnknownError) return 'CommitOutcomeUnknownError';
  if (error instanceof ConnectionLostError) return 'ConnectionLostError';
  return `untyped ${(error as Error)?.constructor?.name ?? typeof error}: ${String((error as Error)?.message ?? error).split('\n')[0]}`;
}

/** The first words of a statement, for figures and messages: `INSERT t_uow_writers`. */
export function statementLabel(text: string): string {
  const words = text.replace(/[`"]/g, '').split(/\s+/);
  const verb = (words[0] ?? '').toUpperCase();
  const table = verb === 'INSERT' || verb === 'DELETE' ? words[2] : verb === 'UPDATE' ? words[1] : undefined;
  return table ? `${verb} ${table}` : words.slice(0, 2).join(' ').toUpperCase();
}

/** Counts by key, for figures. */
export function tally(into: Record<string, number>, key: string): void {
  into[key] = (into[key] ?? 0) + 1;
}
