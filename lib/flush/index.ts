export { applyResults } from './apply-results.js';
export { type CommitOrder, type OrderEdge, orderRows } from './commit-order.js';
export { type ExecutionResult, executePlan, GeneratedKeys, type StepTiming } from './execute-plan.js';
export type { FlushEvent, FlushListener } from './flush-event.js';
export type {
  EntityReason,
  FieldChange,
  FlushPlan,
  FlushStep,
  PendingId,
  PlannedInsert,
  PlannedRow,
  PlannedStatement,
  RowReason,
  StepKind,
} from './flush-plan.js';
export type { AffectedRows, FlushResult } from './flush-result.js';
export { nextVersion } from './insert-draft.js';
export { planFlush } from './plan-flush.js';
export {
  type CompileStatement,
  type FlushDialect,
  type FlushTarget,
  type FlushTargetOptions,
  flushTarget,
  type PlanRunner,
  type PlanTarget,
} from './plan-target.js';
export { type FlushContext, type RunStatement, runFlush } from './run-flush.js';
