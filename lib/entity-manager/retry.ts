/**
 * Retrying a unit of work: the callback runs again from the start with a fresh EntityManager, so
 * its reads see what the winning transaction wrote. Recorded SQL is never replayed: the statements
 * a callback sends depend on what it read, and a replay would write the loser's stale decisions.
 */
import {
  CommitOutcomeUnknownError,
  DeadlockError,
  SerializationError,
  TransactionError,
  ValueError,
} from '../errors/index.js';

/** An error class `retryOn` may name. */
export type RetryableErrorClass = abstract new (...args: never[]) => Error;

/** Exponential backoff with full jitter: attempt n waits a random time in [0, min(maxMs, baseMs·2ⁿ⁻¹)]. */
export interface Backoff {
  /** The ceiling of the first wait; default 10 ms. */
  readonly baseMs?: number | undefined;
  /** The largest wait; default 1,000 ms. */
  readonly maxMs?: number | undefined;
}

/** How a transaction is retried: by `em.transactional` and by the DI scopes (`runInUnitOfWork`). */
export interface RetryOptions {
  /**
   * How many times the callback may run again after a retryable error (so `retries: 3` is at most
   * four attempts). Default 0: no retry.
   */
  readonly retries?: number | undefined;
  /**
   * The errors worth another attempt. Default: `[SerializationError, DeadlockError]` — the
   * database rolled the transaction back and the same work may succeed now (PostgreSQL 40001 and
   * 40P01, MySQL 1213, which is also what a Galera certification failure reports). Add
   * `OptimisticLockError` where a stale version means "read again and redo". Never
   * `CommitOutcomeUnknownError`: that transaction may have committed.
   */
  readonly retryOn?: readonly RetryableErrorClass[] | undefined;
  /** The wait before each retry: a Backoff (default `{ baseMs: 10, maxMs: 1000 }`) or a function of the attempt (from 1). */
  readonly backoff?: Backoff | ((attempt: number) => number) | undefined;
  /** Called before each retry with the error that caused it and the number of the attempt that failed. */
  readonly onRetry?: ((error: Error, attempt: number) => void) | undefined;
}

const DEFAULT_RETRY_ON: readonly RetryableErrorClass[] = [SerializationError, DeadlockError];

/** Checks the options once, before the first attempt, so a typo is not found at the first conflict. */
export function checkRetryOptions(options: RetryOptions): void {
  const { retries, retryOn, backoff } = options;
  if (retries !== undefined && (!Number.isInteger(retries) || retries < 0)) {
    throw new ValueError(`retries must be a whole number ≥ 0, got ${String(retries)}.`);
  }
  if (retryOn !== undefined) {
    for (const cls of retryOn) {
      if (typeof cls !== 'function') throw new ValueError(`retryOn lists error classes, got ${String(cls)}.`);
      if (cls === (CommitOutcomeUnknownError as RetryableErrorClass)) {
        throw new TransactionError(
          'retryOn cannot name CommitOutcomeUnknownError: that transaction may have committed, and running it again could write everything twice.\n' +
            '  Check in the database what was written instead (docs/errors.md).',
        );
      }
    }
  }
  if (backoff !== undefined && typeof backoff !== 'function') {
    for (const key of ['baseMs', 'maxMs'] as const) {
      const v = backoff[key];
      if (v !== undefined && !(Number.isFinite(v) && v >= 0)) {
        throw new ValueError(`backoff.${key} must be a number of milliseconds ≥ 0, got ${String(v)}.`);
      }
    }
  }
}

/** True when `error` is one `retryOn` names (by class, subclasses included). */
export function isRetryable(error: unknown, options: RetryOptions): error is Error {
  if (error instanceof CommitOutcomeUnknownError) return false;
  return (options.retryOn ?? DEFAULT_RETRY_ON).some((cls) => error instanceof cls);
}

/** The wait before retry `attempt` (from 1). */
export function backoffDelay(options: RetryOptions, attempt: number): number {
  const { backoff } = options;
  if (typeof backoff === 'function') return Math.max(0, backoff(attempt));
  const base = backoff?.baseMs ?? 10;
  const max = backoff?.maxMs ?? 1000;
  return Math.random() * Math.min(max, base * 2 ** (attempt - 1));
}

function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  if (ms <= 0) return Promise.resolve();
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal?.addEventListener('abort', done, { once: true });
  });
}

/**
 * Runs `attempt(n)` for n = 1, 2, … until it resolves, a non-retryable error is thrown, the
 * retries are spent, or `signal` aborts (then the last error is thrown without waiting further).
 */
export async function withRetries<T>(
  options: RetryOptions,
  signal: AbortSignal | undefined,
  attempt: (n: number) => Promise<T>,
): Promise<T> {
  const retries = options.retries ?? 0;
  for (let n = 1; ; n++) {
    try {
      return await attempt(n);
    } catch (e) {
      if (n > retries || signal?.aborted || !isRetryable(e, options)) throw e;
      options.onRetry?.(e, n);
      await sleep(backoffDelay(options, n), signal);
      if (signal?.aborted) throw e;
    }
  }
}
