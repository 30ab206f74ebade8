export { type CommitOrder, type OrderEdge, orderRows } from '../flush/commit-order';
export type { EntityState } from './entity-entry';
export type { ExecutionResult, StepTiming } from '../flush/execute-plan';
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
} from '../flush/flush-plan';
