/**
 * What `em.flush()` returns: the plan it ran, with the rows each SQL operation wrote per table.
 * The counts are the affected-row counts the statements returned (an UPDATE or DELETE that
 * reported fewer rows than planned failed the flush, so in a result they equal the rows planned).
 */
import type { FlushPlan } from './flush-plan.js';

/** Rows written by a flush, per SQL operation and table. */
export interface AffectedRows {
  /** Rows inserted, by table (pivot rows of many-to-many links under their pivot table). */
  readonly inserted: Readonly<Record<string, number>>;
  /**
   * Rows updated, by table: changed entities, soft deletes, and the second write of a row whose
   * foreign-key cycle was broken (inserted with NULL, then updated).
   */
  readonly updated: Readonly<Record<string, number>>;
  /** Rows deleted, by table (pivot rows of unlinked many-to-many members under their pivot table). */
  readonly deleted: Readonly<Record<string, number>>;
  /** The sum of every count above. */
  readonly total: number;
}

/** The plan a flush ran, and what it wrote. `flush()` resolves with it; nothing to do gives zero counts. */
export interface FlushResult extends FlushPlan {
  readonly affected: AffectedRows;
}

/** The counts of a flush that wrote nothing. */
export const NOTHING_AFFECTED: AffectedRows = Object.freeze({
  inserted: Object.freeze({}),
  updated: Object.freeze({}),
  deleted: Object.freeze({}),
  total: 0,
});

/** Accumulates the counts one statement at a time (never per row). */
export class AffectedCounter {
  private readonly inserted: Record<string, number> = {};
  private readonly updated: Record<string, number> = {};
  private readonly deleted: Record<string, number> = {};
  private total = 0;

  add(kind: FlushPlan['steps'][number]['kind'], table: string, rows: number): void {
    const bucket =
      kind === 'insert' || kind === 'link'
        ? this.inserted
        : kind === 'delete' || kind === 'unlink'
          ? this.deleted
          : this.updated;
    bucket[table] = (bucket[table] ?? 0) + rows;
    this.total += rows;
  }

  result(): AffectedRows {
    return { inserted: this.inserted, updated: this.updated, deleted: this.deleted, total: this.total };
  }
}

/** The plan, returned by `flush()` with its counts attached (the same object: `flush()` returns the plan it ran). */
export function withAffected(plan: FlushPlan, affected: AffectedRows): FlushResult {
  (plan as { affected?: AffectedRows }).affected = affected;
  return plan as FlushResult;
}
