/**
 * A checked-out connection: runs statements, reports them as query events, translates driver
 * errors into typed ones, and remembers when the connection broke so the pool destroys it.
 */
import { ClosedError, QueryCancelledError } from '../errors/index.js';
import { cancelledError, runCancellable, whenAborted } from './cancel.js';
import type { CompiledQuery, ConnectionAdapter, DriverConnection, RawResult } from './driver.js';
import type { QueryEvents } from './query-events.js';

export class Connection {
  private released = false;
  private broken = false;

  constructor(
    private readonly raw: DriverConnection,
    private readonly adapter: ConnectionAdapter,
    private readonly events: QueryEvents,
    /** Stops the statement `raw` runs, from another connection (the pool's `cancel`), where the pool can. */
    private readonly cancel?: ((raw: DriverConnection) => Promise<void>) | undefined,
  ) {}

  /** The server's id for this session (PostgreSQL backend pid, MySQL thread id, SQLite counter). */
  get id(): number {
    return this.raw.id;
  }

  /** True once a protocol-level failure means this connection must not be reused. */
  get isBroken(): boolean {
    return this.broken;
  }

  get isReleased(): boolean {
    return this.released;
  }

  /**
   * Runs one statement. Driver errors come back as typed TabulaErrors with the driver error as
   * `cause`. When `signal` aborts while it runs, it is cancelled on the server (QueryCancelledError).
   */
  async run(query: CompiledQuery, signal?: AbortSignal): Promise<RawResult> {
    if (this.released) throw new ClosedError('This connection was released to the pool; acquire a new one.');
    if (signal !== undefined) return this.runUnder(query, signal);
    const started = performance.now();
    try {
      const result = await this.raw.run(query.sql, query.params, query.returnsRows);
      if (this.events.hasListeners) this.report(query, started, result.rows.length || result.affectedRows);
      return result;
    } catch (e) {
      throw this.fail(e, query, started);
    }
  }

  /**
   * Streams result rows without buffering them; see DriverConnection.stream. When `signal` aborts,
   * the statement is cancelled on the server, the iteration ends with QueryCancelledError, and the
   * connection is discarded (it may be part-way through a result).
   */
  async *stream(query: CompiledQuery, batchSize = 1000, signal?: AbortSignal): AsyncIterable<Record<string, unknown>> {
    if (this.released) throw new ClosedError('This connection was released to the pool; acquire a new one.');
    if (signal?.aborted) throw cancelledError(signal, 'before');
    const started = performance.now();
    let count = 0;
    let failed = false;
    let cancelling: Promise<void> | undefined;
    const onAbort = () => {
      this.broken = true;
      cancelling = this.cancel?.(this.raw).catch(() => undefined);
    };
    const stopWaiting = signal && whenAborted(signal, onAbort);
    try {
      for await (const row of this.raw.stream(query.sql, query.params, batchSize)) {
        if (signal?.aborted) throw cancelledError(signal, 'statement');
        count++;
        yield row;
      }
    } catch (e) {
      failed = true;
      if (e instanceof QueryCancelledError) throw e;
      const error = this.fail(e, query, started);
      throw signal?.aborted ? cancelledError(signal, 'statement', error) : error;
    } finally {
      stopWaiting?.();
      if (cancelling) await cancelling;
      // Also when the caller's loop breaks: the statement ran and read `count` rows.
      if (!failed && this.events.hasListeners) this.report(query, started, count);
    }
  }

  private async runUnder(query: CompiledQuery, signal: AbortSignal): Promise<RawResult> {
    const started = performance.now();
    const { raw, cancel } = this;
    const result = await runCancellable(signal, {
      start: () => raw.run(query.sql, query.params, query.returnsRows),
      cancel: cancel && (() => cancel(raw)),
      translate: (e) => this.fail(e, query, started),
      markBroken: () => this.markBroken(),
    });
    if (this.events.hasListeners) this.report(query, started, result.rows.length || result.affectedRows);
    return result;
  }

  /** Marks the connection unusable (the pool destroys it on release). */
  markBroken(): void {
    this.broken = true;
  }

  /** @internal used by the pool when it takes the connection back. */
  detach(): DriverConnection {
    this.released = true;
    return this.raw;
  }

  private fail(e: unknown, query: CompiledQuery, started: number): Error {
    if (this.adapter.isFatal(e)) this.broken = true;
    const error = this.adapter.translateError(e, query.sql);
    if (this.events.hasListeners) this.report(query, started, 0, error);
    return error;
  }

  private report(query: CompiledQuery, started: number, rowCount: number, error?: Error): void {
    this.events.emit({
      sql: query.sql,
      paramCount: query.params.length,
      ...(this.events.logParams ? { params: query.params } : {}),
      durationMs: performance.now() - started,
      rowCount,
      connectionId: this.raw.id,
      ...(error ? { error } : {}),
    });
  }
}
