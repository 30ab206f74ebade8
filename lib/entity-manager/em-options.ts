/** Options of the EntityManager's own operations (the loader's are in loading/). */
import type { Database, IsolationLevel, ReadYourWrites } from '../dialects/index.js';
import type { RetryOptions } from './retry.js';

/** Options of `em.fork`. */
export interface ForkOptions {
  /**
   * `false`: every read of the new EntityManager goes to the primary, none to a replica. Default:
   * the forked EntityManager's choice (the root's: true). No effect without `replicas`.
   */
  readonly replicas?: boolean | undefined;
  /**
   * Read-your-writes for the new EntityManager (docs/scaling.md): overrides the `readYourWrites`
   * of `connect` — `{ mode: 'position' }`, `{ mode: 'window', windowMs }` or `false`.
   */
  readonly readYourWrites?: ReadYourWrites | undefined;
  /**
   * Every statement of the new EntityManager runs under this signal: when it aborts, the statement
   * running is cancelled on the server, its transaction rolls back, and the call rejects with
   * QueryCancelledError. A request's signal, typically. A call's own `signal` adds to it.
   */
  readonly signal?: AbortSignal | undefined;
}

/** Options of `em.flush`. */
export interface FlushOptions {
  /** Cancels the flush before COMMIT: the statement running is cancelled, everything rolls back. */
  readonly signal?: AbortSignal | undefined;
}

/**
 * Options of `em.transactional`. With `retries`, each attempt runs the callback with a fresh
 * EntityManager (a fork of this one) in a new transaction; see {@link RetryOptions}.
 */
export interface TransactionalOptions extends RetryOptions {
  /** The isolation level of the transaction (outermost `transactional` only); the database's default otherwise. */
  readonly isolationLevel?: IsolationLevel | undefined;
  /** Cancels the unit before COMMIT: the statement running is cancelled, everything rolls back. */
  readonly signal?: AbortSignal | undefined;
}

/** The read options of a fork: its own, else those of the EntityManager it is forked from. */
export function forkReads(db: Database, options: ForkOptions): ForkOptions {
  const parent = db.session;
  return {
    signal: options.signal,
    replicas: options.replicas ?? parent?.useReplicas,
    readYourWrites: options.readYourWrites ?? parent?.readYourWrites,
  };
}
