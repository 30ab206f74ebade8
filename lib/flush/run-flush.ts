/**
 * `em.flush()`: plan, execute in one transaction (or a savepoint of the caller's), and only
 * after COMMIT write the results back into the EntityManager. Emits one FlushEvent.
 */
import type { TransactionScope } from '../dialects';
import type { FlushPlan } from '../unit-of-work';
import { type ExecutionResult, executePlan, type PlanRunner } from './execute-plan';
import type { EntityManager } from '../entity-manager/entity-manager';
import type { FlushEvent } from './flush-event';

function summary(plan: FlushPlan): Record<string, number> {
  const out: Record<string, number> = {};
  for (const step of plan.steps) out[step.kind] = (out[step.kind] ?? 0) + step.rows.length;
  return out;
}

function emit(em: EntityManager, event: FlushEvent): void {
  for (const listener of em.context.listeners) listener(event);
}

export async function runFlush(em: EntityManager): Promise<FlushPlan> {
  const started = performance.now();
  const keys = await em.context.keyStrategy();
  const plan = em.planWith(keys.hasReturning, keys.oneRowPerStatement, false);
  if (plan.isEmpty) {
    emit(em, {
      summary: {},
      statements: 0,
      rows: 0,
      steps: [],
      durationMs: performance.now() - started,
      outcome: 'nothing-to-do',
    });
    return plan;
  }
  const dialect = em.context.db.dialect;
  const run = (tx: TransactionScope): Promise<ExecutionResult> => {
    const runner: PlanRunner = {
      run: (query) => tx.raw.run(query),
      compile: (node) => dialect.compile(node),
      types: dialect.types,
      hasReturning: keys.hasReturning,
      autoIncrementStep: keys.autoIncrementStep,
    };
    return executePlan(plan, runner);
  };
  let result: ExecutionResult;
  try {
    result = em.tx ? await em.tx.transaction(run) : await em.context.db.transaction(run);
  } catch (error) {
    emit(em, {
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
  em.uow.apply(plan, result);
  emit(em, {
    summary: summary(plan),
    statements: result.statements,
    rows: result.rows,
    steps: result.steps,
    durationMs: performance.now() - started,
    outcome: 'committed',
  });
  return plan;
}
