/**
 * The pool every query and transaction goes through: acquire with a timeout, release on every
 * path, destroy broken connections, and one place that reports statements as query events.
 */
import { ClosedError, ConnectionLostError, PoolTimeoutError, TransactionError } from '../errors/index.js';
import { cancelledError } from './cancel.js';
import { LostCommit, resolveLostCommit, resolveLostDelete } from './commit-outcome.js';
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
  async transaction<T>(fn: (tx: Transaction) => Promise<T>, options: TransactionOptions = {}): Promise<T> {
    if (options.isolationLevel !== undefined && !ISOLATION_LEVELS.includes(options.isolationLevel)) {
      throw new TransactionError(
        `Unknown isolation level ${JSON.stringify(options.isolationLevel)}. Use one of: ${ISOLATION_LEVELS.join(', ')}.`,
      );
    }
    // An aborted signal takes no connection and sends nothing.
    if (options.signal?.aborted) throw cancelledError(options.signal, 'before');
    try {
      return await this.transactionOnLiveConnection(fn, options);
    } catch (e) {
      // Only now is the broken connection back in the pool: the fresh one may be its successor.
      if (!(e instanceof LostCommit)) throw e;
      const probe = this.adapter.commitOutcome;
      if (!probe) throw e.error;
      return (await resolveLostCommit(this, probe, e)) as T;
    }
  }

  /**
   * A pooled connection whose session the server ended while it sat idle (a restart, an idle
   * timeout, a kill) is dropped by the driver's pool when its socket reports the close; when the
   * close arrives just before the checkout, BEGIN is what finds it. Nothing of the unit has run
   * then, so the connection is destroyed and the transaction begins on another one — up to once
   * per connection the pool can hold. Costs nothing while connections are alive (no validation
   * query). A failure after BEGIN is the caller's, as always: the unit may have written.
   */
  private async transactionOnLiveConnection<T>(
    fn: (tx: Transaction) => Promise<T>,
    options: TransactionOptions,
  ): Promise<T> {
    const acquireOptions = options.readOnly ? { readOnly: true } : {};
    for (let attempt = 1; ; attempt++) {
      let begun = false;
      const connection = await this.acquire(acquireOptions);
      try {
        return await runTransaction(
          connection,
          this.adapter,
          (tx) => {
            begun = true;
            return fn(tx);
          },
          options,
        );
      } catch (e) {
        const deadAtBegin = !begun && connection.isBroken && e instanceof ConnectionLostError;
        if (!deadAtBegin || attempt > this.size) throw e;
      } finally {
        this.release(connection);
      }
    }
  }

  /** Runs one statement on a pooled connection (autocommit); `signal` cancels it (see Connection.run). */
  run(query: CompiledQuery, options: AcquireOptions & RunOptions = {}): Promise<RawResult> {
    const { signal } = options;
    if (signal === undefined) return this.withConnection((c) => c.run(query), options);
    if (signal.aborted) return Promise.reject(cancelledError(signal, 'before'));
    return this.withConnection((c) => c.run(query, signal), options);
  }

  /**
   * Runs a lone one-row DELETE (autocommit) whose loss can be resolved: when the connection is
   * lost during it and the dialect can tell when the lost session is done (`sessionAlive`),
   * `witness` (the row by its key) is asked on a fresh connection — see `resolveLostDelete`.
   * @internal
   */
  async runWitnessed(query: CompiledQuery, witness: () => CompiledQuery): Promise<RawResult> {
    let session: number | undefined;
    try {
      return await this.withConnection((c) => {
        session = c.id;
        return c.run(query);
      });
    } catch (e) {
      const probe = this.adapter.commitOutcome;
      // Lost before a connection was had (session unknown): nothing was sent.
      if (!(e instanceof ConnectionLostError) || session === undefined || !probe?.sessionAlive) throw e;
      return resolveLostDelete(
        this,
        { ...probe, sessionAlive: probe.sessionAlive },
        { error: e, session, witness: witness() },
      );
    }
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
