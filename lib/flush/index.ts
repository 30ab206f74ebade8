export { applyResults } from './apply-results';
export { type CommitOrder, type OrderEdge, orderRows } from './commit-order';
export { type ExecutionResult, executePlan, GeneratedKeys, type StepTiming } from './execute-plan';
export type { FlushEvent, FlushListener } from './flush-event';
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
} from './flush-plan';
export { nextVersion } from './insert-draft';
export { planFlush } from './plan-flush';
export {
  type CompileStatement,
  type FlushDialect,
  type FlushTarget,
  type FlushTargetOptions,
  flushTarget,
  type PlanRunner,
  type PlanTarget,
} from './plan-target';
export { type FlushContext, type RunStatement, runFlush } from './run-flush';
