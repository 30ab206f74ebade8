/**
 * `runInUnitOfWork`: one job, queue message or script step as a unit of work — a scope with its
 * own EntityManager, the work, one flush, COMMIT; on any error ROLLBACK and nothing written.
 */
import type { Container } from 'inversify';
import { QueryCancelledError, TransactionError, UnitOfWorkAbortedError } from '../errors/index.js';
import { checkRetryOptions, entityManagerInternals, type RetryOptions, withRetries } from '../entity-manager/index.js';
import { openScope, scopeOf, type UnitOfWorkScope } from './unit-of-work-scope.js';

/**
 * How a unit of work started from inside another scope relates to it:
 * - `required` (default): join it — same EntityManager, same transaction; the outer unit flushes
 *   and commits. From the application's container there is nothing to join: a new unit starts.
 * - `requires-new`: an independent unit — new EntityManager, own transaction and connection,
 *   committed when `fn` resolves whatever the caller does next.
 * - `nested`: a new EntityManager in a savepoint of the caller's transaction: a failure rolls back
 *   only this part; a success becomes durable when the caller commits. Needs the caller's
 *   transaction (`span: 'whole'`).
 */
export type Propagation = 'required' | 'requires-new' | 'nested';

/**
 * What the transaction covers:
 * - `whole` (default): `fn` runs inside the transaction, so even an explicit `em.flush()` in the
 *   middle is rolled back if the unit fails. Holds a connection for the whole unit.
 * - `flush`: `fn` reads outside any transaction and the final flush is the transaction; a
 *   connection is held only while flushing. An explicit `em.flush()` inside `fn` commits on its
 *   own; concurrent units detect each other's writes through optimistic locking.
 */
export type TransactionSpan = 'whole' | 'flush';

/**
 * Options of a unit of work. `retries` runs `fn` again in a fresh scope (new EntityManager, new
 * transaction) after a SerializationError or DeadlockError, or what `retryOn` names — add
 * `OptimisticLockError` with `span: 'flush'`, where versions are how concurrent units meet.
 */
export interface UnitOfWorkOptions extends RetryOptions {
  readonly propagation?: Propagation | undefined;
  readonly span?: TransactionSpan | undefined;
  /**
   * When aborted before COMMIT, the unit rolls back with UnitOfWorkAbortedError; a statement
   * running then is cancelled on the server (the QueryCancelledError is the error's `cause`).
   */
  readonly signal?: AbortSignal | undefined;
}

/**
 * @example
 * await runInUnitOfWork(container, async (scope) => {
 *   await scope.get(OrderService).place(customerId, bookId, 1);
 * }, { retries: 3 });
 */
export async function runInUnitOfWork<T>(
  container: Container,
  fn: (scope: UnitOfWorkScope) => Promise<T>,
  options: UnitOfWorkOptions = {},
): Promise<T> {
  const caller = scopeOf(container);
  const propagation = options.propagation ?? 'required';
  if (caller && propagation === 'required') return fn(caller);
  if (caller && propagation === 'nested') return runNested(caller, fn, options);
  checkRetryOptions(options);
  return withRetries(options, options.signal, (attempt) => runNew(container, fn, options, attempt));
}

function checkSignal(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new UnitOfWorkAbortedError(String(signal.reason ?? 'aborted'));
}

/** A statement cancelled by the unit's own signal is the unit being aborted. */
function asAborted(e: unknown, signal: AbortSignal | undefined): unknown {
  if (!(e instanceof QueryCancelledError) || !signal?.aborted) return e;
  return new UnitOfWorkAbortedError(String(signal.reason ?? 'aborted'), { cause: e });
}

async function runNew<T>(
  container: Container,
  fn: (scope: UnitOfWorkScope) => Promise<T>,
  options: UnitOfWorkOptions,
  attempt: number,
): Promise<T> {
  const scope = openScope(container, { signal: options.signal });
  const { em } = scope;
  if (options.retries) entityManagerInternals.setAttempt(em, attempt);
  try {
    if (options.span === 'flush') {
      const result = await fn(scope);
      checkSignal(options.signal);
      await em.flush();
      return result;
    }
    return await em.transactional(async () => {
      const result = await fn(scope);
      checkSignal(options.signal);
      return result;
    });
  } catch (e) {
    throw asAborted(e, options.signal);
  } finally {
    // The scope ends here: drop what it tracked so a lingering reference holds no entities.
    em.clear();
  }
}

async function runNested<T>(
  caller: UnitOfWorkScope,
  fn: (scope: UnitOfWorkScope) => Promise<T>,
  options: UnitOfWorkOptions,
): Promise<T> {
  const outer = entityManagerInternals.transaction(caller.em);
  if (!outer) {
    throw new TransactionError(
      "propagation 'nested' needs the caller's transaction, and the calling unit has none.\n" +
        "  Run the caller with span: 'whole' (the default), or use propagation 'requires-new'.",
    );
  }
  const scope = openScope(caller.root, { signal: options.signal ?? caller.signal });
  // The new EntityManager works inside the caller's transaction: transactional() then opens a
  // savepoint of it rather than a transaction of its own.
  entityManagerInternals.joinTransaction(scope.em, outer);
  try {
    return await scope.em.transactional(async () => {
      const result = await fn(scope);
      checkSignal(scope.signal);
      return result;
    });
  } catch (e) {
    throw asAborted(e, scope.signal);
  } finally {
    entityManagerInternals.joinTransaction(scope.em, undefined);
    scope.em.clear();
  }
}
