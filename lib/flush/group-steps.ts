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
const NO_STATEMENTS: PlannedStatement[] = [];

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
 * Items grouped into steps by shape, in order of first appearance, so the same state gives the
 * same steps. Rows of one class share their shape's arrays, so the shape's key string is built
 * only when the shape changes from one item to the next.
 */
export function group<I>(
  items: readonly I[],
  shapeOf: (item: I) => StepShape,
  rowOf: (item: I) => PlannedRow,
  target: PlanTarget,
): FlushStep[] {
  const byShape = new Map<string, { shape: StepShape; rows: PlannedRow[] }>();
  let lastShape: StepShape | undefined;
  let current: PlannedRow[] = [];
  for (const item of items) {
    const shape = shapeOf(item);
    if (
      lastShape === undefined ||
      shape.kind !== lastShape.kind ||
      shape.meta !== lastShape.meta ||
      shape.columns !== lastShape.columns ||
      shape.returning !== lastShape.returning
    ) {
      lastShape = shape;
      const id = [
        shape.kind,
        shape.meta.table,
        ...shape.columns.map((c) => c.name),
        '|',
        ...shape.returning.map((c) => c.name),
      ].join(',');
      let g = byShape.get(id);
      if (!g) byShape.set(id, (g = { shape, rows: [] }));
      current = g.rows;
    }
    current.push(rowOf(item));
  }
  return [...byShape.values()].map(({ shape, rows }) => buildStep(shape, rows, target));
}

function buildStep(shape: StepShape, rows: readonly PlannedRow[], target: PlanTarget): FlushStep {
  // Built once, its statements filled in after: object spreads here cost a request's one-row flush
  // about two microseconds.
  const step: { -readonly [K in keyof FlushStep]: FlushStep[K] } = {
    kind: shape.kind,
    table: shape.meta.table,
    entity: shape.meta,
    columns: shape.columns.map(spec),
    key: shape.key.map(spec),
    match: shape.match.map(spec),
    returning: shape.returning.map(spec),
    rows,
    isVersioned: shape.match.length > 0,
    statements: NO_STATEMENTS,
  };
  if (shape.readBack) step.readBack = shape.readBack.map(spec);
  step.statements = stepStatements(step, rows, target);
  return step;
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
