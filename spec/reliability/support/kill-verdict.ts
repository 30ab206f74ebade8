/**
 * What the kill scenarios check after each killed flush, as data: which error, what the database
 * holds, whether the EntityManager moved, whether the retry got the database to the full flush,
 * and whether a connection or a server transaction was left behind. Violations are collected
 * rather than thrown, so a scenario records its figures before it fails.
 */
import { isDeepStrictEqual } from 'node:util';
import type { EntityManager, Tabula } from '../../../lib';
import { CommitOutcomeUnknownError, ConnectionLostError, EntityStateError } from '../../../lib/errors';
import { type Killer, errorClass } from './kill-harness';
import { checksum, emState } from './kill-graph';

export interface Sums {
  /** The seeded state. */
  readonly before: string;
  /** The state after the whole flush, undisturbed. */
  readonly after: string;
}

export interface Verdict {
  /** `none` when the flush resolved; else the error's class (see errorClass). */
  readonly error: string;
  /** What the database held right after the killed flush. */
  readonly state: 'before' | 'after' | 'partial' | 'unread';
  readonly retried: boolean;
  /** When the retry of a flush that lost its connection began (an undisturbed flush of the same changes). */
  readonly retryStarted?: number;
  readonly leaked: number;
  readonly openTransactions: number;
  readonly violations: string[];
}

export interface Judged {
  readonly orm: Tabula;
  readonly killer: Killer;
  readonly sums: Sums;
  /** The EntityManager of the killed flush, and its state before the flush. */
  readonly em: EntityManager;
  readonly emBefore: unknown[];
  /** How the flush ended: undefined when it resolved. */
  readonly error: unknown;
  /** Makes the changes again in a fresh EntityManager (the recovery after an unknown outcome). */
  readonly redo: (em: EntityManager) => Promise<void>;
}

const stateOf = (sum: string, sums: Sums) =>
  sum === sums.before ? 'before' : sum === sums.after ? 'after' : 'partial';

async function attempt(violations: string[], retry: () => Promise<unknown>): Promise<boolean> {
  try {
    await retry();
    return true;
  } catch (e) {
    violations.push(`the retry failed: ${errorClass(e)}`);
    return false;
  }
}

/**
 * Checks one killed flush and retries it. A check that throws (say, a read handed a dead
 * connection by the pool) is a violation too, so the scenario still records its figures.
 */
export async function judge(j: Judged): Promise<Verdict> {
  try {
    return await check(j);
  } catch (e) {
    const error = j.error === undefined ? 'none' : errorClass(j.error);
    const violations = [`a check after the kill failed: ${errorClass(e)}`];
    return { error, state: 'unread', retried: false, leaked: 0, openTransactions: 0, violations };
  }
}

async function check(j: Judged): Promise<Verdict> {
  const violations: string[] = [];
  const error = j.error === undefined ? 'none' : errorClass(j.error);
  const state = stateOf(await checksum(j.orm), j.sums);
  if (state === 'partial') violations.push('partial write: the database is neither as before nor as after the flush');
  let retried = false;
  let retryStarted: number | undefined;
  if (j.error === undefined) {
    // The kill came too late to matter (or the outcome was resolved as committed).
    if (state !== 'after') violations.push(`the flush resolved but the database is ${state}`);
    retried = state === 'after';
  } else if (j.error instanceof CommitOutcomeUnknownError) {
    if (!isDeepStrictEqual(emState(j.em), j.emBefore)) violations.push('EntityManager changed by a failed flush');
    // A blind second flush could write twice: the EntityManager refuses it until refreshed or cleared.
    const refusal = await j.em.flush().then(
      () => undefined,
      (e: unknown) => e,
    );
    if (!(refusal instanceof EntityStateError))
      violations.push(`second flush after an unknown outcome: ${String(refusal)}`);
    j.em.clear();
    retried = await attempt(violations, async () => {
      if (state !== 'before') return;
      const em = j.orm.em.fork();
      await j.redo(em);
      await em.flush();
    });
    retried &&= stateOf(await checksum(j.orm), j.sums) === 'after';
  } else if (j.error instanceof ConnectionLostError) {
    if (state !== 'before') violations.push(`ConnectionLostError but the database is ${state}`);
    if (!isDeepStrictEqual(emState(j.em), j.emBefore)) violations.push('EntityManager changed by a failed flush');
    retryStarted = performance.now();
    retried = await attempt(violations, () => j.em.flush());
    retried &&= stateOf(await checksum(j.orm), j.sums) === 'after';
  } else {
    violations.push(`untyped error: ${error}`);
  }
  if (!retried) violations.push('the retry did not leave the database as after the flush');
  const stats = j.orm.db.pool.stats();
  const leaked = stats.inUse + stats.waiting;
  if (leaked !== 0) violations.push(`pool not full: ${JSON.stringify(stats)}`);
  const openTransactions = await j.killer.openTransactions();
  if (openTransactions !== 0) violations.push(`${openTransactions} server transaction(s) still open`);
  return {
    error,
    state,
    retried,
    ...(retryStarted === undefined ? {} : { retryStarted }),
    leaked,
    openTransactions,
    violations,
  };
}
