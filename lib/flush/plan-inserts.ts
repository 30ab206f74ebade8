/**
 * Insert steps of a flush: the rows ordered (by class, row by row inside cycles of classes), a
 * reference deferred to break a cycle written NULL and then set by a break-cycle step, and rows
 * of one layer grouped into multi-row INSERTs.
 */
import type { EntityMetadata, RelationMetadata } from '../mapping/index.js';
import { type ClassEdge, localIndexes, orderByClass, toGlobalOrder } from './class-order.js';
import { type OrderEdge, orderRows } from './commit-order.js';
import type { FlushStep, PlannedRow } from './flush-plan.js';
import { group, NONE, type StepShape } from './group-steps.js';
import type { InsertDraft } from './insert-draft.js';
import type { PlanTarget } from './plan-target.js';

type Bag = Record<string, unknown>;

/** An order edge between insert rows, with the relation whose foreign key it is. */
export interface InsertEdge extends OrderEdge {
  readonly relation: RelationMetadata;
}

/**
 * Parent → child edges between the insert rows `rows` (global indexes), one per to-one relation
 * whose target is among them; `from` and `to` are positions in `rows`.
 */
export function insertEdges(
  drafts: readonly InsertDraft[],
  index: ReadonlyMap<object, number>,
  rows: readonly number[],
): InsertEdge[] {
  const local = localIndexes(drafts.length, rows);
  const edges: InsertEdge[] = [];
  rows.forEach((row, child) => {
    const draft = drafts[row] as InsertDraft;
    for (const relation of draft.meta.relations) {
      if (relation.joinColumns.length === 0) continue;
      const target = (draft.entity as Bag)[relation.name];
      const at = target == null ? undefined : index.get(target as object);
      const parent = at === undefined ? -1 : (local[at] as number);
      if (parent < 0) continue;
      const label = `${draft.meta.table}.${relation.joinColumns.map((c) => c.name).join(',')}`;
      edges.push({ from: parent, to: child, deferrable: relation.nullable, label, relation });
    }
  });
  return edges;
}

/**
 * Class-level edges for `orderByClass`: a class that references another class (or its
 * hierarchy) by a foreign key comes after it on insert, before it on delete.
 */
export function referenceEdges(
  classes: ReadonlySet<EntityMetadata>,
  parentFirst: boolean,
): ClassEdge<EntityMetadata>[] {
  const edges: ClassEdge<EntityMetadata>[] = [];
  for (const child of classes) {
    for (const relation of child.relations) {
      if (relation.joinColumns.length === 0) continue;
      const root = relation.target.inheritance?.root ?? relation.target;
      for (const parent of classes) {
        if ((parent.inheritance?.root ?? parent) !== root) continue;
        edges.push(parentFirst ? { before: parent, after: child } : { before: child, after: parent });
      }
    }
  }
  return edges;
}

/** The insert and break-cycle steps of `drafts` (`index` gives a draft's position by entity). */
export function insertSteps(
  drafts: readonly InsertDraft[],
  index: ReadonlyMap<object, number>,
  target: PlanTarget,
): FlushStep[] {
  const order = orderByClass(
    drafts.length,
    (r) => (drafts[r] as InsertDraft).meta,
    (classes) => referenceEdges(classes, true),
    (rows) =>
      toGlobalOrder(
        rows,
        orderRows(
          rows.length,
          insertEdges(drafts, index, rows),
          (r) => (drafts[rows[r] as number] as InsertDraft).label,
        ),
      ),
  );
  const breaks: { shape: StepShape; row: PlannedRow }[] = [];
  for (const edge of order.deferred) {
    const child = drafts[edge.to] as InsertDraft;
    const parent = drafts[edge.from] as InsertDraft;
    const relation = edge.relation;
    const values = relation.joinColumns.map((c) => {
      const at = child.columns.indexOf(c);
      const value = child.values[at];
      child.values[at] = null;
      return value;
    });
    breaks.push({
      shape: {
        kind: 'break-cycle',
        meta: child.meta,
        columns: relation.joinColumns,
        key: child.meta.primaryKey,
        match: NONE,
        returning: NONE,
      },
      row: {
        entity: child.entity,
        label: `${child.label} -> ${parent.label}`,
        reason: { kind: 'cycle-break', columns: relation.joinColumns.map((c) => c.name) },
        key: child.key,
        values,
        match: [],
      },
    });
  }
  const steps: FlushStep[] = [];
  const shapeOf = (d: InsertDraft) => d.layout.shape;
  const rowOf = (d: InsertDraft) => d;
  for (const layer of order.layers)
    steps.push(
      ...group(
        layer.map((i) => drafts[i] as InsertDraft),
        shapeOf,
        rowOf,
        target,
      ),
    );
  return [
    ...steps,
    ...group(
      breaks,
      (b) => b.shape,
      (b) => b.row,
      target,
    ),
  ];
}
