/**
 * A connected database: its dialect and its pool, with statement helpers that compile SQL nodes
 * and `sql` fragments for that dialect. Transactions hand out the same helpers bound to the
 * transaction's connection.
 */
import type {
  AcquireOptions,
  RawResult,
  RunOptions,
  SavepointOptions,
  TransactionOptions,
} from '../connection/index.js';
import type { Pool } from '../connection/index.js';
import type { QueryListener } from '../connection/index.js';
import type { Transaction } from '../connection/index.js';
import { cancelledError, ReadSession, type ReadYourWrites, type ReplicaRouter } from '../connection/index.js';
import { CommitOutcomeUnknownError } from '../errors/index.js';
import type { SqlNode } from '../sql/index.js';
import type { Dialect } from './dialect.js';
import { routedQueryable } from './read-routing.js';

/** Options of `db.query` / `db.execute`. */
export interface DatabaseRunOptions extends AcquireOptions, RunOptions {
  /**
   * `true`: a replica may answer, when the statement is a plain read (SELECT without a lock);
   * else it runs on the primary, as every statement does by default. No effect without replicas.
   */
  readonly replica?: boolean | undefined;
}

/** How an EntityManager reads: from replicas or not, with which read-your-writes guarantee. */
export interface ReadSessionOptions {
  /** `false`: every read goes to the primary. Default true. */
  readonly replicas?: boolean | undefined;
  /** Overrides the `readYourWrites` of `connect`. */
  readonly readYourWrites?: ReadYourWrites | undefined;
}

/** Runs statements; implemented by a Database (autocommit) and by a transaction scope. */
export interface Queryable {
  /** Runs a statement and returns its rows (raw driver values). `signal` cancels it on the server. */
  query<Row = Record<string, unknown>>(statement: SqlNode, options?: RunOptions): Promise<Row[]>;
  /** Runs a statement and returns rows, affected-row count and generated id. `signal` cancels it on the server. */
  execute(statement: SqlNode, options?: RunOptions): Promise<RawResult>;
}

/** `queryable` with every statement under `signal` (itself when there is no signal). */
export function underSignal(queryable: Queryable, signal: AbortSignal | undefined): Queryable {
  if (signal === undefined) return queryable;
  const options: RunOptions = { signal };
  return {
    query: (statement) => queryable.query(statement, options),
    execute: (statement) => queryable.execute(statement, options),
  };
}

/** The statement helpers inside `db.transaction(async (tx) => …)`. */
export class TransactionScope implements Queryable {
  /** @internal */
  constructor(
    readonly dialect: Dialect,
    /** The underlying connection-layer transaction. */
    readonly raw: Transaction,
  ) {}

  async query<Row = Record<string, unknown>>(statement: SqlNode, options?: RunOptions): Promise<Row[]> {
    return (await this.execute(statement, options)).rows as Row[];
  }

  /**
   * Runs a statement in this transaction. Its `signal` adds to the transaction's: either aborting
   * cancels the statement, and the transaction can then only roll back.
   */
  execute(statement: SqlNode, options?: RunOptions): Promise<RawResult> {
    return this.raw.run(this.dialect.compile(statement), options?.signal);
  }

  /**
   * Runs `fn` in a savepoint: a throw rolls back to it and re-throws; the outer transaction goes on.
   * `signal` cancels the savepoint's statements (and the transaction's signal does too).
   */
  transaction<T>(fn: (tx: TransactionScope) => Promise<T>, options: SavepointOptions = {}): Promise<T> {
    return this.raw.transaction((inner) => fn(new TransactionScope(this.dialect, inner)), options);
  }
}

export class Database implements Queryable {
  #reader: Queryable | undefined;

  /** @internal use `connect()` */
  constructor(
    readonly dialect: Dialect,
    readonly pool: Pool,
    /** The read replicas' router, when `replicas` names any (docs/scaling.md). */
    readonly replicas?: ReplicaRouter | undefined,
    /** @internal the read-your-writes state this view of the database reads with and commits into. */
    readonly session?: ReadSession | undefined,
  ) {}

  /**
   * Runs a statement on a pooled connection and returns its rows. When `signal` aborts while it
   * runs, the statement is cancelled on the server and the call rejects with QueryCancelledError.
   * On the primary, unless `replica: true` lets a replica answer a plain read.
   */
  async query<Row = Record<string, unknown>>(statement: SqlNode, options: DatabaseRunOptions = {}): Promise<Row[]> {
    return (await this.execute(statement, options)).rows as Row[];
  }

  /** As `query`, with the affected-row count and generated id. */
  execute(statement: SqlNode, options: DatabaseRunOptions = {}): Promise<RawResult> {
    if (options.replica && this.replicas) return this.reader.execute(statement, options);
    const compiled = this.dialect.compile(statement);
    return this.pool.run(compiled, options);
  }

  /**
   * Where reads outside transactions go: plain reads to a replica (read-your-writes as this
   * session says), everything else to the primary. This database itself when there are no replicas.
   * @internal
   */
  get reader(): Queryable {
    if (!this.replicas) return this;
    this.#reader ??= routedQueryable(this.dialect, this.replicas, this.session);
    return this.#reader;
  }

  /**
   * @internal a view of this database for one EntityManager: its reads follow `options`, and its
   * commits hold its reads on the primary until a replica has them. Itself without replicas.
   */
  withSession(options: ReadSessionOptions = {}): Database {
    const router = this.replicas;
    if (!router) return this;
    const session = new ReadSession(
      options.readYourWrites ?? router.settings.readYourWrites,
      options.replicas !== false,
    );
    return new Database(this.dialect, this.pool, router, session);
  }

  /**
   * Streams the rows of a query without buffering them. The connection is held until the
   * iteration ends (or the loop breaks). `signal` cancels the statement and ends the iteration
   * with QueryCancelledError.
   */
  async *stream(
    statement: SqlNode,
    options: { readonly batchSize?: number | undefined; readonly signal?: AbortSignal | undefined } = {},
  ): AsyncIterable<Record<string, unknown>> {
    const compiled = this.dialect.compile(statement);
    const { signal } = options;
    if (signal?.aborted) throw cancelledError(signal, 'before');
    const connection = await this.pool.acquire({ readOnly: true });
    try {
      yield* connection.stream(compiled, options.batchSize ?? 1000, signal);
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
    const run = this.pool.transaction((tx) => fn(new TransactionScope(this.dialect, tx)), options);
    const { replicas, session } = this;
    return replicas && session ? afterCommit(run, replicas, session) : run;
  }

  /**
   * One statement on its own, in autocommit (a flush of one statement): with replicas, recorded as
   * a commit of this session like a transaction's, so read-your-writes holds for it too. With
   * `witness`, a one-row DELETE whose lost connection is resolved by its row (Pool.runWitnessed).
   * @internal
   */
  runAlone(query: Parameters<Pool['run']>[0], witness?: () => Parameters<Pool['run']>[0]): ReturnType<Pool['run']> {
    const run = witness ? this.pool.runWitnessed(query, witness) : this.pool.run(query);
    const { replicas, session } = this;
    return replicas && session ? afterCommit(run, replicas, session) : run;
  }

  /** Registers a listener for every statement run through this database; returns its remover. */
  onQuery(listener: QueryListener): () => void {
    return this.pool.events.on(listener);
  }

  /** Closes the pool (and the replicas'). Statements after this reject with ClosedError. */
  async close(): Promise<void> {
    await this.pool.close();
    await this.replicas?.close();
  }
}

/** A transaction of a session that committed (or may have): where its commit is, for its later reads. */
async function afterCommit<T>(run: Promise<T>, router: ReplicaRouter, session: ReadSession): Promise<T> {
  let result: T;
  try {
    result = await run;
  } catch (e) {
    if (e instanceof CommitOutcomeUnknownError) await router.recordCommit(session);
    throw e;
  }
  await router.recordCommit(session);
  return result;
}
