/**
 * Cancellation by AbortSignal. A statement whose signal aborts is cancelled on the server through
 * the pool's `cancel` (sent from outside its connection: the connection itself is busy). The
 * connection is trusted again only when the statement ended with the database's cancellation
 * error: a cancel request that found no statement running could still stop the next one, so any
 * other ending discards the connection.
 *
 * Nothing here runs without a signal: the statement path of a call without one is unchanged.
 */
import { QueryCancelledError, QueryTimeoutError } from '../errors/index.js';

/** Whether the signal aborted before anything was sent, while a statement ran, or around a transaction. */
type When = 'before' | 'statement' | 'transaction';

const WORDS: Record<When, string> = {
  before: 'the signal was already aborted, so nothing was sent',
  statement: 'the statement running was cancelled on the server',
  transaction: 'the transaction was rolled back',
};

/** The error an aborted signal turns into. */
export function cancelledError(signal: AbortSignal, when: When, cause?: unknown): QueryCancelledError {
  const reason: unknown = signal.reason;
  const why = reason instanceof Error ? reason.message : String(reason ?? 'aborted');
  return new QueryCancelledError(
    `Cancelled by its AbortSignal (${why}): ${WORDS[when]}; nothing of the transaction was written.`,
    reason,
    cause === undefined ? undefined : { cause },
  );
}

/** The callbacks waiting on each signal: one listener per signal, however many statements share it. */
const waiting = new WeakMap<AbortSignal, Set<() => void>>();

/**
 * Calls `fn` when `signal` aborts; returns its remover. A fork's or a request's signal is shared by
 * every statement running under it: one listener each would trip Node's max-listeners warning.
 */
export function whenAborted(signal: AbortSignal, fn: () => void): () => void {
  let callbacks = waiting.get(signal);
  if (!callbacks) {
    const set = new Set<() => void>();
    callbacks = set;
    waiting.set(signal, set);
    signal.addEventListener(
      'abort',
      () => {
        for (const callback of [...set]) callback();
      },
      { once: true },
    );
  }
  callbacks.add(fn);
  const set = callbacks;
  return () => set.delete(fn);
}

/** Both signals as one (either aborting aborts it); `undefined` when neither is given. */
export function eitherSignal(a: AbortSignal | undefined, b: AbortSignal | undefined): AbortSignal | undefined {
  if (a === undefined || a === b) return b;
  if (b === undefined) return a;
  return AbortSignal.any([a, b]);
}

/** What a statement under a signal needs from its connection. */
export interface CancellableStatement<T> {
  /** Sends the statement. */
  start(): Promise<T>;
  /** Asks the server to stop it, from another connection; absent when the pool cannot. */
  readonly cancel: (() => Promise<void>) | undefined;
  /** The driver error as a typed error (and reported as a query event). */
  translate(error: unknown): Error;
  /** The connection must not be reused. */
  markBroken(): void;
}

type Outcome<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: unknown };

/**
 * Runs a statement that `signal` may cancel. A statement that finishes before the abort is
 * answered as usual; one whose result arrives although a cancel was sent is answered too (it ran:
 * an autocommit write happened), but its connection is discarded.
 */
export async function runCancellable<T>(signal: AbortSignal, statement: CancellableStatement<T>): Promise<T> {
  if (signal.aborted) throw cancelledError(signal, 'before');
  let stopWaiting!: () => void;
  const aborted = new Promise<'aborted'>((resolve) => {
    stopWaiting = whenAborted(signal, () => resolve('aborted'));
  });
  const outcome: Promise<Outcome<T>> = statement.start().then(
    (value) => ({ ok: true, value }),
    (error: unknown) => ({ ok: false, error }),
  );
  const first = await Promise.race([outcome, aborted]);
  stopWaiting();
  if (first !== 'aborted') {
    if (first.ok) return first.value;
    throw statement.translate(first.error);
  }
  const carried = statement.cancel
    ? await statement.cancel().then(
        () => true,
        () => false,
      )
    : false;
  if (!carried) {
    // The statement may run on: the connection goes (destroying it ends the session on the server).
    statement.markBroken();
    throw cancelledError(signal, 'statement');
  }
  const ended = await outcome;
  if (ended.ok) {
    statement.markBroken();
    return ended.value;
  }
  const error = statement.translate(ended.error);
  if (!(error instanceof QueryTimeoutError)) statement.markBroken();
  throw cancelledError(signal, 'statement', error);
}

/**
 * Rejects with QueryCancelledError as soon as `signal` aborts (the statements of the transaction
 * are cancelled by their own listeners), else settles as `p` does.
 */
export function abortable<T>(p: Promise<T>, signal: AbortSignal | undefined, onAbort: () => void): Promise<T> {
  if (signal === undefined) return p;
  if (signal.aborted) {
    onAbort();
    p.catch(() => undefined);
    return Promise.reject(cancelledError(signal, 'transaction'));
  }
  return new Promise<T>((resolve, reject) => {
    const stopWaiting = whenAborted(signal, () => {
      onAbort();
      reject(cancelledError(signal, 'transaction'));
    });
    p.then(
      (v) => {
        stopWaiting();
        resolve(v);
      },
      (e: unknown) => {
        stopWaiting();
        reject(e);
      },
    );
  });
}
