/**
 * Rows into steps: rows of the same shape (operation, class, written columns, returned keys)
 * become one step, in order of first appearance, chunked into statements under the bind ceiling.
 */
import type { ColumnMetadata, EntityMetadata } from '../mapping/index.js';
import type { ColumnSpec } from '../sql/index.js';
import { chunkStatements } from './chunk-statements.js';
import type { FlushStep, PlannedRow, PlannedStatement, StepKind } from './flush-plan.js';
import type { PlanTarget } from './plan-target.js';

export const NONE: readonly ColumnMetadata[] = Object.freeze([]);

const spec = (c: ColumnMetadata): ColumnSpec => ({ name: c.name, type: c.type });

export interface StepShape {
  readonly kind: StepKind;
  readonly meta: EntityMetadata;
  readonly columns: readonly ColumnMetadata[];
  readonly key: readonly ColumnMetadata[];
  readonly match: readonly ColumnMetadata[];
  readonly returning: readonly ColumnMetadata[];
  /** Insert: columns the database filled from their DEFAULT, read back after the statement. */
  readonly readBack?: readonly ColumnMetadata[];
}

/**
 * Rows into steps, one row at a time: rows of the same shape become one step, in order of first
 * appearance, so the same state gives the same steps. Rows of one class share their shape's
 * arrays, so a shape's key string is built only when the shape changes from one row to the next.
 * The planners call `add` from their own loops: no callback per row, and one monomorphic call site.
 */
export class StepGrouper {
  private readonly byShape = new Map<string, { shape: StepShape; rows: PlannedRow[] }>();
  private lastShape: StepShape | undefined = undefined;
  private current: PlannedRow[] = [];

  add(shape: StepShape, row: PlannedRow): void {
    if (shape !== this.lastShape) this.switchTo(shape);
    this.current.push(row);
  }

  private switchTo(shape: StepShape): void {
    const last = this.lastShape;
    this.lastShape = shape;
    if (
      last !== undefined &&
      shape.kind === last.kind &&
      shape.meta === last.meta &&
      shape.columns === last.columns &&
      shape.returning === last.returning
    )
      return;
    const id = [
      shape.kind,
      shape.meta.table,
      ...shape.columns.map((c) => c.name),
      '|',
      ...shape.returning.map((c) => c.name),
    ].join(',');
    let g = this.byShape.get(id);
    if (!g) this.byShape.set(id, (g = { shape, rows: [] }));
    this.current = g.rows;
  }

  /** The steps of the rows added, chunked and (for `em.plan()`) compiled. */
  steps(target: PlanTarget): FlushStep[] {
    const steps: FlushStep[] = [];
    for (const { shape, rows } of this.byShape.values()) steps.push(buildStep(shape, rows, target));
    return steps;
  }
}

/** Items grouped into steps by shape, as `StepGrouper` does, for lists that are not rows yet. */
export function group<I>(
  items: readonly I[],
  shapeOf: (item: I) => StepShape,
  rowOf: (item: I) => PlannedRow,
  target: PlanTarget,
): FlushStep[] {
  const grouper = new StepGrouper();
  for (const item of items) grouper.add(shapeOf(item), rowOf(item));
  return grouper.steps(target);
}

function buildStep(shape: StepShape, rows: readonly PlannedRow[], target: PlanTarget): FlushStep {
  const base = {
    kind: shape.kind,
    table: shape.meta.table,
    entity: shape.meta,
    columns: shape.columns.map(spec),
    key: shape.key.map(spec),
    match: shape.match.map(spec),
    returning: shape.returning.map(spec),
    ...(shape.readBack ? { readBack: shape.readBack.map(spec) } : {}),
    rows,
    isVersioned: shape.match.length > 0,
  };
  return { ...base, statements: stepStatements(base, rows, target) };
}

/** The statements of a step's rows (also of a step split by unique-order.ts). */
export function stepStatements(
  base: Omit<FlushStep, 'statements'>,
  rows: readonly PlannedRow[],
  target: PlanTarget,
): PlannedStatement[] {
  // A row of nothing but defaults is `INSERT … DEFAULT VALUES`: one row per statement.
  const oneByOne =
    base.kind === 'insert' &&
    (base.columns.length === 0 || (base.returning.length > 0 && target.insertOneRowPerStatement === true));
  return oneByOne ? chunkStatements(base, rows, target, 1) : chunkStatements(base, rows, target);
}
