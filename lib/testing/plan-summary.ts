/**
 * Plans as plain data for `deep.equal`: one entry per step (what, where, how many rows), and the
 * SQL of every statement in order.
 */
import type { FlushPlan, StepKind } from '../flush/index.js';

/** One step of a flush plan: `{ kind: 'insert', table: 'authors', rows: 2 }`. */
export interface PlanStepSummary {
  readonly kind: StepKind;
  readonly table: string;
  readonly rows: number;
}

/**
 * The steps of a plan, in order, as plain objects.
 * @example expect(planSummary(em.plan())).to.deep.equal([{ kind: 'insert', table: 'authors', rows: 2 }]);
 */
export function planSummary(plan: FlushPlan): PlanStepSummary[] {
  return plan.steps.map((step) => ({ kind: step.kind, table: step.table, rows: step.rows.length }));
}

/**
 * The SQL of every statement of a plan, in order (compiled for the plan's dialect: `em.plan()`
 * compiles each one; the plan a flush returns leaves them to execution and has none).
 * @example expect(planSql(em.plan())).to.deep.equal(['INSERT INTO "authors" ("name") VALUES (?) RETURNING "id"']);
 */
export function planSql(plan: FlushPlan): string[] {
  return plan.steps.flatMap((step) => step.statements.filter((s) => s.isCompiled).map((s) => s.sql));
}
