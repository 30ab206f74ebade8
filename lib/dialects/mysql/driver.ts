/**
 * The MySQL/MariaDB pool over `mysql2`'s `createPool`. Statements with parameters run as
 * server-side prepared statements (`execute`), so values are never spliced into SQL text.
 * Every new connection is set to UTC, strict SQL mode and utf8mb4 before it is handed out.
 */
import type mysql from 'mysql2';
import type { ServerSettings } from '../server-settings.js';
import { addressOptions } from './address.js';
import { killQuery } from './cancel.js';
import type { AcquireOptions, DriverConnection, DriverPool, PoolStats, RawResult } from '../../connection/index.js';

export type MysqlSettings = ServerSettings;

/** The SQL mode Tabula relies on: errors instead of silent truncation, and `\` not special in strings. */
export const MYSQL_SQL_MODE =
  'STRICT_ALL_TABLES,NO_ZERO_IN_DATE,NO_ZERO_DATE,ERROR_FOR_DIVISION_BY_ZERO,NO_ENGINE_SUBSTITUTION,NO_BACKSLASH_ESCAPES';

type Packet = mysql.ResultSetHeader | mysql.RowDataPacket[];

class MysqlConnection implements DriverConnection {
  constructor(readonly conn: mysql.PoolConnection) {}

  get id(): number {
    return this.conn.threadId;
  }

  run(sql: string, params: readonly unknown[]): Promise<RawResult> {
    return new Promise((resolve, reject) => {
      const callback = (e: mysql.QueryError | null, result: Packet) => {
        if (e) return reject(e);
        if (Array.isArray(result)) resolve({ rows: result as Record<string, unknown>[], affectedRows: result.length });
        else resolve({ rows: [], affectedRows: result.affectedRows, insertId: result.insertId });
      };
      // Without parameters there is nothing to bind, and some statements (SET STATEMENT, LOCK) cannot be prepared.
      if (params.length === 0) this.conn.query<Packet>(sql, callback);
      else this.conn.execute<Packet>(sql, params as mysql.ExecuteValues[], callback);
    });
  }

  async *stream(sql: string, params: readonly unknown[], batchSize: number): AsyncIterable<Record<string, unknown>> {
    // execute (a server-side prepared statement) binds values; query() would splice them into the text.
    const command =
      params.length === 0 ? this.conn.query(sql) : this.conn.execute(sql, params as mysql.ExecuteValues[]);
    const stream = (command as unknown as mysql.Query).stream({ highWaterMark: Math.max(16, batchSize) });
    for await (const row of stream) yield row as Record<string, unknown>;
  }
}

export class MysqlPool implements DriverPool {
  private readonly pool: mysql.Pool;
  readonly size: number;
  private waiting = 0;

  constructor(
    private readonly driver: typeof mysql,
    private readonly settings: MysqlSettings,
  ) {
    this.size = settings.size;
    this.pool = driver.createPool({
      ...addressOptions(settings),
      connectionLimit: settings.size,
      maxIdle: settings.size,
      idleTimeout: settings.idleTimeoutMs,
      connectTimeout: settings.connectTimeoutMs,
      waitForConnections: true,
      queueLimit: 0,
      supportBigNumbers: true,
      bigNumberStrings: true,
      dateStrings: true,
      jsonStrings: true,
      decimalNumbers: false,
      timezone: 'Z',
      charset: 'utf8mb4_bin',
      multipleStatements: false,
      // Every batch size is a distinct statement; mysql2's default (16,000 per connection) would
      // let a pool exceed the server's max_prepared_stmt_count (16,382 by default).
      maxPreparedStatements: 256,
    });
    this.sessionSetup = `SET time_zone = '+00:00', sql_mode = '${MYSQL_SQL_MODE}'`;
    if (settings.statementTimeoutMs !== undefined) {
      this.statementTimeout = (mariadb) =>
        mariadb
          ? `, max_statement_time = ${settings.statementTimeoutMs! / 1000}`
          : `, max_execution_time = ${Math.round(settings.statementTimeoutMs!)}`;
    }
    this.pool.on('connection', (conn) => {
      // A socket error on an idle connection is handled by the pool; this keeps it from crashing the process.
      conn.on('error', () => undefined);
    });
  }

  private readonly sessionSetup: string;
  private statementTimeout: ((mariadb: boolean) => string) | undefined;
  private readonly prepared = new WeakSet<object>();

  async acquire(_options: AcquireOptions): Promise<DriverConnection> {
    this.waiting++;
    const conn = await new Promise<mysql.PoolConnection>((resolve, reject) => {
      this.pool.getConnection((e, c) => {
        this.waiting--;
        if (e) reject(e);
        else resolve(c);
      });
    });
    const connection = new MysqlConnection(conn);
    if (!this.prepared.has(conn)) {
      // A connection in the wrong time zone or a lax SQL mode would corrupt data: fail rather than go on.
      try {
        let setup = this.sessionSetup;
        if (this.statementTimeout) {
          // MySQL and MariaDB name the setting differently; this may run before connect() knows which it is.
          const { rows } = await connection.run('SELECT VERSION() AS v', []);
          setup += this.statementTimeout(/mariadb/i.test(String(rows[0]?.v)));
        }
        await connection.run(setup, []);
      } catch (e) {
        conn.destroy();
        throw e;
      }
      this.prepared.add(conn);
    }
    return connection;
  }

  release(connection: DriverConnection, destroy: boolean): void {
    const { conn } = connection as MysqlConnection;
    if (destroy) conn.destroy();
    else conn.release();
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.pool.end(() => resolve()));
  }

  cancel(connection: DriverConnection): Promise<void> {
    return killQuery(this.driver, this.settings, connection.id);
  }

  stats(): PoolStats {
    // mysql2 keeps these counts in its pool internals only.
    const internals = this.pool as unknown as {
      _allConnections?: { length: number };
      _freeConnections?: { length: number };
    };
    const total = internals._allConnections?.length ?? 0;
    const idle = internals._freeConnections?.length ?? 0;
    return { total, idle, inUse: total - idle, waiting: this.waiting };
  }
}
