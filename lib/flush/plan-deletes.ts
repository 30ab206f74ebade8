/**
 * Delete rows of a flush: children before the parents they reference, by class when the classes
 * form no cycle, row by row inside a cycle (a self-reference, mutual references), where a nullable
 * reference is first set to NULL by a break-cycle step the plan shows.
 */
import type { EntityMetadata, RelationMetadata } from '../mapping/index.js';
import { localIndexes, orderByClass, toGlobalOrder } from './class-order.js';
import type { DeleteCandidate } from '../unit-of-work/index.js';
import { type OrderEdge, orderRows } from './commit-order.js';
import { rootOf } from '../unit-of-work/index.js';
import { describeEntity, identityKey } from '../unit-of-work/index.js';
import type { FlushStep, PlannedRow } from './flush-plan.js';
import { group, NONE, type StepShape } from './group-steps.js';
import { KeyedRow } from './keyed-row.js';
import type { PlanTarget } from './plan-target.js';
import { referenceEdges } from './plan-inserts.js';

interface DeleteEdge extends OrderEdge {
  readonly relation: RelationMetadata;
}

const keyOf = (d: DeleteCandidate) => d.entry.meta.primaryKey.map((c) => d.entry.snapshot?.[c.name]);
const label = (d: DeleteCandidate) => describeEntity(d.entry.meta, keyOf(d));

/** Child → parent edges between the deleted rows `rows` (global indexes), in positions of `rows`. */
function deleteEdges(deletes: readonly DeleteCandidate[], rows: readonly number[]): DeleteEdge[] {
  const local = localIndexes(deletes.length, rows);
  const index = new Map<EntityMetadata, Map<unknown, number>>();
  for (const r of rows) {
    const d = deletes[r] as DeleteCandidate;
    let byKey = index.get(d.entry.root);
    if (!byKey) index.set(d.entry.root, (byKey = new Map()));
    byKey.set(d.entry.key, local[r] as number);
  }
  const edges: DeleteEdge[] = [];
  for (const r of rows) {
    const d = deletes[r] as DeleteCandidate;
    const snapshot = d.entry.snapshot;
    if (snapshot === undefined) continue;
    for (const relation of d.entry.meta.relations) {
      if (relation.joinColumns.length === 0) continue;
      const key = identityKey(relation.joinColumns.map((c) => snapshot[c.name]));
      const parent = index.get(rootOf(relation.target))?.get(key);
      if (parent === undefined) continue;
      const fk = relation.joinColumns.map((c) => c.name).join(',');
      const edge = { from: local[r] as number, to: parent, deferrable: relation.nullable, relation };
      edges.push({ ...edge, label: `${d.entry.meta.table}.${fk}` });
    }
  }
  return edges;
}

/** The break-cycle and delete steps of `deletes`. Throws CommitOrderError for a NOT NULL cycle. */
export function deleteSteps(deletes: readonly DeleteCandidate[], target: PlanTarget): FlushStep[] {
  const order = orderByClass(
    deletes.length,
    (r) => (deletes[r] as DeleteCandidate).entry.meta,
    (classes) => referenceEdges(classes, false),
    (rows) =>
      toGlobalOrder(
        rows,
        orderRows(rows.length, deleteEdges(deletes, rows), (r) => label(deletes[rows[r] as number] as DeleteCandidate)),
      ),
  );
  const nulls = order.deferred.map((edge): { shape: StepShape; row: PlannedRow } => {
    const d = deletes[edge.from] as DeleteCandidate;
    const columns = edge.relation.joinColumns;
    return {
      shape: {
        kind: 'break-cycle',
        meta: d.entry.meta,
        columns,
        key: d.entry.meta.primaryKey,
        match: NONE,
        returning: NONE,
      },
      row: {
        entity: d.entry.entity,
        label: label(d),
        reason: { kind: 'cycle-break', columns: columns.map((c) => c.name) },
        key: keyOf(d),
        values: columns.map(() => null),
        match: [],
      },
    };
  });
  const steps = group(
    nulls,
    (n) => n.shape,
    (n) => n.row,
    target,
  );
  const shapes = new Map<EntityMetadata, StepShape>();
  const shapeOf = (i: number): StepShape => {
    const meta = (deletes[i] as DeleteCandidate).entry.meta;
    let shape = shapes.get(meta);
    if (!shape) {
      const match = meta.version ? [meta.version] : NONE;
      shape = { kind: 'delete', meta, columns: NONE, key: meta.primaryKey, match, returning: NONE };
      shapes.set(meta, shape);
    }
    return shape;
  };
  const rowOf = (i: number): PlannedRow => {
    const d = deletes[i] as DeleteCandidate;
    const version = d.entry.meta.version;
    const match = version ? [d.entry.snapshot?.[version.name]] : NONE;
    return new KeyedRow(d.entry.entity, d.entry.meta, d.reason, keyOf(d), NONE, match);
  };
  for (const layer of order.layers) steps.push(...group(layer, shapeOf, rowOf, target));
  return steps;
}
