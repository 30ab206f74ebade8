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
  const reply = await untilAnswered<'committed' | 'aborted'>(budgetMs, async (deadline) => {
    const outcome = await ask(pool, probe, lost, deadline);
    if (outcome === 'committed' || outcome === 'aborted') return { answer: outcome };
    if (outcome === 'unknown') return { giveUp: 'the server no longer knows the transaction' };
    return { wait: outcome };
  });
  if (!('answer' in reply)) {
    throw new CommitOutcomeUnknownError(
      lost.error.cause,
      `a fresh connection could not tell within ${budgetMs} ms (${reply.why})`,
    );
  }
  if (reply.answer === 'committed') return lost.result;
  throw new ConnectionLostError(
    'The connection was lost during COMMIT, and a fresh connection found the transaction rolled back: ' +
      'nothing of it was written, so running it again is safe.',
    {},
    { cause: lost.error.cause },
  );
}

/** What one question on a fresh connection told: the answer, a reason to ask again, or one to stop. */
type Reply<T> = { readonly answer: T } | { readonly wait: string } | { readonly giveUp: string };

/**
 * Asks `question` every POLL_MS until it answers or the budget ends; the answer, or why there is
 * none. A lookup the server refuses (no privilege, the marker table gone) will not change within
 * the budget, so it ends the asking; a lost connection, a full pool or a late answer does not.
 */
async function untilAnswered<T>(
  budgetMs: number,
  question: (deadline: number) => Promise<Reply<T>>,
): Promise<{ readonly answer: T } | { readonly why: string }> {
  const deadline = Date.now() + budgetMs;
  while (true) {
    let reply: Reply<T>;
    try {
      reply = await question(deadline);
    } catch (e) {
      const why = (e as Error)?.message?.split('\n')[0] ?? String(e);
      const transient =
        e instanceof NoAnswer ||
        e instanceof ConnectionError ||
        e instanceof TransientError ||
        e instanceof PoolTimeoutError;
      reply = transient ? { wait: why } : { giveUp: why };
    }
    if ('answer' in reply) return reply;
    if ('giveUp' in reply) return { why: reply.giveUp };
    if (Date.now() + POLL_MS >= deadline) return { why: reply.wait };
    await sleep(POLL_MS);
  }
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
  const reply = await untilAnswered<boolean>(budgetMs, async (deadline) => {
    // Both questions on one connection, one after the other: the row is looked up by a statement
    // that starts after the session was seen gone, on the same server (the probe refuses a standby).
    const present = await answerBy(
      pool.withConnection(async (c) =>
        (await probe.sessionAlive((q) => c.run(q), lost.session))
          ? undefined
          : (await c.run(lost.witness)).rows.length > 0,
      ),
      deadline,
    );
    return present === undefined ? { wait: 'the lost session had not ended' } : { answer: present };
  });
  if (!('answer' in reply)) {
    throw new CommitOutcomeUnknownError(
      lost.error,
      `a fresh connection could not tell within ${budgetMs} ms (${reply.why})`,
      true,
    );
  }
  if (!reply.answer) return { rows: [], affectedRows: 1 };
  throw new ConnectionLostError(
    "The connection was lost during the flush's only statement, a DELETE, and once that session had ended a fresh " +
      'connection found the row still there: this flush deleted nothing, so flushing again is safe ' +
      '(unless another session inserted the same key since: then it deletes that row, as any DELETE of the key would).',
    {},
    { cause: lost.error },
  );
}
