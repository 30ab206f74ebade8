/**
 * `em.flush()` is `execute(plan())`: plan for the flush target, run the plan in one transaction
 * (or a savepoint of the caller's), and only after COMMIT write the results back into the unit of
 * work. Emits one FlushEvent.
 */
import { CommitOutcomeUnknownError, ConnectionLostError, UnexpectedResultError } from '../errors/index.js';
import type { UnitOfWork } from '../unit-of-work/index.js';
import { applyResults } from './apply-results.js';
import { type ExecutionResult, executePlan } from './execute-plan.js';
import type { FlushEvent, FlushListener } from './flush-event.js';
import type { FlushPlan } from './flush-plan.js';
import { type FlushResult, NOTHING_AFFECTED, withAffected } from './flush-result.js';
import { loneStatement, rowWitness } from './lone-statement.js';
import { planFlush } from './plan-flush.js';
import type { FlushTarget, PlanRunner } from './plan-target.js';
import { ShortStatement, staleRows } from './stale-rows.js';

/** Runs one compiled statement on the flush's transaction. */
export type RunStatement = PlanRunner['run'];

/**
 * Runs one statement alone (autocommit); with `witness` (the query of a one-row DELETE's row by its
 * key, compiled only when needed), a lost connection is resolved by looking the row up once the lost
 * session has ended.
 */
export type LoneRunner = (
  query: Parameters<RunStatement>[0],
  witness?: () => Parameters<RunStatement>[0],
) => ReturnType<RunStatement>;

/** What a flush needs, and nothing more: the unit of work, the target, a transaction, the listeners. */
export interface FlushContext {
  readonly uow: UnitOfWork;
  readonly target: FlushTarget;
  /** Runs `work` in one transaction (a savepoint inside the caller's), committing when it resolves. */
  transaction<T>(work: (run: RunStatement) => Promise<T>): Promise<T>;
  readonly listeners: Iterable<FlushListener>;
  /**
   * Plans instead of `planFlush(uow, target)`: the EntityManager's, when entity hooks or flush
   * subscribers run first (entity-manager/lifecycle.ts). Absent, a flush pays nothing for them.
   */
  readonly plan?: (() => FlushPlan) | undefined;
  /**
   * Runs one statement alone (autocommit): given when a flush of one statement may skip
   * BEGIN/COMMIT (lone-statement.ts), absent inside `transactional`, under a signal, or with hooks.
   */
  readonly alone?: LoneRunner | undefined;
  /** The dialect resolves a lost COMMIT (`resolveCommitOutcome`): a lone statement that cannot run twice keeps its transaction. */
  readonly resolvesCommitOutcome?: boolean | undefined;
  /** It also tells when a lost session is done (`sessionAlive`): a lone one-row DELETE goes alone, resolved by its row. */
  readonly resolvesLostDelete?: boolean | undefined;
}

function summary(plan: FlushPlan): Record<string, number> {
  const out: Record<string, number> = {};
  for (const step of plan.steps) out[step.kind] = (out[step.kind] ?? 0) + step.rows.length;
  return out;
}

function emit(listeners: Iterable<FlushListener>, event: FlushEvent): void {
  for (const listener of listeners) listener(event);
}

/**
 * After a COMMIT whose outcome is unknown, the entities of the flush may or may not be written:
 * their entries are marked so the next plan refuses them (planFlush) until refreshed, detached or
 * cleared. Cascade-persisted new entities have no entry yet; the entity that reaches them is in
 * the plan (new, updated or with changed members) and is marked, which refuses them too.
 */
function markOutcomeUnknown(uow: UnitOfWork, plan: FlushPlan): void {
  uow.hadUnknownCommit = true;
  for (const list of [plan.touched, plan.deletes, plan.membersChanged]) {
    for (const entity of list) {
      const entry = uow.entryOf(entity);
      if (entry) entry.commitOutcomeUnknown = true;
    }
  }
}

/** The same error, saying what a lone statement left behind: it is written, as the database answered. */
function writtenAlone(error: UnexpectedResultError): UnexpectedResultError {
  return new UnexpectedResultError(
    error.message.replace(
      'the flush was rolled back',
      'the flush was one statement, sent without a transaction, and what the database did stays written; its entities are refused until refreshed or detached',
    ),
    error.table,
  );
}

/** Plans and executes the next flush of `context.uow`; returns the plan it ran, with the rows it wrote. */
export async function runFlush(context: FlushContext): Promise<FlushResult> {
  const started = performance.now();
  const { uow, target, listeners } = context;
  const plan = context.plan ? context.plan() : planFlush(uow, target);
  if (plan.isEmpty) {
    emit(listeners, {
      summary: {},
      statements: 0,
      rows: 0,
      steps: [],
      durationMs: performance.now() - started,
      outcome: 'nothing-to-do',
    });
    return withAffected(plan, NOTHING_AFFECTED);
  }
  let result: ExecutionResult;
  // The caller gives `alone` only when nothing (hooks, subscribers, an outer transaction) needs a transaction around the plan.
  const lone = context.alone
    ? loneStatement(plan, target, context.resolvesCommitOutcome === true, context.resolvesLostDelete === true)
    : undefined;
  let answered = false;
  try {
    if (lone && context.alone) {
      const alone = context.alone;
      const witness = lone === 'witnessed' ? () => target.compile(rowWitness(plan)) : undefined;
      result = await executePlan(plan, {
        ...target,
        run: async (query) => {
          const r = await alone(query, witness);
          answered = true;
          return r;
        },
      });
    } else result = await context.transaction((run) => executePlan(plan, { ...target, run }));
  } catch (thrown) {
    let error = thrown;
    if (lone && !(error instanceof ShortStatement)) {
      // Answered, then failed (an INSERT's keys did not pair with its rows): written, and no
      // ROLLBACK follows, so its entities are refused as after an unknown COMMIT until refreshed.
      if (answered) {
        markOutcomeUnknown(uow, plan);
        if (error instanceof UnexpectedResultError) error = writtenAlone(error);
      }
      // Lost before it answered: written or not, nobody knows, unless running it again is harmless.
      else if (lone === 'unknown' && error instanceof ConnectionLostError)
        error = new CommitOutcomeUnknownError(error, undefined, true);
    }
    // The transaction has rolled back: a second, short one reads the rows as they were before the flush.
    if (error instanceof ShortStatement) error = error.errorFor(await staleRows(error, target, context.transaction));
    if (error instanceof CommitOutcomeUnknownError) markOutcomeUnknown(uow, plan);
    emit(listeners, {
      summary: summary(plan),
      statements: 0,
      rows: 0,
      steps: [],
      durationMs: performance.now() - started,
      outcome: 'rolled-back',
      error: error as Error,
    });
    throw error;
  }
  applyResults(uow, plan, result);
  emit(listeners, {
    summary: summary(plan),
    statements: result.statements,
    rows: result.rows,
    steps: result.steps,
    durationMs: performance.now() - started,
    outcome: 'committed',
  });
  return withAffected(plan, result.affected);
}
