/**
 * Resolving a COMMIT whose connection was lost. The transaction learned a token while it ran
 * (CommitOutcomeProbe); once its broken connection is back in the pool, a fresh connection asks
 * the server what became of it:
 *
 * - committed: the transaction's result is returned as if COMMIT had answered;
 * - aborted: an ordinary ConnectionLostError, which callers may retry (nothing was written);
 * - still in progress (the server has not read the COMMIT yet): asked again until the budget ends;
 * - no answer within the budget (server unreachable, status unknown): CommitOutcomeUnknownError.
 *
 * A lone one-row DELETE, sent without a transaction, has no token; its row is the witness instead
 * (`resolveLostDelete`): once the lost session has ended, a fresh connection looks the
 * row up by its key — gone, the DELETE is done (the flush succeeds); still there, nothing was
 * deleted (an ordinary ConnectionLostError: flushing again is safe); no answer within the budget,
 * CommitOutcomeUnknownError as for a COMMIT.
 */
import {
  CommitOutcomeUnknownError,
  ConnectionError,
  ConnectionLostError,
  PoolTimeoutError,
  TransientError,
} from '../errors/index.js';
import type { Connection } from './connection.js';
import type { CommitOutcome, CommitOutcomeProbe, CompiledQuery, RawResult } from './driver.js';

/** How long resolution may take in all, and the pause between two questions. */
export const RESOLVE_BUDGET_MS = 2000;
const POLL_MS = 50;

/** @internal what the outer transaction knows about its own outcome. */
export interface OutcomeTracker {
  readonly probe: CommitOutcomeProbe;
  /** Something in the transaction writes (a flush ran, or is about to): only then is a token worth having. */
  writes: boolean;
  token: string | undefined;
}

/**
 * @internal thrown by the transaction life cycle instead of CommitOutcomeUnknownError when it has
 * a token to resolve with; the pool resolves it after releasing the broken connection (a pool of
 * one would otherwise wait for itself).
 */
export class LostCommit {
  constructor(
    readonly error: CommitOutcomeUnknownError,
    readonly result: unknown,
    readonly token: string,
    /** The lost connection's server session id. */
    readonly session: number,
  ) {}
}

interface FreshConnections {
  withConnection<T>(fn: (connection: Connection) => Promise<T>): Promise<T>;
}

/** The budget ended before the lookup answered. */
class NoAnswer extends Error {
  constructor() {
    super('no answer in time');
  }
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Resolves `lost` within the budget: its result when committed, else the matching error. */
export async function resolveLostCommit(
  pool: FreshConnections,
  probe: CommitOutcomeProbe,
  lost: LostCommit,
  budgetMs = RESOLVE_BUDGET_MS,
): Promise<unknown> {
  const deadline = Date.now() + budgetMs;
  let last = 'no answer';
  while (true) {
    let outcome: CommitOutcome | undefined;
    let hopeless = false;
    try {
      outcome = await ask(pool, probe, lost, deadline);
    } catch (e) {
      last = (e as Error)?.message?.split('\n')[0] ?? String(e);
      // A refused lookup (no privilege, the marker table gone) will not change within the budget.
      hopeless = !(
        e instanceof NoAnswer ||
        e instanceof ConnectionError ||
        e instanceof TransientError ||
        e instanceof PoolTimeoutError
      );
    }
    if (outcome === 'committed') return lost.result;
    if (outcome === 'aborted') {
      throw new ConnectionLostError(
        'The connection was lost during COMMIT, and a fresh connection found the transaction rolled back: ' +
          'nothing of it was written, so running it again is safe.',
        {},
        { cause: lost.error.cause },
      );
    }
    if (outcome === 'unknown') last = 'the server no longer knows the transaction';
    else if (outcome !== undefined) last = outcome;
    if (hopeless || outcome === 'unknown' || Date.now() + POLL_MS >= deadline) break;
    await sleep(POLL_MS);
  }
  throw new CommitOutcomeUnknownError(
    lost.error.cause,
    `a fresh connection could not tell within ${budgetMs} ms (${last})`,
  );
}

/** One question on a fresh connection, given up at the deadline (the connection is released whenever it ends). */
function ask(
  pool: FreshConnections,
  probe: CommitOutcomeProbe,
  lost: LostCommit,
  deadline: number,
): Promise<CommitOutcome> {
  return answerBy(
    pool.withConnection((c) => probe.check((q) => c.run(q), lost.token, lost.session)),
    deadline,
  );
}

/** `answer`, or NoAnswer at the deadline (a late answer is dropped). */
function answerBy<T>(answer: Promise<T>, deadline: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new NoAnswer()), Math.max(0, deadline - Date.now()));
  });
  answer.catch(() => undefined);
  return Promise.race([answer, late]).finally(() => clearTimeout(timer));
}

/** @internal a lone one-row DELETE that lost its connection: its session, and the query that finds its row. */
export interface LostDelete {
  readonly error: ConnectionLostError;
  /** The lost connection's server session id. */
  readonly session: number;
  /** `SELECT … WHERE key = ?`: a row means the DELETE did not happen. */
  readonly witness: CompiledQuery;
}

/**
 * Resolves a lone one-row DELETE whose connection was lost (see the top of this file): the
 * DELETE's own result when its row is gone, as if the server had answered (one row); throws
 * ConnectionLostError when the row is still there, CommitOutcomeUnknownError without an answer.
 * A row gone because another session deleted it first counts as done: that flush's aim holds.
 */
export async function resolveLostDelete(
  pool: FreshConnections,
  probe: CommitOutcomeProbe & Required<Pick<CommitOutcomeProbe, 'sessionAlive'>>,
  lost: LostDelete,
  budgetMs = RESOLVE_BUDGET_MS,
): Promise<RawResult> {
  const deadline = Date.now() + budgetMs;
  let last = 'no answer';
  while (true) {
    let present: boolean | undefined;
    let hopeless = false;
    try {
      // Both questions on one connection, one after the other: the row is looked up by a statement
      // that starts after the session was seen gone, on the same server (the probe refuses a standby).
      const alive = await answerBy(
        pool.withConnection(async (c) => {
          if (await probe.sessionAlive((q) => c.run(q), lost.session)) return true;
          present = (await c.run(lost.witness)).rows.length > 0;
          return false;
        }),
        deadline,
      );
      if (alive) last = 'the lost session had not ended';
    } catch (e) {
      last = (e as Error)?.message?.split('\n')[0] ?? String(e);
      hopeless = !(
        e instanceof NoAnswer ||
        e instanceof ConnectionError ||
        e instanceof TransientError ||
        e instanceof PoolTimeoutError
      );
    }
    if (present === false) return { rows: [], affectedRows: 1 };
    if (present === true) {
      throw new ConnectionLostError(
        "The connection was lost during the flush's only statement, a DELETE, and once that session had ended a fresh " +
          'connection found the row still there: this flush deleted nothing, so flushing again is safe ' +
          '(unless another session inserted the same key since: then it deletes that row, as any DELETE of the key would).',
        {},
        { cause: lost.error },
      );
    }
    if (hopeless || Date.now() + POLL_MS >= deadline) break;
    await sleep(POLL_MS);
  }
  throw new CommitOutcomeUnknownError(
    lost.error,
    `a fresh connection could not tell within ${budgetMs} ms (${last})`,
    true,
  );
}
