/**
 * The pool every query and transaction goes through: acquire with a timeout, release on every
 * path, destroy broken connections, and one place that reports statements as query events.
 */
import { ClosedError, PoolTimeoutError, TransactionError } from '../errors/index.js';
import { cancelledError } from './cancel.js';
import { Connection } from './connection.js';
import type {
  AcquireOptions,
  CompiledQuery,
  ConnectionAdapter,
  DriverConnection,
  DriverPool,
  IsolationLevel,
  PoolStats,
  RawResult,
  RunOptions,
  TransactionOptions,
} from './driver.js';
import type { QueryEvents } from './query-events.js';
import { runTransaction, type Transaction } from './transaction.js';

const ISOLATION_LEVELS: readonly IsolationLevel[] = [
  'read uncommitted',
  'read committed',
  'repeatable read',
  'serializable',
];

export class Pool {
  private closed = false;
  private readonly checkedOut = new Set<Connection>();
  /** The driver pool's cancel, bound once, for the connections handed out. */
  private readonly cancel: ((raw: DriverConnection) => Promise<void>) | undefined;

  constructor(
    private readonly driverPool: DriverPool,
    private readonly adapter: ConnectionAdapter,
    readonly events: QueryEvents,
    private readonly acquireTimeoutMs: number,
  ) {
    this.cancel = driverPool.cancel ? (raw) => driverPool.cancel?.(raw) ?? Promise.resolve() : undefined;
  }

  /**
   * Checks out a connection. Prefer {@link withConnection} or {@link transaction}, which always
   * release it; a connection from here must be given back with {@link release}.
   */
  async acquire(options: AcquireOptions = {}): Promise<Connection> {
    if (this.closed) throw new ClosedError('This pool is closed; connect again.');
    const started = Date.now();
    let timedOut = false;
    const pending = this.driverPool.acquire({ ...options, deadline: started + this.acquireTimeoutMs });
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        timedOut = true;
        reject(new PoolTimeoutError(this.driverPool.size, Date.now() - started));
      }, this.acquireTimeoutMs);
    });
    // A connection that arrives after the timeout goes straight back.
    pending.then(
      (raw) => timedOut && this.driverPool.release(raw, false),
      () => undefined,
    );
    try {
      const raw = await Promise.race([pending, timeout]);
      const connection = new Connection(raw, this.adapter, this.events, this.cancel);
      this.checkedOut.add(connection);
      return connection;
    } catch (e) {
      if (e instanceof PoolTimeoutError) throw e;
      throw this.adapter.translateError(e, undefined);
    } finally {
      clearTimeout(timer);
    }
  }

  /** Gives a connection back; a broken one is destroyed instead of reused. Safe to call twice. */
  release(connection: Connection): void {
    if (!this.checkedOut.delete(connection)) return;
    this.driverPool.release(connection.detach(), connection.isBroken);
  }

  /** Runs `fn` with a connection and releases it however `fn` ends. */
  async withConnection<T>(fn: (connection: Connection) => Promise<T>, options: AcquireOptions = {}): Promise<T> {
    const connection = await this.acquire(options);
    try {
      return await fn(connection);
    } finally {
      this.release(connection);
    }
  }

  /**
   * Runs `fn` in a transaction: COMMIT when it resolves, ROLLBACK when it throws (and re-throw).
   * Statements `fn` started but did not await are waited for before COMMIT. Nest with
   * `tx.transaction(…)`, which uses a savepoint.
   */
  transaction<T>(fn: (tx: Transaction) => Promise<T>, options: TransactionOptions = {}): Promise<T> {
    if (options.isolationLevel !== undefined && !ISOLATION_LEVELS.includes(options.isolationLevel)) {
      return Promise.reject(
        new TransactionError(
          `Unknown isolation level ${JSON.stringify(options.isolationLevel)}. Use one of: ${ISOLATION_LEVELS.join(', ')}.`,
        ),
      );
    }
    // An aborted signal takes no connection and sends nothing.
    if (options.signal?.aborted) return Promise.reject(cancelledError(options.signal, 'before'));
    return this.withConnection(
      (connection) => runTransaction(connection, this.adapter, fn, options),
      options.readOnly ? { readOnly: true } : {},
    );
  }

  /** Runs one statement on a pooled connection (autocommit); `signal` cancels it (see Connection.run). */
  run(query: CompiledQuery, options: AcquireOptions & RunOptions = {}): Promise<RawResult> {
    const { signal } = options;
    if (signal === undefined) return this.withConnection((c) => c.run(query), options);
    if (signal.aborted) return Promise.reject(cancelledError(signal, 'before'));
    return this.withConnection((c) => c.run(query, signal), options);
  }

  stats(): PoolStats {
    return this.driverPool.stats();
  }

  get size(): number {
    return this.driverPool.size;
  }

  get isClosed(): boolean {
    return this.closed;
  }

  /** Closes the pool after the connections in use are released. Later calls are no-ops. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.driverPool.close();
  }
}
