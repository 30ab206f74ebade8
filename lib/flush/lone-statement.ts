/**
 * A flush of exactly one statement needs no BEGIN/COMMIT: one statement is atomic by itself, so
 * sending it alone (autocommit) saves two round trips and keeps every promise of the flush, as
 * long as nothing else would have shared the transaction. What stays in a transaction, and why:
 *
 * - an UPDATE or DELETE of several rows: a row-count shortfall (a stale version, a vanished row)
 *   must undo the rows that did match, which only a ROLLBACK can;
 * - an INSERT whose DEFAULT-filled columns are read back by a second statement (no RETURNING);
 * - where the dialect resolves a lost COMMIT (`resolveCommitOutcome`, PostgreSQL's default): a
 *   statement that cannot safely run twice. A lone statement has no COMMIT to resolve, but its
 *   connection can be lost just the same, and then nobody can tell whether it was written. The
 *   transaction's token is what makes that answerable, so such a flush keeps it. An unversioned
 *   one-row UPDATE writes the same values when it runs again, so it goes alone even then; a one-row
 *   DELETE goes alone where the dialect can tell when the lost session is done (PostgreSQL), because
 *   its row answers then: gone, or still there (connection/commit-outcome.ts, `resolveLostDelete`).
 *
 * Hooks, subscribers, `transactional` and an AbortSignal are the caller's business (run-flush.ts
 * is given no lone runner then).
 */
import { InternalError } from '../errors/index.js';
import type { SqlNode } from '../sql/index.js';
import type { FlushPlan, FlushStep, PlannedRow } from './flush-plan.js';
import type { PlanTarget } from './plan-target.js';
import { keySelect } from './statement-nodes.js';

/**
 * How a lost connection during the lone statement is reported: `retry-safe` — a ConnectionLostError
 * (flushing again writes the same values); `unknown` — a CommitOutcomeUnknownError, the entities
 * refused until refreshed, exactly as after a lost COMMIT that could not be resolved; `witnessed` —
 * resolved by the row of a one-row DELETE ({@link rowWitness}), as the runner reports it.
 */
export type LoneStatement = 'retry-safe' | 'unknown' | 'witnessed';

/** Whether `plan` may be sent as one statement without a transaction, and how its loss is reported. */
export function loneStatement(
  plan: FlushPlan,
  target: Pick<PlanTarget, 'hasReturning'>,
  resolvesCommitOutcome: boolean,
  resolvesLostDelete = false,
): LoneStatement | undefined {
  if (plan.statementCount !== 1) return undefined;
  let step: FlushStep | undefined;
  for (const s of plan.steps) if (s.statements.length > 0) step = s;
  if (!step) return undefined;
  const unknown = resolvesCommitOutcome ? undefined : 'unknown';
  switch (step.kind) {
    case 'insert':
    case 'link':
      // A multi-row INSERT is all or nothing.
      return step.readBack && !target.hasReturning ? undefined : unknown;
    case 'update':
      if (step.rows.length !== 1) return undefined;
      return step.isVersioned ? unknown : 'retry-safe';
    case 'delete':
      if (step.rows.length !== 1) return undefined;
      return resolvesCommitOutcome && resolvesLostDelete ? 'witnessed' : unknown;
    case 'unlink':
      // A pivot pair is linked again by the next request that toggles it: its row is no witness.
      return step.rows.length === 1 ? unknown : undefined;
    default:
      return undefined;
  }
}

/**
 * `SELECT key FROM t WHERE key = ?` for the one row of a plan's lone DELETE (the step with the
 * plan's statement, as {@link loneStatement} picks it): after a lost connection, a row means it was
 * not deleted. The key alone, not the version: a row with another version was not deleted by this
 * flush either.
 */
export function rowWitness(plan: FlushPlan): SqlNode {
  for (const step of plan.steps) {
    if (step.statements.length > 0 && step.kind === 'delete' && step.rows.length === 1) {
      return keySelect(step, step.rows[0] as PlannedRow);
    }
  }
  throw new InternalError('rowWitness: the plan has no one-row DELETE');
}
