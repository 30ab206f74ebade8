/**
 * The PostgreSQL pool over `pg.Pool`. Values come back in raw server forms for the types where
 * pg's own parsing would lose information (int8, numeric, dates and times); lib/types converts.
 */
import type pg from 'pg';
import { TransactionError } from '../../errors/index.js';
import type { ServerSettings } from '../server-settings.js';
import type { AcquireOptions, DriverConnection, DriverPool, PoolStats, RawResult } from '../../connection/index.js';
import { cancelBackend } from './cancel.js';
import { postgresTypeParser } from './types-parsers.js';

export interface PostgresSettings extends ServerSettings {
  readonly applicationName?: string;
}

let cursorCounter = 0;

class PostgresConnection implements DriverConnection {
  /**
   * The last statement sent. Statements of one connection run one after another: pg 8 queues a
   * query sent while another runs, but warns that pg 9 will refuse it, and concurrent units of
   * work inside one test transaction (tabula-orm/testing) send exactly that.
   */
  private tail: Promise<unknown> = Promise.resolve();

  constructor(readonly client: pg.PoolClient) {}

  get id(): number {
    return (this.client as unknown as { processID: number }).processID;
  }

  run(sql: string, params: readonly unknown[]): Promise<RawResult> {
    const result = this.tail.then(() => this.send(sql, params));
    this.tail = result.catch(() => undefined);
    return result;
  }

  private async send(sql: string, params: readonly unknown[]): Promise<RawResult> {
    // Text and values as two arguments: a config object is copied property by property by pg
    // (descriptors and all), a few µs per statement on a web request's path.
    const results = await this.client.query(sql, params as unknown[]);
    // Several statements in one text (BEGIN with the transaction id) answer one result each: the last one counts.
    const result = Array.isArray(results) ? (results.at(-1) as pg.QueryResult) : results;
    if (result.command === 'ROLLBACK' && /^\s*commit\b/i.test(sql)) {
      // PostgreSQL answers COMMIT of a failed transaction with ROLLBACK, not an error.
      throw new TransactionError('PostgreSQL rolled the transaction back at COMMIT: an earlier statement had failed.');
    }
    const rows = result.rows as Record<string, unknown>[];
    return { rows, affectedRows: result.rowCount ?? rows.length };
  }

  async *stream(sql: string, params: readonly unknown[], batchSize: number): AsyncIterable<Record<string, unknown>> {
    // WITH HOLD lets the cursor live outside a transaction block; rows are fetched in batches.
    const name = `tabula_cursor_${++cursorCounter}`;
    await this.client.query(`DECLARE ${name} NO SCROLL CURSOR WITH HOLD FOR ${sql}`, params as unknown[]);
    try {
      const size = Math.max(1, Math.floor(batchSize) || 1);
      while (true) {
        const { rows } = await this.client.query(`FETCH FORWARD ${size} FROM ${name}`);
        for (const row of rows) yield row as Record<string, unknown>;
        if (rows.length < size) return;
      }
    } finally {
      await this.client.query(`CLOSE ${name}`).catch(() => undefined);
    }
  }
}

export class PostgresPool implements DriverPool {
  private readonly pool: pg.Pool;
  readonly size: number;

  constructor(
    private readonly driver: typeof pg,
    private readonly settings: PostgresSettings,
  ) {
    this.size = settings.size;
    this.pool = new driver.Pool({
      host: settings.host,
      port: settings.port,
      user: settings.user,
      password: settings.password,
      database: settings.database,
      max: settings.size,
      idleTimeoutMillis: settings.idleTimeoutMs,
      connectionTimeoutMillis: settings.connectTimeoutMs,
      application_name: settings.applicationName ?? 'tabula',
      options: '-c TimeZone=UTC -c DateStyle=ISO',
      types: { getTypeParser: postgresTypeParser(driver) as never },
      ...(settings.statementTimeoutMs !== undefined ? { statement_timeout: settings.statementTimeoutMs } : {}),
    });
    // An idle client whose server went away: pg removes it; without a listener it would crash the process.
    this.pool.on('error', () => undefined);
  }

  async acquire(options: AcquireOptions): Promise<DriverConnection> {
    const client = await this.connectBefore(options.deadline);
    if (!(client as { tabulaListening?: boolean }).tabulaListening) {
      // A checked-out client can report a dead socket between queries; the next query fails and
      // the connection layer destroys it. The listener only keeps the event from crashing the process.
      client.on('error', () => undefined);
      (client as { tabulaListening?: boolean }).tabulaListening = true;
    }
    return new PostgresConnection(client);
  }

  /**
   * pg applies its connect timeout to waiting for a free client too; while the pool is full
   * that is a wait, not a failed connect, so wait again until the caller's deadline.
   */
  private async connectBefore(deadline: number | undefined): Promise<pg.PoolClient> {
    while (true) {
      const saturated = this.pool.totalCount >= this.size;
      try {
        return await this.pool.connect();
      } catch (e) {
        const waitTimedOut = saturated && /timeout exceeded when trying to connect/i.test(String((e as Error).message));
        if (!waitTimedOut || deadline === undefined || Date.now() >= deadline) throw e;
      }
    }
  }

  release(connection: DriverConnection, destroy: boolean): void {
    (connection as PostgresConnection).client.release(destroy);
  }

  async close(): Promise<void> {
    await this.pool.end();
  }

  cancel(connection: DriverConnection): Promise<void> {
    return cancelBackend(this.driver, this.settings, connection.id);
  }

  stats(): PoolStats {
    const { totalCount, idleCount, waitingCount } = this.pool;
    return { total: totalCount, idle: idleCount, inUse: totalCount - idleCount, waiting: waitingCount };
  }
}
