/**
 * The transactions an EntityManager opens: a flush's (or its savepoint inside `transactional`),
 * and `transactional`'s own. Both resolve a COMMIT whose connection was lost where the dialect can
 * tell (docs/connection.md): a flush writes, so it learns its token as it begins; `transactional`
 * learns it only when a flush inside it writes, so one that only reads costs nothing.
 */
import type { Database, TransactionScope } from '../dialects/index.js';
import { TransactionError } from '../errors/index.js';
import type { FlushContext, FlushEvent, FlushListener } from '../flush/index.js';
import type { TransactionalOptions } from './em-options.js';
import { checkRetryOptions, type RetryOptions, withRetries } from './retry.js';
import { transactionDone, transactionFailed } from './lifecycle.js';

const RESOLVES_WRITES = { commitOutcome: { writes: true } } as const;
const RESOLVES = { commitOutcome: { writes: false } } as const;
const WRITES = { writes: true } as const;

/** The transaction function of a flush: a savepoint of `outer` when there is one, else a transaction of its own. */
export function flushTransaction(
  db: Database,
  outer: TransactionScope | undefined,
  signal: AbortSignal | undefined,
): FlushContext['transaction'] {
  const txOptions = signal ? { signal } : {};
  return (work) => {
    const body = (tx: TransactionScope) => work((query) => tx.raw.run(query));
    return outer
      ? outer.transaction(body, { ...WRITES, ...txOptions })
      : db.transaction(body, { ...RESOLVES_WRITES, ...txOptions });
  };
}

/**
 * The lone-statement runner of a flush (flush/lone-statement.ts): one statement on a pooled
 * connection, autocommit. None inside a caller's transaction (its statements belong there) or
 * under a signal (a cancel that cannot reach the server leaves an autocommit statement running on,
 * where a transaction's would die with its session).
 */
export function flushAlone(
  db: Database,
  outer: TransactionScope | undefined,
  signal: AbortSignal | undefined,
): FlushContext['alone'] {
  if (outer || signal) return undefined;
  return (query, witness) => db.runAlone(query, witness);
}

/** What `transactional` needs of its EntityManager. */
export interface TransactionalHost<EM> {
  readonly em: EM;
  readonly db: Database;
  /** The transaction the EntityManager is in already (then this one is a savepoint). */
  readonly outer: TransactionScope | undefined;
  readonly signal: AbortSignal | undefined;
  /** Points the EntityManager's statements and flushes at `tx` (and back at `outer` after). */
  setTransaction(tx: TransactionScope | undefined): void;
  flush(): Promise<unknown>;
  clear(): void;
}

/**
 * Runs `fn` in a transaction (a savepoint when nested) and flushes before COMMIT; on failure
 * rolls back and clears the EntityManager of an outer transaction. The afterCommit work of flushes
 * inside waits for the real COMMIT, not a savepoint's release.
 */
export async function runTransactional<EM, T>(
  host: TransactionalHost<EM>,
  fn: (em: EM) => Promise<T>,
  isolationLevel: TransactionalOptions['isolationLevel'],
): Promise<T> {
  const { outer, signal } = host;
  if (outer && isolationLevel !== undefined) {
    throw new TransactionError(
      `A nested transactional() runs in a savepoint of its caller's transaction and cannot set isolationLevel '${isolationLevel}'.\n` +
        '  Set the isolation level on the outermost transactional().',
    );
  }
  let inner: object | undefined;
  const body = async (tx: TransactionScope) => {
    host.setTransaction(tx);
    inner = tx.raw;
    try {
      const result = await fn(host.em);
      await host.flush();
      return result;
    } finally {
      host.setTransaction(outer);
    }
  };
  const txOptions = {
    ...(signal ? { signal } : {}),
    ...(isolationLevel !== undefined ? { isolationLevel } : {}),
  };
  let result: T;
  try {
    result = outer
      ? await outer.transaction(body, txOptions)
      : await host.db.transaction(body, { ...RESOLVES, ...txOptions });
  } catch (e) {
    if (!outer) host.clear();
    if (inner) await transactionFailed(inner, e);
    throw e;
  }
  if (inner) await transactionDone(inner, outer?.raw);
  return result;
}

/**
 * `transactional` with retries: each attempt is `attempt(n)`, a fresh EntityManager's own
 * transactional. Refused inside a transaction: a serialization failure or deadlock rolls back the
 * whole outer transaction, so only the outermost unit can run again.
 */
export function retryTransactional<T>(
  outer: TransactionScope | undefined,
  signal: AbortSignal | undefined,
  options: RetryOptions,
  attempt: (n: number) => Promise<T>,
): Promise<T> {
  if (outer) {
    return Promise.reject(
      new TransactionError(
        'A nested transactional() cannot retry: a deadlock or serialization failure rolls back the whole outer transaction.\n' +
          '  Give retries to the outermost transactional() (or the unit of work of the DI scope).',
      ),
    );
  }
  try {
    checkRetryOptions(options);
  } catch (e) {
    return Promise.reject(e);
  }
  return withRetries(options, signal, attempt);
}

/** The listeners of a retried unit's flushes: each event also carries the attempt's number. */
export function withAttempt(listeners: Iterable<FlushListener>, attempt: number): FlushListener[] {
  return [...listeners].map((listener) => (event: FlushEvent) => listener({ ...event, attempt }));
}
