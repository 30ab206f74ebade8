import type { EntityMetadata, RelationMetadata } from '../mapping/index.js';
import { identityKey, rootOf } from '../unit-of-work/index.js';
import { type FlushStep, isPendingId, type PlannedRow, type RowReason } from './flush-plan.js';
import { stepStatements } from './group-steps.js';
import type { InsertDraft } from './insert-draft.js';
import type { PlanTarget } from './plan-target.js';
import { RowGraph, type Slot } from './unique-graph.js';
import { breakSwaps } from './unique-swaps.js';
import { type SnapshotOf, uniqueEdges } from './unique-values.js';

type Bag = Record<string, unknown>;

export interface UniqueOrderInput {
  /** The plan's steps in the usual order. */
  readonly steps: readonly FlushStep[];
  /** The first step of the deletes (their break-cycle steps come first). */
  readonly deletesFrom: number;
  readonly drafts: readonly InsertDraft[];
  /** Each inserted entity's position in `drafts`. */
  readonly insertIndex: ReadonlyMap<object, number>;
  readonly snapshotOf: SnapshotOf;
}

/** Why an entity's row was written before another: added to its `entities` reasons. */
export interface OrderNote {
  readonly entity: object;
  readonly label: string;
  readonly reason: RowReason;
}

export interface UniqueOrder {
  readonly steps: FlushStep[];
  /** Made when asked (describe(), `entities`): a flush never reads them. */
  readonly notes: () => readonly OrderNote[];
}

/**
 * The steps of `input` reordered so every freed unique value is freed before it is taken, and
 * why; undefined when no row frees a value another takes (the plan stays as it is).
 * Throws UniqueOrderError for a swap no temporary NULL can break.
 */
export function orderUniques(input: UniqueOrderInput, target: PlanTarget): UniqueOrder | undefined {
  const offsets: number[] = [];
  let rows = 0;
  for (const step of input.steps) {
    offsets.push(rows);
    rows += step.rows.length;
  }
  // A swap of unique values takes two rows.
  if (rows < 2) return undefined;
  const found = uniqueEdges(input.steps, offsets, input.snapshotOf);
  if (found.length === 0) return undefined;
  const graph = new RowGraph();
  addDependencies(graph, input);
  for (const e of found) graph.edge(e.from, e.to, `unique ${e.unique.label}`, e.unique);
  const steps = input.steps.map((_, s) => s);
  for (;;) {
    // Rows of temporary NULLs go first.
    const ordered = takeInOrder(graph, [...graph.nullSlots.values(), ...steps], target);
    if (ordered) return { steps: ordered, notes: () => notesOf(graph) };
    breakSwaps(graph);
  }
}

/** An owning to-one relation a step writes: where its columns are among the step's, and a label for messages. */
interface WrittenReference {
  readonly relation: RelationMetadata;
  readonly at: readonly number[];
  readonly label: string;
}

function writtenReferences(step: FlushStep): WrittenReference[] {
  const position = new Map(step.columns.map((c, i) => [c.name, i]));
  const found: WrittenReference[] = [];
  for (const relation of step.entity?.relations ?? []) {
    const columns = relation.joinColumns;
    if (columns.length === 0 || !columns.some((c) => position.has(c.name))) continue;
    const at = columns.map((c) => position.get(c.name) ?? -1);
    found.push({ relation, at, label: `${step.table}.${columns.map((c) => c.name).join(',')}` });
  }
  return found;
}

/** Edges to `node` from the inserts whose generated keys `values` bind. */
function pendingEdges(
  graph: RowGraph,
  node: number,
  values: readonly unknown[],
  labels: readonly string[],
  draftNode: (insert: number) => number | undefined,
): void {
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    const from = isPendingId(v) ? draftNode(v.insert) : undefined;
    if (from !== undefined) graph.edge(from, node, labels[i] as string);
  }
}

/** Every row's dependencies in the usual plan, as edges (all of them point to a later step). */
function addDependencies(graph: RowGraph, input: UniqueOrderInput): void {
  const { steps, deletesFrom, drafts, insertIndex, snapshotOf } = input;
  const inserted = new Map<object, number>();
  const deleted = new Map<EntityMetadata, Map<unknown, number>>();
  steps.forEach((step, s) => {
    graph.slots.push({ template: step, nodes: [] });
    for (const row of step.rows) {
      const node = graph.node(s, row);
      if (step.kind === 'insert') inserted.set(row, node);
      if (step.kind === 'delete' && step.entity) {
        const root = rootOf(step.entity);
        let byKey = deleted.get(root);
        if (!byKey) deleted.set(root, (byKey = new Map()));
        byKey.set(identityKey(row.key), node);
      }
    }
  });
  const draftNode = (i: number) => inserted.get(drafts[i] as object);
  const insertedNode = (target: unknown) => {
    const i = typeof target === 'object' && target !== null ? insertIndex.get(target) : undefined;
    return i === undefined ? undefined : draftNode(i);
  };
  const beforeLinks = graph.barrier();
  const beforeInsertBreaks = graph.barrier();
  let beforeDeletes = graph.barrier();
  const firstDeletes = beforeDeletes;
  // Barrier edges only where something waits on the other side (fewer edges for large flushes).
  const hasLinks = steps.some((step) => step.kind === 'link');
  const hasInsertBreaks = steps.some((step, s) => step.kind === 'break-cycle' && s < deletesFrom);
  const hasUnlinks = steps.some((step) => step.kind === 'unlink');
  steps.forEach((step, s) => {
    const isDelete = s >= deletesFrom;
    const afterStep = isDelete && s < steps.length - 1 ? graph.barrier() : -1;
    const waitsForDeletes = s > deletesFrom || hasUnlinks;
    const keyLabels = step.key.map((c) => `${step.table}.${c.name}`);
    const valueLabels = step.columns.map((c) => `${step.table}.${c.name}`);
    const references = step.kind === 'insert' || step.kind === 'update' ? writtenReferences(step) : [];
    for (const node of (graph.slots[s] as Slot).nodes) {
      const row = graph.rowOf[node] as PlannedRow;
      pendingEdges(graph, node, row.key, keyLabels, draftNode);
      pendingEdges(graph, node, row.values, valueLabels, draftNode);
      if (isDelete) {
        if (waitsForDeletes) graph.edge(beforeDeletes, node, 'deletes in order');
        if (afterStep !== -1) graph.edge(node, afterStep, 'deletes in order');
        continue;
      }
      for (const { relation, at, label } of references) {
        // A key the client made is no pending id; a reference deferred to a break-cycle step is NULL here.
        const isDeferred = at.every((p) => row.values[p] == null);
        const parent = insertedNode((row.entity as Bag)[relation.name]);
        if (parent !== undefined && !isDeferred) graph.edge(parent, node, label);
        if (step.kind === 'insert') continue;
        // Moving a reference away from a row this flush deletes comes before that DELETE.
        const snapshot = snapshotOf(row.entity);
        const old = snapshot && identityKey(relation.joinColumns.map((c) => snapshot[c.name]));
        const target = deleted.get(rootOf(relation.target))?.get(old);
        if (target !== undefined) graph.edge(node, target, label);
      }
      switch (step.kind) {
        case 'insert':
          if (hasLinks) graph.edge(node, beforeLinks, 'pivot rows after the inserts');
          if (hasInsertBreaks) graph.edge(node, beforeInsertBreaks, 'cycle breaks after the inserts');
          break;
        case 'break-cycle':
          graph.edge(beforeInsertBreaks, node, 'cycle breaks after the inserts');
          break;
        case 'unlink':
          graph.edge(node, beforeLinks, 'unlinks before links');
          graph.edge(node, firstDeletes, 'unlinks before deletes');
          break;
        case 'link':
          graph.edge(beforeLinks, node, 'pivot rows after the inserts');
          break;
      }
    }
    if (afterStep !== -1) beforeDeletes = afterStep;
  });
}

/**
 * The rows in an order that keeps every edge: each round takes the earliest step whose remaining
 * rows may all go, else the rows that may go of the earliest step that has some. Undefined when
 * rows are left that wait on each other (a cycle).
 */
function takeInOrder(graph: RowGraph, order: readonly number[], target: PlanTarget): FlushStep[] | undefined {
  const n = graph.size;
  const out: number[][] = Array.from({ length: n }, () => []);
  const indegree = new Int32Array(n);
  for (const e of graph.edges) {
    (out[e.from] as number[]).push(e.to);
    indegree[e.to] = (indegree[e.to] as number) + 1;
  }
  const { slots, slotOf } = graph;
  /** Per slot, its rows not taken yet that wait for nothing more. */
  const ready: number[][] = slots.map(() => []);
  const remaining = Int32Array.from(slots, (s) => s.nodes.length);
  /** `node` waits for nothing more: a row is ready; true for a barrier, which is passed at once. */
  const settle = (node: number) => {
    const slot = slotOf[node] as number;
    if (slot !== -1) (ready[slot] as number[]).push(node);
    return slot === -1;
  };
  const release = (start: number) => {
    const stack = [start];
    while (stack.length > 0) {
      for (const to of out[stack.pop() as number] as number[]) {
        indegree[to] = (indegree[to] as number) - 1;
        if (indegree[to] === 0 && settle(to)) stack.push(to);
      }
    }
  };
  const barriers: number[] = [];
  for (let v = 0; v < n; v++) if (indegree[v] === 0 && settle(v)) barriers.push(v);
  for (const v of barriers) release(v);
  const steps: FlushStep[] = [];
  let left = remaining.reduce((a, b) => a + b, 0);
  while (left > 0) {
    const pick =
      order.find((s) => (remaining[s] as number) > 0 && ready[s]?.length === remaining[s]) ??
      order.find((s) => (ready[s]?.length as number) > 0);
    if (pick === undefined) return undefined;
    // Nodes of a slot are numbered in row order.
    const nodes = (ready[pick] as number[]).sort((a, b) => a - b);
    ready[pick] = [];
    remaining[pick] = (remaining[pick] as number) - nodes.length;
    left -= nodes.length;
    for (const v of nodes) release(v);
    steps.push(stepOf(slots[pick] as Slot, nodes, graph, target));
  }
  return steps;
}

/** The step of `nodes`: the original step itself when they are all its rows. */
function stepOf(slot: Slot, nodes: readonly number[], graph: RowGraph, target: PlanTarget): FlushStep {
  if (nodes.length === slot.template.rows.length && slot.template.rows.length > 0) return slot.template;
  const { statements: _, ...base } = slot.template;
  const rows = nodes.map((v) => graph.rowOf[v] as PlannedRow);
  return { ...base, rows, statements: stepStatements({ ...base, rows }, rows, target) };
}

/** A reason for each row written first because it frees a value (rows of temporary NULLs carry their own). */
function notesOf(graph: RowGraph): OrderNote[] {
  const notes: OrderNote[] = [];
  const seen = new Set<string>();
  for (const e of graph.edges) {
    if (!e.unique) continue;
    const kind = graph.stepOf(e.from).kind;
    if (kind !== 'delete' && kind !== 'update') continue;
    const row = graph.rowOf[e.from] as PlannedRow;
    const takenBy = `the ${graph.describe(e.to)}`;
    const key = `${e.from}|${e.unique.label}|${takenBy}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const how = kind === 'delete' ? 'deleted' : 'updated';
    notes.push({
      entity: row.entity,
      label: row.label,
      reason: { kind: 'frees-unique', how, unique: e.unique.label, columns: [], takenBy },
    });
  }
  return notes;
}
