/**
 * A connected database: its dialect and its pool, with statement helpers that compile SQL nodes
 * and `sql` fragments for that dialect. Transactions hand out the same helpers bound to the
 * transaction's connection.
 */
import type { AcquireOptions, RawResult, SavepointOptions, TransactionOptions } from '../connection/index.js';
import type { Pool } from '../connection/index.js';
import type { QueryListener } from '../connection/index.js';
import type { Transaction } from '../connection/index.js';
import type { SqlNode } from '../sql/index.js';
import type { Dialect } from './dialect.js';

/** Runs statements; implemented by a Database (autocommit) and by a transaction scope. */
export interface Queryable {
  /** Runs a statement and returns its rows (raw driver values). */
  query<Row = Record<string, unknown>>(statement: SqlNode): Promise<Row[]>;
  /** Runs a statement and returns rows, affected-row count and generated id. */
  execute(statement: SqlNode): Promise<RawResult>;
}

/** The statement helpers inside `db.transaction(async (tx) => …)`. */
export class TransactionScope implements Queryable {
  /** @internal */
  constructor(
    readonly dialect: Dialect,
    /** The underlying connection-layer transaction. */
    readonly raw: Transaction,
  ) {}

  async query<Row = Record<string, unknown>>(statement: SqlNode): Promise<Row[]> {
    return (await this.execute(statement)).rows as Row[];
  }

  execute(statement: SqlNode): Promise<RawResult> {
    return this.raw.run(this.dialect.compile(statement));
  }

  /** Runs `fn` in a savepoint: a throw rolls back to it and re-throws; the outer transaction goes on. */
  transaction<T>(fn: (tx: TransactionScope) => Promise<T>, options: SavepointOptions = {}): Promise<T> {
    return this.raw.transaction((inner) => fn(new TransactionScope(this.dialect, inner)), options);
  }
}

export class Database implements Queryable {
  /** @internal use `connect()` */
  constructor(
    readonly dialect: Dialect,
    readonly pool: Pool,
  ) {}

  async query<Row = Record<string, unknown>>(statement: SqlNode, options: AcquireOptions = {}): Promise<Row[]> {
    return (await this.execute(statement, options)).rows as Row[];
  }

  execute(statement: SqlNode, options: AcquireOptions = {}): Promise<RawResult> {
    const compiled = this.dialect.compile(statement);
    return this.pool.run(compiled, options);
  }

  /**
   * Streams the rows of a query without buffering them. The connection is held until the
   * iteration ends (or the loop breaks).
   */
  async *stream(statement: SqlNode, options: { batchSize?: number } = {}): AsyncIterable<Record<string, unknown>> {
    const compiled = this.dialect.compile(statement);
    const connection = await this.pool.acquire({ readOnly: true });
    try {
      yield* connection.stream(compiled, options.batchSize ?? 1000);
    } finally {
      this.pool.release(connection);
    }
  }

  /**
   * Runs `fn` in one transaction: COMMIT when it resolves, ROLLBACK when it throws.
   *
   * @example
   * await db.transaction(async (tx) => {
   *   await tx.execute(sql`update accounts set balance = balance - ${amount} where id = ${from}`);
   *   await tx.execute(sql`update accounts set balance = balance + ${amount} where id = ${to}`);
   * }, { isolationLevel: 'serializable' });
   */
  transaction<T>(fn: (tx: TransactionScope) => Promise<T>, options: TransactionOptions = {}): Promise<T> {
    return this.pool.transaction((tx) => fn(new TransactionScope(this.dialect, tx)), options);
  }

  /** Registers a listener for every statement run through this database; returns its remover. */
  onQuery(listener: QueryListener): () => void {
    return this.pool.events.on(listener);
  }

  /** Closes the pool. Statements after this reject with ClosedError. */
  close(): Promise<void> {
    return this.pool.close();
  }
}
