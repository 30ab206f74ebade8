/**
 * `em.plan()` and `em.flush()` around the planner: inverse sides carried over to their owning
 * sides first (unit-of-work/inverse-sides.ts), inside the hooks' and subscribers' trial when there
 * is one. A plan undoes both afterwards; a failed flush undoes both, so the EntityManager is as it was.
 */
import { CommitOutcomeUnknownError } from '../errors/index.js';
import {
  type FlushContext,
  type FlushListener,
  type FlushPlan,
  type FlushResult,
  type FlushTarget,
  type PlanTarget,
  planFlush,
  runFlush,
} from '../flush/index.js';
import { carryInverseSides, type InverseSync, type UnitOfWork } from '../unit-of-work/index.js';
import { type FlushTrial, finishFlush } from './lifecycle.js';

/** Plans with the inverse sides carried over, then puts them back. */
function planCarried(uow: UnitOfWork, target: PlanTarget): FlushPlan {
  const { sync, scanned } = carryInverseSides(uow);
  try {
    return planFlush(uow, target, scanned);
  } finally {
    sync?.undo();
  }
}

/** What the next flush would write; changes nothing. */
export function planOnly(uow: UnitOfWork, target: PlanTarget, trial: FlushTrial | undefined): FlushPlan {
  if (!trial) return planCarried(uow, target);
  // The before-hooks and onFlush run so the plan shows their effect, and are undone: plan() stays pure.
  const plan = trial.plan(() => planCarried(uow, target));
  trial.undo();
  return plan;
}

export interface FlushRun {
  readonly uow: UnitOfWork;
  readonly target: FlushTarget;
  readonly trial: FlushTrial | undefined;
  readonly transaction: FlushContext['transaction'];
  /** One statement alone, without a transaction (run-flush.ts decides when); absent when hooks or subscribers run. */
  readonly alone: FlushContext['alone'];
  readonly resolvesCommitOutcome: boolean;
  /** The dialect tells when a lost session is done: a lone one-row DELETE goes alone (flush/lone-statement.ts). */
  readonly resolvesLostDelete: boolean;
  readonly listeners: Iterable<FlushListener>;
  /** The raw transaction of the caller's `transactional`, when the flush runs in a savepoint of it. */
  readonly outer: object | undefined;
}

/** Plans and runs one flush. */
export function flushOnce(run: FlushRun): Promise<FlushResult> {
  const { uow, target, trial, transaction, alone, resolvesCommitOutcome, resolvesLostDelete, listeners, outer } = run;
  let sync: InverseSync | undefined;
  const plan = () => {
    const carried = carryInverseSides(uow);
    sync = carried.sync;
    try {
      return planFlush(uow, target, carried.scanned);
    } catch (e) {
      sync?.undo();
      sync = undefined;
      throw e;
    }
  };
  const flushed = runFlush({
    uow,
    target,
    plan: trial ? () => trial.plan(plan) : plan,
    transaction,
    alone,
    resolvesCommitOutcome,
    resolvesLostDelete,
    listeners,
  }).then(
    (done) => {
      if (sync) {
        uow.inverseLinks = undefined;
        for (const entry of sync.changed) if (uow.entryOf(entry.entity) === entry) uow.recordMembers(entry);
      }
      return done;
    },
    (error: unknown) => {
      // After an unknown COMMIT the entities are marked and refused until refreshed: keep what was sent.
      if (error instanceof CommitOutcomeUnknownError) uow.inverseLinks = undefined;
      else sync?.undo();
      throw error;
    },
  );
  return trial ? finishFlush(flushed, trial, outer) : flushed;
}
