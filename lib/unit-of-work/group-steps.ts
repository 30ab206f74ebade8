/**
 * Rows into steps: rows of the same shape (operation, class, written columns, returned keys)
 * become one step, in order of first appearance, chunked into statements under the bind ceiling.
 */
import type { ColumnMetadata, EntityMetadata } from '../mapping';
import type { ColumnSpec } from '../sql';
import { chunkStatements } from './chunk-statements';
import type { FlushStep, PlannedRow, StepKind } from './flush-plan';
import type { PlanTarget } from './plan-flush';

export const NONE: readonly ColumnMetadata[] = Object.freeze([]);

const spec = (c: ColumnMetadata): ColumnSpec => ({ name: c.name, type: c.type });

export interface StepShape {
  readonly kind: StepKind;
  readonly meta: EntityMetadata;
  readonly columns: readonly ColumnMetadata[];
  readonly key: readonly ColumnMetadata[];
  readonly match: readonly ColumnMetadata[];
  readonly returning: readonly ColumnMetadata[];
}

/** Rows grouped by shape in order of first appearance, so the same state gives the same steps. */
export function group(rows: readonly { shape: StepShape; row: PlannedRow }[], target: PlanTarget): FlushStep[] {
  const byShape = new Map<string, { shape: StepShape; rows: PlannedRow[] }>();
  let lastShape: StepShape | undefined;
  let lastId = '';
  for (const { shape, row } of rows) {
    // Rows of one class usually share their shape's arrays; the key string is built once per change.
    if (
      lastShape === undefined ||
      shape.kind !== lastShape.kind ||
      shape.meta !== lastShape.meta ||
      shape.columns !== lastShape.columns ||
      shape.returning !== lastShape.returning
    ) {
      lastShape = shape;
      lastId = [
        shape.kind,
        shape.meta.table,
        ...shape.columns.map((c) => c.name),
        '|',
        ...shape.returning.map((c) => c.name),
      ].join(',');
    }
    const id = lastId;
    let g = byShape.get(id);
    if (!g) byShape.set(id, (g = { shape, rows: [] }));
    g.rows.push(row);
  }
  return [...byShape.values()].map(({ shape, rows: list }) => buildStep(shape, list, target));
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
    rows,
    isVersioned: shape.match.length > 0,
  };
  const oneByOne = shape.kind === 'insert' && shape.returning.length > 0 && target.insertOneRowPerStatement === true;
  const statements = oneByOne ? chunkStatements(base, rows, target, 1) : chunkStatements(base, rows, target);
  return { ...base, statements };
}
